import { Logger, type BeforeApplicationShutdown, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OnEvent } from '@nestjs/event-emitter';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  CellUpdateDto,
  ErrorCode,
  JoinDto,
  LeaveDto,
  PresenceUpdateDto,
  REALTIME_PATH,
  RealtimeEvent,
  RowCreateDto,
  RowDeleteDto,
  type Ack,
  type Change,
  type JoinResult,
  type PresenceUser,
  type Row,
  type SheetChange,
} from '@contrivance/contracts';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { isDatabaseUnavailable } from '../../common/errors/error-body';
import { inputProblem } from '../../common/validation/input-safety';
import { createValidationPipe } from '../../common/validation/validation.pipe';
import type { AppConfig } from '../../config/app-config';
import { DatabaseNotifications } from '../../database/database-notifications';
import { ApiTokenRevokedEvent } from '../api-tokens/api-tokens.events';
import { CredentialsService } from '../auth/credentials.service';
import { SheetAccessService } from '../spreadsheets/access/sheet-access.service';
import { SheetChangedEvent } from '../spreadsheets/history/change-log.service';
import { ChangesRepository } from '../spreadsheets/history/changes.repository';
import { RowsService } from '../spreadsheets/rows/rows.service';
import { UsersService } from '../users/users.service';
import { presenceOf, type SocketData } from './presence';
import { RealtimeLimits } from './realtime-limits';
import { RealtimeMetrics } from './realtime.metrics';
import { failedAck } from './socket-ack';

/** Catching up replays at most this many changes; a client further behind reloads. */
const CATCH_UP_LIMIT = 1000;
/** A transaction with more changes than this is broadcast as one summary (clients reload rows), not one event each. */
const SUMMARY_OVER = 100;
const MAX_TIMER_MS = 2_147_483_647;
/** Presence changes of one sheet within this window go out as one broadcast. */
const PRESENCE_EVERY_MS = 100;

const room = (sheetId: string) => `sheet:${sheetId}`;

interface Data extends SocketData {
  apiToken?: AuthUser['apiToken'];
  /** The session family of the access token the socket was opened with. */
  sessionId?: string;
  /** When the credential stops being valid (ms since epoch), if it does. */
  expiresAt?: number;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped events (payloads are validated by DTOs)
type Events = Record<string, (...args: any[]) => void>;
type AppSocket = Socket<Events, Events, Events, Data>;

/** The revocable credential a socket was opened with. */
const credentialOf = (socket: AppSocket) => ({ id: socket.data.user.id, sessionId: socket.data.sessionId, apiToken: socket.data.apiToken });

/** History entries as the change events a client would have received, numbered within each version. */
export function toMissed(sheetId: string, changes: Change[]): SheetChange[] {
  const perVersion = new Map<number, number>();
  for (const c of changes) perVersion.set(c.version, (perVersion.get(c.version) ?? 0) + 1);
  const seen = new Map<number, number>();
  return changes.map((c) => {
    const part = (seen.get(c.version) ?? 0) + 1;
    seen.set(c.version, part);
    return { spreadsheetId: sheetId, version: c.version, part, parts: perVersion.get(c.version)!, kind: c.kind, rowId: c.rowId, columnId: c.columnId, value: c.newValue, userId: c.userId };
  });
}

/** What one committed transaction is broadcast as: its changes, or one summary when there are many. */
export function toBroadcast(changes: SheetChange[]): SheetChange[] {
  if (changes.length <= SUMMARY_OVER) return changes;
  const [first] = changes;
  return [{ ...first, part: 1, parts: 1, rowId: null, columnId: null, value: { count: changes.length } }];
}

/**
 * The real-time door (Socket.IO on /ws): authenticated handshakes, sheet rooms with catch-up from history, writes
 * through the same services (validation, permissions) as REST, presence, and one `change` broadcast per committed
 * change whatever door it came through. Rooms and presence span instances through the Redis adapter when set.
 */
@WebSocketGateway({ path: REALTIME_PATH, serveClient: false, maxHttpBufferSize: 1_000_000 })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  @WebSocketServer() private server!: Server;
  private readonly logger = new Logger('Realtime');
  private readonly validation = createValidationPipe();
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private readonly socketsOfUser = new Map<string, Set<AppSocket>>();
  /** Sheets whose presence changed since their last broadcast; one broadcast per sheet per PRESENCE_EVERY_MS. */
  private readonly presenceDue = new Map<string, NodeJS.Timeout>();
  private readonly maxSocketsPerUser: number;

