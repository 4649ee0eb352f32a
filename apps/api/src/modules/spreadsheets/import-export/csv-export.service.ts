import { Injectable } from '@nestjs/common';
import type { RowsViewQuery } from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { KeyedLimit, LimitBusyError } from '../../../common/concurrency/keyed-limit';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { ColumnsRepository } from '../columns/columns.repository';
import { RowsRepository } from '../rows/rows.repository';
import type { RowsSelection } from '../rows/rows-query';
import { ViewsService } from '../views/views.service';
import { MembersRepository } from '../access/members.repository';
import { SpreadsheetsRepository } from '../sheets/spreadsheets.repository';
import { personLabel } from '../cells/person-refs';
import { csvLines } from './csv-rows';

/** A CSV file ready to send: its name and its text, produced as it is read. */
export interface CsvDownload {
  fileName: string;
  chunks: AsyncIterable<string>;
}

/** Where an export goes: the connection at the controller's edge, which the service never sees. */
export interface CsvDownloadSink {
  /** The export has its turn: from now on a client that makes no progress for a while is cut off. */
  begin(): void;
  /** Sends the file; settles when it is all sent or the client is gone. */
  send(download: CsvDownload): Promise<void>;
}

/** A safe file name from the sheet name. */
const fileName = (name: string) => `${name.replace(/[^\w .-]+/g, '_').trim() || 'spreadsheet'}.csv`;

/** Exports one person may download at once, and exports one instance runs at once. */
const EXPORTS_PER_USER = 2;
const EXPORTS_PER_INSTANCE = 8;

/** The rows of an iterable once its first one is read (reading it is what runs the query). */
async function readAhead<T>(source: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const rows = source[Symbol.asyncIterator]();
  const first = await rows.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await rows.next(); !next.done; next = await rows.next()) yield next.value;
  })();
}

@Injectable()
export class CsvExportService {
  private readonly perUser = new KeyedLimit({ perKey: EXPORTS_PER_USER, maxQueued: 0 });
  private readonly running = new KeyedLimit({ perKey: EXPORTS_PER_INSTANCE, maxQueued: 0 });

  constructor(
    private readonly access: SheetAccessService,
    private readonly sheets: SpreadsheetsRepository,
    private readonly columns: ColumnsRepository,
    private readonly rows: RowsRepository,
    private readonly members: MembersRepository,
    private readonly views: ViewsService,
  ) {}

  /**
   * Streams the sheet as CSV in the order and filter of the current view: a header of column names, option labels
   * and member names instead of ids, and text that could run as a formula neutralised.
   */
  async export(actor: AuthUser, sheetId: string, query: RowsViewQuery, sink: CsvDownloadSink): Promise<void> {
    const { columns } = await this.access.requireSheet(actor, sheetId, 'viewer');
    // A saved view (viewId) applies its filter and sorts; an unknown one is a 404 before anything is sent.
    const view = await this.views.selection(actor, sheetId, columns, query);
    const busy = (error: unknown, refusal: DomainError) => {
      throw error instanceof LimitBusyError ? refusal : error;
    };
    await this.perUser
      .run(actor.id, () =>
        this.running
          .run('all', () => this.stream(actor, sheetId, view, sink))
          .catch((error: unknown) => busy(error, DomainError.serviceUnavailable('Too many exports are running on this server; retry in a moment'))),
      )
      .catch((error: unknown) => busy(error, DomainError.rateLimited(`You have ${EXPORTS_PER_USER} exports downloading already; wait for one to finish`, 5)));
  }

  /**
   * Each export holds a database connection (its cursor) while the client downloads: a client that stops reading is
   * cut off by the sink, and the number of exports at once is bounded, per person and per instance, so downloads can
   * never take the pool from everyone else.
   */
  private async stream(actor: AuthUser, sheetId: string, view: RowsSelection, sink: CsvDownloadSink): Promise<void> {
    sink.begin();
    const sheet = await this.sheets.find(sheetId, actor.id);
    // Every column reads the rows (a formula may use a hidden one); the file holds the visible ones.
    const all = await this.columns.list(sheetId);
    const columns = all.filter((c) => !c.hidden);
    const people = personLabel(await this.members.list(sheetId));
    // Links, lookups and rollups as this reader may see them (a sheet they cannot see gives nothing of its rows).
    const source = await this.rows.stream(sheetId, all, view, await this.access.linkedSheets(actor, all));
    try {
      // The first row is read before anything is sent: a query that fails (a filter the data cannot satisfy, the
      // database going away) is then an error answer, not a 200 cut short.
      const rows = await readAhead(source.rows);
      await sink.send({ fileName: fileName(sheet?.name ?? 'spreadsheet'), chunks: csvLines(columns, rows, people) });
    } finally {
      await source.release();
    }
  }
}
