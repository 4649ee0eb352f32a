import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ErrorCode,
  ImportMappingDto,
  MAX_COLUMNS_PER_SHEET,
  type CellValue,
  type Column,
  type ErrorDetail,
  type ImportColumnMappingDto,
  type ImportProgress,
  type RejectedLine,
} from '@contrivance/contracts';
import { CsvError, parse } from 'csv-parse';
import type { Request } from 'express';
import { pipeline, Transform } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { KeyedLimit, LimitBusyError } from '../../../common/concurrency/keyed-limit';
import { DomainError } from '../../../common/errors/domain-error';
import { inputProblem, jsonNestsDeeperThan, unstorableText } from '../../../common/validation/input-safety';
import { createValidationPipe } from '../../../common/validation/validation.pipe';
import type { AppConfig } from '../../../config/app-config';
import { SheetAccessService } from '../access/sheet-access.service';
import { normaliseCell } from '../cells/cell-values';
import { ColumnsRepository } from '../columns/columns.repository';
import { ColumnsService } from '../columns/columns.service';
import { ChangeLog, type ChangeRecorder } from '../change-log/change-log.service';
import { RowsRepository, type RowAppender } from '../rows/rows.repository';
import { MembersRepository } from '../access/members.repository';
import { personLookup, type PersonLookup } from '../cells/person-refs';
import { SpreadsheetsMetrics } from '../spreadsheets.metrics';
import { receiveUpload, type ReceivedUpload } from './csv-upload';
import { ImportProgressRegistry } from './import-progress.registry';

const BATCH = 1000;
const MAX_LISTED = 100;
/** Uploads one person may have in flight at once (each holds a temporary file). */
const UPLOADS_PER_USER = 2;
/** Imports writing to the database at once on this instance (each holds a connection and its sheet's lock). */
const WRITING_IMPORTS = 2;
/** How much of a file is looked at to tell text from binary. */
const SNIFF_BYTES = 8192;

/** The largest `mapping` field (a few hundred bytes per column). */
const MAX_MAPPING_BYTES = 256 * 1024;

/** Thrown at the end of a dry run's transaction so that it rolls back. */
class DryRunDone extends Error {}

interface ImportJob {
  actor: AuthUser;
  sheetId: string;
  path: string;
  progress: ImportProgress;
  mapping?: ImportMappingDto;
  dryRun: boolean;
}

const invalidFile = (message: string) => new DomainError(ErrorCode.ValidationFailed, message, [{ field: 'file', message }]);

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

@Injectable()
export class CsvImportService {
  private readonly limits: AppConfig['imports'];
  private readonly uploads = new KeyedLimit({ perKey: UPLOADS_PER_USER, maxQueued: 0 });
  private readonly writing = new KeyedLimit({ perKey: WRITING_IMPORTS });
  private readonly validation = createValidationPipe();

  constructor(
    private readonly access: SheetAccessService,
    private readonly columns: ColumnsRepository,
    private readonly columnsService: ColumnsService,
    private readonly rows: RowsRepository,
    private readonly members: MembersRepository,
    private readonly changeLog: ChangeLog,
    private readonly progressRegistry: ImportProgressRegistry,
    private readonly metrics: SpreadsheetsMetrics,
    config: ConfigService<AppConfig, true>,
  ) {
    this.limits = config.get('imports', { infer: true });
  }

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
  async import(actor: AuthUser, sheetId: string, req: Request, options: { importId?: string; dryRun?: boolean } = {}): Promise<ImportProgress> {
    await this.access.require(actor, sheetId, 'editor');
    const importId = options.importId ?? randomUUID();
    try {
      return await this.uploads.run(actor.id, () => this.receiveAndImport(actor, sheetId, req, importId, options.dryRun === true));
    } catch (error) {
      if (error instanceof LimitBusyError) {
        throw new DomainError(ErrorCode.RateLimited, `You have ${UPLOADS_PER_USER} imports running already; wait for one to finish`);
      }
      throw error;
    }
  }

