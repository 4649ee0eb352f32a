import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO for the gateway. With REDIS_URL, the Redis adapter carries the instances' server-side events (changes,
 * presence snapshots, linked values) and room broadcasts across instances; without it, one instance works alone.
 * CORS follows the HTTP API's allowed origins.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private clients: Redis[] = [];
  private readonly logger = new Logger('Realtime');

  constructor(
    app: INestApplicationContext,
    private readonly options: { redisUrl?: string; corsOrigins: string[] | true },
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      cors: { origin: this.options.corsOrigins, credentials: false },
    }) as Server;
    if (this.options.redisUrl) {
      const pub = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
      const sub = pub.duplicate();
      // Both reconnect by themselves; an 'error' event without a listener would be logged raw by ioredis.
      for (const client of [pub, sub]) client.on('error', (error: Error) => this.logger.warn(`Redis (Socket.IO adapter): ${error.message}`));
      this.clients = [pub, sub];
      server.adapter(createAdapter(pub, sub, { key: 'contrivance:socket.io' }));
    }
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
