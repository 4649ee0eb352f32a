import { type CheckedFormula, columnResolver, compileFormula, type FormulaColumn } from '@contrivance/contracts';
import { SqlParams } from '../../../database/sql-params';
import { compileFormulaSql } from './formula-sql';
import { withStoredKey } from './stored-keys';

const VALUE = '11111111-1111-4111-8111-111111111111';
const NAME = '22222222-2222-4222-8222-222222222222';
const CLOSE = '33333333-3333-4333-8333-333333333333';
const STAGE = '44444444-4444-4444-8444-444444444444';
const TAGS = '55555555-5555-4555-8555-555555555555';
const COLUMNS: (FormulaColumn & { name: string })[] = [
  withStoredKey({ id: VALUE, name: 'Value', type: 'currency' }, 1),
  withStoredKey({ id: NAME, name: 'Name', type: 'text' }, 2),
  withStoredKey({ id: CLOSE, name: 'Close', type: 'date' }, 3),
  withStoredKey({ id: STAGE, name: 'Stage', type: 'select', options: [{ id: 'won', label: "Won't'); DROP TABLE users; --", probability: 100 }] }, 4),
  withStoredKey({ id: TAGS, name: 'Tags', type: 'multiSelect', options: [{ id: 'hot', label: 'Hot' }] }, 5),
  { id: '66666666-6666-4666-8666-666666666666', name: 'Unkeyed', type: 'number' },
];

function checked(text: string): CheckedFormula {
  const result = compileFormula(text, columnResolver(COLUMNS));
  if (!result.ok) throw result.error;
  return result.formula;
}

function compile(text: string, alias?: string) {
  const params = new SqlParams();
  return { ...compileFormulaSql(checked(text), params, alias), params: params.values };
}

describe('formula SQL compiler', () => {
  it('writes stored keys as literals and binds every other constant, so no text of the formula or the options reaches the SQL', () => {
    const sql = compile(`"x'); DROP TABLE rows; --" & {Name} & {Stage} & {Stage}.probability & DATETIME_FORMAT({Close}, "[at] YYYY") & 12.5`);
    const all = `${sql.value} ${sql.error}`;
    expect(all).toContain(`r.data->>'2'`);
    expect(all).not.toContain(NAME);
    expect(all).not.toMatch(/DROP|Won|12\.5|at |won|100/);
    expect(sql.params).toEqual(expect.arrayContaining(["x'); DROP TABLE rows; --", "Won't'); DROP TABLE users; --", 'won', '100', 'at ', '12.5']));
  });

  it('binds only constants the expression uses, each once', () => {
    expect(compile('IF(LEN("dropped"), BLANK())').params).toEqual([]);
    const repeated = compile('DATETIME_DIFF(DATEADD({Close}, LEN("ab"), "months"), {Close}, "months")');
    expect(repeated.params).toEqual(['ab']);
    expect(repeated.value.match(/\$1\b/g)!.length).toBeGreaterThan(1);
  });

  it('writes the index form without an alias', () => {
    const sql = compile('{Value} * 2', '');
    expect(sql.value).toContain(`(data->>'1')::numeric`);
    expect(sql.value).not.toContain('r.data');
  });

  it('refuses a column without a stored key rather than read a cell no row has', () => {
    expect(() => compile('{Unkeyed} + 1')).toThrow('has no stored key');
  });

  it('marks the clock and multi-selects as not indexable', () => {
    expect(compile('{Value} * 2').immutable).toBe(true);
    expect(compile('TODAY()').immutable).toBe(false);
    expect(compile('DATETIME_DIFF(NOW(), {Close}, "days")').immutable).toBe(false);
    expect(compile('{Tags}').immutable).toBe(false);
  });

  it('has no error expression where nothing can fail, and names each failure where something can', () => {
    expect(compile('{Name} & {Value}').error).toBe('NULL::text');
    expect(compile('{Value} / 2').error).toContain(`'#DIV/0!'`);
    expect(compile('{Value} * 2').error).toContain(`'#NUM!'`);
    expect(compile('DATEADD({Close}, {Value}, "days")').error).toContain(`'#ERROR!'`);
  });

  it('reads blanks as the evaluator does: 0 in arithmetic, skipped by MIN, empty text as blank', () => {
    expect(compile('{Value} + 1').value).toContain(`COALESCE(CASE WHEN jsonb_typeof(r.data->'1') = 'number'`);
    expect(compile('MIN({Value}, 1)').value).toMatch(/^LEAST\(CASE WHEN/);
    expect(compile('{Name}').value).toMatch(/^NULLIF\(/);
  });

  it('grows linearly with nesting: an operand is written once per use, not once per guard', () => {
    const sizes = [5, 10, 20].map((depth) => compile(`${'('.repeat(depth)}{Value}${' / {Value} + 1)'.repeat(depth)}`));
    const [a, b, c] = sizes.map((s) => s.value.length);
    expect(c - b).toBeLessThanOrEqual(2.1 * (b - a));
    // The error expression repeats each node's value in its guard: quadratic, not exponential.
    const errors = sizes.map((s) => s.error.length);
    expect(errors[2]).toBeLessThan(errors[1] * 5);
  });
});
