import type { Member } from '@contrivance/contracts';

/** The `@name` being typed just before the caret: where its `@` is and what follows it; null when none is. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  // An `@` starts a mention at the beginning or after a space (not inside an email address).
  if (at > 0 && !/\s/.test(before[at - 1])) return null;
  const query = before.slice(at + 1);
  // Names have spaces ("Ann Lee"), but a mention being typed does not run over a line or get long.
  if (query.includes('\n') || query.length > 40) return null;
  return { start: at, query };
}

/** Members whose name or email starts with the query (any word of the name), best first, at most `limit`. */
export function suggestMembers(members: readonly Member[], query: string, limit = 6): Member[] {
  const q = query.trim().toLowerCase();
  const score = (m: Member): number => {
    const name = m.displayName.toLowerCase();
    if (!q) return 1;
    if (name.startsWith(q)) return 3;
    if (name.split(/\s+/).some((word) => word.startsWith(q))) return 2;
    return m.email.toLowerCase().startsWith(q) ? 1 : 0;
  };
  return members
    .map((m) => ({ m, s: score(m) }))
    .filter(({ s }) => s > 0)
    .sort((a, b) => b.s - a.s || a.m.displayName.localeCompare(b.m.displayName))
    .slice(0, limit)
    .map(({ m }) => m);
}

/** The text with the `@query` being typed replaced by `@Display Name `, and where the caret goes after it. */
export function insertMention(text: string, mention: { start: number; query: string }, member: Member): { text: string; caret: number } {
  const inserted = `@${member.displayName} `;
  const end = mention.start + 1 + mention.query.length;
  return { text: text.slice(0, mention.start) + inserted + text.slice(end), caret: mention.start + inserted.length };
}

/** The members (of those picked while typing) whose `@Display Name` is still in the body, each once. */
export function mentionedIn(body: string, picked: readonly Member[]): string[] {
  return [...new Set(picked.filter((m) => body.includes(`@${m.displayName}`)).map((m) => m.userId))];
}

export type BodyPart = { text: string; mention?: undefined } | { text: string; mention: Member };

/** The body cut into plain text and the `@Display Name`s of the members it mentions (for highlighting them). */
export function splitMentions(body: string, mentioned: readonly Member[]): BodyPart[] {
  // Longest names first, so "@Ann Lee" wins over "@Ann".
  const names = [...mentioned].sort((a, b) => b.displayName.length - a.displayName.length);
  const parts: BodyPart[] = [];
  let plain = '';
  let i = 0;
  while (i < body.length) {
    const member = body[i] === '@' ? names.find((m) => body.startsWith(`@${m.displayName}`, i)) : undefined;
    if (!member) {
      plain += body[i];
      i += 1;
      continue;
    }
    if (plain) parts.push({ text: plain });
    plain = '';
    const text = `@${member.displayName}`;
    parts.push({ text, mention: member });
    i += text.length;
  }
  if (plain) parts.push({ text: plain });
  return parts;
}
