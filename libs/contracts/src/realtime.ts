import { Transform, Type } from 'class-transformer';
import { IsDefined, IsInt, IsObject, IsOptional, IsString, IsUUID, Length, Min, ValidateNested } from 'class-validator';
import type { ErrorCode, ErrorDetail } from './errors';
import type { ChangeKind, SheetRole } from './spreadsheets';

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
} as const;

/** The answer to every client event: `{ ok: true, ... }`, or `{ ok: false, error }` with the same codes as HTTP errors. */
export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ErrorCode; message: string; details?: ErrorDetail[] };

class ClientTagged {
  /** Chosen by the client and echoed in the `change` it causes, so it can recognise its own edits. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  clientId?: string;
}

export class JoinDto {
  @Transform(lower)
  @IsUUID('all', { message: 'spreadsheetId must be a UUID' })
  spreadsheetId: string;

  /** The last version the client has applied: the ack carries what it missed since. */
  @IsOptional()
  @IsInt()
  @Min(0)
  sinceVersion?: number;
}

export class LeaveDto {
  @Transform(lower)
  @IsUUID('all', { message: 'spreadsheetId must be a UUID' })
  spreadsheetId: string;
}

export class CellUpdateDto extends ClientTagged {
  @Transform(lower)
  @IsUUID('all', { message: 'spreadsheetId must be a UUID' })
  spreadsheetId: string;

  @Transform(lower)
  @IsUUID('all', { message: 'rowId must be a UUID' })
  rowId: string;

  @Transform(lower)
  @IsUUID('all', { message: 'columnId must be a UUID' })
  columnId: string;

  /** Checked against the column's type by the server; null or "" clears the cell. */
  @IsDefined({ message: 'value is required (null clears the cell)' })
  value: unknown;
}

export class RowCreateDto extends ClientTagged {
  @Transform(lower)
  @IsUUID('all', { message: 'spreadsheetId must be a UUID' })
  spreadsheetId: string;

  @IsOptional()
  @IsObject()
  values?: Record<string, unknown>;

  @IsOptional()
  @Transform(lower)
  @IsUUID('all', { message: 'beforeRowId must be a UUID' })
  beforeRowId?: string;
}

export class RowDeleteDto extends ClientTagged {
  @Transform(lower)
  @IsUUID('all', { message: 'spreadsheetId must be a UUID' })
  spreadsheetId: string;

  @Transform(lower)
  @IsUUID('all', { message: 'rowId must be a UUID' })
  rowId: string;
}

export class FocusDto {
  @Transform(lower)
  @IsUUID('all', { message: 'focus.rowId must be a UUID' })
  rowId: string;

  @Transform(lower)
  @IsUUID('all', { message: 'focus.columnId must be a UUID' })
  columnId: string;
}

export class PresenceUpdateDto {
  @Transform(lower)
  @IsUUID('all', { message: 'spreadsheetId must be a UUID' })
  spreadsheetId: string;

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
  spreadsheetId: string;
  version: number;
  part: number;
  parts: number;
  kind: ChangeKind;
  rowId: string | null;
  columnId?: string | null;
  value?: unknown;
  userId: string | null;
  clientId?: string;
}

export interface PresenceUser {
  userId: string;
  displayName: string;
  focus: { rowId: string; columnId: string } | null;
}

export interface PresenceEvent {
  spreadsheetId: string;
  users: PresenceUser[];
}

/** The answer to `join`: the sheet's current version and either the changes missed since `sinceVersion`, or `reload`. */
export interface JoinResult {
  role: SheetRole;
  version: number;
  missed?: SheetChange[];
  /** Too much was missed to replay: reload the sheet instead. */
  reload?: boolean;
  users: PresenceUser[];
}

