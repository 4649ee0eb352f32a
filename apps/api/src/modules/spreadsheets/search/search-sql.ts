import type { Column, ColumnType } from '@contrivance/contracts';
import type { SqlBinder } from '../cells/column-types';
import { rowTextSql } from '../rows/search-index';
import { storedKey } from '../cells/stored-keys';

/** Read as their stored text: text, long text, emails, web addresses, dates (YYYY-MM-DD). */
const STORED_TEXT: ReadonlySet<ColumnType> = new Set(['text', 'longText', 'email', 'url', 'date']);
const NUMBERS: ReadonlySet<ColumnType> = new Set(['number', 'currency', 'percent']);
/**
 * Past this many option ids and people a term names, the prefilter would be a long OR of index scans: the search
 * tests every row of the view instead.
 */
const MAX_PREFILTER_IDS = 32;

/** Which columns a search reads: stored text, numbers, options by label, people by name (not checkboxes nor computed columns). */
export function isSearchable(column: Pick<Column, 'type'>): boolean {
  return STORED_TEXT.has(column.type) || NUMBERS.has(column.type) || ['select', 'multiSelect', 'user'].includes(column.type);
}

/** An ILIKE pattern of text found anywhere, its `%`, `_` and `\` taken literally. */
export const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The term as a stored number reads, when it is written as the grid shows numbers: "$1,234.50" and "12.5%" are
 * 1234.5 and 12.5 (no thousands separators, currency or percent signs, no trailing zeros of a fraction); null when
 * the term is no number or reads the same.
 */
export function numberTerm(q: string): string | null {
  let text = q.replace(/[\s,$%]/g, '');
  if (!/^-?\d*\.?\d*$/.test(text) || !/\d/.test(text)) return null;
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text && text !== q ? text : null;
}

/** The ids among `options` whose label contains the term (case-insensitively, as ILIKE compares). */
export function optionsLabelled(column: Pick<Column, 'options'>, q: string): string[] {
  const term = q.toLowerCase();
  return (column.options ?? []).filter((o) => o.label.toLowerCase().includes(term)).map((o) => o.id);
}

export interface SearchSql {
  /** The columns searched, in order, each with the SQL condition of a match in the row `r`. */
  columns: { id: string; match: string }[];
  /**
   * A test every row with a match passes, over the row's whole text (see rowTextSql): the sheet's trigram index
   * answers it, so PostgreSQL reads only candidate rows (its values are bound when called). Null when the term names
   * too many options or people.
   */
  prefilter: (() => string) | null;
}

/**
 * The SQL of a search for `q` in `columns` (in order), over the row `r`: stored text and numbers by substring (a
 * number also as the grid formats it, see numberTerm), select and multi-select cells by an option whose label
 * contains the term, user cells by a person (`people`: the ids of those whose name contains it).
 */
export function searchSql(columns: readonly Column[], q: string, people: readonly string[], bind: SqlBinder): SearchSql {
  // Bound when first used: PostgreSQL refuses a parameter that no part of the query reads.
  const once = (value: unknown) => {
    let placeholder: string | undefined;
    return () => (placeholder ??= bind.add(value));
  };
  const pattern = once(containsPattern(q));
  const number = numberTerm(q);
  const numberPattern = number === null ? null : once(containsPattern(number));
  const ids = new Set<string>();
  const searched = columns.flatMap((column) => {
    const key = () => `${bind.add(storedKey(column))}::text`;
    if (STORED_TEXT.has(column.type)) return [{ id: column.id, match: `r.data->>${key()} ILIKE ${pattern()}` }];
    if (NUMBERS.has(column.type)) {
      const cell = `r.data->>${key()}`;
      return [{ id: column.id, match: numberPattern ? `(${cell} ILIKE ${pattern()} OR ${cell} ILIKE ${numberPattern()})` : `${cell} ILIKE ${pattern()}` }];
    }
    const matching = column.type === 'user' ? [...people] : column.type === 'select' || column.type === 'multiSelect' ? optionsLabelled(column, q) : [];
    if (!matching.length) return [];
    matching.forEach((id) => ids.add(id));
    const list = `${bind.add(matching)}::text[]`;
    return [{ id: column.id, match: column.type === 'multiSelect' ? `(r.data->${key()}) ?| ${list}` : `r.data->>${key()} = ANY(${list})` }];
  });
  if (ids.size > MAX_PREFILTER_IDS) return { columns: searched, prefilter: null };
  // The row's text is JSON: the term, a number or an id is found in it as JSON writes them (quotes and backslashes escaped).
  const inRowText = (text: string) => `${rowTextSql('r.')} ILIKE ${bind.add(containsPattern(JSON.stringify(text).slice(1, -1)))}`;
  const prefilter = () => `(${[q, ...(number === null ? [] : [number]), ...ids].map(inRowText).join(' OR ')})`;
  return { columns: searched, prefilter };
}
