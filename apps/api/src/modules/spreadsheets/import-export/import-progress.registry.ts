import { Injectable } from '@nestjs/common';
import { ErrorCode, type ImportProgress } from '@contrivance/contracts';
import { DomainError } from '../../../common/errors/domain-error';

/** How long a finished import's report stays readable. */
const KEEP_MS = 10 * 60_000;

const key = (sheetId: string, importId: string) => `${sheetId}:${importId}`;

/**
 * Progress of imports running on this instance, readable while the upload is still streaming, keyed by sheet and
 * import id (a client's id only ever names its own sheet's import). Kept in memory: with several instances, the
 * progress is read from the instance that receives the upload (docs/scaling.md).
 */
@Injectable()
export class ImportProgressRegistry {
  private readonly imports = new Map<string, { progress: ImportProgress; expiry?: NodeJS.Timeout }>();

  /** A new import's progress; 409 while an import with the same id runs on the sheet. */
  start(sheetId: string, importId: string): ImportProgress {
    const known = this.imports.get(key(sheetId, importId));
    if (known?.progress.status === 'running') throw new DomainError(ErrorCode.Conflict, 'An import with this importId is already running on this spreadsheet');
    clearTimeout(known?.expiry);
    const progress: ImportProgress = {
      importId,
      status: 'running',
      stage: 'receiving',
      bytesRead: 0,
      bytesImported: 0,
      rowsRead: 0,
      rowsImported: 0,
      columnsCreated: [],
      rejectedCount: 0,
      rejected: [],
    };
    this.imports.set(key(sheetId, importId), { progress });
    return progress;
  }

  finish(sheetId: string, importId: string): void {
    const entry = this.imports.get(key(sheetId, importId));
    if (!entry) return;
    entry.expiry = setTimeout(() => {
      if (this.imports.get(key(sheetId, importId)) === entry) this.imports.delete(key(sheetId, importId));
    }, KEEP_MS);
    entry.expiry.unref();
  }

  get(sheetId: string, importId: string): ImportProgress | undefined {
    return this.imports.get(key(sheetId, importId))?.progress;
  }
}
