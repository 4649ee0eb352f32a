import type { Column, LinkedRow, Row } from '@contrivance/contracts';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { StoredLinkedValues } from '../src/modules/spreadsheets/links/stored-linked-values.service';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

/** A small seeded generator, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]) => list[int(list.length)];
  const some = <T>(list: readonly T[], most: number) => [...new Set(Array.from({ length: int(most + 1) }, () => pick(list)))].filter((x) => x !== undefined);
  return { int, pick, some };
}

const links = (value: unknown) => (Array.isArray(value) ? (value as LinkedRow[]).map((l) => l.rowId) : []);

/**
 * Lookups and rollups are kept in their rows and brought up to date by every change that moves them. This drives a
 * pipeline through a random sequence of every such change — values, stages, links from either side, new and deleted
 * rows on both sides, a company renamed, an import, the formula a rollup reads and the option labels that formula
 * reads changed, another column put first (links show the first column) — and after each few steps compares what the API reads against the same values computed here from
 * the rows themselves.
 */
describe('kept lookups and rollups', () => {
  let server: RunningServer;
  let owner: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    owner = await registerMember(server);
  });
  afterAll(() => server.close());

  const http = () => request(server.url);
  const all = async (sheetId: string, query: Record<string, unknown> = {}) => (await api.list(owner, sheetId, { limit: 1000, ...query })).items;

  it('equal the values computed from the linked rows after a random sequence of changes on both sides', async () => {
    const seed = Number(process.env.STORED_LINKED_SEED ?? Date.now() % 100_000);
    const rnd = random(seed);
    const companies = await api.create(owner, { name: 'Companies' });
    const name = await api.column(owner, companies.id, { name: 'Name', type: 'text' });
    const deals = await api.create(owner, { name: 'Deals' });
    const title = await api.column(owner, deals.id, { name: 'Deal', type: 'text' });
    const value = await api.column(owner, deals.id, { name: 'Value', type: 'currency' });
    let stage = await api.column(owner, deals.id, { name: 'Stage', type: 'select', options: [{ label: 'Open' }, { label: 'Won' }, { label: 'Lost' }] });
    const weighted = await api.column(owner, deals.id, { name: 'Won value', type: 'formula', formula: 'IF({Stage} = "Won", {Value}, 0)' });
    const account = await api.column(owner, deals.id, { name: 'Account', type: 'link', link: { sheetId: companies.id } });
    const reverse = account.link!.reverseColumnId;
    const rollup = (label: string, columnId: string, fn: string) =>
      api.column(owner, companies.id, { name: label, type: 'rollup', rollup: { linkColumnId: reverse, columnId, fn } });
    const total = await rollup('Total', value.id, 'sum');
    const wonTotal = await rollup('Won', weighted.id, 'sum');
    const count = await rollup('Deals count', value.id, 'count');
    const biggest = await rollup('Biggest', value.id, 'max');
    const stages = await api.column(owner, companies.id, { name: 'Stages', type: 'lookup', lookup: { linkColumnId: reverse, columnId: stage.id } });
    const accountName = await api.column(owner, deals.id, { name: 'Account name', type: 'lookup', lookup: { linkColumnId: account.id, columnId: name.id } });

    let companyIds = (
      await api.rows(
        owner,
        companies.id,
        ['Acme', 'Globex', 'Initech', 'Umbrella'].map((n) => ({ [name.id]: n })),
      )
    ).map((r) => r.id);
    let dealIds = (
      await api.rows(
        owner,
        deals.id,
        Array.from({ length: 12 }, (_, i) => ({
          [title.id]: `Deal ${i}`,
          [value.id]: 100 * (i + 1),
          [stage.id]: rnd.pick(stage.options!).id,
          [account.id]: rnd.some(companyIds, 2),
        })),
      )
    ).map((r) => r.id);
    let formulaTimes = 1;
    let valueFirst = false;
    let won = 'Won';

    /** What the kept values must be, computed here from the rows as read. */
    async function check(step: string) {
      const dealRows = new Map((await all(deals.id)).map((r) => [r.id, r]));
      const companyRows = await all(companies.id);
      const context = `seed ${seed}, after ${step}`;
      for (const company of companyRows) {
        const linked = links(company.values[reverse]).map((id) => dealRows.get(id)!);
        const values = linked.flatMap((d) => (typeof d.values[value.id] === 'number' ? [d.values[value.id] as number] : []));
        const stageLabels = linked.flatMap((d) => stage.options!.filter((o) => o.id === d.values[stage.id]).map((o) => o.label));
        // The formula compares the stage's label with the text "Won": while that option is called otherwise, nothing matches.
        const wonValues = linked.map((d) => (stage.options!.find((o) => o.id === d.values[stage.id])?.label === 'Won' ? ((d.values[value.id] as number) ?? 0) * formulaTimes : 0));
        expect({ context, id: company.id, values: pickValues(company, [total, wonTotal, count, biggest, stages]) }).toEqual({
          context,
          id: company.id,
          values: {
            [total.id]: values.reduce((a, b) => a + b, 0),
            [wonTotal.id]: wonValues.reduce((a, b) => a + b, 0),
            [count.id]: linked.length,
            [biggest.id]: values.length ? Math.max(...values) : null,
            [stages.id]: stageLabels.length ? stageLabels : null,
          },
        });
      }
      const names = new Map(companyRows.map((c) => [c.id, c.values[name.id] as string | undefined]));
      // A link cell's labels are the linked rows' first column: the company's name, and the deal's title or, once
      // Value was moved first, its value.
      const label = (deal: Row) => {
        const first = deal.values[valueFirst ? value.id : title.id];
        return typeof first === 'number' || typeof first === 'string' ? String(first) : '';
      };
      for (const company of companyRows) {
        const expected = links(company.values[reverse]).map((id) => ({ rowId: id, label: label(dealRows.get(id)!) }));
        expect({ context, id: company.id, deals: company.values[reverse] ?? [] }).toEqual({ context, id: company.id, deals: expected });
      }
      for (const deal of dealRows.values()) {
        const expected = links(deal.values[account.id]).flatMap((id) => (names.get(id) ? [names.get(id)] : []));
        expect({ context, id: deal.id, names: deal.values[accountName.id] ?? null }).toEqual({ context, id: deal.id, names: expected.length ? expected : null });
        const labels = links(deal.values[account.id]).map((id) => ({ rowId: id, label: names.get(id) ?? '' }));
        expect({ context, id: deal.id, account: deal.values[account.id] ?? [] }).toEqual({ context, id: deal.id, account: labels });
      }
      // Sorted by a kept rollup, pages follow its values.
      const sorted = (await all(companies.id, { sort: `${total.id}:desc` })).map((c) => c.values[total.id] as number);
      expect(sorted).toEqual([...sorted].sort((a, b) => b - a));
    }

    const patch = (sheetId: string, rowId: string, values: Record<string, unknown>) =>
      http().patch(`/api/spreadsheets/${sheetId}/rows/${rowId}`).set(owner.auth).send({ values }).expect(200);
    const steps: Record<string, () => Promise<unknown>> = {
      'a value edited': () => patch(deals.id, rnd.pick(dealIds), { [value.id]: rnd.int(5) === 0 ? null : rnd.int(10_000) }),
      'a stage edited': () => patch(deals.id, rnd.pick(dealIds), { [stage.id]: rnd.pick(stage.options!).id }),
      'a deal relinked': () => patch(deals.id, rnd.pick(dealIds), { [account.id]: rnd.some(companyIds, 3) }),
      'a company relinked': () => patch(companies.id, rnd.pick(companyIds), { [reverse]: rnd.some(dealIds, 4) }),
      'a deal added with links': async () => {
        const [row] = await api.rows(owner, deals.id, [
          { [title.id]: 'New', [value.id]: rnd.int(1000), [stage.id]: rnd.pick(stage.options!).id, [account.id]: rnd.some(companyIds, 2) },
        ]);
        dealIds.push(row.id);
      },
      'a company added with links': async () => {
        const [row] = await api.rows(owner, companies.id, [{ [name.id]: `Co ${rnd.int(1000)}`, [reverse]: rnd.some(dealIds, 3) }]);
        companyIds.push(row.id);
      },
      'a deal deleted': async () => {
        const id = rnd.pick(dealIds);
        await http().delete(`/api/spreadsheets/${deals.id}/rows/${id}`).set(owner.auth).expect(204);
        dealIds = dealIds.filter((d) => d !== id);
      },
      'a company deleted': async () => {
        if (companyIds.length < 3) return;
        const id = rnd.pick(companyIds);
        await http().delete(`/api/spreadsheets/${companies.id}/rows/${id}`).set(owner.auth).expect(204);
        companyIds = companyIds.filter((c) => c !== id);
      },
      'a company renamed': () => patch(companies.id, rnd.pick(companyIds), { [name.id]: rnd.int(4) === 0 ? null : `Renamed ${rnd.int(100)}` }),
      'companies imported': async () => {
        await http()
          .post(`/api/spreadsheets/${companies.id}/import`)
          .set(owner.auth)
          .attach('file', Buffer.from(`Name\nImported ${rnd.int(100)}\nImported ${rnd.int(100)}\n`), { filename: 'companies.csv', contentType: 'text/csv' })
          .expect(201);
        companyIds = (await all(companies.id)).map((c) => c.id);
      },
      'the formula changed': async () => {
        formulaTimes = formulaTimes === 1 ? 2 : 1;
        await http()
          .patch(`/api/spreadsheets/${deals.id}/columns/${weighted.id}`)
          .set(owner.auth)
          .send({ formula: formulaTimes === 1 ? 'IF({Stage} = "Won", {Value}, 0)' : 'IF({Stage} = "Won", {Value} * 2, 0)' })
          .expect(200);
      },
      'the first column of Deals changed': async () => {
        // Deal moved away from the front (Value comes first, though its column did not change), or back to it.
        valueFirst = !valueFirst;
        await http()
          .patch(`/api/spreadsheets/${deals.id}/columns/${title.id}`)
          .set(owner.auth)
          .send({ position: valueFirst ? 1 : 0 })
          .expect(200);
      },
      'an option the formula reads renamed': async () => {
        const next = stage.options!.map((o) => (o.label === won ? { ...o, label: won === 'Won' ? 'Closed won' : 'Won' } : o));
        stage = (await http().patch(`/api/spreadsheets/${deals.id}/columns/${stage.id}`).set(owner.auth).send({ options: next }).expect(200)).body as Column;
        won = won === 'Won' ? 'Closed won' : 'Won';
      },
    };

    await check('the start');
    // Every kind of step once (each checked at once), then a random mix.
    const names = Object.keys(steps);
    const sequence = [
      ...names
        .map((n) => ({ n, k: rnd.int(1000) }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.n),
      ...Array.from({ length: 48 }, () => rnd.pick(names)),
    ];
    for (const [i, step] of sequence.entries()) {
      await steps[step]();
      if (i < names.length || i % 6 === 0) await check(`step ${i + 1} (${step})`);
    }
    await check('the last step');
  });

  it('computes the rows of sheets that existed before values were kept, once, when the app starts', async () => {
    const companies = await api.create(owner, { name: 'Old companies' });
    const name = await api.column(owner, companies.id, { name: 'Name', type: 'text' });
    const deals = await api.create(owner, { name: 'Old deals' });
    const value = await api.column(owner, deals.id, { name: 'Value', type: 'number' });
    const account = await api.column(owner, deals.id, { name: 'Account', type: 'link', link: { sheetId: companies.id } });
    const reverse = account.link!.reverseColumnId;
    const total = await api.column(owner, companies.id, { name: 'Total', type: 'rollup', rollup: { linkColumnId: reverse, columnId: value.id, fn: 'sum' } });
    const [acme, globex] = await api.rows(owner, companies.id, [{ [name.id]: 'Acme' }, { [name.id]: 'Globex' }]);
    await api.rows(owner, deals.id, [
      { [value.id]: 5, [account.id]: [acme.id] },
      { [value.id]: 7, [account.id]: [acme.id, globex.id] },
    ]);
    const read = async () => (await all(companies.id)).map((c) => [c.values[name.id], c.values[total.id], (c.values[reverse] as unknown[]).length]);
    expect(await read()).toEqual([
      ['Acme', 12, 2],
      ['Globex', 7, 1],
    ]);

    // As the migration leaves them: nothing kept, the sheets listed.
    const db = server.app.get(DataSource);
    await db.query(`UPDATE spreadsheet_rows SET linked = NULL WHERE sheet_id IN ($1, $2)`, [companies.id, deals.id]);
    await db.query(`INSERT INTO linked_backfill VALUES ($1), ($2)`, [companies.id, deals.id]);
    expect((await all(companies.id)).map((c) => c.values[total.id] ?? null)).toEqual([null, null]);

    await server.app.get(StoredLinkedValues).backfill();
    expect(await read()).toEqual([
      ['Acme', 12, 2],
      ['Globex', 7, 1],
    ]);
    expect((await all(deals.id)).map((d) => (d.values[account.id] as { label: string }[]).map((l) => l.label))).toEqual([['Acme'], ['Acme', 'Globex']]);
    expect(await db.query(`SELECT * FROM linked_backfill WHERE sheet_id IN ($1, $2)`, [companies.id, deals.id])).toEqual([]);
  });
});

function pickValues(row: Row, columns: Column[]) {
  return Object.fromEntries(columns.map((c) => [c.id, row.values[c.id] ?? null]));
}
