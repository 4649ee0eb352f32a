// Benchmark: a crowd in one sheet. Two app instances sharing PostgreSQL and Redis, N sockets of one user (half on
// each instance) joining one sheet at once, then edits from one editor socket that every socket must receive exactly
// once and in version order. The same sockets and edits through two bare Socket.IO relays on the Redis adapter are
// the baseline (same run).
//   node bench/crowd.mjs [sockets=10000] [edits=100] [editsPerSecond=5] [workers=2]
// The clients live in `workers` child processes (bench/support/crowd-clients.mjs) so one event loop does not decode
// every delivery. Needs `npm run build`, Redis at REDIS_URL (default redis://127.0.0.1:6379), and DATABASE_URL's
// server (else embedded PostgreSQL). Each process holds up to sockets/2 descriptors: mind `ulimit -n`.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import processHelpers from '../apps/api/test/support/process.cjs';
import { freePort, startBenchApp } from './support/app.mjs';
import { call, percentile } from './support/measure.mjs';

const { spawnApp, waitForOk } = processHelpers;
const SOCKETS = Number(process.argv[2] ?? 10_000);
const EDITS = Number(process.argv[3] ?? 100);
const RATE = Number(process.argv[4] ?? 5);
const WORKERS = Number(process.argv[5] ?? 2);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process (bytes). */
function rss(pid) {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

function connect(base, token) {
  const socket = io(base, { path: '/ws', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function startWorker() {
  const child = fork(new URL('./support/crowd-clients.mjs', import.meta.url), [], { serialization: 'advanced', stdio: 'inherit' });
  const waiting = [];
  child.on('message', (m) => waiting.shift()?.(m));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const ready = next();
  return {
    ready,
    ask: (message) => {
      const answer = next();
      child.send(message);
      return answer;
    },
    close: () => child.send({ type: 'close' }),
  };
}

/**
 * The crowd against two instances (`bases`, processes `pids`): opens the sockets, joins them all at once, sends the
 * edits from one more socket, and gathers what every socket received.
 */
async function run({ bases, pids, token, sheetId, edit }) {
  const workers = Array.from({ length: WORKERS }, startWorker);
  await Promise.all(workers.map((w) => w.ready));
  try {
    const editor = await connect(bases[0], token);
    await editor.timeout(10_000).emitWithAck('join', { spreadsheetId: sheetId });
    await sleep(500);
    const before = pids.map(rss);
    const share = Math.ceil(SOCKETS / WORKERS);
    const opened = await Promise.all(workers.map((w, i) => w.ask({ type: 'open', bases, count: Math.min(share, SOCKETS - i * share), first: i * share, token })));
    const openFailed = opened.reduce((n, o) => n + o.failed, 0);

    const at = now();
    const joined = await Promise.all(workers.map((w) => w.ask({ type: 'join', sheetId, at })));
    const allJoinedMs = now() - at;
    await sleep(1000);
    const after = pids.map(rss);
    const joinTimes = joined.flatMap((j) => [...j.times]).sort((a, b) => a - b);
    const errors = {};
    for (const j of joined) for (const [code, n] of Object.entries(j.errors)) errors[code] = (errors[code] ?? 0) + n;

    const sentAt = [];
    const acks = [];
    const start = performance.now();
    for (let seq = 0; seq < EDITS; seq += 1) {
      const wait = start + (seq * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      sentAt[seq] = now();
      acks.push(
        editor
          .timeout(30_000)
          .emitWithAck('cell:update', edit(seq, sentAt[seq]))
          .then(
            (a) => (a.ok ? null : a.error),
            () => 'timeout',
          ),
      );
    }
    const refusals = (await Promise.all(acks)).filter(Boolean);
    const refused = refusals.length;
    if (refused) console.error(`refused edits: ${JSON.stringify(refusals.reduce((m, e) => ({ ...m, [e]: (m[e] ?? 0) + 1 }), {}))}`);
    const collected = await Promise.all(workers.map((w) => w.ask({ type: 'collect', sentAt, waitMs: 60_000 })));
    editor.close();

    const latencies = new Float64Array(collected.reduce((n, c) => n + c.latencies.length, 0));
    let offset = 0;
    for (const c of collected) {
      latencies.set(c.latencies, offset);
      offset += c.latencies.length;
    }
    latencies.sort();
    // Per edit that reached anyone: when it reached the last socket.
    const toLast = sentAt
      .map((sent, seq) => Math.max(...collected.map((c) => c.lastAt[seq])) - sent)
      .filter((ms) => ms >= 0)
      .sort((a, b) => a - b);
    const presence = collected.flatMap((c) => c.presence);
    // Sockets alternate between the two instances.
    const perInstance = [Math.ceil(SOCKETS / 2), Math.floor(SOCKETS / 2)];
    return {
      opened: SOCKETS - openFailed,
      allJoinedMs,
      joinFailed: SOCKETS - openFailed - joinTimes.length,
      errors,
      joinP50: percentile(joinTimes, 50),
      joinP99: percentile(joinTimes, 99),
      deliveries: latencies.length,
      lost: collected.reduce((n, c) => n + c.lost, 0),
      duplicated: collected.reduce((n, c) => n + c.duplicated, 0),
      outOfOrder: collected.reduce((n, c) => n + c.outOfOrder, 0),
      refused,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      lastP50: percentile(toLast, 50),
      lastP99: percentile(toLast, 99),
      lastMax: toLast.at(-1),
      memoryPerSocket: pids.map((_, i) => (after[i] - before[i]) / perInstance[i]),
      presenceMean: presence.reduce((a, b) => a + b, 0) / Math.max(1, presence.length),
      presenceMax: Math.max(0, ...presence),
    };
  } finally {
    for (const w of workers) w.close();
  }
}

// One account stands in for the crowd: its per-user socket and event budgets are lifted (they are tested, not timed).
const limits = {
  ...(process.env.CROWD_NODE_OPTIONS ? { NODE_OPTIONS: process.env.CROWD_NODE_OPTIONS } : {}),
  REDIS_URL,
  REALTIME_WRITES_PER_SECOND: '100000',
  REALTIME_EVENTS_PER_SECOND: '10000000',
  REALTIME_MAX_SOCKETS_PER_USER: '1000000',
};
const bench = await startBenchApp('contrivance_crowd_bench', limits);
const secondPort = await freePort();
const second = spawnApp({
  NODE_ENV: 'production',
  PORT: String(secondPort),
  HOST: '127.0.0.1',
  DATABASE_URL: bench.db.url,
  MIGRATIONS_RUN: 'false',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789',
  TOKEN_HASH_SECRET: 'bench-token-secret-0123456789abcdef012345',
  RATE_LIMIT_PER_MINUTE: '100000000',
  ...limits,
});
const relays = [];
/** Instances stopped on purpose; one dying otherwise would show only as a missing /proc entry: it says why. */
const stopped = new Set();
for (const app of [bench.app, second])
  void app.exited.then(({ code, signal }) => {
    if (!stopped.has(app)) console.error(`an app instance exited (${code ?? signal}) during the run:\n${app.output().slice(-4000)}`);
  });
try {
  const bases = [bench.base, `http://127.0.0.1:${secondPort}`];
  await waitForOk(`${bases[1]}/health/ready`, second);
  const auth = await call(bases[0], '/auth/register', {
    method: 'POST',
    body: JSON.stringify({ email: 'crowd@example.com', password: 'bench password 123', displayName: 'Crowd' }),
  });
  const headers = { Authorization: `Bearer ${auth.accessToken}` };
  const sheet = await call(bases[0], '/api/spreadsheets', { method: 'POST', headers, body: JSON.stringify({ name: 'Pipeline review' }) });
  const column = await call(bases[0], `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', headers, body: JSON.stringify({ name: 'Note', type: 'text' }) });
  const rows = await call(bases[0], `/api/spreadsheets/${sheet.id}/rows`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ rows: Array.from({ length: 20 }, () => ({ values: {} })) }),
  });
  const edit = (seq, sentAt) => ({ spreadsheetId: sheet.id, rowId: rows[seq % rows.length].id, columnId: column.id, value: `${seq}|${sentAt}` });

  const app = await run({ bases, pids: [bench.app.child.pid, second.child.pid], token: auth.accessToken, sheetId: sheet.id, edit });
  stopped.add(second);
  second.child.kill('SIGTERM');
  await second.exited;

  const relayPorts = [await freePort(), await freePort()];
  const key = `crowd-${process.pid}`;
  for (const port of relayPorts) {
    const relay = fork(new URL('./support/bare-relay.mjs', import.meta.url), [String(port), REDIS_URL, key], { stdio: 'inherit' });
    relays.push(relay);
    await new Promise((resolve) => relay.once('message', resolve));
  }
  const bare = await run({ bases: relayPorts.map((p) => `http://127.0.0.1:${p}`), pids: relays.map((r) => r.pid), token: 'none', sheetId: sheet.id, edit });

  const fmt = (n) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(1));
  const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) : '');
  const kb = (n) => (n / 1024).toFixed(1);
  const table = [
    [
      `${SOCKETS} sockets of one user over 2 instances: all joined (s)`,
      fmt(app.allJoinedMs / 1000),
      `bare relays ${fmt(bare.allJoinedMs / 1000)}`,
      ratio(app.allJoinedMs, bare.allJoinedMs),
      '≤ 10 s',
    ],
    ['  join ack p50 / p99 (ms)', `${fmt(app.joinP50)} / ${fmt(app.joinP99)}`, `bare relays ${fmt(bare.joinP50)} / ${fmt(bare.joinP99)}`, '', ''],
    [
      '  joins failed (sockets not opened)',
      `${app.joinFailed}${Object.keys(app.errors).length ? ` ${JSON.stringify(app.errors)}` : ''} (${SOCKETS - app.opened})`,
      `bare relays ${bare.joinFailed} (${SOCKETS - bare.opened})`,
      '',
      '0',
    ],
    ['presence messages per socket over the run, mean / max', `${fmt(app.presenceMean)} / ${app.presenceMax}`, '', '', 'coalesced: ≤ 1 per sheet per 100 ms'],
    [`deliveries (${EDITS} edits × ${SOCKETS} sockets)`, app.deliveries, `bare relays ${bare.deliveries}`, '', `${EDITS * SOCKETS}`],
    [
      'lost / duplicated / out of order / refused edits',
      `${app.lost} / ${app.duplicated} / ${app.outOfOrder} / ${app.refused}`,
      `bare relays ${bare.lost} / ${bare.duplicated} / ${bare.outOfOrder} / ${bare.refused}`,
      '',
      '0 / 0 / 0 / 0',
    ],
    ['edit → delivery p50 (ms)', fmt(app.p50), `bare relays ${fmt(bare.p50)}`, ratio(app.p50, bare.p50), ''],
    ['edit → delivery p99 (ms)', fmt(app.p99), `bare relays ${fmt(bare.p99)}`, ratio(app.p99, bare.p99), ''],
    [
      'edit → last delivery p50 / p99 / max (ms)',
      `${fmt(app.lastP50)} / ${fmt(app.lastP99)} / ${fmt(app.lastMax)}`,
      `bare relays ${fmt(bare.lastP50)} / ${fmt(bare.lastP99)} / ${fmt(bare.lastMax)}`,
      ratio(app.lastP99, bare.lastP99),
      'reported',
    ],
    [
      'memory per socket, RSS delta (KB), instance 1 / 2',
      `${kb(app.memoryPerSocket[0])} / ${kb(app.memoryPerSocket[1])}`,
      `bare relays ${kb(bare.memoryPerSocket[0])} / ${kb(bare.memoryPerSocket[1])}`,
      ratio(app.memoryPerSocket[0] + app.memoryPerSocket[1], bare.memoryPerSocket[0] + bare.memoryPerSocket[1]),
      'reported',
    ],
  ];
  console.log(`\n${SOCKETS} sockets (one user) over 2 instances + Redis, clients in ${WORKERS} worker processes; ${EDITS} edits at ${RATE}/s from one more socket\n`);
  console.log('| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  for (const r of table) console.log(`| ${r.join(' | ')} |`);
} finally {
  for (const relay of relays) relay.kill('SIGTERM');
  stopped.add(second).add(bench.app);
  second.child.kill('SIGTERM');
  await second.exited;
  await bench.stop();
}
