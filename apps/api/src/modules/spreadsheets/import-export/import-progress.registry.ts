import { Injectable } from '@nestjs/common';
import type { ImportProgress } from '@contrivance/contracts';

/** How long a finished import's report stays readable. */
const KEEP_MS = 10 * 60_000;

/**
 * Progress of imports running on this instance, readable while the upload is still streaming. Kept in memory: with
 * several instances, the progress is read from the instance that receives the upload (see docs/scaling when added).
 */
@Injectable()
export class ImportProgressRegistry {
  private readonly imports = new Map<string, { sheetId: string; progress: ImportProgress }>();

  start(sheetId: string, importId: string): ImportProgress {
    const progress: ImportProgress = { importId, status: 'running', bytesRead: 0, rowsRead: 0, rowsImported: 0, columnsCreated: [], rejectedCount: 0, rejected: [] };
    this.imports.set(importId, { sheetId, progress });
    return progress;
  }

  finish(importId: string): void {
    setTimeout(() => this.imports.delete(importId), KEEP_MS).unref();
  }

  get(sheetId: string, importId: string): ImportProgress | undefined {
    const entry = this.imports.get(importId);
    return entry?.sheetId === sheetId ? entry.progress : undefined;
  }
}
