import type { PresenceUser } from '@contrivance/contracts';

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
