import { LINKED_COLUMN_TYPES, linkedFieldKind, type Column, type LinkedFieldKind, type RollupFunction } from '@contrivance/contracts';
import type { SqlBinder } from './column-types';
import { formulaColumnSql, formulaIsImmutable } from './formula-columns';
import { storedKeySql } from './stored-keys';

const DATE_TEXT = `'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`;

/**
 * What a reader of a sheet may see of the sheets its link columns point to: each linked sheet's columns, or null
 * when the reader cannot see that sheet (then link cells read as a count, and lookups and rollups as blank).
 * A sheet missing from the map counts as hidden.
 */
export type LinkedSheets = ReadonlyMap<string, readonly Column[] | null>;

/**
 * How a lookup or rollup is read: from the value kept in its row (`spreadsheet_rows.linked`, which every change that
 * moves it keeps current: see links/stored-linked-values), or computed from the linked rows (what keeping it does).
 */
export type LinkedMode = 'stored' | 'computed';

/** A link, lookup or rollup column's value over the row alias: SQL of its kind, and the same as JSON and as text. */
export interface LinkedSql {
  /** Typed SQL (numeric, text, boolean; dates as YYYY-MM-DD text); NULL when blank or hidden. */
  value: string;
  /** The cell as rows read it (jsonb), NULL when blank. */
  json: string;
  /** The value as text for sorting and filtering with its behaviour (lists joined with ", "). */
  text: string;
}

/** The linked row ids of a link cell, numbered in their stored order (a set-returning FROM item `e(id, n)`). */
function linkedIds(alias: string, link: Column): string {
  const json = `${alias}data->${storedKeySql(link)}`;
  return `jsonb_array_elements_text(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} END) WITH ORDINALITY AS e(id, n)`;
}

/** The rows of the other sheet that a link cell names, as `l` (rows deleted since are simply not found). */
function linkedRows(alias: string, link: Column, bind: SqlBinder): string {
  const sheet = `${bind.add(link.link!.sheetId)}::uuid`;
  return `${linkedIds(alias, link)} JOIN spreadsheet_rows l ON l.sheet_id = ${sheet} AND l.id = CASE WHEN e.id ~ '^[0-9a-f-]{36}$' THEN e.id::uuid END`;
}

/** A field of a linked row (alias `l.`) as typed SQL of its kind; select options and people as their labels and names. */
function sourceValue(source: Column, columns: readonly Column[], bind: SqlBinder): string {
  const json = `l.data->${storedKeySql(source)}`;
  const text = `l.data->>${storedKeySql(source)}`;
  switch (source.type) {
    case 'formula': {
      const { value, error } = formulaColumnSql(source, columns, bind, 'l.');
      const valid = `CASE WHEN ${error} IS NULL THEN ${value} END`;
      return source.resultType === 'date' ? `to_char(${valid}, 'YYYY-MM-DD')` : valid;
    }
    case 'number':
    case 'currency':
    case 'percent':
      return `CASE WHEN jsonb_typeof(${json}) = 'number' THEN (${text})::numeric END`;
    case 'checkbox':
      return `CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN (${text})::boolean END`;
    case 'date':
      return `CASE WHEN ${text} ~ ${DATE_TEXT} THEN ${text} END`;
    case 'select': {
      const options = source.options ?? [];
      if (!options.length) return 'NULL::text';
      return `CASE ${text} ${options.map((o) => `WHEN ${bind.add(o.id)}::text THEN ${bind.add(o.label)}::text`).join(' ')} END`;
    }
    case 'multiSelect': {
      const options = source.options ?? [];
      const label = options.length ? `COALESCE(CASE m.id ${options.map((o) => `WHEN ${bind.add(o.id)}::text THEN ${bind.add(o.label)}::text`).join(' ')} END, m.id)` : 'm.id';
      return `(SELECT string_agg(${label}, ', ' ORDER BY m.n) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} END) WITH ORDINALITY AS m(id, n))`;
    }
    case 'user':
      return `(SELECT u.display_name FROM users u WHERE u.id::text = ${text})`;
    default:
      return `NULLIF(${text}, '')`;
  }
}

/** A typed value as text, as lists join it: numbers without trailing zeros, checkboxes as true/false. */
function asText(value: string, kind: LinkedFieldKind): string {
  if (kind === 'number') return `trim_scale(${value})::text`;
  if (kind === 'checkbox') return `CASE ${value} WHEN true THEN 'true' WHEN false THEN 'false' END`;
  return value;
}

