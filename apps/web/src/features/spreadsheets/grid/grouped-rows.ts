import type { Row } from '@contrivance/contracts';
import type { GridApi } from 'ag-grid-community';

/** One group of a grouped grid: its stored key (null: rows without a value), its rows' count and summaries, and the
 * groups of a second column inside it. */
export interface RowGroup {
  key: string | null;
  count: number;
  values: Record<string, number | string | null>;
  groups?: RowGroup[];
}

/** The keys from the top group down to a group: what narrows the rows to it, and how its folding is remembered. */
export type GroupPath = (string | null)[];

/** A group's header row in the grid: Row-shaped (empty values) so every cell path can read it, marked by `group`. */
export type GroupHeaderRow = Row & { group: RowGroup & { path: GroupPath; collapsed: boolean; gap?: boolean } };

/** What a stretch of a grouped grid is made of, in order: a group's header, or some of a (lowest) group's rows. */
export type GroupPiece = { kind: 'header'; group: RowGroup; path: GroupPath } | { kind: 'rows'; group: RowGroup; path: GroupPath; offset: number; limit: number };

export const pathKey = (path: GroupPath) => JSON.stringify(path);
export const groupRowId = (path: GroupPath) => `group:${pathKey(path)}`;
export const isGroupRow = (row: Row | undefined | null): row is GroupHeaderRow => !!row && 'group' in row;
/** Whether the grid shows its rows in groups (its context carries the grouping, see SheetGrid). */
export const isGrouped = (grid: GridApi<Row>) => !!(grid.getGridOption('context') as { grouping?: unknown } | undefined)?.grouping;

function size(group: RowGroup, path: GroupPath, collapsed: ReadonlySet<string>): number {
  if (collapsed.has(pathKey(path))) return 1;
  return 1 + (group.groups ? group.groups.reduce((n, g) => n + size(g, [...path, g.key], collapsed), 0) : group.count);
}

/** How many grid rows the groups take: a header each, and the rows (or groups) of the open ones. */
export function groupedRowCount(groups: readonly RowGroup[], collapsed: ReadonlySet<string>): number {
  return groups.reduce((n, g) => n + size(g, [g.key], collapsed), 0);
}

/**
 * The pieces of grid rows `start` to `end` (end exclusive): headers, and for each open lowest group the offset and
 * number of its rows to read (read as the view's rows narrowed to the group's keys, in the view's order).
 */
export function groupedPieces(groups: readonly RowGroup[], collapsed: ReadonlySet<string>, start: number, end: number): GroupPiece[] {
  const pieces: GroupPiece[] = [];
  let at = 0;
  const walk = (list: readonly RowGroup[], parent: GroupPath) => {
    for (const group of list) {
      if (at >= end) return;
      const path = [...parent, group.key];
      // A whole group before the block is skipped in one step.
      const whole = size(group, path, collapsed);
      if (at + whole <= start) {
        at += whole;
        continue;
      }
      if (at >= start) pieces.push({ kind: 'header', group, path });
      at += 1;
      if (collapsed.has(pathKey(path))) continue;
      if (group.groups) {
        walk(group.groups, path);
        continue;
      }
      const from = Math.max(start, at);
      const to = Math.min(end, at + group.count);
      if (to > from) pieces.push({ kind: 'rows', group, path, offset: from - at, limit: to - from });
      at += group.count;
    }
  };
  walk(groups, []);
  return pieces;
}

/** Every header row of the groups, top down (for redrawing them when their summaries change). */
export function groupHeaders(groups: readonly RowGroup[], parent: GroupPath = []): { group: RowGroup; path: GroupPath }[] {
  return groups.flatMap((group) => {
    const path = [...parent, group.key];
    return [{ group, path }, ...(group.groups ? groupHeaders(group.groups, path) : [])];
  });
}

/** The rows API filters that narrow the view's rows to a group (one per level: its column's value, or empty). */
export function groupFilters(columnIds: readonly string[], path: GroupPath): string[] {
  return path.map((key, level) => (key === null ? `${columnIds[level]}:isEmpty` : `${columnIds[level]}:eq:${key}`));
}

/**
 * A group's rows as read, made exactly `limit` long: when its count is stale (rows added or removed since the groups
 * were counted) the rows after it must not slide under the wrong header. Missing rows are blank lines until the
 * groups are counted again; extra ones wait for that.
 */
export function fitted(rows: Row[], group: RowGroup, path: GroupPath, offset: number, limit: number): Row[] {
  const fit = rows.slice(0, limit);
  for (let i = fit.length; i < limit; i++) {
    const gap: GroupHeaderRow = { ...headerRow(group, path, new Set()), id: `gap:${pathKey(path)}:${offset + i}` };
    gap.group.gap = true;
    fit.push(gap);
  }
  return fit;
}

export function headerRow(group: RowGroup, path: GroupPath, collapsed: ReadonlySet<string>): GroupHeaderRow {
  return {
    id: groupRowId(path),
    position: 0,
    values: {},
    version: 0,
    createdAt: '',
    updatedAt: '',
    updatedBy: null,
    group: { ...group, path, collapsed: collapsed.has(pathKey(path)) },
  };
}
