import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import type { AppSocket } from './app-socket';
import { RealtimeMetrics } from './realtime.metrics';

const MAX_TIMER_MS = 2_147_483_647;

/**
 * The sockets connected to this instance, by user, each dropped when the credential it was opened with expires.
 * Counted per instance: one person's tabs and integrations, not a thousand sockets.
 */
@Injectable()
export class ConnectionRegistry {
  private readonly expiries = new Map<string, NodeJS.Timeout>();
  private readonly socketsOfUser = new Map<string, Set<AppSocket>>();
  private readonly maxSocketsPerUser: number;

  constructor(
    private readonly metrics: RealtimeMetrics,
    config: ConfigService<AppConfig, true>,
  ) {
    this.maxSocketsPerUser = config.get('realtime.maxSocketsPerUser', { infer: true });
  }

  /** Whether the user may open one more socket on this instance. */
  hasRoomFor(userId: string): boolean {
    return (this.socketsOfUser.get(userId)?.size ?? 0) < this.maxSocketsPerUser;
  }

  add(socket: AppSocket): void {
    this.metrics.openSockets.inc();
    // The timer starts only once connected: a handshake abandoned before this point leaves nothing behind.
    const { expiresAt } = socket.data;
    if (expiresAt) {
      this.expiries.set(
        socket.id,
        setTimeout(() => socket.disconnect(true), Math.min(Math.max(expiresAt - Date.now(), 0), MAX_TIMER_MS)),
      );
    }
    const mine = this.socketsOfUser.get(socket.data.user.id) ?? new Set();
    mine.add(socket);
    this.socketsOfUser.set(socket.data.user.id, mine);
  }

  remove(socket: AppSocket): void {
    this.metrics.openSockets.dec();
    clearTimeout(this.expiries.get(socket.id));
    this.expiries.delete(socket.id);
    const mine = this.socketsOfUser.get(socket.data.user.id);
    mine?.delete(socket);
    if (mine && !mine.size) this.socketsOfUser.delete(socket.data.user.id);
  }

  /** The user's sockets on this instance (a copy: re-checks disconnect while they iterate). */
  socketsOf(userId: string): AppSocket[] {
    return [...(this.socketsOfUser.get(userId) ?? [])];
  }

  /** Every user with a socket on this instance. */
  users(): string[] {
    return [...this.socketsOfUser.keys()];
  }
}
