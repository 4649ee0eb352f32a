import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@contrivance/contracts';
import { io, type Socket } from 'socket.io-client';
import { session } from '../../lib/session';

/** The tab's socket, typed by the contract's event maps (what it hears, what it may send). */
export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: RealtimeSocket | null = null;

/** This tab's id in the changes it causes (echoed back by the server). */
export const TAB_ID = `tab-${Math.random().toString(36).slice(2, 10)}`;

/**
 * The tab's one Socket.IO connection, opened on first use. Each (re)connection asks the session for a fresh access
 * token, so an expired token is replaced instead of locking the tab out; the server drops a socket whose token
 * expires, and this reconnects it.
 */
export function realtimeSocket(): RealtimeSocket {
  if (socket) return socket;
  const created: RealtimeSocket = io({
    path: REALTIME_PATH,
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    auth: (done) => {
      session.accessToken().then(
        (token) => done({ token }),
        () => done({}),
      );
    },
  });
  // Dropped by the server (token expired, account changed): reconnect with a fresh token unless signed out.
  created.on('disconnect', (reason) => {
    if (reason === 'io server disconnect' && session.isSignedIn) setTimeout(() => created.connect(), 250);
  });
  session.subscribe(() => {
    if (!session.isSignedIn) created.disconnect();
  });
  // Back online: reconnect now instead of at the next back-off retry (up to seconds away).
  window.addEventListener('online', () => {
    if (!created.connected && session.isSignedIn) created.connect();
  });
  socket = created;
  return created;
}
