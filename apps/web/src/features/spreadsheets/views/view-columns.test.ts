import type { Column, View } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { viewColumns, viewDensity } from './view-columns';

const column = (id: string, width?: number): Column => ({ id, name: id, type: 'text', position: 0, hidden: false, required: false, ...(width ? { width } : {}) });
const view = (settings: Partial<View>): View => ({ id: 'v', spreadsheetId: 's', name: 'V', type: 'grid', shared: true, createdBy: 'u', createdAt: '', updatedAt: '', ...settings });

describe('a saved view’s columns', () => {
  const columns = [column('a', 100), column('b'), column('c'), column('d')];

  it('are the sheet’s own without a view', () => {
    expect(viewColumns(columns, null)).toBe(columns);
  });

  it('hide what the view hides, put its order first and take its widths', () => {
    const shown = viewColumns(columns, view({ hiddenColumns: ['b'], columnOrder: ['c', 'a'], widths: { a: 240 } }));
    expect(shown.map((c) => c.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(shown.map((c) => c.hidden)).toEqual([false, false, true, false]);
    expect(shown.find((c) => c.id === 'a')!.width).toBe(240);
  });

  it('give the grid density of the row height', () => {
    expect(viewDensity(view({ rowHeight: 'tall' }))).toBe('comfortable');
    expect(viewDensity(view({}))).toBeUndefined();
  });
});
