// Benchmark: edit → delivered-to-all latency with many clients in one sheet, through the app and through a bare
// Socket.IO relay (same clients, same load, same run).
//   node bench/realtime.mjs [clients=100] [editsPerSecond=50] [seconds=20]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { freePort, startBenchApp } from './support/app.mjs';
import { call, percentile } from './support/measure.mjs';

const CLIENTS = Number(process.argv[2] ?? 100);
const RATE = Number(process.argv[3] ?? 50);
const SECONDS = Number(process.argv[4] ?? 20);
const EDITS = RATE * SECONDS;

function connect(base, token) {
  const socket = io(base, { path: '/ws', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/**
 * Opens `CLIENTS` receivers and one editor, sends EDITS cell updates at RATE per second (each value carries its send
 * time), and measures, for every receiver, when each change arrived. Counts lost and duplicated deliveries.
 */
async function run(base, token, target) {
  const receivers = await Promise.all(Array.from({ length: CLIENTS }, () => connect(base, token)));
  const editor = await connect(base, token);
  const latencies = [];
  const seen = receivers.map(() => new Map());
  receivers.forEach((socket, i) => {
    socket.on('change', (change) => {
      const now = performance.now();
      const [seq, sentAt] = String(change.value).split('|').map(Number);
      seen[i].set(seq, (seen[i].get(seq) ?? 0) + 1);
      latencies.push(now - sentAt);
    });
  });
  for (const socket of receivers) await socket.timeout(10_000).emitWithAck('join', { spreadsheetId: target.sheetId });
  await editor.timeout(10_000).emitWithAck('join', { spreadsheetId: target.sheetId });

  const refused = [];
  const acks = [];
  const start = performance.now();
  for (let seq = 0; seq < EDITS; seq += 1) {
    const due = start + (seq * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const value = `${seq}|${performance.now()}`;
    acks.push(
      editor
        .timeout(10_000)
        .emitWithAck('cell:update', { spreadsheetId: target.sheetId, rowId: target.rowIds[seq % target.rowIds.length], columnId: target.columnId, value })
        .then(
          (ack) => ack.ok || refused.push(ack),
          (error) => refused.push(String(error)),
        ),
    );
  }
  await Promise.all(acks);
  const deadline = performance.now() + 10_000;
  while (performance.now() < deadline && seen.some((m) => m.size < EDITS)) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  for (const socket of [...receivers, editor]) socket.close();

  const lost = seen.reduce((n, m) => n + (EDITS - m.size), 0);
  const duplicated = seen.reduce((n, m) => n + [...m.values()].reduce((d, c) => d + (c - 1), 0), 0);
  const sorted = latencies.sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1), deliveries: latencies.length, lost, duplicated, refused: refused.length };
}

// One account stands in for the crowd: its per-user socket and event budgets are lifted (they are tested, not timed).
const bench = await startBenchApp('contrivance_rt_bench', {
  REALTIME_WRITES_PER_SECOND: String(RATE * 4),
  REALTIME_EVENTS_PER_SECOND: '100000',
  REALTIME_MAX_SOCKETS_PER_USER: '100000',
});
const { base } = bench;
let bare;
try {
  const auth = await call(base, '/auth/register', { method: 'POST', body: JSON.stringify({ email: 'rt@example.com', password: 'bench password 123', displayName: 'Bench' }) });
  const headers = { Authorization: `Bearer ${auth.accessToken}` };
  const sheet = await call(base, '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Live bench' }) });
  const column = await call(base, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', headers, body: JSON.stringify({ name: 'Note', type: 'text' }) });
  const rows = await call(base, `/api/spreadsheets/${sheet.id}/rows`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ rows: Array.from({ length: 50 }, () => ({ values: {} })) }),
  });
  const target = { sheetId: sheet.id, columnId: column.id, rowIds: rows.map((r) => r.id) };

  const appResult = await run(base, auth.accessToken, target);

  const barePort = await freePort();
  bare = fork(new URL('./support/bare-relay.mjs', import.meta.url), [String(barePort)], { stdio: 'inherit' });
  await new Promise((resolve) => bare.once('message', resolve));
  const bareResult = await run(`http://127.0.0.1:${barePort}`, 'none', target);

  const fmt = (n) => n.toFixed(1);
  const table = [
    [
      `edit → delivered to all ${CLIENTS} clients, p99 (ms)`,
      fmt(appResult.p99),
      `bare relay ${fmt(bareResult.p99)}`,
      (appResult.p99 / bareResult.p99).toFixed(2),
      '≤ 50 ms and ≤ 2×',
    ],
    ['  p50 (ms)', fmt(appResult.p50), `bare relay ${fmt(bareResult.p50)}`, (appResult.p50 / bareResult.p50).toFixed(2), ''],
    ['  max (ms)', fmt(appResult.max), `bare relay ${fmt(bareResult.max)}`, '', ''],
    [`deliveries (${EDITS} edits × ${CLIENTS} clients)`, appResult.deliveries, `bare relay ${bareResult.deliveries}`, '', `${EDITS * CLIENTS}`],
    [
      'lost / duplicated / refused',
      `${appResult.lost} / ${appResult.duplicated} / ${appResult.refused}`,
      `bare relay ${bareResult.lost} / ${bareResult.duplicated} / ${bareResult.refused}`,
      '',
      '0 / 0 / 0',
    ],
  ];
  console.log(`\n${EDITS} edits at ${RATE}/s for ${SECONDS} s, ${CLIENTS} receiving clients\n`);
  console.log('| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
} finally {
  bare?.kill('SIGTERM');
  await bench.stop();
}
