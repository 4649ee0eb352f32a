import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useSessionCacheReset } from '../features/auth';

function SessionCacheReset() {
  useSessionCacheReset();
  return null;
}

/** Everything the pages rely on: the query cache and its link to the session. Used by the app and by tests. */
export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionCacheReset />
      {children}
    </QueryClientProvider>
  );
}
