import { LINKED_COLUMN_TYPES, type ColumnType, type SelectOption } from '../spreadsheets';
import { type FieldKey, type FieldProperty, FormulaError, type FormulaNode } from './ast';
import { parseFormula } from './parse';

export const FORMULA_RESULT_TYPES = ['number', 'currency', 'percent', 'text', 'date', 'checkbox'] as const;
/** What a formula column shows its values as. */
export type FormulaResultType = (typeof FORMULA_RESULT_TYPES)[number];
/** Types inside a formula: a result type, or `blank` for BLANK() (which takes the type of what it meets). */
export type FormulaValueType = FormulaResultType | 'blank';
/** What values of a type compare and combine as. */
export type FormulaKind = 'number' | 'text' | 'date' | 'checkbox' | 'blank';

/** What the checker needs to know about a referenced column. */
export interface FormulaColumn {
  id: string;
  type: ColumnType;
  options?: SelectOption[];
  /** A formula column's result type: what a formula reading it gets. */
  resultType?: FormulaResultType;
}

/** Finds the column a reference names (`{Name}` by name, `{#id}` by id); undefined when there is none. */
export type FormulaResolver = (key: FieldKey) => FormulaColumn | undefined;

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Units of DATEADD and DATETIME_DIFF, by their canonical names. */
export type DateUnit = 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months' | 'quarters' | 'years';
/** A DATETIME_FORMAT pattern, split once at check time into tokens and literal text. */
export type DateFormatPart = { token: DateFormatToken } | { text: string };
export const DATE_FORMAT_TOKENS = ['YYYY', 'MMMM', 'dddd', 'MMM', 'ddd', 'YY', 'MM', 'DD', 'Q', 'M', 'D'] as const;
export type DateFormatToken = (typeof DATE_FORMAT_TOKENS)[number];

export const FORMULA_FUNCTIONS = [
  'IF',
  'SWITCH',
  'AND',
  'OR',
  'NOT',
  'BLANK',
  'ISBLANK',
  'ROUND',
  'ROUNDUP',
  'ROUNDDOWN',
  'ABS',
  'MIN',
  'MAX',
  'SUM',
  'AVERAGE',
  'CONCAT',
  'UPPER',
  'LOWER',
  'TRIM',
  'LEN',
  'LEFT',
  'RIGHT',
  'FIND',
  'TODAY',
  'NOW',
  'YEAR',
  'MONTH',
  'DAY',
  'DATEADD',
  'DATETIME_DIFF',
  'DATETIME_FORMAT',
] as const;
export type FormulaFunction = (typeof FORMULA_FUNCTIONS)[number];

/**
 * A checked formula node: every reference resolved to its column, every node typed, operators normalised
 * (`<>` is `!=`, `&` and CONCAT are one `concat`). The reference evaluator and the SQL compiler both walk this tree.
 */
export type TypedNode =
  | { op: 'literal'; type: 'number' | 'text' | 'blank'; value: number | string | null }
  | { op: 'field'; type: FormulaValueType; column: FormulaColumn; property: FieldProperty | null }
  | { op: 'negate'; type: FormulaValueType; arg: TypedNode }
  | { op: 'arith'; type: FormulaValueType; operator: ArithmeticOperator; left: TypedNode; right: TypedNode }
  | { op: 'concat'; type: 'text'; args: TypedNode[] }
  | { op: 'compare'; type: 'checkbox'; operator: ComparisonOperator; kind: FormulaKind; left: TypedNode; right: TypedNode }
  | { op: 'call'; type: FormulaValueType; fn: FormulaFunction; args: TypedNode[]; unit?: DateUnit; format?: DateFormatPart[] };

export interface CheckedFormula {
  node: TypedNode;
  resultType: FormulaResultType;
  /** Ids of the referenced columns, each once, in order of first use. */
  references: string[];
  /** Reads the clock (TODAY, NOW): its value changes without its inputs changing. */
  volatile: boolean;
}

export function kindOf(type: FormulaValueType): FormulaKind {
  return type === 'currency' || type === 'percent' ? 'number' : type;
}

const NUMERIC_COLUMNS: Partial<Record<ColumnType, FormulaValueType>> = { number: 'number', currency: 'currency', percent: 'percent', date: 'date', checkbox: 'checkbox' };

