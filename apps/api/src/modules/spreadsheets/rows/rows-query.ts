import { createHash } from 'node:crypto';
import {
  COMPUTED_COLUMN_TYPES,
  ErrorCode,
  type CellValue,
  type Column,
  type FilterOperator,
  type FormulaResultType,
  type ViewFilterCondition,
  type ViewFilterGroup,
} from '@contrivance/contracts';
import { DomainError } from '../../../common/errors/domain-error';
import { SqlParams } from '../../../database/sql-params';
import { normaliseCell } from '../cells/cell-values';
import { behaviourOf, COLUMN_TYPES, type CellSql, type FilterInput, type SqlBinder } from '../cells/column-types';
import { formulaIsImmutable, formulaValueSql } from '../cells/formula-columns';
import { isLinkedType, linkedColumnSql, storedLinkedColumns, type LinkedSheets } from '../cells/linked-columns';
import { storedKeySql } from '../cells/stored-keys';

/** Stands for the sheet id, $1 of every rows query, when the caller keeps its own parameters. */
const SHEET_ID = Symbol('sheet id');
const RANGE = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** Which rows, in which order: the rows API's `sort` and `filter` strings, and a saved view's filter. */
export interface RowsSelection {
  sort?: string[];
  filter?: string[];
  where?: ViewFilterGroup;
}

/**
 * A view filter of plain conditions all AND-ed, as the rows API's `filter` strings (what per-view indexes are planned
 * from); null for one with OR or nested groups, which the indexes cannot serve.
 */
export function filterStrings(group: ViewFilterGroup | undefined): string[] | null {
  if (!group) return [];
  if (group.op !== 'and' && group.conditions.length > 1) return null;
  const plain = group.conditions.filter((c): c is ViewFilterCondition => !('conditions' in c));
  if (plain.length !== group.conditions.length) return null;
  return plain.map((c) => `${c.columnId}:${c.operator}${c.value === undefined ? '' : `:${rawValue(c.value)}`}`);
}

/**
 * Applies a query's saved view (`viewId`): its filter and sorts as a RowsSelection (see ViewsService, which provides
 * it: views sit above rows).
 */
export abstract class ViewSelections {
  abstract selection(actor: { id: string }, sheetId: string, columns: readonly Column[], query: RowsSelection & { viewId?: string }): Promise<RowsSelection>;
}

/** SQL pieces for a rows listing; their parameters are added to the query's SqlParams. */
export interface RowsSql {
  where: string;
  orderBy: string;
  /** The parameters `where` added (with the query's own before them, enough for a count). */
  whereParams: unknown[];
  /** Every parameter added, `where`'s then `orderBy`'s. */
  params: unknown[];
}

function refuse(message: string, field: string): never {
  throw new DomainError(ErrorCode.ValidationFailed, message, [{ field, message }]);
}

/** A column's cell in SQL; `alias` is "r." in queries and "" in index definitions, which must repeat the expression exactly. */
function cellSql(column: Column, alias: string): CellSql {
  const key = storedKeySql(column);
  return { text: `${alias}data->>${key}`, json: `${alias}data->${key}` };
}

/**
 * A formula column's computed value as its result type's behaviour reads a stored cell: as text (dates as
 * YYYY-MM-DD, checkboxes as true/false, as they are stored), NULL where blank or failing.
 */
function formulaCellSql(column: Column, columns: readonly Column[], bind: SqlBinder, alias: string): CellSql {
  const value = formulaValueSql(column, columns, bind, alias);
  const text = column.resultType === 'date' ? `to_char(${value}, 'YYYY-MM-DD')` : `(${value})::text`;
  return { text: `(${text})`, json: `to_jsonb(${value})` };
}

/** Any column's cell: stored, or computed (formulas need the sheet's columns, links what the reader may see of linked sheets). */
export function anyCellSql(column: Column, columns: readonly Column[], bind: SqlBinder, alias: string, linked: LinkedSheets): CellSql {
  if (column.type === 'formula') return formulaCellSql(column, columns, bind, alias);
  if (isLinkedType(column)) {
    const sql = linkedColumnSql(column, columns, linked, bind, alias);
    return { text: sql.text, json: sql.json };
  }
  return cellSql(column, alias);
}

/** No linked sheet visible: what index definitions and callers without a reader assume. */
const NO_LINKS: LinkedSheets = new Map();

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Literals that PostgreSQL folds to the same constants a bound parameter becomes when it plans the query, so a
 * partial index's predicate written with them is recognised as implied by the query's conditions.
 */
