import type { ConfigService } from '@nestjs/config';
import type { SheetChange } from '@contrivance/contracts';
import { Server } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import { sheetRoom, type AppServer, type AppSocket } from './app-socket';
import { RealtimeServer } from './realtime-server';
import { SheetFanout } from './sheet-fanout';
import { SOCKETS_PER_TURN } from './turn-slices';

const SHEET = 'sheet-1';
const CROWD = 4 * SOCKETS_PER_TURN;

const change = (version: number): SheetChange => ({ spreadsheetId: SHEET, version, part: 1, parts: 1, kind: 'cell', rowId: 'r', columnId: 'c', value: version, userId: 'u' });
const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * A Socket.IO server without transport, its sockets stand-ins the in-memory adapter writes to: what each received is
 * the versions of the `change` events written to it.
 */
function crowd(size: number) {
  const server: AppServer = new Server();
  const io = new RealtimeServer();
  io.attach(server);
  const fanout = new SheetFanout(io, { get: () => undefined } as unknown as ConfigService<AppConfig, true>);
  const adapter = server.sockets.adapter;
  const received = new Map<string, number[]>();
  const sockets = Array.from({ length: size }, (_, i) => {
    const id = `socket-${i}`;
    received.set(id, []);
    const socket = {
      id,
      get rooms() {
        return adapter.socketRooms(id) ?? new Set<string>();
      },
      join: (room: string) => adapter.addAll(id, new Set([room])),
      leave: (room: string) => adapter.del(id, room),
      client: {
        writeToEngine: (packets: string[]) => {
          const [event, body] = JSON.parse(packets[0].slice(1)) as [string, SheetChange];
          if (event === 'change') received.get(id)!.push(body.version);
        },
      },
    } as unknown as AppSocket;
    void adapter.addAll(id, new Set([id]));
    server.sockets.sockets.set(id, socket);
    return socket;
  });
  for (const socket of sockets) fanout.enter(socket, SHEET, 0, fanout.watch(SHEET));
  // Turns enough for everything queued: a few per change.
  const delivered = async () => {
    for (let i = 0; i < 50; i += 1) await turn();
  };
  return { fanout, sockets, received, delivered, server };
}

describe('SheetFanout', () => {
  it('writes a change to a large room a slice per turn of the event loop: every socket gets each change once, in order', async () => {
    const { fanout, received, delivered } = crowd(CROWD);
    fanout.publish(SHEET, [change(1), change(2)]);
    fanout.publish(SHEET, [change(3)]);
    // What runs next (an edit's query result, a join) does so before the crowd has its first change.
    const reachedAtOnce = [...received.values()].filter((r) => r.length > 0).length;
    expect(reachedAtOnce).toBeLessThanOrEqual(SOCKETS_PER_TURN);
    await delivered();
    expect(new Set([...received.values()].map((r) => r.join()))).toEqual(new Set(['1,2,3']));
  });

  it('sends nothing more to a socket that left the room while the delivery was under way', async () => {
    const { fanout, sockets, received, delivered } = crowd(CROWD);
    fanout.publish(SHEET, [change(1)]);
    const last = sockets.at(-1)!;
    fanout.exit(last, SHEET);
    await delivered();
    expect(received.get(last.id)).toEqual([]);
    expect(received.get('socket-0')).toEqual([1]);
  });

  it('does not send again what the join of a socket re-joining during the delivery answered', async () => {
    const { fanout, sockets, received, delivered, server } = crowd(CROWD);
    fanout.publish(SHEET, [change(1)]);
    const last = sockets.at(-1)!;
    const watch = fanout.watch(SHEET);
    fanout.exit(last, SHEET);
    // Its join read the sheet at version 1: the change is in its answer.
    expect(fanout.enter(last, SHEET, 1, watch)).toEqual({ version: 1, late: [] });
    watch.end();
    await delivered();
    expect(received.get(last.id)).toEqual([]);
    expect(server.sockets.adapter.rooms.get(sheetRoom(SHEET))?.has(last.id)).toBe(true);
    fanout.publish(SHEET, [change(2)]);
    await delivered();
    expect(received.get(last.id)).toEqual([2]);
  });
});
