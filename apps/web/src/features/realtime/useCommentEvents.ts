import { RealtimeEvent, type CommentEvent, type SheetChange } from '@contrivance/contracts';
import { useEffect, useRef } from 'react';
import { realtimeSocket } from './realtime-client';

/**
 * Comment events of a sheet, as they come over the tab's socket (the sheet is joined by useSheetLive). Comments are not
 * versioned changes: nothing is replayed after a reconnect, so whoever shows comments reads them again then.
 */
export function useCommentEvents(sheetId: string, onEvent: (event: CommentEvent) => void, onReconnect?: () => void): void {
  const handlers = useRef({ onEvent, onReconnect });
  handlers.current = { onEvent, onReconnect };
  useEffect(() => {
    const socket = realtimeSocket();
    const onComment = (event: CommentEvent) => event.spreadsheetId === sheetId && handlers.current.onEvent(event);
    const onConnect = () => handlers.current.onReconnect?.();
    socket.on(RealtimeEvent.comment, onComment);
    socket.on('connect', onConnect);
    return () => {
      socket.off(RealtimeEvent.comment, onComment);
      socket.off('connect', onConnect);
    };
  }, [sheetId]);
}

/** Calls `onChange` whenever a committed change of the sheet touches the row (others' edits of a row shown in a panel). */
export function useRowChangeEvents(sheetId: string, rowId: string, onChange: () => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const socket = realtimeSocket();
    // A summary of a large change names no row: it may have touched this one too.
    const onSheetChange = (change: SheetChange) => change.spreadsheetId === sheetId && (change.rowId === rowId || change.rowId === null) && handler.current();
    socket.on(RealtimeEvent.change, onSheetChange);
    return () => void socket.off(RealtimeEvent.change, onSheetChange);
  }, [sheetId, rowId]);
}
