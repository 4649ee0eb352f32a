import Negotiator from 'negotiator';

/** The encodings the web build is precompressed in, in the order the server prefers them when the client has no preference. */
export const CONTENT_CODINGS = ['br', 'gzip'] as const;
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/**
 * Which of the available encoded copies to send, or null for the file as it is: Accept-Encoding negotiated by
 * `negotiator` (the parser Express itself uses; RFC 9110 §12.5.3 qualities, `*`, identity as the fallback), ties
 * going to brotli, then gzip, then identity. No header means identity.
 */
export function pickContentCoding(header: string | undefined, available: readonly ContentCoding[]): ContentCoding | null {
  if (!header || available.length === 0) return null;
  const negotiator = new Negotiator({ headers: { 'accept-encoding': header } });
  // negotiator 1.x takes the server's preference for ties; @types/negotiator (0.6) does not know the option yet.
  const encoding = negotiator.encoding.bind(negotiator) as (available: string[], options: { preferred: string[] }) => string | undefined;
  const chosen = encoding([...available, 'identity'], { preferred: [...CONTENT_CODINGS, 'identity'] });
  return chosen === 'br' || chosen === 'gzip' ? chosen : null;
}
