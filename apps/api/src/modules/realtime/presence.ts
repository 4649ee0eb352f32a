import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { RealtimeEvent, type PresenceUser } from '@contrivance/contracts';
import { sheetRoom } from './app-socket';
import { RealtimeServer } from './realtime-server';

/** Presence changes of one sheet within this window go out as one broadcast. */
const PRESENCE_EVERY_MS = 100;

/** What each socket keeps about its person (serialisable: the Redis adapter ships it between instances). */
export interface SocketData {
  user: { id: string; displayName: string };
  /** Focused cell per joined sheet (null when nothing is focused). */
  focus: Record<string, { rowId: string; columnId: string } | null>;
}

/**
 * Who is in a sheet, from the sockets in its room (on every instance): one entry per person however many tabs they
 * have open, with the focus of the tab that has one, ordered by name.
 */
export function presenceOf(sheetId: string, sockets: { data: Partial<SocketData> }[]): PresenceUser[] {
  const users = new Map<string, PresenceUser>();
  for (const { data } of sockets) {
    if (!data.user) continue;
    const focus = data.focus?.[sheetId] ?? null;
    const known = users.get(data.user.id);
    if (!known) users.set(data.user.id, { userId: data.user.id, displayName: data.user.displayName, focus });
    else if (!known.focus && focus) known.focus = focus;
  }
  return [...users.values()].sort((a, b) => a.displayName.localeCompare(b.displayName) || a.userId.localeCompare(b.userId));
}

/** Who is in each sheet, and telling its room when that changes. */
@Injectable()
export class Presence implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  /** Sheets whose presence changed since their last broadcast; one broadcast per sheet per PRESENCE_EVERY_MS. */
  private readonly due = new Map<string, NodeJS.Timeout>();

  constructor(private readonly io: RealtimeServer) {}

  /** Who is in the sheet now (on every instance). */
  async of(sheetId: string): Promise<PresenceUser[]> {
    return presenceOf(sheetId, await this.io.server.in(sheetRoom(sheetId)).fetchSockets());
  }

  /**
   * Sends the sheet's presence to its room soon: changes within PRESENCE_EVERY_MS are coalesced into one broadcast
   * (a burst of focus moves, or of joins, costs one room lookup and one message per member, not one per event).
   */
  announce(sheetId: string): void {
    if (this.due.has(sheetId)) return;
    const timer = setTimeout(() => {
      this.due.delete(sheetId);
      this.of(sheetId).then(
        (users) => this.io.server.to(sheetRoom(sheetId)).emit(RealtimeEvent.presence, { spreadsheetId: sheetId, users }),
        (error: Error) => this.logger.warn(`could not announce presence: ${error.message}`),
      );
    }, PRESENCE_EVERY_MS);
    timer.unref();
    this.due.set(sheetId, timer);
  }

  /** On SIGTERM: announcements still due are dropped (everyone is told to reconnect instead). */
  beforeApplicationShutdown(): void {
    for (const timer of this.due.values()) clearTimeout(timer);
    this.due.clear();
  }
}
