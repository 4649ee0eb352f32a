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

  /** Summaries of the selected rows; with `groupBy` (one or two columns), per group, the second level inside the first. */
  async summary(sheetId: string, columns: Column[], selection: RowsSelection, wanted: SummaryRequest[], groupBy: Column[], linked: LinkedSheets): Promise<SummaryResult> {
    const run = async (levels: Column[]) => {
      const params = new SqlParams([sheetId]);
      const rows = buildRowsSql(columns, [], selection.filter, params, linked, selection.where);
      const aggregates = wanted.map((w, i) => `${summarySql(w.column, w.fn, columns, params, linked)} AS v${i}`).join(', ');
      const from = `FROM spreadsheet_rows r WHERE r.sheet_id = $1${rows.where}`;
      if (!levels.length) return this.dataSource.query<Record<string, unknown>[]>(`SELECT count(*)::int AS n, ${aggregates} ${from}`, params.values);
      const keys = levels.map((column) => groupKeySql(column, columns, params, linked));
      const select = keys.map((k, i) => `${k.key} AS k${i}, min(${k.order}) AS o${i}`).join(', ');
      const order = keys.map((_, i) => `o${i} ASC NULLS LAST, k${i} ASC NULLS LAST`).join(', ');
      const groupedBy = keys.map((_, i) => `k${i}`).join(', ');
      return this.dataSource.query<Record<string, unknown>[]>(
        `SELECT * FROM (SELECT ${select}, count(*)::int AS n, ${aggregates} ${from} GROUP BY ${groupedBy}) g ORDER BY ${order} LIMIT ${MAX_GROUPS * levels.length}`,
        params.values,
      );
    };
    const valuesOf = (row: Record<string, unknown>): SummaryValues => Object.fromEntries(wanted.map((w, i) => [w.key, toValue(row[`v${i}`])]));
    const group = (row: Record<string, unknown>, level: number): SummaryGroup => ({
      key: typeof row[`k${level}`] === 'string' ? (row[`k${level}`] as string) : null,
      count: Number(row.n),
      values: valuesOf(row),
    });
    const [total] = await run([]);
    const result: SummaryResult = { values: valuesOf(total) };
    if (!groupBy.length) return result;
    result.groups = (await run(groupBy.slice(0, 1))).slice(0, MAX_GROUPS).map((g) => group(g, 0));
    if (groupBy.length > 1) {
      // The second level, in the first level's order: each pair's group inside its first-level group.
      const byKey = new Map(result.groups.map((g) => [g.key, g]));
      for (const row of await run(groupBy)) {
        const parent = byKey.get(group(row, 0).key);
        if (parent) (parent.groups ??= []).push(group(row, 1));
      }
    }
    return result;
  }
}
