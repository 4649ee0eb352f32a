import { vi } from 'vitest';

type Handler = (init: RequestInit | undefined) => Response | Promise<Response>;

/** The address fetch was called with (the app passes a path string; a URL or a Request is read for its address). */
export const requestUrl = (input: RequestInfo | URL): string => (input instanceof Request ? input.url : String(input));

export const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * Stubs fetch with handlers keyed by "METHOD /path" (query ignored); unknown calls fail the test loudly.
 * Returns the spy to inspect calls.
 */
export function mockApi(handlers: Record<string, Handler>) {
  return vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = new URL(requestUrl(input), 'http://localhost');
    const key = `${(init?.method ?? 'GET').toUpperCase()} ${url.pathname}`;
    const handler = handlers[key];
    if (!handler) throw new Error(`unexpected request: ${key}`);
    return handler(init);
  });
}

export const user = {
  id: '0b6f3c3e-6a53-4d7c-9b1e-6f0a2f1f3a11',
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  role: 'member' as const,
  isActive: true,
  preferences: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: null,
};

export const authResponse = (accessToken = 'access-1', refreshToken = 'refresh-token-000000000001') => ({
  user,
  accessToken,
  refreshToken,
  expiresIn: 900,
});
