import { pickContentCoding } from './content-coding';

describe('pickContentCoding', () => {
  const both = ['br', 'gzip'] as const;

  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['GZIP;Q=1, BR;Q=0.1', 'gzip'],
    ['*', 'br'],
    ['*;q=0.5, br;q=0', 'gzip'],
    ['br;q=0.4, identity;q=0.5', null],
    ['br;q=0, gzip;q=0', null],
    ['identity', null],
    ['deflate', null],
    ['br;q=abc', null],
    ['', null],
  ])('%j gives %s', (header, expected) => {
    expect(pickContentCoding(header, both)).toBe(expected);
  });

  it('sends the file as it is when no Accept-Encoding was sent', () => {
    expect(pickContentCoding(undefined, both)).toBeNull();
  });

  it('only picks copies that exist', () => {
    expect(pickContentCoding('br, gzip', ['gzip'])).toBe('gzip');
    expect(pickContentCoding('br', ['gzip'])).toBeNull();
    expect(pickContentCoding('br, gzip', [])).toBeNull();
  });
});
