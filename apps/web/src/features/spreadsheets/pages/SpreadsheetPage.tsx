import type { Row, SheetChange, Spreadsheet } from '@contrivance/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { GridApi } from 'ag-grid-community';
import { isUUID } from 'class-validator';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useDialog } from '../../../components/Dialog';
import { FormMessage } from '../../../components/FormMessage';
import { Spinner } from '../../../components/Spinner';
import { ApiError } from '../../../lib/api-error';
import { formatCount } from '../../../lib/format';
import { useCurrentUser } from '../../auth/hooks/useSession';
import { membersQuery, sheetKeys, sheetQuery, useAddRow, useDeleteRow, useUpdateColumn } from '../api/spreadsheets.api';
import { AddColumnForm } from '../components/AddColumnForm';
import { ColumnsPanel } from '../components/ColumnsPanel';
import { ImportExport } from '../components/ImportExport';
import { RowHistory } from '../components/RowHistory';
import { ShareDialog } from '../components/ShareDialog';
import { OfflineBanner, PresenceBar } from '../../realtime/PresenceBar';
import { TAB_ID } from '../../realtime/realtime-client';
import { useSheetLive } from '../../realtime/useSheetLive';
import { WebhooksPanel } from '../../webhooks/components/WebhooksPanel';
import { PipelineBoard } from '../../pipeline/board/PipelineBoard';
import { pipelineKeys } from '../../pipeline/pipeline.api';
import { useSaveCell } from '../api/useSaveCell';
import { applyChanges, patchRow, type HeldValues } from '../grid/live-updates';
import { useOfflineEdits } from '../grid/useOfflineEdits';
import { SheetGrid, type RowCount } from '../grid/SheetGrid';

export function SpreadsheetPage() {
  const { id = '' } = useParams();
  // A mistyped or truncated link is not a sheet: it gets the not-found page, not the server's "id must be a UUID".
  const wellFormed = isUUID(id);
  const sheet = useQuery({ ...sheetQuery(id), enabled: wellFormed });

  const missing = !wellFormed || (sheet.error instanceof ApiError && (sheet.error.statusCode === 404 || sheet.error.statusCode === 400));
  if (missing || sheet.error) {
    return (
      <section className="page page--centered">
        <h1>{missing ? 'Spreadsheet not found' : 'Could not open the spreadsheet'}</h1>
        <p className="muted">{missing ? 'The link may be mistyped, or the spreadsheet was deleted or is not shared with you.' : sheet.error?.message}</p>
        <Link to="/" className="button">
          Back to spreadsheets
        </Link>
      </section>
    );
  }
  if (sheet.isPending) return <div className="page page--centered"><Spinner label="Opening spreadsheet…" /></div>;

  return <SheetView key={id} data={sheet.data} />;
}

/** Delay before reloading rows after structural changes, so a burst of them costs one reload. */
const RELOAD_DEBOUNCE_MS = 150;

/** The dashboard and d3 load only when the dashboard is opened (their own bundle chunk). */
const Dashboard = lazy(() => import('../../pipeline/dashboard/Dashboard'));

const VIEWS = [
  { id: 'grid', label: 'Grid' },
  { id: 'board', label: 'Board' },
  { id: 'dashboard', label: 'Dashboard' },
] as const;
type View = (typeof VIEWS)[number]['id'];
const viewKey = (sheetId: string) => `contrivance.view.${sheetId}`;

/** The view last used for this sheet in this browser. */
function useRememberedView(sheetId: string): [View, (view: View) => void] {
  const [view, setView] = useState<View>(() => {
    const stored = localStorage.getItem(viewKey(sheetId));
    return VIEWS.some((v) => v.id === stored) ? (stored as View) : 'grid';
  });
  return [
    view,
    (next) => {
      localStorage.setItem(viewKey(sheetId), next);
      setView(next);
    },
  ];
}

