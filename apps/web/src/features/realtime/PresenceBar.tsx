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

/** Shown while the live connection is down: edits still save, others' edits show up once it is back. */
export function OfflineBanner({ status }: { status: LiveStatus }) {
  if (status !== 'offline') return null;
  return (
    <p className="notice" role="status">
      Live updates paused — reconnecting… Your edits still save; changes by others appear when the connection is back.
    </p>
  );
}
