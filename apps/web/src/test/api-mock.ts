import { vi } from 'vitest';

/** A request the app sent, read from what fetch was given: the SDK hands it a Request; a path and init are read too. */
export interface SentRequest {
  method: string;
  /** The path without the query (the key handlers are found by). */
  path: string;
  url: URL;
  headers: Headers;
  /** The body as text (JSON, or a multipart form); undefined without one. */
  body: string | undefined;
}

type Handler = (request: SentRequest) => Response | Promise<Response>;

/** The address fetch was called with (a path string, a URL, or a Request). */
export const requestUrl = (input: RequestInfo | URL): string => (input instanceof Request ? input.url : String(input));

async function read(input: RequestInfo | URL, init: RequestInit | undefined): Promise<SentRequest> {
  const request = input instanceof Request ? input.clone() : new Request(new URL(String(input), 'http://localhost'), init);
  const url = new URL(request.url);
  const body = request.body ? await request.text() : undefined;
  return { method: request.method, path: url.pathname, url, headers: request.headers, body };
}

export const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/**
 * Stubs fetch with handlers keyed by "METHOD /path" (query ignored); unknown calls fail the test loudly.
 * Returns the spy, with `requests`: every request sent, in order.
 */
export function mockApi(handlers: Record<string, Handler>) {
  const requests: SentRequest[] = [];
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = await read(input, init);
    requests.push(request);
    const key = `${request.method} ${request.path}`;
    const handler = handlers[key];
    if (!handler) throw new Error(`unexpected request: ${key}`);
    return handler(request);
  });
  return Object.assign(spy, { requests });
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
