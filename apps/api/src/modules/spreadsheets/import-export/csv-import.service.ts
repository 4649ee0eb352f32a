import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode, type CellValue, type Column, type ImportProgress, type RejectedLine } from '@contrivance/contracts';
import Busboy from 'busboy';
import { CsvError, parse } from 'csv-parse';
import type { Request } from 'express';
import { Transform, type Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import type { AppConfig } from '../../../config/app-config';
import { SheetAccessService } from '../access/sheet-access.service';
import { normaliseCell } from '../columns/cell-values';
import { ColumnsRepository } from '../columns/columns.repository';
import { ColumnsService } from '../columns/columns.service';
import { ChangeLog, type ChangeRecorder } from '../history/change-log.service';
import { RowsRepository, type RowAppender } from '../rows/rows.repository';
import { MembersRepository } from '../sharing/members.repository';
import { SpreadsheetsMetrics } from '../spreadsheets.metrics';
import { ImportProgressRegistry } from './import-progress.registry';

const BATCH = 1000;

/** 209715200 → "200 MB", 65536 → "64 KB". */
const readableSize = (bytes: number) => (bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576)} MB` : `${Math.round(bytes / 1024)} KB`);
const MAX_LISTED = 100;

/** Waits for the multipart body's `file` part and hands over its stream. */
function fileStream(req: Request, maxBytes: number): Promise<{ stream: Readable; name: string; tooLarge: () => boolean }> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) {
    return Promise.reject(new DomainError(ErrorCode.UnsupportedMediaType, 'Send the CSV as multipart/form-data with a "file" field'));
  }
  return new Promise((resolve, reject) => {
    let parser: Busboy.Busboy;
    try {
      parser = Busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 5 } });
    } catch {
      return reject(new DomainError(ErrorCode.ValidationFailed, 'Malformed multipart body'));
    }
    let found = false;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || found) return stream.resume();
      found = true;
      let truncated = false;
      stream.on('limit', () => (truncated = true));
      resolve({ stream, name: info.filename ?? 'upload.csv', tooLarge: () => truncated });
    });
    parser.on('error', () => reject(new DomainError(ErrorCode.ValidationFailed, 'Malformed multipart body')));
    parser.on('close', () => found || reject(new DomainError(ErrorCode.ValidationFailed, 'No "file" field in the upload', [{ field: 'file', message: 'is required' }])));
    req.pipe(parser);
  });
}

@Injectable()
export class CsvImportService {
  private readonly maxBytes: number;

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
    this.maxBytes = config.get('imports.maxBytes', { infer: true });
  }

  progress(actor: AuthUser, sheetId: string, importId: string): Promise<ImportProgress> {
    return this.access.require(actor, sheetId, 'viewer').then(() => {
      const progress = this.progressRegistry.get(sheetId, importId);
      if (!progress) throw DomainError.notFound('Import');
      return progress;
    });
  }

  /**
   * Imports a CSV upload as it streams in: the header maps to columns by name (unknown names become text columns),
   * each value is checked by its column's rules, and rows are written in batches inside one transaction. Any
   * rejected line rolls everything back, and the answer lists the rejected lines.
   */
  async import(actor: AuthUser, sheetId: string, req: Request, importId: string = randomUUID()): Promise<ImportProgress> {
    await this.access.require(actor, sheetId, 'editor');
    const file = await fileStream(req, this.maxBytes);
    const progress = this.progressRegistry.start(sheetId, importId);
    try {
      await this.changeLog.write(sheetId, actor, {}, async (tx, change) => {
        await this.run(tx, change, actor, sheetId, file.stream, progress);
        if (file.tooLarge()) throw new DomainError(ErrorCode.PayloadTooLarge, `The file is larger than the ${readableSize(this.maxBytes)} limit`);
        if (progress.rejectedCount) {
          throw new DomainError(ErrorCode.ValidationFailed, `${progress.rejectedCount} line(s) were rejected; nothing was imported`, progress.rejected.map((r) => ({ field: `line ${r.line}`, ...r })));
        }
      });
      this.access.changed(sheetId);
      progress.status = 'done';
      this.metrics.imports.inc({ outcome: 'done' });
      this.metrics.importedRows.inc(progress.rowsImported);
      return progress;
    } catch (error) {
      file.stream.resume();
      progress.status = 'failed';
      progress.rowsImported = 0;
      this.metrics.imports.inc({ outcome: 'failed' });
      progress.message = error instanceof DomainError ? error.message : 'The import failed; nothing was imported';
      throw error;
    } finally {
      this.progressRegistry.finish(importId);
    }
  }

  private async run(tx: EntityManager, change: ChangeRecorder, actor: AuthUser, sheetId: string, input: Readable, progress: ImportProgress): Promise<void> {
    // Counting in the pipe (not with a 'data' listener, which would start the flow before the parser is attached).
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        progress.bytesRead += chunk.length;
        done(null, chunk);
      },
    });
    const parser = input.pipe(counter).pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: false, max_record_size: 1_000_000 }));
    let header: Column[] | undefined;
    let batch: Record<string, CellValue>[] = [];
    const userCells: { line: number; column: string; id: string }[] = [];
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
          header = await this.mapHeader(tx, sheetId, record, progress);
          continue;
        }
        progress.rowsRead += 1;
        const line = progress.rowsRead + 1;
        if (record.length > header.length) reject({ line, message: `has ${record.length} values but the header has ${header.length}` });
        const values: Record<string, CellValue> = {};
        header.forEach((column, i) => {
          const result = normaliseCell(column, record[i] ?? '');
          if (!result.ok) return reject({ line, column: column.name, message: `${column.name} ${result.message}` });
          if (result.value !== null) values[column.id] = result.value;
          if (column.type === 'user' && typeof result.value === 'string') userCells.push({ line, column: column.name, id: result.value });
        });
        batch.push(values);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    } catch (error) {
      await appender?.end().catch(() => undefined); // the connection must leave COPY before the rollback
      if (error instanceof DomainError) throw error;
      if (error instanceof CsvError) throw new DomainError(ErrorCode.ValidationFailed, `The file is not valid CSV: ${error.message.split('\n')[0].slice(0, 200)}`);
      throw error;
    }
    await appender?.end();
    if (!header) throw new DomainError(ErrorCode.ValidationFailed, 'The file is empty: the first line must name the columns');
    const members = await this.members.membersAmong(sheetId, [...new Set(userCells.map((c) => c.id))]);
    for (const cell of userCells.filter((c) => !members.has(c.id))) reject({ line: cell.line, column: cell.column, message: `${cell.column} must be a member of this spreadsheet` });
    if (progress.rejectedCount) return;
    await change.addRows(progress.rowsImported);
    await change.record([
      { kind: 'import', newValue: { rows: progress.rowsImported, columnsCreated: progress.columnsCreated } },
    ]);
  }

  /** Header names to columns, case-insensitively; unknown names become new text columns. Duplicates are refused. */
  private async mapHeader(tx: EntityManager, sheetId: string, names: string[], progress: ImportProgress): Promise<Column[]> {
    const existing = await this.columns.list(sheetId, tx);
    const seen = new Set<string>();
    const mapped: Column[] = [];
    for (const raw of names) {
      const name = raw.trim();
      if (!name) throw new DomainError(ErrorCode.ValidationFailed, 'Every header cell must name a column', [{ field: 'line 1', message: 'has an empty column name' }]);
      if (seen.has(name.toLowerCase())) throw new DomainError(ErrorCode.ValidationFailed, `The header names "${name}" twice`, [{ field: 'line 1', message: `duplicate column ${name}` }]);
      seen.add(name.toLowerCase());
      let column = existing.find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!column) {
        column = await this.columnsService.insert(tx, sheetId, { name: name.slice(0, 100), type: 'text' });
        progress.columnsCreated.push(column.name);
      }
      mapped.push(column);
    }
    return mapped;
  }
}