class Literals implements SqlBinder {
  add(value: unknown): string {
    if (Array.isArray(value)) return `ARRAY[${value.map((v) => quote(String(v))).join(', ')}]`;
    return quote(String(value));
  }
}

/** Numbers numerically, dates chronologically, options in their order, text case-insensitively (see COLUMN_TYPES). */
function sortExpression(column: Column, bind: SqlBinder, alias = 'r.', columns: readonly Column[] = [], linked = NO_LINKS): string {
  return behaviourOf(column).sortBy(anyCellSql(column, columns, bind, alias, linked), column, bind);
}

function filterValue(column: Column, raw: string, field: string): CellValue {
  // A computed column's filter value is a value of its result type (links and lookups: text).
  const rules =
    column.type === 'formula' || column.type === 'rollup' ? { ...column, type: column.resultType ?? 'text' } : isLinkedType(column) ? { ...column, type: 'text' as const } : column;
  const result = normaliseCell({ ...rules, required: false }, raw);
  if (!result.ok || result.value === null) refuse(`filter value for "${column.name}" ${result.ok ? 'is empty' : result.message}`, field);
  return result.value;
}

function filterCondition(
  column: Column,
  op: FilterOperator,
  raw: string,
  bind: SqlBinder,
  field: string,
  alias = 'r.',
  columns: readonly Column[] = [],
  linked = NO_LINKS,
): string {
  const k = storedKeySql(column);
  const cell = anyCellSql(column, columns, bind, alias, linked);
  const { filter } = behaviourOf(column);
  const input: FilterInput = {
    bind,
    value: (text) => filterValue(column, text, field),
    option: (text) => filterValue({ ...column, type: 'select' }, text, field) as string,
  };
  const computed = COMPUTED_COLUMN_TYPES.includes(column.type);
  if (computed && (op === 'isEmpty' || op === 'isNotEmpty')) return `(${cell.text}) IS ${op === 'isEmpty' ? '' : 'NOT '}NULL`;
  if (op === 'isEmpty') return `NOT (${alias}data ? ${k})`;
  if (op === 'isNotEmpty') return `(${alias}data ? ${k})`;
  if (op === 'contains') {
    if (!filter.contains) refuse(`contains works on text columns, not on "${column.name}"`, field);
    return filter.contains(cell, raw, input);
  }
  if (op === 'in') {
    if (!filter.anyOf) refuse(`in works on select columns, not on "${column.name}"`, field);
    // Sorted and unique, so one set of options is always written the same way (index predicates depend on it).
    return filter.anyOf(cell, [...new Set(raw.split(',').map(input.option))].sort(), input);
  }
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
    if (!filter.range) refuse(`${op} works on number and date columns, not on "${column.name}"`, field);
    return filter.range(cell, RANGE[op], raw, input);
  }
  const equal = filter.equals(cell, raw, input);
  return op === 'eq' ? equal : `NOT coalesce(${equal}, false)`;
}

/** A view filter condition's value as the rows API writes it after `<columnId>:<op>:` (a list: its items joined with commas). */
const rawValue = (value: ViewFilterCondition['value']) => (value === undefined ? '' : Array.isArray(value) ? value.join(',') : String(value));

/**
 * Turns `sort` and `filter` strings (already shape-checked by RowsQuery), and a saved view's filter `where` (AND-ed
 * with them), into SQL over `spreadsheet_rows r`, adding their values to `params` (by default after the sheet id as $1).
 * Unknown columns and operators that do not fit the column's type are 400s. Empty cells sort last both ways; rows
 * with equal keys keep their sheet order.
 */
export function buildRowsSql(
  columns: Column[],
  sort: string[] = [],
  filter: string[] = [],
  params = new SqlParams([SHEET_ID]),
  linked = NO_LINKS,
  where?: ViewFilterGroup,
): RowsSql {
  const byId = new Map(columns.map((c) => [c.id, c]));
  const first = params.values.length;
  const column = (id: string, field: string) => byId.get(id.toLowerCase()) ?? refuse(`no column ${id} in this spreadsheet`, field);

  const conditions = filter.map((f, i) => {
    const [id, op, ...rest] = f.split(':');
    return filterCondition(column(id, `filter[${i}]`), op as FilterOperator, rest.join(':'), params, `filter[${i}]`, 'r.', columns, linked);
  });
  const group = (g: ViewFilterGroup, path: string): string => {
    const parts = g.conditions.map((c, i) => {
      const field = `${path}.conditions[${i}]`;
      if ('conditions' in c) return group(c, field);
      return filterCondition(column(c.columnId, field), c.operator, rawValue(c.value), params, field, 'r.', columns, linked);
    });
    if (!parts.length) return 'TRUE';
    return `(${parts.join(g.op === 'and' ? ' AND ' : ' OR ')})`;
  };
  if (where) conditions.push(group(where, 'filter'));
  const whereParams = params.values.slice(first);
  const orders = sort.map((s, i) => {
    const [id, direction] = s.split(':');
    return `${sortExpression(column(id, `sort[${i}]`), params, 'r.', columns, linked)} ${direction.toLowerCase() === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`;
  });
  return {
    where: conditions.length ? ` AND ${conditions.join(' AND ')}` : '',
    orderBy: [...orders, 'r.position ASC', 'r.id ASC'].join(', '),
    whereParams,
    params: params.values.slice(first),
  };
}

