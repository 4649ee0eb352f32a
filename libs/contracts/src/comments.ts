import type { Integer, IsoDateTime, Uuid } from './scalars';
import type { Page } from './pagination';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export const MAX_COMMENT_LENGTH = 10_000;
export const MAX_COMMENT_MENTIONS = 50;
/** Row ids one `…/comments/counts` request may ask about (a block of the grid is 100). */
export const MAX_COMMENT_COUNT_ROWS = 1000;

/** What happened to a comment, as the socket event says it. */
export const COMMENT_ACTIONS = ['created', 'updated', 'deleted'] as const;
export type CommentAction = (typeof COMMENT_ACTIONS)[number];

/** Webhook events of comments (comments are not changes of the sheet: no version of their own, not in history). */
export const COMMENT_WEBHOOK_EVENTS = ['comment.created', 'comment.updated', 'comment.deleted'] as const;
export type CommentWebhookEvent = (typeof COMMENT_WEBHOOK_EVENTS)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Ids compare in lower case, and a person mentioned twice is mentioned once. */
const ids = ({ value }: { value: unknown }) => (Array.isArray(value) ? [...new Set(value.map((v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)))] : value);

/** `a,b` or `rowIds=a&rowIds=b` → ids in lower case. */
const rowIdList = ({ value }: { value: unknown }): unknown[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value])
    .flatMap((v): unknown[] => (typeof v === 'string' ? v.split(',') : [v]))
    .map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v))
    .filter((v) => v !== '');

function Body(): PropertyDecorator {
  return (target, key) => {
    Transform(trim)(target, key);
    IsString({ message: 'body must be text' })(target, key);
    Length(1, MAX_COMMENT_LENGTH, { message: `body must be 1 to ${MAX_COMMENT_LENGTH} characters (after trimming)` })(target, key);
  };
}

function Mentions(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Transform(ids)(target, key);
    IsArray({ message: 'mentions must be a list of user ids' })(target, key);
    ArrayMaxSize(MAX_COMMENT_MENTIONS, { message: `mentions may name at most ${MAX_COMMENT_MENTIONS} people` })(target, key);
    IsUUID('all', { each: true, message: 'mentions must be user ids (UUIDs)' })(target, key);
  };
}

/** A new comment on a row. Everyone mentioned must be a member of the sheet (owner, editor or viewer). */
export class CreateCommentDto {
  /** The text, trimmed; mentions are written in it as `@Display Name`. */
  @Body()
  body: string;

  /** The members mentioned (user ids). */
  @Mentions()
  mentions?: string[];
}

/** A change of one's own comment: what the body names replaces it (`mentions` absent: they stay as they were). */
export class UpdateCommentDto {
  @IsOptional()
  @Body()
  body?: string;

  @Mentions()
  mentions?: string[];
}

/** `?rowIds=<id>,<id>,…`: the rows of a grid block whose comments to count. */
export class CommentCountsQuery {
  /** Row ids, comma-separated (or the parameter repeated), 1–1000. */
  @Transform(rowIdList)
  @IsArray()
  @ArrayMinSize(1, { message: 'rowIds must name at least one row' })
  @ArrayMaxSize(MAX_COMMENT_COUNT_ROWS, { message: `rowIds may name at most ${MAX_COMMENT_COUNT_ROWS} rows` })
  @IsUUID('all', { each: true, message: 'rowIds must be row ids (UUIDs)' })
  rowIds: string[];
}

/** A comment on a row of a sheet. */
export interface Comment {
  id: Uuid;
  rowId: Uuid;
  /** The author. */
  userId: Uuid;
  /**
   * @minLength 1
   * @maxLength 10000
   */
  body: string;
  /** Members mentioned in the body. */
  mentions: Uuid[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export type CommentPage = Page<Comment>;

/** How many comments each asked row has; rows without comments are left out. */
/**
 * @asType integer
 * @minimum 1
 */
type PositiveCount = number;

export interface CommentCounts {
  /** By row id. */
  counts: Record<string, PositiveCount>;
}

/** Socket event `comment`: a comment of a row of a joined sheet was created, changed or deleted. */
export interface CommentEvent {
  spreadsheetId: Uuid;
  rowId: Uuid;
  action: CommentAction;
  /** The comment as it is now (as it was, when deleted). */
  comment: Comment;
}

/** The JSON body of a comment delivery (`x-contrivance-event: comment.created` …). */
export interface CommentWebhookPayload {
  spreadsheetId: Uuid;
  /** The sheet's version when the comment was written (comments do not move it). */
  version: Integer;
  event: CommentWebhookEvent;
  rowId: Uuid;
  comment: Comment;
}
