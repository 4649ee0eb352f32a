import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ImportProgress } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { KeyedLimit, LimitBusyError } from '../../../common/concurrency/keyed-limit';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { ChangeLog } from '../change-log/change-log.service';
import { SpreadsheetsMetrics } from '../spreadsheets.metrics';
import type { CsvSource, ReceivedCsv } from './csv-source';
import { ImportProgressRegistry } from './import-progress.registry';
import { ImportRowWriter } from './import-row-writer.service';

/** Uploads one person may have in flight at once (each holds a temporary file). */
const UPLOADS_PER_USER = 2;
/** Retry-After of the 429 answered past UPLOADS_PER_USER: an import usually finishes within seconds. */
const IMPORT_BUSY_RETRY_SECONDS = 5;
/** Imports writing to the database at once on this instance (each holds a connection and its sheet's lock). */
const WRITING_IMPORTS = 2;

/** Thrown at the end of a dry run's transaction so that it rolls back. */
class DryRunDone extends Error {}

@Injectable()
export class CsvImportService {
  private readonly uploads = new KeyedLimit({ perKey: UPLOADS_PER_USER, maxQueued: 0 });
  private readonly writing = new KeyedLimit({ perKey: WRITING_IMPORTS });

  constructor(
    private readonly access: SheetAccessService,
    private readonly changeLog: ChangeLog,
    private readonly writer: ImportRowWriter,
    private readonly progressRegistry: ImportProgressRegistry,
    private readonly metrics: SpreadsheetsMetrics,
  ) {}

  async progress(actor: AuthUser, sheetId: string, importId: string): Promise<ImportProgress> {
    await this.access.require(actor, sheetId, 'viewer');
    const progress = this.progressRegistry.get(sheetId, importId);
    if (!progress) throw DomainError.notFound('Import');
    return progress;
  }

  /**
   * Imports a CSV upload in two steps. First the file is received in full into a temporary file, holding no
   * connection and no lock (a slow or vanished client costs nothing but its socket). Then, in one transaction under
   * the sheet's lock, the header maps to columns by name (unknown names become text columns, added in one
   * statement), each value is checked by its column's rules, and rows stream into the table. Any rejected line rolls
   * everything back, and the answer lists the rejected lines.
   */
  async import(actor: AuthUser, sheetId: string, source: CsvSource, options: { importId?: string; dryRun?: boolean } = {}): Promise<ImportProgress> {
    await this.access.require(actor, sheetId, 'editor');
    const importId = options.importId ?? randomUUID();
    try {
      return await this.uploads.run(actor.id, () => this.receiveAndImport(actor, sheetId, source, importId, options.dryRun === true));
    } catch (error) {
      if (error instanceof LimitBusyError) {
        throw DomainError.rateLimited(`You have ${UPLOADS_PER_USER} imports running already; wait for one to finish`, IMPORT_BUSY_RETRY_SECONDS);
      }
      throw error;
    }
  }

  private async receiveAndImport(actor: AuthUser, sheetId: string, source: CsvSource, importId: string, dryRun: boolean): Promise<ImportProgress> {
    const progress = this.progressRegistry.start(sheetId, importId);
    let received: ReceivedCsv | undefined;
    try {
      received = await source.receive((n) => (progress.bytesRead = n));
      progress.stage = 'importing';
      const csv = received;
      await this.writing.run('all', async () => {
        // Access may have changed while the file uploaded.
        await this.access.require(actor, sheetId, 'editor');
        await this.changeLog
          .write(sheetId, actor, {}, async (tx, change) => {
            await this.writer.write(tx, change, { actor, sheetId, csv, progress, dryRun });
            // A dry run did everything an import does; undoing it is the point.
            if (dryRun) throw new DryRunDone();
          })
          .catch((error: unknown) => {
            if (!(error instanceof DryRunDone)) throw error;
          });
      });
      progress.status = 'done';
      if (dryRun) {
        progress.dryRun = true;
        return progress;
      }
      this.access.changed(sheetId);
      this.metrics.imports.inc({ outcome: 'done' });
      this.metrics.importedRows.inc(progress.rowsImported);
      return progress;
    } catch (error) {
      progress.status = 'failed';
      progress.rowsImported = 0;
      this.metrics.imports.inc({ outcome: 'failed' });
      progress.message = error instanceof DomainError ? error.message : 'The import failed; nothing was imported';
      throw error;
    } finally {
      await received?.remove();
      this.progressRegistry.finish(sheetId, importId);
    }
  }
}
