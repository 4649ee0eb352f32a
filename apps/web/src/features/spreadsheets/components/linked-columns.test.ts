import type { Column, Spreadsheet } from '@contrivance/contracts';
import { describe, expect, it } from 'vitest';
import { madeAsIsSummary } from './column-types';
import { functionChoices, linkableSheets, linkedSettings, missingPick, NO_PICKS, readableFields, reverseNotice } from './linked-columns';

const column = (id: string, name: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ id, name, type, position: 0, hidden: false, required: false, ...extra });
const sheet = (id: string, name: string, myRole: Spreadsheet['myRole'], columns: Column[] = []): Spreadsheet => ({
  id,
  name,
  description: '',
  ownerId: 'o',
  myRole,
  rowCount: 0,
  version: 1,
  createdAt: '',
  updatedAt: '',
  columns,
});
const fns = (field: Column) => functionChoices(field).map((c) => `${c.fn}:${c.type}`);

describe('functionChoices', () => {
  it('offers sums, averages, min and max of numbers, in the number’s own type', () => {
    expect(fns(column('v', 'Value', 'currency'))).toEqual(['sum:currency', 'avg:currency', 'min:currency', 'max:currency', 'count:number', 'counta:number', 'arrayjoin:text']);
  });

  it('offers min and max of dates but no sum; and/or only for checkboxes; counts and lists for anything', () => {
    expect(fns(column('d', 'Close', 'date'))).toEqual(['min:date', 'max:date', 'count:number', 'counta:number', 'arrayjoin:text']);
    expect(fns(column('c', 'Won', 'checkbox'))).toEqual(['count:number', 'counta:number', 'arrayjoin:text', 'and:checkbox', 'or:checkbox']);
    expect(fns(column('s', 'Stage', 'select'))).toEqual(['count:number', 'counta:number', 'arrayjoin:text']);
  });

  it('reads a formula by its result type, and labels each function for people', () => {
    expect(fns(column('f', 'Weighted', 'formula', { resultType: 'percent' }))).toContain('sum:percent');
    expect(fns(column('f', 'Label', 'formula', { resultType: 'text' }))).not.toContain('sum:text');
    expect(functionChoices(column('v', 'Value', 'number'))[0]).toEqual({ fn: 'sum', label: 'Sum', type: 'number' });
    expect(functionChoices(undefined)).toEqual([]);
  });
});

describe('the picks of a new link, lookup or rollup', () => {
  it('links only to other sheets this person can edit', () => {
    const sheets = [sheet('a', 'This', 'owner'), sheet('b', 'Companies', 'editor'), sheet('c', 'Shown to me', 'viewer'), sheet('d', 'Mine', 'owner')];
    expect(linkableSheets(sheets, 'a').map((s) => s.name)).toEqual(['Companies', 'Mine']);
  });

  it('reads no link, lookup or rollup of the other sheet', () => {
    const fields = [column('1', 'Name', 'text'), column('2', 'Deals', 'link'), column('3', 'Values', 'lookup'), column('4', 'Total', 'rollup'), column('5', 'Score', 'formula')];
    expect(readableFields(fields).map((c) => c.name)).toEqual(['Name', 'Score']);
  });

  it('names the first missing pick by the field the API would name', () => {
    expect(missingPick('text', NO_PICKS)).toBeNull();
    expect(missingPick('link', NO_PICKS)).toEqual({ field: 'link.sheetId', message: 'Choose the sheet to link to' });
    expect(missingPick('lookup', { ...NO_PICKS, linkColumnId: 'l' })?.field).toBe('lookup.columnId');
    expect(missingPick('rollup', { ...NO_PICKS, linkColumnId: 'l', columnId: 'c' })?.field).toBe('rollup.fn');
    expect(missingPick('rollup', { sheetId: '', linkColumnId: 'l', columnId: 'c', fn: 'sum' })).toBeNull();
  });

  it('sends only the settings of the chosen type', () => {
    const picks = { sheetId: 's', linkColumnId: 'l', columnId: 'c', fn: 'max' as const };
    expect(linkedSettings('link', picks)).toEqual({ link: { sheetId: 's' } });
    expect(linkedSettings('lookup', picks)).toEqual({ lookup: { linkColumnId: 'l', columnId: 'c' } });
    expect(linkedSettings('rollup', picks)).toEqual({ rollup: { linkColumnId: 'l', columnId: 'c', fn: 'max' } });
    expect(linkedSettings('number', picks)).toEqual({});
  });

  it('says which column the link added to the other sheet', () => {
    const link = column('l', 'Company', 'link', { link: { sheetId: 'b', reverseColumnId: 'r' } });
    expect(reverseNotice(link, sheet('b', 'Companies', 'editor', [column('r', 'Deals', 'link')]))).toBe('Also added “Deals” to Companies, linking back.');
    expect(reverseNotice(link, undefined)).toBeNull();
  });
});

describe('madeAsIsSummary', () => {
  it('says what a lookup or rollup reads through and what a rollup shows', () => {
    const columns = [column('l', 'Deals', 'link'), column('x', 'Deal names', 'lookup', { lookup: { linkColumnId: 'l', columnId: 'n' } })];
    const rollup = column('t', 'Total', 'rollup', { rollup: { linkColumnId: 'l', columnId: 'v', fn: 'sum' }, resultType: 'currency' });
    expect(madeAsIsSummary(columns[1], columns)).toBe('Lookup through “Deals”');
    expect(madeAsIsSummary(rollup, columns)).toBe('Rollup (Sum) through “Deals” → Currency');
    expect(madeAsIsSummary(column('f', 'F', 'formula', { resultType: 'number' }), columns)).toBe('Formula → Number');
    expect(madeAsIsSummary(columns[0], columns)).toBe('Link to another sheet');
  });
});
