import { SETTINGS_COLUMN_TYPES, type Member, type Row, type SheetChange, type Spreadsheet } from '@contrivance/contracts';
import { useQueryClient } from '@tanstack/react-query';
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { valueText } from '../../../lib/value-text';
import { pipelineKeys } from '../../pipeline';
import { TAB_ID, useSheetLive } from '../../realtime';
import { fetchRow, sheetKeys } from '../api/spreadsheets.api';
import { summaryKeys } from '../summaries/summaries.api';
import { viewKeys } from '../views/views.api';
import { applyChanges, applyFetchedRow, applyLinkedValues, type HeldValues } from '../grid/live-updates';
import type { View } from './useRememberedView';

/** Delay before reloading rows after structural changes, so a burst of them costs one reload. */
const RELOAD_DEBOUNCE_MS = 150;

/**
 * The sheet kept live with others' edits: their cell changes are patched into the grid in place, structural changes
 * reload it (after any edit in progress ends), the board and dashboard refresh, and losing access leaves the sheet.
 */
export function useLiveGrid(sheet: Spreadsheet, members: Member[], view: View) {
  const id = sheet.id;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const grid = useRef<GridApi<Row> | null>(null);
  const held = useRef<HeldValues>(new Map());
  // Reloading the grid's rows would end an edit in progress: a reload asked for meanwhile waits for the edit to end.
  const afterEditing = useRef<(() => void) | null>(null);
  const whenNotEditing = useCallback((work: () => void) => {
    if (grid.current?.getEditingCells().length) afterEditing.current = work;
    else work();
  }, []);
  const reloadTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pipelineTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The grid exists only in the grid view; live changes must not reach a grid that is gone.
  useEffect(() => {
    if (view !== 'grid') grid.current = null;
  }, [view]);
  const [conflict, setConflict] = useState<string | null>(null);
  const refreshSheet = useCallback(() => queryClient.invalidateQueries({ queryKey: sheetKeys.detail(id) }), [queryClient, id]);
  const nameOf = (userId: string | null) => members.find((m) => m.userId === userId)?.displayName ?? 'Someone';
  const linkColumns = new Set(sheet.columns.filter((c) => c.type === 'link').map((c) => c.id));
  const computed = sheet.columns.some((c) => SETTINGS_COLUMN_TYPES.includes(c.type));
  /** Reads rows again whose links changed, so they show the linked rows' labels (a change carries only their ids). */
  const refetch = (rowIds: string[]) => {
    for (const rowId of rowIds) {
      fetchRow(id, rowId)
        .then((row) => grid.current && applyFetchedRow(grid.current, row, held.current))
        // Gone meanwhile (deleted, access lost): the change that says so follows.
        .catch(() => undefined);
    }
  };

  /** The board, dashboard and summaries follow along: their queries refresh after a burst of changes. */
  const refreshPipeline = () => {
    clearTimeout(pipelineTimer.current);
    pipelineTimer.current = setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: pipelineKeys.all(id) });
      void queryClient.invalidateQueries({ queryKey: summaryKeys.all(id) });
    }, RELOAD_DEBOUNCE_MS);
  };

  const live = useSheetLive(id, sheet.version, {
    onChanges: (changes: SheetChange[]) => {
      // Shared views saved or deleted by others: the view list (and the view shown, if it is one of them) follows.
      if (changes.some((c) => c.kind.startsWith('view:'))) void queryClient.invalidateQueries({ queryKey: viewKeys.list(id) });
      refreshPipeline();
      if (!grid.current) return;
      const { reloadRows, reloadSheet, refetchRows } = applyChanges(
        grid.current,
        changes,
        TAB_ID,
        held.current,
        (change) =>
          setConflict(
            linkColumns.has(change.columnId ?? '')
              ? `${nameOf(change.userId)} changed the links of the cell you are editing. Press Esc to keep theirs, or save yours to replace them (theirs stay in the history).`
              : `${nameOf(change.userId)} changed the cell you are editing to “${valueText(change.value ?? '')}”. Press Esc to keep their value, or save yours to replace it (theirs stays in the history).`,
          ),
        linkColumns,
      );
      refetch(refetchRows);
      if (reloadRows || reloadSheet) {
        clearTimeout(reloadTimer.current);
        reloadTimer.current = setTimeout(() => {
          // The sheet (row count, columns) refreshes now: the grid holds new columns back while a cell is edited.
          void refreshSheet();
          whenNotEditing(() => grid.current?.refreshInfiniteCache());
        }, RELOAD_DEBOUNCE_MS);
      }
    },
    onReload: () => {
      void refreshSheet();
      whenNotEditing(() => grid.current?.refreshInfiniteCache());
    },
    onLinked: (rows) => {
      // Cards may show lookups and rollups too.
      refreshPipeline();
      if (grid.current) applyLinkedValues(grid.current, rows, held.current);
    },
    // Formula, link, lookup and rollup values missed meanwhile are not in the replayed history: read the rows again.
    onCaughtUp: () => {
      if (!computed) return;
      refreshPipeline();
      whenNotEditing(() => grid.current?.refreshInfiniteCache());
    },
    onRevoked: () => {
      void queryClient.invalidateQueries({ queryKey: sheetKeys.all });
      navigate('/', { replace: true, state: { notice: `“${sheet.name}” is no longer shared with you.` } });
    },
  });

  /** Runs the reload that waited for the edit to end. */
  const onEditingStopped = useCallback(() => {
    const work = afterEditing.current;
    afterEditing.current = null;
    work?.();
  }, []);

  return { grid, held: held.current, live, conflict, dismissConflict: () => setConflict(null), refreshSheet, onEditingStopped };
}
