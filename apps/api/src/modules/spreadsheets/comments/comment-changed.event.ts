import type { Comment, CommentAction } from '@contrivance/contracts';

/**
 * Emitted (in process) once a comment was created, changed or deleted: the real-time publisher sends it to the
 * sheet's room, the webhook dispatcher queues it. Comments are not changes of the sheet (no version, no history).
 */
export class CommentChangedEvent {
  static readonly event = 'sheet.comment';
  constructor(
    readonly sheetId: string,
    /** The sheet's version when the comment was written (it does not move it). */
    readonly sheetVersion: number,
    readonly action: CommentAction,
    readonly comment: Comment,
  ) {}
}
