import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@contrivance/contracts';
import Busboy from 'busboy';
import type { Request } from 'express';
import { DomainError } from '../../../common/errors/domain-error';

/** A CSV upload received in full into a private temporary file. `remove()` deletes it (call it whatever happens). */
export interface ReceivedUpload {
  path: string;
  name: string;
  bytes: number;
  /** The text fields sent beside the file (only the ones in UploadLimits.fields are accepted). */
  fields: Record<string, string>;
  remove(): Promise<void>;
}

export interface UploadLimits {
  maxBytes: number;
  /** The upload fails when the client sends nothing for this long. */
  idleMs: number;
  /** Called as bytes of the file arrive (progress). */
  onBytes?: (total: number) => void;
  /** Text fields that may come with the file, by name, with their largest size in bytes. */
  fields?: Record<string, number>;
}

/** 209715200 → "200 MB", 65536 → "64 KB". */
export const readableSize = (bytes: number) => (bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576)} MB` : `${Math.round(bytes / 1024)} KB`);

const UPLOAD_DIR = join(tmpdir(), 'contrivance-uploads');

const malformed = (message: string, field = 'file') => new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);

/**
 * Receives a multipart/form-data upload with exactly one part, a file in the field `file`, into a temporary file,
 * before anything touches the database: an import never holds a connection or a sheet's lock while a client sends.
 * Every way an upload can go wrong is a DomainError (never an unhandled stream error): not multipart (415), no or a
 * wrong boundary, a body cut short or a client gone mid-body, a stalled client, no file, two files, a field instead of
 * the file (400), a file over `maxBytes` (413). The temporary file is gone whenever this rejects.
 */
export async function receiveUpload(req: Request, limits: UploadLimits): Promise<ReceivedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new DomainError(ErrorCode.UnsupportedMediaType, 'Send the CSV as multipart/form-data with a "file" field');
  }
  let parser: Busboy.Busboy;
  try {
    const allowed = Object.keys(limits.fields ?? {}).length;
    const fieldSize = Math.max(1, ...Object.values(limits.fields ?? {}));
    // One more field than allowed, so an unexpected one arrives as a 'field' event and is refused by name.
    parser = Busboy({ headers: req.headers, limits: { files: 1, fileSize: limits.maxBytes, fields: allowed + 1, fieldSize, parts: allowed + 2, headerPairs: 20 } });
  } catch {
    throw malformed('Malformed multipart body: the Content-Type needs a boundary');
  }
  await mkdir(UPLOAD_DIR, { recursive: true, mode: 0o700 });
  const path = join(UPLOAD_DIR, `${randomUUID()}.csv`);
  const remove = () => rm(path, { force: true });

  let settled = false;
  let file: Readable | undefined;
  let sink: Transform | undefined;
  let saving: Promise<void> | undefined;
  let name = 'upload.csv';
  let bytes = 0;
  const fields: Record<string, string> = {};
  let idle: NodeJS.Timeout | undefined;
  let stillAlive = () => undefined as void;

  const outcome = new Promise<void>((resolve, reject) => {
    const fail = (error: DomainError) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      req.unpipe(parser);
      // The part being saved is abandoned: its pipeline fails (busboy's file streams emit no 'close' when destroyed,
      // so the pipeline is ended from its middle) and the rest of the part is read and dropped ...
      sink?.destroy(new Error('upload abandoned'));
      file?.resume();
      // ... and whatever the client still sends is read and dropped, so the answer reaches it when it is done.
      req.resume();
      reject(error);
    };
    stillAlive = () => {
      clearTimeout(idle);
      if (settled) return;
      idle = setTimeout(() => {
        fail(malformed(`The upload stalled: nothing arrived for ${Math.round(limits.idleMs / 1000)} s`));
        req.destroy();
      }, limits.idleMs);
    };
    req.on('error', () => fail(malformed('The upload was interrupted')));
    // A client that disconnects mid-body: the request closes without completing.
    req.on('close', () => {
      if (!req.complete) fail(malformed('The upload was interrupted before the end of the file'));
    });

    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || file) {
        stream.resume();
        return fail(malformed(file ? 'Send one file per import' : `Unexpected file field "${field.slice(0, 50)}": send the CSV as "file"`));
      }
      file = stream;
      name = info.filename || name;
      stream.on('limit', () => fail(new DomainError(ErrorCode.PayloadTooLarge, `The file is larger than the ${readableSize(limits.maxBytes)} limit`)));
      sink = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          limits.onBytes?.(bytes);
          done(null, chunk);
        },
      });
      saving = pipeline(stream, sink, createWriteStream(path, { mode: 0o600 }));
      saving.catch(() => fail(malformed('The upload was interrupted before the end of the file')));
    });
    parser.on('field', (field, value, info) => {
      const max = limits.fields?.[field];
      if (max === undefined || field in fields) {
        return fail(malformed(field === 'file' ? 'The "file" field must be a file, not text' : `Unexpected field "${field.slice(0, 50)}": send only the file`));
      }
      if (info.valueTruncated || Buffer.byteLength(value) > max) return fail(malformed(`The "${field}" field is too large`, field));
      fields[field] = value;
    });
    parser.on('partsLimit', () => fail(malformed('Send one file per import')));
    parser.on('filesLimit', () => fail(malformed('Send one file per import')));
    parser.on('fieldsLimit', () => fail(malformed('Send only the file, no other fields')));
    parser.on('error', () => fail(malformed('Malformed multipart body: it ends before its closing boundary, or its boundary is wrong')));
    parser.on('close', () => {
      if (settled) return;
      if (!saving) return fail(malformed('No "file" field in the upload'));
      saving.then(
        () => {
          if (settled) return;
          settled = true;
          clearTimeout(idle);
          resolve();
        },
        () => undefined,
      );
    });
    req.pipe(parser);
    stillAlive();
    req.on('data', stillAlive);
  });

  try {
    await outcome;
  } catch (error) {
    await saving?.catch(() => undefined);
    await remove();
    throw error;
  } finally {
    req.off('data', stillAlive);
  }
  return { path, name, bytes, fields, remove };
}