  constructor(
    private readonly credentials: CredentialsService,
    private readonly users: UsersService,
    private readonly access: SheetAccessService,
    private readonly rows: RowsService,
    private readonly changes: ChangesRepository,
    private readonly metrics: RealtimeMetrics,
    private readonly limits: RealtimeLimits,
    notifications: DatabaseNotifications,
    config: ConfigService<AppConfig, true>,
  ) {
    this.maxSocketsPerUser = config.get('realtime.maxSocketsPerUser', { infer: true });
    // The caches these checks read drop their entries on the same notifications; setImmediate lets them go first.
    // A lost or regained notification connection may have missed changes: every local socket is checked again.
    const recheckAll = () => setImmediate(() => void this.recheckAll());
    notifications.listen('user_changed', { onMessage: (id) => setImmediate(() => void this.recheckUser(id)), onReset: recheckAll });
    // A session or API token of the user was revoked: their sockets opened with it close now, not at expiry.
    notifications.listen('credentials_changed', { onMessage: (id) => setImmediate(() => void this.recheckUser(id)), onReset: () => undefined });
    notifications.listen('sheet_changed', { onMessage: (id) => setImmediate(() => void this.recheckSheet(id)), onReset: () => undefined });
  }

  afterInit(server: Server): void {
    server.use((socket: AppSocket, next) => {
      const header = socket.handshake.headers.authorization;
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token ?? (header?.startsWith('Bearer ') ? header.slice(7) : undefined);
      this.credentials.authenticate(token).then(
        (found) => {
          if (!found) return next(new Error(ErrorCode.Unauthorized));
          // Counted per instance: one person's tabs and integrations, not a thousand sockets.
          if ((this.socketsOfUser.get(found.user.id)?.size ?? 0) >= this.maxSocketsPerUser) return next(new Error(ErrorCode.RateLimited));
          socket.data.user = { id: found.user.id, displayName: found.user.displayName };
          socket.data.focus = {};
          if (found.user.apiToken) socket.data.apiToken = found.user.apiToken;
          if (found.user.sessionId) socket.data.sessionId = found.user.sessionId;
          if (found.expiresAt) socket.data.expiresAt = found.expiresAt;
          next();
        },
        (error: unknown) => next(new Error(isDatabaseUnavailable(error) ? ErrorCode.ServiceUnavailable : ErrorCode.Internal)),
      );
    });
  }

  /** On SIGTERM, before the server closes: every socket is told, so clients reconnect instead of guessing. */
  beforeApplicationShutdown(): void {
    for (const timer of this.presenceDue.values()) clearTimeout(timer);
    this.presenceDue.clear();
    this.server?.local.emit(RealtimeEvent.shutdown, { reconnectInMs: 1000 });
  }

  handleConnection(socket: AppSocket): void {
    if (!socket.data.user) return void socket.disconnect(true);
    this.metrics.openSockets.inc();
    // The timer starts only once connected: a handshake abandoned before this point leaves nothing behind.
    if (socket.data.expiresAt) {
      this.expiries.set(socket.id, setTimeout(() => socket.disconnect(true), Math.min(Math.max(socket.data.expiresAt - Date.now(), 0), MAX_TIMER_MS)));
    }
    const mine = this.socketsOfUser.get(socket.data.user.id) ?? new Set();
    mine.add(socket);
    this.socketsOfUser.set(socket.data.user.id, mine);
    // Rooms are gone by 'disconnect'; announce the new presence of each sheet this socket was in.
    socket.on('disconnecting', () => {
      const sheets = Object.keys(socket.data.focus ?? {});
      this.metrics.joinedSheets.dec(sheets.length);
      socket.data.focus = {};
      for (const sheetId of sheets) this.announcePresence(sheetId);
    });
  }

  handleDisconnect(socket: AppSocket): void {
    if (!socket.data.user) return;
    this.metrics.openSockets.dec();
    clearTimeout(this.expiries.get(socket.id));
    this.expiries.delete(socket.id);
    const mine = this.socketsOfUser.get(socket.data.user.id);
    mine?.delete(socket);
    if (mine && !mine.size) this.socketsOfUser.delete(socket.data.user.id);
  }

