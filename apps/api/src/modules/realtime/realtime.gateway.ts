import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import {
  CellUpdateDto,
  JoinDto,
  LeaveDto,
  PresenceUpdateDto,
  REALTIME_PATH,
  RealtimeEvent,
  RowCreateDto,
  RowDeleteDto,
  UNKNOWN_EVENT,
  type Ack,
  type JoinResult,
  type Row,
} from '@contrivance/contracts';
import type { AppServer, AppSocket } from './app-socket';
import { ClientEvents } from './client-events';
import { ConnectionRegistry } from './connection-registry';
import { RealtimeServer } from './realtime-server';
import { SheetSessions } from './sheet-sessions';
import { SheetWrites } from './sheet-writes';
import { SocketAuth } from './socket-auth';

/** Events a client may send (the rest are answered `unknown_event`). */
const CLIENT_EVENTS = new Set<unknown>([
  RealtimeEvent.join,
  RealtimeEvent.leave,
  RealtimeEvent.cellUpdate,
  RealtimeEvent.rowCreate,
  RealtimeEvent.rowDelete,
  RealtimeEvent.presenceUpdate,
]);

/**
 * The real-time door (Socket.IO on /ws), as thin as a controller: it wires each Socket.IO event to the class doing
 * that job. Handshakes are authenticated (SocketAuth), connections registered (ConnectionRegistry), sheet events
 * checked and answered as acks (ClientEvents) by joins and presence (SheetSessions) and writes (SheetWrites). Changes
 * are broadcast by RealtimePublisher; AccessRechecks drops what lost access.
 */
@WebSocketGateway({ path: REALTIME_PATH, serveClient: false, maxHttpBufferSize: 1_000_000 })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  constructor(
    private readonly io: RealtimeServer,
    private readonly auth: SocketAuth,
    private readonly registry: ConnectionRegistry,
    private readonly events: ClientEvents,
    private readonly sessions: SheetSessions,
    private readonly writes: SheetWrites,
  ) {}

  afterInit(server: AppServer): void {
    this.io.attach(server);
    server.use(this.auth.handshake);
  }

  handleConnection(socket: AppSocket): void {
    if (!socket.data.user) return void socket.disconnect(true);
    this.registry.add(socket);
    socket.on('disconnecting', () => this.sessions.disconnecting(socket));
    // An event no handler takes is answered (when the client asked for an answer) instead of leaving it waiting.
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (CLIENT_EVENTS.has(event) || typeof ack !== 'function') return;
      (ack as (answer: Ack) => void)({
        ok: false,
        error: UNKNOWN_EVENT,
        message: `There is no event "${String(event).slice(0, 60)}"; the events are ${[...CLIENT_EVENTS].join(', ')}`,
      });
    });
  }

  handleDisconnect(socket: AppSocket): void {
    if (socket.data.user) this.registry.remove(socket);
  }

  @SubscribeMessage(RealtimeEvent.join)
  async join(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<JoinResult>> {
    const ack = await this.events.handle(socket, JoinDto, body, 'read', (actor, dto) => this.sessions.join(socket, actor, dto));
    // Any refused join (over budget, invalid, no access, failed) leaves the socket outside the sheet's room.
    const sheetId = (body as { spreadsheetId?: unknown } | null)?.spreadsheetId;
    if (!ack.ok && typeof sheetId === 'string') this.sessions.leave(socket, sheetId);
    return ack;
  }

  @SubscribeMessage(RealtimeEvent.leave)
  leave(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.events.handle(socket, LeaveDto, body, 'read', (_actor, dto) => {
      this.sessions.leave(socket, dto.spreadsheetId);
      return {};
    });
  }

  @SubscribeMessage(RealtimeEvent.cellUpdate)
  cellUpdate(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ version: number }>> {
    return this.events.handle(socket, CellUpdateDto, body, 'write', (actor, dto) => this.writes.updateCell(actor, dto));
  }

  @SubscribeMessage(RealtimeEvent.rowCreate)
  rowCreate(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ version: number; row: Row }>> {
    return this.events.handle(socket, RowCreateDto, body, 'write', (actor, dto) => this.writes.createRow(actor, dto));
  }

  @SubscribeMessage(RealtimeEvent.rowDelete)
  rowDelete(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<{ version: number }>> {
    return this.events.handle(socket, RowDeleteDto, body, 'write', (actor, dto) => this.writes.deleteRow(actor, dto));
  }

  @SubscribeMessage(RealtimeEvent.presenceUpdate)
  presenceUpdate(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.events.handle(socket, PresenceUpdateDto, body, 'read', (_actor, dto) => {
      this.sessions.focus(socket, dto);
      return {};
    });
  }
}
