import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RealtimeEvent, type SheetChange } from '@contrivance/contracts';
import type { AppConfig } from '../../config/app-config';
import { sheetRoom, type AppSocket } from './app-socket';
import { RealtimeServer } from './realtime-server';
import { TurnSlices } from './turn-slices';

/** A join watching a sheet longer than this many changes answers `reload` instead of replaying them. */
const WATCH_LIMIT = 1000;
/**
 * How long a joined socket is kept from receiving again a version its join answered: a change committed before the
 * join read the sheet may reach this instance (from another one, over Redis) after the socket entered the room.
 */
const ANSWERED_FOR_MS = 10_000;

/** The changes delivered to a sheet's room while a join was reading the sheet; see SheetFanout.watch. */
export interface SheetWatch {
  /** Changes seen so far, in the order they were delivered; null once more than WATCH_LIMIT came. */
  readonly seen: SheetChange[] | null;
  end(): void;
}

interface Watchers {
  count: number;
  seen: SheetChange[] | null;
}

/** What a socket's join answered, so that a late delivery of those versions skips it. */
interface Answered {
  upTo: number;
  also: Set<number>;
  until: number;
}

/** The recent joins of a sheet, oldest first, and the highest version any of them answered. */
interface RecentJoins {
  entries: Map<string, Answered>;
  highest: number;
}

/**
 * Every committed change to the sockets in its sheet's room, on every instance, each exactly once — joins included.
 * A socket enters the room only when its join can no longer fail (a refused join never receives the sheet's events);
 * the join reads the sheet first, and whatever was delivered meanwhile (watched here) is added to its answer, while a
 * version the answer holds is not sent to it again. With Redis, changes travel to the other instances as server-side
 * events and each sends them to its own sockets (the adapter's room broadcast would pass this instance's code by).
 * A change goes to the sockets in the room when it comes, written a slice of sockets per turn of the event loop: a
 * crowd's fan-out no longer holds up the edits, acks and joins behind it.
 */
@Injectable()
export class SheetFanout {
  private readonly clustered: boolean;
  private readonly watchers = new Map<string, Watchers>();
  private readonly answered = new Map<string, RecentJoins>();
  private readonly logger = new Logger('Realtime');
  /** What the rooms are sent, a slice of sockets per turn of the event loop (edits and joins go on meanwhile). */
  private readonly slices = new TurnSlices<{ sheetId: string; change: SheetChange }>(
    (ids, { sheetId, change }) => this.write(ids, sheetId, change),
    (error, { sheetId, change }) => this.logger.error(`change ${change.version} of sheet ${sheetId} not written to a slice of its room: ${(error as Error)?.message}`),
  );

  constructor(
    private readonly io: RealtimeServer,
    config: ConfigService<AppConfig, true>,
  ) {
    this.clustered = Boolean(config.get('redis.url', { infer: true }));
    io.whenAttached((server) => {
      if (this.clustered) server.on('sheet:changes', ({ sheetId, changes }) => this.deliver(sheetId, changes));
    });
  }

  /** A change committed on this instance: to its sheet's room here and on the other instances. */
  publish(sheetId: string, changes: SheetChange[]): void {
    if (this.clustered) this.io.server.serverSideEmit('sheet:changes', { sheetId, changes });
    this.deliver(sheetId, changes);
  }

  /** Starts keeping what the sheet's room is sent, for a join that is about to read the sheet. */
  watch(sheetId: string): SheetWatch {
    const watchers = this.watchers.get(sheetId) ?? { count: 0, seen: [] };
    watchers.count += 1;
    this.watchers.set(sheetId, watchers);
    const start = watchers.seen?.length ?? 0;
    let ended = false;
    return {
      get seen() {
        return watchers.seen && watchers.seen.slice(start);
      },
      end: () => {
        if (ended) return;
        ended = true;
        watchers.count -= 1;
        if (!watchers.count && this.watchers.get(sheetId) === watchers) this.watchers.delete(sheetId);
      },
    };
  }

