import type { Row } from '@contrivance/contracts';

/** One group of a grouped grid: its stored key (null: rows without a value), how many rows, and its summaries. */
export interface RowGroup {
  key: string | null;
  count: number;
  values: Record<string, number | string | null>;
}

/** A group's header row in the grid: Row-shaped (empty values) so every cell path can read it, marked by `group`. */
export type GroupHeaderRow = Row & { group: RowGroup & { collapsed: boolean } };

/** What a stretch of a grouped grid is made of, in order: a group's header, or some of its rows. */
export type GroupPiece = { kind: 'header'; group: RowGroup; index: number } | { kind: 'rows'; group: RowGroup; index: number; offset: number; limit: number };

const groupKey = (key: string | null) => key ?? '';
export const groupRowId = (key: string | null) => `group:${groupKey(key)}`;
export const isGroupRow = (row: Row | undefined | null): row is GroupHeaderRow => !!row && 'group' in row;

/** How many grid rows the groups take: a header each, and the rows of the open ones. */
export function groupedRowCount(groups: readonly RowGroup[], collapsed: ReadonlySet<string>): number {
  return groups.reduce((n, g) => n + 1 + (collapsed.has(groupKey(g.key)) ? 0 : g.count), 0);
}

/**
 * The pieces of grid rows `start` to `end` (end exclusive): headers, and for each open group the offset and number of
 * its rows to read (each group's rows are read as the view's rows narrowed to the group's value, in the view's order).
 */
export function groupedPieces(groups: readonly RowGroup[], collapsed: ReadonlySet<string>, start: number, end: number): GroupPiece[] {
  const pieces: GroupPiece[] = [];
  let at = 0;
  for (const [index, group] of groups.entries()) {
    if (at >= end) break;
    if (at >= start) pieces.push({ kind: 'header', group, index });
    at += 1;
    const size = collapsed.has(groupKey(group.key)) ? 0 : group.count;
    const from = Math.max(start, at);
    const to = Math.min(end, at + size);
    if (to > from) pieces.push({ kind: 'rows', group, index, offset: from - at, limit: to - from });
    at += size;
  }
  return pieces;
}

/** The rows API filter that narrows the view's rows to one group. */
export function groupFilter(columnId: string, key: string | null): string {
  return key === null ? `${columnId}:isEmpty` : `${columnId}:eq:${key}`;
}

export function headerRow(group: RowGroup, collapsed: ReadonlySet<string>): GroupHeaderRow {
  return {
    id: groupRowId(group.key),
    position: 0,
    values: {},
    version: 0,
    createdAt: '',
    updatedAt: '',
    updatedBy: null,
    group: { ...group, collapsed: collapsed.has(groupKey(group.key)) },
  };
}

export { groupKey };