/** The label a linked row shows: its sheet's first column as text ('' when blank). */
function labelOf(columns: readonly Column[], bind: SqlBinder): string {
  const first = columns[0];
  if (!first || first.type === 'link' || first.type === 'lookup' || first.type === 'rollup') return `''`;
  return `COALESCE(${asText(sourceValue(first, columns, bind), linkedFieldKind(first))}, '')`;
}

/** The label of a row `l.` of a sheet with `columns`, as link cells into it show it (its first column as text). */
export function linkLabelSql(columns: readonly Column[], bind: SqlBinder): string {
  return labelOf(columns, bind);
}

/** Whether a link's labels (the other sheet's first column) are kept in its rows, as lookups are (see isStoredSource). */
function labelsStored(columns: readonly Column[]): boolean {
  const first = columns[0];
  return !first || first.type === 'link' || first.type === 'lookup' || first.type === 'rollup' || isStoredSource(first, columns);
}

/** A link cell: the linked rows with their labels, or only how many there are for a reader who cannot see them. */
export function linkSql(link: Column, linked: LinkedSheets, bind: SqlBinder, alias = 'r.', mode: LinkedMode = 'stored'): LinkedSql {
  const json = `${alias}data->${storedKeySql(link)}`;
  const columns = link.link ? linked.get(link.link.sheetId) : null;
  if (!columns) {
    const count = `jsonb_array_length(CASE WHEN jsonb_typeof(${json}) = 'array' THEN ${json} END)`;
    return { value: 'NULL::text', json: `CASE WHEN ${count} > 0 THEN jsonb_build_object('hidden', true, 'count', ${count}) END`, text: 'NULL::text' };
  }
  if (mode === 'stored' && labelsStored(columns)) {
    const kept = `${alias}linked->${storedKeySql(link)}`;
    const text = `(SELECT string_agg(x.v->>'label', ', ' ORDER BY x.n) FROM jsonb_array_elements(${kept}) WITH ORDINALITY AS x(v, n))`;
    return { value: text, json: kept, text };
  }
  const label = labelOf(columns, bind);
  const from = linkedRows(alias, link, bind);
  const text = `(SELECT string_agg(${label}, ', ' ORDER BY e.n) FROM ${from})`;
  return { value: text, json: `(SELECT jsonb_agg(jsonb_build_object('rowId', l.id, 'label', ${label}) ORDER BY e.n) FROM ${from})`, text };
}

/** The link column and field a lookup or rollup reads, when the reader may see them; null otherwise. */
function through(column: Column, columns: readonly Column[], linked: LinkedSheets): { link: Column; source: Column; other: readonly Column[] } | null {
  const settings = column.lookup ?? column.rollup;
  const link = settings && columns.find((c) => c.id === settings.linkColumnId && c.type === 'link');
  const other = link?.link ? linked.get(link.link.sheetId) : null;
  const source = other?.find((c) => c.id === settings!.columnId);
  return link && other && source ? { link, source, other } : null;
}

const BLANK: LinkedSql = { value: 'NULL::text', json: 'NULL::jsonb', text: 'NULL::text' };

/**
 * Whether a lookup or rollup over `source` is kept in its rows. Not when it reads the clock (a formula with TODAY or
 * NOW) or people's names: those change without any change of a sheet, so they are computed whenever rows are read.
 */
export function isStoredSource(source: Column, other: readonly Column[]): boolean {
  if (source.type === 'user') return false;
  return source.type !== 'formula' || formulaIsImmutable(source, other);
}

/**
 * The link, lookup and rollup columns of `columns` whose values are kept in their rows (a link's: its linked rows with
 * their labels), given the linked sheets' columns.
 */
export function storedLinkedColumns(columns: readonly Column[], linked: LinkedSheets): Column[] {
  return columns.filter((c) => {
    if (c.type === 'link') {
      const other = c.link && linked.get(c.link.sheetId);
      return Boolean(other) && labelsStored(other!);
    }
    if (c.type !== 'lookup' && c.type !== 'rollup') return false;
    const found = through(c, columns, linked);
    return found !== null && isStoredSource(found.source, found.other);
  });
}

/** A JSON value as stored, numbers without trailing zeros (a kept value reads as text exactly as a computed one). */
const toJson = (value: string, kind: LinkedFieldKind) => (kind === 'number' ? `to_jsonb(trim_scale(${value}))` : `to_jsonb(${value})`);

