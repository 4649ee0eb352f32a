import 'reflect-metadata';
import type { AuthResponse, Spreadsheet } from '@contrivance/contracts';
import { startServer } from '../server';

/** Demo accounts: the first one becomes admin on a fresh database. */
const PEOPLE = [
  { email: 'ada@contrivance.demo', displayName: 'Ada Admin', password: 'contrivance-demo' },
  { email: 'sam@contrivance.demo', displayName: 'Sam Seller', password: 'contrivance-demo' },
  { email: 'val@contrivance.demo', displayName: 'Val Viewer', password: 'contrivance-demo' },
];

async function call<T>(base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'Content-Type': 'application/json', ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

/** Signs in, or registers when the account does not exist yet, so the seed can run again. */
async function account(base: string, person: (typeof PEOPLE)[number]): Promise<AuthResponse> {
  try {
    return await call<AuthResponse>(base, '/auth/login', { method: 'POST', body: { email: person.email, password: person.password } });
  } catch {
    return call<AuthResponse>(base, '/auth/register', { method: 'POST', body: person });
  }
}

/** Where the seed wrote: the server and database of DATABASE_URL (never its password), or the embedded folder. */
export function describeDatabase(database: { url?: string; dataDir: string }): string {
  if (!database.url) return `the embedded database in ${database.dataDir}`;
  const url = new URL(database.url);
  return `the database ${url.pathname.slice(1) || 'postgres'} on ${url.hostname}${url.port ? `:${url.port}` : ''}`;
}

/** The address `npm start` serves on with the same environment (PORT, and HOST unless it listens everywhere). */
export function appAddress(env: Record<string, string | undefined>): string {
  const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  return `http://${host}:${env.PORT || 8080}`;
}

/**
 * `npm run seed`: demo users and sheets for a first look, created through the API itself (same validation, same
 * history) on the configured database (embedded when DATABASE_URL is unset). Safe to run twice.
 */
async function main(): Promise<void> {
  const server = await startServer({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error' });
  try {
    const accounts: AuthResponse[] = [];
    for (const person of PEOPLE) accounts.push(await account(server.url, person));
    const owner = accounts[1];
    const existing = await call<{ items: Spreadsheet[] }>(server.url, '/api/spreadsheets?search=Demo', { token: owner.accessToken });
    if (!existing.items.length) {
      const pipeline = await call<Spreadsheet>(server.url, '/api/spreadsheets', {
        method: 'POST',
        token: owner.accessToken,
        body: { name: 'Demo: Q3 sales pipeline', template: 'sales-pipeline', description: 'Sample deals to explore Contrivance' },
      });
      await call(server.url, `/api/spreadsheets/${pipeline.id}/members/${accounts[2].user.id}`, { method: 'PUT', token: owner.accessToken, body: { role: 'viewer' } });
      await call(server.url, `/api/spreadsheets/${pipeline.id}/members/${accounts[0].user.id}`, { method: 'PUT', token: owner.accessToken, body: { role: 'editor' } });
      await call(server.url, '/api/spreadsheets', { method: 'POST', token: accounts[0].accessToken, body: { name: 'Demo: empty sheet', template: 'blank' } });
    }
    process.stdout.write(
      `Seeded ${describeDatabase(server.config.database)}.\n` +
        `Start the app with these settings (npm start) and sign in at ${appAddress(process.env)} with any of (password "contrivance-demo"):\n` +
        `${PEOPLE.map((p, i) => `  ${p.email}  (${accounts[i].user.role})`).join('\n')}\n`,
    );
  } finally {
    await server.close();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`Seed failed: ${error.message}\n`);
    process.exit(1);
  });
}
