import type { CellValue, ColumnType, SelectOption } from '@contrivance/contracts';
import type { PersonLookup } from '../sharing/person-refs';

/** What the cell rules need to know about a column. */
export interface ColumnRules {
  type: ColumnType;
  required: boolean;
  options?: SelectOption[];
}

export type CellResult = { ok: true; value: CellValue } | { ok: false; message: string };

const ok = (value: CellValue): CellResult => ({ ok: true, value });
const fail = (message: string): CellResult => ({ ok: false, message });

const MAX_TEXT = 10_000;
const MAX_LONG_TEXT = 100_000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ].*)?$/;

function isEmpty(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0);
}

/** Numbers arrive as numbers or as text people type: "1,234.50", "$ 1200", "45%", "(300)" for negatives. */
function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  let text = raw.trim().replace(/[\s,$€£¥%]/g, '');
  const negative = /^\(.*\)$/.test(text);
  if (negative) text = text.slice(1, -1);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? (negative ? -value : value) : null;
}

function toDate(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const match = ISO_DATE.exec(raw.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  const valid = date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
  return valid ? `${y}-${m}-${d}` : null;
}

function toBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw === 1 ? true : raw === 0 ? false : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim().toLowerCase();
  if (['true', 'yes', 'y', '1', 'x', '✓', 'checked'].includes(text)) return true;
  if (['false', 'no', 'n', '0', 'unchecked'].includes(text)) return false;
  return null;
}

/** An option by id, or by label in any case (so imports and pastes can use what people see). */
function findOption(options: SelectOption[] | undefined, raw: string): SelectOption | undefined {
  const text = raw.trim();
  return options?.find((o) => o.id === text) ?? options?.find((o) => o.label.toLowerCase() === text.toLowerCase());
}

function toUrl(raw: string): string | null {
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

/**
 * Checks a value against its column and returns it in stored form: numbers as numbers, dates as YYYY-MM-DD,
 * booleans, option ids, member ids. Empty input becomes null (the cell is cleared), refused for required columns.
 * `user` values are resolved by `people` (a member's id, email or unique name; see person-refs) when the caller has
 * the sheet's members at hand; without it only a member id's form is checked.
 */
export function normaliseCell(column: ColumnRules, raw: unknown, people?: PersonLookup): CellResult {
  if (isEmpty(raw)) return column.required ? fail('is required') : ok(null);
  switch (column.type) {
    case 'text':
    case 'longText': {
      if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') return fail('must be text');
      const text = String(raw);
      const max = column.type === 'text' ? MAX_TEXT : MAX_LONG_TEXT;
      return text.length > max ? fail(`must be at most ${max} characters`) : ok(text);
    }
    case 'number':
    case 'currency':
    case 'percent': {
      const value = toNumber(raw);
      return value === null ? fail('must be a number') : ok(value);
    }
    case 'date': {
      const value = toDate(raw);
      return value === null ? fail('must be a date as YYYY-MM-DD') : ok(value);
    }
    case 'checkbox': {
      const value = toBoolean(raw);
      return value === null ? fail('must be true or false') : ok(value);
    }
    case 'select': {
      if (typeof raw !== 'string') return fail('must be an option id');
      const option = findOption(column.options, raw);
      return option ? ok(option.id) : fail(`is not an option of this column: ${JSON.stringify(raw.slice(0, 50))}`);
    }
    case 'multiSelect': {
      const parts = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[,;]/) : null;
      if (!parts || parts.some((p) => typeof p !== 'string')) return fail('must be a list of option ids');
      const ids: string[] = [];
      for (const part of (parts as string[]).filter((p) => p.trim() !== '')) {
        const option = findOption(column.options, part);
        if (!option) return fail(`is not an option of this column: ${JSON.stringify(part.slice(0, 50))}`);
        if (!ids.includes(option.id)) ids.push(option.id);
      }
      return ids.length ? ok(ids) : column.required ? fail('is required') : ok(null);
    }
    case 'email': {
      if (typeof raw !== 'string') return fail('must be an email address');
      const text = raw.trim();
      return EMAIL.test(text) && text.length <= 320 ? ok(text) : fail('must be an email address');
    }
    case 'url': {
      if (typeof raw !== 'string' || raw.length > 2000) return fail('must be a web address');
      const url = toUrl(raw);
      return url ? ok(url) : fail('must be a web address (http or https)');
    }
    case 'user': {
      if (typeof raw !== 'string' || raw.length > 320) return fail("must name a member (their email, name or id)");
      if (people) {
        const found = people(raw);
        return found.ok ? ok(found.id) : fail(found.message);
      }
      if (!UUID.test(raw.trim())) return fail('must be the id of a member');
      return ok(raw.trim().toLowerCase());
    }
  }
}

/** The text people see for a stored value: option labels, TRUE/FALSE, numbers as typed. Used by export and type changes. */
export function cellText(column: ColumnRules, value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'select') return findOption(column.options, String(value))?.label ?? String(value);
  if (column.type === 'multiSelect' && Array.isArray(value)) {
    return value.map((id) => findOption(column.options, id)?.label ?? id).join(', ');
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** A value of `from` converted for `to` through its text, as a person retyping it would. */
export function convertCell(from: ColumnRules, to: ColumnRules, value: CellValue, people?: PersonLookup): CellResult {
  if (from.type === to.type && from.type !== 'select' && from.type !== 'multiSelect') return normaliseCell(to, value, people);
  if (from.type === to.type) {
    // Same select type: values are option ids, and an option keeps its id when renamed, recoloured or moved.
    const ids = new Set((to.options ?? []).map((o) => o.id));
    if ((Array.isArray(value) ? value : [value]).every((v) => typeof v === 'string' && ids.has(v))) return { ok: true, value };
  }
  if (to.type === 'multiSelect' && from.type === 'select') return normaliseCell(to, [cellText(from, value)]);
  return normaliseCell(to, cellText(from, value), people);
}
