import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EnvironmentVariables } from './environment';
import { loadOrCreateDevSecrets } from './dev-secrets';

/** The validated, typed configuration. Read through `ConfigService<AppConfig, true>`, never from process.env. */
export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  http: {
    host: string;
    port: number;
    bodyLimit: string;
    /** `true` reflects any origin; an empty list disables CORS. */
    corsOrigins: string[] | true;
    trustProxy: boolean;
  };
  database: {
    /** Set when an external server is used; unset means the embedded PostgreSQL. */
    url?: string;
    dataDir: string;
    embeddedPort: number;
    /** Superuser password of the embedded server, generated once per data folder. */
    embeddedPassword: string;
    migrationsRun: boolean;
  };
  auth: {
    jwtSecret: string;
    tokenHashSecret: string;
    accessTtlSeconds: number;
    refreshTtlDays: number;
  };
  rateLimit: {
    /** Requests per minute per user (or per IP when anonymous) on every route. */
    perMinute: number;
    /** Login/register attempts per minute per IP. */
    authPerIpPerMinute: number;
    /** Failed sign-ins per 15 minutes per account and client address before that client is refused (429). */
    failedSignInsPerClient: number;
  };
  redis: { url?: string };
  imports: { maxBytes: number; idleTimeoutMs: number };
  /** How long a write waits for a sheet held by another change. */
  sheets: { lockTimeoutMs: number };
  /** Per-view indexes: for sheets of at least `indexMinRows` rows, views used `indexMinUses` times, within the caps. */
  rows: { indexMinRows: number; indexMinUses: number; indexMaxPerSheet: number; indexMaxTotal: number };
  realtime: { writesPerSecond: number; eventsPerSecond: number; maxSocketsPerUser: number };
  webhooks: { retryBaseMs: number; maxAttempts: number; timeoutMs: number; allowPrivate: boolean };
  log: { level: string };
  web: { distDir: string | null };
}

/** The repository root (or /app in the image): src/config and dist/config both sit three levels below it. */
export const PROJECT_ROOT = resolve(__dirname, '../../../..');

const DEV_ORIGINS = ['http://localhost:5173', 'http://127.0.0.1:5173'];

/** The built SPA to serve, if it exists (it has an index.html). */
function findWebDist(explicit: string | undefined): string | null {
  const candidates = [explicit ? resolve(PROJECT_ROOT, explicit) : resolve(PROJECT_ROOT, 'apps/web/dist')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? null;
}

/** Turns validated variables into the app's configuration, creating development secrets when needed. */
export function buildAppConfig(env: EnvironmentVariables): AppConfig {
  // Relative to the project, not the working directory, so `npm start` (root) and `npm run dev` (apps/api) share it.
  const dataDir = resolve(PROJECT_ROOT, env.DATA_DIR);
  const needDevSecrets = !env.JWT_SECRET || !env.TOKEN_HASH_SECRET || !env.DATABASE_URL;
  const dev = needDevSecrets ? loadOrCreateDevSecrets(dataDir) : undefined;
  const corsOrigins = env.CORS_ORIGINS === '*' ? true : env.CORS_ORIGINS ? env.CORS_ORIGINS.split(',').map((o) => o.trim()) : env.NODE_ENV === 'development' ? DEV_ORIGINS : [];
  return {
    env: env.NODE_ENV,
    http: {
      host: env.HOST,
      port: env.PORT,
      bodyLimit: env.BODY_LIMIT,
      corsOrigins,
      trustProxy: env.TRUST_PROXY,
    },
    database: {
      url: env.DATABASE_URL,
      dataDir,
      embeddedPort: env.EMBEDDED_PG_PORT,
      embeddedPassword: dev?.embeddedDbPassword ?? '',
      migrationsRun: env.MIGRATIONS_RUN,
    },
    auth: {
      jwtSecret: env.JWT_SECRET ?? dev!.jwtSecret,
      tokenHashSecret: env.TOKEN_HASH_SECRET ?? dev!.tokenHashSecret,
      accessTtlSeconds: env.JWT_ACCESS_TTL,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    },
    rateLimit: {
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      authPerIpPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
      failedSignInsPerClient: env.AUTH_ACCOUNT_RATE_LIMIT,
    },
    redis: { url: env.REDIS_URL },
    imports: { maxBytes: env.IMPORT_MAX_BYTES, idleTimeoutMs: env.IMPORT_IDLE_TIMEOUT_MS },
    sheets: { lockTimeoutMs: env.SHEET_LOCK_TIMEOUT_MS },
    rows: {
      indexMinRows: env.ROW_INDEX_MIN_ROWS,
      indexMinUses: env.ROW_INDEX_MIN_USES,
      indexMaxPerSheet: env.ROW_INDEX_MAX_PER_SHEET,
      indexMaxTotal: env.ROW_INDEX_MAX_TOTAL,
    },
    realtime: { writesPerSecond: env.REALTIME_WRITES_PER_SECOND, eventsPerSecond: env.REALTIME_EVENTS_PER_SECOND, maxSocketsPerUser: env.REALTIME_MAX_SOCKETS_PER_USER },
    webhooks: {
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      allowPrivate: env.WEBHOOK_ALLOW_PRIVATE ?? env.NODE_ENV !== 'production',
    },
    log: { level: env.LOG_LEVEL },
    web: { distDir: findWebDist(env.WEB_DIST_DIR) },
  };
}