  private async receiveAndImport(actor: AuthUser, sheetId: string, req: Request, importId: string, dryRun: boolean): Promise<ImportProgress> {
    const progress = this.progressRegistry.start(sheetId, importId);
    let upload: ReceivedUpload | undefined;
    try {
      upload = await receiveUpload(req, {
        maxBytes: this.limits.maxBytes,
        idleMs: this.limits.idleTimeoutMs,
        onBytes: (n) => (progress.bytesRead = n),
        fields: { mapping: MAX_MAPPING_BYTES },
      });
      const mapping = upload.fields.mapping === undefined ? undefined : await this.readMapping(upload.fields.mapping);
      await ensureText(upload.path);
      progress.stage = 'importing';
      const file = upload;
      await this.writing.run('all', async () => {
        // Access may have changed while the file uploaded.
        await this.access.require(actor, sheetId, 'editor');
        await this.changeLog
          .write(sheetId, actor, {}, async (tx, change) => {
            await this.run(tx, change, { actor, sheetId, path: file.path, progress, mapping, dryRun });
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
      await upload?.remove();
      this.progressRegistry.finish(sheetId, importId);
    }
  }

  /** The `mapping` field: JSON of an ImportMappingDto, checked like any request body. */
  private async readMapping(text: string): Promise<ImportMappingDto> {
    const refuse = (message: string, details?: ErrorDetail[]) => new DomainError(ErrorCode.ValidationFailed, message, details ?? [{ field: 'mapping', message }]);
    if (jsonNestsDeeperThan(Buffer.from(text))) throw refuse('The mapping nests too deeply');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw refuse('The mapping is not valid JSON');
    }
    const problem = inputProblem(parsed);
    if (problem) throw refuse(`Invalid mapping: ${problem.message}`);
    try {
      return (await this.validation.transform(parsed, { type: 'body', metatype: ImportMappingDto })) as ImportMappingDto;
    } catch (error) {
      if (error instanceof DomainError) throw refuse(`Invalid mapping: ${error.message.replace(/^Validation failed: /, '')}`, error.details?.map((d) => ({ ...d, field: `mapping.${d.field}` })));
      throw error;
    }
  }

  private async run(tx: EntityManager, change: ChangeRecorder, job: ImportJob): Promise<void> {
    const { actor, sheetId, path, progress, mapping, dryRun } = job;
    // The file is on local disk, so no client can stall this transaction; parsing a large file after a rejected line
    // (nothing written, the transaction idle meanwhile) may take longer than the pool's idle-in-transaction bound.
    await tx.query(`SET LOCAL idle_in_transaction_session_timeout = '15min'`);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        progress.bytesImported += chunk.length;
        done(null, chunk);
      },
    });
    // pipeline() passes an error of any stage on to the parser, whose iteration below then throws it.
    const parser = pipeline(
      createReadStream(path),
      counter,
      parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: false, max_record_size: 1_000_000 }),
      () => undefined,
    );
    let header: (Column | null)[] | undefined;
    let people: PersonLookup | undefined;
    let batch: Record<string, CellValue>[] = [];
    const reject = (r: RejectedLine) => {
      progress.rejectedCount += 1;
      if (progress.rejected.length < MAX_LISTED) progress.rejected.push(r);
    };
    // Rows stream into one COPY, opened after the header (which may add columns through the same connection).
    let appender: RowAppender | undefined;
    const flush = async () => {
      if (!batch.length || progress.rejectedCount) return (batch = []);
      appender ??= await this.rows.appender(tx, sheetId, actor.id);
      await appender.write(batch);
      progress.rowsImported += batch.length;
      batch = [];
    };
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (!header) {
          header = mapping ? await this.mapByMapping(tx, sheetId, record, mapping, progress) : await this.mapHeader(tx, sheetId, record, progress);
          // People are named as in an export (name, or email where names repeat) or by email or id.
          if (header.some((c) => c?.type === 'user')) people = personLookup(await this.members.list(sheetId, tx));
          continue;
        }
        progress.rowsRead += 1;
        const line = progress.rowsRead + 1;
        if (record.length > header.length) reject({ line, message: `has ${record.length} values but the header has ${header.length}` });
        const values: Record<string, CellValue> = {};
        header.forEach((column, i) => {
          if (!column) return; // a skipped CSV column
          const text = record[i] ?? '';
          const unstorable = unstorableText(text);
          if (unstorable) return reject({ line, column: column.name, message: `${column.name} ${unstorable}` });
          const result = normaliseCell(column, text, people);
          if (!result.ok) return reject({ line, column: column.name, message: `${column.name} ${result.message}` });
          if (result.value !== null) values[column.id] = result.value;
        });
        batch.push(values);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    } catch (error) {
      parser.destroy();
      await appender?.end().catch(() => undefined); // the connection must leave COPY before the rollback
      if (error instanceof DomainError) throw error;
      if (error instanceof CsvError) throw invalidFile(`The file is not valid CSV: ${error.message.split('\n')[0].slice(0, 200)}`);
      throw error;
    }
    await appender?.end();
    if (!header) throw invalidFile('The file is empty: the first line must name the columns');
    if (progress.rejectedCount) {
      if (dryRun) return;
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${progress.rejectedCount} line(s) were rejected; nothing was imported`,
        progress.rejected.map((r) => ({ field: `line ${r.line}`, ...r })),
      );
    }
    await change.addRows(progress.rowsImported);
    await change.record([{ kind: 'import', newValue: { rows: progress.rowsImported, columnsCreated: progress.columnsCreated } }]);
  }

  /**
   * The CSV columns to sheet columns as the mapping says: into existing columns, into new ones (created together, with
   * their types and options), or skipped. CSV columns the mapping leaves out are skipped; two into one column are
   * refused.
   */
  private async mapByMapping(tx: EntityManager, sheetId: string, names: string[], mapping: ImportMappingDto, progress: ImportProgress): Promise<(Column | null)[]> {
    const refuse = (message: string) => new DomainError(ErrorCode.ValidationFailed, message, [{ field: 'mapping', message }]);
    const existing = new Map((await this.columns.list(sheetId, tx)).map((c) => [c.id, c]));
    const bySource = new Map<number, ImportColumnMappingDto>();
    for (const entry of mapping.columns) {
      if (entry.source >= names.length) throw refuse(`The mapping names CSV column ${entry.source + 1}, but the file has ${names.length}`);
      if (bySource.has(entry.source)) throw refuse(`The mapping names CSV column ${entry.source + 1} twice`);
      if ([entry.columnId, entry.create, entry.skip].filter((x) => x !== undefined && x !== false).length !== 1) {
        throw refuse(`CSV column ${entry.source + 1} must go into an existing column, a new one, or be skipped (one of them)`);
      }
      if (entry.columnId && !existing.has(entry.columnId.toLowerCase())) throw refuse(`CSV column ${entry.source + 1} goes into a column that is not in this spreadsheet`);
      bySource.set(entry.source, entry);
    }
    const targets = [...bySource.values()].filter((e) => e.columnId).map((e) => e.columnId!.toLowerCase());
    if (new Set(targets).size !== targets.length) throw refuse('Two CSV columns go into the same column');
    const toCreate = [...bySource.values()].filter((e) => e.create);
    const created = await this.columnsService.insertMany(tx, sheetId, toCreate.map((e) => e.create!));
    progress.columnsCreated.push(...created.map((c) => c.name));
    const createdBySource = new Map(toCreate.map((e, i) => [e.source, created[i]]));
    return names.map((_, i) => {
      const entry = bySource.get(i);
      if (!entry || entry.skip) return null;
      return entry.columnId ? existing.get(entry.columnId.toLowerCase())! : createdBySource.get(i)!;
    });
  }

  /**
   * Header names to columns, case-insensitively; unknown names become new text columns, created together in one
   * statement. Duplicates, empty names and more columns than a sheet may have are refused.
   */
  private async mapHeader(tx: EntityManager, sheetId: string, names: string[], progress: ImportProgress): Promise<Column[]> {
    if (names.length > MAX_COLUMNS_PER_SHEET) throw invalidFile(`The header names ${names.length} columns; a spreadsheet can have at most ${MAX_COLUMNS_PER_SHEET}`);
    const existing = new Map((await this.columns.list(sheetId, tx)).map((c) => [c.name.toLowerCase(), c]));
    const seen = new Set<string>();
    const wanted: { name: string; column?: Column }[] = [];
    for (const raw of names) {
      const name = raw.trim().slice(0, 100);
      const header = (message: string) => new DomainError(ErrorCode.ValidationFailed, message, [{ field: 'line 1', message }]);
      if (!name) throw header('Every header cell must name a column');
      const unstorable = unstorableText(name);
      if (unstorable) throw header(`A column name ${unstorable}`);
      if (seen.has(name.toLowerCase())) throw header(`The header names "${name}" twice`);
      seen.add(name.toLowerCase());
      wanted.push({ name, column: existing.get(name.toLowerCase()) });
    }
    const created = await this.columnsService.insertMany(
      tx,
      sheetId,
      wanted.filter((w) => !w.column).map((w) => ({ name: w.name, type: 'text' as const })),
    );
    progress.columnsCreated.push(...created.map((c) => c.name));
    const byName = new Map(created.map((c) => [c.name.toLowerCase(), c]));
    return wanted.map((w) => w.column ?? byName.get(w.name.toLowerCase())!);
  }
}
