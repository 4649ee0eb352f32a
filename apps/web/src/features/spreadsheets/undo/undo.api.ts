import { redo, undo } from '../../../lib/sdk';

export type UndoDirection = 'undo' | 'redo';

/** Undoes or redoes the caller's own last step in the sheet; the change reaches the grid through the live socket. */
export const undoStep = async (sheetId: string, direction: UndoDirection) => (await (direction === 'undo' ? undo : redo)({ path: { id: sheetId } })).data;
