import { Injectable } from '@nestjs/common';
import { ErrorCode, type CellValue, type Column, type ImportProgress, type RejectedLine } from '@contrivance/contracts';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { unstorableText } from '../../../common/validation/input-safety';
import { normaliseCell } from '../cells/cell-values';
import type { ChangeRecorder, NewChange } from '../change-log/change-log.service';
import { SheetAccessService } from '../access/sheet-access.service';
import { linkLabelSql } from '../cells/linked-columns';
import { LinkCells } from '../links/link-cells.service';
import { LinkCellsRepository } from '../links/link-cells.repository';
import { LinkNames } from './link-names';
import { RowsRepository, type RowAppender } from '../rows/rows.repository';
import { MembersRepository } from '../access/members.repository';
import { personLookup, type PersonLookup } from '../cells/person-refs';
import type { ReceivedCsv } from './csv-source';
import { ImportColumns } from './import-columns.service';
import { restoreNeutralised } from './csv-safety';
import { invalidFile } from './import-errors';
import { CsvFileError, csvRecords } from './csv-records';

const BATCH = 1000;
const MAX_LISTED = 100;

export interface ImportJob {
  actor: AuthUser;
  sheetId: string;
  csv: ReceivedCsv;
  progress: ImportProgress;
  dryRun: boolean;
}

/**
 * Writes a received CSV into a sheet inside the import's transaction: the header becomes columns (ImportColumns),
 * each value is checked by its column's rules, and rows stream into the table. Rejected lines are counted and listed
 * in the progress; unless it is a dry run, any of them refuses the whole import.
 */
@Injectable()
export class ImportRowWriter {
  constructor(
    private readonly columns: ImportColumns,
    private readonly rows: RowsRepository,
    private readonly members: MembersRepository,
    private readonly access: SheetAccessService,
    private readonly links: LinkCells,
    private readonly linkCells: LinkCellsRepository,
  ) {}

  /** Reads the link cells of `link` by name, once the actor may link into its sheet (see LinkCells). */
  private async linkNames(actor: AuthUser, link: Column): Promise<LinkNames> {
    await this.links.requireAccess(actor, link);
    const { columns } = await this.access.requireSheet(actor, link.link!.sheetId, 'editor');
    return new LinkNames((names) => this.linkCells.labelled(link.link!.sheetId, (bind) => linkLabelSql(columns, bind), names));
  }

  async write(tx: EntityManager, change: ChangeRecorder, job: ImportJob): Promise<void> {
    const { actor, sheetId, csv, progress, dryRun } = job;
    // The file is on local disk, so no client can stall this transaction; parsing a large file after a rejected line
    // (nothing written, the transaction idle meanwhile) may take longer than the pool's idle-in-transaction bound.
    await tx.query(`SET LOCAL idle_in_transaction_session_timeout = '15min'`);
    let header: (Column | null)[] | undefined;
    let people: PersonLookup | undefined;
    let batch: Record<string, CellValue>[] = [];
    const reject = (r: RejectedLine) => {
      progress.rejectedCount += 1;
      if (progress.rejected.length < MAX_LISTED) progress.rejected.push(r);
    };
    // Link cells name rows of other sheets: read per batch (their names looked up together), written with the rows,
    // and followed into the other sheets once every row is in (LinkCells, as a write of rows would).
    const names = new Map<string, Promise<LinkNames>>();
    let linkCells: { row: number; line: number; column: Column; text: string }[] = [];
    const linkedRows: NewChange[] = [];
    const readLinks = async () => {
      for (const column of new Set(linkCells.map((c) => c.column))) {
        if (!names.has(column.id)) names.set(column.id, this.linkNames(actor, column));
        const reader = await names.get(column.id)!;
        const cells = linkCells.filter((c) => c.column === column);
        await reader.learn(cells.map((c) => c.text));
        for (const cell of cells) {
          const read = reader.read(cell.text);
          if (!read.ok) reject({ line: cell.line, column: column.name, message: `${column.name} ${read.message}` });
          else if (read.ids.length) batch[cell.row][column.id] = read.ids;
        }
      }
      linkCells = [];
    };
    // Rows stream into one COPY, opened after the header (which may add columns through the same connection).
    let appender: RowAppender | undefined;
    const createdColumns: Column[] = [];
    const flush = async () => {
      if (linkCells.length) await readLinks();
      if (!batch.length || progress.rejectedCount) return (batch = []);
      appender ??= await this.rows.appender(
        tx,
        sheetId,
        (header ?? []).filter((c): c is Column => c !== null),
        actor.id,
        change.version,
      );
      const ids = await appender.write(batch);
      const links = (header ?? []).filter((c): c is Column => c?.type === 'link');
      if (links.length) {
        batch.forEach((values, i) => {
          const linked = links.filter((l) => values[l.id] !== undefined);
          if (linked.length) linkedRows.push({ rowId: ids[i], kind: 'row:create', newValue: Object.fromEntries(linked.map((l) => [l.id, values[l.id]])) });
        });
      }
      progress.rowsImported += batch.length;
      batch = [];
    };
    try {
      // A batch of records per chunk of the file; each record is checked and queued without a turn of its own. The file
      // is opened as the loop starts reading it, and closed when the loop ends, however it ends.
      for await (const chunk of csvRecords(csv.open(), (n) => (progress.bytesImported += n)))
        for (const record of chunk) {
          if (!header) {
            const plan = await this.columns.plan(tx, sheetId, record, csv.mapping);
            progress.columnsCreated.push(...plan.created.map((c) => c.name));
            createdColumns.push(...plan.created);
            header = plan.columns;
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
            // An export quoted formula-like text: the quote goes, so export → import gives back the same values.
            const text = restoreNeutralised(record[i] ?? '');
            const unstorable = unstorableText(text);
            if (unstorable) return reject({ line, column: column.name, message: `${column.name} ${unstorable}` });
            if (column.type === 'link') return void (text.trim() && linkCells.push({ row: batch.length, line, column, text }));
            const result = normaliseCell(column, text, people);
            if (!result.ok) return reject({ line, column: column.name, message: `${column.name} ${result.message}` });
            if (result.value !== null) values[column.id] = result.value;
          });
          batch.push(values);
          if (batch.length >= BATCH) await flush();
        }
      await flush();
    } catch (error) {
      await appender?.end().catch(() => undefined); // the connection must leave COPY before the rollback
      if (error instanceof DomainError) throw error;
      if (error instanceof CsvFileError) throw invalidFile(`The file is not valid CSV: ${error.message}`);
      throw error;
    }
    await appender?.end();
    if (!header) throw invalidFile('The file is empty: the first line must name the columns');
    if (linkedRows.length && !progress.rejectedCount) {
      await this.links.follow(
        tx,
        change,
        actor,
        header.filter((c): c is Column => c?.type === 'link'),
        linkedRows,
      );
    }
    if (progress.rejectedCount) {
      if (dryRun) return;
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${progress.rejectedCount} line(s) were rejected; nothing was imported`,
        progress.rejected.map((r) => ({ field: `line ${r.line}`, ...r })),
      );
    }
    await change.addRows(progress.rowsImported);
    // The new columns are in history (and undone with the import) before the rows that fill them.
    await change.record([
      ...createdColumns.map((column): NewChange => ({ columnId: column.id, kind: 'column:create', newValue: column })),
      { kind: 'import', newValue: { rows: progress.rowsImported, columnsCreated: progress.columnsCreated } },
    ]);
  }
}
