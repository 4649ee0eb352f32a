import {
  type CheckedFormula,
  type DateFormatPart,
  type FormulaColumn,
  type FormulaKind,
  type FormulaValueType,
  kindOf,
  MAX_TEXT_POSITION,
  type TypedNode,
} from '@contrivance/contracts';
import type { SqlBinder } from './column-types';
import { storedKeySql } from './stored-keys';

/** A formula as PostgreSQL expressions over one row alias. */
export interface FormulaSql {
  /** The value, typed as the result type reads in SQL: numeric, text, date or boolean; NULL when blank. */
  value: string;
  /** A text expression: NULL when the row computes, else its error code ('#DIV/0!', '#ERROR!'). */
  error: string;
  /** The expression depends on the row alone (no clock, no subquery), so an index can hold it. */
  immutable: boolean;
}

/** One node in SQL: its value, and the text expression of its first error (null when it cannot fail). */
interface Sql {
  value: string;
  error: string | null;
}

const SQL_TYPES: Record<FormulaKind, string> = { number: 'numeric', text: 'text', date: 'date', checkbox: 'boolean', blank: 'text' };
/** Stored dates that read as dates; the day is added to the month's first so no text makes make_date fail. */
const DATE_TEXT = `'^(?!0000)[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'`;
/** Days from 0001-01-01 to 9999-12-31: the dates a formula may produce. */
const LAST_DAY = 3_652_058;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DIFF_FACTORS: Record<string, number> = { milliseconds: 86_400_000, seconds: 86_400, minutes: 1_440, hours: 24, days: 1 };

/** The first error among parts, in order (as the evaluator meets them). */
function firstError(...errors: (string | null)[]): string | null {
  const present = errors.filter((e): e is string => e !== null);
  if (present.length === 0) return null;
  return present.length === 1 ? present[0] : `COALESCE(${present.join(', ')})`;
}

/**
 * A number at 15 significant digits, as the evaluator reads numbers (float8's text form has 15): rounded to 300
 * decimals first so nothing underflows float8, clamped to ±1e300 so nothing overflows it. NULL stays NULL, carried as
 * NaN through the clamp (NaN sorts above every number, so the double GREATEST keeps it), so `x` is written once:
 * a formula's SQL must not grow with a copy of each operand per step.
 */
const float15 = (x: string) => `NULLIF(GREATEST(-GREATEST(-round(COALESCE(${x}, 'NaN'::numeric), 300), -1e300), -1e300)::float8::numeric, 'NaN'::numeric)`;
/** An arithmetic step's result, rounded as the evaluator rounds each step. */
const step = float15;
/** #NUM! for a step that reached the clamp (the evaluator's numbers stop there too). */
const tooLarge = (value: string) => `CASE WHEN abs(${value}) >= 1e300 THEN '#NUM!' END`;

/** An integer argument clamped into [min, max] before the cast, so no input makes `::int` overflow. */
const clampInt = (value: string, fallback: number, min: number, max: number) => `LEAST(GREATEST(trunc(COALESCE(${value}, ${fallback})), ${min}), ${max})::int`;

/**
 * Constants wait as markers until the SQL is final: parts compiled and then dropped (a BLANK() branch, say) must not
 * leave a bound parameter the query never mentions, which PostgreSQL refuses. A constant used twice is bound once.
 */
class Constants implements SqlBinder {
  private readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `\uE000${this.values.length - 1}\uE001`;
  }

  resolve(parts: string[], bind: SqlBinder): string[] {
    const placeholders = new Map<string, string>();
    return parts.map((part) =>
      part.replace(/\uE000(\d+)\uE001/g, (_, index: string) => {
        let placeholder = placeholders.get(index);
        if (placeholder === undefined) {
          placeholder = bind.add(this.values[Number(index)]);
          placeholders.set(index, placeholder);
        }
        return placeholder;
      }),
    );
  }
}

/**
 * The SQL of another formula column a formula reads, compiled with the given binder over the same row alias, or null
 * when that formula no longer compiles.
 */
export type FormulaInliner = (column: FormulaColumn, bind: SqlBinder, alias: string) => FormulaSql | null;

class Compiler {
  immutable = true;