/** A kept lookup or rollup value, read from its row (see LinkedMode). */
function storedSql(column: Column, kind: LinkedFieldKind, alias: string): LinkedSql {
  const json = `${alias}linked->${storedKeySql(column)}`;
  const text = `${alias}linked->>${storedKeySql(column)}`;
  if (column.type === 'lookup') {
    const joined = `(SELECT string_agg(x.v, ', ' ORDER BY x.n) FROM jsonb_array_elements_text(${json}) WITH ORDINALITY AS x(v, n))`;
    return { value: joined, json, text: joined };
  }
  const value = kind === 'number' ? `(${text})::numeric` : kind === 'checkbox' ? `(${text})::boolean` : text;
  return { value, json, text };
}

/** A lookup cell: the field's values in the linked rows that have one, in link order. */
export function lookupSql(column: Column, columns: readonly Column[], linked: LinkedSheets, bind: SqlBinder, alias = 'r.', mode: LinkedMode = 'stored'): LinkedSql {
  const found = through(column, columns, linked);
  if (!found) return BLANK;
  const kind = linkedFieldKind(found.source);
  if (mode === 'stored' && isStoredSource(found.source, found.other)) return storedSql(column, kind, alias);
  const value = sourceValue(found.source, found.other, bind);
  const from = `${linkedRows(alias, found.link, bind)} CROSS JOIN LATERAL (SELECT ${value} AS v) s`;
  const text = `(SELECT string_agg(${asText('s.v', kind)}, ', ' ORDER BY e.n) FROM ${from} WHERE s.v IS NOT NULL)`;
  return { value: text, json: `(SELECT jsonb_agg(${toJson('s.v', kind)} ORDER BY e.n) FROM ${from} WHERE s.v IS NOT NULL)`, text };
}

/** What a rollup computes: its function over the field, as typed SQL of the rollup's result kind. */
function aggregate(fn: RollupFunction, kind: LinkedFieldKind): string {
  switch (fn) {
    case 'sum':
      return 'COALESCE(sum(s.v), 0)';
    case 'avg':
      return 'round(avg(s.v), 10)';
    case 'min':
      return 'min(s.v)';
    case 'max':
      return 'max(s.v)';
    case 'count':
      return 'count(*)::numeric';
    case 'counta':
      return 'count(s.v)::numeric';
    case 'arrayjoin':
      return `string_agg(${asText('s.v', kind)}, ', ' ORDER BY e.n)`;
    case 'and':
      return 'bool_and(s.v)';
    case 'or':
      return 'bool_or(s.v)';
  }
}

/** A rollup cell: its function over the field of the linked rows; blank for a reader who cannot see them. */
export function rollupSql(column: Column, columns: readonly Column[], linked: LinkedSheets, bind: SqlBinder, alias = 'r.', mode: LinkedMode = 'stored'): LinkedSql {
  const found = through(column, columns, linked);
  if (!found || !column.rollup) return BLANK;
  const kind = linkedFieldKind(found.source);
  const resultKind = linkedFieldKind({ ...column, type: 'rollup' });
  if (mode === 'stored' && isStoredSource(found.source, found.other)) return storedSql(column, resultKind, alias);
  const from = `${linkedRows(alias, found.link, bind)} CROSS JOIN LATERAL (SELECT ${sourceValue(found.source, found.other, bind)} AS v) s`;
  const value = `(SELECT ${aggregate(column.rollup.fn, kind)} FROM ${from})`;
  return { value, json: toJson(value, resultKind), text: `(${asText(value, resultKind)})` };
}

/** Any link, lookup or rollup column's SQL (see LinkedSql). */
export function linkedColumnSql(column: Column, columns: readonly Column[], linked: LinkedSheets, bind: SqlBinder, alias = 'r.', mode: LinkedMode = 'stored'): LinkedSql {
  if (column.type === 'link') return linkSql(column, linked, bind, alias, mode);
  if (column.type === 'lookup') return lookupSql(column, columns, linked, bind, alias, mode);
  return rollupSql(column, columns, linked, bind, alias, mode);
}

/**
 * The values kept in a row for its stored lookups and rollups (see storedLinkedColumns), computed from the linked
 * rows: one jsonb object by column id, blank ones left out.
 */
export function storedLinkedJson(stored: readonly Column[], columns: readonly Column[], linked: LinkedSheets, bind: SqlBinder, alias = 'r.'): string {
  const pairs = stored.map((c) => `${storedKeySql(c)}, ${linkedColumnSql(c, columns, linked, bind, alias, 'computed').json}`);
  // jsonb_build_object takes at most 100 arguments: 50 columns per call.
  const objects = [];
  for (let i = 0; i < pairs.length || i === 0; i += 50) objects.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
  return `jsonb_strip_nulls(${objects.join(' || ')})`;
}

export const isLinkedType = (column: Column) => LINKED_COLUMN_TYPES.includes(column.type);
