import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreatedWebhook, Spreadsheet, WebhookDelivery } from '@contrivance/contracts';
import request from 'supertest';
import type { RunningServer } from '../src/server';
import { bootApp } from './support/app';
import { FakeDns, FakeDnsModule } from './support/fake-dns.module';
import { registerMember, type TestAccount } from './support/factories';
import { sheetsApi } from './support/sheets';

/**
 * Production rules (private targets refused) with DNS played by the spec. The receiver listens on 127.0.0.1: if a
 * delivery ever reaches it, a hostname was able to steer the dispatcher to this machine.
 */
describe('webhooks cannot be steered to private addresses', () => {
  let server: RunningServer;
  let api: ReturnType<typeof sheetsApi>;
  let owner: TestAccount;
  let dns: FakeDns;
  let receiver: Server;
  let port: number;
  let hits = 0;
  /**
   * Global unicast, but in space IANA has not handed out: nothing answers there, so the first attempt of the rebinding
   * test fails to connect without sending anything to a real host.
   */
  const UNASSIGNED_PUBLIC = '3000::1';

  beforeAll(async () => {
    server = await bootApp({ WEBHOOK_ALLOW_PRIVATE: 'false', WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_TIMEOUT_MS: '500' }, [FakeDnsModule]);
    api = sheetsApi(server);
    dns = server.app.get(FakeDns);
    owner = await registerMember(server);
    receiver = createServer((_req, res) => {
      hits += 1;
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
    await server.close();
  });

  const register = (sheet: Spreadsheet, url: string) => request(server.url).post(`/api/spreadsheets/${sheet.id}/webhooks`).set(owner.auth).send({ url });

  /** Registers a webhook for `hostname` on a new sheet, then makes one change, so one delivery is queued. */
  async function deliverTo(hostname: string): Promise<{ sheet: Spreadsheet; hook: CreatedWebhook }> {
    const sheet = await api.create(owner, { name: 'Rebound' });
    const column = await api.column(owner, sheet.id, { name: 'Deal', type: 'text' });
    const hook = (await register(sheet, `http://${hostname}:${port}/hook`).expect(201)).body as CreatedWebhook;
    await api.rows(owner, sheet.id, [{ [column.id]: 'A' }]);
    return { sheet, hook };
  }

  /** The delivery once it has stopped being retried. */
  async function finalDelivery(sheet: Spreadsheet, hook: CreatedWebhook): Promise<WebhookDelivery> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await request(server.url).get(`/api/spreadsheets/${sheet.id}/webhooks/${hook.id}/deliveries`).set(owner.auth).expect(200);
      const [delivery] = res.body.items as WebhookDelivery[];
      if (delivery && delivery.status !== 'pending') return delivery;
      if (Date.now() > deadline) throw new Error(`the delivery is still ${JSON.stringify(delivery)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('connects to the address it checked: a name that rebinds to 127.0.0.1 after a public answer never reaches it', async () => {
    dns.answer('rebind.hooks.test', [UNASSIGNED_PUBLIC], ['127.0.0.1']);
    const { sheet, hook } = await deliverTo('rebind.hooks.test');
    const delivery = await finalDelivery(sheet, hook);
    // The first attempt connected to the public answer (and failed there); the second was refused before connecting.
    expect(delivery).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: null, lastError: expect.stringMatching(/resolves to a private/) });
    expect(dns.lookups('rebind.hooks.test')).toBe(2);
    expect(hits).toBe(0);
  });

  it('refuses a name when any of its addresses is private, not just the first', async () => {
    dns.answer('mixed.hooks.test', ['93.184.216.34', '127.0.0.1']);
    const { sheet, hook } = await deliverTo('mixed.hooks.test');
    const delivery = await finalDelivery(sheet, hook);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null, lastError: expect.stringMatching(/resolves to a private/) });
    expect(dns.lookups('mixed.hooks.test')).toBe(1);
    expect(hits).toBe(0);
  });

  it('refuses IP literals that embed or map a private IPv4 address at registration', async () => {
    const sheet = await api.create(owner, { name: 'Literals' });
    const refused = [
      'http://[64:ff9b::7f00:1]/hook',
      'http://[64:ff9b::127.0.0.1]/hook',
      'http://[64:ff9b::a00:1]:8080/hook',
      'http://[2002:7f00:1::]/hook',
      'http://[2002:a9fe:a9fe::1]/latest',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://[::ffff:a00:1]/hook',
      'http://[::127.0.0.1]/hook',
      'http://[2001::1]/hook',
      'http://198.18.0.1/hook',
    ];
    for (const url of refused) {
      const res = await register(sheet, url);
      expect({ url, status: res.status, details: res.body.details }).toEqual({ url, status: 400, details: [{ field: 'url', message: 'must be a public address' }] });
    }
    // inet_aton spellings of 127.0.0.1 do not even pass the URL validation of the contract.
    for (const url of ['http://0177.0.0.1/hook', 'http://2130706433/hook']) await register(sheet, url).expect(400);
    // Registering does not connect; nothing changes on this sheet afterwards, so nothing is sent to these.
    for (const url of ['https://[2606:4700::1111]/hook', 'https://93.184.216.34/hook']) await register(sheet, url).expect(201);
  });
});
