import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { RealtimeEvent } from '@contrivance/contracts';
import { DomainError } from '../../common/errors/domain-error';
import { DatabaseNotifications } from '../../database/database-notifications';
import { ApiTokenRevokedEvent } from '../api-tokens/api-tokens.events';
import { SheetAccessService } from '../spreadsheets';
import { sheetRoom } from './app-socket';
import { ConnectionRegistry } from './connection-registry';
import { RealtimeServer } from './realtime-server';
import { SheetSessions } from './sheet-sessions';
import { SocketAuth } from './socket-auth';

/**
 * Open sockets lose what they lost elsewhere, at once: an account deactivated or a session or token revoked (on any
 * instance, heard through the database) drops the user's sockets; a sheet whose members changed sends the sockets
 * that can no longer see it out of its room.
 */
@Injectable()
export class AccessRechecks {
  private readonly logger = new Logger('Realtime');

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly auth: SocketAuth,
    private readonly access: SheetAccessService,
    private readonly sessions: SheetSessions,
    private readonly io: RealtimeServer,
    notifications: DatabaseNotifications,
  ) {
    // The caches these checks read drop their entries on the same notifications; setImmediate lets them go first.
    // A lost or regained notification connection may have missed changes: every local socket is checked again.
    const recheckAll = () => setImmediate(() => void this.recheckAll());
    notifications.listen('user_changed', { onMessage: (id) => setImmediate(() => void this.recheckUser(id)), onReset: recheckAll });
    // A session or API token of the user was revoked: their sockets opened with it close now, not at expiry.
    notifications.listen('credentials_changed', { onMessage: (id) => setImmediate(() => void this.recheckUser(id)), onReset: () => undefined });
    notifications.listen('sheet_changed', { onMessage: (id) => setImmediate(() => void this.recheckSheet(id)), onReset: () => undefined });
  }

  /** This instance revoked a token: its sockets close now (other instances hear of it through the database). */
  @OnEvent(ApiTokenRevokedEvent.event)
  tokenRevoked(event: ApiTokenRevokedEvent): void {
    setImmediate(() => void this.recheckUser(event.userId));
  }

  private async recheckAll(): Promise<void> {
    const sheets = new Set<string>();
    for (const userId of this.registry.users()) {
      for (const socket of this.registry.socketsOf(userId)) for (const sheetId of Object.keys(socket.data.focus ?? {})) sheets.add(sheetId);
      await this.recheckUser(userId);
    }
    for (const sheetId of sheets) await this.recheckSheet(sheetId);
  }

  private async recheckUser(userId: string): Promise<void> {
    try {
      await this.auth.recheckUser(userId);
    } catch (error) {
      this.logger.warn(`could not re-check the sockets of a changed account: ${(error as Error).message}`);
    }
  }

  /** A sheet's members or columns changed: sockets on this instance that lost access leave its room. */
  private async recheckSheet(sheetId: string): Promise<void> {
    try {
      const server = this.io.server;
      for (const remote of await server.local.in(sheetRoom(sheetId)).fetchSockets()) {
        const socket = server.sockets.sockets.get(remote.id);
        if (!socket) continue;
        const allowed = await this.auth
          .actorOf(socket)
          .then((actor) => this.access.require(actor, sheetId, 'viewer'))
          .then(
            () => true,
            (error: unknown) => !(error instanceof DomainError),
          );
        if (allowed) continue;
        socket.emit(RealtimeEvent.revoked, { spreadsheetId: sheetId });
        this.sessions.leave(socket, sheetId);
      }
    } catch (error) {
      this.logger.warn(`could not re-check the sockets of a changed sheet: ${(error as Error).message}`);
    }
  }
}
