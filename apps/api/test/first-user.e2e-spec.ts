import type { RunningServer } from '../src/server';
import { bootApp, freshDatabase } from './support/app';
import { registerUser } from './support/factories';

describe('the first account', () => {
  let server: RunningServer;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    db = await freshDatabase();
    server = await bootApp({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await server.close();
    await db.drop();
  });

  it('becomes admin, and only one of several simultaneous first sign-ups does', async () => {
    const accounts = await Promise.all([0, 1, 2, 3].map(() => registerUser(server)));
    expect(accounts.map((a) => a.user.role).sort()).toEqual(['admin', 'member', 'member', 'member']);
    const later = await registerUser(server);
    expect(later.user.role).toBe('member');
  });
});
