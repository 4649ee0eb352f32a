import type { CellValue, Column, LinkedRow, RowValue } from '@contrivance/contracts';
import { stringify } from 'csv-stringify/sync';
import { cellText } from '../cells/cell-values';
import type { RowRecord } from '../spreadsheets.mapper';
import { neutraliseFormula } from './csv-safety';

/** How a member is written in a file (see personLabel); undefined for someone who is no longer a member. */
export type PersonName = (userId: string) => string | undefined;

function exportCell(column: Column, value: RowValue | undefined, people: PersonName): string | number {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && !Array.isArray(value)) {
    // A formula that fails for the row is written as its error code, as spreadsheets show it; links the reader
    // cannot see are written as nothing.
    return 'error' in value ? neutraliseFormula(value.error) : '';
  }
  // Links as the linked rows' labels, lookups as their values, each list joined as multi-selects are.
  if (column.type === 'link') return neutraliseFormula((value as LinkedRow[]).map((l) => l.label).join(', '));
  if (column.type === 'lookup') return neutraliseFormula((value as CellValue[]).map((v) => (Array.isArray(v) ? v.join(', ') : String(v))).join(', '));
  if (column.type === 'user') return neutraliseFormula(people(value as string) ?? (value as string));
  return neutraliseFormula(cellText(column, value as CellValue));
}

/**
 * The CSV text of rows, one chunk per line, as they are read: a byte-order mark and a header of column names, then a
 * line per row with option labels and member names instead of ids, formula cells computed, and text that could run as a formula neutralised.
 * Nothing is buffered, so an export of any size streams at the pace its reader takes it.
 */
export async function* csvLines(columns: Column[], rows: AsyncIterable<Pick<RowRecord, 'data'>>, people: PersonName): AsyncGenerator<string> {
  yield stringify([columns.map((c) => neutraliseFormula(c.name))], { bom: true });
  for await (const row of rows) yield stringify([columns.map((c) => exportCell(c, row.data[c.id], people))]);
}
