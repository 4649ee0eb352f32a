import { useState } from 'react';
import type { SheetGridProps } from './SheetGrid';
import { LazySheetGrid, loadedSheetGrid } from './lazy-sheet-grid';

/**
 * The grid from its own chunk: drawn at once when the chunk has arrived (no fallback frame in between), else through
 * React.lazy under the caller's Suspense. Chosen once per mount, so the grid is never swapped for another component.
 */
export function SheetGridChunk(props: SheetGridProps) {
  const [Grid] = useState(() => loadedSheetGrid() ?? LazySheetGrid);
  return <Grid {...props} />;
}