  constructor(
    private readonly bind: SqlBinder,
    private readonly alias: string,
    private readonly inline: FormulaInliner | undefined,
  ) {}

  /** A formula column's value read by this formula: its SQL inlined, its error becoming this formula's error. */
  private computed(column: FormulaColumn): Sql {
    const sql = this.inline?.(column, this.bind, this.alias) ?? null;
    if (!sql) return { value: 'NULL::text', error: `'#ERROR!'::text` };
    this.immutable &&= sql.immutable;
    return { value: sql.value, error: sql.error === 'NULL::text' ? null : sql.error };
  }

  private text(value: string): string {
    return `${this.bind.add(value)}::text`;
  }

  private number(value: number): string {
    return `${this.bind.add(String(value))}::numeric`;
  }

  /** A node's value as SQL of `kind` (BLANK() becomes a typed NULL there). */
  typed(node: TypedNode, kind: FormulaKind): Sql {
    const sql = this.compile(node);
    return node.type === 'blank' ? { value: `NULL::${SQL_TYPES[kind]}`, error: sql.error } : sql;
  }

  private num(node: TypedNode): Sql {
    const sql = this.typed(node, 'number');
    return { value: `COALESCE(${sql.value}, 0)`, error: sql.error };
  }

  /** A value as text, as `&` joins it: blank is '', numbers with at most 10 decimals, dates as YYYY-MM-DD. */
  private asText(value: string, type: FormulaValueType): string {
    switch (kindOf(type)) {
      case 'number':
        // Its 15 significant digits, as the evaluator prints numbers.
        return `COALESCE(trim_scale(round(${float15(value)}, 10))::text, '')`;
      case 'date':
        return `COALESCE(${this.dateText(value)}, '')`;
      case 'checkbox':
        return `CASE ${value} WHEN true THEN 'true' WHEN false THEN 'false' ELSE '' END`;
      case 'text':
        return `COALESCE(${value}, '')`;
      case 'blank':
        return `''`;
    }
  }

  private textOf(node: TypedNode): Sql {
    const sql = this.compile(node);
    return { value: this.asText(sql.value, node.type), error: sql.error };
  }

  /** YYYY-MM-DD from immutable parts (date::text depends on DateStyle, so an index could not hold it). */
  private dateText(date: string): string {
    const part = (field: string, width: number) => `lpad(extract(${field} from ${date})::int::text, ${width}, '0')`;
    return `(${part('year', 4)} || '-' || ${part('month', 2)} || '-' || ${part('day', 2)})`;
  }

  private truthy(value: string, type: FormulaValueType): string {
    switch (kindOf(type)) {
      case 'checkbox':
        return `COALESCE(${value}, false)`;
      case 'number':
        return `(COALESCE(${value}, 0) <> 0)`;
      case 'text':
        return `(COALESCE(${value}, '') <> '')`;
      case 'date':
        return `(${value} IS NOT NULL)`;
      case 'blank':
        return 'false';
    }
  }

  private condition(node: TypedNode): Sql {
    const sql = this.compile(node);
    return { value: this.truthy(sql.value, node.type), error: sql.error };
  }

  private compare(kind: FormulaKind, operator: string, a: string, b: string): string {
    const op = operator === '!=' ? '<>' : operator;
    switch (kind) {
      case 'number':
        return `(COALESCE(${a}, 0) ${op} COALESCE(${b}, 0))`;
      case 'text':
        // Case-sensitive, by code point: the "C" collation, as the evaluator compares.
        return `(COALESCE(${a}, '') ${op} COALESCE(${b}, '') COLLATE "C")`;
      case 'checkbox':
        return `(COALESCE(${a}, false) ${op} COALESCE(${b}, false))`;
      case 'date':
        if (op === '=') return `(${a} IS NOT DISTINCT FROM ${b})`;
        if (op === '<>') return `(${a} IS DISTINCT FROM ${b})`;
        return `COALESCE(${a} ${op} ${b}, false)`;
      case 'blank':
        // Two blanks: equal, and neither before nor after the other (as dates).
        return op === '=' ? 'true' : 'false';
    }
  }

