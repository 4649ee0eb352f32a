import { describe, expect, it } from 'vitest';
import { linkedText, valueText } from './value-text';

describe('valueText', () => {
  it('writes every cell value exactly as String() does', () => {
    const values: unknown[] = [
      '',
      'text',
      0,
      -0,
      1.5,
      -12,
      NaN,
      Infinity,
      1e21,
      true,
      false,
      null,
      undefined,
      [],
      ['a'],
      ['a', 'b'],
      ['a', null, undefined, 1],
      [['a', 'b'], 'c'],
      {},
      { a: 1 },
    ];
    for (const value of values) expect(valueText(value)).toBe(String(value));
  });

  it('writes a failed formula cell as its error code', () => {
    expect(valueText({ error: '#DIV/0!' })).toBe('#DIV/0!');
    expect(valueText({ error: 1 })).toBe('[object Object]');
  });
});

describe('linkedText', () => {
  it('writes a link cell as its rows’ labels, a hidden one as its count, a lookup as its values', () => {
    expect(
      linkedText([
        { rowId: 'a', label: 'Acme' },
        { rowId: 'b', label: 'Globex' },
      ]),
    ).toBe('Acme, Globex');
    expect(linkedText({ hidden: true, count: 1 })).toBe('1 linked row');
    expect(linkedText({ hidden: true, count: 4 })).toBe('4 linked rows');
    expect(linkedText([120, 'x', true])).toBe('120, x, true');
    expect(linkedText(null)).toBe('');
    expect(linkedText(undefined)).toBe('');
  });
});