/** An open sheet: the grid, kept live with others' edits, and everything around it. */
function SheetView({ data }: { data: Spreadsheet }) {
  const id = data.id;
  const { user } = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const members = useQuery(membersQuery(id));
  // One list object per answer (never a fresh [] each render, which would rebuild the grid's columns every time).
  const people = useMemo(() => members.data ?? [], [members.data]);
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
  const [view, setView] = useRememberedView(id);
  // The grid exists only in the grid view; live changes must not reach a grid that is gone.
  useEffect(() => {
    if (view !== 'grid') grid.current = null;
  }, [view]);
  const [selected, setSelected] = useState<Row[]>([]);
  const [gridCount, setGridCount] = useState<RowCount | null>(null);
  const { confirm, dialog } = useDialog();
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [addingColumn, setAddingColumn] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [webhooks, setWebhooks] = useState(false);
  const [editingColumns, setEditingColumns] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  // On narrow screens the actions fold into a menu.
  const [actionsOpen, setActionsOpen] = useState(false);
  const onError = useCallback((text: string) => setMessage(text), []);
  const editable = data.myRole !== 'viewer';
  const refreshSheet = useCallback(() => queryClient.invalidateQueries({ queryKey: sheetKeys.detail(id) }), [queryClient, id]);
  const nameOf = (userId: string | null) => members.data?.find((m) => m.userId === userId)?.displayName ?? 'Someone';

  const live = useSheetLive(id, data.version, {
    onChanges: (changes: SheetChange[]) => {
      // The board and dashboard follow along: their queries refresh after a burst of changes.
      clearTimeout(pipelineTimer.current);
      pipelineTimer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: pipelineKeys.all(id) }), RELOAD_DEBOUNCE_MS);
      if (!grid.current) return;
      const { reloadRows, reloadSheet } = applyChanges(grid.current, changes, TAB_ID, held.current, (change) =>
        setConflict(`${nameOf(change.userId)} changed the cell you are editing to “${String(change.value ?? '')}”. Press Esc to keep their value, or save yours to replace it (theirs stays in the history).`),
      );
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
    onRevoked: () => {
      void queryClient.invalidateQueries({ queryKey: sheetKeys.all });
      navigate('/', { replace: true, state: { notice: `“${data.name}” is no longer shared with you.` } });
    },
  });

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

  const createRow = useAddRow(id);
  const deleteRow = useDeleteRow(id);
  const saveLayout = useUpdateColumn(id, {
    onError: (error) => setMessage(error instanceof ApiError ? error.message : 'Could not save the column layout.'),
  });

  /** Adds a row at the end, or above the given one. */
  const addRow = async (aboveRowId?: string) => {
    setMessage(null);
    // Required text columns get a placeholder so the new row is valid; people rename it in place.
    const values = Object.fromEntries(data.columns.filter((c) => c.required && c.type === 'text').map((c) => [c.id, 'Untitled']));
    try {
      await createRow.mutateAsync({ values, beforeRowId: aboveRowId });
      grid.current?.refreshInfiniteCache();
      // A row added at the end is brought into view (in the sheet's own order it lands last).
      if (!aboveRowId) grid.current?.ensureIndexVisible(data.rowCount, 'bottom');
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : 'Could not add a row.');
    }
  };

  const removeRow = async () => {
    const row = selected[0];
    if (!row || !(await confirm({ title: 'Delete the selected row?', message: 'It stays in the row history and can be restored from there.', confirmLabel: 'Delete row', danger: true }))) return;
    try {
      await deleteRow.mutateAsync(row.id);
      setSelected([]);
      grid.current?.refreshInfiniteCache();
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : 'Could not delete the row.');
    }
  };

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
      {dialog}
      <div className="sheet-header">
        <div className="sheet-header__title">
          <h1 id="sheet-title">{data.name}</h1>
          <p className="muted">
            {view === 'grid' && gridCount?.filtered ? (
              <>
                {gridCount.shown.toLocaleString()} of {formatCount(data.rowCount, 'row')} match the filters ·{' '}
                <button type="button" className="link-button" onClick={() => grid.current?.setFilterModel(null)}>
                  Clear filters
                </button>
              </>
            ) : (
              formatCount(data.rowCount, 'row')
            )}{' '}
            · you are {data.myRole === 'viewer' ? 'a viewer (read-only)' : `an ${data.myRole}`}
          </p>
        </div>
        <button
          type="button"
          className="button button--ghost button--small sheet-actions__toggle"
          aria-expanded={actionsOpen}
          aria-controls="sheet-actions"
          onClick={() => setActionsOpen((open) => !open)}
        >
          Actions
        </button>
        <div id="sheet-actions" className={`sheet-actions${actionsOpen ? ' sheet-actions--open' : ''}`}>
        <div className="toolbar" role="toolbar" aria-label="Sheet actions">
          {data.myRole === 'owner' && (
            <>
              <button type="button" className="button button--ghost" onClick={() => setSharing(true)}>
                Share
              </button>
              <button type="button" className="button button--ghost" onClick={() => setWebhooks((v) => !v)}>
                Webhooks
              </button>
            </>
          )}
          <button type="button" className="button button--ghost" onClick={() => setShowHistory((v) => !v)} disabled={!selected.length}>
            {showHistory ? 'Hide history' : 'Row history'}
          </button>
        </div>
        {editable && view === 'grid' && (
          <div className="toolbar" role="toolbar" aria-label="Row actions">
            <button type="button" className="button" onClick={() => void addRow()}>
              Add row
            </button>
            <button type="button" className="button button--ghost" onClick={() => void addRow(selected[0]?.id)} disabled={!selected.length}>
              Insert row above
            </button>
            <button type="button" className="button button--ghost" onClick={() => setAddingColumn(true)}>
              Add column
            </button>
            <button type="button" className="button button--ghost" onClick={() => setEditingColumns((v) => !v)} disabled={!data.columns.length}>
              Columns
            </button>
            <button type="button" className="button button--danger" onClick={removeRow} disabled={!selected.length}>
              Delete row
            </button>
          </div>
        )}
        </div>
      </div>
      <div className="sheet-bar">
        <div className="view-tabs" role="tablist" aria-label="Views of this sheet">
          {VIEWS.map((v) => (
            <button key={v.id} type="button" role="tab" id={`tab-${v.id}`} aria-selected={view === v.id} aria-controls="sheet-view" onClick={() => setView(v.id)}>
              {v.label}
            </button>
          ))}
        </div>
        <PresenceBar users={live.users} me={user?.id} status={live.status} />
      </div>
      {view === 'grid' && <ImportExport
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
      />}
      {sharing && <ShareDialog sheetId={id} onClose={() => setSharing(false)} />}
      {webhooks && <WebhooksPanel sheetId={id} onClose={() => setWebhooks(false)} />}
      {addingColumn && <AddColumnForm sheetId={id} onDone={() => setAddingColumn(false)} />}
      {editingColumns && <ColumnsPanel sheetId={id} columns={data.columns} onClose={() => setEditingColumns(false)} />}
      <OfflineBanner status={live.status} waiting={offline.waiting} />
      {offline.conflicts.map((c) => (
        <div key={c.edit.id} className="notice notice--conflict" role="alert">
          While you were offline, someone changed <strong>{c.columnName}</strong> of “{c.rowLabel}” to “{String(c.theirs ?? '')}”. Your edit
          made offline: “{String(c.edit.value ?? '')}”.{' '}
          <button type="button" className="button button--small" onClick={() => void offline.resolve(c, 'mine')}>
            Keep mine
          </button>{' '}
          <button type="button" className="button button--ghost button--small" onClick={() => void offline.resolve(c, 'theirs')}>
            Keep theirs
          </button>
        </div>
      ))}
      {conflict && (
        <p className="notice" role="alert">
          {conflict}{' '}
          <button type="button" className="button button--ghost button--small" onClick={() => setConflict(null)}>
            OK
          </button>
        </p>
      )}
      <FormMessage error={message} success={message ? null : notice} />
      <div id="sheet-view" role="tabpanel" aria-labelledby={`tab-${view}`}>
      {view === 'board' && <PipelineBoard sheet={data} members={people} editable={editable} onMove={moveToStage} />}
      {view === 'dashboard' && (
        <Suspense fallback={<Spinner label="Loading charts…" />}>
          <Dashboard sheet={data} />
        </Suspense>
      )}
      {view === 'grid' && (data.columns.length === 0 ? (
        <p className="empty-state muted">This spreadsheet has no columns yet.{editable ? ' Add one to start.' : ''}</p>
      ) : members.isPending ? (
        // Person cells are drawn by name: the grid waits for the member list rather than flash (and keep) raw ids.
        <Spinner label="Loading the grid…" />
      ) : (
        <SheetGrid
          sheet={data}
          members={people}
          editable={editable}
          density={user?.preferences.gridDensity}
          onReady={(api) => (grid.current = api)}
          onColumnLayout={(columnId, change) => saveLayout.mutate({ columnId, dto: change })}
          onSelectionChanged={setSelected}
          onError={onError}
          onNotice={setNotice}
          onRowCount={setGridCount}
          onSaved={() => setMessage((m) => (m?.startsWith('Not saved') || m?.startsWith('Cannot reach') ? null : m))}
          offline={offline}
          live={{ connected: live.status === 'live', updateCell: live.updateCell, focus: live.focus }}
          peers={live.users.filter((u) => u.userId !== user?.id)}
          held={held.current}
          onEditingStopped={() => {
            const work = afterEditing.current;
            afterEditing.current = null;
            work?.();
          }}
        />
      ))}
      </div>
      {view === 'grid' && showHistory && selected[0] && (
        <RowHistory
          sheetId={id}
          rowId={selected[0].id}
          columns={data.columns}
          members={people}
          canRestore={editable}
          onRestored={() => grid.current?.refreshInfiniteCache()}
        />
      )}
    </section>
  );
}
