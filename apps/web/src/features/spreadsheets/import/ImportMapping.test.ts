import type { Column } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { existingTarget } from './ImportMapping';

const column = (id: string, name: string, type: Column['type']): Column => ({ id, name, type, position: 0, hidden: false, required: false });
const columns = [column('d', 'Deal', 'text'), column('a', 'Account', 'link'), column('t', 'Total', 'rollup'), column('w', 'Weighted', 'formula')];

describe('where a CSV column goes at first', () => {
  it('goes into the column of its name (any case)', () => {
    expect(existingTarget(' deal ', columns)).toEqual({ kind: 'existing', columnId: 'd' });
  });

  it('is skipped when the sheet fills that column itself, as a sheet’s own export has them', () => {
    expect(existingTarget('Total', columns)).toEqual({ kind: 'skip' });
    expect(existingTarget('Weighted', columns)).toEqual({ kind: 'skip' });
  });

  it('goes into a link column (the API reads the linked rows’ names)', () => {
    expect(existingTarget('Account', columns)).toEqual({ kind: 'existing', columnId: 'a' });
  });

  it('has none when no column has its name', () => {
    expect(existingTarget('Region', columns)).toBeNull();
  });
});
