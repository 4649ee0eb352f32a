import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { OnEvent } from '@nestjs/event-emitter';
import { RealtimeEvent } from '@contrivance/contracts';
import { LinkedValues, SheetChangedEvent, type StaleRows } from '../spreadsheets';
import { sheetRoom, type AppSocket } from './app-socket';
import { RealtimeServer } from './realtime-server';
import { SocketAuth } from './socket-auth';
import type { AppConfig } from '../../config/app-config';

/**
 * Lookups and rollups live: a change's event says which rows' linked cells it moved (in other sheets or its own,
 * found where those values are kept, see StoredLinkedValues); every instance is told, and each sends its own sockets in those sheets the new values as
 * that socket's person may read them. Someone who cannot see the linked sheet gets the same blanks and counts the
 * rows API gives them: nothing of the other sheet travels through a socket either.
 */
@Injectable()
export class LinkedUpdates {
  private readonly logger = new Logger(LinkedUpdates.name);
  private listening = false;
  /** Several instances share rooms over Redis: tell the others too (the in-memory adapter cannot, and needs not). */
  private readonly clustered: boolean;

  constructor(
    private readonly io: RealtimeServer,
    private readonly values: LinkedValues,
    private readonly auth: SocketAuth,
    config: ConfigService<AppConfig, true>,
  ) {
    this.clustered = Boolean(config.get('redis.url', { infer: true }));
  }

  @OnEvent(SheetChangedEvent.event, { async: true })
  async changed(event: SheetChangedEvent): Promise<void> {
    if (!this.io.attached) return;
    this.listen();
    try {
      for (const stale of event.stale) {
        if (this.clustered) this.io.server.serverSideEmit('linked:stale', stale);
        await this.deliver(stale);
      }
    } catch (error) {
      // Best effort: the values are right on the next read; a failure here must not touch the change itself.
      this.logger.warn(`linked values after a change of ${event.sheetId} not sent: ${(error as Error).message}`);
    }
  }

  /** Other instances' stale rows, for this instance's sockets. */
  private listen(): void {
    if (this.listening || !this.clustered) return;
    this.listening = true;
    this.io.server.on('linked:stale', (stale: StaleRows) => {
      this.deliver(stale).catch((error: Error) => this.logger.warn(`linked values for ${stale.sheetId} not sent: ${error.message}`));
    });
  }

  /** Reads the rows once per person with the sheet open here, and sends each of their sockets what that person may see. */
  private async deliver(stale: StaleRows): Promise<void> {
    const server = this.io.server;
    const byPerson = new Map<string, AppSocket[]>();
    for (const id of server.sockets.adapter.rooms.get(sheetRoom(stale.sheetId)) ?? []) {
      const socket = server.sockets.sockets.get(id);
      if (socket) byPerson.set(socket.data.user.id, [...(byPerson.get(socket.data.user.id) ?? []), socket]);
    }
    for (const group of byPerson.values()) {
      // A socket whose account or credential went is dropped by actorOf; its group gets nothing.
      const actor = await this.auth.actorOf(group[0]).catch(() => null);
      const rows = actor && (await this.values.read(actor, stale.sheetId, stale.rowIds, stale.columnIds));
      if (!rows?.length) continue;
      // One packet for the person's sockets (each socket is a room of its own), encoded once.
      server.local.to(group.map((s) => s.id)).emit(RealtimeEvent.linked, { spreadsheetId: stale.sheetId, rows });
    }
  }
}
