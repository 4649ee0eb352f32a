import { Injectable } from '@nestjs/common';
import { ErrorCode, type Change, type JoinDto, type JoinResult, type PresenceUpdateDto, type SheetChange } from '@contrivance/contracts';
import type { AuthUser } from '../../common/auth/auth-user';
import { DomainError } from '../../common/errors/domain-error';
import { HistoryService, SheetAccessService } from '../spreadsheets';
import { sheetRoom, type AppSocket } from './app-socket';
import { Presence } from './presence';
import { RealtimeMetrics } from './realtime.metrics';

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
 * joined sheets are the keys of `socket.data.focus`, so presence on other instances sees them too.
 */
@Injectable()
export class SheetSessions {
  constructor(
    private readonly access: SheetAccessService,
    private readonly history: HistoryService,
    private readonly presence: Presence,
    private readonly metrics: RealtimeMetrics,
  ) {}

  async join(socket: AppSocket, actor: AuthUser, dto: JoinDto): Promise<JoinResult> {
    const sheetId = dto.spreadsheetId;
    const role = await this.access.require(actor, sheetId, 'viewer');
    // In the room first, then read: a change committed meanwhile is in the replay or the broadcast (or both;
    // clients skip versions they have).
    await socket.join(sheetRoom(sheetId));
    if (!(sheetId in socket.data.focus)) {
      socket.data.focus[sheetId] = null;
      this.metrics.joinedSheets.inc();
    }
    let missed: SheetChange[] | undefined;
    let reload = false;
    if (dto.sinceVersion !== undefined) {
      const since = await this.history.since(sheetId, dto.sinceVersion, CATCH_UP_LIMIT);
      if (since) missed = toMissed(sheetId, since);
      else reload = true;
    }
    const version = (await this.history.currentVersion(sheetId)) ?? 0;
    if (dto.sinceVersion !== undefined && dto.sinceVersion > version) reload = true;
    const users = await this.presence.of(sheetId);
    this.presence.announce(sheetId);
    // A read-only token can do what a viewer does, whatever its owner's role.
    return { role: actor.apiToken?.scope === 'read' ? 'viewer' : role, version, ...(reload ? { reload: true } : { missed }), users };
  }

  async leave(socket: AppSocket, sheetId: string): Promise<void> {
    if (!(sheetId in socket.data.focus)) return;
    delete socket.data.focus[sheetId];
    this.metrics.joinedSheets.dec();
    await socket.leave(sheetRoom(sheetId));
    this.presence.announce(sheetId);
  }

  /** Shares (or clears) the socket's focused cell in a sheet it has joined. */
  focus(socket: AppSocket, dto: PresenceUpdateDto): void {
    if (!(dto.spreadsheetId in socket.data.focus)) throw new DomainError(ErrorCode.ValidationFailed, 'Join the spreadsheet before sharing your focus');
    socket.data.focus[dto.spreadsheetId] = dto.focus ? { rowId: dto.focus.rowId, columnId: dto.focus.columnId } : null;
    this.presence.announce(dto.spreadsheetId);
  }

  /** The socket is going: rooms are gone by 'disconnect', so the new presence of each of its sheets is announced now. */
  disconnecting(socket: AppSocket): void {
    const sheets = Object.keys(socket.data.focus ?? {});
    this.metrics.joinedSheets.dec(sheets.length);
    socket.data.focus = {};
    for (const sheetId of sheets) this.presence.announce(sheetId);
  }
}
