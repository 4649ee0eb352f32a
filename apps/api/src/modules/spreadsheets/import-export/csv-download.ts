import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type { CsvDownloadSink } from './csv-export.service';

/** A download that makes no progress for this long is cut off (its connection goes back to the pool). */
const STALL_MS = 60_000;

/** Sends an export as the HTTP answer: a CSV attachment, written as the client reads it. */
export function csvResponse(res: Response): CsvDownloadSink {
  return {
    begin() {
      res.setTimeout(STALL_MS, () => res.destroy());
    },
    async send({ fileName, chunks }) {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
      res.setHeader('Cache-Control', 'no-store');
      await pipeline(Readable.from(chunks), res);
    },
  };
}
