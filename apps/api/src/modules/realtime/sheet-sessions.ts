import { Injectable } from '@nestjs/common';
import { ErrorCode, type Change, type JoinDto, type JoinResult, type PresenceUpdateDto, type SheetChange } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { HistoryService, SheetAccessService } from '../spreadsheets';
import type { AppSocket } from './app-socket';
import { FreshReads } from './fresh-reads';
import { Presence } from './presence';
import { RealtimeMetrics } from './realtime.metrics';
import { SheetFanout } from './sheet-fanout';

/** Catching up replays at most this many changes; a client further behind reloads. */
const CATCH_UP_LIMIT = 1000;

/** History entries as the change events a client would have received, numbered within each version. */
export function toMissed(sheetId: string, changes: Change[]): SheetChange[] {
  const perVersion = new Map<number, number>();
  for (const c of changes) perVersion.set(c.version, (perVersion.get(c.version) ?? 0) + 1);
  const seen = new Map<number, number>();
  return changes.map((c) => {
    const part = (seen.get(c.version) ?? 0) + 1;
    seen.set(c.version, part);
    return {
      spreadsheetId: sheetId,
      version: c.version,
      part,
      parts: perVersion.get(c.version)!,
      kind: c.kind,
      rowId: c.rowId,
      columnId: c.columnId,
      value: c.newValue,
      userId: c.userId,
    };
  });
}

/**
 * The sheets a socket has joined: joining (its room, with catch-up from history), its focus in each, leaving. The
 * joined sheets are the keys of `socket.data.focus`. A join enters the room only once nothing can fail any more: one
 * that is refused or fails leaves the socket outside (SheetFanout makes the answer and the room's events meet, each
 * change exactly once).
 */
@Injectable()
export class SheetSessions {
  /** A crowd joining one sheet at once shares its version reads (each still started after its join began). */
  private readonly versions: FreshReads<number | null>;

  constructor(
    private readonly access: SheetAccessService,
    private readonly history: HistoryService,
    private readonly presence: Presence,
    private readonly fanout: SheetFanout,
    private readonly metrics: RealtimeMetrics,
  ) {
    this.versions = new FreshReads((sheetId) => this.history.currentVersion(sheetId));
  }

  async join(socket: AppSocket, actor: AuthUser, dto: JoinDto): Promise<JoinResult> {
    const sheetId = dto.spreadsheetId;
    const watch = this.fanout.watch(sheetId);
    // Joining again starts afresh: out of the room while reading, so the answer and the events do not overlap.
    this.fanout.exit(socket, sheetId);
    try {
      const role = await this.access.require(actor, sheetId, 'viewer');
      // The version first, then what came after `sinceVersion` up to it: the answer is one consistent point.
      const upTo = (await this.versions.get(sheetId)) ?? 0;
      let missed: SheetChange[] | undefined;
      let reload = dto.sinceVersion !== undefined && dto.sinceVersion > upTo;
      if (dto.sinceVersion !== undefined && !reload) {
        const since = await this.history.since(sheetId, dto.sinceVersion, CATCH_UP_LIMIT);
        if (since)
          missed = toMissed(
            sheetId,
            since.filter((c) => c.version <= upTo),
          );
        else reload = true;
      }
      if (!socket.connected) throw new DomainError(ErrorCode.ValidationFailed, 'The socket closed while joining');
      // Nothing below can fail: the socket enters the room, with what was sent to the room while this read.
      const { version, late } = this.fanout.enter(socket, sheetId, upTo, watch);
      if (!late) reload = true;
      else if (late.length) missed = [...(missed ?? []), ...late];
      if (!(sheetId in socket.data.focus)) {
        socket.data.focus[sheetId] = null;
        this.metrics.joinedSheets.inc();
      }
      this.presence.enter(socket, sheetId);
      // A read-only token can do what a viewer does, whatever its owner's role.
      const answer = { role: actor.apiToken?.scope === 'read' ? 'viewer' : role, version, users: this.presence.of(sheetId) } as const;
      return reload ? { ...answer, reload: true } : { ...answer, ...(missed ? { missed } : {}) };
    } catch (error) {
      this.leave(socket, sheetId);
      throw error;
    } finally {
      watch.end();
    }
  }

  leave(socket: AppSocket, sheetId: string): void {
    this.fanout.exit(socket, sheetId);
    if (!(sheetId in socket.data.focus)) return;
    delete socket.data.focus[sheetId];
    this.metrics.joinedSheets.dec();
    this.presence.exit(socket, sheetId);
  }

  /** Shares (or clears) the socket's focused cell in a sheet it has joined. */
  focus(socket: AppSocket, dto: PresenceUpdateDto): void {
    if (!(dto.spreadsheetId in socket.data.focus)) throw new DomainError(ErrorCode.ValidationFailed, 'Join the spreadsheet before sharing your focus');
    const focus = dto.focus ? { rowId: dto.focus.rowId, columnId: dto.focus.columnId } : null;
    socket.data.focus[dto.spreadsheetId] = focus;
    this.presence.focus(socket, dto.spreadsheetId, focus);
  }

  /** The socket is going: it leaves each of its sheets now (presence, and what its join answered). */
  disconnecting(socket: AppSocket): void {
    const sheets = Object.keys(socket.data.focus ?? {});
    this.metrics.joinedSheets.dec(sheets.length);
    socket.data.focus = {};
    for (const sheetId of sheets) {
      this.fanout.exit(socket, sheetId);
      this.presence.exit(socket, sheetId);
    }
  }
}
