import type { Row, SearchMatch, View } from '@contrivance/contracts';
import { useQuery } from '@tanstack/react-query';
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useDebounced } from '../../../lib/use-debounced';
import { gridViewParams } from '../grid/rows-request';
import { searchQuery } from './search.api';
import { cellKey } from '../grid/live-updates';
import { isGrouped } from '../grid/grouped-rows';
import { countLabel, gridFollowsSearch, gridIndexOf, matchKeys, pageOffset, step } from './search-nav';

const TYPING_PAUSE_MS = 250;

/** What the grid highlights: the matches of the page being gone through, and the current one. */
export interface SearchHighlight {
  matches: Set<string>;
  current: string | null;
}

/**
 * Search in the sheet shown (the saved view's rows and visible columns, else the sheet's): the term typed, searched
 * after a pause in typing; which match is current, whose page of matches is fetched as the user moves on; and moving
 * the grid to it (scrolled into view, its cell focused).
 */
export function useSheetSearch({ sheetId, view, grid }: { sheetId: string; view: View | null | undefined; grid: RefObject<GridApi<Row> | null> }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const term = useDebounced(text.trim(), TYPING_PAUSE_MS);
  const [current, setCurrent] = useState(0);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const offset = pageOffset(current);
  const page = useQuery({ ...searchQuery(sheetId, open ? term : '', view?.id, offset) });
  const fresh = page.data && !page.isPlaceholderData ? page.data : undefined;
  const match: SearchMatch | undefined = fresh?.items[current - offset];

  // A new term or view starts from its first match.
  useEffect(() => setCurrent(0), [term, view?.id]);

  /** Scrolls the grid to a match and focuses its cell; `keepTyping`: the focus then goes back to the box. */
  const jump = useCallback(
    (m: SearchMatch, keepTyping: boolean) => {
      const api = grid.current;
      if (!api || api.isDestroyed()) return;
      // A grouped grid's rows are not in the view's order: only a loaded match can be gone to.
      const index = gridIndexOf(m, api.getRowNode(m.rowId)?.rowIndex, !isGrouped(api) && gridFollowsSearch(gridViewParams(api), view));
      if (index === null) {
        setNote('This match is not among the rows the grid shows now (its own sort or filters): clear them to go to it.');
        return;
      }
      setNote(null);
      api.ensureIndexVisible(index, 'middle');
      api.setFocusedCell(index, m.columnId);
      api.ensureColumnVisible(m.columnId, 'auto');
      if (keepTyping) input.current?.focus();
    },
    [grid, view],
  );
  const jumped = useRef<string | null>(null);
  useEffect(() => {
    if (!open || !match) return;
    const key = `${term}:${current}:${cellKey(match.rowId, match.columnId)}`;
    if (jumped.current === key) return;
    jumped.current = key;
    jump(match, true);
  }, [open, match, term, current, jump]);

  const highlight = useMemo<SearchHighlight | null>(
    () => (open && fresh ? { matches: matchKeys(fresh.items), current: match ? cellKey(match.rowId, match.columnId) : null } : null),
    [open, fresh, match],
  );
  const total = term ? fresh?.total : undefined;
  const move = (direction: 1 | -1) => {
    if (!fresh?.total) return;
    let next = step(current, fresh.total, fresh.totalCapped, direction);
    // A capped count is only a lower bound: past the last match there is, go round to the first.
    if (next > current && pageOffset(next) === offset && next - offset >= fresh.items.length) next = 0;
    setCurrent(next);
  };

  return {
    open,
    input,
    text,
    highlight,
    note,
    searching: Boolean(term) && (page.isFetching || !fresh),
    label: term ? countLabel({ pending: !fresh, current, total, capped: fresh?.totalCapped }) : '',
    failed: page.isError,
    show: () => {
      setOpen(true);
      // Already open: back to the box, its term selected to type over.
      input.current?.focus();
      input.current?.select();
    },
    close: () => {
      setOpen(false);
      setNote(null);
      jumped.current = null;
    },
    setText,
    next: () => move(1),
    previous: () => move(-1),
    /** The current match again (Esc gives the grid the focus there). */
    focusCurrent: () => match && jump(match, false),
  };
}
