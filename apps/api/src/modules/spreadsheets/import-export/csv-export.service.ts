import { Injectable } from '@nestjs/common';
import type { CellValue, Column, RowsViewQuery } from '@contrivance/contracts';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { AuthUser } from '../../../common/auth/auth-user';
import { KeyedLimit, LimitBusyError } from '../../../common/concurrency/keyed-limit';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { cellText } from '../cells/cell-values';
import { ColumnsRepository } from '../columns/columns.repository';
import { RowsRepository } from '../rows/rows.repository';
import { MembersRepository } from '../access/members.repository';
import { SpreadsheetsRepository } from '../sheets/spreadsheets.repository';
import { personLabel } from '../cells/person-refs';
import { neutraliseFormula } from './csv-safety';

function exportCell(column: Column, value: CellValue | undefined, label: (userId: string) => string | undefined): string | number | boolean {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value;
  if (column.type === 'user') return neutraliseFormula(label(String(value)) ?? String(value));
  return neutraliseFormula(cellText(column, value));
}

/** A safe file name from the sheet name. */
const fileName = (name: string) => `${name.replace(/[^\w .-]+/g, '_').trim() || 'spreadsheet'}.csv`;

/** Exports one person may download at once, and exports one instance runs at once. */
const EXPORTS_PER_USER = 2;
const EXPORTS_PER_INSTANCE = 8;
/** A download that makes no progress for this long is cut off (its connection goes back to the pool). */
const STALL_MS = 60_000;

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
  ) {}

  /**
   * Streams the sheet as CSV in the order and filter of the current view: a header of column names, option labels
   * and member names instead of ids, and text that could run as a formula neutralised.
   */
  async export(actor: AuthUser, sheetId: string, view: RowsViewQuery, res: Response): Promise<void> {
    await this.access.require(actor, sheetId, 'viewer');
    const busy = (error: unknown, refusal: DomainError) => {
      throw error instanceof LimitBusyError ? refusal : error;
    };
    await this.perUser
      .run(actor.id, () =>
        this.running
          .run('all', () => this.stream(actor, sheetId, view, res))
          .catch((error: unknown) => busy(error, DomainError.serviceUnavailable('Too many exports are running on this server; retry in a moment'))),
      )
      .catch((error: unknown) => busy(error, DomainError.rateLimited(`You have ${EXPORTS_PER_USER} exports downloading already; wait for one to finish`, 5)));
  }

  /**
   * Each export holds a database connection (its cursor) while the client downloads: a client that stops reading is
   * cut off after STALL_MS without progress, and the number of exports at once is bounded, per person and per
   * instance, so downloads can never take the pool from everyone else.
   */
  private async stream(actor: AuthUser, sheetId: string, view: RowsViewQuery, res: Response): Promise<void> {
    res.setTimeout(STALL_MS, () => res.destroy());
    const sheet = await this.sheets.find(sheetId, actor.id);
    const columns = (await this.columns.list(sheetId)).filter((c) => !c.hidden);
    const label = personLabel(await this.members.list(sheetId));
    const source = await this.rows.stream(sheetId, columns, view);
    try {
      // The first row is read before anything is sent: a query that fails (a filter the data cannot satisfy, the
      // database going away) is then an error answer, not a 200 cut short.
      const rows = source.rows[Symbol.asyncIterator]();
      const first = await rows.next();
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${fileName(sheet?.name ?? 'spreadsheet')}"`);
      res.setHeader('Cache-Control', 'no-store');
      const records = Readable.from(
        (async function* () {
          yield columns.map((c) => neutraliseFormula(c.name));
          if (first.done) return;
          yield columns.map((c) => exportCell(c, first.value.data[c.id], label));
          for (let next = await rows.next(); !next.done; next = await rows.next()) yield columns.map((c) => exportCell(c, next.value.data[c.id], label));
        })(),
      );
      await pipeline(records, stringify({ bom: true }), res);
    } finally {
      await source.release();
    }
  }
}
