import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error';
import { http } from './http';

describe('http', () => {
  it('sends JSON and returns the parsed body', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('{"id":1}', { status: 201 }));
    await expect(http('/api/things', { method: 'POST', body: { name: 'x' } })).resolves.toEqual({ id: 1 });
    const [, init] = fetch.mock.calls[0];
    expect(init?.body).toBe('{"name":"x"}');
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });

  it('turns a contract error body into an ApiError with its details, worded with labels', async () => {
    const body = { statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ field: 'email', message: 'email must be an email' }] };
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(JSON.stringify(body), { status: 400 }));
    const error = await http('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ statusCode: 400, message: 'Validation failed', details: [{ field: 'email', message: 'Email must be an email' }] });
  });

  it('describes a non-JSON failure by its status', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(http('/api/x')).rejects.toMatchObject({ statusCode: 502, message: 'The server answered 502 Bad Gateway' });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const error = (await http('/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.isNetworkError).toBe(true);
  });

  it('returns undefined for 204 No Content', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 204 }));
    await expect(http('/api/x', { method: 'DELETE' })).resolves.toBeUndefined();
  });
});

describe('http with a session', () => {
  it('refreshes once after a 401 and retries with the new access token', async () => {
    const { session } = await import('./session');
    const { authResponse, json, mockApi } = await import('../test/api-mock');
    session.start(authResponse('stale', 'refresh-token-aaaaaaaaaaaa'));
    const seen: (string | undefined)[] = [];
    mockApi({
      'GET /api/users/me': (init) => {
        const auth = (init?.headers as Record<string, string>).Authorization;
        seen.push(auth);
        return auth === 'Bearer fresh' ? json(200, { ok: true }) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Access token expired' });
      },
      'POST /auth/refresh': () => json(200, authResponse('fresh', 'refresh-token-bbbbbbbbbbbb')),
    });
    await expect(http('/api/users/me')).resolves.toEqual({ ok: true });
    expect(seen).toEqual(['Bearer stale', 'Bearer fresh']);
    session.clear();
  });
});
