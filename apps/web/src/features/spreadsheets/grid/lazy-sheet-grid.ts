import { lazy } from 'react';

type GridModule = typeof import('./SheetGrid');

let loaded: GridModule | undefined;

/** ag-grid and the grid's editors: their own chunk, the largest of the app. Safe to call again (one download). */
export const loadSheetGrid = (): Promise<GridModule> => import('./SheetGrid').then((m) => (loaded = m));

/** The grid component if its chunk has already arrived (it is fetched beside the sheet page's), else undefined. */
export const loadedSheetGrid = () => loaded?.SheetGrid;

export const LazySheetGrid = lazy(() => loadSheetGrid().then((m) => ({ default: m.SheetGrid })));
