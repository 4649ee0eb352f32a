import { MAX_SUMMARIES, summaryFunctionsFor, type Column, type Member, type SummaryFunction } from '@contrivance/contracts';
import { cellText, formatNumber } from '../grid/cell-text';

export const SUMMARY_LABELS: Record<SummaryFunction, string> = {
  sum: 'Sum',
  avg: 'Average',
  min: 'Min',
  max: 'Max',
  count: 'Rows',
  empty: 'Empty',
  filled: 'Filled',
  percentFilled: '% filled',
};

/** Which summary each column shows: a person's choice where made, else a sum for number columns and nothing for the rest. */
export function chosenSummaries(columns: readonly Column[], chosen: Record<string, SummaryFunction | 'none'>): { column: Column; fn: SummaryFunction }[] {
  // The API answers at most MAX_SUMMARIES at once.
  return columns
    .flatMap((column) => {
      if (column.hidden) return [];
      const choice = chosen[column.id];
      const fns = summaryFunctionsFor(column);
      if (choice === 'none') return [];
      if (choice && fns.includes(choice)) return [{ column, fn: choice }];
      return fns.includes('sum') && choice === undefined ? [{ column, fn: 'sum' as const }] : [];
    })
    .slice(0, MAX_SUMMARIES);
}

/** A summary value as the column shows its cells: money as money, dates as dates; counts as counts, shares in percent. */
export function summaryText(column: Column, fn: SummaryFunction, value: number | string | null | undefined, members: Member[]): string {
  if (value === null || value === undefined) return '—';
  if (fn === 'count' || fn === 'empty' || fn === 'filled') return Number(value).toLocaleString();
  if (fn === 'percentFilled') return `${Number(value).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;
  const type = column.type === 'formula' || column.type === 'rollup' ? (column.resultType ?? 'text') : column.type;
  if (typeof value === 'number' && (type === 'number' || type === 'currency' || type === 'percent')) return formatNumber({ ...column, type }, value);
  return cellText({ ...column, type }, value, members);
}
