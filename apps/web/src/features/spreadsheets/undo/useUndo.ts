import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-error';
import { isTextEntry } from '../../../lib/keyboard';
import { undoStep, type UndoDirection } from './undo.api';
import { undoKey } from './undo-keys';

/** What a refused undo says: the server's message (it counts the cells someone else changed), or that it was not reached. */
export function undoMessage(direction: UndoDirection, error: unknown): string {
  if (!(error instanceof ApiError) || error.isNetworkError) return `Could not ${direction}: the server could not be reached.`;
  return error.message;
}

/**
 * Undo and redo of my own steps in a sheet, from buttons and from Ctrl/⌘+Z, Ctrl/⌘+Shift+Z (or Ctrl+Y) anywhere in
 * the page except where text is being typed (a cell editor, an input keeps the browser's own undo). One step at a
 * time: a press while one runs is ignored rather than queued.
 */
export function useUndo(sheetId: string, { enabled, onMessage }: { enabled: boolean; onMessage: (text: string | null) => void }) {
  const [busy, setBusy] = useState<UndoDirection | null>(null);
  const running = useRef(false);
  const run = useCallback(
    async (direction: UndoDirection) => {
      if (running.current) return;
      running.current = true;
      setBusy(direction);
      try {
        await undoStep(sheetId, direction);
        onMessage(null);
      } catch (error) {
        onMessage(undoMessage(direction, error));
      } finally {
        running.current = false;
        setBusy(null);
      }
    },
    [sheetId, onMessage],
  );

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      const direction = undoKey(e);
      if (!direction || e.defaultPrevented || isTextEntry(e.target)) return;
      e.preventDefault();
      void run(direction);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [enabled, run]);

  return { undo: () => void run('undo'), redo: () => void run('redo'), busy };
}
