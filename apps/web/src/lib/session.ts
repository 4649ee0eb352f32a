import type { AuthResponse } from '@contrivance/contracts';
import { ApiError } from './api-error';
import { authenticateWith, refreshToken } from './sdk';

/** What survives a reload: the refresh token is the session; the access token is reused while still valid. */
interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms when the access token expires. */
  accessExpiresAt: number;
}

const STORAGE_KEY = 'contrivance.session';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

type Listener = () => void;

function read(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

/**
 * The signed-in session of this browser, shared by its tabs through localStorage. Refreshes in the background before
 * the access token expires, one refresh at a time across tabs (Web Locks where available), and signs out everywhere
 * when a refresh is refused. It holds credentials only; who the user is lives in the query cache.
 */
export class SessionStore {
  private session: StoredSession | null = read();
  private inFlight: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();

  constructor() {
    window.addEventListener('storage', (event) => {
      if (event.key !== STORAGE_KEY) return;
      this.session = read();
      this.schedule();
      this.emit();
    });
    this.schedule();
  }

  get isSignedIn(): boolean {
    return this.session !== null;
  }

  get refreshToken(): string | null {
    return this.session?.refreshToken ?? null;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Starts (or replaces) the session from a register, login or refresh answer. */
  start(auth: Pick<AuthResponse, 'accessToken' | 'refreshToken' | 'expiresIn'>): void {
    this.save({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, accessExpiresAt: Date.now() + auth.expiresIn * 1000 });
  }

  /** Signs out this browser (every tab). */
  clear(): void {
    this.save(null);
  }

  /** A usable access token, refreshing first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (!this.session) return null;
    if (this.session.accessExpiresAt - Date.now() < 10_000) await this.refresh();
    return this.session?.accessToken ?? null;
  }

  /**
   * Trades the refresh token for a new pair. Concurrent callers share one request; another tab's newer session is
   * adopted instead of spending a token that tab already spent. Resolves false when signed out as a result.
   */
  refresh(): Promise<boolean> {
    this.inFlight ??= this.withLock(() => this.doRefresh()).finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async doRefresh(): Promise<boolean> {
    const mine = this.session;
    const stored = read();
    if (stored && mine && stored.refreshToken !== mine.refreshToken) {
      this.session = stored;
      this.emit();
      return true;
    }
    if (!stored) {
      this.save(null);
      return false;
    }
    try {
      this.start((await refreshToken({ body: { refreshToken: stored.refreshToken } })).data);
      return true;
    } catch (error) {
      const status = error instanceof ApiError ? error.statusCode : 0;
      if (status === 0) {
        // Offline: keep the session and try again later rather than signing the user out.
        this.schedule(15_000);
        return this.session !== null;
      }
      if (status >= 500 || status === 429) {
        this.schedule(15_000);
        return true;
      }
      this.save(null);
      return false;
    }
  }

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? (locks.request('contrivance-session-refresh', fn) as Promise<T>) : fn();
  }

  private save(session: StoredSession | null): void {
    this.session = session;
    if (session) localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else localStorage.removeItem(STORAGE_KEY);
    this.schedule();
    this.emit();
  }

  private schedule(delay?: number): void {
    clearTimeout(this.timer);
    if (!this.session) return;
    const wait = delay ?? Math.max(0, this.session.accessExpiresAt - Date.now() - REFRESH_MARGIN_MS);
    this.timer = setTimeout(() => void this.refresh(), Math.min(wait, 2_147_000_000));
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const session = new SessionStore();
// Every call of the SDK that needs a token takes this session's.
authenticateWith(session);
