import { LinkNames } from './link-names';

const ACME = '00000000-0000-4000-8000-000000000001';
const ACME_INC = '00000000-0000-4000-8000-000000000002';
const GLOBEX = '00000000-0000-4000-8000-000000000003';
const TWIN_A = '00000000-0000-4000-8000-000000000004';
const TWIN_B = '00000000-0000-4000-8000-000000000005';

/** The other sheet: rows by name, and the names each lookup asked for. */
function sheet() {
  const rows = [
    { id: ACME, label: 'Acme' },
    { id: ACME_INC, label: 'Acme, Inc' },
    { id: GLOBEX, label: 'Globex' },
    { id: TWIN_A, label: 'Twin' },
    { id: TWIN_B, label: 'Twin' },
  ];
  const asked: string[][] = [];
  const names = new LinkNames(async (wanted) => {
    asked.push(wanted);
    return rows.filter((r) => wanted.includes(r.label));
  });
  return { names, asked };
}

describe('LinkNames', () => {
  it('reads names joined with ", " as exports write them, in order and once each', async () => {
    const { names } = sheet();
    await names.learn(['Globex, Acme', ' Acme ,Globex, Acme ']);
    expect(names.read('Globex, Acme')).toEqual({ ok: true, ids: [GLOBEX, ACME] });
    expect(names.read(' Acme ,Globex, Acme ')).toEqual({ ok: true, ids: [ACME, GLOBEX] });
  });

  it('prefers the longest name, so a name with a comma is one row', async () => {
    const { names } = sheet();
    await names.learn(['Acme, Inc, Globex', 'Acme, Globex']);
    expect(names.read('Acme, Inc, Globex')).toEqual({ ok: true, ids: [ACME_INC, GLOBEX] });
    expect(names.read('Acme, Globex')).toEqual({ ok: true, ids: [ACME, GLOBEX] });
  });

  it('takes row ids as they are, and refuses unknown and ambiguous names saying which', async () => {
    const { names } = sheet();
    await names.learn([`${GLOBEX.toUpperCase()}, Acme`, 'Acme, Initech', 'Twin']);
    expect(names.read(`${GLOBEX.toUpperCase()}, Acme`)).toEqual({ ok: true, ids: [GLOBEX, ACME] });
    expect(names.read('Acme, Initech')).toEqual({ ok: false, message: 'names no row of the linked sheet: "Initech"' });
    expect(names.read('Twin')).toEqual({ ok: false, message: `"Twin" names 2 rows of the linked sheet; write the row's id instead` });
  });

  it('reads an empty cell as no links', async () => {
    const { names } = sheet();
    await names.learn([' , ']);
    expect(names.read(' , ')).toEqual({ ok: true, ids: [] });
  });

  it('asks for each name once over the whole file (a run of pieces is a name of its own)', async () => {
    const { names, asked } = sheet();
    await names.learn(['Acme', 'Globex']);
    await names.learn(['Globex, Acme', 'Acme']);
    await names.learn(['Globex']);
    expect(asked).toEqual([['Acme', 'Globex'], ['Globex, Acme']]);
  });
});
