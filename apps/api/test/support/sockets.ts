import type { Ack, JoinResult, LinkedValuesEvent, PresenceEvent, SheetChange } from '@contrivance/contracts';
import WebSocket from 'ws';
import { io, type Socket } from 'socket.io-client';

/** A real Socket.IO client of the app, collecting what it receives. */
export interface TestSocket {
  socket: Socket;
  changes: SheetChange[];
  presence: PresenceEvent[];
  revoked: string[];
  /** New link, lookup and rollup values sent for joined sheets. */
  linked: LinkedValuesEvent[];
  /** Emits and waits for the ack. */
  call<T extends object = object>(event: string, payload: unknown): Promise<Ack<T>>;
  join(spreadsheetId: string, sinceVersion?: number): Promise<Ack<JoinResult>>;
  close(): void;
}

/** Connects with a token (or none) and resolves once connected; rejects with the server's refusal. */
export function connectSocket(baseUrl: string, token?: string): Promise<TestSocket> {
  const socket = io(baseUrl, { path: '/ws', transports: ['websocket'], auth: token === undefined ? {} : { token }, reconnection: false, forceNew: true });
  const changes: SheetChange[] = [];
  const presence: PresenceEvent[] = [];
  const revoked: string[] = [];
  const linked: LinkedValuesEvent[] = [];
  socket.on('linked:values', (event: LinkedValuesEvent) => linked.push(event));
  socket.on('change', (c: SheetChange) => changes.push(c));
  socket.on('presence', (p: PresenceEvent) => presence.push(p));
  socket.on('access:revoked', (r: { spreadsheetId: string }) => revoked.push(r.spreadsheetId));
  const call = <T extends object>(event: string, payload: unknown) => socket.timeout(10_000).emitWithAck(event, payload) as Promise<Ack<T>>;
  const client: TestSocket = {
    socket,
    changes,
    presence,
    revoked,
    linked,
    call,
    join: (spreadsheetId, sinceVersion) => call<JoinResult>('join', sinceVersion === undefined ? { spreadsheetId } : { spreadsheetId, sinceVersion }),
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Polls until `check` holds (or fails the test after `ms`). */
export async function eventually(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * One event sent as raw Socket.IO frames over a plain WebSocket, for payloads the Socket.IO client cannot send (it
 * walks the payload recursively, so thousands of levels of nesting overflow its own stack). `payloadJson` is written
 * into the frame as is. Resolves with the ack, or rejects if the server closes the connection instead.
 */
export function rawSocketCall(baseUrl: string, token: string, event: string, payloadJson: string): Promise<unknown> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws/?EIO=4&transport=websocket`);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error('no ack within 10 s')), 10_000);
    const done = (error: Error | null, ack?: unknown) => {
      clearTimeout(timer);
      ws.close();
      if (error) reject(error);
      else resolve(ack);
    };
    ws.on('message', (data) => {
      const frame = (data as Buffer).toString();
      if (frame.startsWith('0{')) ws.send(`40${JSON.stringify({ token })}`);
      else if (frame.startsWith('40')) ws.send(`421${JSON.stringify([event]).slice(0, -1)},${payloadJson}]`);
      else if (frame.startsWith('44')) done(new Error(`connection refused: ${frame.slice(2)}`));
      else if (frame === '2') ws.send('3');
      else if (frame.startsWith('431')) done(null, (JSON.parse(frame.slice(3)) as unknown[])[0]);
    });
    ws.on('close', () => done(new Error('the server closed the connection')));
    ws.on('error', (error) => done(error));
  });
}
