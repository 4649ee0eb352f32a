import { isShortcut } from '../../../lib/keyboard';
import type { UndoDirection } from './undo.api';

/** The step a key press asks for: Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and Ctrl+Y redo. */
export function undoKey(e: Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey' | 'shiftKey'>): UndoDirection | null {
  if (isShortcut(e, 'z')) return e.shiftKey ? 'redo' : 'undo';
  if (isShortcut(e, 'y') && !e.shiftKey) return 'redo';
  return null;
}
