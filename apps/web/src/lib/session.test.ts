import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { authResponse, json, mockApi } from '../test/api-mock';
import { SessionStore } from './session';

const KEY = 'contrivance.session';

describe('SessionStore', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.useRealTimers());

  it('keeps the session in storage so it survives a reload', () => {
    new SessionStore().start(authResponse('a1', 'refresh-token-aaaaaaaaaaaa'));
    const reloaded = new SessionStore();
    expect(reloaded.isSignedIn).toBe(true);
    expect(reloaded.refreshToken).toBe('refresh-token-aaaaaaaaaaaa');
  });

  it('sends one refresh for many simultaneous callers', async () => {
    const store = new SessionStore();
    store.start(authResponse('a1', 'refresh-token-aaaaaaaaaaaa'));
    const fetch = mockApi({ 'POST /auth/refresh': () => json(200, authResponse('a2', 'refresh-token-bbbbbbbbbbbb')) });
    const results = await Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    expect(results).toEqual([true, true, true]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(await store.accessToken()).toBe('a2');
    expect(store.refreshToken).toBe('refresh-token-bbbbbbbbbbbb');
  });

  it('signs out everywhere when the refresh is refused', async () => {
    const store = new SessionStore();
    store.start(authResponse());
    const listener = vi.fn();
    store.subscribe(listener);
    mockApi({ 'POST /auth/refresh': () => json(401, { statusCode: 401, error: 'Unauthorized', message: 'Session expired' }) });
    await expect(store.refresh()).resolves.toBe(false);
    expect(store.isSignedIn).toBe(false);
    expect(localStorage.getItem(KEY)).toBeNull();
    expect(listener).toHaveBeenCalled();
  });

  it('keeps the session when the server cannot be reached', async () => {
    const store = new SessionStore();
    store.start(authResponse());
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(store.refresh()).resolves.toBe(true);
    expect(store.isSignedIn).toBe(true);
  });

  it("adopts another tab's newer session instead of spending the same refresh token twice", async () => {
    const store = new SessionStore();
    store.start(authResponse('a1', 'refresh-token-aaaaaaaaaaaa'));
    new SessionStore().start(authResponse('a2', 'refresh-token-bbbbbbbbbbbb'));
    const fetch = mockApi({});
    await expect(store.refresh()).resolves.toBe(true);
    expect(fetch).not.toHaveBeenCalled();
    expect(store.refreshToken).toBe('refresh-token-bbbbbbbbbbbb');
  });

  it('refreshes in the background a minute before the access token expires', async () => {
    vi.useFakeTimers();
    const store = new SessionStore();
    const fetch = mockApi({ 'POST /auth/refresh': () => json(200, authResponse('a2', 'refresh-token-bbbbbbbbbbbb')) });
    store.start(authResponse('a1', 'refresh-token-aaaaaaaaaaaa'));
    await vi.advanceTimersByTimeAsync(839_000);
    expect(fetch).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(store.refreshToken).toBe('refresh-token-bbbbbbbbbbbb');
  });
});
