import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { readinessQuery, statusKeys } from '../api/status.queries';

const subscribeOnline = (listener: () => void) => {
  window.addEventListener('online', listener);
  window.addEventListener('offline', listener);
  return () => {
    window.removeEventListener('online', listener);
    window.removeEventListener('offline', listener);
  };
};

/**
 * A small pill in the header: is the server (and its database) reachable right now? Offline the browser says so at
 * once (the last successful check must not keep saying "online"); back online, the server is checked again.
 */
export function ServerStatus() {
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);
  const queryClient = useQueryClient();
  const { data, error, isPending } = useQuery(readinessQuery());
  useEffect(() => {
    if (online) void queryClient.invalidateQueries({ queryKey: statusKeys.readiness() });
  }, [online, queryClient]);
  const state = !online ? 'offline' : isPending ? 'checking' : error ? 'down' : data?.status === 'ok' ? 'up' : 'down';
  const label = { offline: 'You are offline', checking: 'Checking server…', up: 'Server online', down: 'Server unreachable' }[state];
  return (
    <span className={`status-pill status-pill--${state === 'offline' ? 'down' : state}`} role="status" title={error?.message ?? label}>
      <span className="status-pill__dot" aria-hidden="true" />
      {label}
    </span>
  );
}