/** A formula column's key as a SQL function of the row's `data`, which its per-view indexes are built on (see formulaKeyFunction). */
export interface IndexFunction {
  /** `sr_fx_` and a hash of the definition: a changed key is another function, never a replacement of this one. */
  name: string;
  /** The CREATE FUNCTION statement, every constant in it a literal. */
  definition: string;
}

/** An index that would serve a view of a large sheet. */
export interface RowIndexSpec {
  /** The column the index is about (for `count`, the first filtered one); an index goes when one of its columns does. */
  columnId: string;
  kind: 'sort-asc' | 'sort-desc' | 'filter' | 'count' | 'search';
  /**
   * The indexed expressions, without the table alias, exactly as the rows query writes them; for a formula column, a
   * call of `function`, which PostgreSQL inlines into what the rows query writes.
   */
  expression: string;
  /** Extra conditions of a partial index (beyond its sheet), without the table alias. */
  predicate?: string;
  /** The function `expression` calls, created before the index (formula columns only). */
  function?: IndexFunction;
  /** The index method when not a b-tree (the search index is GIN). */
  method?: 'gin';
  /** An extension the index needs (its operator class): no index is built where the server lacks it. */
  extension?: 'pg_trgm';
}

/**
 * The SQL types of the keys of formula results an index can hold. For these the sort key is also what equality and
 * range filters compare (`sortBy` and `filterIndex` of number, text and checkbox differ only in parentheses), so one
 * function serves both kinds of index. Not dates: a date formula reads as text through to_char, which PostgreSQL marks
 * only stable.
 */
const FORMULA_KEY_TYPES: Partial<Record<FormulaResultType, string>> = { number: 'numeric', currency: 'numeric', percent: 'numeric', text: 'text', checkbox: 'boolean' };

/**
 * A formula column's sort and filter key as a function of the row's data, or null when no index can hold it (a formula
 * reading the clock or a multi-select, a date result).
 *
 * Why a function: the key of even a short formula is a large expression (every step is clamped and rounded, its
 * error test repeats it), and pg_index, which has no TOAST table, refuses an index whose expression tree passes ~8 kB
 * (`{Value} * {Stage}.probability / 100` already takes 4.6 kB compressed). An index on `fn(data)` stores only the
 * call. The rows query still writes the key inline with bound constants: PostgreSQL inlines a one-expression SQL
 * function both into the index's expression when it loads it and into queries, and folds the bound constants of the
 * query into literals, so the two match by structure. A stale index therefore never answers a query: after any change
 * to the formula, an option label or probability it reads, or a column type, the query's expression differs.
 * The function is declared STABLE, not IMMUTABLE, so that CREATE INDEX accepts it only if it was inlined into an
 * expression made of immutable functions alone: PostgreSQL checks the body, not a declaration of ours.
 */
export function formulaKeyFunction(column: Column, columns: readonly Column[]): IndexFunction | null {
  const returns = column.resultType && FORMULA_KEY_TYPES[column.resultType];
  if (column.type !== 'formula' || !returns || !formulaIsImmutable(column, columns)) return null;
  const body = sortExpression(column, new Literals(), '', columns);
  const name = `sr_fx_${createHash('sha256').update(`${returns}\n${body}`).digest('hex').slice(0, 32)}`;
  return { name, definition: `CREATE FUNCTION ${name}(data jsonb) RETURNS ${returns} LANGUAGE sql STABLE RETURN ${body}` };
}

/**
 * Filters over a small set of values (options, true/false, empty or not): one index per filtered view stays bounded.
 * Not formula columns: the index's predicate would have to hold the formula's whole expression.
 */
