import type { Column } from '@contrivance/contracts';
import { SqlParams } from '../../../database/sql-params';
import { checkColumnFormula, dependentsOf, formulaColumnSql, formulasReading } from './formula-columns';
import { rowDataSql } from './row-data';
import { withStoredKey } from './stored-keys';

const VALUE = '11111111-1111-4111-8111-111111111111';
const NAME = '22222222-2222-4222-8222-222222222222';
const TOTAL = '33333333-3333-4333-8333-333333333333';
const LABEL = '44444444-4444-4444-8444-444444444444';
const QUAD = '66666666-6666-4666-8666-666666666666';
const UPPER = '77777777-7777-4777-8777-777777777777';

/** Stored keys follow the ids' first digit. */
const column = (id: string, name: string, type: Column['type'], more: Partial<Column> = {}): Column =>
  withStoredKey({ id, name, type, position: 0, hidden: false, required: false, ...more }, Number(id[0]));
const COLUMNS: Column[] = [
  column(VALUE, 'Value', 'currency'),
  column(NAME, 'Name', 'text'),
  column(TOTAL, 'Total', 'formula', { formula: '{Value} * 2', resultType: 'currency' }),
  column(LABEL, 'Label', 'formula', { formula: "{Name} & '!'", resultType: 'text' }),
];

describe('formula columns', () => {
  it('checks a formula against the sheet: its result type, or the first problem with its position', () => {
    const ok = checkColumnFormula('{Value} / 2', COLUMNS);
    expect(ok.ok && ok.formula.resultType).toBe('currency');
    const bad = checkColumnFormula('{Value} +', COLUMNS);
    expect(bad.ok ? null : bad.error.position).toBe(9);
  });

  it('reads another formula column as its result type, and refuses a formula that would read itself', () => {
    const ok = checkColumnFormula('{Total} + 1', COLUMNS);
    expect(ok.ok && ok.formula.resultType).toBe('currency');
    const self = checkColumnFormula('1 + {Total}', COLUMNS, TOTAL);
    expect(self.ok ? null : [self.error.message, self.error.position]).toEqual(['This formula would use its own value ({Total} → {Total})', 4]);
    const withReader = [...COLUMNS, column(QUAD, 'Quad', 'formula', { formula: '{Total} * 2', resultType: 'currency' })];
    const loop = checkColumnFormula('{Value} + {Quad}', withReader, TOTAL);
    expect(loop.ok ? null : [loop.error.message, loop.error.position]).toEqual(['This formula would use its own value ({Total} → {Quad} → {Total})', 10]);
    // The same formula on another column is no cycle.
    expect(checkColumnFormula('{Value} + {Quad}', withReader).ok).toBe(true);
  });

  it('refuses a formula whose SQL, with the formulas it reads inlined, would be too large', () => {
    // Each level reads the one below twice: the inlined SQL doubles per level.
    const ids = Array.from({ length: 10 }, (_, i) => `55555555-5555-4555-8555-${String(i).padStart(12, '0')}`);
    const chain = ids.map((id, i) => column(id, `L${i}`, 'formula', { formula: i === 0 ? '{Value} + 1' : `{L${i - 1}} + {L${i - 1}}`, resultType: 'currency' }));
    const columns = [...COLUMNS, ...chain];
    expect(checkColumnFormula('{L2} + 1', columns).ok).toBe(true);
    const big = checkColumnFormula('{L9} + 1', columns);
    expect(big.ok ? null : big.error.message).toMatch(/too complex/);
  });

  it('follows a changed formula into the formulas that read it: their new result types, or those it would break', () => {
    const pick = column(QUAD, 'Pick', 'formula', { formula: '{Total}', resultType: 'currency' });
    const upper = column(UPPER, 'Upper', 'formula', { formula: 'UPPER({Pick})', resultType: 'text' });
    const columns = [...COLUMNS, pick, upper];
    const toText = dependentsOf(columns, { ...COLUMNS[2], formula: '{Name}', resultType: 'text' });
    expect(toText.broken).toEqual([]);
    expect(toText.retyped).toEqual([{ ...pick, resultType: 'text' }]);
    const doubled = column(UPPER, 'Doubled', 'formula', { formula: '{Pick} * 2', resultType: 'currency' });
    const breaking = dependentsOf([...COLUMNS, pick, doubled], { ...COLUMNS[2], formula: '{Name}', resultType: 'text' });
    expect(breaking.broken.map((b) => b.column.name)).toEqual(['Doubled']);
    expect(dependentsOf(columns, { ...COLUMNS[2], formula: '{Value} * 3' })).toEqual({ retyped: [], broken: [] });
  });

  it('finds the formulas that read a column', () => {
    expect(formulasReading(COLUMNS, VALUE).map((c) => c.name)).toEqual(['Total']);
    expect(formulasReading(COLUMNS, NAME).map((c) => c.name)).toEqual(['Label']);
    expect(formulasReading(COLUMNS, TOTAL)).toEqual([]);
  });

  it('reads a formula that no longer compiles as #ERROR! instead of failing the query', () => {
    const broken = column(TOTAL, 'Total', 'formula', { formula: `{#99999999-9999-4999-8999-999999999999} * 2`, resultType: 'number' });
    expect(formulaColumnSql(broken, COLUMNS, new SqlParams())).toEqual({ value: 'NULL::text', error: `'#ERROR!'::text` });
  });

  it('writes row data as is without formula columns, and binds what formulas add', () => {
    expect(rowDataSql(COLUMNS.slice(0, 2), new SqlParams())).toBe('r.data');
    const params = new SqlParams(['sheet']);
    const sql = rowDataSql(COLUMNS, params);
    expect(sql.startsWith('(r.data - $2::text[]) || CASE')).toBe(true);
    expect(params.values).toEqual(['sheet', ['3', '4'], '2', '!']);
    expect(sql).toContain(`jsonb_build_object('3', jsonb_build_object('error'`);
    expect(sql).not.toContain("'!'");
  });
});
