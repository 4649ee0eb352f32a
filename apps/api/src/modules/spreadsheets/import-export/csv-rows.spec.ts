import type { CellValue, Column } from '@contrivance/contracts';
import { csvLines } from './csv-rows';

const column = (id: string, name: string, type: Column['type'], extra: Partial<Column> = {}): Column => ({ id, name, type, position: 0, hidden: false, required: false, ...extra });

const columns = [
  column('c1', 'Name', 'text'),
  column('c2', 'Amount', 'number'),
  column('c3', 'Stage', 'select', { options: [{ id: 'o1', label: 'Won' }] }),
  column('c4', 'Owner', 'user'),
];

async function* rows(...data: Record<string, CellValue>[]) {
  for (const d of data) yield { data: d };
}

const collect = async (chunks: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
};

const people = (id: string) => (id === 'u1' ? 'Ada' : undefined);

describe('csvLines', () => {
  it('starts with a byte-order mark and the header, then one line per row with labels, names and raw numbers', async () => {
    const lines = await collect(csvLines(columns, rows({ c1: 'Acme', c2: -5, c3: 'o1', c4: 'u1' }, {}), people));
    expect(lines).toEqual(['\uFEFFName,Amount,Stage,Owner\n', 'Acme,-5,Won,Ada\n', ',,,\n']);
  });

  it('neutralises formula-like text, in names and cells, but not numbers', async () => {
    const lines = await collect(csvLines([column('c1', '=Total', 'text'), column('c2', 'N', 'number')], rows({ c1: '@cmd', c2: -1 }), people));
    expect(lines).toEqual(["\uFEFF'=Total,N\n", "'@cmd,-1\n"]);
  });

  it('quotes commas, quotes and line breaks, and writes someone who left by id', async () => {
    const lines = await collect(csvLines(columns, rows({ c1: 'a, "b"\nc', c4: 'u9' }), people));
    expect(lines[1]).toBe('"a, ""b""\nc",,,u9\n');
  });

  it('yields the header alone for a sheet without rows', async () => {
    expect(await collect(csvLines(columns, rows(), people))).toEqual(['\uFEFFName,Amount,Stage,Owner\n']);
  });

  it('reads rows only as its chunks are taken', async () => {
    let read = 0;
    async function* counted() {
      for (let i = 0; i < 3; i += 1) {
        read += 1;
        yield { data: { c1: `row ${i}` } };
      }
    }
    const lines = csvLines(columns, counted(), people);
    await lines.next();
    await lines.next();
    expect(read).toBe(1);
    await lines.return(undefined);
  });
});
