import type { UndoResult } from '@contrivance/contracts';
import { http } from '../../../lib/http';

export type UndoDirection = 'undo' | 'redo';

/** Undoes or redoes the caller's own last step in the sheet; the change reaches the grid through the live socket. */
export const undoStep = (sheetId: string, direction: UndoDirection) => http<UndoResult>(`/api/spreadsheets/${sheetId}/${direction}`, { method: 'POST' });
