import type { Row, Spreadsheet, View as SavedView, ViewSettings } from '@contrivance/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { ApiError } from '../../../lib/api-error';
import { useCurrentUser } from '../../auth';
import { boardColumns, Dashboard, PipelineBoard } from '../../pipeline';
import { OfflineBanner, PresenceBar, useCommentEvents } from '../../realtime';
import { WebhooksPanel } from '../../webhooks';
import { membersQuery, useUpdateColumn } from '../api/spreadsheets.api';
import { useSaveCell } from '../api/useSaveCell';
import { AddColumnForm } from '../components/AddColumnForm';
import { ColumnsPanel } from '../components/ColumnsPanel';
import { ImportExport } from '../components/ImportExport';
import { ShareDialog } from '../components/ShareDialog';
import { CommentCounts } from '../row-detail/comment-counts';
import { applyCommentEvent, commentKeys } from '../row-detail/comments.api';
import { DETAIL_COLUMN_ID } from '../row-detail/detail-column';
import { RowDetailPanel } from '../row-detail/RowDetailPanel';
import { patchRow } from '../grid/live-updates';
import type { RowCount } from '../grid/SheetGrid';
import { SheetGridChunk } from '../grid/SheetGridChunk';
import { useOfflineEdits } from '../grid/useOfflineEdits';
import { OfflineConflicts } from './OfflineConflicts';
import { SheetHeader } from './SheetHeader';
import { useLiveGrid } from './useLiveGrid';
import { usePreviewRow } from './usePreviewRow';
import { useRememberedView } from './useRememberedView';
import { useRowActions } from './useRowActions';
import { useSheetPanels } from './useSheetPanels';
import { ViewTabs } from './ViewTabs';
import { FilterBuilder, type FilterSave } from '../views/FilterBuilder';
import { useSavedView } from '../views/useSavedView';
import { viewColumns, viewDensity } from '../views/view-columns';
import { ViewPicker } from '../views/ViewPicker';
import { SaveBoardView } from '../views/SaveBoardView';
import { gridViewParams } from '../grid/rows-request';
import { SearchBar } from '../search/SearchBar';
import { useSheetSearch } from '../search/useSheetSearch';
import { SummaryBar } from '../summaries/SummaryBar';
import { useUndo } from '../undo/useUndo';
import { useSummaries } from '../summaries/useSummaries';
import { useGrouping } from '../summaries/useGrouping';
import { useDeleteView, useSaveView, viewsQuery } from '../views/views.api';

/** Opened now and then from the toolbar: its own chunk. */
const SheetApiPanel = lazy(() => import('../api-docs/SheetApiPanel').then((m) => ({ default: m.SheetApiPanel })));

