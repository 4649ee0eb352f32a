import { Injectable } from '@nestjs/common';
import type { AppServer } from './app-socket';

/**
 * The Socket.IO server, for the providers that broadcast or look sockets up outside a client event (presence,
 * publisher, access re-checks). The gateway attaches it once Socket.IO is up.
 */
@Injectable()
export class RealtimeServer {
  private io?: AppServer;

  attach(server: AppServer): void {
    this.io = server;
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
