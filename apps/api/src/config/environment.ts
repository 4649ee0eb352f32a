import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/**
 * Every environment variable the app reads, with its default. README's Configuration table mirrors this class.
 * Values arrive as strings; the transforms turn them into their types so validation can name what is wrong.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @Max(65535)
  @Min(0)
  @IsInt()
  PORT = 8080;

  @IsString()
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = '.data';

  @Transform(toInt)
  @Max(65535)
  @Min(1)
  @IsInt()
  EMBEDDED_PG_PORT = 54329;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsOptional()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @MinLength(32, { message: 'TOKEN_HASH_SECRET must be at least 32 characters' })
  TOKEN_HASH_SECRET?: string;

  @Transform(toInt)
  @Max(86_400)
  @Min(30)
  @IsInt()
  JWT_ACCESS_TTL = 900;

  @Transform(toInt)
  @Max(365)
  @Min(1)
  @IsInt()
  REFRESH_TOKEN_TTL_DAYS = 30;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  RATE_LIMIT_PER_MINUTE = 600;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  AUTH_RATE_LIMIT_PER_MINUTE = 20;

  /** Failed sign-ins per 15 minutes per account and client address before that client gets 429 for that account. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  AUTH_ACCOUNT_RATE_LIMIT = 10;

  @Transform(toInt)
  @Min(1)
  @IsInt()
  ROW_INDEX_MIN_ROWS = 10_000;

  /** Uses of a view within ten minutes before its indexes are built. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  ROW_INDEX_MIN_USES = 3;

  /** Per-view indexes a sheet may have; beyond it the least recently used one makes room. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  ROW_INDEX_MAX_PER_SHEET = 8;

  /** Per-view indexes in the whole database; beyond it the least recently used one makes room. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  ROW_INDEX_MAX_TOTAL = 64;

  /** Write events (cell:update, row:create, row:delete) each user may send per second, over all their sockets. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  REALTIME_WRITES_PER_SECOND = 100;

  /** Other events (join, leave, presence:update) each user may send per second, over all their sockets. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  REALTIME_EVENTS_PER_SECOND = 50;

  /** Sockets one user may have open on one instance. */
  @Transform(toInt)
  @Min(1)
  @IsInt()
  REALTIME_MAX_SOCKETS_PER_USER = 20;

  /** First retry delay of a failed webhook delivery; each later one doubles it. */
  @Transform(toInt)
  @Min(10)
  @IsInt()
  WEBHOOK_RETRY_BASE_MS = 2000;

  /** Attempts before a delivery is marked failed. */
  @Transform(toInt)
  @Min(1)
  @Max(20)
  @IsInt()
  WEBHOOK_MAX_ATTEMPTS = 6;

  @Transform(toInt)
  @Min(100)
  @IsInt()
  WEBHOOK_TIMEOUT_MS = 5000;

  /** Webhooks may target private and loopback addresses (default: only outside production). */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  WEBHOOK_ALLOW_PRIVATE?: boolean;

  @Transform(toInt)
  @Min(1024)
  @IsInt()
  IMPORT_MAX_BYTES = 200 * 1024 * 1024;

  /** An upload that sends nothing for this long is dropped. */
  @Transform(toInt)
  @Min(1000)
  @IsInt()
  IMPORT_IDLE_TIMEOUT_MS = 30_000;

  /** How long a write waits for a sheet that another change (a large import, say) holds, before a 503 to retry. */
  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt()
  SHEET_LOCK_TIMEOUT_MS = 10_000;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^,\s]+(\s*,\s*https?:\/\/[^,\s]+)*)$/, {
    message: 'CORS_ORIGINS must be * or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;

  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT = '1mb';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;
}

/** Names of every variable read; optional ones have no default so they are listed by hand. */
export const ENVIRONMENT_VARIABLES = [
  ...Object.keys(new EnvironmentVariables()),
  'DATABASE_URL',
  'JWT_SECRET',
  'TOKEN_HASH_SECRET',
  'REDIS_URL',
  'CORS_ORIGINS',
  'WEB_DIST_DIR',
  'WEBHOOK_ALLOW_PRIVATE',
] as const;

/** Thrown when the environment is invalid; its message names every offending variable. */
export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Variables whose values must never be echoed back, not even in a validation message. */
const SENSITIVE = /SECRET|DATABASE_URL|REDIS_URL/;

/** Validates raw variables (process.env by default) and applies defaults. Empty strings count as unset. */
export function validateEnvironment(source: Record<string, string | undefined>): EnvironmentVariables {
  const raw: Record<string, string> = {};
  for (const key of ENVIRONMENT_VARIABLES) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  // Decorators run bottom-up: the type check sits last so its message is the one reported.
  const problems = validateSync(env, { stopAtFirstError: true }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (SENSITIVE.test(e.property) ? m : `${m} (got ${JSON.stringify(raw[e.property] ?? null)})`)),
  );
  if (env.NODE_ENV === 'production') {
    for (const name of ['JWT_SECRET', 'TOKEN_HASH_SECRET'] as const) {
      if (!env[name]) problems.push(`${name} is required when NODE_ENV=production`);
    }
  }
  if (problems.length) throw new InvalidEnvironmentError(problems);
  return env;
}
