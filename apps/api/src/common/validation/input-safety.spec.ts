import { inputProblem, jsonNestsDeeperThan, unstorableText } from './input-safety';

const bytes = (text: string) => Buffer.from(text);
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonNestsDeeperThan(bytes(nested(3)), 3)).toBe(false);
    expect(jsonNestsDeeperThan(bytes(nested(4)), 3)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('{"a":{"b":{"c":1}}}'), 3)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"a":{"b":{"c":{}}}}'), 3)).toBe(true);
    expect(jsonNestsDeeperThan(bytes(`{"a":"${'['.repeat(100)}"}`), 3)).toBe(false);
  });

  it('is not fooled by escaped quotes', () => {
    expect(jsonNestsDeeperThan(bytes(`{"a":"\\"${'{'.repeat(10)}"}`), 3)).toBe(false);
    expect(jsonNestsDeeperThan(bytes(`{"a":"\\\\",${'"b":{'.repeat(5)}}`), 3)).toBe(true);
  });

  it('reads a megabyte of nesting without recursion', () => {
    expect(jsonNestsDeeperThan(bytes(nested(500_000)))).toBe(true);
  });
});

describe('unstorableText', () => {
  it.each(['a\u0000b', '\ud800', 'x\udc00', '\udc00\ud800'])('refuses %j', (text) => expect(unstorableText(text)).not.toBeNull());
  it.each(['', 'plain', '𝕏 emoji 😀', 'ünïcödé', '\u0001 control'])('accepts %j', (text) => expect(unstorableText(text)).toBeNull());
});

describe('inputProblem', () => {
  it('names the field holding NUL or a lone surrogate, in values and in keys', () => {
    expect(inputProblem({ name: 'ok', rows: [{ values: { a: 'x\u0000' } }] })).toMatchObject({ field: 'rows.0.values.a' });
    expect(inputProblem({ values: { ['bad\u0000key']: 1 } })).toMatchObject({ field: 'values', message: expect.stringContaining('field name') });
    expect(inputProblem(['\ud83d'])).toMatchObject({ field: '0' });
    expect(inputProblem('\u0000')).toMatchObject({ field: '(body)' });
  });

  it('refuses nesting beyond the limit without recursing', () => {
    let deep: unknown = {};
    for (let i = 0; i < 100_000; i += 1) deep = { a: deep };
    expect(inputProblem(deep, 32)).toMatchObject({ message: 'nests deeper than 32 levels' });
    let shallow: unknown = 'leaf';
    for (let i = 0; i < 32; i += 1) shallow = [shallow];
    expect(inputProblem(shallow, 32)).toBeNull();
  });

  it('accepts ordinary input', () => {
    expect(inputProblem({ rows: [{ values: { a: 1, b: ['x', 'y'], c: null, d: true } }], beforeRowId: 'x' })).toBeNull();
    expect(inputProblem(undefined)).toBeNull();
  });
});
