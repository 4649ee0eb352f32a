import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createParamDecorator, Injectable, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ImportMappingDto } from '@contrivance/contracts';
import type { Request } from 'express';
import { DomainError } from '../../../common/errors/domain-error';
import { inputProblem, jsonNestsDeeperThan } from '../../../common/validation/input-safety';
import { createValidationPipe } from '../../../common/validation/validation.pipe';
import type { AppConfig } from '../../../config/app-config';
import { receiveUpload } from './csv-upload';
import type { CsvSource, ReceivedCsv } from './csv-source';
import { invalidFile, invalidMapping } from './import-errors';

/** The largest `mapping` field (a few hundred bytes per column). */
const MAX_MAPPING_BYTES = 256 * 1024;
/** How much of a file is looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/** Refuses files that are not text (an image, a spreadsheet workbook, UTF-16): they contain NUL bytes early on. */
async function ensureText(path: string): Promise<void> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    if (buffer.subarray(0, bytesRead).includes(0)) {
      throw invalidFile('The file is not CSV text (it holds binary data). Save it as “CSV UTF-8” and try again');
    }
  } finally {
    await file.close();
  }
}

/**
 * Turns an import request into a CsvSource: the multipart body (a `file`, optionally after a `mapping` field) is
 * read only when the import service asks, into a temporary file, within the upload limits (size, idle time); the
 * mapping is then checked like any request body and the file must be text.
 */
@Injectable()
export class CsvUploadPipe implements PipeTransform<Request, CsvSource> {
  private readonly limits: AppConfig['imports'];
  private readonly validation = createValidationPipe();

  constructor(config: ConfigService<AppConfig, true>) {
    this.limits = config.get('imports', { infer: true });
  }

  transform(req: Request): CsvSource {
    return { receive: (onBytes) => this.receive(req, onBytes) };
  }

  private async receive(req: Request, onBytes: (total: number) => void): Promise<ReceivedCsv> {
    const upload = await receiveUpload(req, {
      maxBytes: this.limits.maxBytes,
      idleMs: this.limits.idleTimeoutMs,
      onBytes,
      fields: { mapping: MAX_MAPPING_BYTES },
    });
    try {
      const mapping = upload.fields.mapping === undefined ? undefined : await this.readMapping(upload.fields.mapping);
      await ensureText(upload.path);
      return { mapping, open: () => createReadStream(upload.path), remove: () => upload.remove() };
    } catch (error) {
      await upload.remove();
      throw error;
    }
  }

  /** The `mapping` field: JSON of an ImportMappingDto, checked like any request body. */
  private async readMapping(text: string): Promise<ImportMappingDto> {
    if (jsonNestsDeeperThan(Buffer.from(text))) throw invalidMapping('The mapping nests too deeply');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidMapping('The mapping is not valid JSON');
    }
    const problem = inputProblem(parsed);
    if (problem) throw invalidMapping(`Invalid mapping: ${problem.message}`);
    try {
      return (await this.validation.transform(parsed, { type: 'body', metatype: ImportMappingDto })) as ImportMappingDto;
    } catch (error) {
      if (error instanceof DomainError) {
        throw invalidMapping(
          `Invalid mapping: ${error.message.replace(/^Validation failed: /, '')}`,
          error.details?.map((d) => ({ ...d, field: `mapping.${d.field}` })),
        );
      }
      throw error;
    }
  }
}

const UploadRequest = createParamDecorator((_data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<Request>());

/** The route's CSV upload as a CsvSource (see CsvUploadPipe). */
export const UploadedCsv = (): ParameterDecorator => UploadRequest(CsvUploadPipe);
