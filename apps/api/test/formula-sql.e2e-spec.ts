import {
  type CellValue,
  type CheckedFormula,
  columnResolver,
  compileFormula,
  evaluateFormula,
  type FormulaColumn,
  FORMULA_FUNCTIONS,
  kindOf,
  type FormulaValue,
} from '@contrivance/contracts';
import fc from 'fast-check';
import type { Client } from 'pg';
import type { SqlBinder } from '../src/modules/spreadsheets/cells/column-types';
import { compileFormulaSql, type FormulaInliner } from '../src/modules/spreadsheets/cells/formula-sql';
import { SqlParams } from '../src/database/sql-params';
import { StoredKeys, withStoredKey } from '../src/modules/spreadsheets/cells/stored-keys';
import { testDatabaseUrl, withClient } from './support/app';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const COLUMNS: (FormulaColumn & { name: string })[] = [
  { id: id(1), name: 'Value', type: 'currency' },
  { id: id(2), name: 'Qty', type: 'number' },
  { id: id(3), name: 'Rate', type: 'percent' },
  { id: id(4), name: 'Name', type: 'text' },
  { id: id(5), name: 'Email', type: 'email' },
  { id: id(6), name: 'Owner', type: 'user' },
  { id: id(7), name: 'Close date', type: 'date' },
  { id: id(8), name: 'Start', type: 'date' },
  { id: id(9), name: 'Won', type: 'checkbox' },
  {
    id: id(10),
    name: 'Stage',
    type: 'select',
    options: [
      { id: 'lead', label: 'Lead', probability: 10 },
      { id: 'won', label: 'Won', probability: 100 },
      { id: 'lost', label: "Lost 'n' gone" },
    ],
  },
  {
    id: id(11),
    name: 'Tags',
    type: 'multiSelect',
    options: [
      { id: 'hot', label: 'Hot' },
      { id: 'eu', label: 'Europe' },
    ],
  },
  { id: id(12), name: 'Notes', type: 'longText' },
];
// Keyed as the database keys them: rows below are written keyed by column id and stored keyed by these.
COLUMNS.forEach((column, i) => withStoredKey(column, i + 1));
const STORED_KEYS = new StoredKeys(COLUMNS);
const resolve = columnResolver(COLUMNS);
const cell = (name: string) => COLUMNS.find((c) => c.name === name)!.id;

const FULL_ROW: Record<string, CellValue> = {
  [cell('Value')]: 1200.5,
  [cell('Qty')]: 3,
  [cell('Rate')]: 25,
  [cell('Name')]: '  Acme Corp ',
  [cell('Email')]: 'buyer@acme.test',
  [cell('Owner')]: id(99),
  [cell('Close date')]: '2024-01-31',
  [cell('Start')]: '2023-11-15',
  [cell('Won')]: true,
  [cell('Stage')]: 'lead',
  [cell('Tags')]: ['eu', 'hot'],
  [cell('Notes')]: 'it\'s\n"quoted" $1 \\ 😀',
};
/** Values that do not fit their column (after a type change, say) read as blank in both. */
const ODD_ROW: Record<string, CellValue> = {
  [cell('Value')]: '12',
  [cell('Qty')]: 0,
  [cell('Name')]: 5,
  [cell('Close date')]: '2024-02-30',
  [cell('Start')]: 'not a date',
  [cell('Won')]: 'yes',
  [cell('Stage')]: 'gone',
  [cell('Tags')]: [],
};
const ROWS = { full: FULL_ROW, blank: {}, odd: ODD_ROW };

/** Literals instead of parameters, as index definitions need (the rows query's own binder is private to it). */
class Literals implements SqlBinder {
  add(value: unknown): string {
    const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;
    return Array.isArray(value) ? `ARRAY[${value.map((v) => quote(String(v))).join(', ')}]` : quote(String(value));
  }
}

function checked(text: string): CheckedFormula {
  const result = compileFormula(text, resolve);
  if (!result.ok) throw new Error(`${text}: ${result.error.message} at ${result.error.position}`);
  return result.formula;
}

