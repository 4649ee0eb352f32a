import { lazy } from 'react';

export { SpreadsheetList } from './components/SpreadsheetList';

/** The sheet page carries ag-grid: it loads as its own chunk when a sheet is opened. */
export const SpreadsheetPage = lazy(() => import('./pages/SpreadsheetPage').then((m) => ({ default: m.SpreadsheetPage })));