/** An open sheet: the grid, kept live with others' edits, and everything around it. */
export function SheetView({ data }: { data: Spreadsheet }) {
  const id = data.id;
  const { user } = useCurrentUser();
  const members = useQuery(membersQuery(id));
  // One list object per answer (never a fresh [] each render, which would rebuild the grid's columns every time).
  const people = useMemo(() => members.data ?? [], [members.data]);
  const [view, setView] = useRememberedView(id);
  const panels = useSheetPanels();
  const [selected, setSelected] = useState<Row[]>([]);
  const [detailRowId, setDetailRowId] = useState<string | null>(null);
  const closeDetail = useCallback(() => setDetailRowId(null), []);
  const [commentCounts] = useState(() => new CommentCounts());
  const queryClient = useQueryClient();
  const [gridCount, setGridCount] = useState<RowCount | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const onError = useCallback((text: string) => setMessage(text), []);
  const editable = data.myRole !== 'viewer';
  const { grid, held, live, conflict, dismissConflict, refreshSheet, onEditingStopped } = useLiveGrid(data, people, view);
  const { previewRow, onFocusedRow } = usePreviewRow(grid, {
    active: panels.isOpen('addColumn') || panels.isOpen('columns'),
    selected: selected[0],
    loaded: gridCount,
  });
  const undo = useUndo(id, { enabled: editable, onMessage: setMessage });
  // Comments of any row, from anyone: the open thread and the grid's counts follow. Missed ones are read again on reconnect.
  useCommentEvents(
    id,
    (event) => {
      applyCommentEvent(queryClient, id, event);
      const node = commentCounts.apply(event.action, event.rowId, event.comment.id) ? grid.current?.getRowNode(event.rowId) : undefined;
      if (node) grid.current?.refreshCells({ rowNodes: [node], columns: [DETAIL_COLUMN_ID], force: true, suppressFlash: true });
    },
    () => void queryClient.invalidateQueries({ queryKey: commentKeys.all(id) }),
  );
  const rows = useRowActions({ sheet: data, grid, selected, onDeleted: () => setSelected([]), onMessage: setMessage });
  const savedViews = useQuery(viewsQuery(id));
  const saved = useSavedView(id, savedViews.data?.items, { fetching: savedViews.isFetching, failed: savedViews.isError });
  const savedView = saved.current;
  // The board's saved view (`?board=`), apart from the grid's.
  const board = useSavedView(id, savedViews.data?.items, { fetching: savedViews.isFetching, failed: savedViews.isError }, 'board', view === 'board');
  // A link to a board view opens the board.
  const [linkedBoard] = useState(() => new URLSearchParams(window.location.search).has('board'));
  useEffect(() => {
    if (linkedBoard) setView('board');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the URL the sheet was opened with
  }, []);
  const boardView = board.current;
  const mayChangeView = (v: SavedView) => (v.shared ? editable : v.createdBy === user?.id);
  const [viewError, setViewError] = useState<string | null>(null);
  const saveView = useSaveView(id, {
    onSuccess: (v) => {
      panels.close('filter');
      saved.select(v.id);
    },
    onError: (error) => setViewError(error instanceof ApiError ? (error.details[0]?.message ?? error.message) : 'Could not save the view.'),
  });
  const saveViewLayout = useSaveView(id, {
    onError: (error) => setMessage(error instanceof ApiError ? error.message : 'Could not save the layout of the view.'),
  });
  const saveBoardView = useSaveView(id, {
    onSuccess: (v) => board.select(v.id),
    onError: (error) => setMessage(error instanceof ApiError ? error.message : 'Could not save the board view.'),
  });
  const removeBoardView = useDeleteView(id, { onSuccess: () => board.select(null) });
  const removeView = useDeleteView(id, {
    onSuccess: () => saved.select(null),
    onError: (error) => setMessage(error instanceof ApiError ? error.message : 'Could not delete the view.'),
  });
  const onFilterSave = (save: FilterSave) => {
    setViewError(null);
    if (save.kind === 'update' && savedView) saveView.mutate({ id: savedView.id, dto: { filter: save.filter } });
    else if (save.kind === 'create') saveView.mutate({ dto: { name: save.name, type: 'grid', shared: save.shared, ...(save.filter ? { filter: save.filter } : {}) } });
  };
  // The rows the grid shows (saved view and filters, not its sort), for the summaries; read again with each first block.
  const rowParams = useMemo(() => {
    const params = gridViewParams(grid.current);
    params.delete('sort');
    if (savedView) params.set('viewId', savedView.id);
    return params;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the grid's filters are read whenever it answers a first block
  }, [gridCount, savedView]);
  const search = useSheetSearch({ sheetId: id, view: savedView, grid });
  const shownSheet = useMemo(() => (savedView ? { ...data, columns: viewColumns(data.columns, savedView) } : data), [data, savedView]);
  const saveLayout = useUpdateColumn(id, {
    onError: (error) => setMessage(error instanceof ApiError ? error.message : 'Could not save the column layout.'),
  });
  const summaries = useSummaries(
    id,
    shownSheet.columns,
    rowParams,
    savedView ?? undefined,
    savedView && mayChangeView(savedView) ? (dto: ViewSettings) => saveViewLayout.mutate({ id: savedView.id, dto }) : undefined,
  );
  const grouping = useGrouping(summaries, people);

  const offline = useOfflineEdits({
    sheetId: id,
    userId: user?.id,
    columns: data.columns,
    connected: live.status === 'live',
    updateCell: live.updateCell,
    onSaved: (row) => {
      const api = grid.current;
      const node = api?.getRowNode(row.id);
      if (api && node) patchRow(api, node, offline.overlay([row])[0]);
    },
    onError,
  });
  // A notice about edits waiting goes once they are all sent.
  useEffect(() => {
    if (!offline.waiting) setNotice((n) => (n?.startsWith('You are offline') ? null : n));
  }, [offline.waiting]);

  const saveCell = useSaveCell(id, { connected: live.status === 'live', updateCell: live.updateCell });
  /** A board move: the same path as a cell edit (the socket when live, else REST). */
  const moveToStage = async (rowId: string, stageColumnId: string, stage: string): Promise<boolean> => {
    setMessage(null);
    const saved = await saveCell(rowId, stageColumnId, stage);
    if (saved.ok) return true;
    // Not known to be saved: the board reloads what is saved rather than send it twice.
    if (saved.reason === 'unconfirmed') setMessage('No answer from the server in time: the board shows what is saved now.');
    else setMessage(`Not moved: ${saved.message ?? 'the change could not be saved.'}`);
    return false;
  };

  return (
    <section className="page page--wide stack" aria-labelledby="sheet-title">
      {rows.dialog}
      <SheetHeader
        sheet={data}
        view={view}
        gridCount={gridCount}
        onClearFilters={() => {
          grid.current?.setFilterModel(null);
          // A saved view's filter too: back to all rows.
          if (savedView?.filter) saved.select(null);
        }}
        hasSelection={selected.length > 0}
        panels={panels}
        onAddRow={() => void rows.addRow()}
        onInsertRowAbove={() => void rows.addRow(selected[0]?.id)}
        onDeleteRow={() => void rows.removeRow()}
        undo={undo}
        onOpenRowDetails={() => selected[0] && setDetailRowId(selected[0].id)}
      />
      <div className="sheet-bar">
        <ViewTabs view={view} onChange={setView} />
        {view === 'board' && (
          <>
            <ViewPicker
              type="board"
              allLabel="Board"
              views={savedViews.data?.items ?? []}
              current={boardView}
              columns={data.columns}
              userId={user?.id}
              canDelete={boardView ? mayChangeView(boardView) : false}
              onSelect={board.select}
              onDelete={() => boardView && removeBoardView.mutate(boardView.id)}
            />
            {boardColumns(data, boardView) && (
              <SaveBoardView
                canShare={editable}
                saving={saveBoardView.isPending}
                onSave={(name, shared) => {
                  const columns = boardColumns(data, boardView)!;
                  saveBoardView.mutate({
                    dto: {
                      name,
                      type: 'board',
                      shared,
                      board: { stageColumnId: columns.stage.id, cardColumnIds: [columns.value.id, ...(columns.date ? [columns.date.id] : [])] },
                    },
                  });
                }}
              />
            )}
          </>
        )}
        {view === 'grid' && (
          <ViewPicker
            views={savedViews.data?.items ?? []}
            current={savedView}
            columns={data.columns}
            userId={user?.id}
            canDelete={savedView ? mayChangeView(savedView) : false}
            onSelect={saved.select}
            onFilter={() => {
              setViewError(null);
              panels.toggle('filter');
            }}
            onDelete={() => savedView && removeView.mutate(savedView.id)}
          />
        )}
        <PresenceBar users={live.users} me={user?.id} status={live.status} />
      </div>
      {view === 'grid' && panels.isOpen('filter') && (
        <FilterBuilder
          // A fresh builder per view: it starts from the filter of the view shown.
          key={savedView?.id ?? 'all'}
          columns={data.columns}
          members={people}
          view={savedView}
          canChangeView={savedView ? mayChangeView(savedView) : false}
          canShare={editable}
          saving={saveView.isPending}
          error={viewError}
          onSave={onFilterSave}
          onClose={() => panels.close('filter')}
        />
      )}
      {view === 'grid' && (
        <ImportExport
          sheetId={id}
          sheetName={data.name}
          canImport={editable}
          columns={data.columns}
          members={people}
          getGrid={() => grid.current}
          onImported={() => {
            grid.current?.refreshInfiniteCache();
            void refreshSheet();
          }}
        >
          <button
            type="button"
            className="button button--ghost"
            aria-expanded={panels.isOpen('api')}
            onClick={() => panels.toggle('api')}
            title="This sheet's API: its columns by name, snippets to copy"
          >
            API
          </button>
        </ImportExport>
      )}
      {panels.isOpen('share') && <ShareDialog sheetId={id} onClose={() => panels.close('share')} />}
      <Suspense fallback={<Spinner label="Loading…" />}>
        {panels.isOpen('webhooks') && <WebhooksPanel sheetId={id} onClose={() => panels.close('webhooks')} />}
        {panels.isOpen('api') && <SheetApiPanel sheetId={id} onClose={() => panels.close('api')} />}
      </Suspense>
      {panels.isOpen('addColumn') && (
        <AddColumnForm
          sheetId={id}
          columns={data.columns}
          members={people}
          previewRow={previewRow}
          onDone={(note) => {
            panels.close('addColumn');
            if (note) setNotice(note);
          }}
        />
      )}
      {panels.isOpen('columns') && (
        <ColumnsPanel
          sheetId={id}
          columns={data.columns}
          members={people}
          previewRow={previewRow}
          onFormulaChanged={() => grid.current?.refreshInfiniteCache()}
          onClose={() => panels.close('columns')}
        />
      )}
      <OfflineBanner status={live.status} waiting={offline.waiting} />
      <OfflineConflicts conflicts={offline.conflicts} onResolve={(c, keep) => void offline.resolve(c, keep)} />
      {conflict && (
        <p className="notice" role="alert">
          {conflict}{' '}
          <button type="button" className="button button--ghost button--small" onClick={dismissConflict}>
            OK
          </button>
        </p>
      )}
      <FormMessage error={message} success={message ? null : notice} />
      {view === 'grid' && search.open && <SearchBar search={search} />}
      <div
        id="sheet-view"
        role="tabpanel"
        aria-labelledby={`tab-${view}`}
        onKeyDownCapture={(e) => {
          // Ctrl/⌘+F while the grid has the focus searches the sheet (elsewhere on the page the browser's own find).
          if (view !== 'grid' || !(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'f' || e.altKey || e.shiftKey) return;
          e.preventDefault();
          e.stopPropagation();
          search.show();
        }}
      >
        {view === 'board' && (
          <Suspense fallback={<Spinner label="Loading the board…" />}>
            <PipelineBoard
              sheet={data}
              members={people}
              editable={editable}
              onMove={moveToStage}
              view={boardView}
              onSaveView={boardView && mayChangeView(boardView) ? (settings) => saveViewLayout.mutate({ id: boardView.id, dto: { board: settings } }) : undefined}
            />
          </Suspense>
        )}
        {view === 'dashboard' && (
          <Suspense fallback={<Spinner label="Loading charts…" />}>
            <Dashboard sheet={data} />
          </Suspense>
        )}
        {view === 'grid' &&
          (data.columns.length === 0 ? (
            <p className="empty-state muted">This spreadsheet has no columns yet.{editable ? ' Add one to start.' : ''}</p>
          ) : members.isPending || saved.pending ? (
            // Person cells are drawn by name: the grid waits for the member list rather than flash (and keep) raw ids;
            // and for the saved view it is to show, rather than load every row first.
            <Spinner label="Loading the grid…" />
          ) : (
            <Suspense fallback={<Spinner label="Loading the grid…" />}>
              <SheetGridChunk
                sheet={shownSheet}
                grouping={grouping}
                savedView={savedView}
                searchHighlight={search.highlight}
                members={people}
                editable={editable}
                density={viewDensity(savedView) ?? user?.preferences.gridDensity}
                onReady={(api) => (grid.current = api)}
                onColumnLayout={(columnId, change) => {
                  // A saved view keeps its own layout (for those who may change it); the sheet's is kept without one.
                  if (!savedView) return saveLayout.mutate({ columnId, dto: change });
                  if (!mayChangeView(savedView)) return;
                  const order = grid.current
                    ?.getColumnState()
                    .map((c) => c.colId)
                    .filter((colId) => colId !== DETAIL_COLUMN_ID);
                  const dto = change.width !== undefined ? { widths: { ...savedView.widths, [columnId]: change.width } } : { columnOrder: order };
                  saveViewLayout.mutate({ id: savedView.id, dto });
                }}
                onSelectionChanged={setSelected}
                onOpenRow={setDetailRowId}
                commentCounts={commentCounts}
                onFocusedRow={onFocusedRow}
                onError={onError}
                onNotice={setNotice}
                onRowCount={setGridCount}
                onSaved={() => setMessage((m) => (m?.startsWith('Not saved') || m?.startsWith('Cannot reach') ? null : m))}
                offline={offline}
                live={{ connected: live.status === 'live', updateCell: live.updateCell, focus: live.focus }}
                peers={live.users.filter((u) => u.userId !== user?.id)}
                held={held}
                onEditingStopped={onEditingStopped}
              />
            </Suspense>
          ))}
      </div>
      {view === 'grid' && data.columns.length > 0 && <SummaryBar columns={shownSheet.columns} members={people} summaries={summaries} />}
      {view === 'grid' && detailRowId && (
        <RowDetailPanel
          // A fresh panel per row: nothing typed for one row is left in another's form.
          key={detailRowId}
          sheet={data}
          rowId={detailRowId}
          members={people}
          userId={user?.id}
          onClose={closeDetail}
          onSaved={(row) => {
            const api = grid.current;
            const node = api?.getRowNode(row.id);
            if (api && node) patchRow(api, node, row);
          }}
        />
      )}
    </section>
  );
}
