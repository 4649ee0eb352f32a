import type { ClientToServerEvents, PresenceUser, ServerToClientEvents, SheetChange } from '@contrivance/contracts';
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
 * What instances tell each other (over the Redis adapter's server-side events); each instance then sends its own
 * sockets what concerns them: rows whose linked cells changed (the values their people may see), a sheet's committed
 * changes, and who is in a sheet on the sending instance (its snapshot replaces the previous one from there).
 */
export interface InterServerEvents {
  'linked:stale': (stale: { sheetId: string; rowIds: string[]; columnIds: string[] }) => void;
  'sheet:changes': (batch: { sheetId: string; changes: SheetChange[] }) => void;
  'presence:sheet': (snapshot: { instance: string; sheetId: string; users: PresenceUser[] }) => void;
  /** An instance started (send it your snapshots) or is stopping (forget its snapshots). */
  'presence:instance': (news: { instance: string; state: 'up' | 'down' }) => void;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, ConnectionData>;

/** The Socket.IO room of a sheet's joined sockets. */
export const sheetRoom = (sheetId: string) => `sheet:${sheetId}`;