const UNITS: Record<string, DateUnit> = {
  ms: 'milliseconds',
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
  M: 'months',
  Q: 'quarters',
  y: 'years',
};
for (const unit of Object.values(UNITS)) {
  UNITS[unit] = unit;
  UNITS[unit.slice(0, -1)] = unit;
}
const CALENDAR_UNITS: readonly DateUnit[] = ['days', 'weeks', 'months', 'quarters', 'years'];

/** Splits a DATETIME_FORMAT pattern: known tokens (longest first), `[literal text]`, and anything else as itself. */
export function parseDateFormat(pattern: string): DateFormatPart[] {
  const parts: DateFormatPart[] = [];
  const text = (t: string) => {
    const last = parts[parts.length - 1];
    if (last && 'text' in last) last.text += t;
    else parts.push({ text: t });
  };
  for (let i = 0; i < pattern.length;) {
    if (pattern[i] === '[') {
      const close = pattern.indexOf(']', i);
      if (close > i) {
        text(pattern.slice(i + 1, close));
        i = close + 1;
        continue;
      }
    }
    const token = DATE_FORMAT_TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      parts.push({ token });
      i += token.length;
    } else {
      text(pattern[i]);
      i += 1;
    }
  }
  return parts;
}

function mergeNumeric(types: FormulaValueType[]): FormulaValueType {
  const numeric = types.filter((t) => t !== 'blank');
  if (numeric.includes('currency')) return 'currency';
  if (numeric.length > 0 && numeric.every((t) => t === 'percent')) return 'percent';
  return 'number';
}

function arithmeticType(operator: ArithmeticOperator, left: FormulaValueType, right: FormulaValueType): FormulaValueType {
  switch (operator) {
    case '+':
    case '-':
      return mergeNumeric([left, right]);
    case '*':
      return left === 'currency' || right === 'currency' ? 'currency' : left === 'percent' || right === 'percent' ? 'percent' : 'number';
    case '/':
      if (left === 'currency' && right !== 'currency') return 'currency';
      return left === 'percent' && right !== 'percent' ? 'percent' : 'number';
    case '%':
      return left === 'blank' ? 'number' : left;
  }
}

const NAMES: Record<FormulaKind, string> = { number: 'a number', text: 'text', date: 'a date', checkbox: 'a checkbox', blank: 'blank' };

class Checker {
  readonly references: string[] = [];
  volatile = false;

  constructor(private readonly resolve: FormulaResolver) {}

  check(node: FormulaNode): TypedNode {
    switch (node.kind) {
      case 'number':
        return { op: 'literal', type: 'number', value: node.value };
      case 'string':
        return { op: 'literal', type: 'text', value: node.value };
      case 'field':
        return this.field(node);
      case 'unary': {
        const arg = this.number(node.operand, 'the operand of "-"');
        return { op: 'negate', type: arg.type === 'blank' ? 'number' : arg.type, arg };
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
    }
  }

  private field(node: FormulaNode & { kind: 'field' }): TypedNode {
    const column = this.resolve(node.key);
    if (!column) {
      const what = node.key.by === 'name' ? `"${node.key.name}"` : `with id ${node.key.id}`;
      throw new FormulaError(`Unknown field ${what}`, node.start);
    }
    if (LINKED_COLUMN_TYPES.includes(column.type)) {
      // What they hold depends on who reads them (someone who cannot see the linked sheet reads nothing of it).
      throw new FormulaError('A formula cannot use link, lookup or rollup columns yet', node.start);
    }
    if (!this.references.includes(column.id)) this.references.push(column.id);
    if (node.property !== null && column.type !== 'select') {
      throw new FormulaError(`.${node.property} works on select fields only, and this field is ${column.type}`, node.start);
    }
    const type: FormulaValueType =
      node.property === 'probability' ? 'number' : column.type === 'formula' ? (column.resultType ?? 'text') : (NUMERIC_COLUMNS[column.type] ?? 'text');
    return { op: 'field', type, column, property: node.property };
  }

  private binary(node: FormulaNode & { kind: 'binary' }): TypedNode {
    const { op } = node;
    if (op === '&') return { op: 'concat', type: 'text', args: [this.check(node.left), this.check(node.right)] };
    if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
      const left = this.number(node.left, `the left side of "${op}"`);
      const right = this.number(node.right, `the right side of "${op}"`);
      return { op: 'arith', type: arithmeticType(op, left.type, right.type), operator: op, left, right };
    }
    const left = this.check(node.left);
    const right = this.check(node.right);
    const operator: ComparisonOperator = op === '<>' ? '!=' : op;
    const [a, b] = [kindOf(left.type), kindOf(right.type)];
    if (a !== b && a !== 'blank' && b !== 'blank') {
      throw new FormulaError(`"${op}" compares values of one type, but the left side is ${NAMES[a]} and the right side ${NAMES[b]}`, node.opStart);
    }
    const kind = a === 'blank' ? b : a;
    if (kind === 'checkbox' && operator !== '=' && operator !== '!=') throw new FormulaError(`Checkboxes compare with "=" and "!=" only, not "${op}"`, node.opStart);
    return { op: 'compare', type: 'checkbox', operator, kind, left, right };
  }

