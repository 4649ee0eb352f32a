import type { CellValue, Column } from '@contrivance/contracts';
import type { NewChange } from '../change-log/change-statements';
import { cellsToRestore, inverseOrder, sameValue } from './inverse';

const cell = (rowId: string, columnId: string, oldValue: unknown, newValue: unknown): NewChange => ({ kind: 'cell', rowId, columnId, oldValue, newValue });
const columns = [{ id: 'a' }, { id: 'b' }] as Column[];

describe('inverseOrder', () => {
  it('walks a step backwards in batches: an import’s rows before the columns it created; views and formula followers skipped', () => {
    const step: NewChange[] = [{ kind: 'column:create', columnId: 'x' }, { kind: 'column:create', columnId: 'y' }, { kind: 'import' }, { kind: 'view:update' }];
    expect(inverseOrder(step).map((b) => (b.kind === 'column' ? `column ${b.change.columnId}` : b.kind))).toEqual(['import', 'column y', 'column x']);
    const rename: NewChange[] = [
      { kind: 'column:update', columnId: 'renamed' },
      { kind: 'column:update', columnId: 'formula that followed' },
    ];
    expect(inverseOrder(rename)).toEqual([{ kind: 'column', change: rename[0] }]);
  });

  it('keeps consecutive cell changes (cell and restore) in one batch', () => {
    const step = [cell('r1', 'a', 1, 2), { ...cell('r2', 'a', 3, 4), kind: 'restore' as const }];
    expect(inverseOrder(step)).toEqual([{ kind: 'cells', changes: step }]);
  });
});

describe('cellsToRestore', () => {
  it('puts back what each cell had before the step, grouped by row', () => {
    const current = new Map<string, Record<string, CellValue>>([
      ['r1', { a: 2, b: 'x' }],
      ['r2', { a: 4 }],
    ]);
    const { updates, conflicts } = cellsToRestore([cell('r1', 'a', 1, 2), cell('r1', 'b', null, 'x'), cell('r2', 'a', 3, 4)], current, columns);
    expect(conflicts).toEqual([]);
    expect(updates).toEqual(
      expect.arrayContaining([
        { rowId: 'r1', values: { a: 1, b: null } },
        { rowId: 'r2', values: { a: 3 } },
      ]),
    );
  });

  it('names every cell changed since, whose row or column is gone, so the step can be refused whole', () => {
    const current = new Map([['r1', { a: 99, b: 'x' }]]);
    const { updates, conflicts } = cellsToRestore([cell('r1', 'a', 1, 2), cell('r1', 'b', null, 'x'), cell('r2', 'a', 3, 4), cell('r1', 'gone', 1, 2)], current, columns);
    expect(conflicts.map((c) => [c.rowId, c.columnId, c.message])).toEqual([
      ['r1', 'gone', 'its column was deleted since'],
      ['r2', 'a', 'its row was deleted since'],
      ['r1', 'a', 'changed by someone else since'],
    ]);
    expect(updates).toEqual([{ rowId: 'r1', values: { b: null } }]);
  });

  it('checks a cell changed twice in a step against the second change, and restores what it had before the first', () => {
    const { updates, conflicts } = cellsToRestore([cell('r1', 'a', 1, 2), cell('r1', 'a', 2, 3)], new Map([['r1', { a: 3 }]]), columns);
    expect(conflicts).toEqual([]);
    expect(updates).toEqual([{ rowId: 'r1', values: { a: 1 } }]);
  });
});

describe('sameValue', () => {
  it('compares values by content, whatever the key order, with absent and null alike', () => {
    expect(sameValue({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameValue(undefined, null)).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});
