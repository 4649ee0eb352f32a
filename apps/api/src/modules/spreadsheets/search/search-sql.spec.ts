import type { Column } from '@contrivance/contracts';
import { SqlParams } from '../../../database/sql-params';
import { containsPattern, isSearchable, numberTerm, optionsLabelled, searchSql } from './search-sql';
import { storedKey, withStoredKey } from '../cells/stored-keys';

let lastKey = 0;
const column = (id: string, type: Column['type'], extra: Partial<Column> = {}): Column =>
  withStoredKey({ id, name: id, type, position: 0, hidden: false, required: false, ...extra }, ++lastKey);
const stage = column('stage', 'select', {
  options: [
    { id: 'o1', label: 'Won' },
    { id: 'o2', label: 'Lost' },
    { id: 'o3', label: 'Wonder' },
  ],
});

describe('search SQL', () => {
  it('takes %, _ and \\ in a term literally', () => {
    expect(containsPattern('100%_a\\b')).toBe('%100\\%\\_a\\\\b%');
  });

  it('reads a term written as the grid shows numbers as the stored number', () => {
    expect(numberTerm('$1,234.50')).toBe('1234.5');
    expect(numberTerm('12.5%')).toBe('12.5');
    expect(numberTerm('1,000')).toBe('1000');
    expect(numberTerm('2.0')).toBe('2');
    // Already as stored, or no number at all.
    expect(numberTerm('1234')).toBeNull();
    expect(numberTerm('2026-03')).toBeNull();
    expect(numberTerm('%')).toBeNull();
    expect(numberTerm('deal 7')).toBeNull();
  });

  it('finds options by label, case-insensitively', () => {
    expect(optionsLabelled(stage, 'WON')).toEqual(['o1', 'o3']);
    expect(optionsLabelled(stage, 'o1')).toEqual([]);
  });

  it('searches stored text, numbers, options and people, not checkboxes nor computed columns', () => {
    const searchable = (['text', 'longText', 'email', 'url', 'date', 'number', 'currency', 'percent', 'select', 'multiSelect', 'user'] as const).map((t) => column(t, t));
    expect(searchable.every(isSearchable)).toBe(true);
    expect((['checkbox', 'formula', 'link', 'lookup', 'rollup'] as const).map((t) => column(t, t)).some(isSearchable)).toBe(false);
  });

  it('binds only the values its SQL reads, and the prefilter only when asked for', () => {
    const params = new SqlParams(['sheet']);
    const name = column('name', 'text');
    const sql = searchSql([name, stage, column('owner', 'user'), column('tags', 'multiSelect', { options: [] })], 'won', [], params);
    // The user and multi-select columns match nothing: they are left out, and so are their keys.
    expect(sql.columns.map((c) => c.id)).toEqual(['name', 'stage']);
    expect(params.values).toEqual(['sheet', storedKey(name), '%won%', ['o1', 'o3'], storedKey(stage)]);
    expect(sql.columns[1].match).toBe('r.data->>$5::text = ANY($4::text[])');
    const prefilter = sql.prefilter!();
    // The term and each option id, tested on the row's whole text.
    expect(prefilter.match(/ILIKE/g)).toHaveLength(3);
    expect(params.values.slice(5)).toEqual(['%won%', '%o1%', '%o3%']);
  });

  it('looks for a term in the row text as JSON writes it', () => {
    const params = new SqlParams();
    searchSql([column('name', 'text')], 'say "hi"', [], params).prefilter!();
    expect(params.values.at(-1)).toBe('%say \\\\"hi\\\\"%');
  });

  it('has no prefilter when a term names too many options (a scan instead of a long OR)', () => {
    const many = column('many', 'select', { options: Array.from({ length: 40 }, (_, i) => ({ id: `x${i}`, label: `Option ${i}` })) });
    expect(searchSql([many], 'option', [], new SqlParams()).prefilter).toBeNull();
  });
});
