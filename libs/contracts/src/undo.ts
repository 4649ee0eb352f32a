import type { Integer } from './scalars';
/** The answer to `POST /undo` and `POST /redo`: the sheet version the inverse change committed as. */
export interface UndoResult {
  version: Integer;
}
