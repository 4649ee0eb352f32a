import { useQuery } from '@tanstack/react-query';
import { readinessQuery } from '../api/status.queries';

/** A small pill in the header: is the server (and its database) reachable right now? */
export function ServerStatus() {
  const { data, error, isPending } = useQuery(readinessQuery());
  const state = isPending ? 'checking' : error ? 'down' : data?.status === 'ok' ? 'up' : 'down';
  const label = { checking: 'Checking server…', up: 'Server online', down: 'Server unreachable' }[state];
  return (
    <span className={`status-pill status-pill--${state}`} role="status" title={error?.message ?? label}>
      <span className="status-pill__dot" aria-hidden="true" />
      {label}
    </span>
  );
}
