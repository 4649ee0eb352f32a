import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { RealtimeEvent } from '@contrivance/contracts';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket, eventually } from './support/sockets';

/** The parser's (Spectral's) severity of an error. */
const ERROR = 0;

type Doc = {
  operations: Record<string, { action: string; messages: { $ref: string }[]; reply?: { messages: { $ref: string }[] } }>;
  components: { messages: Record<string, { name: string; payload: unknown }>; schemas: Record<string, unknown> };
};

describe('AsyncAPI document of the real-time protocol', () => {
  let server: RunningServer;
  let owner: TestAccount;

  beforeAll(async () => {
    server = await bootApp();
    owner = await registerMember(server);
  });
  afterAll(() => server.close());

  const fetchDocument = async () => (await request(server.url).get('/api/asyncapi.json').expect(200)).body as Doc;

  it('is served without sign-in and is a valid AsyncAPI 3 document by the AsyncAPI parser', async () => {
    const body = await fetchDocument();
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(body));
    expect(diagnostics.filter((d) => Number(d.severity) === ERROR).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('has every event of the contracts: client events with their acks, server events', async () => {
    const doc = await fetchDocument();
    const names = (action: string) =>
      Object.values(doc.operations)
        .filter((op) => op.action === action)
        .map((op) => doc.components.messages[op.messages[0].$ref.split('/').pop()!].name);
    expect(names('receive').sort()).toEqual(
      [RealtimeEvent.join, RealtimeEvent.leave, RealtimeEvent.cellUpdate, RealtimeEvent.rowCreate, RealtimeEvent.rowDelete, RealtimeEvent.presenceUpdate].sort(),
    );
    expect(names('send').sort()).toEqual(
      [RealtimeEvent.change, RealtimeEvent.presence, RealtimeEvent.revoked, RealtimeEvent.linked, RealtimeEvent.shutdown, RealtimeEvent.comment].sort(),
    );
    expect(Object.values(doc.operations).filter((op) => op.action === 'receive' && !op.reply)).toEqual([]);
  });

  it('drives a socket by the document alone: its event names, payloads checked by its schemas, acks and broadcasts valid against them', async () => {
    const doc = await fetchDocument();
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ components: doc.components }, 'doc');
    const message = (operationId: string, reply = false) => {
      const op = doc.operations[operationId];
      const id = (reply ? op.reply!.messages[0] : op.messages[0]).$ref.split('/').pop()!;
      return { name: doc.components.messages[id].name, id };
    };
    const check = (id: string, value: unknown) => {
      const validate = ajv.compile({ $ref: `doc#/components/messages/${id}/payload` });
      expect({ valid: validate(value), errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });
    };

    const api = sheetsApi(server);
    const sheet = await api.create(owner, { name: 'By the document' });
    const column = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const [row] = await api.rows(owner, sheet.id, [{ [column.id]: 'Acme' }]);
    const socket = await connectSocket(server.url, owner.accessToken);
    try {
      const join = message('join');
      const joinPayload = { spreadsheetId: sheet.id };
      check(join.id, joinPayload);
      const joined = await socket.call(join.name, joinPayload);
      check(message('join', true).id, joined);

      const edit = message('cellUpdate');
      const editPayload = { spreadsheetId: sheet.id, rowId: row.id, columnId: column.id, value: 'Acme Corp', clientId: 'doc-client' };
      check(edit.id, editPayload);
      const edited = await socket.call(edit.name, editPayload);
      expect(edited).toMatchObject({ ok: true });
      check(message('cellUpdate', true).id, edited);
      // The broadcast change, by the document's server event.
      const change = message('onChange');
      await eventually(() => socket.changes.some((c) => c.rowId === row.id), 5000, 'the broadcast change');
      const received = socket.changes.find((c) => c.rowId === row.id);
      expect(change.name).toBe('change');
      check(change.id, received);

      // A refusal is a valid ack too.
      const refused = await socket.call(edit.name, { ...editPayload, columnId: 'not-a-uuid' });
      expect(refused).toMatchObject({ ok: false, error: 'validation_failed' });
      check(message('cellUpdate', true).id, refused);
    } finally {
      socket.close();
    }
  });
});
