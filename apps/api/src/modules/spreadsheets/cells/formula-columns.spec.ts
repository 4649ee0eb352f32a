import type { Column } from '@contrivance/contracts';
import { SqlParams } from '../../../database/sql-params';
import { checkColumnFormula, formulaColumnSql, formulasReading, rowDataSql } from './formula-columns';

const VALUE = '11111111-1111-4111-8111-111111111111';
const NAME = '22222222-2222-4222-8222-222222222222';
const TOTAL = '33333333-3333-4333-8333-333333333333';
const LABEL = '44444444-4444-4444-8444-444444444444';

const column = (id: string, name: string, type: Column['type'], more: Partial<Column> = {}): Column => ({ id, name, type, position: 0, hidden: false, required: false, ...more });
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

  it('refuses a formula that reads another formula column', () => {
    const result = checkColumnFormula('{Total} + 1', COLUMNS);
    expect(result.ok ? null : result.error.message).toBe('a formula cannot use another formula column yet');
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
    expect(params.values).toEqual(['sheet', [TOTAL, LABEL], '2', '!']);
    expect(sql).toContain(`jsonb_build_object('${TOTAL}', jsonb_build_object('error'`);
    expect(sql).not.toContain("'!'");
  });
});
