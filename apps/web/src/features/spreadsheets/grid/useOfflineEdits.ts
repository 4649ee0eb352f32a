import { ErrorCode, type Column, type Row } from '@contrivance/contracts';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError } from '../../../lib/api-error';
import { valueText } from '../../../lib/value-text';
import { NOT_SENT, Outbox, sameValue, type CellAck, type QueuedEdit } from '../../realtime';
import { fetchRow } from '../api/spreadsheets.api';

/** An offline edit whose cell someone else changed meanwhile: the person chooses which value stays. */
export interface OfflineConflict {
  edit: QueuedEdit;
  theirs: unknown;
  rowLabel: string;
  columnName: string;
}

/** How often waiting edits are tried again while connected (a send can fail on its own, e.g. the server busy). */
const RETRY_MS = 3000;

const outboxes = new Map<string, Outbox>();
function outboxFor(userId: string): Outbox {
  const key = `contrivance.outbox.${userId}`;
  let box = outboxes.get(key);
  if (!box) outboxes.set(key, (box = new Outbox(localStorage, key)));
  return box;
}

/**
 * Edits made while the connection is down wait on this device (across reloads) and are sent when it is back, each
 * checked against what the server has: applied (with the row's version, so a change racing it is caught) if the cell
 * still holds what it held when edited here, otherwise shown as a conflict to resolve. Never silently applied over
 * someone else's value, never dropped.
 */
export function useOfflineEdits(options: {
  sheetId: string;
  userId: string | undefined;
  columns: Column[];
  connected: boolean;
  updateCell: (rowId: string, columnId: string, value: unknown, expectedVersion?: number) => Promise<CellAck>;
  onSaved: (row: Row) => void;
  onError: (message: string) => void;
}) {
  const { sheetId, userId, columns, connected, updateCell, onSaved, onError } = options;
  const outbox = useMemo(() => (userId ? outboxFor(userId) : null), [userId]);
  const subscribe = useCallback((listener: () => void) => outbox?.subscribe(listener) ?? (() => undefined), [outbox]);
  const snapshot = useCallback(() => JSON.stringify(outbox?.list(sheetId) ?? []), [outbox, sheetId]);
  const queued = JSON.parse(useSyncExternalStore(subscribe, snapshot)) as QueuedEdit[];
  const [conflicts, setConflicts] = useState<OfflineConflict[]>([]);
  const flushing = useRef(false);
  const latest = useRef({ columns, updateCell, onSaved, onError });
  latest.current = { columns, updateCell, onSaved, onError };

  const queue = useCallback((rowId: string, columnId: string, value: unknown, base: unknown) => outbox?.add({ sheetId, rowId, columnId, value, base }), [outbox, sheetId]);

  /** Rows as loaded from the server, with the values still waiting here laid over them. */
  const overlay = useCallback(
    (rows: Row[]): Row[] => {
      const waiting = outbox?.list(sheetId) ?? [];
      if (!waiting.length) return rows;
      return rows.map((row) => {
        const mine = waiting.filter((e) => e.rowId === row.id);
        return mine.length ? ({ ...row, values: { ...row.values, ...Object.fromEntries(mine.map((e) => [e.columnId, e.value])) } } as Row) : row;
      });
    },
    [outbox, sheetId],
  );

  const isPending = useCallback((rowId: string, columnId: string) => !!outbox?.find(sheetId, rowId, columnId), [outbox, sheetId]);

  const describe = (row: Row, columnId: string) => {
    const { columns: cols } = latest.current;
    const first = cols.find((c) => c.type === 'text' && typeof row.values[c.id] === 'string');
    return { rowLabel: first ? valueText(row.values[first.id]) : 'a row', columnName: cols.find((c) => c.id === columnId)?.name ?? 'a column' };
  };

  /** Sends one edit against the row as it is now; false when the connection is gone again (stop flushing). */
  const send = useCallback(
    async (edit: QueuedEdit, force = false): Promise<boolean> => {
      if (!outbox) return false;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        let row: Row;
        try {
          row = await fetchRow(sheetId, edit.rowId);
        } catch (error) {
          if (error instanceof ApiError && error.code === ErrorCode.NotFound) {
            outbox.remove(edit.id);
            latest.current.onError('A row you edited offline was deleted meanwhile; that edit could not be applied.');
            return true;
          }
          return false;
        }
        const current = row.values[edit.columnId] ?? null;
        if (sameValue(current, edit.value)) {
          outbox.remove(edit.id);
          latest.current.onSaved(row);
          return true;
        }
        if (!force && !sameValue(current, edit.base)) {
          setConflicts((list) => (list.some((c) => c.edit.id === edit.id) ? list : [...list, { edit, theirs: current, ...describe(row, edit.columnId) }]));
          return true;
        }
        const ack = await latest.current.updateCell(edit.rowId, edit.columnId, edit.value, row.version);
        if (ack.ok) {
          outbox.remove(edit.id);
          return true;
        }
        if (ack.error === NOT_SENT || ack.error === ErrorCode.ServiceUnavailable) return false;
        if (ack.error === ErrorCode.Conflict) continue; // the row moved between the read and the write: look again
        outbox.remove(edit.id);
        latest.current.onSaved(row);
        latest.current.onError(`Not saved: ${ack.details?.[0]?.message ?? ack.message}`);
        return true;
      }
      return true;
    },
    [outbox, sheetId],
  );

  const flush = useCallback(async () => {
    if (!outbox || flushing.current) return;
    flushing.current = true;
    try {
      for (const edit of outbox.list(sheetId)) {
        if (conflictsRef.current.some((c) => c.edit.id === edit.id)) continue;
        if (!(await send(edit))) break;
      }
    } finally {
      flushing.current = false;
    }
  }, [outbox, sheetId, send]);
  const conflictsRef = useRef(conflicts);
  conflictsRef.current = conflicts;

  // Whenever the connection is (back) up, what waits here is sent; what could not be sent is tried again shortly.
  useEffect(() => {
    if (!connected || !queued.length) return;
    void flush();
    const retry = setInterval(() => void flush(), RETRY_MS);
    return () => clearInterval(retry);
  }, [connected, queued.length, flush]);

  const resolve = useCallback(
    async (conflict: OfflineConflict, keep: 'mine' | 'theirs') => {
      setConflicts((list) => list.filter((c) => c.edit.id !== conflict.edit.id));
      if (keep === 'theirs') {
        outbox?.remove(conflict.edit.id);
        const row = await fetchRow(sheetId, conflict.edit.rowId).catch(() => null);
        if (row) latest.current.onSaved(row);
        return;
      }
      await send(conflict.edit, true);
    },
    [outbox, sheetId, send],
  );

  return { queue, overlay, isPending, waiting: queued.length, conflicts, resolve };
}
