import type { Count, Integer, Uuid } from './scalars';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import type { ErrorCode, ErrorDetail } from './errors';
import type { CommentEvent } from './comments';
import type { ChangeKind, Row, RowValue, SheetRole } from './spreadsheets';

/** Socket.IO path of the real-time API. */
export const REALTIME_PATH = '/ws';

/** Ids compare in lower case everywhere (rooms, caches): a client's upper-case UUID must mean the same sheet. */
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

/** Event names, client → server and server → client. */
export const RealtimeEvent = {
  join: 'join',
  leave: 'leave',
  cellUpdate: 'cell:update',
  rowCreate: 'row:create',
  rowDelete: 'row:delete',
  presenceUpdate: 'presence:update',
  change: 'change',
  presence: 'presence',
  /** Server → client: the caller lost access to a sheet (removed, or the sheet deleted) and left its room. */
  revoked: 'access:revoked',
  /** Server → client: this instance is shutting down; reconnect (to it or another) in a moment. */
  shutdown: 'server:shutdown',
  /**
   * Server → client: link, lookup and rollup cells of a joined sheet changed because rows they read changed (in this
   * sheet or a linked one), with their new values as this socket's person may see them.
   */
  linked: 'linked:values',
  /** Server → client: a comment of a row of a joined sheet was created, changed or deleted (CommentEvent). */
  comment: 'comment',
} as const;

/** The answer to every client event: `{ ok: true, ... }`, or `{ ok: false, error }` with the same codes as HTTP errors. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorCode | typeof UNKNOWN_EVENT; message: string; details?: ErrorDetail[] };

/** Socket only: the ack of an event the server does not know (sent when the client asked for an ack). */
export const UNKNOWN_EVENT = 'unknown_event';

/** An id field: a UUID, compared in lower case. */
function Id(field: string): PropertyDecorator {
  return (target, key) => {
    Transform(lower)(target, key);
    IsUUID('all', { message: `${field} must be a UUID` })(target, key);
  };
}

/** Every client event names its sheet. */
class SheetEvent {
  @Id('spreadsheetId')
  spreadsheetId: string;
}

/** A write event, with an optional tag the client recognises in the `change` it causes. */
class SheetWrite extends SheetEvent {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  clientId?: string;
}

export class JoinDto extends SheetEvent {
  /** The last version the client has applied: the ack carries what it missed since. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  sinceVersion?: number;
}

export class LeaveDto extends SheetEvent {}

export class CellUpdateDto extends SheetWrite {
  @Id('rowId')
  rowId: string;

  @Id('columnId')
  columnId: string;

  /** Checked against the column's type by the server; null or "" clears the cell (refused on required columns). */
  @ValidateIf((dto: { value?: unknown }) => dto.value !== null)
  @IsDefined({ message: 'value is required (null clears the cell)' })
  value: unknown;

  /** The row version the edit was made on; a newer one on the server refuses the edit as a conflict (offline edits). */
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class RowCreateDto extends SheetWrite {
  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;

  @IsOptional()
  @Id('beforeRowId')
  beforeRowId?: string;
}

export class RowDeleteDto extends SheetWrite {
  @Id('rowId')
  rowId: string;
}

export class FocusDto {
  @Id('focus.rowId')
  rowId: string;

  @Id('focus.columnId')
  columnId: string;
}

export class PresenceUpdateDto extends SheetEvent {
  /** The focused cell; absent or null when nothing is focused. */
  @IsOptional()
  @ValidateNested()
  @Type(() => FocusDto)
  focus?: FocusDto | null;
}

/**
 * One committed change, as broadcast to a sheet's room. The changes of one transaction share a `version` and are
 * numbered `part` 1..`parts`, so a client knows when it has all of a version.
 */
export interface SheetChange {
  spreadsheetId: Uuid;
  version: Integer;
  /** This change's number among its version's changes, from 1. */
  part: Integer;
  /** How many changes its version has. */
  parts: Integer;
  kind: ChangeKind;
  rowId: Uuid | null;
  columnId?: Uuid | null;
  /**
   * The new value (a cell's, a row's values, a column, a view); more than 100 changes of one version come as one
   * summary `{ count }`.
   */
  value?: unknown;
  userId: Uuid | null;
  /** Echoed from the socket event that made the change, so its sender recognises it. */
  clientId?: string;
  /** A cell edit of a sheet with formula columns: the row's formula values after it (null when blank). */
  computed?: Record<string, RowValue>;
}

export interface PresenceUser {
  userId: Uuid;
  displayName: string;
  focus: { rowId: Uuid; columnId: Uuid } | null;
}

export interface PresenceEvent {
  spreadsheetId: Uuid;
  users: PresenceUser[];
}

/** The answer to `join`: the sheet's current version and either the changes missed since `sinceVersion`, or `reload`. */
export interface JoinResult {
  role: SheetRole;
  version: Integer;
  missed?: SheetChange[];
  /** Too much was missed to replay: reload the sheet instead. */
  reload?: boolean;
  users: PresenceUser[];
}

/** Sent to a socket whose user lost access to a sheet it had joined; the socket has left the sheet's room. */
export interface RevokedEvent {
  spreadsheetId: Uuid;
}

/**
 * New link, lookup and rollup values of some rows of a joined sheet: the cells a change elsewhere (or here) moved, each
 * null when blank; cells not named did not move. Not a change of the sheet: its version does not move, and history has
 * nothing of it.
 */
export interface LinkedValuesEvent {
  spreadsheetId: Uuid;
  rows: { rowId: Uuid; values: Record<string, RowValue> }[];
}

/** Sent to every socket of an instance that is shutting down. */
export interface ShutdownEvent {
  reconnectInMs: Count;
}

/** The acknowledgement callback of a client event: called once with the answer. */
export type AckCallback<T extends object = object> = (ack: Ack<T>) => void;

/**
 * What a client may send, and what the server answers in each ack. Payloads are validated by the DTO classes (an
 * invalid one is refused with `validation_failed`). `leave` and `presence:update` answer too, but a client may send
 * them without waiting.
 */
export interface ClientToServerEvents {
  [RealtimeEvent.join]: (payload: JoinDto, ack: AckCallback<JoinResult>) => void;
  [RealtimeEvent.leave]: (payload: LeaveDto, ack?: AckCallback) => void;
  [RealtimeEvent.cellUpdate]: (payload: CellUpdateDto, ack: AckCallback<{ version: number }>) => void;
  [RealtimeEvent.rowCreate]: (payload: RowCreateDto, ack: AckCallback<{ version: number; row: Row }>) => void;
  [RealtimeEvent.rowDelete]: (payload: RowDeleteDto, ack: AckCallback<{ version: number }>) => void;
  [RealtimeEvent.presenceUpdate]: (payload: PresenceUpdateDto, ack?: AckCallback) => void;
}

/** What the server sends unasked: committed changes, comments and presence of the joined sheets, revocations, shutdown. */
export interface ServerToClientEvents {
  [RealtimeEvent.change]: (change: SheetChange) => void;
  [RealtimeEvent.presence]: (event: PresenceEvent) => void;
  [RealtimeEvent.revoked]: (event: RevokedEvent) => void;
  [RealtimeEvent.linked]: (event: LinkedValuesEvent) => void;
  [RealtimeEvent.shutdown]: (event: ShutdownEvent) => void;
  [RealtimeEvent.comment]: (event: CommentEvent) => void;
}
