import type { Column, PipelineReport, Spreadsheet } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp, testDatabaseUrl, withClient } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { buildPipelineReport } from '../src/modules/spreadsheets/pipeline/pipeline-report';
import { PipelineRepository } from '../src/modules/spreadsheets/pipeline/pipeline.repository';
import { PipelineService } from '../src/modules/spreadsheets/pipeline/pipeline.service';

describe('GET /api/spreadsheets/:id/pipeline', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let viewer: TestAccount;
  let stranger: TestAccount;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    [owner, viewer, stranger] = await Promise.all([0, 1, 2].map(() => registerMember(server)));
  });
  afterAll(() => server.close());

  const get = (as: TestAccount, sheetId: string, query: Record<string, string> = {}) => request(server.url).get(`/api/spreadsheets/${sheetId}/pipeline`).set(as.auth).query(query);

  /** A small pipeline whose figures are worked out by hand below. */
  async function handSheet(): Promise<{ sheet: Spreadsheet; stage: Column; value: Column; close: Column; notes: Column }> {
    const sheet = await api.create(owner, { name: 'Hand' });
    await api.share(owner, sheet.id, viewer.user.id, 'viewer');
    const stage = await api.column(owner, sheet.id, {
      name: 'Stage',
      type: 'select',
      options: [
        { id: 'lead', label: 'Lead', probability: 10 },
        { id: 'proposal', label: 'Proposal', probability: 50 },
        { id: 'parked', label: 'Parked' },
        { id: 'won', label: 'Won', probability: 100 },
        { id: 'lost', label: 'Lost', probability: 0 },
      ],
    });
    const value = await api.column(owner, sheet.id, { name: 'Value', type: 'currency' });
    const close = await api.column(owner, sheet.id, { name: 'Close date', type: 'date' });
    const notes = await api.column(owner, sheet.id, { name: 'Notes', type: 'text' });
    await api.rows(owner, sheet.id, [
      { [stage.id]: 'lead', [value.id]: 1000, [close.id]: '2026-12-10' },
      { [stage.id]: 'lead', [value.id]: 3000, [close.id]: '2027-01-05' },
      { [stage.id]: 'proposal', [value.id]: 2000, [close.id]: '2026-12-20' },
      { [stage.id]: 'parked', [value.id]: 500 },
      { [stage.id]: 'won', [value.id]: 4000, [close.id]: '2026-11-02' },
      { [stage.id]: 'won', [value.id]: 1000, [close.id]: '2026-12-01' },
      { [stage.id]: 'lost', [value.id]: 9000, [close.id]: '2026-12-03' },
      { [value.id]: 700 },
      { [stage.id]: 'proposal' },
    ]);
    return { sheet, stage, value, close, notes };
  }

  it('matches a hand-computed fixture', async () => {
    const { sheet, stage, value, close } = await handSheet();
    const report = (await get(viewer, sheet.id).expect(200)).body as PipelineReport;
    expect(report).toMatchObject({ stageColumn: stage.id, valueColumn: value.id, dateColumn: close.id });
    expect(report.stages.map((s) => [s.stage, s.probability, s.count, s.total, s.weighted])).toEqual([
      ['lead', 10, 2, 4000, 400],
      ['proposal', 50, 2, 2000, 1000],
      ['parked', null, 1, 500, 0],
      ['won', 100, 2, 5000, 5000],
      ['lost', 0, 1, 9000, 0],
    ]);
    expect(report.unstaged).toEqual({ count: 1, total: 700 });
    // 2026-11: won 4000 → 4000. 2026-12: lead 1000 (100) + proposal 2000 (1000) + won 1000 (1000) + lost 9000 (0).
    // 2027-01: lead 3000 → 300. Rows without a close date are left out.
    expect(report.forecast).toEqual([
      { month: '2026-11', total: 4000, weighted: 4000 },
      { month: '2026-12', total: 13000, weighted: 2100 },
      { month: '2027-01', total: 3000, weighted: 300 },
    ]);
    expect(report.winRate).toBeCloseTo(2 / 3, 4);
    expect(report.totals).toEqual({ count: 9, total: 21200, weighted: 6400 });
  });

  it('averages days in stage from the history, across rows moved back and forth', async () => {
    const { sheet, stage } = await handSheet();
    const [row] = await api.rows(owner, sheet.id, [{ [stage.id]: 'lead' }]);
    for (const next of ['proposal', 'lead', 'won']) {
      await request(server.url)
        .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
        .set(owner.auth)
        .send({ values: { [stage.id]: next } })
        .expect(200);
    }
    // Pin the times of those four events: lead 2 days, proposal 1 day, lead again 4 days, then won (still there).
    await withClient(testDatabaseUrl(), async (c) => {
      const { rows } = await c.query(`SELECT seq FROM spreadsheet_changes WHERE sheet_id = $1 AND row_id = $2 ORDER BY seq`, [sheet.id, row.id]);
      const times = ['2026-01-01', '2026-01-03', '2026-01-04', '2026-01-08'];
      for (const [i, { seq }] of rows.entries()) await c.query(`UPDATE spreadsheet_changes SET at = $2 WHERE seq = $1`, [seq, times[i]]);
    });
    const report = (await get(owner, sheet.id).expect(200)).body as PipelineReport;
    const days = Object.fromEntries(report.avgDaysInStage.map((d) => [d.stage, d.days]));
    // The nine other rows were created a moment ago and never moved: they have no ended stint.
    expect(days).toEqual({ lead: 3, proposal: 1, parked: null, won: null, lost: null });
  });

  it('counts the first stage of imported and template rows from their creation', async () => {
    const sheet = await api.create(owner, { name: 'Imported', template: 'sales-pipeline' });
    const stage = sheet.columns.find((c) => c.name === 'Stage')!;
    const rows = (await api.list(owner, sheet.id, { limit: 100 })).items;
    const moving = rows.find((r) => r.values[stage.id] === 'negotiation')!;
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${moving.id}`)
      .set(owner.auth)
      .send({ values: { [stage.id]: 'won' } })
      .expect(200);
    // The row came with the template (no history entry of its own): it was created five days before it moved.
    await withClient(testDatabaseUrl(), async (c) => {
      await c.query(`UPDATE spreadsheet_rows SET created_at = '2026-03-01' WHERE id = $1`, [moving.id]);
      await c.query(`UPDATE spreadsheet_changes SET at = '2026-03-06' WHERE sheet_id = $1 AND row_id = $2`, [sheet.id, moving.id]);
    });
    const report = (await get(owner, sheet.id).expect(200)).body as PipelineReport;
    expect(Object.fromEntries(report.avgDaysInStage.map((d) => [d.stage, d.days]))).toMatchObject({ negotiation: 5, won: null, lead: null });
  });

  it('takes its columns from the query, and refuses ones of the wrong type', async () => {
    const { sheet, stage, value, notes } = await handSheet();
    const chosen = (await get(owner, sheet.id, { stageColumn: stage.id, valueColumn: value.id }).expect(200)).body as PipelineReport;
    expect(chosen.totals.count).toBe(9);
    const wrongStage = await get(owner, sheet.id, { stageColumn: value.id }).expect(400);
    expect(wrongStage.body.message).toBe('stageColumn must be a select column; "Value" is currency');
    await get(owner, sheet.id, { valueColumn: notes.id }).expect(400);
    await get(owner, sheet.id, { dateColumn: stage.id }).expect(400);
    await get(owner, sheet.id, { stageColumn: '00000000-0000-4000-8000-000000000000' }).expect(400);
    await get(owner, sheet.id, { stageColumn: 'stage' }).expect(400);
    await get(owner, sheet.id, { extra: '1' }).expect(400);
  });

  it('explains what is missing on a sheet without the template’s columns, and hides the sheet from others', async () => {
    const blank = await api.create(owner, { name: 'Blank' });
    const res = await get(owner, blank.id).expect(400);
    expect(res.body.message).toBe('Choose stageColumn: this sheet has no column named "Stage"');
    const { sheet } = await handSheet();
    await get(stranger, sheet.id).expect(404);
  });

  /**
   * For one sheet: `same` reads the report and checks it, and the aggregates it was made from (cached since, and
   * exact: a report rounds days and cents), equal to ones computed from scratch; `timePasses` moves everything so far
   * back in time alike, as if hours or days went by before the next change (the lengths of the stints so far, cached
   * ones too, stay what they were).
   */
  function checks(sheetId: string, columns: { stage: Column; value: Column; close: Column }, hours: () => number) {
    const service = server.app.get(PipelineService);
    const [stage, value, close] = [columns.stage.id, columns.value.id, columns.close.id];
    return {
      same: async (what: string) => {
        const report = (await get(viewer, sheetId).expect(200)).body as PipelineReport;
        const current = (await request(server.url).get(`/api/spreadsheets/${sheetId}`).set(owner.auth).expect(200)).body as Spreadsheet;
        const byId = (id: string) => current.columns.find((c) => c.id === id)!;
        const fresh = await service.aggregates(sheetId, stage, value, close, { cached: false });
        expect({ after: what, aggregates: await service.aggregates(sheetId, stage, value, close) }).toEqual({ after: what, aggregates: fresh });
        const scratch = buildPipelineReport({ stage: byId(stage), value: byId(value), date: byId(close) }, fresh.byStage, fresh.forecast, fresh.stints);
        expect({ after: what, report }).toEqual({ after: what, report: scratch });
      },
      timePasses: () =>
        withClient(testDatabaseUrl(), async (c) => {
          const by = hours();
          await c.query(`UPDATE spreadsheet_changes SET at = at - make_interval(hours => $2) WHERE sheet_id = $1`, [sheetId, by]);
          await c.query(`UPDATE spreadsheet_rows SET created_at = created_at - make_interval(hours => $2) WHERE sheet_id = $1`, [sheetId, by]);
        }),
    };
  }

  it('brings its cached report forward by the changes since: equal to a report from scratch after every one of random edits, moves, pastes, imports, deletes, restores, undos, redos and option changes, alone or several at once', async () => {
    const { sheet, stage, value, close } = await handSheet();
    const repository = server.app.get(PipelineRepository);
    const scans = jest.spyOn(repository, 'stints');
    const forwards = jest.spyOn(repository, 'changesSince');
    const http = () => request(server.url);
    const stages = ['lead', 'proposal', 'parked', 'won', 'lost', null];
    let seed = 17;
    // Park–Miller: reproducible, and exact in doubles.
    const random = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    const rowIds = async () => ((await http().get(`/api/spreadsheets/${sheet.id}/rows?limit=1000`).set(owner.auth).expect(200)).body.items as { id: string }[]).map((r) => r.id);
    const pickRow = async () => {
      const ids = await rowIds();
      return ids[random(ids.length)];
    };
    const patch = async (values: Record<string, unknown>) =>
      http()
        .patch(`/api/spreadsheets/${sheet.id}/rows/${await pickRow()}`)
        .set(owner.auth)
        .send({ values })
        .expect(200);
    // Values with cents (exact sums), dates across months, and empty cells.
    const anyValue = () => (random(4) ? (random(1_000_000) - 50_000) / 100 : null);
    const anyDate = () => (random(4) ? `2027-0${1 + random(9)}-1${random(10)}` : null);

    const steps: Record<string, () => Promise<unknown>> = {
      move: () => patch({ [stage.id]: stages[random(stages.length)] }),
      value: () => patch({ [value.id]: anyValue(), [close.id]: anyDate() }),
      everything: () => patch({ [stage.id]: stages[random(stages.length)], [value.id]: anyValue(), [close.id]: anyDate() }),
      paste: async () => {
        const ids = await rowIds();
        const rows = [...new Set([0, 1, 2].map(() => ids[random(ids.length)]))];
        return http()
          .patch(`/api/spreadsheets/${sheet.id}/rows`)
          .set(owner.auth)
          .send({ updates: rows.map((rowId) => ({ rowId, values: { [stage.id]: stages[random(stages.length)], [value.id]: anyValue() } })) })
          .expect(200);
      },
      create: () =>
        api.rows(
          owner,
          sheet.id,
          [0, 1].map(() => ({ [stage.id]: stages[random(5)], [value.id]: random(5000), [close.id]: anyDate() })),
        ),
      delete: async () =>
        http()
          .delete(`/api/spreadsheets/${sheet.id}/rows/${await pickRow()}`)
          .set(owner.auth)
          .expect(204),
      import: () =>
        http()
          .post(`/api/spreadsheets/${sheet.id}/import`)
          .set(owner.auth)
          .attach('file', Buffer.from(`Stage,Value,Close date\nWon,${random(900)}.5,2027-03-01\nLead,${random(900)},\nProposal,,2027-04-02\n`), {
            filename: 'more.csv',
            contentType: 'text/csv',
          })
          .expect(201),
      restore: async () => {
        const history = (await http().get(`/api/spreadsheets/${sheet.id}/history?limit=50`).set(owner.auth).expect(200)).body.items as {
          seq: number;
          kind: string;
          columnId: string | null;
        }[];
        const cells = history.filter((c) => c.kind === 'cell' && c.columnId === stage.id);
        if (!cells.length) return;
        await http()
          .post(`/api/spreadsheets/${sheet.id}/history/${cells[random(cells.length)].seq}/restore`)
          .set(owner.auth);
      },
      undo: () => http().post(`/api/spreadsheets/${sheet.id}/undo`).set(owner.auth),
      redo: () => http().post(`/api/spreadsheets/${sheet.id}/redo`).set(owner.auth),
      probability: () =>
        http()
          .patch(`/api/spreadsheets/${sheet.id}/columns/${stage.id}`)
          .set(owner.auth)
          .send({ options: stage.options!.map((o) => (o.id === 'proposal' ? { ...o, probability: random(100) } : o)) })
          .expect(200),
    };
    const names = Object.keys(steps);
    const { same, timePasses } = checks(sheet.id, { stage, value, close }, () => 1 + random(72));

    await same('the first report');
    const forwarded: string[] = [];
    const fellBack: string[] = [];
    for (let i = 0; i < 80; i++) {
      // Mostly one change between two reports; every fourth time two to four, so one report follows several at once
      // (a row created, moved and deleted before anyone looks, say).
      const burst = i % 4 === 3 ? [0, 1, 2, 3].slice(0, 2 + random(3)).map(() => names[random(names.length)]) : [names[random(names.length)]];
      for (const name of burst) {
        await timePasses();
        await steps[name]();
      }
      const scansBefore = scans.mock.calls.length;
      const forwardsBefore = forwards.mock.calls.length;
      await same(`step ${i}: ${burst.join(', ')}`);
      // same() scans once (from scratch); a second scan is the report computed from scratch too, not brought forward.
      // No change at all (an undo with nothing to undo, say): from the cache.
      if (scans.mock.calls.length - scansBefore > 1) fellBack.push(burst.join('+'));
      else if (forwards.mock.calls.length > forwardsBefore) forwarded.push(burst.join('+'));
    }
    // Brought forward after every kind of change, and computed again only now and then (a change of the stage
    // column's options, its undo or redo; a deleted row whose first stint ran from a creation no longer known).
    for (const name of names.filter((n) => n !== 'probability')) expect({ name, forwarded: forwarded.some((d) => d.split('+').includes(name)) }).toEqual({ name, forwarded: true });
    expect(fellBack.length).toBeLessThan(forwarded.length / 3);

    // Unchanged sheet: the next reports come from the cache; one change: brought forward, no scan of the history.
    await get(viewer, sheet.id).expect(200);
    const before = { scans: scans.mock.calls.length, forwards: forwards.mock.calls.length };
    await get(viewer, sheet.id).expect(200);
    await get(owner, sheet.id).expect(200);
    expect({ scans: scans.mock.calls.length, forwards: forwards.mock.calls.length }).toEqual(before);
    await patch({ [stage.id]: 'won' });
    await get(viewer, sheet.id).expect(200);
    expect({ scans: scans.mock.calls.length, forwards: forwards.mock.calls.length - before.forwards }).toEqual({ scans: before.scans, forwards: 1 });
    scans.mockRestore();
    forwards.mockRestore();
  });

  it('keeps reporting across a value column retyped to text and back: text values in its history count as no value', async () => {
    const { sheet, stage, value, close } = await handSheet();
    const { same } = checks(sheet.id, { stage, value, close }, () => 0);
    const http = () => request(server.url);
    const retype = (type: string) => http().patch(`/api/spreadsheets/${sheet.id}/columns/${value.id}`).set(owner.auth).send({ type }).expect(200);
    const set = (rowId: string, to: unknown) =>
      http()
        .patch(`/api/spreadsheets/${sheet.id}/rows/${rowId}`)
        .set(owner.auth)
        .send({ values: { [value.id]: to } })
        .expect(200);
    await same('the start');
    const [first, second] = (await api.list(owner, sheet.id)).items;
    await retype('text');
    await set(first.id, 'n/a');
    await set(second.id, 'tbd');
    await http().delete(`/api/spreadsheets/${sheet.id}/rows/${second.id}`).set(owner.auth).expect(204);
    await set(first.id, null);
    await retype('currency');
    const repository = server.app.get(PipelineRepository);
    // History since the first report holds "n/a" and a deleted row's "tbd": read as no value, not a failed report.
    const since = await repository.snapshot((reader) => repository.changesSince(reader, sheet.id, { stage: stage.id, value: value.id, date: close.id }, 0, 1000));
    expect(since!.filter((c) => c.rowId === first.id && c.columnId === value.id).map((c) => c.before)).toEqual(['1000', null]);
    expect(since!.find((c) => c.kind === 'row:delete')!.deleted).toMatchObject({ value: null });
    await same('a retype to text, text values, a deleted row and a retype back');
  });

  it('answers from scratch when its cached report cannot be brought forward, and keeps answering', async () => {
    const { sheet, stage, value, close } = await handSheet();
    const { same } = checks(sheet.id, { stage, value, close }, () => 0);
    await same('the start');
    const [row] = (await api.list(owner, sheet.id)).items;
    await request(server.url)
      .patch(`/api/spreadsheets/${sheet.id}/rows/${row.id}`)
      .set(owner.auth)
      .send({ values: { [stage.id]: 'won' } })
      .expect(200);
    const repository = server.app.get(PipelineRepository);
    const failing = jest.spyOn(repository, 'changesSince').mockRejectedValueOnce(new Error('a delta that does not fit'));
    try {
      await same('a move, with the way forward failing');
      expect(failing).toHaveBeenCalled();
    } finally {
      failing.mockRestore();
    }
    await same('the next report');
  });

  it('follows rows through their whole lives between reports: imported, moved, deleted, brought back, deleted again', async () => {
    const { sheet, stage, value, close } = await handSheet();
    const { same, timePasses } = checks(sheet.id, { stage, value, close }, () => 30);
    const http = () => request(server.url);
    const undo = () => http().post(`/api/spreadsheets/${sheet.id}/undo`).set(owner.auth).expect(200);
    const move = (rowId: string, to: string) =>
      http()
        .patch(`/api/spreadsheets/${sheet.id}/rows/${rowId}`)
        .set(owner.auth)
        .send({ values: { [stage.id]: to } })
        .expect(200);
    const remove = (rowId: string) => http().delete(`/api/spreadsheets/${sheet.id}/rows/${rowId}`).set(owner.auth).expect(204);
    await same('the first report');
    let imported: string;
    let created: string;
    const steps: [string, () => Promise<unknown>][] = [
      [
        'an import',
        () =>
          http()
            .post(`/api/spreadsheets/${sheet.id}/import`)
            .set(owner.auth)
            .attach('file', Buffer.from('Stage,Value,Close date\nLead,10.25,2027-05-01\nWon,20,\n'), { filename: 'a.csv', contentType: 'text/csv' })
            .expect(201),
      ],
      ['its undo', undo],
      [
        'the import again',
        async () => {
          await http()
            .post(`/api/spreadsheets/${sheet.id}/import`)
            .set(owner.auth)
            .attach('file', Buffer.from('Stage,Value,Close date\nLead,10.25,2027-05-01\nWon,20,\n'), { filename: 'b.csv', contentType: 'text/csv' })
            .expect(201);
          const rows = (await api.list(owner, sheet.id, { limit: 100 })).items;
          imported = rows.find((r) => r.values[value.id] === 10.25)!.id;
        },
      ],
      ['a move of an imported row', () => move(imported, 'proposal')],
      ['another', () => move(imported, 'won')],
      ['its delete', () => remove(imported)],
      ['the delete undone', undo],
      ['a move of it', () => move(imported, 'lost')],
      ['its delete again', () => remove(imported)],
      ['undone again', undo],
      ['a created row', async () => (created = (await api.rows(owner, sheet.id, [{ [stage.id]: 'lead', [value.id]: 5 }]))[0].id)],
      ['a move of it', () => move(created, 'proposal')],
      ['its delete', () => remove(created)],
      ['the delete undone', undo],
      ['a move of it', () => move(created, 'won')],
    ];
    for (const [what, step] of steps) {
      await timePasses();
      await step();
      await same(what);
    }
  });

  it('caches no report mixed from two versions while changes commit during the reads', async () => {
    const { sheet, stage, value, close } = await handSheet();
    const service = server.app.get(PipelineService);
    const ids = ((await api.list(owner, sheet.id, { limit: 100 })).items as { id: string }[]).map((r) => r.id);
    const stages = ['lead', 'proposal', 'won', 'lost'];
    await get(viewer, sheet.id).expect(200);
    for (let round = 0; round < 5; round++) {
      await Promise.all([
        ...ids.map((id, i) =>
          request(server.url)
            .patch(`/api/spreadsheets/${sheet.id}/rows/${id}`)
            .set(owner.auth)
            .send({ values: { [stage.id]: stages[(i + round) % stages.length], [value.id]: 100 * round + i } })
            .expect(200),
        ),
        ...ids.map(() => get(viewer, sheet.id).expect(200)),
      ]);
      const cached = await service.aggregates(sheet.id, stage.id, value.id, close.id);
      const fresh = await service.aggregates(sheet.id, stage.id, value.id, close.id, { cached: false });
      expect(cached).toEqual(fresh);
    }
  });

  it('works on the sales-pipeline template as created', async () => {
    const sheet = await api.create(owner, { name: 'Template', template: 'sales-pipeline' });
    const report = (await get(owner, sheet.id).expect(200)).body as PipelineReport;
    expect(report.stages.map((s) => s.label)).toEqual(['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect(report.totals.count).toBe(sheet.rowCount);
    expect(report.winRate).toBeGreaterThan(0);
  });
});
