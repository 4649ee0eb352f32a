import {
  type CellValue,
  checkFormula,
  columnResolver,
  compileFormula,
  evaluateFormula,
  type FormulaColumn,
  FormulaError,
  FORMULA_FUNCTIONS,
  type FormulaNode,
  type FormulaValue,
  parseFormula,
  toDisplay,
  toStored,
} from '@contrivance/contracts';

const COLUMNS: (FormulaColumn & { name: string })[] = [
  { id: 'c-value', name: 'Value', type: 'currency' },
  { id: 'c-qty', name: 'Qty', type: 'number' },
  { id: 'c-rate', name: 'Rate', type: 'percent' },
  { id: 'c-name', name: 'Name', type: 'text' },
  { id: 'c-notes', name: 'Notes', type: 'longText' },
  { id: 'c-email', name: 'Email', type: 'email' },
  { id: 'c-site', name: 'Site', type: 'url' },
  { id: 'c-owner', name: 'Owner', type: 'user' },
  { id: 'c-close', name: 'Close date', type: 'date' },
  { id: 'c-start', name: 'Start', type: 'date' },
  { id: 'c-won', name: 'Won', type: 'checkbox' },
  {
    id: 'c-stage',
    name: 'Stage',
    type: 'select',
    options: [
      { id: 'lead', label: 'Lead', probability: 10 },
      { id: 'won', label: 'Won', probability: 100 },
      { id: 'lost', label: 'Lost' },
    ],
  },
  {
    id: 'c-tags',
    name: 'Tags',
    type: 'multiSelect',
    options: [
      { id: 'hot', label: 'Hot' },
      { id: 'eu', label: 'Europe' },
    ],
  },
  { id: 'c-empty', name: 'Empty', type: 'number' },
  { id: 'c-blank-text', name: 'Blank text', type: 'text' },
  { id: 'c-blank-date', name: 'Blank date', type: 'date' },
];
const resolve = columnResolver(COLUMNS);

const ROW: Record<string, CellValue> = {
  'c-value': 1200.5,
  'c-qty': 3,
  'c-rate': 25,
  'c-name': '  Acme Corp ',
  'c-notes': 'first line\nsecond',
  'c-email': 'buyer@acme.test',
  'c-site': 'https://acme.test',
  'c-owner': '6f1c1c8e-0000-4000-8000-000000000001',
  'c-close': '2024-01-31',
  'c-start': '2023-11-15',
  'c-won': true,
  'c-stage': 'lead',
  'c-tags': ['eu', 'hot'],
};
const NOW = new Date('2024-03-10T22:30:00Z');

/** A parse tree as a compact S-expression, so precedence reads at a glance. */
function show(node: FormulaNode): string {
  switch (node.kind) {
    case 'number':
      return String(node.value);
    case 'string':
      return JSON.stringify(node.value);
    case 'field':
      return `{${node.key.by === 'name' ? node.key.name : `#${node.key.id}`}}${node.property ? `.${node.property}` : ''}`;
    case 'unary':
      return `(neg ${show(node.operand)})`;
    case 'binary':
      return `(${node.op} ${show(node.left)} ${show(node.right)})`;
    case 'call':
      return `(${node.name}${node.args.map((a) => ` ${show(a)}`).join('')})`;
  }
}

function parseError(text: string): FormulaError {
  try {
    parseFormula(text);
  } catch (error) {
    if (error instanceof FormulaError) return error;
    throw error;
  }
  throw new Error(`parsed: ${text}`);
}

function checkError(text: string): FormulaError {
  const result = compileFormula(text, resolve);
  if (result.ok) throw new Error(`checked: ${text}`);
  return result.error;
}

function run(text: string, row: Record<string, CellValue> = ROW): FormulaValue {
  const result = compileFormula(text, resolve);
  if (!result.ok) throw new Error(`${text}: ${result.error.message} at ${result.error.position}`);
  return evaluateFormula(result.formula, row, { now: NOW });
}

