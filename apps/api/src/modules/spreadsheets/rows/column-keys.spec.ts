import { ErrorCode, type Column, type Row } from '@contrivance/contracts';
import { DomainError } from '../../../common/errors/domain-error';
import { ColumnNames, KEYED_BY_ID, rowKeying } from './column-keys';

const DEAL = '11111111-1111-4111-8111-111111111111';
const STAGE = '22222222-2222-4222-8222-222222222222';
const VALUE = '33333333-3333-4333-8333-333333333333';
const column = (id: string, name: string): Column => ({ id, name, type: 'text', position: 0, hidden: false, required: false });
const columns = [column(DEAL, 'Deal'), column(STAGE, 'Stage'), column(VALUE, 'Value')];
const row = (values: Row['values']): Row => ({ id: 'r1', position: 1, values, version: 1, createdAt: '', updatedAt: '', updatedBy: null });

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('was not refused');
}

describe('ColumnNames (keys=name)', () => {
  const names = new ColumnNames(columns);

  it('turns written names into ids, in any case, row by row', () => {
    expect(names.written([{ Deal: 'Acme', stage: 'won' }, { VALUE: 3 }], 'rows.#.values')).toEqual([{ [DEAL]: 'Acme', [STAGE]: 'won' }, { [VALUE]: 3 }]);
  });

  it('answers rows keyed by exact column names', () => {
    expect(names.answered(row({ [DEAL]: 'Acme', [VALUE]: 3 })).values).toEqual({ Deal: 'Acme', Value: 3 });
  });

  it('refuses unknown names, all of them at once, with the field of each', () => {
    const error = refusal(() => names.written([{ Deal: 'ok' }, { Colour: 'red', Size: 'XL' }], 'rows.#.values'));
    expect(error.code).toBe(ErrorCode.ValidationFailed);
    expect(error.message).toBe('Unknown or ambiguous column names: "Colour", "Size"');
    expect(error.details).toEqual([
      { field: 'rows.1.values.Colour', name: 'Colour', message: 'no column is named "Colour"' },
      { field: 'rows.1.values.Size', name: 'Size', message: 'no column is named "Size"' },
    ]);
  });

  it('refuses two names of one row that match the same column', () => {
    const error = refusal(() => names.written([{ Deal: 'a', DEAL: 'b' }], 'values'));
    expect(error.details).toEqual([{ field: 'values.DEAL', name: 'DEAL', message: '"DEAL" and "Deal" name the same column' }]);
  });

  it('refuses a name two columns share, and answers those columns by id so that no value is lost', () => {
    const twins = new ColumnNames([column(DEAL, 'Deal'), column(STAGE, 'deal')]);
    expect(refusal(() => twins.written([{ Deal: 'x' }], 'values')).details).toEqual([
      { field: 'values.Deal', name: 'Deal', message: '2 columns are named "Deal": address them by id (keys=id)' },
    ]);
    expect(twins.answered(row({ [DEAL]: 'a', [STAGE]: 'b' })).values).toEqual({ [DEAL]: 'a', [STAGE]: 'b' });
  });

  it('rewrites errors that name columns by id: fields, messages, and a conflict’s current row', () => {
    const invalid = new DomainError(ErrorCode.ValidationFailed, `Invalid cell values: rows.0.values.${VALUE} Value must be a number`, [
      { field: `rows.0.values.${VALUE}`, message: 'Value must be a number' },
    ]);
    const renamed = names.failure(invalid) as DomainError;
    expect(renamed.message).toBe('Invalid cell values: rows.0.values.Value Value must be a number');
    expect(renamed.details).toEqual([{ field: 'rows.0.values.Value', message: 'Value must be a number' }]);

    const conflict = new DomainError(ErrorCode.Conflict, 'This row was changed by someone else', [{ message: 'current row', field: 'row', row: row({ [DEAL]: 'Acme' }) }]);
    expect((names.failure(conflict) as DomainError).details![0].row).toMatchObject({ values: { Deal: 'Acme' } });

    const other = new Error('boom');
    expect(names.failure(other)).toBe(other);
  });

  it('leaves everything as is with keys=id (the default)', () => {
    expect(rowKeying(undefined, columns)).toBe(KEYED_BY_ID);
    expect(rowKeying('id', columns)).toBe(KEYED_BY_ID);
    const values = [{ [DEAL]: 'x', Unknown: 1 }];
    expect(KEYED_BY_ID.written(values, 'values')).toBe(values);
  });
});