  private field(node: TypedNode & { op: 'field' }): string {
    const { column } = node;
    const json = `${this.alias}data->${storedKeySql(column)}`;
    const text = `${this.alias}data->>${storedKeySql(column)}`;
    const when = (jsonType: string, then: string) => `CASE WHEN jsonb_typeof(${json}) = '${jsonType}' THEN ${then} END`;
    switch (column.type) {
      case 'number':
      case 'currency':
      case 'percent':
        return when('number', `(${text})::numeric`);
      case 'checkbox':
        return when('boolean', `(${text})::boolean`);
      case 'date':
        return `CASE WHEN ${text} ~ ${DATE_TEXT} ` + `THEN make_date(substr(${text}, 1, 4)::int, substr(${text}, 6, 2)::int, 1) + (substr(${text}, 9, 2)::int - 1) END`;
      case 'select': {
        const options = column.options ?? [];
        const probability = node.property === 'probability';
        const branches = options
          .filter((o) => !probability || o.probability !== undefined)
          .map((o) => `WHEN ${this.text(o.id)} THEN ${probability ? this.number(o.probability!) : this.text(o.label)}`);
        if (branches.length === 0) return `NULL::${probability ? 'numeric' : 'text'}`;
        return when('string', `CASE ${text} ${branches.join(' ')} END`);
      }
      case 'multiSelect': {
        // Labels in the stored order; a subquery, so no index holds it.
        this.immutable = false;
        const options = column.options ?? [];
        const label = options.length ? `COALESCE(CASE m.id ${options.map((o) => `WHEN ${this.text(o.id)} THEN ${this.text(o.label)}`).join(' ')} END, m.id)` : 'm.id';
        return `(SELECT string_agg(${label}, ', ' ORDER BY m.n) FROM jsonb_array_elements_text(${when('array', json)}) WITH ORDINALITY AS m(id, n))`;
      }
      default:
        return when('string', text);
    }
  }

  compile(node: TypedNode): Sql {
    switch (node.op) {
      case 'literal':
        if (node.value === null) return { value: 'NULL::text', error: null };
        return { value: typeof node.value === 'number' ? this.number(node.value) : this.text(node.value), error: null };
      case 'field':
        return node.column.type === 'formula' ? this.computed(node.column) : { value: this.field(node), error: null };
      case 'negate': {
        const arg = this.num(node.arg);
        const value = step(`-${arg.value}`);
        return { value, error: firstError(arg.error, tooLarge(value)) };
      }
      case 'arith': {
        const [a, b] = [this.num(node.left), this.num(node.right)];
        if (node.operator !== '/' && node.operator !== '%') {
          const value = step(`${a.value} ${node.operator} ${b.value}`);
          return { value, error: firstError(a.error, b.error, tooLarge(value)) };
        }
        const value = step(`${a.value} ${node.operator} NULLIF(${b.value}, 0)`);
        return { value, error: firstError(a.error, b.error, `CASE WHEN ${b.value} = 0 THEN '#DIV/0!' END`, tooLarge(value)) };
      }
      case 'concat': {
        const parts = node.args.map((a) => this.textOf(a));
        return { value: `(${parts.map((p) => p.value).join(' || ')})`, error: firstError(...parts.map((p) => p.error)) };
      }
      case 'compare': {
        const [a, b] = [this.typed(node.left, node.kind), this.typed(node.right, node.kind)];
        return { value: this.compare(node.kind, node.operator, a.value, b.value), error: firstError(a.error, b.error) };
      }
      case 'call':
        return this.call(node);
    }
  }

