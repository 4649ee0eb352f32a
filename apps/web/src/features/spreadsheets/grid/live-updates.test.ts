import type { Row, SheetChange } from '@contrivance/contracts';
import type { GridApi, IRowNode } from 'ag-grid-community';
import { describe, expect, it, vi } from 'vitest';
import { applyChanges, applyFetchedRow, applyLinkedValues, cellKey, releaseHeld, type HeldValues } from './live-updates';

const row = (id: string, values: Row['values'], version = 1): Row => ({ id, position: 0, values, version, createdAt: '', updatedAt: '', updatedBy: null });

/** The few grid calls the live updates make, over rows in display order; `editing` is the cell open in an editor. */
function fakeGrid(rows: Row[], editing: { rowId: string; columnId: string } | null = null) {
  const nodes = rows.map((data, rowIndex) => ({ data, rowIndex }) as unknown as IRowNode<Row>);
  const refreshed: string[] = [];
  const api = {
    getRowNode: (id: string) => nodes.find((n) => n.data?.id === id),
    getDisplayedRowAtIndex: (i: number) => nodes[i],
    getEditingCells: () => (editing ? [{ rowIndex: rows.findIndex((r) => r.id === editing.rowId), column: { getColId: () => editing.columnId } }] : []),
    refreshCells: ({ rowNodes, columns }: { rowNodes: IRowNode<Row>[]; columns: string[] }) =>
      rowNodes.forEach((n) => columns.forEach((c) => refreshed.push(cellKey(n.data!.id, c)))),
    flashCells: vi.fn(),
  } as unknown as GridApi<Row>;
  return { api, refreshed, data: (id: string) => nodes.find((n) => n.data?.id === id)!.data! };
}

const change = (over: Partial<SheetChange>): SheetChange => ({
  spreadsheetId: 's',
  version: 2,
  part: 1,
  parts: 1,
  kind: 'cell',
  rowId: 'r1',
  columnId: 'name',
  value: null,
  userId: 'u',
  ...over,
});

describe('a change to a link cell', () => {
  it('asks for its row again instead of putting the linked ids in the cell', () => {
    const links = [{ rowId: 'c1', label: 'Acme' }];
    const { api, data } = fakeGrid([row('r1', { name: 'Deal', company: links })]);
    const result = applyChanges(
      api,
      [change({ columnId: 'company', value: ['c1', 'c2'] }), change({ columnId: 'company', value: ['c2'] })],
      'me',
      new Map(),
      vi.fn(),
      new Set(['company']),
    );
    expect(result).toEqual({ reloadRows: false, reloadSheet: false, refetchRows: ['r1'] });
    expect(data('r1').values.company).toEqual(links);
  });

  it('tells someone editing that cell, and still patches other cells in place', () => {
    const { api, data } = fakeGrid([row('r1', { name: 'Deal', company: null })], { rowId: 'r1', columnId: 'company' });
    const conflict = vi.fn();
    const result = applyChanges(
      api,
      [change({ columnId: 'company', value: ['c1'] }), change({ columnId: 'name', value: 'Renamed' })],
      'me',
      new Map(),
      conflict,
      new Set(['company']),
    );
    expect(conflict).toHaveBeenCalledTimes(1);
    expect(result.refetchRows).toEqual(['r1']);
    expect(data('r1').values.name).toBe('Renamed');
  });
});

describe('a row read again', () => {
  it('replaces the row in place, clearing what is blank now and refreshing only what changed', () => {
    const { api, data, refreshed } = fakeGrid([row('r1', { name: 'Deal', company: [{ rowId: 'c1', label: 'Acme' }], total: 5 })]);
    const changed = applyFetchedRow(api, row('r1', { name: 'Deal', company: [{ rowId: 'c2', label: 'Globex' }] }, 3), new Map());
    expect(changed.sort()).toEqual(['company', 'total']);
    expect(data('r1')).toMatchObject({ version: 3, values: { name: 'Deal', company: [{ rowId: 'c2', label: 'Globex' }] } });
    expect(refreshed.sort()).toEqual(['r1:company', 'r1:total']);
  });

  it('leaves a cell being edited as it is, holding its newer value until the edit ends', () => {
    const before = [{ rowId: 'c1', label: 'Acme' }];
    const after = [{ rowId: 'c2', label: 'Globex' }];
    const held: HeldValues = new Map();
    const { api, data, refreshed } = fakeGrid([row('r1', { company: before, total: 1 })], { rowId: 'r1', columnId: 'company' });
    applyFetchedRow(api, row('r1', { company: after, total: 2 }), held);
    expect(data('r1').values).toEqual({ company: before, total: 2 });
    expect(refreshed).toEqual(['r1:total']);
    expect(held.get(cellKey('r1', 'company'))).toEqual(after);
    // Cancelled: the newer links show after all.
    releaseHeld(api, held, 'r1', 'company', false);
    expect(data('r1').values.company).toEqual(after);
  });
});

describe('linked values sent by the server', () => {
  it('patches those cells of the rows on screen, null clearing one, and skips rows not loaded', () => {
    const { api, data, refreshed } = fakeGrid([row('r1', { name: 'Acme', deals: [{ rowId: 'd1', label: 'Fleet' }], total: 100 }), row('r2', { name: 'Globex' })]);
    applyLinkedValues(
      api,
      [
        { rowId: 'r1', values: { deals: null, total: 0 } },
        { rowId: 'r2', values: { deals: [{ rowId: 'd1', label: 'Fleet' }], total: 100 } },
        { rowId: 'elsewhere', values: { total: 1 } },
      ],
      new Map(),
    );
    expect(data('r1').values).toEqual({ name: 'Acme', total: 0 });
    expect(data('r2').values).toEqual({ name: 'Globex', deals: [{ rowId: 'd1', label: 'Fleet' }], total: 100 });
    expect(refreshed.sort()).toEqual(['r1:deals', 'r1:total', 'r2:deals', 'r2:total']);
  });

  it('does not redraw a cell being edited', () => {
    const held: HeldValues = new Map();
    const { api, data, refreshed } = fakeGrid([row('r1', { total: 0 })], { rowId: 'r1', columnId: 'deals' });
    applyLinkedValues(api, [{ rowId: 'r1', values: { deals: [{ rowId: 'd1', label: 'Fleet' }], total: 7 } }], held);
    expect(refreshed).toEqual(['r1:total']);
    expect(data('r1').values).toEqual({ total: 7 });
    expect(held.size).toBe(1);
  });
});

describe('a cell edit', () => {
  it('brings the row’s new formula values with it', () => {
    const { api, data, refreshed } = fakeGrid([row('r1', { value: 10, weighted: 5, label: 'x' })]);
    applyChanges(api, [change({ columnId: 'value', value: 20, computed: { weighted: 10, label: null } })], 'me', new Map(), vi.fn());
    expect(data('r1').values).toEqual({ value: 20, weighted: 10 });
    expect(refreshed.sort()).toEqual(['r1:label', 'r1:value', 'r1:weighted']);
  });
});
