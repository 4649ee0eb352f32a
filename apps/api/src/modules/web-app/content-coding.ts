/** The encodings the web build is precompressed in, in the order the server prefers them when the client has no preference. */
export const CONTENT_CODINGS = ['br', 'gzip'] as const;
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/** The quality (0–1) the client gave each coding it named in Accept-Encoding; `*` stands for every other one. */
function qualities(header: string): Map<string, number> {
  const named = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    named.set(name, Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0);
  }
  return named;
}

/**
 * Which of the available encoded copies to send, or null for the file as it is (RFC 9110 §12.5.3): the coding the
 * client rates highest, compressed winning a tie with identity, brotli a tie with gzip. No header means identity
 * (RFC 9110: a client that sends none may not understand any coding).
 */
export function pickContentCoding(header: string | undefined, available: readonly ContentCoding[]): ContentCoding | null {
  if (!header || available.length === 0) return null;
  const named = qualities(header);
  const any = named.get('*');
  // Identity is always acceptable as the fallback; it only beats a coding the client named when rated higher.
  const identity = named.get('identity') ?? any ?? 0;
  let best: ContentCoding | null = null;
  let bestQ = 0;
  for (const coding of CONTENT_CODINGS) {
    if (!available.includes(coding)) continue;
    const q = named.get(coding) ?? (coding === 'gzip' ? named.get('x-gzip') : undefined) ?? any ?? 0;
    if (q > bestQ) [best, bestQ] = [coding, q];
  }
  return best && bestQ >= identity ? best : null;
}
