import type { PresenceUser } from '@contrivance/contracts';
import { initials, peerColor } from './peer-colors';
import type { LiveStatus } from './useSheetLive';

/** Who else has the sheet open (avatars in their colours), and whether live updates are flowing. */
export function PresenceBar({ users, me, status }: { users: PresenceUser[]; me: string | undefined; status: LiveStatus }) {
  const others = users.filter((u) => u.userId !== me);
  return (
    <div className="presence" aria-label="People in this spreadsheet">
      <ul className="presence__avatars">
        {others.map((u) => (
          <li key={u.userId} className="avatar" style={{ background: peerColor(u.userId) }} title={`${u.displayName}${u.focus ? ' (editing nearby)' : ''}`}>
            <span aria-hidden="true">{initials(u.displayName)}</span>
            <span className="visually-hidden">{u.displayName}</span>
          </li>
        ))}
      </ul>
      {status === 'live' && <span className="muted presence__label">{others.length ? `${others.length} other${others.length > 1 ? 's' : ''} here` : 'Only you here'}</span>}
    </div>
  );
}

/**
 * Shown while the live connection is down, and while edits made offline wait to be sent: what happens to edits now,
 * and how many are waiting.
 */
export function OfflineBanner({ status, waiting = 0 }: { status: LiveStatus; waiting?: number }) {
  if (status !== 'offline' && !waiting) return null;
  const count = waiting === 1 ? '1 edit is waiting' : `${waiting.toLocaleString()} edits are waiting`;
  return (
    <p className="notice" role="status">
      {status === 'offline'
        ? `Live updates paused — reconnecting… Edits you make now are kept on this device and sent when the connection is back${waiting ? ` (${count})` : ''}.`
        : `Sending edits made offline… (${count})`}
    </p>
  );
}