  @SubscribeMessage(RealtimeEvent.join)
  join(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<JoinResult>> {
    return this.handle(socket, JoinDto, body, 'read', async (actor, dto) => {
      const sheetId = dto.spreadsheetId;
      const role = await this.access.require(actor, sheetId, 'viewer');
      // In the room first, then read: a change committed meanwhile is in the replay or the broadcast (or both;
      // clients skip versions they have).
      await socket.join(room(sheetId));
      if (!(sheetId in socket.data.focus)) {
        socket.data.focus[sheetId] = null;
        this.metrics.joinedSheets.inc();
      }
      let missed: SheetChange[] | undefined;
      let reload = false;
      if (dto.sinceVersion !== undefined) {
        const since = await this.changes.since(sheetId, dto.sinceVersion, CATCH_UP_LIMIT);
        if (since) missed = toMissed(sheetId, since);
        else reload = true;
      }
      const version = (await this.changes.currentVersion(sheetId)) ?? 0;
      if (dto.sinceVersion !== undefined && dto.sinceVersion > version) reload = true;
      const users = await this.presence(sheetId);
      this.announcePresence(sheetId);
      return { role, version, ...(reload ? { reload: true } : { missed }), users };
    });
  }

  @SubscribeMessage(RealtimeEvent.leave)
  leave(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.handle(socket, LeaveDto, body, 'read', async (_actor, dto) => {
      await this.leaveRoom(socket, dto.spreadsheetId);
      return {};
    });
  }

  @SubscribeMessage(RealtimeEvent.cellUpdate)
  cellUpdate(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ version: number }>> {
    return this.handle(socket, CellUpdateDto, body, 'write', async (actor, dto) => {
      const values = { [dto.columnId]: dto.value };
      const { version } = await this.rows.updateCells(actor, dto.spreadsheetId, dto.rowId, { values, expectedVersion: dto.expectedVersion }, 'cell', { clientId: dto.clientId });
      return { version: version ?? (await this.changes.currentVersion(dto.spreadsheetId)) ?? 0 };
    });
  }

  @SubscribeMessage(RealtimeEvent.rowCreate)
  rowCreate(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ version: number; row: Row }>> {
    return this.handle(socket, RowCreateDto, body, 'write', async (actor, dto) => {
      const { value, version } = await this.rows.create(actor, dto.spreadsheetId, { rows: [{ values: dto.values ?? {} }], beforeRowId: dto.beforeRowId }, { clientId: dto.clientId });
      return { version: version ?? 0, row: value[0] };
    });
  }

  @SubscribeMessage(RealtimeEvent.rowDelete)
  rowDelete(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ version: number }>> {
    return this.handle(socket, RowDeleteDto, body, 'write', async (actor, dto) => {
      const { version } = await this.rows.remove(actor, dto.spreadsheetId, dto.rowId, { clientId: dto.clientId });
      return { version: version ?? 0 };
    });
  }

  @SubscribeMessage(RealtimeEvent.presenceUpdate)
  presenceUpdate(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.handle(socket, PresenceUpdateDto, body, 'read', async (_actor, dto) => {
      if (!(dto.spreadsheetId in socket.data.focus)) throw new DomainError(ErrorCode.ValidationFailed, 'Join the spreadsheet before sharing your focus');
      socket.data.focus[dto.spreadsheetId] = dto.focus ? { rowId: dto.focus.rowId, columnId: dto.focus.columnId } : null;
      this.announcePresence(dto.spreadsheetId);
      return {};
    });
  }

  /** This instance revoked a token: its sockets close now (other instances hear of it through the database). */
  @OnEvent(ApiTokenRevokedEvent.event)
  tokenRevoked(event: ApiTokenRevokedEvent): void {
    setImmediate(() => void this.recheckUser(event.userId));
  }

  /** Every committed change, from any door, goes to the sheet's room once (across instances with Redis). */
  @OnEvent(SheetChangedEvent.event)
  broadcast(event: SheetChangedEvent): void {
    const target = this.server.to(room(event.sheetId));
    const events = toBroadcast(event.changes);
    for (const change of events) target.emit(RealtimeEvent.change, change);
    this.metrics.changesBroadcast.inc(events.length);
    this.metrics.broadcastSeconds.observe(Number(process.hrtime.bigint() - event.committedAt) / 1e9);
  }

  /**
   * The common shape of every client event: within the user's budget for its kind, the account and the session or
   * token behind the socket still live, the payload within depth and text rules and fitting its DTO, writes refused
   * to read-only tokens; any failure is an `{ ok: false }` ack.
   */
  private async handle<D extends object, R extends object>(
    socket: AppSocket,
    dto: Type<D>,
    body: unknown,
    kind: 'read' | 'write',
    fn: (actor: AuthUser, dto: D) => Promise<R>,
  ): Promise<Ack<R>> {
    try {
      await this.limits.consume(socket.data.user.id, kind);
      const actor = await this.actorOf(socket);
      // Depth and text are checked before validation, which recurses (a deeply nested payload overflowed its stack).
      const problem = inputProblem(body);
      if (problem) throw new DomainError(ErrorCode.ValidationFailed, `Invalid payload: ${problem.message}`, [problem]);
      const payload = (await this.validation.transform(body, { type: 'body', metatype: dto })) as D;
      if (kind === 'write' && actor.apiToken?.scope === 'read') throw new DomainError(ErrorCode.Forbidden, 'This API token is read-only');
      return { ok: true, ...(await fn(actor, payload)) } as Ack<R>;
    } catch (error) {
      return failedAck(error, this.logger) as Ack<R>;
    }
  }

  /**
   * The account behind the socket, read again (through the account cache) so role changes apply at once, while the
   * session or API token the socket was opened with is live (a revoked one's socket is dropped).
   */
  private async actorOf(socket: AppSocket): Promise<AuthUser> {
    const user = await this.users.findActive(socket.data.user.id);
    const credentialOk = user && (await this.credentials.stillLive(credentialOf(socket)));
    if (!user || !credentialOk) {
      setImmediate(() => socket.disconnect(true));
      throw new DomainError(ErrorCode.Unauthorized, user ? 'The session or API token of this connection was revoked or has expired' : 'Account is not active');
    }
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      ...(socket.data.apiToken ? { apiToken: socket.data.apiToken } : {}),
      ...(socket.data.sessionId ? { sessionId: socket.data.sessionId } : {}),
    };
  }

