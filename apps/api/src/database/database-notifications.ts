import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';

export interface NotificationListener {
  /** A NOTIFY on the channel, with its payload. */
  onMessage(payload: string): void;
  /** The connection was lost or (re)established: anything learned from earlier messages may be out of date. */
  onReset(): void;
}

const RETRY_MIN_MS = 500;
/** A silent connection (a dropped NAT entry, a dead peer) is noticed by this periodic query at the latest. */
const PING_MS = 30_000;
const RETRY_MAX_MS = 10_000;

/**
 * One dedicated connection that LISTENs for PostgreSQL NOTIFY messages and hands them to in-process listeners. It
 * reconnects by itself; while it is down `live` is false, and listeners are told to reset on every loss and return,
 * so a cache fed by these messages can stop trusting itself instead of missing one.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DatabaseNotifications');
  private readonly listeners = new Map<string, Set<NotificationListener>>();
  private client?: Client;
  private connected = false;
  private closed = false;
  private retryMs = RETRY_MIN_MS;
  private retry?: NodeJS.Timeout;

  constructor(private readonly url: string) {}

  /** True while messages are being received. */
  get live(): boolean {
    return this.connected;
  }

  /** Channel names are fixed identifiers chosen in code (they are written into LISTEN as is). */
  listen(channel: string, listener: NotificationListener): void {
    if (!/^[a-z_]+$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    const set = this.listeners.get(channel) ?? new Set();
    const isNew = !set.size;
    set.add(listener);
    this.listeners.set(channel, set);
    const client = this.client;
    if (isNew && this.connected && client) client.query(`LISTEN ${channel}`).catch((error: Error) => this.lost(client, error));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'contrivance-listen', keepAlive: true });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      for (const listener of this.listeners.get(message.channel) ?? []) listener.onMessage(message.payload ?? '');
    });
    this.client = client;
    try {
      await client.connect();
      for (const channel of this.listeners.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.lost(client, error as Error);
      return;
    }
    if (this.client !== client) return;
    this.connected = true;
    this.retryMs = RETRY_MIN_MS;
    this.reset();
    const ping = setInterval(() => {
      if (this.client !== client) return clearInterval(ping);
      client.query('SELECT 1').catch((error: Error) => this.lost(client, error));
    }, PING_MS);
    ping.unref();
  }

  private lost(client: Client, error?: Error): void {
    if (this.client !== client) return;
    const wasConnected = this.connected;
    this.client = undefined;
    this.connected = false;
    void client.end().catch(() => undefined);
    this.reset();
    if (this.closed) return;
    if (wasConnected) this.logger.warn(`lost the notifications connection${error ? ` (${error.message})` : ''}; retrying`);
    this.retry = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }

  private reset(): void {
    for (const set of this.listeners.values()) for (const listener of set) listener.onReset();
  }
}
