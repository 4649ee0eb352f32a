import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** After the signal, how long new connections are still taken and open ones may deliver requests already sent. */
const GRACE_MS = 500;
const POLL_MS = 50;

/**
 * Lets an HTTP server stop without dropping work: `drain()` stops accepting connections, answers every request it
 * has received (and those already on their way in on open connections), telling clients to reconnect elsewhere
 * (`Connection: close`), and resolves once none is in flight. Connections are ended as they fall idle, gracefully
 * (FIN after the last byte), never destroyed while an answer may still be leaving.
 *
 * Node's own `server.close()` destroys every connection it considers idle at that instant: one whose request had
 * arrived but not been read yet, or whose answer was still in its write buffer, so clients got ECONNRESET for
 * requests sent before the signal. Requests under `ignorePath` (Socket.IO's long-polling, which parks requests by
 * design) are not waited for, and upgraded connections (WebSockets) are left to Socket.IO.
 */
export class GracefulDrain {
  /** Open HTTP connections and how many requests each is serving. */
  private readonly connections = new Map<Socket, number>();
  private inFlight = 0;
  private draining = false;

  constructor(
    private readonly server: Server,
    ignorePath: string,
  ) {
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, 0);
      socket.once('close', () => this.connections.delete(socket));
    });
    server.on('upgrade', (_req: IncomingMessage, socket: Socket) => this.connections.delete(socket));
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith(ignorePath)) return;
      const socket = req.socket;
      this.inFlight += 1;
      this.connections.set(socket, (this.connections.get(socket) ?? 0) + 1);
      if (this.draining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        this.inFlight -= 1;
        const serving = (this.connections.get(socket) ?? 1) - 1;
        if (this.connections.has(socket)) this.connections.set(socket, serving);
      });
    });
  }

  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + timeoutMs;
    // Still listening for a moment: connections the kernel has accepted but Node has not yet picked up (a busy event
    // loop) would be reset by closing the listener now, with their requests already sent.
    await new Promise((r) => setTimeout(r, GRACE_MS));
    // Stop listening only (net.Server's close, not http.Server's, which would also cut "idle" connections now).
    if (this.server.listening) NetServer.prototype.close.call(this.server);
    for (;;) {
      for (const [socket, serving] of this.connections) if (serving === 0 && !socket.writableEnded) socket.end();
      if (this.inFlight <= 0 || Date.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
