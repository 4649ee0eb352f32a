import {
  ErrorCode,
  RealtimeEvent,
  type Ack,
  type ErrorDetail,
  type JoinResult,
  type LinkedValuesEvent,
  type PresenceEvent,
  type PresenceUser,
  type SheetChange,
} from '@contrivance/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { realtimeSocket, TAB_ID } from './realtime-client';
import { SheetSync, type SyncAction } from './sheet-sync';

export type LiveStatus = 'connecting' | 'live' | 'offline';

export interface LiveHandlers {
  /** Complete versions, in order, each once (including this tab's own edits, with `clientId === TAB_ID`). */
  onChanges(changes: SheetChange[]): void;
  /** Too much was missed to replay: reload what is shown. */
  onReload(): void;
  /** The sheet is no longer visible to this user. */
  onRevoked(): void;
  /**
   * New link, lookup and rollup values of some rows, after rows they read changed (here or in a linked sheet). Not a
   * versioned change: handed over as it comes.
   */
  onLinked(rows: LinkedValuesEvent['rows']): void;
  /**
   * Joined again after missing something (a reconnect or a gap), or joined with changes to catch up on: what was
   * missed came as history, which holds no computed values, and `linked:values` sent meanwhile never arrived.
   */
  onCaughtUp?(): void;
}

export interface SheetLive {
  status: LiveStatus;
  users: PresenceUser[];
  /**
   * Sends one cell over the socket; the ack says whether it was saved. With `expectedVersion`, the edit is refused
   * (conflict, with the current row) if the row has changed since that version.
   */
  updateCell: (rowId: string, columnId: string, value: unknown, expectedVersion?: number) => Promise<CellAck>;
  /** Shares (or clears) the focused cell with the others in the sheet. */
  focus: (cell: { rowId: string; columnId: string } | null) => void;
}

/** The error of a cell update that never left the browser (not connected): safe to send the same change over HTTP. */
export const NOT_SENT = 'not_sent';

/** The server's answer to a cell update, or the browser's own refusal when it could not send it. */
export type CellAck = Ack<{ version: number }> | { ok: false; error: typeof NOT_SENT; message: string; details?: ErrorDetail[] };

/** How long a hole in the versions may stay open before catching up from the server. */
const GAP_WAIT_MS = 1000;
const ACK_TIMEOUT_MS = 10_000;

/**
 * Keeps one sheet live over the tab's socket: joins (catching up from `initialVersion`), hands over each committed
 * change once and in order, rejoins after a reconnect or a gap, and tracks who is here and where they are.
 */
export function useSheetLive(sheetId: string, initialVersion: number, handlers: LiveHandlers): SheetLive {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [users, setUsers] = useState<PresenceUser[]>([]);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const startVersion = useRef(initialVersion);
  const lastFocus = useRef<string>('');

  useEffect(() => {
    const socket = realtimeSocket();
    const sync = new SheetSync(startVersion.current);
    let gapTimer: ReturnType<typeof setTimeout> | undefined;
    let active = true;

    const dispatch = (actions: SyncAction[]) => {
      for (const action of actions) {
        if (action.type === 'reload') handlersRef.current.onReload();
        else if (action.type === 'caught-up') handlersRef.current.onCaughtUp?.();
        else handlersRef.current.onChanges(action.changes);
      }
      clearTimeout(gapTimer);
      if (sync.hasGap) gapTimer = setTimeout(() => active && sync.hasGap && void join(), GAP_WAIT_MS);
    };
    const join = async () => {
      sync.disconnected();
      let ack: Ack<JoinResult>;
      try {
        ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(RealtimeEvent.join, { spreadsheetId: sheetId, sinceVersion: sync.version })) as Ack<JoinResult>;
      } catch {
        if (active && socket.connected) gapTimer = setTimeout(() => void join(), GAP_WAIT_MS);
        return;
      }
      if (!active) return;
      if (!ack.ok) {
        if (ack.error === ErrorCode.NotFound || ack.error === ErrorCode.Forbidden) handlersRef.current.onRevoked();
        return;
      }
      setUsers(ack.users);
      setStatus('live');
      dispatch(sync.onJoin(ack));
    };
    const onChange = (change: SheetChange) => change.spreadsheetId === sheetId && dispatch(sync.onChange(change));
    const onPresence = (event: PresenceEvent) => event.spreadsheetId === sheetId && setUsers(event.users);
    const onRevoked = (event: { spreadsheetId: string }) => event.spreadsheetId === sheetId && handlersRef.current.onRevoked();
    const onLinked = (event: LinkedValuesEvent) => event.spreadsheetId === sheetId && handlersRef.current.onLinked(event.rows);
    const onConnect = () => void join();
    const onDisconnect = () => {
      sync.disconnected();
      setStatus('offline');
    };

    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onDisconnect);
    socket.on(RealtimeEvent.change, onChange);
    socket.on(RealtimeEvent.presence, onPresence);
    socket.on(RealtimeEvent.revoked, onRevoked);
    socket.on(RealtimeEvent.linked, onLinked);
    if (socket.connected) void join();
    else socket.connect();

    return () => {
      active = false;
      clearTimeout(gapTimer);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onDisconnect);
      socket.off(RealtimeEvent.change, onChange);
      socket.off(RealtimeEvent.presence, onPresence);
      socket.off(RealtimeEvent.revoked, onRevoked);
      socket.off(RealtimeEvent.linked, onLinked);
      if (socket.connected) socket.emit(RealtimeEvent.leave, { spreadsheetId: sheetId });
    };
  }, [sheetId]);

  const updateCell = useCallback(
    async (rowId: string, columnId: string, value: unknown, expectedVersion?: number): Promise<CellAck> => {
      const socket = realtimeSocket();
      if (!socket.connected) return { ok: false, error: NOT_SENT, message: 'Not connected' };
      const payload = { spreadsheetId: sheetId, rowId, columnId, value, clientId: TAB_ID, ...(expectedVersion ? { expectedVersion } : {}) };
      try {
        return (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(RealtimeEvent.cellUpdate, payload)) as Ack<{ version: number }>;
      } catch {
        return { ok: false, error: ErrorCode.ServiceUnavailable, message: 'No answer from the server' };
      }
    },
    [sheetId],
  );

  const focus = useCallback(
    (cell: { rowId: string; columnId: string } | null) => {
      const key = cell ? `${cell.rowId}:${cell.columnId}` : '';
      const socket = realtimeSocket();
      if (key === lastFocus.current || !socket.connected) return;
      lastFocus.current = key;
      socket.emit(RealtimeEvent.presenceUpdate, { spreadsheetId: sheetId, focus: cell });
    },
    [sheetId],
  );

  return { status, users, updateCell, focus };
}
