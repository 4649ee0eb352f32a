import type { SelectOption } from '@contrivance/contracts';

/** How people type values, read into stored form; null when the text is not one. */

const ISO_DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ].*)?$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isEmptyValue(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
}

/** Numbers arrive as numbers or as text people type: "1,234.50", "$ 1200", "45%", "(300)" for negatives. */
export function parseNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  let text = raw.trim().replace(/[\s,$€£¥%]/g, '');
  const negative = /^\(.*\)$/.test(text);
  if (negative) text = text.slice(1, -1);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? (negative ? -value : value) : null;
}

/** A calendar date as YYYY-MM-DD (also from "YYYY/MM/DD" and ISO timestamps); impossible dates are refused. */
export function parseDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const match = ISO_DATE.exec(raw.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const valid = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
  return valid ? `${y}-${m}-${d}` : null;
}

export function parseBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'x', '✓', 'checked'].includes(text)) return true;
  if (['false', 'no', 'n', '0', 'unchecked'].includes(text)) return false;
  return null;
}

/** An http(s) address; a bare host ("example.com/x") gets https:// in front. */
export function parseUrl(raw: string): string | null {
  const text = raw.trim();
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname.includes('.') && url.hostname !== 'localhost') return null;
    return candidate;
  } catch {
    return null;
  }
}

/** An option by id, or by label in any case (so imports and pastes can use what people see). */
export function findOption(options: SelectOption[] | undefined, raw: string): SelectOption | undefined {
  const text = raw.trim();
  return options?.find((o) => o.id === text) ?? options?.find((o) => o.label.toLowerCase() === text.toLowerCase());
}