  private call(node: TypedNode & { op: 'call' }): Sql {
    const { args } = node;
    const kind = kindOf(node.type);
    const errors = (parts: Sql[]) => firstError(...parts.map((p) => p.error));
    const plain = (value: string, parts: Sql[]): Sql => ({ value, error: errors(parts) });
    switch (node.fn) {
      case 'IF': {
        const condition = this.condition(args[0]);
        const then = this.typed(args[1], kind);
        const otherwise = args[2] ? this.typed(args[2], kind) : { value: 'NULL', error: null };
        const branchError = then.error || otherwise.error ? `CASE WHEN ${condition.value} THEN ${then.error ?? 'NULL'} ELSE ${otherwise.error ?? 'NULL'} END` : null;
        if (node.type === 'blank') return { value: 'NULL::text', error: firstError(condition.error, branchError) };
        return { value: `CASE WHEN ${condition.value} THEN ${then.value} ELSE ${otherwise.value} END`, error: firstError(condition.error, branchError) };
      }
      case 'SWITCH':
        return this.switch(node);
      case 'AND':
      case 'OR': {
        const parts = args.map((a) => this.condition(a));
        return plain(`(${parts.map((p) => p.value).join(node.fn === 'AND' ? ' AND ' : ' OR ')})`, parts);
      }
      case 'NOT': {
        const arg = this.condition(args[0]);
        return plain(`(NOT ${arg.value})`, [arg]);
      }
      case 'BLANK':
        return { value: 'NULL::text', error: null };
      case 'ISBLANK': {
        const arg = this.compile(args[0]);
        const test = kindOf(args[0].type) === 'text' ? `(COALESCE(${arg.value}, '') = '')` : args[0].type === 'blank' ? 'true' : `(${arg.value} IS NULL)`;
        return plain(test, [arg]);
      }
      case 'ROUND':
      case 'ROUNDUP':
      case 'ROUNDDOWN': {
        const value = this.num(args[0]);
        const places = args[1] ? this.num(args[1]) : { value: '0', error: null };
        const p = clampInt(places.value, 0, -20, 20);
        const x = value.value;
        // Ties toward +∞, as Airtable's ROUND (PostgreSQL's round() goes away from zero).
        if (node.fn === 'ROUND') return plain(`(floor(${x} * power(10::numeric, ${p}) + 0.5) / power(10::numeric, ${p}))`, [value, places]);
        if (node.fn === 'ROUNDDOWN') return plain(`trunc(${x}, ${p})`, [value, places]);
        // Away from zero: truncate, then step one unit outwards when something was cut off.
        return plain(`(trunc(${x}, ${p}) + sign(${x} - trunc(${x}, ${p})) * power(10::numeric, -${p}))`, [value, places]);
      }
      case 'ABS': {
        const value = this.num(args[0]);
        return plain(`abs(${value.value})`, [value]);
      }
      case 'SUM': {
        const parts = args.map((a) => this.num(a));
        const sums = this.steps(parts.map((p) => p.value));
        return { value: sums[sums.length - 1], error: firstError(...parts.map((p) => p.error), ...sums.map(tooLarge)) };
      }
      case 'MIN':
      case 'MAX': {
        const parts = args.map((a) => this.typed(a, 'number'));
        return plain(`${node.fn === 'MIN' ? 'LEAST' : 'GREATEST'}(${parts.map((p) => p.value).join(', ')})`, parts);
      }
      case 'AVERAGE': {
        const parts = args.map((a) => this.typed(a, 'number'));
        const sums = this.steps(parts.map((p) => `COALESCE(${p.value}, 0)`));
        const count = parts.map((p) => `CASE WHEN ${p.value} IS NULL THEN 0 ELSE 1 END`).join(' + ');
        const value = step(`${sums[sums.length - 1]} / NULLIF(${count}, 0)`);
        return { value, error: firstError(...parts.map((p) => p.error), ...sums.map(tooLarge)) };
      }
      case 'CONCAT': {
        const parts = args.map((a) => this.textOf(a));
        return plain(`(${parts.map((p) => p.value).join(' || ')})`, parts);
      }
      case 'UPPER':
      case 'LOWER':
      case 'TRIM':
      case 'LEN': {
        const text = this.textOf(args[0]);
        // Bind only what the SQL uses: PostgreSQL refuses a parameter the query never mentions.
        if (node.fn === 'TRIM') return plain(`btrim(${text.value}, ${this.text(' \t\n\r')})`, [text]);
        return plain(node.fn === 'LEN' ? `char_length(${text.value})::numeric` : `${node.fn.toLowerCase()}(${text.value})`, [text]);
      }
      case 'LEFT':
      case 'RIGHT': {
        const text = this.textOf(args[0]);
        const count = this.typed(args[1], 'number');
        return plain(`${node.fn === 'LEFT' ? 'left' : 'right'}(${text.value}, ${clampInt(count.value, 0, 0, MAX_TEXT_POSITION)})`, [text, count]);
      }
      case 'FIND': {
        const needle = this.textOf(args[0]);
        const haystack = this.textOf(args[1]);
        const start = args[2] ? this.typed(args[2], 'number') : { value: 'NULL::numeric', error: null };
        const s = clampInt(start.value, 1, 1, MAX_TEXT_POSITION);
        const found = `COALESCE(NULLIF(strpos(substr(${haystack.value}, ${s}), ${needle.value}), 0) + ${s} - 1, 0)`;
        return plain(`(CASE WHEN ${needle.value} = '' THEN 0 ELSE ${found} END)::numeric`, [needle, haystack, start]);
      }
      case 'TODAY':
      case 'NOW':
        this.immutable = false;
        return { value: `(now() AT TIME ZONE 'UTC')::date`, error: null };
      case 'YEAR':
      case 'MONTH':
      case 'DAY': {
        const date = this.typed(args[0], 'date');
        return plain(`extract(${node.fn.toLowerCase()} from ${date.value})`, [date]);
      }
      case 'DATEADD':
        return this.dateAdd(node);
      case 'DATETIME_DIFF':
        return this.dateDiff(node);
      case 'DATETIME_FORMAT': {
        const date = this.typed(args[0], 'date');
        return plain(`CASE WHEN ${date.value} IS NOT NULL THEN ${this.formatDate(date.value, node.format!)} END`, [date]);
      }
    }
  }