  private expect(node: FormulaNode, kind: FormulaKind, what: string): TypedNode {
    const typed = this.check(node);
    const actual = kindOf(typed.type);
    if (actual !== kind && actual !== 'blank') throw new FormulaError(`Expected ${NAMES[kind]} as ${what}, but this is ${NAMES[actual]}`, node.start);
    return typed;
  }

  private number(node: FormulaNode, what: string): TypedNode {
    return this.expect(node, 'number', what);
  }

  /** One type for the results of IF or SWITCH: blanks take the others' type, and a plain number literal the others' kind of number. */
  private unify(nodes: FormulaNode[], typed: TypedNode[], fn: string): FormulaValueType {
    let result: FormulaValueType = 'blank';
    typed.forEach((t, i) => {
      if (t.type === 'blank') return;
      if (result === 'blank') result = t.type;
      else if (kindOf(result) !== kindOf(t.type)) {
        throw new FormulaError(`The results of ${fn} must have one type, but this one is ${NAMES[kindOf(t.type)]} and an earlier one ${NAMES[kindOf(result)]}`, nodes[i].start);
      }
    });
    if (kindOf(result) !== 'number') return result;
    const units = new Set(typed.filter((t) => t.type !== 'blank' && t.op !== 'literal').map((t) => t.type));
    return units.size === 1 ? [...units][0] : 'number';
  }

  private literal(node: FormulaNode | undefined, what: string): string | undefined {
    if (node === undefined) return undefined;
    if (node.kind !== 'string') throw new FormulaError(`Expected ${what} as text in quotes`, node.start);
    return node.value;
  }

  private unit(node: FormulaNode | undefined, allowed: readonly DateUnit[]): DateUnit | undefined {
    const text = this.literal(node, 'a unit');
    if (text === undefined) return undefined;
    const unit = UNITS[text] ?? UNITS[text.toLowerCase()];
    if (!unit || !allowed.includes(unit) || (text.length === 1 && UNITS[text] === undefined)) {
      throw new FormulaError(`Expected a unit among ${allowed.map((u) => `'${u}'`).join(', ')}`, node!.start);
    }
    return unit;
  }

