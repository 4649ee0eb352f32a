import { CsvFileError, MAX_RECORD_CHARS, csvRecords } from './csv-records';

/** The records of `chunks` (Buffers, as a file stream gives them), all batches joined. */
async function records(chunks: Buffer[]): Promise<string[][]> {
  const out: string[][] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const batch of csvRecords(source())) out.push(...batch);
  return out;
}

/** `text` as bytes cut at `cuts` (byte offsets), which may fall inside a character. */
const cut = (text: string, ...cuts: number[]): Buffer[] => {
  const bytes = Buffer.from(text);
  const at = [0, ...cuts, bytes.length];
  return at.slice(1).map((end, i) => bytes.subarray(at[i], end));
};

const AWKWARD = [
  'Deal,Notes,Value',
  'Plain,no quotes,1',
  '"Quoted, with comma","and ""doubled"" quotes",2',
  '"Line\nbreak","carriage\r\nreturn inside",3',
  'Zoë,“curly” ✓ € 😀,4',
  '',
  'Short row',
  '  spaces kept  ,"",5',
  'Last,,6',
];

describe('csvRecords', () => {
  it('reads quotes, doubled quotes, line breaks in values, unicode and short rows, and skips empty lines', async () => {
    expect(await records(cut(`${AWKWARD.join('\n')}\n`))).toEqual([
      ['Deal', 'Notes', 'Value'],
      ['Plain', 'no quotes', '1'],
      ['Quoted, with comma', 'and "doubled" quotes', '2'],
      ['Line\nbreak', 'carriage\r\nreturn inside', '3'],
      ['Zoë', '“curly” ✓ € 😀', '4'],
      ['Short row'],
      ['  spaces kept  ', '', '5'],
      ['Last', '', '6'],
    ]);
  });

  it.each([
    ['\\n', '\n'],
    ['\\r\\n', '\r\n'],
    ['\\r', '\r'],
  ])('gives the same records wherever the file is cut, even inside a character (%s line ends)', async (_name, eol) => {
    const text = `\ufeff${AWKWARD.join(eol)}${eol}`;
    const whole = await records(cut(text));
    expect(whole[0]).toEqual(['Deal', 'Notes', 'Value']);
    expect(whole).toHaveLength(8);
    const size = Buffer.byteLength(text);
    for (let i = 1; i < size; i += 1) {
      expect(await records(cut(text, i))).toEqual(whole);
      expect(await records(cut(text, Math.floor(i / 2), i))).toEqual(whole);
    }
  });

  it('reads a last line without a line end, and a file of only a byte-order mark as nothing', async () => {
    expect(await records(cut('a,b\n1,2'))).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(await records(cut('\ufeff'))).toEqual([]);
    expect(await records([])).toEqual([]);
  });

  it('refuses a quote never closed, or followed by text, naming the line', async () => {
    await expect(records(cut('a,b\n1,2\n"open,3\n4,5\n'))).rejects.toThrow(new CsvFileError('a quoted value is never closed (line 3)'));
    await expect(records(cut('a,b\n"x"y,1\n', 5))).rejects.toThrow(/^a quoted value has text after its closing quote \(line 2\)$/);
  });

  it('refuses a record longer than MAX_RECORD_CHARS before reading the rest of the file', async () => {
    const chunk = Buffer.from('y'.repeat(64 * 1024));
    let read = 0;
    async function* endless() {
      yield Buffer.from('a,b\n"never closed,');
      // Stops being read once the record is too long: 100 MB would follow.
      for (let i = 0; i < 1600; i += 1) {
        read += 1;
        yield chunk;
      }
    }
    const all = async () => {
      for await (const batch of csvRecords(endless())) void batch;
    };
    await expect(all()).rejects.toThrow(`line 2 is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters, or a quoted value in it is never closed`);
    expect(read).toBeLessThan(20);
  });

  it('counts the bytes it reads', async () => {
    let bytes = 0;
    async function* source() {
      yield* cut('a,b\n1,2\n', 3);
    }
    for await (const batch of csvRecords(source(), (n) => (bytes += n))) void batch;
    expect(bytes).toBe(8);
  });
});
