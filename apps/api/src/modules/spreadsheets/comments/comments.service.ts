import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import {
  ErrorCode,
  type Comment,
  type CommentAction,
  type CommentCounts,
  type CommentCountsQuery,
  type CreateCommentDto,
  type Page,
  type PaginationQuery,
  type SheetRole,
  type UpdateCommentDto,
} from '@contrivance/contracts';
import type { AuthUser } from '../../../common/auth/auth-user';
import { DomainError } from '../../../common/errors/domain-error';
import { SheetAccessService } from '../access/sheet-access.service';
import { CommentChangedEvent } from './comment-changed.event';
import { CommentsRepository, type WrittenComment } from './comments.repository';

/**
 * Comments on a sheet's rows: everyone with access reads them and writes their own (viewers included; read-only API
 * tokens are refused every write by the authentication guard). Only the author edits a comment; the author or an owner
 * deletes it. A row that is not in the sheet (never was, or deleted) answers 404; its comments stay, and are there
 * again when the row comes back with its id. Each write is announced after it is stored (CommentChangedEvent).
 */
@Injectable()
export class CommentsService {
  constructor(
    private readonly access: SheetAccessService,
    private readonly comments: CommentsRepository,
    private readonly events: EventEmitter2,
  ) {}

  async list(actor: AuthUser, sheetId: string, rowId: string, query: PaginationQuery): Promise<Page<Comment>> {
    await this.rowOf(actor, sheetId, rowId);
    return this.comments.page(sheetId, rowId, query.limit!, query.offset!);
  }

  async create(actor: AuthUser, sheetId: string, rowId: string, dto: CreateCommentDto): Promise<Comment> {
    await this.rowOf(actor, sheetId, rowId);
    const mentions = await this.checkedMentions(sheetId, dto.mentions ?? []);
    const written = await this.comments.insert(sheetId, rowId, actor.id, dto.body, mentions);
    // The row was deleted between the check and the insert.
    if (!written) throw DomainError.notFound('Row');
    return this.announce(sheetId, 'created', written);
  }

  async update(actor: AuthUser, sheetId: string, rowId: string, commentId: string, dto: UpdateCommentDto): Promise<Comment> {
    await this.rowOf(actor, sheetId, rowId);
    const comment = await this.commentOf(sheetId, rowId, commentId);
    if (comment.userId !== actor.id) throw new DomainError(ErrorCode.Forbidden, 'Only its author can edit a comment');
    const mentions = dto.mentions === undefined ? comment.mentions : await this.checkedMentions(sheetId, dto.mentions);
    const written = await this.comments.update(sheetId, commentId, dto.body ?? comment.body, mentions);
    if (!written) throw DomainError.notFound('Comment');
    return this.announce(sheetId, 'updated', written);
  }

  async remove(actor: AuthUser, sheetId: string, rowId: string, commentId: string): Promise<void> {
    const role = await this.rowOf(actor, sheetId, rowId);
    const comment = await this.commentOf(sheetId, rowId, commentId);
    if (comment.userId !== actor.id && role !== 'owner') throw new DomainError(ErrorCode.Forbidden, 'Only its author or an owner of the sheet can delete a comment');
    const written = await this.comments.remove(sheetId, commentId);
    if (written) this.announce(sheetId, 'deleted', written);
  }

  async counts(actor: AuthUser, sheetId: string, query: CommentCountsQuery): Promise<CommentCounts> {
    await this.access.require(actor, sheetId, 'viewer');
    return { counts: await this.comments.counts(sheetId, query.rowIds) };
  }

  /** The caller's role, once the sheet is visible to them and the row is in it. */
  private async rowOf(actor: AuthUser, sheetId: string, rowId: string): Promise<SheetRole> {
    const role = await this.access.require(actor, sheetId, 'viewer');
    if (!(await this.comments.rowExists(sheetId, rowId))) throw DomainError.notFound('Row');
    return role;
  }

  private async commentOf(sheetId: string, rowId: string, commentId: string): Promise<Comment> {
    const comment = await this.comments.find(sheetId, rowId, commentId);
    if (!comment) throw DomainError.notFound('Comment');
    return comment;
  }

  /** Mentions name members of the sheet (owners, editors, viewers): anyone else is a 400 naming them. */
  private async checkedMentions(sheetId: string, mentions: string[]): Promise<string[]> {
    const strangers = await this.comments.nonMembers(sheetId, mentions);
    if (strangers.length) {
      const details = strangers.map((id) => ({ field: `mentions[${mentions.indexOf(id)}]`, message: `${id} is not a member of this spreadsheet` }));
      throw new DomainError(ErrorCode.ValidationFailed, 'Only members of this spreadsheet can be mentioned', details);
    }
    return mentions;
  }

  private announce(sheetId: string, action: CommentAction, written: WrittenComment): Comment {
    this.events.emit(CommentChangedEvent.event, new CommentChangedEvent(sheetId, written.sheetVersion, action, written.comment));
    return written.comment;
  }
}
