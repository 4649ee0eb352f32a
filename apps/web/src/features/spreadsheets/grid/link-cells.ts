import type { Column, HiddenLinks, LinkedRow } from '@contrivance/contracts';
import { isHiddenLinks, isLinkedRow } from '../../../lib/value-text';

/** Chips drawn in a cell at most; the rest are counted ("+2") and every label is in the tooltip. */
export const MAX_CHIPS = 3;

/** Rows the link editor offers at once. */
export const LINK_SEARCH_LIMIT = 20;

/** The linked rows of a link cell as read (none for a blank or hidden cell). */
export function linkedRowsOf(value: unknown): LinkedRow[] {
  return Array.isArray(value) ? value.filter(isLinkedRow) : [];
}

/** A linked row as people see it: its sheet's first column as text, or a stand-in when that is blank. */
export const rowLabel = (row: LinkedRow): string => row.label.trim() || 'Unnamed row';

/** What a link cell is saved as: its rows' ids (the API takes ids), or null when it links none. */
export function linkIds(value: unknown): string[] | null {
  const ids = linkedRowsOf(value).map((r) => r.rowId);
  return ids.length ? ids : null;
}

/** Two link cells link the same rows in the same order (labels aside). */
export function sameLinks(a: unknown, b: unknown): boolean {
  if (isHiddenLinks(a) || isHiddenLinks(b)) return isHiddenLinks(a) && isHiddenLinks(b) && a.count === b.count;
  return JSON.stringify(linkIds(a)) === JSON.stringify(linkIds(b));
}

/**
 * The chips a cell draws for a list of labels: all of them when they fit `max`, else one fewer and a "+N" for the
 * rest; the tooltip names every one.
 */
export function chipsOf(labels: string[], max = MAX_CHIPS): { shown: string[]; more: number; title: string } {
  const shown = labels.length > max ? labels.slice(0, max - 1) : labels;
  return { shown, more: labels.length - shown.length, title: labels.join(', ') };
}

/** "3 linked": a hidden link cell's text in the grid. */
export const hiddenText = (value: HiddenLinks): string => `${value.count} linked`;

/** Why a hidden link cell shows only a count. */
export const HIDDEN_EXPLANATION = 'The linked sheet is not shared with you, so only the number of linked rows is shown.';

/** Types whose text the rows API searches with `contains`. */
const SEARCHABLE: readonly Column['type'][] = ['text', 'longText', 'email', 'url'];

/**
 * How the link editor finds rows of the other sheet by `text`: on the server (`contains` on its first column, whose
 * text is the rows' labels) when that column is text, else among the first rows read, by their labels.
 */
export function linkSearch(first: Column | undefined, text: string): { params: URLSearchParams; narrowHere: boolean } {
  const searchable = !!first && (SEARCHABLE.includes(first.type) || (first.type === 'formula' && first.resultType === 'text'));
  const params = new URLSearchParams({ count: 'false' });
  if (!text || !first) params.set('limit', String(LINK_SEARCH_LIMIT));
  else if (searchable) {
    params.set('limit', String(LINK_SEARCH_LIMIT));
    params.append('filter', `${first.id}:contains:${text}`);
  } else params.set('limit', '100');
  return { params, narrowHere: !!text && !!first && !searchable };
}

/** The rows whose label holds `text` (any case), at most `limit`. */
export function narrowByLabel(rows: LinkedRow[], text: string, limit = LINK_SEARCH_LIMIT): LinkedRow[] {
  const q = text.trim().toLowerCase();
  return (q ? rows.filter((r) => r.label.toLowerCase().includes(q)) : rows).slice(0, limit);
}

/** Adds a row to a link cell's rows, or takes it out when it is there already. */
export function toggleLink(rows: LinkedRow[], row: LinkedRow): LinkedRow[] {
  return rows.some((r) => r.rowId === row.rowId) ? rows.filter((r) => r.rowId !== row.rowId) : [...rows, row];
}
