import type { RowIndexSpec } from './rows-query';

/**
 * Every stored value of a row as one text (`["Deal 7", 120.5, "<option id>", …]`: the values without their keys,
 * JSON-escaped), which a sheet's search index holds trigrams of and a search query tests first, so that PostgreSQL can
 * find the few rows that contain a term without reading the others. Written exactly so in both places (an expression
 * index is used only for the very same expression); `jsonb_path_query_array` is immutable, and leaving the keys (column
 * ids) out keeps the index small.
 */
export const rowTextSql = (alias: '' | 'r.') => `(jsonb_path_query_array(${alias}data, '$.*')::text)`;

/**
 * A sheet's search index: trigrams of its rows' text (GIN, pg_trgm), so `ILIKE '%term%'` reads the rows that contain
 * the term's trigrams only. About no column (its registry entry names the sheet's own id): a column change does not
 * drop it, since it holds values, not columns.
 */
export function searchIndexSpec(sheetId: string): RowIndexSpec {
  return { columnId: sheetId, kind: 'search', expression: `${rowTextSql('')} gin_trgm_ops`, method: 'gin', extension: 'pg_trgm' };
}
