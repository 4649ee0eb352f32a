import { ErrorCode, type CellValue, type Row } from '@contrivance/contracts';
import { useCallback, useRef } from 'react';
import { ApiError } from '../../../lib/api-error';
import { NOT_SENT, type CellAck } from '../../realtime';
import { updateCells } from './spreadsheets.api';

/** How saving one cell ended; each screen words it (and undoes what it showed) in its own way. */
export type CellSave =
  /** Stored. `row` is the stored row when the save went over HTTP (over the socket, the broadcast brings it). */
  | { ok: true; row?: Row }
  /**
   * Sent over the socket, but not known to be stored (no answer in time, or the server was unavailable). Sending it
   * again could overwrite a newer edit by someone else: the caller shows what the server has instead.
   */
  | { ok: false; reason: 'unconfirmed' }
  /** The server could not be reached over HTTP either. */
  | { ok: false; reason: 'unreachable'; message: string }
  /** Refused: `message` is the server's (absent when the failure carried none), `detail` the first field's message. */
  | { ok: false; reason: 'refused'; message?: string; detail?: string };

/** The live connection's part in saving a cell. */
export interface LiveCellSaver {
  connected: boolean;
  updateCell(rowId: string, columnId: string, value: unknown): Promise<CellAck>;
}

/**
 * Saves one cell the way every screen does: over the live connection when it is up, else (or when the edit could not
 * leave the browser) over HTTP. The answer says how it ended, by error code.
 */
export function useSaveCell(sheetId: string, live: LiveCellSaver | undefined) {
  const liveRef = useRef(live);
  liveRef.current = live;
  return useCallback(
    async (rowId: string, columnId: string, value: CellValue): Promise<CellSave> => {
      const socket = liveRef.current;
      if (socket?.connected) {
        const ack = await socket.updateCell(rowId, columnId, value);
        if (ack.ok) return { ok: true };
        if (ack.error === ErrorCode.ServiceUnavailable) return { ok: false, reason: 'unconfirmed' };
        if (ack.error !== NOT_SENT) return { ok: false, reason: 'refused', message: ack.message, detail: ack.details?.[0]?.message };
      }
      try {
        return { ok: true, row: await updateCells(sheetId, rowId, { [columnId]: value }) };
      } catch (error) {
        if (!(error instanceof ApiError)) return { ok: false, reason: 'refused' };
        if (error.isNetworkError) return { ok: false, reason: 'unreachable', message: error.message };
        const detail = error.code === ErrorCode.ValidationFailed ? error.details[0]?.message : undefined;
        return { ok: false, reason: 'refused', message: error.message, detail };
      }
    },
    [sheetId],
  );
}
