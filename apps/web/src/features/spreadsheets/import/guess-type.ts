import type { ColumnType, Member } from '@contrivance/contracts';

/** What a CSV column looks like it holds, and for a select the options to create (in order of first appearance). */
export interface Guess {
  type: ColumnType;
  options?: string[];
}

const NUMBER = /^[-+]?\(?[$€£¥]?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\)?\s*%?$/;
const CURRENCY = /[$€£¥]/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ].*)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_LIKE = /^(https?:\/\/|www\.)\S+\.\S+$/i;
const TRUE_WORDS = new Set(['true', 'yes', 'y', 'x', '✓', 'checked']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'unchecked']);
/** A select has at most this many options, each at most this long, and its values repeat. */
const MAX_OPTIONS = 30;
const MAX_OPTION_LENGTH = 40;

const every = (values: string[], test: (v: string) => boolean) => values.length > 0 && values.every(test);
const share = (values: string[], test: (v: string) => boolean) => values.filter(test).length / values.length;

/**
 * The column type a person would pick for these values (empty cells ignored), tried from the most specific:
 * checkbox (yes/no words), number, currency (a currency sign on half or more), percent (a % on half or more), date
 * (YYYY-MM-DD, what the server reads), email, url, person (every value names a member by email or unique name),
 * select (few distinct short values that repeat), long text (long or multi-line), else text.
 */
export function guessType(raw: string[], members: Pick<Member, 'email' | 'displayName'>[] = []): Guess {
  const values = raw.map((v) => v.trim()).filter((v) => v !== '');
  if (!values.length) return { type: 'text' };
  const lower = values.map((v) => v.toLowerCase());
  if (every(lower, (v) => TRUE_WORDS.has(v) || FALSE_WORDS.has(v)) && lower.some((v) => TRUE_WORDS.has(v) || FALSE_WORDS.has(v))) return { type: 'checkbox' };
  if (every(values, (v) => NUMBER.test(v))) {
    if (share(values, (v) => CURRENCY.test(v)) >= 0.5) return { type: 'currency' };
    if (share(values, (v) => v.endsWith('%')) >= 0.5) return { type: 'percent' };
    return { type: 'number' };
  }
  if (every(values, (v) => ISO_DATE.test(v))) return { type: 'date' };
  if (every(values, (v) => EMAIL.test(v))) {
    const emails = new Set(members.map((m) => m.email.toLowerCase()));
    return members.length && every(lower, (v) => emails.has(v)) ? { type: 'user' } : { type: 'email' };
  }
  if (every(values, (v) => URL_LIKE.test(v))) return { type: 'url' };
  if (members.length) {
    const names = new Map<string, number>();
    for (const m of members) names.set(m.displayName.trim().toLowerCase(), (names.get(m.displayName.trim().toLowerCase()) ?? 0) + 1);
    if (every(lower, (v) => names.get(v) === 1)) return { type: 'user' };
  }
  const distinct: string[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    if (!seen.has(v.toLowerCase())) {
      seen.add(v.toLowerCase());
      distinct.push(v);
    }
  }
  const repeats = values.length >= 4 && distinct.length <= Math.max(2, values.length / 2);
  if (repeats && distinct.length <= MAX_OPTIONS && distinct.every((v) => v.length <= MAX_OPTION_LENGTH && !v.includes('\n'))) {
    return { type: 'select', options: distinct };
  }
  if (values.some((v) => v.length > 200 || v.includes('\n'))) return { type: 'longText' };
  return { type: 'text' };
}