describe('formula parser', () => {
  it.each([
    ['1 = 2', '(= 1 2)'],
    ['1 != 2', '(!= 1 2)'],
    ['1 <> 2', '(<> 1 2)'],
    ['1 < 2', '(< 1 2)'],
    ['1 <= 2', '(<= 1 2)'],
    ['1 > 2', '(> 1 2)'],
    ['1 >= 2', '(>= 1 2)'],
    ['1 & 2', '(& 1 2)'],
    ['1 + 2', '(+ 1 2)'],
    ['1 - 2', '(- 1 2)'],
    ['1 * 2', '(* 1 2)'],
    ['1 / 2', '(/ 1 2)'],
    ['1 % 2', '(% 1 2)'],
    ['-1', '(neg 1)'],
    ['+1', '1'],
  ])('reads the operator in %s', (text, tree) => {
    expect(show(parseFormula(text))).toBe(tree);
  });

  it.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['10 - 4 - 3', '(- (- 10 4) 3)'],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)'],
    ['2 * 7 % 4', '(% (* 2 7) 4)'],
    ['-2 * 3', '(* (neg 2) 3)'],
    ['--2', '(neg (neg 2))'],
    ['1 + 2 & 3 + 4', '(& (+ 1 2) (+ 3 4))'],
    ['"a" & 1 = "a1"', '(= (& "a" 1) "a1")'],
    ['1 < 2 = 3 > 4', '(> (= (< 1 2) 3) 4)'],
    ['{Value} * {Stage}.probability / 100', '(/ (* {Value} {Stage}.probability) 100)'],
    ['IF({A} > 1, "x" & {B}, -{C} % 2)', '(IF (> {A} 1) (& "x" {B}) (% (neg {C}) 2))'],
  ])('gives %s the usual precedence', (text, tree) => {
    expect(show(parseFormula(text))).toBe(tree);
  });

  it.each([
    ['1.5', 1.5],
    ['.25', 0.25],
    ['2e3', 2000],
    ['1.5E-2', 0.015],
    ['007', 7],
  ])('reads the number %s', (text, value) => {
    expect(parseFormula(text)).toMatchObject({ kind: 'number', value });
  });

  it.each([
    [`'it\\'s'`, "it's"],
    [`"say \\"hi\\""`, 'say "hi"'],
    [`"a\\nb\\tc"`, 'a\nb\tc'],
    [`'back\\\\slash'`, 'back\\slash'],
    [`"single ' inside"`, "single ' inside"],
    [`''`, ''],
  ])('reads the text %s with its escapes', (text, value) => {
    expect(parseFormula(text)).toMatchObject({ kind: 'string', value });
  });

  it.each([
    ['{Deal value}', { by: 'name', name: 'Deal value' }, null],
    ['{#3f2a}', { by: 'id', id: '3f2a' }, null],
    ['{\\#hash}', { by: 'name', name: '#hash' }, null],
    ['{a\\}b}', { by: 'name', name: 'a}b' }, null],
    ['{Stage}.probability', { by: 'name', name: 'Stage' }, 'probability'],
    ['{Stage}.LABEL', { by: 'name', name: 'Stage' }, 'label'],
  ])('reads the field %s', (text, key, property) => {
    expect(parseFormula(text)).toMatchObject({ kind: 'field', key, property });
  });

  it('reads every function, in any case, with positions of each node', () => {
    for (const name of FORMULA_FUNCTIONS) expect(parseFormula(`${name.toLowerCase()}(1, 'x')`)).toMatchObject({ kind: 'call', name, start: 0 });
    expect(parseFormula('TODAY()')).toMatchObject({ kind: 'call', name: 'TODAY', args: [], start: 0, end: 7 });
    expect(parseFormula(' ROUND( {A} , 2 )')).toMatchObject({
      start: 1,
      end: 17,
      args: [
        { kind: 'field', start: 8, end: 11 },
        { kind: 'number', start: 14, end: 15 },
      ],
    });
    expect(parseFormula('1 +  {B}')).toMatchObject({ kind: 'binary', opStart: 2, start: 0, end: 8 });
  });

  it.each([
    ['', 0, 'Expected a formula but it is empty'],
    ['   ', 0, 'Expected a formula but it is empty'],
    ['1 +', 3, 'Expected a value (a number, text in quotes, a {field} or a function) but found the end of the formula'],
    ['(1 + 2', 6, 'Expected ")" to close the "(" at 0 but found the end of the formula'],
    ['1 + 2)', 5, 'Expected the end of the formula (this ")" closes nothing) but found ")"'],
    ['{Value', 6, 'Expected "}" to close the field name'],
    ['"abc', 4, 'Expected " to close the text that starts at 0'],
    ['IF(1, 2', 7, 'Expected "," or ")" in the arguments of IF but found the end of the formula'],
    ['Value * 2', 6, 'Expected "(" after the function name Value (field names go between braces: {Value})'],
    ['1 2', 2, 'Expected an operator or the end of the formula but found the number 2'],
    ['{Stage}.foo', 8, 'Expected "label" or "probability" after "." but found "foo"'],
    ['1 # 2', 2, 'Unexpected character "#"'],
    ['{}', 1, 'Expected a field name between the braces'],
    ['IF(,1)', 3, 'Expected a value (a number, text in quotes, a {field} or a function) but found ","'],
    ['2 ** 3', 3, 'Expected a value (a number, text in quotes, a {field} or a function) but found "*"'],
    ['x}', 1, 'Expected "{" before "}": a field name goes between braces'],
    ['x + 1', 2, 'Expected "(" after the function name x (field names go between braces: {x})'],
    ['}', 0, 'Expected "{" before "}": a field name goes between braces'],
    ['SUM(1,)', 6, 'Expected a value (a number, text in quotes, a {field} or a function) but found ")"'],
  ])('refuses %j at %i: %s', (text, position, message) => {
    const error = parseError(text);
    expect({ message: error.message, position: error.position }).toEqual({ message, position });
  });

  it('refuses nesting that would overflow and formulas past the length limit', () => {
    expect(parseError(`${'('.repeat(100)}1${')'.repeat(100)}`).message).toMatch(/nests deeper than 64/);
    expect(parseError(`${'-'.repeat(100)}1`).message).toMatch(/nests deeper than 64/);
    expect(parseError(`1${' + 1'.repeat(3000)}`)).toMatchObject({ position: 10_000 });
  });
});

