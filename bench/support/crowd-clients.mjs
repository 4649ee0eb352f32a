// One worker of bench/crowd.mjs: holds its share of the crowd's Socket.IO clients (spread over the instances), joins
// them all at once when told, and reports what each received. Driven over IPC (fork with serialization 'advanced').
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable between processes of one machine. */
const now = () => performance.timeOrigin + performance.now();

const sockets = [];
/** Per socket: the edits received, as [seq, version, receivedAt]. */
const received = [];
const presence = [];

function connect(base, token) {
  const socket = io(base, { path: '/ws', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function open({ bases, count, first, token }) {
  let failed = 0;
  let next = 0;
  // A hundred handshakes in flight at a time: the servers are not what this phase measures.
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < count) {
        const i = next++;
        try {
          const socket = await connect(bases[(first + i) % bases.length], token);
          const mine = [];
          received.push(mine);
          presence.push(0);
          const k = presence.length - 1;
          socket.on('change', (change) => {
            const [seq] = String(change.value).split('|');
            mine.push([Number(seq), change.version, now()]);
          });
          socket.on('presence', () => (presence[k] += 1));
          sockets.push(socket);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  return { type: 'opened', sockets: sockets.length, failed };
}

function join({ sheetId, at }) {
  const errors = {};
  const times = [];
  const versions = [];
  return new Promise((resolve) => {
    let pending = sockets.length;
    const done = () => {
      pending -= 1;
      if (pending) return;
      times.sort((a, b) => a - b);
      resolve({ type: 'joined', ok: times.length, errors, times, minVersion: Math.min(...versions), maxVersion: Math.max(...versions) });
    };
    for (const socket of sockets) {
      socket
        .timeout(60_000)
        .emitWithAck('join', { spreadsheetId: sheetId })
        .then(
          (ack) => {
            if (ack.ok) {
              times.push(now() - at);
              versions.push(ack.version);
            } else errors[ack.error] = (errors[ack.error] ?? 0) + 1;
          },
          () => (errors.timeout = (errors.timeout ?? 0) + 1),
        )
        .finally(done);
    }
  });
}

async function collect({ sentAt, waitMs }) {
  const edits = sentAt.length;
  const deadline = now() + waitMs;
  while (now() < deadline && received.some((r) => r.length < edits)) await new Promise((r) => setTimeout(r, 50));
  // Anything doubled would come right behind.
  await new Promise((r) => setTimeout(r, 500));
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  const latencies = new Float64Array(received.reduce((n, r) => n + r.length, 0));
  const lastAt = new Float64Array(edits);
  let n = 0;
  for (const mine of received) {
    const seen = new Set();
    let previous = -Infinity;
    for (const [seq, version, at] of mine) {
      if (seen.has(seq)) duplicated += 1;
      seen.add(seq);
      if (version <= previous) outOfOrder += 1;
      previous = version;
      latencies[n++] = at - sentAt[seq];
      if (at > lastAt[seq]) lastAt[seq] = at;
    }
    lost += edits - seen.size;
  }
  return { type: 'collected', lost, duplicated, outOfOrder, latencies, lastAt, presence: [...presence] };
}

process.on('message', async (message) => {
  if (message.type === 'open') process.send(await open(message));
  else if (message.type === 'join') process.send(await join(message));
  else if (message.type === 'collect') process.send(await collect(message));
  else if (message.type === 'close') {
    for (const socket of sockets) socket.close();
    process.exit(0);
  }
});
process.send({ type: 'ready' });
