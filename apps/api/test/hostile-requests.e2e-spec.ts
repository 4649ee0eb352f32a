import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import type { Column, Row, Spreadsheet } from '@contrivance/contracts';
import { Client } from 'pg';
import { testDatabaseUrl, withClient } from './support/app';
import { http, rawRequest, signUp, startBuiltApp, type BuiltApp } from './support/built-app';
import { storedKeyOf } from './support/stored-keys';

/**
 * Requests that once stopped the service, held its database pool or reached the database unchecked, sent to the
 * built app as `npm start` runs it (the SPA served: several of these only failed with the static module mounted).
 * After every group the process is still running and answering.
 */
describe('hostile requests against the built app', () => {
  let app: BuiltApp;
  let token: string;
  let other: string;

  const CRLF = '\r\n';
  const part = (name: string, filename: string | null, content: string | Buffer, boundary = 'b') =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}${CRLF}Content-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}${CRLF}${filename ? `Content-Type: text/csv${CRLF}` : ''}${CRLF}`,
      ),
      Buffer.from(content),
      Buffer.from(CRLF),
    ]);
  const closing = (boundary = 'b') => Buffer.from(`--${boundary}--${CRLF}`);
  const head = (method: string, path: string, headers: Record<string, string | number>) =>
    [`${method} ${path} HTTP/1.1`, 'Host: localhost', 'Connection: close', `Authorization: Bearer ${token}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join(CRLF);

  async function sheet(name = 'Target'): Promise<Spreadsheet> {
    return (await http(app.base, '/api/spreadsheets', { method: 'POST', token, body: { name } })).body;
  }
  async function column(sheetId: string, body: Record<string, unknown>): Promise<Column> {
    return (await http(app.base, `/api/spreadsheets/${sheetId}/columns`, { method: 'POST', token, body })).body;
  }
  async function state(sheetId: string): Promise<{ version: number; rowCount: number; columns: number }> {
    const s = (await http(app.base, `/api/spreadsheets/${sheetId}`, { token })).body as Spreadsheet;
    return { version: s.version, rowCount: s.rowCount, columns: s.columns.length };
  }
  async function upload(sheetId: string, contentType: string, body: Buffer, then: 'read' = 'read') {
    return rawRequest(app.port, head('POST', `/api/spreadsheets/${sheetId}/import`, { 'Content-Type': contentType, 'Content-Length': body.length }), body, then);
  }
  async function stillServing(): Promise<void> {
    expect(app.exited()).toBe(false);
    expect((await http(app.base, '/health/ready')).status).toBe(200);
    expect((await http(app.base, '/')).text).toContain('<div id="root">');
  }
  /**
   * Sessions of the app's pool left idle inside a transaction for over a second (what an abandoned import used to
   * leave; a transaction between two of its statements is idle for a moment, which is not that).
   */
  async function idleInTransaction(): Promise<number> {
    return withClient(
      testDatabaseUrl(),
      async (c) =>
        (
          await c.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'contrivance' AND state LIKE 'idle in transaction%' AND now() - state_change > interval '1 second'`,
          )
        ).rows[0].n,
    );
  }

  beforeAll(async () => {
    app = await startBuiltApp({ SHEET_LOCK_TIMEOUT_MS: '1500', IMPORT_IDLE_TIMEOUT_MS: '3000', BODY_LIMIT: '64kb' });
    token = (await signUp(app.base, 'hostile')).accessToken;
    other = (await signUp(app.base, 'bystander')).accessToken;
  }, 120_000);
  afterAll(async () => {
    const { code } = await app.stop();
    expect(code).toBe(0);
  });

  describe('#1 broken uploads are 4xx, import nothing and never end the process', () => {
    const cases: [string, string, Buffer, number][] = [
      ['a body that ends before its closing boundary', 'multipart/form-data; boundary=b', part('file', 'a.csv', 'name\r\nx'), 400],
      ['a wrong boundary', 'multipart/form-data; boundary=zzz', Buffer.concat([part('file', 'a.csv', 'name\nx\n'), closing()]), 400],
      ['no boundary at all', 'multipart/form-data', Buffer.concat([part('file', 'a.csv', 'name\nx\n'), closing()]), 400],
      ['no file', 'multipart/form-data; boundary=b', closing(), 400],
      ['two files', 'multipart/form-data; boundary=b', Buffer.concat([part('file', 'a.csv', 'name\nx\n'), part('file', 'b.csv', 'name\ny\n'), closing()]), 400],
      ['a text field instead of the file', 'multipart/form-data; boundary=b', Buffer.concat([part('file', null, 'name\nx\n'), closing()]), 400],
      ['the file under another name', 'multipart/form-data; boundary=b', Buffer.concat([part('upload', 'a.csv', 'name\nx\n'), closing()]), 400],
      [
        'a binary file (PNG)',
        'multipart/form-data; boundary=b',
        Buffer.concat([part('file', 'a.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])), closing()]),
        400,
      ],
      ['a CSV sent as text/csv, not multipart', 'text/csv', Buffer.from('name\nx\n'), 415],
      ['garbage as multipart', 'multipart/form-data; boundary=b', Buffer.from('\u0000\u0001not multipart at all'), 400],
    ];
    it.each(cases)('%s', async (_name, type, body, status) => {
      const target = await sheet();
      const before = await state(target.id);
      const answer = await upload(target.id, type, body);
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.text)).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String) });
      expect(await state(target.id)).toEqual(before);
      await stillServing();
    });

    it('a client that disconnects mid-body leaves nothing behind: no rows, no open transaction, no temporary file held', async () => {
      const target = await sheet();
      const body = Buffer.concat([part('file', 'a.csv', `name\n${'row\n'.repeat(10_000)}`), closing()]);
      for (let i = 0; i < 5; i += 1) {
        await rawRequest(
          app.port,
          head('POST', `/api/spreadsheets/${target.id}/import`, { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': body.length + 1000 }),
          body.subarray(0, 20_000),
          'drop',
        );
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(await state(target.id)).toMatchObject({ rowCount: 0, columns: 0 });
      expect(await idleInTransaction()).toBe(0);
      await stillServing();
    });
  });

  describe('#2 uploads hold no connection or lock; a busy sheet cannot starve the pool', () => {
    it('25 abandoned uploads (25 accounts, each on its own sheet): readiness, sign-in and edits carry on; stalled uploads are dropped', async () => {
      const target = await sheet();
      const body = part('file', 'a.csv', `name\n${'row\n'.repeat(1000)}`);
      const attackers = await Promise.all(Array.from({ length: 25 }, (_, i) => signUp(app.base, `abandoner${i}`)));
      const hanging = await Promise.all(
        attackers.map(async (attacker) => {
          const own = (await http(app.base, '/api/spreadsheets', { method: 'POST', token: attacker.accessToken, body: { name: 'Abandoned' } })).body as Spreadsheet;
          const request = head('POST', `/api/spreadsheets/${own.id}/import`, { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': body.length * 10 });
          return rawRequest(app.port, request.replace(token, attacker.accessToken), body, 'hang');
        }),
      );
      try {
        expect((await http(app.base, '/health/ready')).status).toBe(200);
        const text = await column(target.id, { name: 'Note', type: 'text' });
        const [row] = (await http(app.base, `/api/spreadsheets/${target.id}/rows`, { method: 'POST', token, body: { rows: [{ values: {} }] } })).body as Row[];
        const edits = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            http(app.base, `/api/spreadsheets/${target.id}/rows/${row.id}`, { method: 'PATCH', token, body: { values: { [text.id]: `edit ${i}` } } }),
          ),
        );
        expect(edits.map((e) => e.status)).toEqual(Array(30).fill(200));
        expect(await idleInTransaction()).toBe(0);
        // The stalled uploads are answered and closed once the idle timeout passes (3 s here).
        await new Promise((r) => setTimeout(r, 3500));
        expect(
          await withClient(
            testDatabaseUrl(),
            async (c) =>
              (
                await c.query(
                  `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'contrivance' AND state <> 'idle' AND now() - state_change > interval '1 second'`,
                )
              ).rows[0].n,
          ),
        ).toBe(0);
      } finally {
        hanging.forEach((close) => close());
      }
      await stillServing();
    });

    it('an upload trickling into a sheet does not block that sheet’s edits', async () => {
      const target = await sheet();
      const text = await column(target.id, { name: 'Note', type: 'text' });
      const [row] = (await http(app.base, `/api/spreadsheets/${target.id}/rows`, { method: 'POST', token, body: { rows: [{ values: {} }] } })).body as Row[];
      const close = await rawRequest(
        app.port,
        head('POST', `/api/spreadsheets/${target.id}/import`, { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': 100_000 }),
        part('file', 'slow.csv', 'Note\nfirst\n'),
        'hang',
      );
      try {
        const edits = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            http(app.base, `/api/spreadsheets/${target.id}/rows/${row.id}`, { method: 'PATCH', token, body: { values: { [text.id]: `during ${i}` } } }),
          ),
        );
        expect(edits.map((e) => e.status)).toEqual(Array(20).fill(200));
      } finally {
        close();
      }
    });

    it('writes to a sheet whose lock is held wait at most the lock timeout (503 + Retry-After), while other sheets and readiness carry on', async () => {
      const busy = await sheet('Busy');
      const calm = await sheet('Calm');
      const [busyText, calmText] = [await column(busy.id, { name: 'Note', type: 'text' }), await column(calm.id, { name: 'Note', type: 'text' })];
      const [busyRow] = (await http(app.base, `/api/spreadsheets/${busy.id}/rows`, { method: 'POST', token, body: { rows: [{ values: {} }] } })).body as Row[];
      const [calmRow] = (await http(app.base, `/api/spreadsheets/${calm.id}/rows`, { method: 'POST', token, body: { rows: [{ values: {} }] } })).body as Row[];
      const before = await state(busy.id);

      // Hold the busy sheet's row lock from outside, as a long import does.
      const holder = new Client({ connectionString: testDatabaseUrl() });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM spreadsheets WHERE id = $1 FOR UPDATE', [busy.id]);
        const blocked = Array.from({ length: 40 }, (_, i) =>
          http(app.base, `/api/spreadsheets/${busy.id}/rows/${busyRow.id}`, { method: 'PATCH', token, body: { values: { [busyText.id]: `blocked ${i}` } } }),
        );
        await new Promise((r) => setTimeout(r, 200));
        // The pool is not starved: at most two of the app's connections wait on the busy sheet's lock.
        const waiting = await withClient(
          testDatabaseUrl(),
          async (c) => (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'contrivance' AND wait_event_type = 'Lock'`)).rows[0].n,
        );
        expect(waiting).toBeLessThanOrEqual(2);
        const calmEdits = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            http(app.base, `/api/spreadsheets/${calm.id}/rows/${calmRow.id}`, { method: 'PATCH', token, body: { values: { [calmText.id]: `calm ${i}` } } }),
          ),
        );
        expect(calmEdits.map((e) => e.status)).toEqual(Array(20).fill(200));
        expect((await http(app.base, '/health/ready')).status).toBe(200);
        expect((await http(app.base, '/auth/validate', { token: other })).status).toBe(200);

        const answers = await Promise.all(blocked);
        expect(new Set(answers.map((a) => a.status))).toEqual(new Set([503]));
        expect(answers[0].headers.get('retry-after')).toBe('5');
        expect(answers[0].body).toMatchObject({ statusCode: 503, message: expect.stringContaining('busy') });
      } finally {
        await holder.query('ROLLBACK').catch(() => undefined);
        await holder.end();
      }
      expect(await state(busy.id)).toEqual(before);
      const after = await http(app.base, `/api/spreadsheets/${busy.id}/rows/${busyRow.id}`, { method: 'PATCH', token, body: { values: { [busyText.id]: 'free again' } } });
      expect(after.status).toBe(200);
    }, 60_000);
  });

  describe('#2 exports that stop reading cannot hold the pool', () => {
    it('at most 2 downloads per person and 8 per instance hold a connection; readiness and edits carry on; closing frees them', async () => {
      const big = await sheet('Big export');
      const note = await column(big.id, { name: 'Note', type: 'text' });
      await withClient(testDatabaseUrl(), async (c) => {
        await c.query(
          `INSERT INTO spreadsheet_rows (sheet_id, position, data) SELECT $1, g, jsonb_build_object($2::text, repeat('x', 40) || g) FROM generate_series(1, 200000) g`,
          [big.id, await storedKeyOf(note)],
        );
        await c.query('UPDATE spreadsheets SET row_count = 200000 WHERE id = $1', [big.id]);
      });
      const readers = await Promise.all(Array.from({ length: 6 }, (_, i) => signUp(app.base, `reader${i}`)));
      for (const reader of readers) await http(app.base, `/api/spreadsheets/${big.id}/members/${reader.user.id}`, { method: 'PUT', token, body: { role: 'viewer' } });
      /** The app's connections busy with an export's cursor (its statement is the rows query without a LIMIT). */
      const exporting = () =>
        withClient(
          testDatabaseUrl(),
          async (c) =>
            (
              await c.query(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'contrivance' AND state <> 'idle' AND query LIKE 'SELECT r.id, r.position%' AND query NOT LIKE '%LIMIT%'`,
              )
            ).rows[0].n as number,
        );
      /** An export request whose client never reads the answer. */
      const stalled = (bearer: string) =>
        new Promise<{ close: () => void; status: () => number | null }>((resolve) => {
          const socket = connect(app.port, '127.0.0.1', () => {
            socket.write(`GET /api/spreadsheets/${big.id}/export.csv HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${bearer}\r\n\r\n`);
            let head = '';
            const answered = () => resolve({ close: () => socket.destroy(), status: () => Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0) || null });
            // Resolved once the answer starts (refusals come at once, downloads with their first rows) ...
            socket.once('data', (chunk) => {
              head = chunk.toString('latin1', 0, 20);
              socket.pause(); // ... and never read again
              answered();
            });
            setTimeout(answered, 15_000);
          });
          socket.on('error', () => undefined);
        });
      const downloads = await Promise.all(readers.flatMap((reader) => [stalled(reader.accessToken), stalled(reader.accessToken), stalled(reader.accessToken)]));
      try {
        const statuses = downloads.map((d) => d.status());
        expect(statuses.filter((s) => s === 200)).toHaveLength(8);
        expect(statuses.filter((s) => s === 200 || s === 429 || s === 503)).toHaveLength(18);
        for (let r = 0; r < readers.length; r += 1) expect(statuses.slice(r * 3, r * 3 + 3).filter((s) => s === 200).length).toBeLessThanOrEqual(2);
        expect(statuses).toContain(429);
        expect(await exporting()).toBe(8); // exactly the accepted downloads, each on its cursor
        expect((await http(app.base, '/health/ready')).status).toBe(200);
        const [row] = ((await http(app.base, `/api/spreadsheets/${big.id}/rows?limit=1`, { token })).body as { items: Row[] }).items;
        expect(
          (await http(app.base, `/api/spreadsheets/${big.id}/rows/${row.id}`, { method: 'PATCH', token, body: { values: { [note.id]: 'edited during downloads' } } })).status,
        ).toBe(200);
      } finally {
        downloads.forEach((d) => d.close());
      }
      // Once the clients are gone, their cursors are closed and the connections return to the pool.
      const deadline = Date.now() + 10_000;
      let busy = Infinity;
      while (Date.now() < deadline && busy > 0) {
        await new Promise((r) => setTimeout(r, 200));
        busy = await exporting();
      }
      expect(busy).toBe(0);
      expect((await http(app.base, `/api/spreadsheets/${big.id}/export.csv?filter=${note.id}:eq:none`, { token })).status).toBe(200);
    }, 60_000);
  });

  describe('#4 malformed and oversized bodies are 400 and 413 on every route, with the SPA served', () => {
    const routes = () => [
      ['POST', '/auth/login'],
      ['POST', '/api/spreadsheets'],
      ['PATCH', `/api/users/me`],
      ['POST', `/api/tokens`],
      ['PUT', `/api/spreadsheets/${randomUUID()}`],
    ];
    it('malformed JSON → 400', async () => {
      for (const [method, path] of routes()) {
        const res = await http(app.base, path, { method, token, body: '{"name": "x",' });
        expect([method, path, res.status, res.body]).toEqual([method, path, 400, expect.objectContaining({ statusCode: 400, message: 'The request body is not valid JSON' })]);
      }
    });
    it('a body over BODY_LIMIT → 413', async () => {
      for (const [method, path] of routes()) {
        const res = await http(app.base, path, { method, token, body: { name: 'x'.repeat(70 * 1024) } });
        expect([method, path, res.status, res.body]).toEqual([method, path, 413, expect.objectContaining({ statusCode: 413, message: 'Request body is too large' })]);
      }
      await stillServing();
    });
  });

  describe('#9 deeply nested JSON is refused before it is parsed', () => {
    it('5,000 levels → 400; ten 60 KB deep bodies at once are all refused and health keeps answering', async () => {
      const deep = (levels: number) => `{"name":${'['.repeat(levels)}${']'.repeat(levels)}}`;
      const res = await http(app.base, '/api/spreadsheets', { method: 'POST', token, body: deep(5000) });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ message: 'The request body nests deeper than 32 levels' });
      const [answers, health] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => http(app.base, '/api/spreadsheets', { method: 'POST', token, body: deep(30_000) }))),
        http(app.base, '/health'),
      ]);
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(400));
      expect(health.status).toBe(200);
      // 33 levels is one too many; 32 passes the depth check (and is then refused by the DTO for its shape).
      expect((await http(app.base, '/api/spreadsheets', { method: 'POST', token, body: deep(32) })).body).toMatchObject({
        message: 'The request body nests deeper than 32 levels',
      });
      expect((await http(app.base, '/api/spreadsheets', { method: 'POST', token, body: deep(31) })).body).toMatchObject({ message: expect.stringMatching(/^Validation failed/) });
    });
  });

  describe('#11 bodies of the wrong media type are 415 and change nothing', () => {
    it.each([
      ['application/x-www-form-urlencoded', 'name=Sneaky'],
      ['text/plain', '{"name":"Sneaky"}'],
      ['text/csv', 'name\nSneaky'],
      ['multipart/form-data; boundary=b', `--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nSneaky\r\n--b--\r\n`],
      ['application/xml', '<name>Sneaky</name>'],
    ])('%s to POST /api/spreadsheets', async (type, body) => {
      const before = (await http(app.base, '/api/spreadsheets?limit=1', { token })).body as { total: number };
      const res = await http(app.base, '/api/spreadsheets', { method: 'POST', token, body, headers: { 'Content-Type': type } });
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', message: expect.stringContaining('application/json') });
      expect(((await http(app.base, '/api/spreadsheets?limit=1', { token })).body as { total: number }).total).toBe(before.total);
    });

    it('an empty POST needs no media type; JSON with a charset parameter is JSON', async () => {
      expect(
        (await http(app.base, '/api/spreadsheets', { method: 'POST', token, body: '{"name":"Charset"}', headers: { 'Content-Type': 'application/json; charset=utf-8' } })).status,
      ).toBe(201);
      expect((await http(app.base, '/api/spreadsheets', { method: 'POST', token })).status).toBe(400);
    });
  });

  describe('#13 NUL and unpaired surrogates are 400 wherever text goes in', () => {
    const bad = ['nul \u0000 inside', 'lone \ud800 surrogate'];
    it.each(bad)('%j', async (text) => {
      const target = await sheet();
      const note = await column(target.id, { name: 'Note', type: 'text' });
      const stage = await column(target.id, { name: 'Stage', type: 'select', options: [{ label: 'Lead' }] });
      const [row] = (await http(app.base, `/api/spreadsheets/${target.id}/rows`, { method: 'POST', token, body: { rows: [{ values: {} }] } })).body as Row[];
      const before = await state(target.id);
      const attempts: [string, string, unknown][] = [
        ['POST', '/api/spreadsheets', { name: text }],
        ['PUT', `/api/spreadsheets/${target.id}`, { name: text }],
        ['POST', `/api/spreadsheets/${target.id}/columns`, { name: text, type: 'text' }],
        ['PATCH', `/api/spreadsheets/${target.id}/columns/${stage.id}`, { options: [{ label: text }] }],
        ['PATCH', `/api/spreadsheets/${target.id}/rows/${row.id}`, { values: { [note.id]: text } }],
        ['POST', `/api/spreadsheets/${target.id}/rows`, { rows: [{ values: { [note.id]: text } }] }],
        ['PATCH', '/api/users/me', { displayName: text }],
        ['POST', '/api/tokens', { name: text, scope: 'read' }],
        ['POST', '/auth/login', { email: text, password: 'whatever long' }],
        ['POST', '/auth/register', { email: `x${text}@example.com`, password: 'whatever long', displayName: 'x' }],
        ['POST', '/api/spreadsheets', { name: 'ok', [text]: 1 }],
      ];
      // A URL cannot carry an unpaired surrogate (it decodes to U+FFFD), but it can carry NUL.
      if (text.includes('\u0000')) {
        const q = encodeURIComponent(text);
        attempts.push(
          ['GET', `/api/users?search=${q}`, undefined],
          ['GET', `/api/spreadsheets?search=${q}`, undefined],
          ['GET', `/api/spreadsheets/${target.id}/rows?filter=${note.id}:eq:${q}`, undefined],
          ['GET', `/api/spreadsheets/${target.id}/rows?filter=${note.id}:contains:${q}`, undefined],
          ['GET', `/api/spreadsheets/${target.id}/export.csv?filter=${note.id}:eq:${q}`, undefined],
        );
      }
      for (const [method, path, body] of attempts) {
        const res = await http(app.base, path, { method, token, body });
        expect([method, path, res.status]).toEqual([method, path, 400]);
        expect(res.body).toMatchObject({ statusCode: 400, message: expect.any(String) });
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
      }
      expect(await state(target.id)).toEqual(before);
      await stillServing();
    });

    it('a CSV cell with NUL (past the part read to tell text from binary) rejects its line and imports nothing', async () => {
      const target = await sheet();
      const fine = 'fine,ok\n'.repeat(2000);
      const answer = await upload(target.id, 'multipart/form-data; boundary=b', Buffer.concat([part('file', 'a.csv', `Name,Note\n${fine}bad,nul \u0000 here\n`), closing()]));
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.text).details).toEqual([expect.objectContaining({ line: 2002, message: expect.stringContaining('NUL') })]);
      expect(await state(target.id)).toMatchObject({ rowCount: 0, columns: 0 });
    });
  });

  describe('#14 offsets beyond what a database can count are 400', () => {
    it.each(['/api/spreadsheets', '/api/users', '/api/tokens'])('%s?offset=1e20', async (path) => {
      for (const offset of ['1e20', '99999999999999999999', '9223372036854775808']) {
        const res = await http(app.base, `${path}?offset=${offset}`, { token });
        expect([offset, res.status]).toEqual([offset, 400]);
      }
    });
  });

  describe('#15 columns are capped, and an import adds its new columns in one statement', () => {
    it('refuses a 501-column header and a 501st column; 500 new columns import at once', async () => {
      const target = await sheet();
      const names = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`).join(',');
      const tooWide = await upload(target.id, 'multipart/form-data; boundary=b', Buffer.concat([part('file', 'wide.csv', `${names(501)}\n`), closing()]));
      expect(tooWide.status).toBe(400);
      expect(JSON.parse(tooWide.text).message).toContain('at most 500');
      expect((await state(target.id)).columns).toBe(0);

      const wide = await upload(target.id, 'multipart/form-data; boundary=b', Buffer.concat([part('file', 'wide.csv', `${names(500)}\n${names(500)}\n`), closing()]));
      expect(wide.status).toBe(201);
      expect(await state(target.id)).toMatchObject({ columns: 500, rowCount: 1 });
      const extra = await http(app.base, `/api/spreadsheets/${target.id}/columns`, { method: 'POST', token, body: { name: 'One more', type: 'text' } });
      expect(extra.status).toBe(400);
      expect(extra.body).toMatchObject({ message: expect.stringContaining('at most 500 columns') });
    });
  });

  describe('#17 import progress belongs to its sheet', () => {
    it('the same importId on two sheets keeps two reports; one running id cannot be started twice', async () => {
      const [a, b] = [await sheet('A'), await sheet('B')];
      const importId = randomUUID();
      const send = (sheetId: string, rows: number) => {
        const body = Buffer.concat([part('file', 'a.csv', `Name\n${'x\n'.repeat(rows)}`), closing()]);
        return rawRequest(
          app.port,
          head('POST', `/api/spreadsheets/${sheetId}/import?importId=${importId}`, { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': body.length }),
          body,
          'read',
        );
      };
      expect((await send(a.id, 3)).status).toBe(201);
      expect((await send(b.id, 5)).status).toBe(201);
      expect((await http(app.base, `/api/spreadsheets/${a.id}/imports/${importId}`, { token })).body).toMatchObject({ rowsImported: 3 });
      expect((await http(app.base, `/api/spreadsheets/${b.id}/imports/${importId}`, { token })).body).toMatchObject({ rowsImported: 5 });

      const slow = await rawRequest(
        app.port,
        head('POST', `/api/spreadsheets/${a.id}/import?importId=${importId}`, { 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': 10_000 }),
        part('file', 'a.csv', 'Name\n'),
        'hang',
      );
      try {
        await new Promise((r) => setTimeout(r, 200));
        const twice = await send(a.id, 1);
        expect(twice.status).toBe(409);
      } finally {
        slow();
      }
    });
  });

  describe('#18 row positions survive JSON', () => {
    it('80 rows inserted before the same row get 80 distinct positions, in the order the sheet lists them', async () => {
      const target = await sheet();
      const note = await column(target.id, { name: 'Note', type: 'text' });
      const [, anchor] = (
        await http(app.base, `/api/spreadsheets/${target.id}/rows`, {
          method: 'POST',
          token,
          body: { rows: [{ values: { [note.id]: 'first' } }, { values: { [note.id]: 'anchor' } }] },
        })
      ).body as Row[];
      for (let i = 0; i < 80; i += 1) {
        const res = await http(app.base, `/api/spreadsheets/${target.id}/rows`, {
          method: 'POST',
          token,
          body: { rows: [{ values: { [note.id]: `n${i}` } }], beforeRowId: anchor.id },
        });
        expect(res.status).toBe(201);
      }
      const listed = ((await http(app.base, `/api/spreadsheets/${target.id}/rows?limit=100`, { token })).body as { items: Row[] }).items;
      expect(listed.map((r) => r.values[note.id])).toEqual(['first', ...Array.from({ length: 80 }, (_, i) => `n${i}`), 'anchor']);
      const positions = listed.map((r) => r.position);
      expect(new Set(positions).size).toBe(82);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    });
  });

  describe('#19 every list is a page', () => {
    it('members and webhooks answer { items, total } and honour limit and offset', async () => {
      const target = await sheet();
      const bystander = await signUp(app.base, 'member');
      await http(app.base, `/api/spreadsheets/${target.id}/members/${bystander.user.id}`, { method: 'PUT', token, body: { role: 'viewer' } });
      const members = await http(app.base, `/api/spreadsheets/${target.id}/members?limit=1`, { token });
      expect(members.body).toMatchObject({ total: 2, items: [expect.objectContaining({ role: 'owner' })] });
      expect(((await http(app.base, `/api/spreadsheets/${target.id}/members?limit=1&offset=1`, { token })).body as { items: { role: string }[] }).items).toEqual([
        expect.objectContaining({ role: 'viewer' }),
      ]);
      for (const url of ['https://one.example.com/hook', 'https://two.example.com/hook']) {
        expect((await http(app.base, `/api/spreadsheets/${target.id}/webhooks`, { method: 'POST', token, body: { url } })).status).toBe(201);
      }
      const hooks = await http(app.base, `/api/spreadsheets/${target.id}/webhooks?limit=1&offset=1`, { token });
      expect(hooks.body).toMatchObject({ total: 2, items: [expect.objectContaining({ url: 'https://two.example.com/hook' })] });
      expect((await http(app.base, `/api/spreadsheets/${target.id}/members?limit=5000`, { token })).status).toBe(400);
    });
  });
});
