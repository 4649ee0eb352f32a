// A bare Socket.IO server for bench/realtime.mjs and bench/crowd.mjs: it relays each `cell:update` to the sheet's room
// as a `change` and acknowledges it, with no auth, validation, database or history. The baseline the app is compared
// with. `node bare-relay.mjs PORT [REDIS_URL]`: with a Redis URL, rooms span every relay on it (the Redis adapter).
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const redisUrl = process.argv[3];
const http = createServer();
const io = new Server(http, { path: '/ws', serveClient: false });
if (redisUrl) {
  const pub = new Redis(redisUrl);
  io.adapter(createAdapter(pub, pub.duplicate(), { key: `bare-relay:${process.argv[4] ?? 'bench'}` }));
}
let version = 0;
io.on('connection', (socket) => {
  socket.on('join', ({ spreadsheetId }, ack) => {
    socket.join(`sheet:${spreadsheetId}`);
    ack?.({ ok: true, version });
  });
  socket.on('cell:update', (payload, ack) => {
    version += 1;
    io.to(`sheet:${payload.spreadsheetId}`).emit('change', { ...payload, version, part: 1, parts: 1, kind: 'cell' });
    ack?.({ ok: true, version });
  });
});
http.listen(port, '127.0.0.1', () => process.send?.('ready'));
