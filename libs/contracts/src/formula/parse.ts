import { type BinaryOperator, type FieldKey, type FieldProperty, FormulaError, type FormulaNode } from './ast';

/** Longer formulas are refused before parsing: they are typed by people, and every node becomes SQL. */
export const MAX_FORMULA_LENGTH = 10_000;
/** Deeper nesting is refused, so neither this recursive parser nor the SQL it becomes can overflow a stack. */
const MAX_DEPTH = 64;

export type Token =
  | { type: 'number'; value: number; start: number; end: number }
  | { type: 'string'; value: string; start: number; end: number }
  | { type: 'field'; key: FieldKey; start: number; end: number }
  | { type: 'name'; value: string; start: number; end: number }
  | { type: 'op'; value: BinaryOperator; start: number; end: number }
  | { type: '(' | ')' | ',' | '.' | 'end'; start: number; end: number };

const OPERATORS: readonly BinaryOperator[] = ['<=', '>=', '!=', '<>', '=', '<', '>', '&', '+', '-', '*', '/', '%'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return 'the end of the formula';
    case 'number':
      return `the number ${token.value}`;
    case 'string':
      return 'a text value';
    case 'field':
      return 'a field';
    case 'name':
    case 'op':
      return `"${token.value}"`;
    default:
      return `"${token.type}"`;
  }
}

/** Reads `{...}` starting at `start` (the brace): a name with `\}` and `\\` escapes, or `{#id}` for a stored reference. */
function readField(text: string, start: number): Token {
  let i = start + 1;
  let raw = '';
  let escaped = false;
  while (i < text.length && text[i] !== '}') {
    if (text[i] === '\\' && i + 1 < text.length) {
      if (i === start + 1) escaped = true;
      raw += text[i + 1];
      i += 2;
    } else {
      raw += text[i];
      i += 1;
    }
  }
  if (i >= text.length) throw new FormulaError('Expected "}" to close the field name', text.length);
  const end = i + 1;
  if (!escaped && raw.startsWith('#') && raw.length > 1) return { type: 'field', key: { by: 'id', id: raw.slice(1) }, start, end };
  if (raw.trim() === '') throw new FormulaError('Expected a field name between the braces', start + 1);
  return { type: 'field', key: { by: 'name', name: raw }, start, end };
}

function readString(text: string, start: number): Token {
  const quote = text[start];
  let i = start + 1;
  let value = '';
  while (i < text.length && text[i] !== quote) {
    if (text[i] === '\\' && i + 1 < text.length) {
      const next = text[i + 1];
      value += ESCAPES[next] ?? next;
      i += 2;
    } else {
      value += text[i];
      i += 1;
    }
  }
  if (i >= text.length) throw new FormulaError(`Expected ${quote} to close the text that starts at ${start}`, text.length);
  return { type: 'string', value, start, end: i + 1 };
}

