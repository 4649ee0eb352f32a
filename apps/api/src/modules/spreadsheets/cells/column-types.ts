import { MAX_LINKS_PER_CELL, type CellValue, type ColumnType, type FormulaResultType, type SelectOption } from '@contrivance/contracts';
import type { PersonLookup } from './person-refs';
import { EMAIL, findOption, parseBoolean, parseDate, parseNumber, parseUrl, UUID } from './value-parsers';

/** What the cell rules need to know about a column. */
export interface ColumnRules {
  type: ColumnType;
  required: boolean;
  options?: SelectOption[];
  /** Formula columns: what their values are (they sort, filter and read as a column of that type). */
  resultType?: FormulaResultType;
}

export type CellResult = { ok: true; value: CellValue } | { ok: false; message: string };

const ok = (value: CellValue): CellResult => ({ ok: true, value });
const fail = (message: string): CellResult => ({ ok: false, message });

/** Where a value goes into SQL: a numbered parameter in queries, a literal in index definitions. */
export interface SqlBinder {
  add(value: unknown): string;
}

/** A cell in SQL: its value as text (`data->>'id'`) and as JSON (`data->'id'`). */
export interface CellSql {
  text: string;
  json: string;
}

/** What a filter condition gets besides the cell: where values go, and the filter's text read as a value of the column. */
export interface FilterInput {
  bind: SqlBinder;
  /** The text as a stored value of the column (a 400 naming the filter when it is not one). */
  value: (raw: string) => CellValue;
  /** The text as one option id of the column (select and multi-select). */
  option: (raw: string) => string;
}

export type RangeSign = '>' | '>=' | '<' | '<=';

/**
 * Everything that depends on a column's type, in one place per type: how a value is checked and stored, how it reads
 * as text, how rows sort and filter by it in SQL, and which of those expressions an index can hold. A new type is
 * one new entry here.
 */
export interface ColumnTypeBehaviour {
  /** Checks a non-empty value and returns it in stored form, or says what is wrong with it. */
  normalise(raw: unknown, column: ColumnRules, people?: PersonLookup): CellResult;
  /** The text people see for a stored value (exports, type changes). */
  text(value: CellValue, column: ColumnRules): string;
  /** The SQL expression rows sort by. */
  sortBy(cell: CellSql, column: ColumnRules, bind: SqlBinder): string;
  /** Whether `sortBy` depends on the row alone, so an index can hold it (option order and people's names do not). */
  sortIndexable: boolean;
  /**
   * Filter conditions beyond isEmpty/isNotEmpty, which every type has. An operator missing here is refused for the
   * type: `equals` serves eq and neq, `range` gt/gte/lt/lte, `anyOf` in (with sorted unique option ids).
   */
  filter: {
    equals(cell: CellSql, raw: string, input: FilterInput): string;
    range?(cell: CellSql, sign: RangeSign, raw: string, input: FilterInput): string;
    contains?(cell: CellSql, pattern: string, input: FilterInput): string;
    anyOf?(cell: CellSql, ids: string[], input: FilterInput): string;
  };
  /** The expression an index for equality and range filters holds (written as `filter` writes it), or null. */
  filterIndex: ((cell: CellSql) => string) | null;
  /** Equality filters range over a small fixed set of values, so a partial index per filtered view stays bounded. */
  fewValues: boolean;
}

/** A computed column: every write is refused with `why`; it sorts and filters as its result type (behaviourOf). */
function computed(why: string): ColumnTypeBehaviour {
  return {
    normalise: () => fail(why),
    text: plainText,
    sortBy: (cell) => cell.text,
    sortIndexable: false,
    filter: { equals: exactEquals },
    filterIndex: null,
    fewValues: false,
  };
}

const MAX_TEXT = 10_000;
const MAX_LONG_TEXT = 100_000;

/** Stored values as text: lists joined, booleans as true/false. */
function plainText(value: CellValue): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function textual(max: number): ColumnTypeBehaviour {
  return {
    normalise(raw) {
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return fail('must be text');
      const text = String(raw);
      return text.length > max ? fail(`must be at most ${max} characters`) : ok(text);
    },
    ...caseInsensitiveText,
  };
}

