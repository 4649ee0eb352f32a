import { describe, expect, it } from 'vitest';
import { valueText } from './value-text';

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
