import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Column, SummaryFunction, SummaryGroup, SummaryResult, SummaryValues } from '@contrivance/contracts';
import { DataSource } from 'typeorm';
import { SqlParams } from '../../../database/sql-params';
import type { LinkedSheets } from '../cells/linked-columns';
import { buildRowsSql, type RowsSelection } from '../rows/rows-query';
import { groupKeySql, summarySql } from './summary-sql';

/** Groups answered at most (a column of a million distinct values is not a grouping). */
export const MAX_GROUPS = 1000;

export interface SummaryRequest {
  column: Column;
  fn: SummaryFunction;
  /** `"<columnId>:<fn>"`, as answered. */
  key: string;
}

/** numeric comes back as text: numbers as numbers, dates (min/max of dates) as they are. */
function toValue(value: unknown): number | string | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

/** The SQL of column summaries over a selection of rows, in one scan (and one more per grouping). */
@Injectable()
export class SummariesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async summary(sheetId: string, columns: Column[], selection: RowsSelection, wanted: SummaryRequest[], groupBy: Column | undefined, linked: LinkedSheets): Promise<SummaryResult> {
    const run = async (grouped: boolean) => {
      const params = new SqlParams([sheetId]);
      const rows = buildRowsSql(columns, [], selection.filter, params, linked, selection.where);
      const aggregates = wanted.map((w, i) => `${summarySql(w.column, w.fn, columns, params, linked)} AS v${i}`).join(', ');
      const from = `FROM spreadsheet_rows r WHERE r.sheet_id = $1${rows.where}`;
      if (!grouped || !groupBy) return this.dataSource.query<Record<string, unknown>[]>(`SELECT count(*)::int AS n, ${aggregates} ${from}`, params.values);
      const { key, order } = groupKeySql(groupBy, columns, params, linked);
      return this.dataSource.query<Record<string, unknown>[]>(
        `SELECT * FROM (SELECT ${key} AS k, min(${order}) AS o, count(*)::int AS n, ${aggregates} ${from} GROUP BY 1) g ORDER BY o ASC NULLS LAST, k ASC NULLS LAST LIMIT ${MAX_GROUPS}`,
        params.values,
      );
    };
    const valuesOf = (row: Record<string, unknown>): SummaryValues => Object.fromEntries(wanted.map((w, i) => [w.key, toValue(row[`v${i}`])]));
    const [total] = await run(false);
    const result: SummaryResult = { values: valuesOf(total) };
    if (groupBy) {
      result.groups = (await run(true)).map((g): SummaryGroup => ({ key: typeof g.k === 'string' ? g.k : null, count: Number(g.n), values: valuesOf(g) }));
    }
    return result;
  }
}
