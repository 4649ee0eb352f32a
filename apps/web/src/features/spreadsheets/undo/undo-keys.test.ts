import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../lib/api-error';
import { undoKey } from './undo-keys';
import { undoMessage } from './useUndo';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('undoKey', () => {
  it('reads Ctrl+Z as undo and Ctrl+Shift+Z or Ctrl+Y as redo', () => {
    expect(undoKey(key('z', { ctrlKey: true }))).toBe('undo');
    expect(undoKey(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(undoKey(key('y', { ctrlKey: true }))).toBe('redo');
  });

  it('leaves other keys and Alt combinations alone', () => {
    expect(undoKey(key('z'))).toBeNull();
    expect(undoKey(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(undoKey(key('x', { ctrlKey: true }))).toBeNull();
  });
});

describe('undoMessage', () => {
  it("shows the server's reason for a refusal, and says when the server was not reached", () => {
    const conflict = new ApiError({ statusCode: 409, error: 'Conflict', message: 'Cannot undo this step: 1 cell(s) were changed by someone else since; nothing was changed' });
    expect(undoMessage('undo', conflict)).toMatch(/changed by someone else/);
    expect(undoMessage('redo', new ApiError({ statusCode: 0, error: 'Network', message: 'offline' }))).toBe('Could not redo: the server could not be reached.');
  });
});
