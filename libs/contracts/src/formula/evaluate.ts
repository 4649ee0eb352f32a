import type { CellValue } from '../spreadsheets';
import type { CheckedFormula, ComparisonOperator, DateFormatPart, DateUnit, FormulaKind, FormulaValueType, TypedNode } from './check';
import { kindOf } from './check';
import { clean, numberText, roundNumber } from './decimal';

/** Codes a formula cell shows when it cannot be computed for a row. */
export const FORMULA_ERROR_CODES = ['#DIV/0!', '#NUM!', '#ERROR!'] as const;
export type FormulaErrorCode = (typeof FORMULA_ERROR_CODES)[number];

/** A formula's value for one row: numbers, 'YYYY-MM-DD' dates, booleans, text, null for blank; or an error code. */
export type FormulaValue = CellValue | { error: FormulaErrorCode };

export interface EvaluateOptions {
  /** The clock TODAY() and NOW() read (tests pin it); the current time by default. */
  now?: Date;
}

/** Inside the evaluator dates are day numbers (days since 1970-01-01), so date maths is integer maths. */
type Value = number | string | boolean | null;

/** Thrown inside the evaluator to unwind to evaluateFormula, which turns it into an error value. */
class Failure extends Error {
  constructor(readonly code: FormulaErrorCode) {
    super(code);
  }
}

const DAY_MS = 86_400_000;
/** Dates a formula may produce: years 1 to 9999 (PostgreSQL's range is wider, the stored form is 4-digit years). */
const FIRST_DAY = dayOf(1, 1, 1);
const LAST_DAY = dayOf(9999, 12, 31);
/** Text functions take counts and positions up to this (larger ones are clamped), as the SQL does. */
export const MAX_TEXT_POSITION = 1_000_000;
const DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const TRIMMED = /^[ \t\n\r]+|[ \t\n\r]+$/g;

/** The day number of a calendar date; days past the month's end roll over into the next month. */
function dayOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, 1);
  return Math.round(date.getTime() / DAY_MS) + day - 1;
}