/** Splits a formula into tokens; the last one is always `end`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const rest = text.slice(i, i + 400);
    let token: Token;
    const number = NUMBER.exec(rest);
    const name = NAME.exec(rest);
    const op = OPERATORS.find((o) => rest.startsWith(o));
    if (c === '{') token = readField(text, i);
    else if (c === '"' || c === "'") token = readString(text, i);
    else if (number) token = { type: 'number', value: Number(number[0]), start: i, end: i + number[0].length };
    else if (name) token = { type: 'name', value: name[0], start: i, end: i + name[0].length };
    else if (c === '(' || c === ')' || c === ',' || c === '.') token = { type: c, start: i, end: i + 1 };
    else if (op) token = { type: 'op', value: op, start: i, end: i + op.length };
    else if (c === '}') throw new FormulaError('Expected "{" before "}": a field name goes between braces', i);
    else throw new FormulaError(`Unexpected character "${c}"`, i);
    tokens.push(token);
    i = token.end;
  }
  tokens.push({ type: 'end', start: text.length, end: text.length });
  return tokens;
}

/** Binding strength of binary operators, lowest first (as in Excel and Airtable): comparisons, &, + -, * / %. */
const PRECEDENCE: Record<BinaryOperator, number> = { '=': 1, '!=': 1, '<>': 1, '<': 1, '<=': 1, '>': 1, '>=': 1, '&': 2, '+': 3, '-': 3, '*': 4, '/': 4, '%': 4 };
const PROPERTIES: readonly FieldProperty[] = ['label', 'probability'];

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  /** A method, not a getter: TypeScript must not carry a narrowed token type past next(). */
  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.index += 1;
    return token;
  }

  private expected(what: string): never {
    throw new FormulaError(`Expected ${what} but found ${describe(this.peek())}`, this.peek().start);
  }

  parseFormula(): FormulaNode {
    if (this.peek().type === 'end') throw new FormulaError('Expected a formula but it is empty', 0);
    const node = this.expression(0);
    if (this.peek().type !== 'end') this.expected(this.peek().type === ')' ? 'the end of the formula (this ")" closes nothing)' : 'an operator or the end of the formula');
    return node;
  }

  /** Precedence climbing: parses operands and operators binding tighter than `min`, left-associative. */
  private expression(min: number): FormulaNode {
    if (++this.depth > MAX_DEPTH) throw new FormulaError(`The formula nests deeper than ${MAX_DEPTH} levels`, this.peek().start);
    let left = this.unary();
    for (let token = this.peek(); token.type === 'op' && PRECEDENCE[token.value] > min; token = this.peek()) {
      this.next();
      const right = this.expression(PRECEDENCE[token.value]);
      left = { kind: 'binary', op: token.value, opStart: token.start, left, right, start: left.start, end: right.end };
    }
    this.depth -= 1;
    return left;
  }

  private unary(): FormulaNode {
    const token = this.peek();
    if (token.type === 'op' && (token.value === '-' || token.value === '+')) {
      this.next();
      if (++this.depth > MAX_DEPTH) throw new FormulaError(`The formula nests deeper than ${MAX_DEPTH} levels`, token.start);
      const operand = this.unary();
      this.depth -= 1;
      return token.value === '+' ? operand : { kind: 'unary', op: '-', operand, start: token.start, end: operand.end };
    }
    return this.primary();
  }

  private primary(): FormulaNode {
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.next();
        return { kind: 'number', value: token.value, start: token.start, end: token.end };
      case 'string':
        this.next();
        return { kind: 'string', value: token.value, start: token.start, end: token.end };
      case 'field':
        this.next();
        return this.property({ kind: 'field', key: token.key, property: null, start: token.start, end: token.end });
      case 'name':
        return this.call(token);
      case '(': {
        this.next();
        const inner = this.expression(0);
        if (this.peek().type !== ')') this.expected(`")" to close the "(" at ${token.start}`);
        this.next();
        return inner;
      }
      default:
        return this.expected('a value (a number, text in quotes, a {field} or a function)');
    }
  }

  private property(field: FormulaNode & { kind: 'field' }): FormulaNode {
    if (this.peek().type !== '.') return field;
    this.next();
    const name = this.peek();
    const property = name.type === 'name' ? PROPERTIES.find((p) => p === name.value.toLowerCase()) : undefined;
    if (!property) this.expected('"label" or "probability" after "."');
    this.next();
    return { ...field, property, end: name.end };
  }

  private call(name: Token & { type: 'name' }): FormulaNode {
    this.next();
    if (this.peek().type !== '(') {
      throw new FormulaError(`Expected "(" after the function name ${name.value} (field names go between braces: {${name.value}})`, this.peek().start);
    }
    this.next();
    const args: FormulaNode[] = [];
    if (this.peek().type !== ')') {
      for (;;) {
        args.push(this.expression(0));
        if (this.peek().type === ',') {
          this.next();
          continue;
        }
        if (this.peek().type !== ')') this.expected(`"," or ")" in the arguments of ${name.value.toUpperCase()}`);
        break;
      }
    }
    const close = this.next();
    return { kind: 'call', name: name.value.toUpperCase(), args, start: name.start, end: close.end };
  }
}

/** Parses a formula (display form with `{Name}` or stored form with `{#id}`); throws a FormulaError with the position. */
export function parseFormula(text: string): FormulaNode {
  if (text.length > MAX_FORMULA_LENGTH) throw new FormulaError(`A formula may be at most ${MAX_FORMULA_LENGTH} characters`, MAX_FORMULA_LENGTH);
  return new Parser(tokenize(text)).parseFormula();
}
