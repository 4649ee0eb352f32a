import { connect } from 'node:net';
import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import { testDatabaseUrl, withClient } from './support/app';
import { http, signUp, startBuiltApp, type BuiltApp } from './support/built-app';
import { storedKeyOf } from './support/stored-keys';

const ROWS = 300_000;

/** Sends a whole request on its own connection; `written` settles once the bytes are handed to the kernel. */
function send(port: number, request: string): { written: Promise<void>; answer: Promise<{ status: number | null; text: string }> } {
  const socket = connect(port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let wrote!: () => void;
  const written = new Promise<void>((resolve) => (wrote = resolve));
  socket.on('connect', () => socket.write(request, () => wrote()));
  socket.on('data', (c) => chunks.push(c));
  const answer = new Promise<{ status: number | null; text: string }>((resolve) => {
    socket.on('error', (error) => resolve({ status: null, text: error.message }));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0) || null, text });
    });
  });
  return { written, answer };
}

/**
 * SIGTERM while work is in flight: every request the server had received (or whose bytes were on their way in) is
 * answered, a long export streams to its end, then the process exits 0. Edits sent just before the signal used to
 * get ECONNRESET.
 */
describe('shutdown with requests in flight', () => {
  let app: BuiltApp;

  beforeAll(async () => {
    app = await startBuiltApp({ LOG_LEVEL: 'info' });
  }, 120_000);
  afterAll(async () => {
    await app.stop('SIGKILL');
  });

  it(`answers 16 edits sent just before SIGTERM and finishes a ${ROWS.toLocaleString('en')}-row export, then exits 0`, async () => {
    const { accessToken } = await signUp(app.base, 'shutdown');
    const sheet = (await http(app.base, '/api/spreadsheets', { method: 'POST', token: accessToken, body: { name: 'Big' } })).body as Spreadsheet;
    const column = (await http(app.base, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', token: accessToken, body: { name: 'Deal', type: 'text' } })).body as Column;
    await withClient(testDatabaseUrl(), async (c) => {
      await c.query(`INSERT INTO spreadsheet_rows (sheet_id, position, data) SELECT $1, g, jsonb_build_object($2::text, 'Deal ' || g) FROM generate_series(1, $3::int) g`, [
        sheet.id,
        await storedKeyOf(column),
        ROWS,
      ]);
      await c.query('UPDATE spreadsheets SET row_count = $2 WHERE id = $1', [sheet.id, ROWS]);
    });
    const rows = (await http(app.base, `/api/spreadsheets/${sheet.id}/rows?limit=16`, { token: accessToken })).body as { items: Row[] };

    // The export is streaming ...
    const exported = fetch(`${app.base}/api/spreadsheets/${sheet.id}/export.csv`, { headers: { Authorization: `Bearer ${accessToken}` } });
    const response = await exported;
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = '';
    const first = await reader.read();
    received += new TextDecoder().decode(first.value);
    const rest = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    })();

    // ... 16 edits are sent, each on its own connection, and the signal follows as soon as their bytes are out.
    const edits = rows.items.map((row, i) => {
      const body = JSON.stringify({ values: { [column.id]: `edited ${i}` } });
      return send(
        app.port,
        [
          `PATCH /api/spreadsheets/${sheet.id}/rows/${row.id} HTTP/1.1`,
          'Host: localhost',
          `Authorization: Bearer ${accessToken}`,
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          '',
          body,
        ].join('\r\n'),
      );
    });
    await Promise.all(edits.map((e) => e.written));
    app.process.child.kill('SIGTERM');

    const answers = await Promise.all(edits.map((e) => e.answer));
    if (answers.some((a) => a.status !== 200))
      console.log('OUTPUT', await app.process.exited, app.process.output().slice(-2500), JSON.stringify(answers.filter((a) => a.status !== 200)));
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
    await rest;
    expect(received.split('\n').filter(Boolean)).toHaveLength(ROWS + 1);
    expect(await app.process.exited).toEqual({ code: 0, signal: null });

    // What was answered was saved.
    const stored = await withClient(
      testDatabaseUrl(),
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM spreadsheet_rows WHERE sheet_id = $1 AND data->>$2 LIKE 'edited %'`, [sheet.id, await storedKeyOf(column)])).rows[0].n,
    );
    expect(stored).toBe(16);
  }, 120_000);
});
