import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { isDatabaseUnavailable } from '../../common/errors/error-body';
import { CredentialsService } from '../auth/credentials.service';
import { UsersService } from '../users';
import type { AppSocket } from './app-socket';
import { ConnectionRegistry } from './connection-registry';

/** The revocable credential a socket was opened with. */
const credentialOf = (socket: AppSocket) => ({ id: socket.data.user.id, sessionId: socket.data.sessionId, apiToken: socket.data.apiToken });

/**
 * Who is behind a socket: the handshake authenticates its access token or API token once, and every event (and every
 * re-check) reads the account again and checks that credential is still live.
 */
@Injectable()
export class SocketAuth {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly users: UsersService,
    private readonly registry: ConnectionRegistry,
  ) {}

  /** Socket.IO middleware: a handshake without a valid credential, or over the user's socket cap, is refused. */
  readonly handshake = (socket: AppSocket, next: (error?: Error) => void): void => {
    const header = socket.handshake.headers.authorization;
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token ?? (header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    this.credentials.authenticate(token).then(
      (found) => {
        if (!found) return next(new Error(ErrorCode.Unauthorized));
        if (!this.registry.hasRoomFor(found.user.id)) return next(new Error(ErrorCode.RateLimited));
        socket.data.user = { id: found.user.id, displayName: found.user.displayName };
        socket.data.focus = {};
        if (found.user.apiToken) socket.data.apiToken = found.user.apiToken;
        if (found.user.sessionId) socket.data.sessionId = found.user.sessionId;
        if (found.expiresAt) socket.data.expiresAt = found.expiresAt;
        next();
      },
      (error: unknown) => next(new Error(isDatabaseUnavailable(error) ? ErrorCode.ServiceUnavailable : ErrorCode.Internal)),
    );
  };

  /**
   * The account behind the socket, read again (through the account cache) so role changes apply at once, while the
   * session or API token the socket was opened with is live (a revoked one's socket is dropped).
   */
  async actorOf(socket: AppSocket): Promise<AuthUser> {
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

  /**
   * A user's account, sessions or tokens changed: their sockets on this instance of a deactivated or removed account,
   * or opened with a session or token since revoked, are dropped; the others take the account's current name.
   */
  async recheckUser(userId: string): Promise<void> {
    if (!this.registry.socketsOf(userId).length) return;
    const user = await this.users.findActive(userId);
    for (const socket of this.registry.socketsOf(userId)) {
      if (!user || !(await this.credentials.stillLive(credentialOf(socket)))) socket.disconnect(true);
      else socket.data.user = { id: user.id, displayName: user.displayName };
    }
  }
}