  private call(node: FormulaNode & { kind: 'call' }): TypedNode {
    const fn = FORMULA_FUNCTIONS.find((f) => f === node.name);
    if (!fn) throw new FormulaError(`Unknown function ${node.name}`, node.start);
    const { args } = node;
    const count = (min: number, max: number) => {
      if (args.length >= min && args.length <= max) return;
      const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      const at = args.length > max ? args[max].start : node.end - 1;
      throw new FormulaError(`${fn} takes ${wanted} argument${min === 1 && max === 1 ? '' : 's'}, not ${args.length}`, at);
    };
    const any = () => args.map((a) => this.check(a));
    const numbers = () => args.map((a, i) => this.number(a, `argument ${i + 1} of ${fn}`));
    const date = (i: number) => this.expect(args[i], 'date', `argument ${i + 1} of ${fn}`);
    const make = (type: FormulaValueType, typed: TypedNode[], extra: { unit?: DateUnit; format?: DateFormatPart[] } = {}): TypedNode => ({
      op: 'call',
      type,
      fn,
      args: typed,
      ...extra,
    });

    switch (fn) {
      case 'IF': {
        count(2, 3);
        const typed = any();
        return make(this.unify(args.slice(1), typed.slice(1), 'IF'), typed);
      }
      case 'SWITCH': {
        count(3, Infinity);
        const typed = any();
        const subject = kindOf(typed[0].type);
        const results: number[] = [];
        for (let i = 1; i < typed.length; i += 2) {
          if (i + 1 >= typed.length) {
            results.push(i);
            break;
          }
          const kind = kindOf(typed[i].type);
          if (kind !== subject && kind !== 'blank' && subject !== 'blank') {
            throw new FormulaError(`SWITCH compares its first argument (${NAMES[subject]}) with each pattern, but this pattern is ${NAMES[kind]}`, args[i].start);
          }
          results.push(i + 1);
        }
        return make(
          this.unify(
            results.map((i) => args[i]),
            results.map((i) => typed[i]),
            'SWITCH',
          ),
          typed,
        );
      }
      case 'AND':
      case 'OR':
        count(1, Infinity);
        return make('checkbox', any());
      case 'NOT':
      case 'ISBLANK':
        count(1, 1);
        return make('checkbox', any());
      case 'BLANK':
        count(0, 0);
        return make('blank', []);
      case 'ROUND':
      case 'ROUNDUP':
      case 'ROUNDDOWN': {
        count(1, 2);
        const typed = numbers();
        return make(typed[0].type === 'blank' ? 'number' : typed[0].type, typed);
      }
      case 'ABS': {
        count(1, 1);
        const typed = numbers();
        return make(typed[0].type === 'blank' ? 'number' : typed[0].type, typed);
      }
      case 'MIN':
      case 'MAX':
      case 'SUM':
      case 'AVERAGE': {
        count(1, Infinity);
        const typed = numbers();
        return make(mergeNumeric(typed.map((t) => t.type)), typed);
      }
      case 'CONCAT':
        count(1, Infinity);
        return { op: 'concat', type: 'text', args: any() };
      case 'UPPER':
      case 'LOWER':
      case 'TRIM':
        count(1, 1);
        return make('text', any());
      case 'LEN':
        count(1, 1);
        return make('number', any());
      case 'LEFT':
      case 'RIGHT':
        count(2, 2);
        return make('text', [this.check(args[0]), this.number(args[1], `argument 2 of ${fn}`)]);
      case 'FIND': {
        count(2, 3);
        const typed = [this.check(args[0]), this.check(args[1])];
        if (args[2]) typed.push(this.number(args[2], 'argument 3 of FIND'));
        return make('number', typed);
      }
      case 'TODAY':
      case 'NOW':
        count(0, 0);
        this.volatile = true;
        return make('date', []);
      case 'YEAR':
      case 'MONTH':
      case 'DAY':
        count(1, 1);
        return make('number', [date(0)]);
      case 'DATEADD': {
        count(3, 3);
        const typed = [date(0), this.number(args[1], 'argument 2 of DATEADD')];
        return make('date', typed, { unit: this.unit(args[2], CALENDAR_UNITS) });
      }
      case 'DATETIME_DIFF': {
        count(2, 3);
        const typed = [date(0), date(1)];
        return make('number', typed, { unit: this.unit(args[2], Object.values(UNITS)) ?? 'seconds' });
      }
      case 'DATETIME_FORMAT': {
        count(1, 2);
        const pattern = this.literal(args[1], 'the format') ?? 'YYYY-MM-DD';
        return make('text', [date(0)], { format: parseDateFormat(pattern) });
      }
    }
  }
}

/** Type-checks a parsed formula, resolving its references; throws a FormulaError at the offending position. */
export function checkFormula(node: FormulaNode, resolve: FormulaResolver): CheckedFormula {
  const checker = new Checker(resolve);
  const typed = checker.check(node);
  return { node: typed, resultType: typed.type === 'blank' ? 'text' : typed.type, references: checker.references, volatile: checker.volatile };
}

/** Parses and checks in one go: the checked formula, or the first error with its position. */
export function compileFormula(text: string, resolve: FormulaResolver): { ok: true; formula: CheckedFormula } | { ok: false; error: FormulaError } {
  try {
    return { ok: true, formula: checkFormula(parseFormula(text), resolve) };
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, error };
    throw error;
  }
}

/** A resolver over a sheet's columns: `{Name}` by exact name, `{#id}` by id. */
export function columnResolver(columns: readonly (FormulaColumn & { name: string })[]): FormulaResolver {
  return (key) => columns.find((c) => (key.by === 'id' ? c.id === key.id : c.name === key.name));
}