  /**
   * The socket enters the sheet's room, its join having read the sheet up to `upTo`: answers the changes after
   * `upTo` delivered since `watch` (which it would otherwise miss) and the version it is now at, or null when too
   * many came meanwhile (the join answers `reload`). Synchronous, so nothing is delivered between the two.
   */
  enter(socket: AppSocket, sheetId: string, upTo: number, watch: SheetWatch): { version: number; late: SheetChange[] | null } {
    const seen = watch.seen;
    const late = seen && seen.filter((c) => c.version > upTo).sort((a, b) => a.version - b.version || a.part - b.part);
    const version = Math.max(upTo, ...(late ?? seen ?? []).map((c) => c.version));
    void socket.join(sheetRoom(sheetId));
    const recent = this.recentJoins(sheetId) ?? { entries: new Map<string, Answered>(), highest: 0 };
    // Re-inserted at the end: entries stay in the order they expire.
    recent.entries.delete(socket.id);
    recent.entries.set(socket.id, { upTo: late ? upTo : version, also: new Set(late?.map((c) => c.version)), until: Date.now() + ANSWERED_FOR_MS });
    recent.highest = Math.max(recent.highest, version);
    this.answered.set(sheetId, recent);
    return { version, late };
  }

  /** The socket leaves the sheet's room (at once: nothing more of the sheet reaches it). */
  exit(socket: AppSocket, sheetId: string): void {
    void socket.leave(sheetRoom(sheetId));
    this.answered.get(sheetId)?.entries.delete(socket.id);
  }

  /**
   * The sheet's joins answered less than ANSWERED_FOR_MS ago (the expired ones dropped, oldest first), and older ones
   * while deliveries are queued: one of those may still reach a socket whose join answered it.
   */
  private recentJoins(sheetId: string): RecentJoins | undefined {
    const recent = this.answered.get(sheetId);
    if (!recent || this.slices.backlog) return recent;
    const now = Date.now();
    for (const [id, entry] of recent.entries) {
      if (entry.until >= now) break;
      recent.entries.delete(id);
    }
    if (recent.entries.size) return recent;
    this.answered.delete(sheetId);
    return undefined;
  }

  /**
   * The room's sockets as they are now get the changes (a socket entering later has them in its join's answer). They
   * are written a slice per turn of the event loop; see write for what is checked again when a socket's turn comes.
   */
  private deliver(sheetId: string, changes: SheetChange[]): void {
    const watchers = this.watchers.get(sheetId);
    if (watchers?.seen) watchers.seen = watchers.seen.length + changes.length > WATCH_LIMIT ? null : watchers.seen.concat(changes);
    this.recentJoins(sheetId);
    const room = this.io.server.sockets.adapter.rooms.get(sheetRoom(sheetId));
    this.slices.push(
      room ? [...room] : [],
      changes.map((change) => ({ sheetId, change })),
    );
  }

  /**
   * One slice of a delivery: encoded once, to those of `ids` still in the sheet's room (one that left or lost access
   * meanwhile gets nothing more) whose join did not answer the change already.
   */
  private write(ids: readonly string[], sheetId: string, change: SheetChange): void {
    const room = sheetRoom(sheetId);
    const sockets = this.io.server.sockets.sockets;
    const recent = this.answered.get(sheetId);
    // Usually a change is newer than anything a join answered: nobody to skip, no need to look.
    const answered = recent && change.version <= recent.highest ? recent.entries : undefined;
    const to: string[] = [];
    for (const id of ids) {
      if (!sockets.get(id)?.rooms.has(room)) continue;
      const entry = answered?.get(id);
      if (entry && (change.version <= entry.upTo || entry.also.has(change.version))) continue;
      to.push(id);
    }
    // Each socket is a room of its own: one packet, encoded once, for the slice.
    if (to.length) this.io.server.local.to(to).emit(RealtimeEvent.change, change);
  }
}