function isBoundedFilter(column: Column, op: string): boolean {
  if (column.type === 'formula' || isLinkedType(column)) return false;
  if (op === 'isEmpty' || op === 'isNotEmpty') return true;
  return (op === 'eq' || op === 'neq' || op === 'in') && COLUMN_TYPES[column.type].fewValues;
}

/**
 * Which partial indexes would let a view of one sheet avoid scanning it:
 * - the single sort key (in its direction, empty last, then sheet order, so a page can stop after `limit` rows);
 *   a formula's only over the rows that pass the view's filters when those are bounded (below);
 * - when every filter is over a bounded set of values (select, checkbox, empty), one index of exactly the matching
 *   rows in sheet order: it answers the filtered total from the index alone (an index-only count, no heap visits)
 *   and the unsorted filtered pages;
 * - otherwise an expression index per equality or range filter.
 * The expressions and predicates are the ones `buildRowsSql` writes, so PostgreSQL can match them; a formula column's
 * key is indexed through a function that PostgreSQL inlines into the same expression (see formulaKeyFunction).
 */
export function indexesForView(columns: Column[], sort: string[] = [], filter: string[] = [], linked = NO_LINKS): RowIndexSpec[] {
  // Link and lookup columns get none: what they read lives in other rows. A rollup kept in its rows (and visible to
  // the reader, who then reads it from there) is indexed like a stored cell of its result type.
  const kept = new Set(
    storedLinkedColumns(columns, linked)
      .filter((c) => c.type === 'rollup')
      .map((c) => c.id),
  );
  const byId = new Map(columns.filter((c) => !isLinkedType(c) || kept.has(c.id)).map((c) => [c.id, c]));
  const keptCell = (column: Column) => anyCellSql(column, columns, new Literals(), '', linked);
  const specs: RowIndexSpec[] = [];
  const parsed = filter.map((f, i) => {
    const [id, op, ...rest] = f.split(':');
    return { column: byId.get(id.toLowerCase()), op, raw: rest.join(':'), field: `filter[${i}]` };
  });
  const bounded = parsed.length > 0 && parsed.every((f) => f.column && isBoundedFilter(f.column, f.op));
  const literals = new Literals();
  const predicate = bounded ? parsed.map((f) => filterCondition(f.column!, f.op as FilterOperator, f.raw, literals, f.field, '')).join(' AND ') : undefined;
  if (sort.length === 1) {
    const [id, direction] = sort[0].split(':');
    const column = byId.get(id.toLowerCase());
    const desc = direction.toLowerCase() === 'desc';
    const order = `${desc ? 'DESC' : 'ASC'} NULLS LAST, position, id`;
    const kind = desc ? 'sort-desc' : 'sort-asc';
    if (column?.type === 'formula') {
      const key = formulaKeyFunction(column, columns);
      // A formula is often computed from the columns its views filter by (a value weighted by the stage, filtered by
      // stage): in its order the filtered rows can start far down (every won deal above the best one in
      // negotiation), so its index holds only the rows the filters let through, and a page reads just its rows.
      if (key) specs.push({ columnId: column.id, kind, expression: `(${key.name}(data)) ${order}`, function: key, ...(predicate ? { predicate } : {}) });
    } else if (column && kept.has(column.id)) {
      if (behaviourOf(column).sortIndexable)
        specs.push({ columnId: column.id, kind, expression: `(${behaviourOf(column).sortBy(keptCell(column), column, new Literals())}) ${order}` });
    } else if (column && COLUMN_TYPES[column.type].sortIndexable) {
      specs.push({ columnId: column.id, kind, expression: `(${sortExpression(column, new Literals(), '')}) ${order}` });
    }
  }
  if (predicate) {
    specs.push({ columnId: parsed[0].column!.id, kind: 'count', expression: 'position, id', predicate });
    return specs;
  }
  for (const { column, op } of parsed) {
    if (!column || !['eq', 'in', 'gt', 'gte', 'lt', 'lte'].includes(op) || specs.some((s) => s.columnId === column.id && s.kind === 'filter')) continue;
    if (column.type === 'formula') {
      const key = formulaKeyFunction(column, columns);
      if (key) specs.push({ columnId: column.id, kind: 'filter', expression: `(${key.name}(data))`, function: key });
      continue;
    }
    const indexed = behaviourOf(column).filterIndex;
    if (indexed) specs.push({ columnId: column.id, kind: 'filter', expression: indexed(kept.has(column.id) ? keptCell(column) : cellSql(column, '')) });
  }
  return specs;
}
