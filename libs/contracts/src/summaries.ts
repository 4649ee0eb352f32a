import type { Count } from './scalars';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsUUID, Matches } from 'class-validator';
import { linkedFieldKind } from './rollups';
import { RowsViewQuery, type Column } from './spreadsheets';

/** What a column's footer (and each group) can show: sum, average, min, max, rows counted, empty and filled cells. */
export const SUMMARY_FUNCTIONS = ['sum', 'avg', 'min', 'max', 'count', 'empty', 'filled', 'percentFilled'] as const;
export type SummaryFunction = (typeof SUMMARY_FUNCTIONS)[number];

/**
 * The functions a column can be summarised by: sum and average for numbers (computed ones by their result), min and
 * max for numbers and dates, counts for every column.
 */
export function summaryFunctionsFor(column: Pick<Column, 'type' | 'resultType'>): SummaryFunction[] {
  const kind = column.type === 'link' || column.type === 'lookup' ? 'text' : linkedFieldKind(column);
  const counts: SummaryFunction[] = ['count', 'empty', 'filled', 'percentFilled'];
  if (kind === 'number') return ['sum', 'avg', 'min', 'max', ...counts];
  if (kind === 'date') return ['min', 'max', ...counts];
  return counts;
}

/** Summaries one request may ask for. */
export const MAX_SUMMARIES = 50;

const asArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/**
 * `GET /summary`: `fn=<columnId>:<function>` (repeatable), over the rows of the view (`viewId`) and the rows API's
 * `filter`s, optionally per group of `groupBy` (a column's values).
 */
export class SummaryQuery extends RowsViewQuery {
  @Transform(asArray)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SUMMARIES)
  @Matches(new RegExp(`^[0-9a-f-]{36}:(${SUMMARY_FUNCTIONS.join('|')})$`, 'i'), { each: true, message: `fn must look like <columnId>:<${SUMMARY_FUNCTIONS.join('|')}>` })
  fn: string[];

  /** One column, or two (repeated): groups of the first, each with the groups of the second inside it. */
  @IsOptional()
  @Transform(asArray)
  @IsArray()
  @ArrayMaxSize(2, { message: 'groupBy takes at most two columns' })
  @IsUUID('all', { each: true, message: 'groupBy must be a column id' })
  groupBy?: string[];
}

/** Summary values by `"<columnId>:<function>"`: numbers (dates for min and max of dates), null over no values. */
export type SummaryValues = Record<string, number | string | null>;

export interface SummaryGroup {
  /** The group's value of the groupBy column as stored (an option id, a date, text…); null for rows without one. */
  key: string | null;
  count: Count;
  values: SummaryValues;
  /** With a second `groupBy`: this group's rows by the second column's values, in its order. */
  groups?: SummaryGroup[];
}

export interface SummaryResult {
  values: SummaryValues;
  /** With `groupBy`: one per value, in the column's order (options in their order, the rest sorted), empty last. */
  groups?: SummaryGroup[];
}