  /** Running sums, each a step (the evaluator adds one argument at a time): s1 = a, s2 = s1 + b, … */
  private steps(values: string[]): string[] {
    const sums: string[] = [];
    for (const value of values) sums.push(step(sums.length ? `${sums[sums.length - 1]} + ${value}` : value));
    return sums;
  }

  private switch(node: TypedNode & { op: 'call' }): Sql {
    const { args } = node;
    const kind = kindOf(node.type);
    const subject = this.compile(args[0]);
    const branches: { match: string; result: Sql }[] = [];
    const patternErrors: (string | null)[] = [];
    for (let i = 1; i + 1 < args.length; i += 2) {
      const compareKind = args[0].type === 'blank' ? kindOf(args[i].type) : kindOf(args[0].type);
      const subjectValue = args[0].type === 'blank' ? `NULL::${SQL_TYPES[compareKind]}` : subject.value;
      const pattern = this.typed(args[i], compareKind);
      patternErrors.push(pattern.error);
      branches.push({ match: this.compare(compareKind, '=', subjectValue, pattern.value), result: this.typed(args[i + 1], kind) });
    }
    const fallback = args.length % 2 === 0 ? this.typed(args[args.length - 1], kind) : { value: 'NULL', error: null };
    const resultError = [...branches.map((b) => b.result), fallback].some((r) => r.error)
      ? `CASE ${branches.map((b) => `WHEN ${b.match} THEN ${b.result.error ?? 'NULL'}`).join(' ')} ELSE ${fallback.error ?? 'NULL'} END`
      : null;
    const error = firstError(subject.error, ...patternErrors, resultError);
    if (node.type === 'blank') return { value: 'NULL::text', error };
    return { value: `CASE ${branches.map((b) => `WHEN ${b.match} THEN ${b.result.value}`).join(' ')} ELSE ${fallback.value} END`, error };
  }

