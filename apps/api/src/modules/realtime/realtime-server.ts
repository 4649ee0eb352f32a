import { Injectable } from '@nestjs/common';
import type { AppServer } from './app-socket';

/**
 * The Socket.IO server, for the providers that broadcast or look sockets up outside a client event (presence,
 * publisher, access re-checks). The gateway attaches it once Socket.IO is up.
 */
@Injectable()
export class RealtimeServer {
  private io?: AppServer;
  private readonly waiting: ((server: AppServer) => void)[] = [];

  attach(server: AppServer): void {
    this.io = server;
    for (const fn of this.waiting.splice(0)) fn(server);
  }

  /** Runs `fn` once the server is up (at once if it is): for providers that listen to other instances. */
  whenAttached(fn: (server: AppServer) => void): void {
    if (this.io) fn(this.io);
    else this.waiting.push(fn);
  }

  get server(): AppServer {
    if (!this.io) throw new Error('The Socket.IO server is not up yet');
    return this.io;
  }

  /** Whether the server is up (it is not during a failed boot, or in a context without the gateway). */
  get attached(): boolean {
    return this.io !== undefined;
  }
}
