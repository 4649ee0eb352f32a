import type { JoinResult } from '@contrivance/contracts';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { createApiToken, registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';
import { connectSocket } from './support/sockets';

describe('realtime protocol edges', () => {
  let server: RunningServer;
  let owner: TestAccount;

  beforeAll(async () => {
    server = await bootApp();
    owner = await registerMember(server);
  });
  afterAll(() => server.close());

  it('answers an unknown event with unknown_event and the events there are, instead of leaving the client waiting', async () => {
    const socket = await connectSocket(server.url, owner.accessToken);
    try {
      const ack = await socket.call('sheet:explode', { spreadsheetId: 'x' });
      expect(ack).toEqual({ ok: false, error: 'unknown_event', message: expect.stringMatching(/no event "sheet:explode".*join, leave, cell:update/) });
      // The connection is still good for known events.
      const sheet = await sheetsApi(server).create(owner, { name: 'Still here' });
      expect(await socket.join(sheet.id)).toMatchObject({ ok: true, role: 'owner' });
    } finally {
      socket.close();
    }
  });

  it("reports a read token's join as a viewer's: what it can do, not its owner's role", async () => {
    const sheet = await sheetsApi(server).create(owner, { name: 'Read me' });
    const { token } = await createApiToken(server, owner, 'read');
    const socket = await connectSocket(server.url, token.token);
    try {
      const ack = (await socket.join(sheet.id)) as { ok: true } & JoinResult;
      expect(ack).toMatchObject({ ok: true, role: 'viewer' });
    } finally {
      socket.close();
    }
  });
});