  private dateAdd(node: TypedNode & { op: 'call' }): Sql {
    const date = this.typed(node.args[0], 'date');
    const amount = this.num(node.args[1]);
    const d = date.value;
    const n = `trunc(${amount.value})`;
    let fits: string;
    let result: string;
    if (node.unit === 'days' || node.unit === 'weeks') {
      const step = `${clampInt(amount.value, 0, -4_000_000, 4_000_000)} * ${node.unit === 'weeks' ? 7 : 1}`;
      fits = `(abs(${n}) <= 4000000 AND (${d} - DATE '0001-01-01') + ${step} BETWEEN 0 AND ${LAST_DAY})`;
      result = `${d} + ${step}`;
    } else {
      const months = `${clampInt(amount.value, 0, -200_000, 200_000)} * ${node.unit === 'months' ? 1 : node.unit === 'quarters' ? 3 : 12}`;
      fits = `(abs(${n}) <= 200000 AND extract(year from ${d}) * 12 + extract(month from ${d}) - 1 + ${months} BETWEEN 12 AND ${9999 * 12 + 11})`;
      // Past the end of a shorter month the result is its last day, as the evaluator does.
      result = `(${d} + make_interval(months => ${months}))::date`;
    }
    return {
      value: `CASE WHEN ${fits} THEN ${result} END`,
      error: firstError(date.error, amount.error, `CASE WHEN ${d} IS NOT NULL AND NOT ${fits} THEN '#ERROR!' END`),
    };
  }

  private dateDiff(node: TypedNode & { op: 'call' }): Sql {
    const a = this.typed(node.args[0], 'date');
    const b = this.typed(node.args[1], 'date');
    const parts = [a, b];
    const factor = DIFF_FACTORS[node.unit!];
    if (factor !== undefined) return { value: `((${a.value} - ${b.value})::numeric * ${factor})`, error: firstError(a.error, b.error) };
    if (node.unit === 'weeks') return { value: `((${a.value} - ${b.value}) / 7)::numeric`, error: firstError(a.error, b.error) };
    // age() counts complete months by day of month, either way round, as the evaluator does (on timestamp: immutable).
    const age = `age(${a.value}::timestamp, ${b.value}::timestamp)`;
    const whole = `(extract(year from ${age}) * 12 + extract(month from ${age}))`;
    const value = node.unit === 'months' ? whole : `trunc(${whole} / ${node.unit === 'quarters' ? 3 : 12})`;
    return { value, error: firstError(...parts.map((p) => p.error)) };
  }

  private formatDate(date: string, parts: DateFormatPart[]): string {
    const field = (name: string) => `extract(${name} from ${date})::int`;
    const padded = (name: string, width: number) => `lpad(${field(name)}::text, ${width}, '0')`;
    // Bound only when used: a parameter the query never mentions has no type, which PostgreSQL refuses.
    const month = () => `(${this.bind.add(MONTHS)}::text[])[${field('month')}]`;
    const weekday = () => `(${this.bind.add(WEEKDAYS)}::text[])[${field('dow')} + 1]`;
    const tokens: Record<string, () => string> = {
      YYYY: () => padded('year', 4),
      YY: () => `lpad((${field('year')} % 100)::text, 2, '0')`,
      Q: () => `${field('quarter')}::text`,
      MMMM: month,
      MMM: () => `left(${month()}, 3)`,
      MM: () => padded('month', 2),
      M: () => `${field('month')}::text`,
      DD: () => padded('day', 2),
      D: () => `${field('day')}::text`,
      dddd: weekday,
      ddd: () => `left(${weekday()}, 3)`,
    };
    if (parts.length === 0) return `''`;
    return `(${parts.map((part) => ('token' in part ? tokens[part.token]() : this.text(part.text))).join(' || ')})`;
  }
}

/**
 * Compiles a checked formula to PostgreSQL over the row alias (`r.` in queries, `''` in index definitions). Columns'
 * stored keys are written as literals (they are integers); every other constant goes through `bind`. Runtime failures
 * (division by zero, dates out of range) never fail the query: the value is NULL and `error` names the failure.
 * Other formula columns it reads come from `inline` (without one, they read as `#ERROR!`).
 */
export function compileFormulaSql(formula: CheckedFormula, bind: SqlBinder, alias = 'r.', inline?: FormulaInliner): FormulaSql {
  const constants = new Constants();
  const compiler = new Compiler(constants, alias, inline);
  const { node } = formula;
  const sql = compiler.typed(node, kindOf(node.type));
  const value = node.type === 'blank' ? 'NULL::text' : kindOf(node.type) === 'text' ? `NULLIF(${sql.value}, '')` : sql.value;
  const [finalValue, error] = constants.resolve([value, sql.error ?? 'NULL::text'], bind);
  return { value: finalValue, error, immutable: compiler.immutable && !formula.volatile };
}
