import type { Member } from '@contrivance/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type PersonLookup = (ref: string) => { ok: true; id: string } | { ok: false; message: string };

/**
 * How people are named in cells, pasted blocks, CSV files and the API: by member id, by email, or by display name
 * when exactly one member has it (case-insensitive). A name two members share is refused with a hint to use the
 * email; anyone not a member of the sheet is refused.
 */
export function personLookup(members: Pick<Member, 'userId' | 'email' | 'displayName'>[]): PersonLookup {
  const byId = new Map(members.map((m) => [m.userId.toLowerCase(), m.userId]));
  const byEmail = new Map(members.map((m) => [m.email.toLowerCase(), m.userId]));
  const byName = new Map<string, string[]>();
  for (const m of members) {
    const key = m.displayName.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), m.userId]);
  }
  return (ref) => {
    const text = ref.trim();
    const key = text.toLowerCase();
    const id = UUID.test(text) ? byId.get(key) : (byEmail.get(key) ?? (byName.get(key)?.length === 1 ? byName.get(key)![0] : undefined));
    if (id) return { ok: true, id };
    const named = byName.get(key)?.length ?? 0;
    if (named > 1) return { ok: false, message: `"${text.slice(0, 60)}" is the name of ${named} members; use their email instead` };
    return { ok: false, message: `"${text.slice(0, 60)}" is not a member of this spreadsheet (use a member's email or name)` };
  };
}

/** How a person is written in an export: their name when no other member has it, else their email (so it imports back). */
export function personLabel(members: Pick<Member, 'userId' | 'email' | 'displayName'>[]): (userId: string) => string | undefined {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.displayName.trim().toLowerCase(), (counts.get(m.displayName.trim().toLowerCase()) ?? 0) + 1);
  const label = new Map(members.map((m) => [m.userId, counts.get(m.displayName.trim().toLowerCase())! > 1 ? m.email : m.displayName]));
  return (userId) => label.get(userId);
}
