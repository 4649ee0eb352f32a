import type { Row } from '@contrivance/contracts';
import type { GridApi } from 'ag-grid-community';
import { useEffect, useState, type RefObject } from 'react';

/**
 * The row a formula being written is previewed on: the row of the focused cell (or the selected row), else the first
 * row shown. It is read from the grid, with the values it holds now, when a formula editor opens, when the focus moves
 * and when rows arrive; the grid keeps no React state to follow instead.
 */
export function usePreviewRow(
  grid: RefObject<GridApi<Row> | null>,
  { active, selected, loaded }: { active: boolean; selected: Row | undefined; loaded: unknown },
): { previewRow: Row | null; onFocusedRow: (rowId: string) => void } {
  const [focusedRowId, setFocusedRowId] = useState<string | null>(null);
  const [row, setRow] = useState<Row | null>(null);
  useEffect(() => {
    if (!active) return;
    const api = grid.current;
    const id = focusedRowId ?? selected?.id;
    const node = (id ? api?.getRowNode(id) : undefined) ?? api?.getDisplayedRowAtIndex(0);
    setRow(node?.data ?? null);
  }, [grid, active, focusedRowId, selected, loaded]);
  return { previewRow: active ? row : null, onFocusedRow: setFocusedRowId };
}
