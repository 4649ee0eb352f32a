import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_TOKEN_PREFIX } from '@contrivance/contracts';
import { EnvironmentVariables } from '../config/environment';

const GUIDES_DIR = join(__dirname, 'guides');

/** The numbers the guides quote: the server's defaults, so the prose cannot drift from the settings. */
function facts(): Record<string, string | number> {
  const env = new EnvironmentVariables();
  const retries = Array.from({ length: env.WEBHOOK_MAX_ATTEMPTS - 1 }, (_, i) => (env.WEBHOOK_RETRY_BASE_MS * 2 ** i) / 1000);
  return {
    API_TOKEN_PREFIX,
    JWT_ACCESS_TTL: env.JWT_ACCESS_TTL,
    REFRESH_TOKEN_TTL_DAYS: env.REFRESH_TOKEN_TTL_DAYS,
    RATE_LIMIT_PER_MINUTE: env.RATE_LIMIT_PER_MINUTE,
    AUTH_RATE_LIMIT_PER_MINUTE: env.AUTH_RATE_LIMIT_PER_MINUTE,
    AUTH_ACCOUNT_RATE_LIMIT: env.AUTH_ACCOUNT_RATE_LIMIT,
    BODY_LIMIT: env.BODY_LIMIT,
    IMPORT_MAX_MB: env.IMPORT_MAX_BYTES / 1024 / 1024,
    WEBHOOK_TIMEOUT_SECONDS: env.WEBHOOK_TIMEOUT_MS / 1000,
    WEBHOOK_MAX_ATTEMPTS: env.WEBHOOK_MAX_ATTEMPTS,
    WEBHOOK_RETRY_SCHEDULE: `${retries.slice(0, -1).join(', ')} and ${retries.at(-1)}`,
  };
}

/** `{{NAME}}` in a guide replaced by its fact; an unknown name fails the document's build. */
export function fillFacts(text: string, values: Record<string, string | number> = facts()): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`guide placeholder {{${name}}} has no value`);
    return String(values[name]);
  });
}

/**
 * The guides of the API document (markdown in ./guides, in file-name order), rendered by the docs page under the
 * description: tokens and scopes, pagination, the filter grammar, errors, rate limits, webhooks.
 */
export function apiGuides(): string {
  return readdirSync(GUIDES_DIR)
    .filter((file) => file.endsWith('.md'))
    .sort()
    .map((file) => fillFacts(readFileSync(join(GUIDES_DIR, file), 'utf8')).trim())
    .join('\n\n');
}