  private async leaveRoom(socket: AppSocket, sheetId: string): Promise<void> {
    if (!(sheetId in socket.data.focus)) return;
    delete socket.data.focus[sheetId];
    this.metrics.joinedSheets.dec();
    await socket.leave(room(sheetId));
    this.announcePresence(sheetId);
  }

  /** Who is in the sheet now (on every instance). */
  private async presence(sheetId: string): Promise<PresenceUser[]> {
    const sockets = await this.server.in(room(sheetId)).fetchSockets();
    return presenceOf(sheetId, sockets as unknown as { data: Partial<SocketData> }[]);
  }

  /**
   * Sends the sheet's presence to its room soon: changes within PRESENCE_EVERY_MS are coalesced into one broadcast
   * (a burst of focus moves, or of joins, costs one room lookup and one message per member, not one per event).
   */
  private announcePresence(sheetId: string): void {
    if (this.presenceDue.has(sheetId)) return;
    const timer = setTimeout(() => {
      this.presenceDue.delete(sheetId);
      this.presence(sheetId).then(
        (users) => this.server.to(room(sheetId)).emit(RealtimeEvent.presence, { spreadsheetId: sheetId, users }),
        (error: Error) => this.logger.warn(`could not announce presence: ${error.message}`),
      );
    }, PRESENCE_EVERY_MS);
    timer.unref();
    this.presenceDue.set(sheetId, timer);
  }

  private async recheckAll(): Promise<void> {
    const sheets = new Set<string>();
    for (const [userId, sockets] of this.socketsOfUser) {
      for (const socket of sockets) for (const sheetId of Object.keys(socket.data.focus ?? {})) sheets.add(sheetId);
      await this.recheckUser(userId);
    }
    for (const sheetId of sheets) await this.recheckSheet(sheetId);
  }

  /**
   * A user's account, sessions or tokens changed: sockets of a deactivated or removed account, or opened with a
   * session or token since revoked, are dropped.
   */
  private async recheckUser(userId: string): Promise<void> {
    const sockets = this.socketsOfUser.get(userId);
    if (!sockets?.size) return;
    try {
      const user = await this.users.findActive(userId);
      for (const socket of [...sockets]) {
        if (!user || !(await this.credentials.stillLive(credentialOf(socket)))) socket.disconnect(true);
        else socket.data.user = { id: user.id, displayName: user.displayName };
      }
    } catch (error) {
      this.logger.warn(`could not re-check the sockets of a changed account: ${(error as Error).message}`);
    }
  }

  /** A sheet's members or columns changed: sockets on this instance that lost access leave its room. */
  private async recheckSheet(sheetId: string): Promise<void> {
    try {
      const sockets = (await this.server.local.in(room(sheetId)).fetchSockets()) as unknown as AppSocket[];
      for (const socket of sockets) {
        const allowed = await this.actorOf(socket)
          .then((actor) => this.access.require(actor, sheetId, 'viewer'))
          .then(
            () => true,
            (error: unknown) => !(error instanceof DomainError),
          );
        if (allowed) continue;
        const own = this.server.sockets.sockets.get(socket.id) as AppSocket | undefined;
        if (!own) continue;
        own.emit(RealtimeEvent.revoked, { spreadsheetId: sheetId });
        await this.leaveRoom(own, sheetId);
      }
    } catch (error) {
      this.logger.warn(`could not re-check the sockets of a changed sheet: ${(error as Error).message}`);
    }
  }
}
