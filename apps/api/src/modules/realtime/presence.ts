import { randomUUID } from 'node:crypto';
import { Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { RealtimeEvent, type PresenceUser } from '@contrivance/contracts';
import type { AppConfig } from '../../config/app-config';
import { sheetRoom, type AppServer, type AppSocket } from './app-socket';
import { RealtimeServer } from './realtime-server';

/** Presence changes of one sheet within this window go out as one message (to its room, and to the other instances). */
const PRESENCE_EVERY_MS = 100;
/** Each instance repeats its snapshots this often; one not heard of for three periods has gone. */
const REFRESH_EVERY_MS = 5_000;

type Focus = PresenceUser['focus'];

/** What each socket keeps about its person (serialisable: the Redis adapter ships it between instances). */
export interface SocketData {
  user: { id: string; displayName: string };
  /** Focused cell per joined sheet (null when nothing is focused). */
  focus: Record<string, Focus>;
}

/** localeCompare's order, with the collator made once (a join burst sorts the list once per join). */
const byText = new Intl.Collator().compare;

/**
 * One entry per person, whatever number of tabs (or instances' snapshots) list them, with the focus of one that has
 * one, ordered by name.
 */
export function peopleOf(entries: Iterable<PresenceUser>): PresenceUser[] {
  const users = new Map<string, PresenceUser>();
  for (const entry of entries) {
    const known = users.get(entry.userId);
    if (!known) users.set(entry.userId, { ...entry });
    else if (!known.focus && entry.focus) known.focus = entry.focus;
  }
  return [...users.values()].sort((a, b) => byText(a.displayName, b.displayName) || byText(a.userId, b.userId));
}

/** A person in a sheet on this instance: their sockets there, and the focus of those that have one. */
interface Person {
  displayName: string;
  sockets: Set<string>;
  focus: Map<string, NonNullable<Focus>>;
}

/** A sheet's presence as far as this instance knows: its own people, the other instances' latest snapshots. */
class SheetPresence {
  readonly people = new Map<string, Person>();
  readonly remote = new Map<string, { users: PresenceUser[]; at: number }>();
  private cached: PresenceUser[] | null = null;
  private localCached: PresenceUser[] | null = null;

  changed(): void {
    this.cached = null;
    this.localCached = null;
  }

  /** This instance's people (one entry per person: O(people), not O(sockets)). */
  local(): PresenceUser[] {
    this.localCached ??= peopleOf([...this.people].map(([userId, p]) => ({ userId, displayName: p.displayName, focus: p.focus.values().next().value ?? null })));
    return this.localCached;
  }

  all(): PresenceUser[] {
    this.cached ??= peopleOf([...this.local(), ...[...this.remote.values()].flatMap((r) => r.users)]);
    return this.cached;
  }

  get empty(): boolean {
    return !this.people.size && !this.remote.size;
  }
}

/**
 * Who is in each sheet, without asking other instances per join: each instance keeps its own sockets' presence per
 * sheet and sends the others one snapshot per sheet per PRESENCE_EVERY_MS when it changed (at once when it had been
 * quiet), repeated every REFRESH_EVERY_MS so a dead instance's snapshots expire. Each instance tells its own sockets
 * the merged presence at most once per sheet per PRESENCE_EVERY_MS: a burst of joins costs O(people) per interval.
 */
@Injectable()
export class Presence implements BeforeApplicationShutdown {
  private readonly instance = randomUUID();
  private readonly clustered: boolean;
  private readonly sheets = new Map<string, SheetPresence>();
  /** Sheets whose local presence the other instances have not been sent yet. */
  private readonly unpublished = new Set<string>();
  /** Sheets whose presence this instance's sockets have not been told yet. */
  private readonly untold = new Set<string>();
  /** When each sheet's snapshot was last sent to the other instances. */
  private readonly publishedAt = new Map<string, number>();
  private flushTimer?: NodeJS.Timeout;
  private refreshTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly io: RealtimeServer,
    config: ConfigService<AppConfig, true>,
  ) {
    this.clustered = Boolean(config.get('redis.url', { infer: true }));
    io.whenAttached((server) => this.listen(server));
  }

  /** Who is in the sheet now (on every instance, as of their latest snapshots). */
  of(sheetId: string): PresenceUser[] {
    return this.sheets.get(sheetId)?.all() ?? [];
  }

  /** The socket is in the sheet (without focus). */
  enter(socket: AppSocket, sheetId: string): void {
    const sheet = this.sheet(sheetId);
    const { id: userId, displayName } = socket.data.user;
    const person = sheet.people.get(userId) ?? { displayName, sockets: new Set(), focus: new Map() };
    sheet.people.set(userId, person);
    const known = person.sockets.has(socket.id);
    person.sockets.add(socket.id);
    // Another tab of someone already listed, without focus, changes nothing anyone sees.
    if (!known && person.sockets.size === 1) this.changed(sheetId, sheet);
  }

  focus(socket: AppSocket, sheetId: string, focus: Focus): void {
    const person = this.sheets.get(sheetId)?.people.get(socket.data.user.id);
    if (!person?.sockets.has(socket.id)) return;
    if (focus) person.focus.set(socket.id, focus);
    else person.focus.delete(socket.id);
    this.changed(sheetId, this.sheets.get(sheetId)!);
  }

  exit(socket: AppSocket, sheetId: string): void {
    const sheet = this.sheets.get(sheetId);
    const person = sheet?.people.get(socket.data.user.id);
    if (!sheet || !person?.sockets.delete(socket.id)) return;
    const hadFocus = person.focus.delete(socket.id);
    if (!person.sockets.size) sheet.people.delete(socket.data.user.id);
    if (hadFocus || !person.sockets.size) this.changed(sheetId, sheet);
  }

  /** On SIGTERM: the others forget this instance's people at once; announcements still due are dropped. */
  beforeApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.flushTimer);
    clearInterval(this.refreshTimer);
    if (this.clustered && this.io.attached) this.io.server.serverSideEmit('presence:instance', { instance: this.instance, state: 'down' });
  }

  private sheet(sheetId: string): SheetPresence {
    let sheet = this.sheets.get(sheetId);
    if (!sheet) this.sheets.set(sheetId, (sheet = new SheetPresence()));
    return sheet;
  }

  private changed(sheetId: string, sheet: SheetPresence): void {
    sheet.changed();
    this.untold.add(sheetId);
    // Once stopping, this instance has told the others it is gone: its sockets leaving must not bring it back there.
    if (this.clustered && !this.stopped) {
      // The first change after a quiet spell goes to the other instances at once (a person joining is seen there
      // by the next join's answer); the rest of a burst waits for the next flush.
      if (Date.now() - (this.publishedAt.get(sheetId) ?? 0) >= PRESENCE_EVERY_MS) this.publish(sheetId, sheet);
      else this.unpublished.add(sheetId);
    }
    this.scheduleFlush();
  }

  private publish(sheetId: string, sheet: SheetPresence): void {
    this.unpublished.delete(sheetId);
    this.publishedAt.set(sheetId, Date.now());
    this.io.server.serverSideEmit('presence:sheet', { instance: this.instance, sheetId, users: sheet.local() });
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => this.flush(), PRESENCE_EVERY_MS);
    this.flushTimer.unref();
  }

  /** Sends what is due: snapshots to the other instances, the merged presence to this instance's sockets. */
  private flush(): void {
    this.flushTimer = undefined;
    for (const sheetId of this.unpublished) {
      const sheet = this.sheets.get(sheetId);
      if (sheet) this.publish(sheetId, sheet);
    }
    this.unpublished.clear();
    for (const sheetId of this.untold) {
      const sheet = this.sheets.get(sheetId);
      if (!sheet) continue;
      if (sheet.people.size) this.io.server.local.to(sheetRoom(sheetId)).emit(RealtimeEvent.presence, { spreadsheetId: sheetId, users: sheet.all() });
      this.forgetIfEmpty(sheetId, sheet);
    }
    this.untold.clear();
  }

  private forgetIfEmpty(sheetId: string, sheet: SheetPresence): void {
    if (!sheet.empty || this.unpublished.has(sheetId)) return;
    this.sheets.delete(sheetId);
    this.publishedAt.delete(sheetId);
  }

  private listen(server: AppServer): void {
    if (!this.clustered) return;
    server.on('presence:sheet', ({ instance, sheetId, users }) => {
      const sheet = this.sheet(sheetId);
      const known = sheet.remote.get(instance);
      if (users.length) sheet.remote.set(instance, { users, at: Date.now() });
      else sheet.remote.delete(instance);
      // A repeated snapshot (the periodic refresh) changes nothing anyone sees.
      if (known && users.length && JSON.stringify(known.users) === JSON.stringify(users)) return;
      if (!known && !users.length) return this.forgetIfEmpty(sheetId, sheet);
      sheet.changed();
      if (sheet.people.size) this.untold.add(sheetId);
      else this.forgetIfEmpty(sheetId, sheet);
      this.scheduleFlush();
    });
    server.on('presence:instance', ({ instance, state }) => {
      if (state === 'up') return this.refresh(0);
      for (const [sheetId, sheet] of this.sheets) if (sheet.remote.delete(instance)) this.remoteChanged(sheetId, sheet);
    });
    server.serverSideEmit('presence:instance', { instance: this.instance, state: 'up' });
    this.refreshTimer = setInterval(() => this.refresh(Date.now() - 3 * REFRESH_EVERY_MS), REFRESH_EVERY_MS);
    this.refreshTimer.unref();
  }

  /** Sends every local snapshot again, and drops the other instances' snapshots not repeated since `staleBefore`. */
  private refresh(staleBefore: number): void {
    if (this.stopped) return;
    for (const [sheetId, sheet] of this.sheets) {
      if (sheet.people.size) this.publish(sheetId, sheet);
      let dropped = false;
      for (const [instance, snapshot] of sheet.remote) if (snapshot.at < staleBefore) dropped = sheet.remote.delete(instance);
      if (dropped) this.remoteChanged(sheetId, sheet);
    }
  }

  private remoteChanged(sheetId: string, sheet: SheetPresence): void {
    sheet.changed();
    if (sheet.people.size) this.untold.add(sheetId);
    else this.forgetIfEmpty(sheetId, sheet);
    this.scheduleFlush();
  }
}
