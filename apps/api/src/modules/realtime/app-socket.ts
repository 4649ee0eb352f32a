import type { ClientToServerEvents, ServerToClientEvents } from '@contrivance/contracts';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth/auth-user';
import type { SocketData } from './presence';

/** What each socket keeps: its person and focus (shared with other instances), and the credential it was opened with. */
export interface ConnectionData extends SocketData {
  apiToken?: AuthUser['apiToken'];
  /** The session family of the access token the socket was opened with. */
  sessionId?: string;
  /** When the credential stops being valid (ms since epoch), if it does. */
  expiresAt?: number;
}

/**
 * What instances tell each other (over the Redis adapter, besides rooms and socket lookups): rows whose linked cells
 * changed, so each instance sends its own sockets the values their people may see.
 */
export interface InterServerEvents {
  'linked:stale': (stale: { sheetId: string; rowIds: string[]; columnIds: string[] }) => void;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionData>;

/** The Socket.IO room of a sheet's joined sockets. */
export const sheetRoom = (sheetId: string) => `sheet:${sheetId}`;
