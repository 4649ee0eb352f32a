import { queryOptions } from '@tanstack/react-query';
import { getReadiness } from '../../../lib/sdk';

export const statusKeys = {
  all: ['status'] as const,
  readiness: () => [...statusKeys.all, 'readiness'] as const,
};

/** The server's readiness (database reachable), polled while the page is open. */
export const readinessQuery = () =>
  queryOptions({
    queryKey: statusKeys.readiness(),
    queryFn: async ({ signal }) => (await getReadiness({ signal })).data,
    refetchInterval: 30_000,
    retry: false,
    // Checked even when the browser believes it is offline: a paused query would keep showing its last answer.
    networkMode: 'always',
  });
