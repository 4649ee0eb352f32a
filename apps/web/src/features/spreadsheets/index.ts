import { lazy } from 'react';
import { loadSheetGrid } from './grid/lazy-sheet-grid';

export { SpreadsheetList } from './components/SpreadsheetList';

/**
 * The sheet page loads as its own chunk when a sheet is opened, and ag-grid as another: its download starts beside the
 * page's rather than after the page has rendered and fetched the sheet.
 */
export const SpreadsheetPage = lazy(() => {
  void loadSheetGrid();
  return import('./pages/SpreadsheetPage').then((m) => ({ default: m.SpreadsheetPage }));
});
