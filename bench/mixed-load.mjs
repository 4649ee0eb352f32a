// Benchmark: a mixed load on one app for a while - row pages, cell edits over REST and the socket, sheet listings and
// logins - with 100 sockets receiving the changes. Prints per-route latency, throughput, errors, and the process's
// memory before, after the first half and after the second half: a leak keeps growing from one half to the next,
// while a heap that has found its working size stays put.
//   node bench/mixed-load.mjs [seconds=60] [sockets=100]
// Needs `npm run build`. Uses DATABASE_URL's server (a fresh database is created and dropped), else embedded PostgreSQL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { startBenchApp } from './support/app.mjs';
import { call, percentile } from './support/measure.mjs';

const SECONDS = Number(process.argv[2] ?? 60);
const SOCKETS = Number(process.argv[3] ?? 100);

function connect(base, token) {
  const socket = io(base, { path: '/ws', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function memory(base, headers) {
  const text = await (await fetch(`${base}/metrics`, { headers })).text();
  const metric = (name) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 0) / 1024 ** 2;
  return { rss: metric('process_resident_memory_bytes'), heap: metric('nodejs_heap_size_used_bytes') };
}

const probeDir = mkdtempSync(join(tmpdir(), 'contrivance-heap-'));
const probeFile = join(probeDir, 'heap.log');
/** Live heap (MB, after a forced full GC) sampled since `since` (ms since epoch): first and last sample. */
function liveHeap(since) {
  let samples = [];
  try {
    samples = readFileSync(probeFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ').map(Number))
      .filter(([t]) => t >= since);
  } catch {
    return null;
  }
  return samples.length ? { first: samples[0][1], last: samples.at(-1)[1] } : null;
}

// One account holds the 100 receiving sockets: its per-user socket and event budgets are lifted.
const bench = await startBenchApp('contrivance_mixed_bench', {
  AUTH_RATE_LIMIT_PER_MINUTE: '100000000',
  AUTH_ACCOUNT_RATE_LIMIT: '100000000',
  REALTIME_MAX_SOCKETS_PER_USER: '100000',
  REALTIME_EVENTS_PER_SECOND: '100000',
  REALTIME_WRITES_PER_SECOND: '100000',
  NODE_OPTIONS: `--expose-gc --require ${new URL('./support/heap-probe.cjs', import.meta.url).pathname}`,
  HEAP_PROBE_FILE: probeFile,
});
const { base } = bench;
try {
  const email = 'mixed@example.com';
  const password = 'bench password 123';
  const admin = await call(base, '/auth/register', { method: 'POST', body: JSON.stringify({ email, password, displayName: 'Mixed' }) });
  const headers = { Authorization: `Bearer ${admin.accessToken}` };
  const json = { ...headers, 'Content-Type': 'application/json' };
  const sheet = await call(base, '/api/spreadsheets', { method: 'POST', headers: json, body: JSON.stringify({ name: 'Load', template: 'sales-pipeline' }) });
  const value = sheet.columns.find((c) => c.name === 'Value');
  const deal = sheet.columns.find((c) => c.name === 'Deal');
  const created = [];
  for (let i = 0; i < 5; i += 1) {
    created.push(
      ...(await call(base, `/api/spreadsheets/${sheet.id}/rows`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ rows: Array.from({ length: 200 }, (_, j) => ({ values: { [deal.id]: `Deal ${i * 200 + j}`, [value.id]: j } })) }),
      })),
    );
  }
  const rowIds = created.map((r) => r.id);

  const receivers = await Promise.all(Array.from({ length: SOCKETS }, () => connect(base, admin.accessToken)));
  let delivered = 0;
  for (const s of receivers) {
    s.on('change', () => (delivered += 1));
    await s.timeout(10_000).emitWithAck('join', { spreadsheetId: sheet.id });
  }
  const editors = receivers.slice(0, 2);

  const before = await memory(base, headers);
  const stats = new Map();
  const record = (route, ms, ok) => {
    const s = stats.get(route) ?? { times: [], errors: 0 };
    s.times.push(ms);
    if (!ok) s.errors += 1;
    stats.set(route, s);
  };
  let until = 0;
  let n = 0;
  const worker = (route, fn, pauseMs = 0) =>
    (async () => {
      while (performance.now() < until) {
        const start = performance.now();
        const ok = await fn().then(
          (r) => r,
          () => false,
        );
        record(route, performance.now() - start, ok);
        if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();
  const ok = (res) => res.arrayBuffer().then(() => res.ok);
  const load = () => [
    ...Array.from({ length: 4 }, () =>
      worker('GET rows page', () => fetch(`${base}/api/spreadsheets/${sheet.id}/rows?limit=100&offset=${(n++ % 10) * 100}&count=true`, { headers }).then(ok)),
    ),
    ...Array.from({ length: 2 }, () =>
      worker(
        'PATCH cell (REST)',
        () =>
          fetch(`${base}/api/spreadsheets/${sheet.id}/rows/${rowIds[n++ % rowIds.length]}`, {
            method: 'PATCH',
            headers: json,
            body: JSON.stringify({ values: { [value.id]: n } }),
          }).then(ok),
        10,
      ),
    ),
    ...editors.map((socket) =>
      worker(
        'cell:update (socket)',
        () =>
          socket
            .timeout(10_000)
            .emitWithAck('cell:update', { spreadsheetId: sheet.id, rowId: rowIds[n++ % rowIds.length], columnId: value.id, value: n })
            .then((a) => a.ok),
        10,
      ),
    ),
    worker('GET spreadsheets', () => fetch(`${base}/api/spreadsheets`, { headers }).then(ok)),
    worker('POST login', () =>
      fetch(`${base}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) }).then(ok),
    ),
  ];
  const loadStart = Date.now();
  until = performance.now() + (SECONDS / 2) * 1000;
  await Promise.all(load());
  const half = await memory(base, headers);
  const secondHalf = Date.now();
  until = performance.now() + (SECONDS / 2) * 1000;
  await Promise.all(load());
  const full = await memory(base, headers);
  for (const s of receivers) s.close();

  console.log(`\n${SECONDS} s of mixed load, ${SOCKETS} sockets receiving every change (${delivered.toLocaleString('en')} deliveries)\n`);
  console.log('| route | requests | errors | req/s | p50 (ms) | p99 (ms) |\n|---|---|---|---|---|---|');
  let total = 0;
  let errors = 0;
  for (const [route, s] of stats) {
    const sorted = [...s.times].sort((a, b) => a - b);
    total += s.times.length;
    errors += s.errors;
    console.log(
      `| ${route} | ${s.times.length} | ${s.errors} | ${(s.times.length / SECONDS).toFixed(0)} | ${percentile(sorted, 50).toFixed(1)} | ${percentile(sorted, 99).toFixed(1)} |`,
    );
  }
  console.log(`| all | ${total} | ${errors} | ${(total / SECONDS).toFixed(0)} | | |`);
  console.log('\n| memory (MB) | before | after the first half | after the second half |\n|---|---|---|---|');
  console.log(`| RSS | ${before.rss.toFixed(0)} | ${half.rss.toFixed(0)} | ${full.rss.toFixed(0)} |`);
  console.log(`| heap used (incl. garbage) | ${before.heap.toFixed(0)} | ${half.heap.toFixed(0)} | ${full.heap.toFixed(0)} |`);
  const first = liveHeap(loadStart);
  const second = liveHeap(secondHalf);
  if (first && second) console.log(`| live heap after a full GC | ${first.first.toFixed(1)} | ${second.first.toFixed(1)} | ${second.last.toFixed(1)} |`);
  // The summary in the shape every benchmark prints (bench/run-all.mjs gathers these).
  console.log('\n| figure | value | baseline | ratio | target |\n|---|---|---|---|---|');
  const worstP99 = Math.max(
    ...[...stats.values()].map((s) =>
      percentile(
        [...s.times].sort((a, b) => a - b),
        99,
      ),
    ),
  );
  console.log(`| mixed load ${SECONDS} s: requests / errors | ${total} / ${errors} | | | 0 errors |`);
  console.log(`| mixed load: worst route p99 (ms) | ${worstP99.toFixed(1)} | | | reported |`);
  if (first && second) {
    console.log(`| live heap growth, second half (MB) | ${(second.last - second.first).toFixed(1)} | first half ${(second.first - first.first).toFixed(1)} | | no steady growth |`);
  }
  if (errors) process.exitCode = 1;
} finally {
  await bench.stop();
  rmSync(probeDir, { recursive: true, force: true });
}
