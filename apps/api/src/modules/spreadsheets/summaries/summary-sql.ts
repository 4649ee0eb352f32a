import { linkedFieldKind, type Column, type SummaryFunction } from '@contrivance/contracts';
import { behaviourOf, type SqlBinder } from '../cells/column-types';
import type { LinkedSheets } from '../cells/linked-columns';
import { anyCellSql } from '../rows/rows-query';

/** Whether a cell holds something (SQL over the row `r`): a stored cell is absent when empty, a computed one NULL. */
const filledSql = (text: string) => `((${text}) IS NOT NULL AND (${text}) <> '')`;

/**
 * A summary of one column over the rows of a query (SQL aggregate over `r`): sums and averages of numbers (computed
 * columns by their result), min and max of numbers or dates (as YYYY-MM-DD text), counts of rows, empty and filled
 * cells, and the share of filled ones in percent.
 */
export function summarySql(column: Column, fn: SummaryFunction, columns: readonly Column[], bind: SqlBinder, linked: LinkedSheets): string {
  const cell = anyCellSql(column, columns, bind, 'r.', linked);
  const kind = column.type === 'link' || column.type === 'lookup' ? 'text' : linkedFieldKind(column);
  const value = kind === 'number' ? `(${cell.text})::numeric` : `(${cell.text})`;
  switch (fn) {
    case 'sum':
      return `COALESCE(sum(${value}), 0)`;
    case 'avg':
      return `round(avg(${value}), 10)`;
    case 'min':
      return `min(${value})`;
    case 'max':
      return `max(${value})`;
    case 'count':
      return 'count(*)';
    case 'empty':
      return `count(*) FILTER (WHERE NOT ${filledSql(cell.text)})`;
    case 'filled':
      return `count(*) FILTER (WHERE ${filledSql(cell.text)})`;
    case 'percentFilled':
      return `round(100.0 * count(*) FILTER (WHERE ${filledSql(cell.text)}) / NULLIF(count(*), 0), 2)`;
  }
}

/** A groupBy column's value as the group key (stored form: option ids, dates, text) and the order of its groups. */
export function groupKeySql(column: Column, columns: readonly Column[], bind: SqlBinder, linked: LinkedSheets): { key: string; order: string } {
  const cell = anyCellSql(column, columns, bind, 'r.', linked);
  // Groups come in the column's sort order, taken as min() over each group: booleans have no min(), so false, true.
  const order =
    linkedFieldKind(column) === 'checkbox' && column.type !== 'link' && column.type !== 'lookup' ? `(${cell.text})::boolean::int` : behaviourOf(column).sortBy(cell, column, bind);
  return { key: `(${cell.text})`, order };
}
