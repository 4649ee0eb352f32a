import type { Column } from '@contrivance/contracts';
import { storedKey, withStoredKey } from '../../src/modules/spreadsheets/cells/stored-keys';
import { testDatabaseUrl, withClient } from './app';

/**
 * Columns as the API answers them (without their stored keys) given their keys from the database, as the app's own
 * columns have them: for specs that build the app's SQL or read stored rows.
 */
export async function withStoredKeys<C extends Column>(columns: readonly C[], url = testDatabaseUrl()): Promise<C[]> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ id: string; key: number }>(`SELECT id, key FROM spreadsheet_columns WHERE id = ANY($1::uuid[])`, [columns.map((c) => c.id)]),
  );
  const keys = new Map(rows.map((r) => [r.id, r.key]));
  return columns.map((column) => withStoredKey({ ...column }, keys.get(column.id)!));
}

/** A column's key in stored rows (`data->>'<key>'`). */
export async function storedKeyOf(column: Column, url = testDatabaseUrl()): Promise<string> {
  const [keyed] = await withStoredKeys([column], url);
  return storedKey(keyed);
}
