import type { Column } from '@contrivance/contracts';
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

/**
 * The link columns a block pasted from the focused cell would land in (cells beyond the last column are dropped). Links
 * are written as row ids, and a pasted label could name several rows or none: such a paste is refused as a whole.
 */
export function linkColumnsHit(block: string[][], columnIds: string[], columns: readonly Column[]): Column[] {
  const width = Math.min(Math.max(0, ...block.map((cells) => cells.length)), columnIds.length);
  const hit = new Set(columnIds.slice(0, width));
  return columns.filter((c) => c.type === 'link' && hit.has(c.id));
}