/** What PostgreSQL computes for a formula over a row, read back as the evaluator answers. */
async function inPostgres(client: Client, formula: CheckedFormula, row: Record<string, CellValue>, inline?: FormulaInliner): Promise<FormulaValue> {
  const params = new SqlParams([JSON.stringify(STORED_KEYS.toStored(row))]);
  const sql = compileFormulaSql(formula, params, 'r.', inline);
  const { rows } = await client.query<{ v: string | null; e: string | null }>(
    `SELECT (${sql.value})::text AS v, ${sql.error} AS e FROM (SELECT $1::jsonb AS data) r`,
    params.values,
  );
  const [{ v, e }] = rows;
  if (e !== null) return { error: e as '#ERROR!' };
  if (v === null) return null;
  if (formula.resultType === 'checkbox') return v === 'true';
  return ['number', 'currency', 'percent'].includes(formula.resultType) ? Number(v) : v;
}

/** Numbers agree to a relative 1e-9 (PostgreSQL's numeric is exact, the evaluator's doubles are not); the rest exactly. */
function same(a: FormulaValue, b: FormulaValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

const FORMULAS = [
  '1 + 2 * 3 - 4 / 8',
  '{Value} * {Stage}.probability / 100',
  '{Value} * {Qty} - {Rate} % 7',
  '-{Value} % 7',
  '0.3 % 0.1',
  '{Value} / {Qty}',
  '{Value} / ({Qty} - 3)',
  '5 % {Qty}',
  '{Name} & "|" & {Qty} & "|" & {Value} / 7 & "|" & {Close date} & "|" & {Won} & "|" & ({Qty} > 9)',
  '1 / 3 * 1000000 & ""',
  '1e20 & " " & 0.000000000049 & " " & -0.5',
  '{Stage} & "/" & {Stage}.label & "/" & {Stage}.probability & "/" & {Tags}',
  '{Owner} & {Email} & {Notes}',
  '"" & {Name}',
  '{Qty} = 3',
  '{Qty} != 3',
  '{Qty} <> {Value}',
  '{Value} < 2000',
  '{Value} <= {Qty}',
  '{Name} > "B"',
  '"B" < "a"',
  '{Name} >= "  Acme"',
  '{Close date} > {Start}',
  '{Close date} = {Start}',
  '{Close date} != BLANK()',
  '{Close date} <= {Start}',
  '{Won} = ({Qty} = 3)',
  '{Won} != BLANK()',
  '{Qty} = BLANK()',
  '{Name} = BLANK()',
  'BLANK() = BLANK()',
  'IF({Won}, {Value}, 0)',
  'IF({Name}, "named", "anonymous")',
  'IF({Close date}, DATEADD({Close date}, 1, "days"))',
  'IF({Qty}, 1 / 0, 2)',
  'IF({Qty}, BLANK(), BLANK())',
  'SWITCH({Stage}, "Won", 1, "Lead", 2, 0)',
  'SWITCH({Qty}, 0, "zero", 3, "three")',
  'SWITCH({Close date}, {Start}, "same", "different")',
  'SWITCH(BLANK(), {Qty}, "blank", "other")',
  'SWITCH({Qty}, 1 / 0, "a", "b")',
  'AND({Won}, {Qty}, {Name}, {Close date})',
  'OR({Qty}, {Name})',
  'NOT({Won})',
  'ISBLANK({Name}) & ISBLANK({Qty}) & ISBLANK({Close date}) & ISBLANK({Won}) & ISBLANK(BLANK())',
  'ROUND({Value} / 7, 2)',
  'ROUND(-2.5)',
  'ROUND(1.005, 2)',
  'ROUND(1234.5678, -2)',
  'ROUND({Value}, {Qty} - 5)',
  'ROUND(1, 1e9)',
  'ROUNDUP({Value} / 7, 1)',
  'ROUNDUP(-1.21, 1)',
  'ROUNDUP(1201, -2)',
  'ROUNDDOWN({Value} / 7, 3)',
  'ROUNDDOWN(-1299, -2)',
  'ABS(-{Value})',
  'MIN({Value}, {Qty}, {Rate})',
  'MAX({Value}, {Qty}, {Rate})',
  'MIN(BLANK(), {Qty})',
  'SUM({Value}, {Qty}, {Rate})',
  'AVERAGE({Value}, {Qty}, {Rate})',
  'CONCAT({Name}, 1, {Won}, {Close date}, {Stage})',
  'UPPER({Name})',
  'LOWER({Name} & "XyZ")',
  'TRIM({Name})',
  'TRIM({Notes})',
  'LEN({Notes})',
  'LEFT({Notes}, 3)',
  'LEFT({Name}, -3)',
  'RIGHT({Notes}, 4)',
  'RIGHT({Name}, 1e12)',
  'FIND("c", {Name})',
  'FIND("C", {Name}, 5)',
  'FIND("", {Name})',
  'FIND("😀", {Notes})',
  'FIND("a", {Name}, -1e12)',
  'TODAY()',
  'NOW() = TODAY()',
  'YEAR({Close date}) * 10000 + MONTH({Close date}) * 100 + DAY({Close date})',
  'DATEADD({Close date}, {Qty}, "days")',
  'DATEADD({Close date}, -{Qty}, "weeks")',
  'DATEADD({Close date}, 1, "months")',
  'DATEADD({Close date}, 13, "months")',
  'DATEADD({Close date}, {Qty}, "quarters")',
  'DATEADD({Close date}, -1, "years")',
  'DATEADD({Close date}, 8000, "years")',
  'DATEADD({Close date}, -3000, "years")',
  'DATEADD({Close date}, 1e12, "days")',
  'DATEADD({Close date}, -1e15, "months")',
  'DATEADD({Close date}, 3000000, "days")',
  'DATETIME_DIFF({Close date}, {Start})',
  'DATETIME_DIFF({Close date}, {Start}, "ms")',
  'DATETIME_DIFF({Close date}, {Start}, "minutes")',
  'DATETIME_DIFF({Close date}, {Start}, "hours")',
  'DATETIME_DIFF({Close date}, {Start}, "days")',
  'DATETIME_DIFF({Start}, {Close date}, "weeks")',
  'DATETIME_DIFF({Close date}, {Start}, "months")',
  'DATETIME_DIFF({Start}, {Close date}, "M")',
  'DATETIME_DIFF(DATEADD({Close date}, 1, "months"), {Close date}, "months")',
  'DATETIME_DIFF(DATEADD({Start}, 14, "months"), {Start}, "quarters")',
  'DATETIME_DIFF(DATEADD({Start}, -25, "months"), {Start}, "years")',
  'DATETIME_FORMAT({Close date})',
  'DATETIME_FORMAT({Close date}, "dddd, MMMM D, YYYY [Q]Q")',
  'DATETIME_FORMAT({Start}, "ddd DD/MM/YY M \'quoted\'")',
  'DATETIME_FORMAT({Start}, "[no tokens]")',
];

describe('formulas in PostgreSQL', () => {
  it('compute every function and operator as the reference evaluator does, on full, blank and odd rows', async () => {
    const used = new Set(FORMULAS.flatMap((f) => f.match(/[A-Z_]+(?=\()/g) ?? []));
    expect(FORMULA_FUNCTIONS.filter((fn) => !used.has(fn))).toEqual([]);
    await withClient(testDatabaseUrl(), async (client) => {
      const mismatches: unknown[] = [];
      for (const text of FORMULAS) {
        const formula = checked(text);
        for (const [name, row] of Object.entries(ROWS)) {
          const [expected, actual] = [evaluateFormula(formula, row), await inPostgres(client, formula, row)];
          if (!same(expected, actual)) mismatches.push({ text, row: name, expected, actual });
        }
      }
      expect(mismatches).toEqual([]);
    });
  });

  it('says when an expression is immutable: PostgreSQL indexes those (that fit an index definition), and refuses TODAY and multi-selects', async () => {
    await withClient(testDatabaseUrl(), async (client) => {
      await client.query('CREATE TEMP TABLE formula_rows (data jsonb)');
      const immutable = FORMULAS.filter((text) => compileFormulaSql(checked(text), new Literals(), '').immutable);
      expect(immutable.length).toBeGreaterThan(90);
      let indexed = 0;
      for (const text of immutable) {
        const sql = compileFormulaSql(checked(text), new Literals(), '');
        // pg_index has no TOAST: an expression tree past ~8 kB cannot be an index definition however immutable it is.
        const created = await client.query(`CREATE INDEX ON formula_rows ((${sql.value}), (${sql.error}))`).then(
          () => true,
          (error: Error) => (/row is too big/.test(error.message) ? false : Promise.reject(error)),
        );
        if (created) indexed += 1;
      }
      expect(indexed).toBeGreaterThan(60);
      for (const text of ['TODAY()', 'NOW() = TODAY()', 'DATETIME_DIFF(TODAY(), {Close date}, "days")', '{Tags} & ""']) {
        const sql = compileFormulaSql(checked(text), new Literals(), '');
        expect(sql.immutable).toBe(false);
        await expect(client.query(`CREATE INDEX ON formula_rows ((${sql.value}))`)).rejects.toThrow(/IMMUTABLE|subquer/i);
      }
    });
  });

  it('binds every constant of the formula: hostile text reaches PostgreSQL only as parameters', async () => {
    const text = `"'); DROP TABLE users; --" & {Stage} & DATETIME_FORMAT({Close date}, "[$$'\\\\]YYYY")`;
    const params = new SqlParams([JSON.stringify(FULL_ROW)]);
    const sql = compileFormulaSql(checked(text), params);
    expect(`${sql.value} ${sql.error}`).not.toMatch(/DROP|\$\$|Lead/);
    await withClient(testDatabaseUrl(), async (client) => {
      expect(await inPostgres(client, checked(text), FULL_ROW)).toBe(evaluateFormula(checked(text), FULL_ROW));
    });
  });

  describe('property: random well-typed formulas over random rows', () => {
    type Kind = 'number' | 'text' | 'date' | 'checkbox';
    const memo = new Map<string, fc.Arbitrary<string>>();
    const small = fc.oneof(
      fc.integer({ min: -20, max: 20 }).map(String),
      fc.integer({ min: -400, max: 400 }).map((n) => String(n / 4)),
    );
    const textLiteral = fc.string({ unit: fc.constantFrom('a', 'B', 'c', ' ', 'x', 'Y', '-', "'", '"', '\\'), maxLength: 6 }).map((s) => JSON.stringify(s));
    const dateUnit = fc.constantFrom('"days"', '"weeks"', '"months"', '"quarters"', '"years"', '"d"', '"M"');
    const diffUnit = fc.constantFrom('"ms"', '"seconds"', '"m"', '"hours"', '"days"', '"weeks"', '"months"', '"quarters"', '"years"');
    const format = fc.constantFrom('"YYYY-MM-DD"', '"D MMM YY"', '"dddd [Q]Q"', '"MMMM M/D"', '"ddd DD.MM.YYYY"');
    const call = (name: string, ...args: fc.Arbitrary<string>[]) => fc.tuple(...args).map((a) => `${name}(${a.join(', ')})`);
    const list = (arb: fc.Arbitrary<string>) => fc.array(arb, { minLength: 1, maxLength: 3 }).map((a) => a.join(', '));

    function gen(kind: Kind, depth: number): fc.Arbitrary<string> {
      const key = `${kind}${depth}`;
      const cached = memo.get(key);
      if (cached) return cached;
      const leaves: Record<Kind, fc.Arbitrary<string>[]> = {
        number: [small, fc.constantFrom('{Value}', '{Qty}', '{Rate}', '{Stage}.probability', 'BLANK()')],
        text: [textLiteral, fc.constantFrom('{Name}', '{Stage}', '{Stage}.label', '{Email}', '{Tags}', '{Notes}', 'BLANK()')],
        date: [fc.constantFrom('{Close date}', '{Start}', 'BLANK()')],
        checkbox: [fc.constant('{Won}')],
      };
      if (depth === 0) {
        const leaf = fc.oneof(...leaves[kind]);
        memo.set(key, leaf);
        return leaf;
      }
      const [n, t, d, c] = (['number', 'text', 'date', 'checkbox'] as const).map((k) => gen(k, depth - 1));
      const anyKind = fc.oneof(n, t, d, c);
      const condition = fc.oneof(c, n, t, d);
      const composite: Record<Kind, fc.Arbitrary<string>[]> = {
        number: [
          fc.tuple(n, fc.constantFrom('+', '-', '*', '/', '%'), n).map(([a, op, b]) => `(${a} ${op} ${b})`),
          n.map((a) => `-${a}`),
          call('ROUND', n, fc.integer({ min: -2, max: 3 }).map(String)),
          call('ROUNDUP', n, fc.integer({ min: -2, max: 3 }).map(String)),
          call('ROUNDDOWN', n),
          call('ABS', n),
          fc.tuple(fc.constantFrom('MIN', 'MAX', 'SUM', 'AVERAGE'), list(n)).map(([f, a]) => `${f}(${a})`),
          call('IF', condition, n, n),
          call('SWITCH', n, small, n, n),
          call('LEN', t),
          call('FIND', t, t),
          call('FIND', t, t, n),
          fc.tuple(fc.constantFrom('YEAR', 'MONTH', 'DAY'), d).map(([f, a]) => `${f}(${a})`),
          call('DATETIME_DIFF', d, d, diffUnit),
        ],
        text: [
          fc.tuple(anyKind, anyKind).map(([a, b]) => `(${a} & ${b})`),
          list(anyKind).map((a) => `CONCAT(${a})`),
          call('TRIM', t),
          // ASCII only: beyond it case mapping follows the database's locale (ß stays ß there, JavaScript makes it SS).
          fc.tuple(fc.constantFrom('UPPER', 'LOWER'), fc.oneof(textLiteral, fc.constantFrom('{Name}', '{Stage}', '{Email}'))).map(([f, a]) => `${f}(${a})`),
          fc.tuple(fc.constantFrom('LEFT', 'RIGHT'), t, n).map(([f, a, b]) => `${f}(${a}, ${b})`),
          call('IF', condition, t, t),
          call('IF', condition, t),
          call('SWITCH', t, textLiteral, t, t),
          call('DATETIME_FORMAT', d, format),
        ],
        date: [call('DATEADD', d, n, dateUnit), call('IF', condition, d, d), call('IF', condition, d)],
        checkbox: [
          fc.tuple(n, fc.constantFrom('=', '!=', '<', '<=', '>', '>='), n).map(([a, op, b]) => `(${a} ${op} ${b})`),
          fc.tuple(t, fc.constantFrom('=', '<>', '<', '>='), t).map(([a, op, b]) => `(${a} ${op} ${b})`),
          fc.tuple(d, fc.constantFrom('=', '!=', '<', '>'), d).map(([a, op, b]) => `(${a} ${op} ${b})`),
          fc.tuple(c, fc.constantFrom('=', '!='), c).map(([a, op, b]) => `(${a} ${op} ${b})`),
          fc.tuple(fc.constantFrom('AND', 'OR'), list(condition)).map(([f, a]) => `${f}(${a})`),
          call('NOT', condition),
          call('ISBLANK', anyKind),
        ],
      };
      const arb = fc.oneof({ weight: 1, arbitrary: fc.oneof(...leaves[kind]) }, { weight: 3, arbitrary: fc.oneof(...composite[kind]) });
      memo.set(key, arb);
      return arb;
    }

    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
    const date = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const row = fc
      .record({
        Value: maybe(fc.integer({ min: -400_000, max: 400_000 }).map((n) => n / 4)),
        Qty: maybe(fc.integer({ min: -5, max: 50 })),
        Rate: maybe(fc.integer({ min: 0, max: 100 })),
        Name: maybe(fc.string({ unit: fc.constantFrom('a', 'B', 'c', ' ', 'x'), maxLength: 8 })),
        Email: maybe(fc.constantFrom('a@b.test', 'X@Y.test')),
        'Close date': maybe(date),
        Start: maybe(date),
        Won: maybe(fc.boolean()),
        Stage: maybe(fc.constantFrom('lead', 'won', 'lost', 'unknown')),
        Tags: maybe(fc.subarray(['hot', 'eu', 'other'], { minLength: 1 })),
        // Beyond ASCII where no case mapping is involved (UPPER/LOWER of these follow the database's collation).
        Notes: maybe(fc.string({ unit: fc.constantFrom('é', '😀', ' ', '\n', 'a'), maxLength: 6 })),
      })
      .map((values) => Object.fromEntries(Object.entries(values).flatMap(([name, value]) => (value === undefined ? [] : [[cell(name), value as CellValue]]))));

    it('gives the evaluator and PostgreSQL the same value or the same error', async () => {
      await withClient(testDatabaseUrl(), async (client) => {
        const formula = fc.oneof(...(['number', 'text', 'date', 'checkbox'] as const).map((k) => gen(k, 3)));
        await fc.assert(
          fc.asyncProperty(formula, row, async (text, values) => {
            const checkedFormula = checked(text);
            const [expected, actual] = [evaluateFormula(checkedFormula, values), await inPostgres(client, checkedFormula, values)];
            if (!same(expected, actual)) throw new Error(`${text} over ${JSON.stringify(values)}: evaluator ${JSON.stringify(expected)}, PostgreSQL ${JSON.stringify(actual)}`);
          }),
          { numRuns: 1500 },
        );
      });
    });

    it("reads another formula column as the evaluator reads that formula's value (its error included), with its SQL inlined", async () => {
      /** Outer formulas over `{Inner}` of each kind, `X` a random formula of the same kind. */
      const outer: Record<Kind, string[]> = {
        number: ['({Inner} + X)', 'ROUND({Inner} * X, 2)', 'IF({Inner} > X, {Inner}, X)', '{Inner} / X', 'ISBLANK({Inner}) & ""', '{Inner}'],
        text: ['({Inner} & X)', 'UPPER({Inner})', 'IF({Inner} = X, "same", {Inner})', 'LEN({Inner})', '{Inner}'],
        date: ['DATEADD({Inner}, 1, "days")', 'YEAR({Inner})', 'IF({Inner} < X, {Inner}, X)', 'DATETIME_DIFF({Inner}, X, "days")'],
        checkbox: ['IF({Inner}, 1, 0)', 'AND({Inner}, X)', 'NOT({Inner})', '({Inner} = X)'],
      };
      const kinds = ['number', 'text', 'date', 'checkbox'] as const;
      // The outer formula follows the inner one's result type (a BLANK() formula reads as text).
      const pair = fc.tuple(
        fc.oneof(...kinds.map((k) => gen(k, 2))),
        fc.nat(),
        fc.record({ number: gen('number', 1), text: gen('text', 1), date: gen('date', 1), checkbox: gen('checkbox', 1) }),
      );
      await withClient(testDatabaseUrl(), async (client) => {
        await fc.assert(
          fc.asyncProperty(pair, row, async ([innerText, pick, xs], values) => {
            const inner = checked(innerText);
            const kind = kindOf(inner.resultType) as Kind;
            const [template, x] = [outer[kind][pick % outer[kind].length], xs[kind]];
            const innerColumn = withStoredKey({ id: id(13), name: 'Inner', type: 'formula' as const, resultType: inner.resultType }, 13);
            const outerText = template.replaceAll('X', x);
            const compiled = compileFormula(outerText, columnResolver([...COLUMNS, innerColumn]));
            if (!compiled.ok) throw new Error(`${outerText}: ${compiled.error.message}`);
            const expected = evaluateFormula(compiled.formula, { ...values, [innerColumn.id]: evaluateFormula(inner, values) });
            const actual = await inPostgres(client, compiled.formula, values, (_column, bind, alias) => compileFormulaSql(inner, bind, alias));
            if (!same(expected, actual)) {
              throw new Error(
                `${outerText} with {Inner} = ${innerText} over ${JSON.stringify(values)}: evaluator ${JSON.stringify(expected)}, PostgreSQL ${JSON.stringify(actual)}`,
              );
            }
          }),
          { numRuns: 500 },
        );
      });
    });
  });
});
