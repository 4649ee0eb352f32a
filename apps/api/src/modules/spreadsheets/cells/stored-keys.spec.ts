import type { Column } from '@contrivance/contracts';
import { storedKey, storedKeys, storedKeySql, StoredKeys, withStoredKey } from './stored-keys';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

const column = (id: string, key: number): Column => withStoredKey({ id, name: id.slice(0, 4), type: 'text', position: 0, hidden: false, required: false }, key);
const columns = [column(A, 1), column(B, 2), column(C, 12)];

describe('stored keys', () => {
  it('keeps a column key out of JSON and in spreads and frozen copies', () => {
    const [a] = columns;
    expect(JSON.parse(JSON.stringify(a))).not.toHaveProperty('key');
    expect(Object.keys(a)).not.toContain('key');
    expect(JSON.stringify(a)).not.toMatch(/:1[,}]/);
    const renamed: Column = { ...a, name: 'Renamed' };
    expect(storedKey(renamed)).toBe('1');
    expect(storedKey(Object.freeze({ ...a }))).toBe('1');
    expect(storedKeySql(columns[2])).toBe(`'12'`);
  });

  it('refuses a column without a key rather than write SQL reading a cell no row has', () => {
    const plain = JSON.parse(JSON.stringify(columns[0])) as Column;
    expect(() => storedKey(plain)).toThrow('has no stored key');
  });

  it('maps cells by column id to stored keys and back, leaving out what no column has', () => {
    const keys = new StoredKeys(columns);
    const values = { [A]: 'Acme', [C]: 12.5, [B]: null, '99999999-9999-4999-8999-999999999999': 'gone' };
    const stored = keys.toStored(values);
    expect(stored).toEqual({ '1': 'Acme', '12': 12.5, '2': null });
    expect(keys.toIds(stored)).toEqual({ [A]: 'Acme', [C]: 12.5, [B]: null });
    expect(keys.toIds({ '1': 'x', '3': 'deleted column' })).toEqual({ [A]: 'x' });
    expect(keys.keys([B, '99999999-9999-4999-8999-999999999999', C])).toEqual(['2', '12']);
  });

  it('keeps JSON values as they are (lists, objects, falsy values)', () => {
    const keys = new StoredKeys(columns);
    const values = { [A]: ['r1', 'r2'], [B]: { error: '#DIV/0!' }, [C]: 0 };
    expect(keys.toIds(keys.toStored(values))).toEqual(values);
    expect(keys.toIds(keys.toStored({ [A]: false, [B]: '' }))).toEqual({ [A]: false, [B]: '' });
  });

  it('builds the maps once per list of columns', () => {
    expect(storedKeys(columns)).toBe(storedKeys(columns));
    expect(storedKeys([...columns])).not.toBe(storedKeys(columns));
  });
});
