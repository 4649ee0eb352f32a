import type { Row } from '@contrivance/contracts';
import { renderHook } from '@testing-library/react';
import type { GridApi } from 'ag-grid-community';
import type React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { cellAt, useBlockSelection } from './useBlockSelection';

const COLS = ['a', 'b', 'c'];

/** The few grid calls the block uses: three columns, ten rows, a focus the test moves like the grid does. */
function standIn() {
  let focused = { rowIndex: 0, colId: 'a' };
  const grid = {
    getAllDisplayedColumns: () => COLS.map((id) => ({ getColId: () => id })),
    getDisplayedRowCount: () => 10,
    getEditingCells: () => [],
    getFocusedCell: () => ({ rowIndex: focused.rowIndex, column: { getColId: () => focused.colId } }),
    forEachNode: () => undefined,
    refreshCells: vi.fn(),
    ensureIndexVisible: vi.fn(),
    setFocusedCell: vi.fn(),
  };
  const { result } = renderHook(() =>
    useBlockSelection({
      api: () => grid as unknown as GridApi<Row>,
      sheetId: 'sheet-1',
      columns: [],
      members: [],
      editable: true,
      onError: () => undefined,
      onNotice: () => undefined,
    }),
  );
  /** The grid reports a focus, as its cellFocused event does. */
  const focus = (rowIndex: number, colId: string) => {
    focused = { rowIndex, colId };
    result.current.onFocused(rowIndex, colId);
  };
  const key = (key: string, shiftKey = true) => {
    const target = document.createElement('div');
    target.className = 'ag-cell';
    result.current.onKeyDown({
      key,
      shiftKey,
      target,
      nativeEvent: { key, shiftKey },
      preventDefault: () => undefined,
      stopPropagation: () => undefined,
    } as unknown as React.KeyboardEvent<HTMLDivElement>);
  };
  const click = (rowIndex: number, colId: string, shiftKey: boolean) => {
    const row = document.createElement('div');
    row.className = 'ag-row';
    row.setAttribute('row-index', String(rowIndex));
    const cell = document.createElement('div');
    cell.className = 'ag-cell';
    cell.setAttribute('col-id', colId);
    const text = document.createElement('span');
    cell.append(text);
    row.append(cell);
    result.current.onMouseDown({ shiftKey, target: text } as unknown as React.MouseEvent);
  };
  return { grid, focus, key, click, block: () => result.current.block() };
}

describe('useBlockSelection', () => {
  it('Shift+arrow extends the block when the focus reaches the cell it aimed at', () => {
    const g = standIn();
    g.focus(0, 'a');
    g.key('ArrowRight');
    expect(g.grid.setFocusedCell).toHaveBeenCalledWith(0, 'b');
    g.focus(0, 'b');
    g.key('ArrowDown');
    g.focus(1, 'b');
    expect(g.block()).toEqual({ top: 0, bottom: 1, left: 0, right: 1 });
  });

  it('a redraw focusing the current cell again neither collapses the block nor uses up a pending Shift+arrow', () => {
    const g = standIn();
    g.focus(0, 'a');
    g.key('ArrowRight');
    // A change from someone else redraws the grid, which focuses the cell it had before the arrow's focus lands.
    g.focus(0, 'a');
    g.focus(0, 'b');
    expect(g.block()).toEqual({ top: 0, bottom: 0, left: 0, right: 1 });
    g.key('ArrowDown');
    g.focus(1, 'b');
    g.focus(1, 'b');
    expect(g.block()).toEqual({ top: 0, bottom: 1, left: 0, right: 1 });
  });

  it('Shift+click extends to the clicked cell even when a re-focus comes in between', () => {
    const g = standIn();
    g.focus(0, 'a');
    g.click(3, 'c', true);
    g.focus(0, 'a');
    g.focus(3, 'c');
    expect(g.block()).toEqual({ top: 0, bottom: 3, left: 0, right: 2 });
  });

  it('a focus elsewhere than the aimed-at cell collapses the block there', () => {
    const g = standIn();
    g.focus(0, 'a');
    g.click(2, 'b', true);
    g.focus(2, 'b');
    expect(g.block()).toEqual({ top: 0, bottom: 2, left: 0, right: 1 });
    g.key('ArrowRight');
    // Something else moved the focus (a search hit, say) before the arrow's landed.
    g.focus(5, 'a');
    expect(g.block()).toBeNull();
    g.focus(5, 'c');
    expect(g.block()).toBeNull();
  });

  it('a plain click collapses the block, also on the cell already focused', () => {
    const g = standIn();
    g.focus(0, 'a');
    g.click(2, 'b', true);
    g.focus(2, 'b');
    g.click(2, 'b', false);
    g.focus(2, 'b');
    expect(g.block()).toBeNull();
    g.click(4, 'c', true);
    g.focus(4, 'c');
    expect(g.block()).toEqual({ top: 2, bottom: 4, left: 1, right: 2 });
  });
});

describe('cellAt', () => {
  it('finds the cell an element is in, and nothing outside cells or in pinned rows', () => {
    const row = document.createElement('div');
    row.className = 'ag-row';
    row.setAttribute('row-index', '7');
    const cell = document.createElement('div');
    cell.className = 'ag-cell';
    cell.setAttribute('col-id', 'c');
    row.append(cell);
    expect(cellAt(cell, COLS)).toEqual({ row: 7, col: 2 });
    expect(cellAt(row, COLS)).toBeNull();
    row.setAttribute('row-index', 't-0');
    expect(cellAt(cell, COLS)).toBeNull();
    cell.setAttribute('col-id', 'gone');
    row.setAttribute('row-index', '1');
    expect(cellAt(cell, COLS)).toBeNull();
  });
});
