import type { Change, Column, ErrorBody, Row, SheetChange } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually, type TestSocket } from './support/sockets';

describe('undo and redo', () => {
  let server: RunningServer;
  let alice: TestAccount;
  let bob: TestAccount;
  let api: ReturnType<typeof sheetsApi>;

  beforeAll(async () => {
    server = await bootApp();
    api = sheetsApi(server);
    alice = await registerMember(server);
    bob = await registerMember(server);
  });
  afterAll(() => server.close());

  const http = () => request(server.url);
  const undo = (as: TestAccount, sheetId: string, status = 200) => http().post(`/api/spreadsheets/${sheetId}/undo`).set(as.auth).expect(status);
  const redo = (as: TestAccount, sheetId: string, status = 200) => http().post(`/api/spreadsheets/${sheetId}/redo`).set(as.auth).expect(status);
  const values = async (as: TestAccount, sheetId: string) => (await api.list(as, sheetId, { limit: 500 })).items.map((r) => r.values);
  const patch = (as: TestAccount, sheetId: string, rowId: string, cells: Record<string, unknown>) =>
    http().patch(`/api/spreadsheets/${sheetId}/rows/${rowId}`).set(as.auth).send({ values: cells }).expect(200);

  async function sharedSheet(): Promise<{ sheetId: string; name: Column; value: Column; rows: Row[] }> {
    const sheet = await api.create(alice, { name: 'Deals' });
    await api.share(alice, sheet.id, bob.user.id, 'editor');
    const name = await api.column(alice, sheet.id, { name: 'Deal', type: 'text' });
    const value = await api.column(alice, sheet.id, { name: 'Value', type: 'number' });
    const rows = await api.rows(alice, sheet.id, [
      { [name.id]: 'Acme', [value.id]: 10 },
      { [name.id]: 'Globex', [value.id]: 20 },
      { [name.id]: 'Initech', [value.id]: 30 },
    ]);
    return { sheetId: sheet.id, name, value, rows };
  }

  it("undoes and redoes the caller's own steps, newest first, each as a new change in history that others see live", async () => {
    const { sheetId, name, value, rows } = await sharedSheet();
    const watcher: TestSocket = await connectSocket(server.url, bob.accessToken);
    await watcher.join(sheetId);

    // A pasted block: one request, one step.
    await http()
      .patch(`/api/spreadsheets/${sheetId}/rows`)
      .set(alice.auth)
      .send({
        updates: [
          { rowId: rows[0].id, values: { [name.id]: 'Acme Corp', [value.id]: 11 } },
          { rowId: rows[1].id, values: { [name.id]: null } },
        ],
      })
      .expect(200);
    await patch(alice, sheetId, rows[2].id, { [value.id]: 33 });

    const first = await undo(alice, sheetId);
    expect(first.body.version).toEqual(expect.any(Number));
    expect((await values(alice, sheetId)).map((v) => v[value.id])).toEqual([11, 20, 30]);
    await undo(alice, sheetId);
    expect(await values(alice, sheetId)).toEqual([
      { [name.id]: 'Acme', [value.id]: 10 },
      { [name.id]: 'Globex', [value.id]: 20 },
      { [name.id]: 'Initech', [value.id]: 30 },
    ]);
    // The undo is a change like any other: in history, told to everyone in the sheet.
    const history = (await http().get(`/api/spreadsheets/${sheetId}/history`).set(alice.auth).query({ limit: 3 }).expect(200)).body.items as Change[];
    expect(history.filter((c) => c.version === history[0].version).map((c) => [c.kind, c.rowId, c.newValue])).toEqual(
      expect.arrayContaining([
        ['restore', rows[0].id, 'Acme'],
        ['restore', rows[1].id, 'Globex'],
      ]),
    );
    await eventually(() => watcher.changes.some((c: SheetChange) => c.kind === 'restore' && c.rowId === rows[1].id && c.value === 'Globex'), 5000, 'the undo reaches others');

    // Redo goes forward again in the same order, then there is nothing left to redo.
    await redo(alice, sheetId);
    expect((await values(alice, sheetId))[1][name.id]).toBeUndefined();
    await redo(alice, sheetId);
    expect((await values(alice, sheetId))[2][value.id]).toBe(33);
    const none = (await redo(alice, sheetId, 409)).body as ErrorBody;
    expect(none.message).toMatch(/nothing to redo/i);
    watcher.close();
  });

  it('a new change ends the redo line, and each person undoes only their own steps', async () => {
    const { sheetId, value, rows } = await sharedSheet();
    await patch(alice, sheetId, rows[0].id, { [value.id]: 1 });
    await patch(bob, sheetId, rows[1].id, { [value.id]: 2 });
    await undo(alice, sheetId);
    await patch(alice, sheetId, rows[2].id, { [value.id]: 3 });
    await redo(alice, sheetId, 409);
    // Bob's undo takes back Bob's edit, not Alice's later one.
    await undo(bob, sheetId);
    expect((await values(alice, sheetId)).map((v) => v[value.id])).toEqual([10, 20, 3]);
  });

  it('refuses an undo whose cell someone else changed since, naming the cell, and applies nothing of the step', async () => {
    const { sheetId, name, value, rows } = await sharedSheet();
    await http()
      .patch(`/api/spreadsheets/${sheetId}/rows`)
      .set(alice.auth)
      .send({ updates: [{ rowId: rows[0].id, values: { [name.id]: 'Mine', [value.id]: 100 } }] })
      .expect(200);
    await patch(bob, sheetId, rows[0].id, { [value.id]: 200 });
    const refused = (await undo(alice, sheetId, 409)).body as ErrorBody;
    expect(refused.error).toBe('Conflict');
    expect(refused.details).toEqual([expect.objectContaining({ rowId: rows[0].id, columnId: value.id })]);
    // Nothing half-applied: the name Alice typed is still there, and the step stays on her stack.
    expect((await values(alice, sheetId))[0]).toEqual({ [name.id]: 'Mine', [value.id]: 200 });
    // Once the cell holds what her step wrote again, the undo goes through.
    await patch(bob, sheetId, rows[0].id, { [value.id]: 100 });
    await undo(alice, sheetId);
    expect((await values(alice, sheetId))[0]).toEqual({ [name.id]: 'Acme', [value.id]: 10 });
  });

  it('undoes added and deleted rows: a deleted row comes back with its id, cells and place', async () => {
    const { sheetId, name, rows } = await sharedSheet();
    await http().delete(`/api/spreadsheets/${sheetId}/rows/${rows[1].id}`).set(alice.auth).expect(204);
    const added = await api.rows(alice, sheetId, [{ [name.id]: 'Umbrella' }]);
    expect((await values(alice, sheetId)).map((v) => v[name.id])).toEqual(['Acme', 'Initech', 'Umbrella']);

    await undo(alice, sheetId);
    expect((await api.list(alice, sheetId)).items.map((r) => r.id)).not.toContain(added[0].id);
    await undo(alice, sheetId);
    const back = (await api.list(alice, sheetId, { count: true })) as { items: Row[]; total: number };
    expect(back.items.map((r) => [r.id, r.values[name.id]])).toEqual(rows.map((r) => [r.id, r.values[name.id]]));
    expect(back.total).toBe(3);
    // Redo deletes it again; a row someone else filled in since is not removed by undoing its add.
    await redo(alice, sheetId);
    expect((await values(alice, sheetId)).map((v) => v[name.id])).toEqual(['Acme', 'Initech']);
    await undo(alice, sheetId); // the redo's delete, undone: Globex is back
    const more = await api.rows(alice, sheetId, [{ [name.id]: 'Hooli' }]);
    await patch(bob, sheetId, more[0].id, { [name.id]: 'Hooli (Bob)' });
    const refused = (await undo(alice, sheetId, 409)).body as ErrorBody;
    expect(refused.details?.[0]).toEqual(expect.objectContaining({ rowId: more[0].id, columnId: name.id }));
  });

  it('undoes column changes: an add, a rename, and a delete that brings the cells back', async () => {
    const { sheetId, name, value } = await sharedSheet();
    const notes = await api.column(alice, sheetId, { name: 'Notes', type: 'text' });
    await undo(alice, sheetId);
    let columns = (await http().get(`/api/spreadsheets/${sheetId}`).set(alice.auth).expect(200)).body.columns as Column[];
    expect(columns.map((c) => c.id)).not.toContain(notes.id);

    await http().patch(`/api/spreadsheets/${sheetId}/columns/${name.id}`).set(alice.auth).send({ name: 'Company' }).expect(200);
    await http().delete(`/api/spreadsheets/${sheetId}/columns/${value.id}`).set(alice.auth).expect(204);
    await undo(alice, sheetId);
    columns = (await http().get(`/api/spreadsheets/${sheetId}`).set(alice.auth).expect(200)).body.columns as Column[];
    expect(columns.map((c) => [c.id, c.name, c.position])).toEqual([
      [name.id, 'Company', 0],
      [value.id, 'Value', 1],
    ]);
    expect((await values(alice, sheetId)).map((v) => v[value.id])).toEqual([10, 20, 30]);
    await undo(alice, sheetId);
    columns = (await http().get(`/api/spreadsheets/${sheetId}`).set(alice.auth).expect(200)).body.columns as Column[];
    expect(columns[0].name).toBe('Deal');
  });

  it('undoes an import (its rows and the columns it created) and redoes it', async () => {
    const { sheetId, name } = await sharedSheet();
    const csv = 'Deal,Region\nWayne,North\nStark,South\n';
    await http().post(`/api/spreadsheets/${sheetId}/import`).set(alice.auth).attach('file', Buffer.from(csv), { filename: 'deals.csv', contentType: 'text/csv' }).expect(201);
    const imported = await values(alice, sheetId);
    expect(imported).toHaveLength(5);

    await undo(alice, sheetId);
    const sheet = (await http().get(`/api/spreadsheets/${sheetId}`).set(alice.auth).expect(200)).body as { columns: Column[]; rowCount: number };
    expect(sheet.columns.map((c) => c.name)).toEqual(['Deal', 'Value']);
    expect((await values(alice, sheetId)).map((v) => v[name.id])).toEqual(['Acme', 'Globex', 'Initech']);

    await redo(alice, sheetId);
    const again = await values(alice, sheetId);
    expect(again).toEqual(imported);
    // A row of the import someone else changed makes undoing it a 409 that changes nothing.
    const rows = (await api.list(alice, sheetId)).items;
    await undo(alice, sheetId);
    await redo(alice, sheetId);
    await patch(bob, sheetId, rows[4].id, { [name.id]: 'Stark (Bob)' });
    const refused = (await undo(alice, sheetId, 409)).body as ErrorBody;
    expect(refused.message).toMatch(/changed by someone else/);
    expect(await values(alice, sheetId)).toHaveLength(5);
  });

  it('skips a step with nothing left to undo, and puts a deleted row back where it stood even if a new row took its place', async () => {
    const { sheetId, name, value, rows } = await sharedSheet();
    await patch(alice, sheetId, rows[0].id, { [value.id]: 99 });
    const [added] = await api.rows(alice, sheetId, [{ [name.id]: 'Temp' }]);
    await http().delete(`/api/spreadsheets/${sheetId}/rows/${added.id}`).set(bob.auth).expect(204);
    // Undoing the add finds the row gone: that step is dropped and the edit before it is undone.
    await undo(alice, sheetId);
    expect((await values(alice, sheetId)).map((v) => v[value.id])).toEqual([10, 20, 30]);

    // Alice deletes the last row; Bob appends one (it gets the place the deleted row had); Alice's undo puts hers
    // back before his.
    await http().delete(`/api/spreadsheets/${sheetId}/rows/${rows[2].id}`).set(alice.auth).expect(204);
    const [bobs] = await api.rows(bob, sheetId, [{ [name.id]: 'Bob’s' }]);
    await undo(alice, sheetId);
    const listed = (await api.list(alice, sheetId)).items;
    expect(listed.map((r) => r.id)).toEqual([rows[0].id, rows[1].id, rows[2].id, bobs.id]);
    expect(new Set(listed.map((r) => r.position)).size).toBe(4);
  });

  it('undoes a rename though others added columns before it since, and drops a step that can never be undone', async () => {
    const { sheetId, name } = await sharedSheet();
    await http().patch(`/api/spreadsheets/${sheetId}/columns/${name.id}`).set(alice.auth).send({ name: 'Company' }).expect(200);
    await api.column(bob, sheetId, { name: 'First', type: 'text', position: 0 });
    await undo(alice, sheetId);
    const columns = (await http().get(`/api/spreadsheets/${sheetId}`).set(alice.auth).expect(200)).body.columns as Column[];
    expect(columns.find((c) => c.id === name.id)?.name).toBe('Deal');

    // A formula column deleted cannot be brought back: the refusal says so, and the next undo goes past it.
    await patch(alice, sheetId, (await api.list(alice, sheetId)).items[0].id, { [name.id]: 'Before' });
    const formula = await api.column(alice, sheetId, { name: 'Twice', type: 'formula', formula: '{Value} * 2' });
    await http().delete(`/api/spreadsheets/${sheetId}/columns/${formula.id}`).set(alice.auth).expect(204);
    const refused = (await undo(alice, sheetId, 409)).body as ErrorBody;
    expect(refused.message).toMatch(/cannot be brought back.*taken off your undo list/);
    await undo(alice, sheetId); // the formula column's creation: its delete is already done, nothing to take back
    expect((await values(alice, sheetId))[0][name.id]).toBe('Acme');
  });

  it('is for editors: viewers get 403, and there is nothing to undo in a sheet one has not changed', async () => {
    const { sheetId } = await sharedSheet();
    const viewer = await registerMember(server);
    await api.share(alice, sheetId, viewer.user.id, 'viewer');
    await undo(viewer, sheetId, 403);
    const none = (await undo(bob, sheetId, 409)).body as ErrorBody;
    expect(none.message).toMatch(/nothing to undo/i);
  });
});