describe('formula checker', () => {
  it.each([
    ['{Value}', 'currency'],
    ['{Qty}', 'number'],
    ['{Rate}', 'percent'],
    ['{Name}', 'text'],
    ['{Notes}', 'text'],
    ['{Email}', 'text'],
    ['{Site}', 'text'],
    ['{Owner}', 'text'],
    ['{Close date}', 'date'],
    ['{Won}', 'checkbox'],
    ['{Stage}', 'text'],
    ['{Stage}.label', 'text'],
    ['{Stage}.probability', 'number'],
    ['{Tags}', 'text'],
    ['{Value} * {Stage}.probability / 100', 'currency'],
    ['{Value} + {Qty}', 'currency'],
    ['{Qty} + {Rate}', 'number'],
    ['{Rate} + {Rate}', 'percent'],
    ['{Rate} * 2', 'percent'],
    ['{Value} / {Value}', 'number'],
    ['{Rate} / 2', 'percent'],
    ['{Value} % 7', 'currency'],
    ['-{Value}', 'currency'],
    ['{Qty} & "x"', 'text'],
    ['{Qty} > 1', 'checkbox'],
    ['{Name} = "x"', 'checkbox'],
    ['{Close date} < {Start}', 'checkbox'],
    ['{Won} = {Won}', 'checkbox'],
    ['{Qty} = BLANK()', 'checkbox'],
    ['IF({Won}, {Value}, 0)', 'currency'],
    ['IF({Won}, {Value}, {Rate})', 'number'],
    ['IF({Won}, 1, 2)', 'number'],
    ['IF({Won}, {Rate}, 0.5 * {Rate})', 'percent'],
    ['IF({Won}, "yes")', 'text'],
    ['IF({Won}, BLANK(), {Close date})', 'date'],
    ['IF({Won}, BLANK(), BLANK())', 'text'],
    ['SWITCH({Stage}, "Won", {Value}, "Lead", 1, 0)', 'currency'],
    ['SWITCH({Qty}, 1, "one", 2, "two")', 'text'],
    ['AND({Won}, {Qty})', 'checkbox'],
    ['OR({Name}, {Close date})', 'checkbox'],
    ['NOT({Won})', 'checkbox'],
    ['BLANK()', 'text'],
    ['ISBLANK({Name})', 'checkbox'],
    ['ROUND({Value}, 1)', 'currency'],
    ['ROUNDUP({Rate})', 'percent'],
    ['ROUNDDOWN({Qty}, -1)', 'number'],
    ['ABS({Value})', 'currency'],
    ['MIN({Value}, {Qty})', 'currency'],
    ['MAX({Rate}, {Rate})', 'percent'],
    ['SUM(1, 2, 3)', 'number'],
    ['AVERAGE({Value}, 1)', 'currency'],
    ['CONCAT({Name}, 1, {Won}, {Close date})', 'text'],
    ['UPPER({Qty})', 'text'],
    ['LOWER({Name})', 'text'],
    ['TRIM({Name})', 'text'],
    ['LEN({Name})', 'number'],
    ['LEFT({Name}, 2)', 'text'],
    ['RIGHT({Name}, 2)', 'text'],
    ['FIND("a", {Name})', 'number'],
    ['FIND("a", {Name}, 2)', 'number'],
    ['TODAY()', 'date'],
    ['NOW()', 'date'],
    ['YEAR({Close date})', 'number'],
    ['MONTH({Close date})', 'number'],
    ['DAY({Close date})', 'number'],
    ['DATEADD({Close date}, 1, "months")', 'date'],
    ['DATETIME_DIFF({Close date}, {Start}, "days")', 'number'],
    ['DATETIME_DIFF({Close date}, {Start})', 'number'],
    ['DATETIME_FORMAT({Close date}, "D MMM YYYY")', 'text'],
    ['DATETIME_FORMAT({Close date})', 'text'],
  ])('types %s as %s', (text, type) => {
    const result = compileFormula(text, resolve);
    expect(result.ok && result.formula.resultType).toBe(type);
  });

  it.each([
    ['{Nope} + 1', 0, 'Unknown field "Nope"'],
    ['1 + {#c-gone}', 4, 'Unknown field with id c-gone'],
    ['FOO(1)', 0, 'Unknown function FOO'],
    ['IF({Won})', 8, 'IF takes 2 to 3 arguments, not 1'],
    ['ROUND(1, 2, 3)', 12, 'ROUND takes 1 to 2 arguments, not 3'],
    ['NOT()', 4, 'NOT takes 1 argument, not 0'],
    ['TODAY(1)', 6, 'TODAY takes 0 arguments, not 1'],
    ['SUM()', 4, 'SUM takes at least 1 arguments, not 0'],
    ['SWITCH(1, 2)', 11, 'SWITCH takes at least 3 arguments, not 2'],
    ['{Name} * 2', 0, 'Expected a number as the left side of "*", but this is text'],
    ['1 + {Close date}', 4, 'Expected a number as the right side of "+", but this is a date'],
    ['-{Won}', 1, 'Expected a number as the operand of "-", but this is a checkbox'],
    ['{Name} = 1', 7, '"=" compares values of one type, but the left side is text and the right side a number'],
    ['{Close date} > "2024-01-01"', 13, '">" compares values of one type, but the left side is a date and the right side text'],
    ['{Won} < {Won}', 6, 'Checkboxes compare with "=" and "!=" only, not "<"'],
    ['IF({Won}, 1, "x")', 13, 'The results of IF must have one type, but this one is text and an earlier one a number'],
    ['SWITCH({Stage}, 1, "a")', 16, 'SWITCH compares its first argument (text) with each pattern, but this pattern is a number'],
    ['SWITCH({Qty}, 1, "a", 2, {Close date})', 25, 'The results of SWITCH must have one type, but this one is a date and an earlier one text'],
    ['ROUND({Name})', 6, 'Expected a number as argument 1 of ROUND, but this is text'],
    ['MAX(1, {Close date})', 7, 'Expected a number as argument 2 of MAX, but this is a date'],
    ['LEFT({Name}, "2")', 13, 'Expected a number as argument 2 of LEFT, but this is text'],
    ['YEAR({Name})', 5, 'Expected a date as argument 1 of YEAR, but this is text'],
    ['DATEADD({Close date}, 1, "hours")', 25, "Expected a unit among 'days', 'weeks', 'months', 'quarters', 'years'"],
    ['DATEADD({Close date}, 1, {Name})', 25, 'Expected a unit as text in quotes'],
    ['DATEADD({Close date}, "1", "days")', 22, 'Expected a number as argument 2 of DATEADD, but this is text'],
    ['DATETIME_DIFF({Close date}, {Start}, "fortnights")', 37, 'Expected a unit among'],
    ['DATETIME_FORMAT({Close date}, {Name})', 30, 'Expected the format as text in quotes'],
    ['{Name}.probability', 0, '.probability works on select fields only, and this field is text'],
  ])('refuses %s at %i: %s', (text, position, message) => {
    const error = checkError(text);
    expect(error.position).toBe(position);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it('accepts units by name, singular, abbreviation and case (months M against minutes m)', () => {
    const unit = (text: string) => {
      const result = compileFormula(text, resolve);
      return result.ok && result.formula.node.op === 'call' ? result.formula.node.unit : result;
    };
    expect(unit('DATETIME_DIFF({Close date}, {Start}, "M")')).toBe('months');
    expect(unit('DATETIME_DIFF({Close date}, {Start}, "m")')).toBe('minutes');
    expect(unit('DATETIME_DIFF({Close date}, {Start}, "Weeks")')).toBe('weeks');
    expect(unit('DATEADD({Close date}, 1, "year")')).toBe('years');
    expect(unit('DATEADD({Close date}, 1, "Q")')).toBe('quarters');
    expect(checkError('DATEADD({Close date}, 1, "D")').position).toBe(25);
  });

  it('lists the referenced columns once each and flags the clock', () => {
    const checked = checkFormula(parseFormula('IF({Won}, {Value} * {Qty}, {Value}) & TODAY()'), resolve);
    expect(checked.references).toEqual(['c-won', 'c-value', 'c-qty']);
    expect(checked.volatile).toBe(true);
    expect(checkFormula(parseFormula('{Qty} + 1'), resolve).volatile).toBe(false);
  });

  it('resolves stored references by id, display references by exact name', () => {
    expect(compileFormula('{#c-qty} + 1', resolve).ok).toBe(true);
    expect(checkError('{qty} + 1').message).toBe('Unknown field "qty"');
  });
});

describe('formula evaluator', () => {
  it.each<[string, FormulaValue]>([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['7 / 2', 3.5],
    ['0.1 + 0.2', 0.3],
    ['7 % 3', 1],
    ['-7 % 3', -1],
    ['7 % -3', 1],
    ['0.3 % 0.1', 0],
    ['5.5 % 2', 1.5],
    ['-{Qty}', -3],
    ['{Value} * {Stage}.probability / 100', 120.05],
    ['{Value} * {Empty}', 0],
    ['{Empty} + {Empty}', 0],
    ['{Empty} - 2', -2],
    ['1 / 0', { error: '#DIV/0!' }],
    ['1 / {Empty}', { error: '#DIV/0!' }],
    ['5 % 0', { error: '#DIV/0!' }],
    ['IF({Won}, 1 / 0, 2)', { error: '#DIV/0!' }],
    ['IF({Won}, 2, 1 / 0)', 2],
    ['"n=" & 1 / 0', { error: '#DIV/0!' }],
    ['1e308 * 10', { error: '#NUM!' }],
    ['1e200 * 1e200', { error: '#NUM!' }],
    ['-(1e299 * 10)', { error: '#NUM!' }],
    ['SUM(9e299, 9e299)', { error: '#NUM!' }],
    ['1e-200 * 1e-200', 0],
    ['(2 / 3) * 3 = 2', true],
    ['1 / 3 * 3 = 1', false],
    ['{Name} & "|"', '  Acme Corp |'],
    ['{Qty} & " x " & {Value}', '3 x 1200.5'],
    ['1 / 3 & ""', '0.3333333333'],
    ['2 / 3 & ""', '0.6666666667'],
    ['1e21 & ""', '1000000000000000000000'],
    ['-0.5 & ""', '-0.5'],
    ['{Empty} & "x" & {Blank text}', 'x'],
    ['{Close date} & ""', '2024-01-31'],
    ['{Won} & "/" & ({Qty} > 5)', 'true/false'],
    ['{Stage} & ", " & {Stage}.label & ", " & {Stage}.probability', 'Lead, Lead, 10'],
    ['{Tags}', 'Europe, Hot'],
    ['{Owner}', '6f1c1c8e-0000-4000-8000-000000000001'],
    ['{Email} & " " & {Site}', 'buyer@acme.test https://acme.test'],
    ['"" & ""', null],
    ['{Blank text}', null],
    ['{Empty}', null],
    ['BLANK()', null],
    ['1 = 1', true],
    ['1 != 1', false],
    ['1 <> 2', true],
    ['1 < 2', true],
    ['2 <= 2', true],
    ['3 > 4', false],
    ['3 >= 4', false],
    ['{Empty} = 0', true],
    ['{Empty} = BLANK()', true],
    ['0 = BLANK()', true],
    ['"abc" = "ABC"', false],
    ['"B" < "a"', true],
    ['"ab" < "abc"', true],
    ['{Blank text} = ""', true],
    ['{Close date} > {Start}', true],
    ['{Close date} = {Blank date}', false],
    ['{Blank date} = BLANK()', true],
    ['{Blank date} < {Close date}', false],
    ['{Blank date} >= {Close date}', false],
    ['{Won} = ({Qty} = 3)', true],
    ['IF({Qty} > 2, "many", "few")', 'many'],
    ['IF({Qty} > 5, "many")', null],
    ['IF({Name}, 1, 2)', 1],
    ['IF({Blank text}, 1, 2)', 2],
    ['IF({Empty}, 1, 2)', 2],
    ['IF({Close date}, 1, 2)', 1],
    ['SWITCH({Stage}, "Won", 1, "Lead", 2, 0)', 2],
    ['SWITCH({Stage}, "Won", 1, 0)', 0],
    ['SWITCH({Stage}, "Won", 1)', null],
    ['SWITCH({Qty}, 3, "three", "other")', 'three'],
    ['SWITCH({Empty}, 0, "zero", "other")', 'zero'],
    ['AND({Won}, {Qty}, {Name})', true],
    ['AND({Won}, {Empty})', false],
    ['OR({Empty}, {Blank text})', false],
    ['OR({Empty}, {Close date})', true],
    ['NOT({Won})', false],
    ['NOT({Empty})', true],
    ['ISBLANK({Empty})', true],
    ['ISBLANK({Blank text})', true],
    ['ISBLANK({Name})', false],
    ['ISBLANK(0)', false],
    ['ISBLANK(BLANK())', true],
    ['ROUND(2.5)', 3],
    ['ROUND(-2.5)', -2],
    ['ROUND(-2.51)', -3],
    ['ROUND(-1.005, 2)', -1],
    ['ROUND(1.005, 2)', 1.01],
    ['ROUND(1234.5678, 2)', 1234.57],
    ['ROUND(1250, -2)', 1300],
    ['ROUND(1234.5678, -2)', 1200],
    ['ROUND({Empty})', 0],
    ['ROUNDUP(1.21, 1)', 1.3],
    ['ROUNDUP(-1.21, 1)', -1.3],
    ['ROUNDUP(1.2, 1)', 1.2],
    ['ROUNDUP(1201, -2)', 1300],
    ['ROUNDDOWN(1.29, 1)', 1.2],
    ['ROUNDDOWN(-1.29, 1)', -1.2],
    ['ROUNDDOWN(1299, -2)', 1200],
    ['ROUND(1.23456, 2.9)', 1.23],
    ['ABS(-4.5)', 4.5],
    ['ABS({Empty})', 0],
    ['MIN(3, 1, 2)', 1],
    ['MAX(3, 1, 2)', 3],
    ['MIN({Empty}, 5)', 5],
    ['MAX({Empty}, -5)', -5],
    ['MIN({Empty}, BLANK())', null],
    ['SUM(1, 2, {Empty}, 0.5)', 3.5],
    ['AVERAGE(1, 2, {Empty})', 1.5],
    ['AVERAGE({Empty})', null],
    ['CONCAT("a", 1, {Won}, {Close date}, {Empty})', 'a1true2024-01-31'],
    ['UPPER({Name})', '  ACME CORP '],
    ['LOWER("MiXeD")', 'mixed'],
    ['UPPER({Qty})', '3'],
    ['TRIM({Name})', 'Acme Corp'],
    ['TRIM("\t x y \n")', 'x y'],
    ['TRIM("   ")', null],
    ['LEN({Name})', 12],
    ['LEN("héllo😀")', 6],
    ['LEN({Blank text})', 0],
    ['LEFT("abcdef", 2)', 'ab'],
    ['LEFT("abcdef", 0)', null],
    ['LEFT("abcdef", -3)', null],
    ['LEFT("abcdef", 99)', 'abcdef'],
    ['LEFT("😀bc", 1)', '😀'],
    ['RIGHT("abcdef", 2)', 'ef'],
    ['RIGHT("abcdef", 2.9)', 'ef'],
    ['RIGHT("ab", 5)', 'ab'],
    ['FIND("c", "abcabc")', 3],
    ['FIND("c", "abcabc", 4)', 6],
    ['FIND("C", "abcabc")', 0],
    ['FIND("x", "abc")', 0],
    ['FIND("", "abc")', 0],
    ['FIND("b", "😀b")', 2],
    ['FIND("a", "abc", -5)', 1],
    ['FIND("a", "abc", 99)', 0],
    ['TODAY()', '2024-03-10'],
    ['NOW()', '2024-03-10'],
    ['YEAR({Close date})', 2024],
    ['MONTH({Close date})', 1],
    ['DAY({Close date})', 31],
    ['YEAR({Blank date})', null],
    ['DATEADD({Close date}, 1, "days")', '2024-02-01'],
    ['DATEADD({Close date}, -31, "d")', '2023-12-31'],
    ['DATEADD({Close date}, 2, "weeks")', '2024-02-14'],
    ['DATEADD({Close date}, 1, "months")', '2024-02-29'],
    ['DATEADD({Close date}, 13, "M")', '2025-02-28'],
    ['DATEADD({Close date}, 1, "quarters")', '2024-04-30'],
    ['DATEADD({Close date}, -1, "years")', '2023-01-31'],
    ['DATEADD({Close date}, 1.9, "days")', '2024-02-01'],
    ['DATEADD({Close date}, {Empty}, "days")', '2024-01-31'],
    ['DATEADD({Blank date}, 1, "days")', null],
    ['DATEADD({Close date}, 10000, "years")', { error: '#ERROR!' }],
    ['DATEADD({Close date}, -3000, "years")', { error: '#ERROR!' }],
    ['DATEADD({Close date}, 1e12, "days")', { error: '#ERROR!' }],
    ['DATEADD({Close date}, 1e12, "months")', { error: '#ERROR!' }],
    ['DATETIME_DIFF({Close date}, {Start}, "days")', 77],
    ['DATETIME_DIFF({Start}, {Close date}, "days")', -77],
    ['DATETIME_DIFF({Close date}, {Start})', 77 * 86400],
    ['DATETIME_DIFF({Close date}, {Start}, "ms")', 77 * 86_400_000],
    ['DATETIME_DIFF({Close date}, {Start}, "minutes")', 77 * 1440],
    ['DATETIME_DIFF({Close date}, {Start}, "h")', 77 * 24],
    ['DATETIME_DIFF({Close date}, {Start}, "weeks")', 11],
    ['DATETIME_DIFF({Start}, {Close date}, "w")', -11],
    ['DATETIME_DIFF({Close date}, {Start}, "months")', 2],
    ['DATETIME_DIFF({Start}, {Close date}, "months")', -2],
    ['DATETIME_DIFF(DATEADD({Close date}, 1, "months"), {Close date}, "M")', 0],
    ['DATETIME_DIFF({Close date}, {Start}, "quarters")', 0],
    ['DATETIME_DIFF(DATEADD({Start}, 25, "months"), {Start}, "years")', 2],
    ['DATETIME_DIFF({Close date}, {Blank date}, "days")', null],
    ['DATETIME_FORMAT({Close date})', '2024-01-31'],
    ['DATETIME_FORMAT({Close date}, "D MMM YY")', '31 Jan 24'],
    ['DATETIME_FORMAT({Close date}, "dddd, MMMM D, YYYY [Q]Q")', 'Wednesday, January 31, 2024 Q1'],
    ['DATETIME_FORMAT({Start}, "ddd DD/MM/YYYY M")', 'Wed 15/11/2023 11'],
    ['DATETIME_FORMAT({Blank date}, "YYYY")', null],
  ])('%s → %j', (text, expected) => {
    const value = run(text);
    if (typeof expected === 'number' && typeof value === 'number') expect(value).toBeCloseTo(expected, 9);
    else expect(value).toEqual(expected);
  });

  it('reads cells that do not hold their column type as blank, and unknown options as blank', () => {
    const odd = { 'c-qty': '3', 'c-name': 12, 'c-close': '2024-02-30', 'c-won': 'yes', 'c-stage': 'gone', 'c-tags': [] };
    expect(run('ISBLANK({Qty}) & ISBLANK({Name}) & ISBLANK({Won}) & ISBLANK({Stage}) & ISBLANK({Tags})', odd)).toBe('truetruetruetruetrue');
    // Past the month's end rolls over, as the SQL's make_date(y, m, 1) + (d - 1) does.
    expect(run('{Close date}', odd)).toBe('2024-03-01');
    expect(run('{Close date}', { 'c-close': '0000-01-01' })).toBeNull();
    expect(run('{Stage}.probability', { 'c-stage': 'lost' })).toBeNull();
  });

  it('reads the clock it is given, in UTC', () => {
    const result = compileFormula('TODAY()', resolve);
    if (!result.ok) throw result.error;
    expect(evaluateFormula(result.formula, {}, { now: new Date('2024-12-31T23:59:59Z') })).toBe('2024-12-31');
    expect(evaluateFormula(result.formula, {})).toBe(new Date().toISOString().slice(0, 10));
  });

  it('reads another formula column as a value of its result type, and takes on its error', () => {
    const formulas = columnResolver([
      ...COLUMNS,
      { id: 'f-total', name: 'Total', type: 'formula', resultType: 'currency' },
      { id: 'f-due', name: 'Due', type: 'formula', resultType: 'date' },
      { id: 'f-label', name: 'Label', type: 'formula', resultType: 'text' },
    ]);
    const evaluate = (text: string, row: Record<string, FormulaValue>) => {
      const result = compileFormula(text, formulas);
      if (!result.ok) throw result.error;
      return evaluateFormula(result.formula, row);
    };
    expect(compileFormula('{Total} * 2', formulas)).toMatchObject({ ok: true, formula: { resultType: 'currency' } });
    expect(evaluate('{Total} * 2', { 'f-total': 21 })).toBe(42);
    expect(evaluate('DATEADD({Due}, 1, "days")', { 'f-due': '2024-02-28' })).toBe('2024-02-29');
    expect(evaluate('{Label} & "!"', { 'f-label': 'hi' })).toBe('hi!');
    expect(evaluate('{Total} * 2', {})).toBe(0);
    expect(evaluate('{Total} * 2', { 'f-total': { error: '#DIV/0!' } })).toEqual({ error: '#DIV/0!' });
    // An error only counts where it is read.
    expect(evaluate('IF(1 > 2, {Total}, 1)', { 'f-total': { error: '#NUM!' } })).toBe(1);
    const mismatch = compileFormula('{Label} * 2', formulas);
    expect(mismatch.ok ? null : mismatch.error.position).toBe(0);
  });
});

describe('stored formulas', () => {
  const byName = (columns: { id: string; name: string }[]) => (name: string) => columns.find((c) => c.name === name)?.id;
  const byId = (columns: { id: string; name: string }[]) => (id: string) => columns.find((c) => c.id === id)?.name;

  it('stores references by id and shows them by the current names, so a rename keeps the formula', () => {
    const text = 'IF({Won}, {Value} * {Stage}.probability / 100, 0) & " {not a field}" & "\'"';
    const stored = toStored(text, byName(COLUMNS));
    expect(stored).toBe('IF({#c-won}, {#c-value} * {#c-stage}.probability / 100, 0) & " {not a field}" & "\'"');
    expect(toDisplay(stored, byId(COLUMNS))).toBe(text);
    const renamed = COLUMNS.map((c) => (c.id === 'c-value' ? { ...c, name: 'Deal {value}' } : c.id === 'c-won' ? { ...c, name: '#1 \\ won' } : c));
    const shown = toDisplay(stored, byId(renamed));
    expect(shown).toBe('IF({\\#1 \\\\ won}, {Deal {value\\}} * {Stage}.probability / 100, 0) & " {not a field}" & "\'"');
    expect(toStored(shown, byName(renamed))).toBe(stored);
    const renamedResolve = columnResolver(renamed);
    const [fromStored, fromShown] = [compileFormula(stored, renamedResolve), compileFormula(shown, renamedResolve)];
    if (!fromStored.ok || !fromShown.ok) throw new Error('does not check');
    expect(evaluateFormula(fromStored.formula, ROW)).toBe("120.05 {not a field}'");
    expect(evaluateFormula(fromShown.formula, ROW)).toBe("120.05 {not a field}'");
  });

  it('refuses an unknown name at its position, and keeps ids of deleted columns for the checker to report', () => {
    expect(() => toStored('1 + {Gone}', byName(COLUMNS))).toThrow(expect.objectContaining({ message: 'Unknown field "Gone"', position: 4 }));
    expect(toDisplay('{#c-deleted} + 1', byId(COLUMNS))).toBe('{#c-deleted} + 1');
    expect(checkError('{#c-deleted} + 1')).toMatchObject({ message: 'Unknown field with id c-deleted', position: 0 });
  });
});
