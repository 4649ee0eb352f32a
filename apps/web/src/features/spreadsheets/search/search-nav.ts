import type { SearchMatch, View } from '@contrivance/contracts';
import { cellKey } from '../grid/live-updates';

/** Matches asked for at a time; the current match's page is fetched as the user moves through them. */
export const SEARCH_PAGE = 100;

/** The offset of the page that holds the index-th match. */
export const pageOffset = (index: number) => Math.floor(index / SEARCH_PAGE) * SEARCH_PAGE;

/**
 * The match after (or before) `current`, going round at either end. A capped total is only a lower bound: there the
 * last match is not known, so going back from the first stays on it.
 */
export function step(current: number, total: number, capped: boolean, direction: 1 | -1): number {
  if (total <= 0) return 0;
  if (direction === 1) return current + 1 < total || capped ? current + 1 : 0;
  if (current > 0) return current - 1;
  return capped ? 0 : total - 1;
}

/** "3 of 45", "1 of 10,000+", "No matches" or "Searching…" for the count beside the box. */
export function countLabel(state: { pending: boolean; current: number; total?: number; capped?: boolean }): string {
  if (state.pending || state.total === undefined) return 'Searching…';
  if (state.total === 0) return 'No matches';
  return `${(state.current + 1).toLocaleString('en')} of ${state.total.toLocaleString('en')}${state.capped ? '+' : ''}`;
}

/** The cells of a page of matches, to highlight (see SheetGrid's search rule). */
export function matchKeys(items: readonly SearchMatch[]): Set<string> {
  return new Set(items.map((m) => cellKey(m.rowId, m.columnId)));
}

/**
 * Whether the grid shows the rows the search went through, in the same order: the saved view's (or the sheet's) with
 * no sort or filter of the grid's own. Then a match's `rowIndex` is where the grid has it, loaded or not.
 */
export function gridFollowsSearch(gridParams: URLSearchParams, view: Pick<View, 'sorts'> | null | undefined): boolean {
  if (gridParams.getAll('filter').length) return false;
  const viewSorts = (view?.sorts ?? []).map((s) => `${s.columnId}:${s.direction}`);
  const gridSorts = gridParams.getAll('sort');
  return gridSorts.length === viewSorts.length && gridSorts.every((s, i) => s.toLowerCase() === viewSorts[i].toLowerCase());
}

/**
 * Where the grid shows a match: its loaded row's index when it has it, else the match's index in the view's order
 * when the grid follows that order, else nowhere (null: the grid's own sort or filters put the row elsewhere, or out).
 */
export function gridIndexOf(match: SearchMatch, loadedIndex: number | null | undefined, followsSearch: boolean): number | null {
  if (loadedIndex !== null && loadedIndex !== undefined) return loadedIndex;
  return followsSearch && match.rowIndex !== undefined ? match.rowIndex : null;
}
