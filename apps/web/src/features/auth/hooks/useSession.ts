import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useSyncExternalStore } from 'react';
import { session } from '../../../lib/session';
import { statusKeys } from '../../status';
import { authKeys, currentUserQuery } from '../api/auth.api';

/** Whether this browser has a session; re-renders when any tab signs in or out. */
export function useIsSignedIn(): boolean {
  return useSyncExternalStore(session.subscribe, () => session.isSignedIn);
}

/** The signed-in account, fetched while a session exists. */
export function useCurrentUser() {
  const signedIn = useIsSignedIn();
  const query = useQuery({ ...currentUserQuery(), enabled: signedIn });
  return { signedIn, user: signedIn ? query.data : undefined, isLoading: signedIn && query.isPending, error: query.error };
}

/**
 * Mounted once at the root: when the session ends (here, in another tab, or because a refresh was refused) every
 * cached server answer but the server status is dropped, so the next account never sees the previous one's data.
 */
export function useSessionCacheReset(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    let wasSignedIn = session.isSignedIn;
    return session.subscribe(() => {
      const signedIn = session.isSignedIn;
      if (wasSignedIn && !signedIn) queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== statusKeys.all[0] });
      if (!wasSignedIn && signedIn) void queryClient.invalidateQueries({ queryKey: authKeys.me() });
      wasSignedIn = signedIn;
    });
  }, [queryClient]);
}
