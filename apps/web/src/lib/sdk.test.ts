import { describe, expect, it, vi } from 'vitest';
import { authResponse, json, mockApi } from '../test/api-mock';
import { ApiError } from './api-error';
import { createSpreadsheet, deleteSpreadsheet, getMe, listRows, login } from './sdk';

const sheetId = '0b6f3c3e-6a53-4d7c-9b1e-6f0a2f1f3a22';

describe('the SDK as the web app configures it', () => {
  it('sends JSON to the same origin and answers the parsed body', async () => {
    const fetch = mockApi({ 'POST /api/spreadsheets': () => json(201, { id: sheetId }) });
    await expect(createSpreadsheet({ body: { name: 'Deals', template: 'sales-pipeline' } }).then((r) => r.data)).resolves.toEqual({ id: sheetId });
    const [sent] = fetch.requests;
    expect(sent.url.origin).toBe(window.location.origin);
    expect(JSON.parse(sent.body!)).toEqual({ name: 'Deals', template: 'sales-pipeline' });
    expect(sent.headers.get('Content-Type')).toBe('application/json');
  });

  it('sends repeatable query parameters once per value', async () => {
    const fetch = mockApi({ [`GET /api/spreadsheets/${sheetId}/rows`]: () => json(200, { items: [] }) });
    await listRows({ path: { id: sheetId }, query: { filter: ['a:eq:1', 'b:isEmpty'], limit: 10, count: false } });
    const params = fetch.requests[0].url.searchParams;
    expect(params.getAll('filter')).toEqual(['a:eq:1', 'b:isEmpty']);
    expect(params.get('limit')).toBe('10');
    expect(params.get('count')).toBe('false');
  });

  it('turns a contract error body into an ApiError with its details, worded with labels', async () => {
    const body = { statusCode: 400, error: 'Bad Request', message: 'Validation failed', details: [{ field: 'email', message: 'email must be an email' }] };
    mockApi({ 'POST /auth/login': () => json(400, body) });
    const error = await login({ body: { email: 'x', password: 'y' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ statusCode: 400, message: 'Validation failed', details: [{ field: 'email', message: 'Email must be an email' }] });
  });

  it('describes a non-JSON failure by its status', async () => {
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(getMe()).rejects.toMatchObject({ statusCode: 502, message: 'The server answered 502 Bad Gateway' });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    const error = (await getMe().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.isNetworkError).toBe(true);
    expect(error.message).toBe('Cannot reach the server. Check your connection.');
  });

  it('resolves a 204 No Content', async () => {
    mockApi({ [`DELETE /api/spreadsheets/${sheetId}`]: () => new Response(null, { status: 204 }) });
    await expect(deleteSpreadsheet({ path: { id: sheetId } })).resolves.toMatchObject({ response: { status: 204 } });
  });
});

describe('the SDK with a session', () => {
  it('signs secured calls only, refreshes once after a 401 and retries with the new access token', async () => {
    const { session } = await import('./session');
    session.start(authResponse('stale', 'refresh-token-aaaaaaaaaaaa'));
    const fetch = mockApi({
      'GET /api/users/me': (request) =>
        request.headers.get('Authorization') === 'Bearer fresh' ? json(200, { ok: true }) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'Access token expired' }),
      'POST /auth/refresh': () => json(200, authResponse('fresh', 'refresh-token-bbbbbbbbbbbb')),
    });
    await expect(getMe().then((r) => r.data)).resolves.toEqual({ ok: true });
    expect(fetch.requests.map((r) => [r.method, r.path, r.headers.get('Authorization')])).toEqual([
      ['GET', '/api/users/me', 'Bearer stale'],
      ['POST', '/auth/refresh', null],
      ['GET', '/api/users/me', 'Bearer fresh'],
    ]);
    session.clear();
  });

  it('does not retry a call that carried no token', async () => {
    const fetch = mockApi({ 'POST /auth/login': () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Incorrect email or password' }) });
    await expect(login({ body: { email: 'ada@example.com', password: 'wrong password' } })).rejects.toMatchObject({ statusCode: 401 });
    expect(fetch.requests).toHaveLength(1);
  });
});
