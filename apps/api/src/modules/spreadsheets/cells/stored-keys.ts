import type { Column } from '@contrivance/contracts';

/**
 * How cells are keyed where they are stored. `spreadsheet_rows.data` (and `linked`) key each cell by its column's
 * small per-sheet integer key (`spreadsheet_columns.key`, given at creation and never given again in that sheet), not
 * by the 36-character column id: a row of ten cells is about half the size. Everything past the repositories — the
 * API, history, events, webhooks, CSV — keys cells by column id, so rows are mapped here, at the edge.
 *
 * A column read from the database carries its key under a symbol: JSON, the socket and Redis encoders and the OpenAPI
 * document never see it, while spreads (`{ ...column, type }`) keep it.
 */
const STORED_KEY = Symbol('stored key');

type Keyed = { [STORED_KEY]?: number };

/** A column with its stored key (the mapper gives it to every column read from the database). */
export function withStoredKey<C extends Pick<Column, 'id'>>(column: C, key: number): C {
  return Object.assign(column, { [STORED_KEY]: key });
}

/** A column's key in stored rows, as a JSON object key. */
export function storedKey(column: Pick<Column, 'id'>): string {
  const key = (column as Keyed)[STORED_KEY];
  if (!Number.isInteger(key)) throw new Error(`column ${column.id} has no stored key`);
  return String(key);
}

/**
 * A column's key as a SQL literal (`'7'`), for expressions over `data` and `linked`: written as a literal so that one
 * column's expression is the same text in every query, as expression indexes need. A key is an integer: no quoting
 * is needed.
 */
export const storedKeySql = (column: Pick<Column, 'id'>) => `'${storedKey(column)}'`;

/** A sheet's columns both ways between column ids and stored keys. */
export class StoredKeys {
  private readonly keyOf = new Map<string, string>();
  private readonly idOf = new Map<string, string>();

  constructor(columns: readonly Pick<Column, 'id'>[]) {
    for (const column of columns) {
      const key = storedKey(column);
      this.keyOf.set(column.id, key);
      this.idOf.set(key, column.id);
    }
  }

  /** The keys of these columns, as `toStored` leaves out those the sheet does not have. */
  keys(columnIds: readonly string[]): string[] {
    return columnIds.flatMap((id) => this.keyOf.get(id) ?? []);
  }

  /**
   * Cells keyed by column id as stored. Values of columns the sheet does not have are left out (callers have checked
   * values against the columns; a column deleted meanwhile has no cells).
   */
  toStored<V>(values: Readonly<Record<string, V>>): Record<string, V> {
    return renamed(values, this.keyOf);
  }

  /** Stored cells keyed by column id; a key no column has any more is left out. */
  toIds<V>(data: Readonly<Record<string, V>>): Record<string, V> {
    return renamed(data, this.idOf);
  }
}

/** `record` with each key renamed as `names` says, keys it does not name left out. */
function renamed<V>(record: Readonly<Record<string, V>>, names: ReadonlyMap<string, string>): Record<string, V> {
  const out: Record<string, V> = {};
  for (const key in record) {
    const name = names.get(key);
    if (name !== undefined) out[name] = record[key];
  }
  return out;
}

const cache = new WeakMap<readonly Column[], StoredKeys>();

/**
 * The StoredKeys of a list of columns, made once per list: a sheet's columns are one cached, frozen array per columns
 * version (see SheetAccessService), so a page of rows or a bulk insert does not rebuild the maps.
 */
export function storedKeys(columns: readonly Column[]): StoredKeys {
  let keys = cache.get(columns);
  if (!keys) cache.set(columns, (keys = new StoredKeys(columns)));
  return keys;
}

/**
 * SQL turning stored cells (jsonb `data` of a row of sheet `sheet`, both SQL) into cells keyed by column id, for the
 * paths that read rows without their sheet's columns at hand (undo, restores). Keys no column has are left out.
 */
export const dataByIdSql = (data: string, sheet: string) =>
  `coalesce((SELECT jsonb_object_agg(c.id, d.value) FROM jsonb_each(${data}) d JOIN spreadsheet_columns c ON c.sheet_id = ${sheet} AND c.key::text = d.key), '{}'::jsonb)`;

/** The other way: cells keyed by column id (jsonb SQL) as stored in sheet `sheet`; ids no column has are left out. */
export const dataByKeySql = (data: string, sheet: string) =>
  `coalesce((SELECT jsonb_object_agg(c.key::text, d.value) FROM jsonb_each(${data}) d JOIN spreadsheet_columns c ON c.sheet_id = ${sheet} AND c.id::text = d.key), '{}'::jsonb)`;

/** The stored key of the column whose id is `id` (SQL, e.g. a parameter), as jsonb's `->>` takes it; NULL for none. */
export const storedKeyOfIdSql = (id: string) => `(SELECT c.key::text FROM spreadsheet_columns c WHERE c.id = ${id}::uuid)`;

/** The stored keys of the columns whose ids are `ids` (SQL of a uuid or text array), as a text[] for `?|`. */
export const storedKeysOfIdsSql = (ids: string) => `ARRAY(SELECT c.key::text FROM spreadsheet_columns c WHERE c.id = ANY(${ids}::uuid[]))`;
