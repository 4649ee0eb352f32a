import { parseTsv } from './clipboard';

/** Cells copied from a spreadsheet program arrive as tab-separated lines (quoted where a cell holds a line break). */
export function parseClipboardBlock(text: string): string[][] {
  return parseTsv(text);
}

/**
 * Lays a block over the grid from its top-left cell: one update per row; cells beyond the last row or column are
 * dropped. Empty cells clear their target. The server turns the text into typed values (labels, "$1,200", dates).
 */
export function blockUpdates(block: string[][], rowIds: (string | undefined)[], columnIds: string[]): { rowId: string; values: Record<string, string | null> }[] {
  const updates: { rowId: string; values: Record<string, string | null> }[] = [];
  block.forEach((cells, i) => {
    const rowId = rowIds[i];
    if (!rowId) return;
    const values: Record<string, string | null> = {};
    cells.forEach((text, j) => {
      const columnId = columnIds[j];
      if (columnId) values[columnId] = text.trim() === '' ? null : text;
    });
    if (Object.keys(values).length) updates.push({ rowId, values });
  });
  return updates;
}
