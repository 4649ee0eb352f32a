export const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Ctrl+`key` (⌘+`key` on a Mac), without Alt; Shift is the caller's to check. */
export const isShortcut = (e: Pick<KeyboardEvent, 'key' | 'metaKey' | 'ctrlKey' | 'altKey'>, key: string) =>
  // Autofill sends key events without a key.
  typeof e.key === 'string' && e.key.toLowerCase() === key && (isMac() ? e.metaKey : e.ctrlKey) && !e.altKey;

/** Where typing goes into text (an input, a cell editor), so the browser's own undo and shortcuts apply there. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('.ag-cell-inline-editing, .ag-popup-editor');
}