function ymd(day: number): [number, number, number] {
  const date = new Date(day * DAY_MS);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function dateText(day: number): string {
  const [y, m, d] = ymd(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function readDate(raw: unknown): number | null {
  const match = typeof raw === 'string' ? DATE.exec(raw) : null;
  if (!match || match[1] === '0000') return null;
  return dayOf(Number(match[1]), Number(match[2]), Number(match[3]));
}

function daysInMonth(year: number, month: number): number {
  return dayOf(year, month + 1, 1) - dayOf(year, month, 1);
}

/** Numbers a formula may compute: their magnitude stays below this (PostgreSQL goes through float8 at every step). */
export const MAX_FORMULA_NUMBER = 1e300;

/** An arithmetic step's result at 15 significant digits, or #NUM! past the largest number. */
function checked(value: number): number {
  const result = clean(value);
  if (!Number.isFinite(result) || Math.abs(result) >= MAX_FORMULA_NUMBER) throw new Failure('#NUM!');
  return result;
}

const codePoints = (text: string) => Array.from(text);
/** Compares by Unicode code point, as PostgreSQL's "C" collation does. */
function compareText(a: string, b: string): number {
  const [x, y] = [codePoints(a), codePoints(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const diff = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (diff !== 0) return diff;
  }
  return x.length - y.length;
}

function clampCount(value: Value, fallback: number, min: number): number {
  const n = value === null ? fallback : Math.trunc(value as number);
  return Math.min(Math.max(n, min), MAX_TEXT_POSITION);
}

/** Months between two dates counting complete months only (Jan 31 → Feb 28 is 0, Jan 15 → Feb 15 is 1). */
function monthsBetween(later: number, earlier: number): number {
  const [y1, m1, d1] = ymd(later);
  const [y2, m2, d2] = ymd(earlier);
  const months = (y1 - y2) * 12 + (m1 - m2);
  if (months > 0 && d1 < d2) return months - 1;
  if (months < 0 && d1 > d2) return months + 1;
  return months;
}

const DIFF_FACTORS: Partial<Record<DateUnit, number>> = { milliseconds: DAY_MS, seconds: 86_400, minutes: 1_440, hours: 24, days: 1 };

function formatDate(day: number, parts: DateFormatPart[]): string {
  const [y, m, d] = ymd(day);
  const weekday = new Date(day * DAY_MS).getUTCDay();
  const tokens = { YYYY: pad(y, 4), YY: pad(y % 100, 2), Q: String(Math.ceil(m / 3)), MMMM: MONTHS[m - 1], MMM: MONTHS[m - 1].slice(0, 3), MM: pad(m, 2), M: String(m) };
  const all = { ...tokens, DD: pad(d, 2), D: String(d), dddd: WEEKDAYS[weekday], ddd: WEEKDAYS[weekday].slice(0, 3) };
  return parts.map((part) => ('token' in part ? all[part.token] : part.text)).join('');
}

class Evaluator {
  constructor(
    private readonly row: Readonly<Record<string, FormulaValue | undefined>>,
    private readonly today: number,
  ) {}

  truthy(value: Value, type: FormulaValueType): boolean {
    switch (kindOf(type)) {
      case 'checkbox':
        return value === true;
      case 'number':
        return value !== null && value !== 0;
      case 'text':
        return value !== null && value !== '';
      case 'date':
        return value !== null;
      case 'blank':
        return false;
    }
  }

  text(value: Value, type: FormulaValueType): string {
    if (value === null) return '';
    switch (kindOf(type)) {
      case 'number':
        return numberText(value as number);
      case 'date':
        return dateText(value as number);
      case 'checkbox':
        return value ? 'true' : 'false';
      default:
        return String(value);
    }
  }

  compare(kind: FormulaKind, operator: ComparisonOperator, a: Value, b: Value): boolean {
    let order: number;
    if (kind === 'number') order = ((a as number | null) ?? 0) - ((b as number | null) ?? 0);
    else if (kind === 'text') order = compareText((a as string | null) ?? '', (b as string | null) ?? '');
    else if (kind === 'checkbox') order = Number(a === true) - Number(b === true);
    else {
      // Dates (and two blanks): blank equals only blank, and is neither before nor after anything.
      if (operator === '=') return a === b;
      if (operator === '!=') return a !== b;
      if (a === null || b === null) return false;
      order = (a as number) - (b as number);
    }
    const results: Record<ComparisonOperator, boolean> = { '=': order === 0, '!=': order !== 0, '<': order < 0, '<=': order <= 0, '>': order > 0, '>=': order >= 0 };
    return results[operator];
  }

  field(node: TypedNode & { op: 'field' }): Value {
    const raw = this.row[node.column.id];
    const options = node.column.options ?? [];
    if (node.column.type === 'formula') return this.computed(raw, node.type);
    switch (node.column.type) {
      case 'number':
      case 'currency':
      case 'percent':
        return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
      case 'date':
        return readDate(raw);
      case 'checkbox':
        return typeof raw === 'boolean' ? raw : null;
      case 'select': {
        const option = typeof raw === 'string' ? options.find((o) => o.id === raw) : undefined;
        if (node.property === 'probability') return option?.probability ?? null;
        return option?.label ?? null;
      }
      case 'multiSelect': {
        if (!Array.isArray(raw) || raw.length === 0) return null;
        return raw.map((id) => options.find((o) => o.id === id)?.label ?? id).join(', ');
      }
      default:
        return typeof raw === 'string' ? raw : null;
    }
  }

  /** Another formula column's value, as the row read it: a value of its result type, or its error, which this formula then has. */
  private computed(raw: FormulaValue | undefined, type: FormulaValueType): Value {
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'error' in raw) {
      throw new Failure(FORMULA_ERROR_CODES.includes(raw.error) ? raw.error : '#ERROR!');
    }
    switch (kindOf(type)) {
      case 'number':
        return typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
      case 'date':
        return readDate(raw);
      case 'checkbox':
        return typeof raw === 'boolean' ? raw : null;
      default:
        return typeof raw === 'string' && raw !== '' ? raw : null;
    }
  }

  eval(node: TypedNode): Value {
    switch (node.op) {
      case 'literal':
        return node.value;
      case 'field':
        return this.field(node);
      case 'negate':
        return checked(-this.number(node.arg));
      case 'arith':
        return this.arith(node.operator, this.number(node.left), this.number(node.right));
      case 'concat':
        return node.args.map((a) => this.text(this.eval(a), a.type)).join('');
      case 'compare': {
        const left = this.eval(node.left);
        return this.compare(node.kind, node.operator, left, this.eval(node.right));
      }
      case 'call':
        return this.call(node);
    }
  }

  number(node: TypedNode): number {
    return (this.eval(node) as number | null) ?? 0;
  }

  arith(operator: string, a: number, b: number): number {
    switch (operator) {
      case '+':
        return checked(a + b);
      case '-':
        return checked(a - b);
      case '*':
        return checked(a * b);
      case '/':
        if (b === 0) throw new Failure('#DIV/0!');
        return checked(a / b);
      default:
        // MOD with the sign of the dividend (as JavaScript's % and PostgreSQL's numeric %); through the quotient, so 0.3 % 0.1 is 0.
        if (b === 0) throw new Failure('#DIV/0!');
        return checked(a - b * Math.trunc(clean(a / b)));
    }
  }

  call(node: TypedNode & { op: 'call' }): Value {
    const { args } = node;
    const arg = (i: number) => this.eval(args[i]);
    const textArg = (i: number) => this.text(this.eval(args[i]), args[i].type);
    switch (node.fn) {
      case 'IF': {
        const condition = this.truthy(arg(0), args[0].type);
        if (condition) return arg(1);
        return args.length > 2 ? arg(2) : null;
      }
      case 'SWITCH': {
        const subject = arg(0);
        const patterns: Value[] = [];
        for (let i = 1; i + 1 < args.length; i += 2) patterns.push(arg(i));
        for (let p = 0; p < patterns.length; p++) {
          const kind = kindOf(args[0].type) === 'blank' ? kindOf(args[2 * p + 1].type) : kindOf(args[0].type);
          if (this.compare(kind, '=', subject, patterns[p])) return arg(2 * p + 2);
        }
        return args.length % 2 === 0 ? arg(args.length - 1) : null;
      }
      case 'AND':
      case 'OR': {
        const values = args.map((a) => this.truthy(this.eval(a), a.type));
        return node.fn === 'AND' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'NOT':
        return !this.truthy(arg(0), args[0].type);
      case 'BLANK':
        return null;
      case 'ISBLANK': {
        const value = arg(0);
        return value === null || value === '';
      }
      case 'ROUND':
      case 'ROUNDUP':
      case 'ROUNDDOWN': {
        const value = this.number(args[0]);
        const places = args.length > 1 ? Math.min(Math.max(Math.trunc(this.number(args[1])), -20), 20) : 0;
        return roundNumber(value, places, node.fn === 'ROUND' ? 'half' : node.fn === 'ROUNDUP' ? 'up' : 'down');
      }
      case 'ABS':
        return Math.abs(this.number(args[0]));
      case 'SUM':
        return args.reduce((sum, a) => checked(sum + this.number(a)), 0);
      case 'MIN':
      case 'MAX':
      case 'AVERAGE': {
        const values = args.map((a) => this.eval(a) as number | null).filter((v): v is number => v !== null);
        if (values.length === 0) return null;
        if (node.fn === 'MIN') return Math.min(...values);
        if (node.fn === 'MAX') return Math.max(...values);
        return checked(values.reduce((sum, v) => checked(sum + v), 0) / values.length);
      }
      case 'UPPER':
        return textArg(0).toUpperCase();
      case 'LOWER':
        return textArg(0).toLowerCase();
      case 'TRIM':
        return textArg(0).replace(TRIMMED, '');
      case 'LEN':
        return codePoints(textArg(0)).length;
      case 'LEFT':
      case 'RIGHT': {
        const chars = codePoints(textArg(0));
        const count = clampCount(arg(1), 0, 0);
        return (node.fn === 'LEFT' ? chars.slice(0, count) : chars.slice(Math.max(chars.length - count, 0))).join('');
      }
      case 'FIND': {
        const needle = textArg(0);
        const haystack = textArg(1);
        const start = args.length > 2 ? clampCount(arg(2), 1, 1) : 1;
        if (needle === '') return 0;
        const tail = codePoints(haystack)
          .slice(start - 1)
          .join('');
        const at = tail.indexOf(needle);
        return at < 0 ? 0 : codePoints(tail.slice(0, at)).length + start;
      }
      case 'TODAY':
      case 'NOW':
        return this.today;
      case 'YEAR':
      case 'MONTH':
      case 'DAY': {
        const day = arg(0) as number | null;
        return day === null ? null : ymd(day)[node.fn === 'YEAR' ? 0 : node.fn === 'MONTH' ? 1 : 2];
      }
      case 'DATEADD':
        return this.dateAdd(arg(0) as number | null, this.number(args[1]), node.unit!);
      case 'DATETIME_DIFF': {
        const [a, b] = [arg(0) as number | null, arg(1) as number | null];
        if (a === null || b === null) return null;
        const factor = DIFF_FACTORS[node.unit!];
        if (factor !== undefined) return (a - b) * factor;
        if (node.unit === 'weeks') return Math.trunc((a - b) / 7);
        const months = monthsBetween(a, b);
        return node.unit === 'months' ? months : Math.trunc(months / (node.unit === 'quarters' ? 3 : 12));
      }
      case 'DATETIME_FORMAT': {
        const day = arg(0) as number | null;
        return day === null ? null : formatDate(day, node.format!);
      }
      case 'CONCAT':
        // Checked CONCAT is a concat node; kept for exhaustiveness.
        return args.map((_, i) => textArg(i)).join('');
    }
  }

  dateAdd(day: number | null, amount: number, unit: DateUnit): number | null {
    if (day === null) return null;
    const n = Math.trunc(amount);
    if (unit === 'days' || unit === 'weeks') {
      const result = day + n * (unit === 'weeks' ? 7 : 1);
      if (Math.abs(n) > 4_000_000 || result < FIRST_DAY || result > LAST_DAY) throw new Failure('#ERROR!');
      return result;
    }
    const [y, m, d] = ymd(day);
    const total = y * 12 + (m - 1) + n * (unit === 'months' ? 1 : unit === 'quarters' ? 3 : 12);
    const [year, month] = [Math.floor(total / 12), (total % 12) + 1];
    if (Math.abs(n) > 200_000 || year < 1 || year > 9999) throw new Failure('#ERROR!');
    // A month shorter than the day ends the result at its last day (Jan 31 + 1 month = Feb 28 or 29).
    return dayOf(year, month, Math.min(d, daysInMonth(year, month)));
  }
}

/** The result as the column shows it: blank text is blank, dates as YYYY-MM-DD. */
function output(value: Value, type: FormulaValueType): CellValue {
  if (value === null || value === '') return null;
  if (kindOf(type) === 'date') return dateText(value as number);
  if (kindOf(type) === 'number') return clean(value as number);
  return value;
}

/** Computes a checked formula over one row (cell values keyed by column id). Never throws for bad data: errors are values. */
export function evaluateFormula(formula: CheckedFormula, row: Readonly<Record<string, FormulaValue | undefined>>, options: EvaluateOptions = {}): FormulaValue {
  const now = options.now ?? new Date();
  const today = Math.floor(now.getTime() / DAY_MS);
  try {
    return output(new Evaluator(row, today).eval(formula.node), formula.node.type);
  } catch (error) {
    if (error instanceof Failure) return { error: error.code };
    throw error;
  }
}
