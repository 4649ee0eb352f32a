import { describe, expect, it } from 'vitest';
import { parseTsv, toHtml, toTsv } from './clipboard';

describe('the clipboard format of a block of cells', () => {
  const block = [
    ['Deal', 'Value', 'Notes'],
    ['Acme, Inc.', '$1,200.00', 'two\nlines'],
    ['Say "hi"', '', 'tab\there'],
  ];

  it('writes TSV that spreadsheet programs read: quotes only where a cell needs them', () => {
    expect(toTsv(block)).toBe('Deal\tValue\tNotes\r\nAcme, Inc.\t$1,200.00\t"two\nlines"\r\n"Say ""hi"""\t\t"tab\there"');
  });

  it('reads back exactly what it wrote, and what Excel and Google Sheets put on the clipboard', () => {
    expect(parseTsv(toTsv(block))).toEqual(block);
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('single')).toEqual([['single']]);
    expect(parseTsv('"multi\r\nline"\tx\n')).toEqual([['multi\r\nline', 'x']]);
    expect(parseTsv('5" screen\tok')).toEqual([['5" screen', 'ok']]);
    expect(parseTsv('a\t\tc')).toEqual([['a', '', 'c']]);
    expect(parseTsv('')).toEqual([]);
  });

  it('writes an HTML table with text escaped', () => {
    expect(toHtml([['<b>x</b> & y', 'a\nb']])).toBe('<table><tbody><tr><td>&lt;b&gt;x&lt;/b&gt; &amp; y</td><td>a<br>b</td></tr></tbody></table>');
  });
});
