import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuthResponse, LoginDto, RegisterDto } from '@contrivance/contracts';
import { login, logout, register, validateToken } from '../../../lib/sdk';
import type { MutationCallbacks } from '../../../lib/mutation-callbacks';
import { session } from '../../../lib/session';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in account (null-free: only enabled while a session exists). */
export const currentUserQuery = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: async ({ signal }) => (await validateToken({ signal })).data.user,
    staleTime: 60_000,
  });

export async function signIn(dto: LoginDto): Promise<AuthResponse> {
  const auth = (await login({ body: dto })).data;
  session.start(auth);
  return auth;
}

export async function signUp(dto: RegisterDto): Promise<AuthResponse> {
  const auth = (await register({ body: dto })).data;
  session.start(auth);
  return auth;
}

/** Signs in; the account it answers becomes the signed-in account at once. */
export function useSignIn(callbacks: MutationCallbacks<AuthResponse, LoginDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    ...callbacks,
    onSuccess: (...args) => {
      queryClient.setQueryData(authKeys.me(), args[0].user);
      return callbacks.onSuccess?.(...args);
    },
  });
}

/** Creates the account and signs in with it. */
export function useSignUp(callbacks: MutationCallbacks<AuthResponse, RegisterDto> = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signUp,
    ...callbacks,
    onSuccess: (...args) => {
      queryClient.setQueryData(authKeys.me(), args[0].user);
      return callbacks.onSuccess?.(...args);
    },
  });
}

/** Ends the session on the server (best effort) and in every tab. */
export async function signOut(): Promise<void> {
  const refreshToken = session.refreshToken;
  try {
    if (refreshToken) await logout({ body: { refreshToken } });
  } finally {
    session.clear();
  }
}
