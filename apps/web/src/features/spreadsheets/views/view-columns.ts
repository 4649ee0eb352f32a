import type { Column, View } from '@contrivance/contracts';

/**
 * The sheet's columns as a saved view shows them: its hidden columns hidden, its order first (columns it does not
 * name keep their place after), its widths. Without a view, the sheet's own.
 */
export function viewColumns(columns: Column[], view: View | null | undefined): Column[] {
  if (!view) return columns;
  const hidden = new Set(view.hiddenColumns ?? []);
  const order = new Map((view.columnOrder ?? []).map((id, i) => [id, i]));
  const rank = (c: Column) => order.get(c.id) ?? order.size + columns.indexOf(c);
  return [...columns].sort((a, b) => rank(a) - rank(b)).map((c) => ({ ...c, hidden: c.hidden || hidden.has(c.id), width: view.widths?.[c.id] ?? c.width }));
}

/** A saved view's row height as the grid's density. */
export function viewDensity(view: View | null | undefined): 'compact' | 'normal' | 'comfortable' | undefined {
  if (!view?.rowHeight) return undefined;
  return ({ short: 'compact', medium: 'normal', tall: 'comfortable' } as const)[view.rowHeight];
}
