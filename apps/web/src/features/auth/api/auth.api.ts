import { queryOptions } from '@tanstack/react-query';
import type { AuthResponse, LoginDto, RegisterDto, ValidateResponse } from '@contrivance/contracts';
import { http } from '../../../lib/http';
import { session } from '../../../lib/session';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
};

/** The signed-in account (null-free: only enabled while a session exists). */
export const currentUserQuery = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: async ({ signal }) => (await http<ValidateResponse>('/auth/validate', { signal })).user,
    staleTime: 60_000,
  });

export async function signIn(dto: LoginDto): Promise<AuthResponse> {
  const auth = await http<AuthResponse>('/auth/login', { method: 'POST', body: dto, auth: false });
  session.start(auth);
  return auth;
}

export async function signUp(dto: RegisterDto): Promise<AuthResponse> {
  const auth = await http<AuthResponse>('/auth/register', { method: 'POST', body: dto, auth: false });
  session.start(auth);
  return auth;
}

/** Ends the session on the server (best effort) and in every tab. */
export async function signOut(): Promise<void> {
  const refreshToken = session.refreshToken;
  try {
    if (refreshToken) await http<void>('/auth/logout', { method: 'POST', body: { refreshToken } });
  } finally {
    session.clear();
  }
}
