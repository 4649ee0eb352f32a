import { lazy } from 'react';

/** ag-grid and the grid's editors: their own chunk, the largest of the app. Safe to call again (one download). */
export const loadSheetGrid = () => import('./SheetGrid');

export const LazySheetGrid = lazy(() => loadSheetGrid().then((m) => ({ default: m.SheetGrid })));