/** Text compared and sorted without regard to case; `contains` matches anywhere. */
const caseInsensitiveText = {
  text: plainText,
  sortBy: (cell: CellSql) => `lower(${cell.text})`,
  sortIndexable: true,
  filter: {
    equals: (cell: CellSql, raw: string, { bind }: FilterInput) => `lower(${cell.text}) = lower(${bind.add(raw)})`,
    contains: (cell: CellSql, pattern: string, { bind }: FilterInput) => `${cell.text} ILIKE ${bind.add(`%${pattern.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`,
  },
  filterIndex: (cell: CellSql) => `lower(${cell.text})`,
  fewValues: false,
};

const numeric: ColumnTypeBehaviour = {
  normalise(raw) {
    const value = parseNumber(raw);
    return value === null ? fail('must be a number') : ok(value);
  },
  text: plainText,
  sortBy: (cell) => `(${cell.text})::numeric`,
  sortIndexable: true,
  filter: {
    equals: (cell, raw, { bind, value }) => `(${cell.text})::numeric = ${bind.add(value(raw))}::numeric`,
    range: (cell, sign, raw, { bind, value }) => `(${cell.text})::numeric ${sign} ${bind.add(value(raw))}::numeric`,
  },
  filterIndex: (cell) => `((${cell.text})::numeric)`,
  fewValues: false,
};

/** Stored as they compare: equality on the stored text. */
const exactEquals = (cell: CellSql, raw: string, { bind, value }: FilterInput) => `${cell.text} = ${bind.add(value(raw))}`;

export const COLUMN_TYPES: Record<ColumnType, ColumnTypeBehaviour> = {
  text: textual(MAX_TEXT),
  longText: textual(MAX_LONG_TEXT),
  number: numeric,
  currency: numeric,
  percent: numeric,
  date: {
    normalise(raw) {
      const value = parseDate(raw);
      return value === null ? fail('must be a date as YYYY-MM-DD') : ok(value);
    },
    text: plainText,
    // YYYY-MM-DD sorts and compares as text in date order.
    sortBy: (cell) => cell.text,
    sortIndexable: true,
    filter: {
      equals: exactEquals,
      range: (cell, sign, raw, { bind, value }) => `${cell.text} ${sign} ${bind.add(value(raw))}`,
    },
    filterIndex: (cell) => `(${cell.text})`,
    fewValues: false,
  },
  checkbox: {
    normalise(raw) {
      const value = parseBoolean(raw);
      return value === null ? fail('must be true or false') : ok(value);
    },
    text: plainText,
    sortBy: (cell) => `(${cell.text})::boolean`,
    sortIndexable: true,
    filter: { equals: (cell, raw, { bind, value }) => `(${cell.text})::boolean = ${bind.add(value(raw))}::boolean` },
    filterIndex: (cell) => `((${cell.text})::boolean)`,
    fewValues: true,
  },
  select: {
    normalise(raw, column) {
      if (typeof raw !== 'string') return fail('must be an option id');
      const option = findOption(column.options, raw);
      return option ? ok(option.id) : fail(`is not an option of this column: ${JSON.stringify(raw.slice(0, 50))}`);
    },
    text: (value, column) => findOption(column.options, String(value))?.label ?? String(value),
    // In the order of the column's options, not alphabetically.
    sortBy: (cell, column, bind) => `array_position(${bind.add((column.options ?? []).map((o) => o.id))}::text[], ${cell.text})`,
    sortIndexable: false,
    filter: {
      equals: exactEquals,
      anyOf: (cell, ids, { bind }) => `${cell.text} = ANY(${bind.add(ids)}::text[])`,
    },
    filterIndex: (cell) => `(${cell.text})`,
    fewValues: true,
  },
  multiSelect: {
    normalise(raw, column) {
      const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;]/) : null;
      if (!parts || parts.some((p) => typeof p !== 'string')) return fail('must be a list of option ids');
      const ids: string[] = [];
      for (const part of (parts as string[]).filter((p) => p.trim() !== '')) {
        const option = findOption(column.options, part);
        if (!option) return fail(`is not an option of this column: ${JSON.stringify(part.slice(0, 50))}`);
        if (!ids.includes(option.id)) ids.push(option.id);
      }
      return ids.length ? ok(ids) : column.required ? fail('is required') : ok(null);
    },
    text: (value, column) => (Array.isArray(value) ? value.map((id) => findOption(column.options, id)?.label ?? id).join(', ') : plainText(value)),
    sortBy: (cell) => cell.text,
    sortIndexable: false,
    filter: {
      // eq means "has this option".
      equals: (cell, raw, { bind, option }) => `(${cell.json}) ? ${bind.add(option(raw))}`,
      anyOf: (cell, ids, { bind }) => `(${cell.json}) ?| ${bind.add(ids)}::text[]`,
    },
    filterIndex: null,
    fewValues: true,
  },
  email: {
    normalise(raw) {
      if (typeof raw !== 'string') return fail('must be an email address');
      const text = raw.trim();
      return EMAIL.test(text) && text.length <= 320 ? ok(text) : fail('must be an email address');
    },
    ...caseInsensitiveText,
  },
  url: {
    normalise(raw) {
      if (typeof raw !== 'string' || raw.length > 2000) return fail('must be a web address');
      const url = parseUrl(raw);
      return url ? ok(url) : fail('must be a web address (http or https)');
    },
    ...caseInsensitiveText,
  },
  /**
   * Computed from its formula, never stored: every write is refused. Sorting, filtering and text are those of its
   * result type (see behaviourOf), over the formula's SQL value instead of a stored cell.
   */
  formula: computed('is computed from its formula'),
  /**
   * A list of row ids of the linked sheet (unique, at most MAX_LINKS_PER_CELL); that they are rows of that sheet is
   * checked where the other side is written (links/). Rows read a link cell as its linked rows with their labels, and
   * sort and filter by those labels as text (behaviourOf).
   */
  link: {
    // Sorted, filtered and read as text like a computed column (behaviourOf), but written.
    ...computed(''),
    normalise(raw) {
      const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;\s]+/) : null;
      if (!parts || parts.some((p) => typeof p !== 'string')) return fail('must be a list of row ids of the linked sheet');
      const ids: string[] = [];
      for (const part of (parts as string[]).map((p) => p.trim().toLowerCase()).filter((p) => p !== '')) {
        if (!UUID.test(part)) return fail(`must be a list of row ids of the linked sheet: ${JSON.stringify(part.slice(0, 50))} is not a row id`);
        if (!ids.includes(part)) ids.push(part);
      }
      if (ids.length > MAX_LINKS_PER_CELL) return fail(`may link at most ${MAX_LINKS_PER_CELL} rows`);
      return ok(ids.length ? ids : null);
    },
  },
  /** Computed from the linked rows, never stored (like formula). */
  lookup: computed('is looked up from the linked rows'),
  rollup: computed('is rolled up from the linked rows'),
  user: {
    /**
     * Resolved by `people` (a member's id, email or unique name; see person-refs) when the caller has the sheet's
     * members at hand; without it only a member id's form is checked.
     */
    normalise(raw, _column, people) {
      if (typeof raw !== 'string' || raw.length > 320) return fail('must name a member (their email, name or id)');
      if (people) {
        const found = people(raw);
        return found.ok ? ok(found.id) : fail(found.message);
      }
      if (!UUID.test(raw.trim())) return fail('must be the id of a member');
      return ok(raw.trim().toLowerCase());
    },
    text: plainText,
    // By the person's name, which lives in another table.
    sortBy: (cell) => `(SELECT lower(u.display_name) FROM users u WHERE u.id::text = ${cell.text})`,
    sortIndexable: false,
    filter: { equals: exactEquals },
    filterIndex: null,
    fewValues: false,
  },
};

/**
 * How a column's values sort, filter and read as text: a formula or rollup column's are those of its result type,
 * a link's and a lookup's those of text (the linked rows' labels, the looked-up values joined).
 */
export function behaviourOf(column: ColumnRules): ColumnTypeBehaviour {
  if (column.type === 'formula' || column.type === 'rollup') return COLUMN_TYPES[column.resultType ?? 'text'];
  if (column.type === 'link' || column.type === 'lookup') return COLUMN_TYPES.text;
  return COLUMN_TYPES[column.type];
}
