import type { Column } from '@contrivance/contracts';
import type { SqlBinder } from './column-types';
import { formulaColumnSql } from './formula-columns';
import { isLinkedType, linkedColumnSql, type LinkedSheets } from './linked-columns';
import { storedKey, storedKeySql } from './stored-keys';

/**
 * The row's cells as JSON, as readers get them: every formula column computed (its value, absent when blank as an
 * empty stored cell is, or `{ "error": "#DIV/0!" }`), and with `linked` (what the reader may see of linked sheets)
 * link cells as their linked rows or count, lookups and rollups computed. Without `linked` link cells stay the stored
 * row ids and lookups and rollups are left out: the form writers compare and history keeps. Just `data` when the
 * sheet has nothing computed. Keyed as stored (see rows/stored-keys): the repositories map the keys.
 */
export function rowDataSql(columns: readonly Column[], bind: SqlBinder, alias = 'r.', linked?: LinkedSheets): string {
  const computed = columns.filter((c) => c.type === 'formula' || (linked && isLinkedType(c)));
  if (!computed.length) return `${alias}data`;
  const stale = bind.add(computed.map(storedKey));
  const parts = computed.map((column) => {
    const key = storedKeySql(column);
    if (column.type !== 'formula') {
      const { json } = linkedColumnSql(column, columns, linked!, bind, alias);
      // A blank cell leaves its key out (the value is written once: it is a subquery).
      return `jsonb_strip_nulls(jsonb_build_object(${key}, ${json}))`;
    }
    const { value, error } = formulaColumnSql(column, columns, bind, alias);
    return `CASE WHEN ${error} IS NOT NULL THEN jsonb_build_object(${key}, jsonb_build_object('error', ${error}))
      WHEN ${value} IS NULL THEN '{}'::jsonb ELSE jsonb_build_object(${key}, to_jsonb(${value})) END`;
  });
  return `(${alias}data - ${stale}::text[]) || ${parts.join(' || ')}`;
}
