import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { cell } from './support/sheet';

test('an owner connects a webhook, sees its secret once, and watches a change get delivered', async ({ page }) => {
  // A local endpoint standing in for the integration.
  const received: { signature: string | undefined; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ signature: req.headers['x-contrivance-signature'] as string | undefined, body });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  try {
    await signUp(page, person('Integrator', 'hooks are fun 2026'));
    await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Hooked pipeline');
    await page.getByRole('button', { name: 'Create' }).click();
    await expect(page.getByRole('heading', { name: 'Hooked pipeline' })).toBeVisible();

    await page.getByRole('button', { name: 'Webhooks' }).click();
    const panel = page.getByRole('dialog', { name: 'Webhooks' });
    await expect(panel.getByText('No webhooks yet.')).toBeVisible();
    await panel.getByLabel('Endpoint URL').fill('not a url');
    await panel.getByRole('button', { name: 'Add webhook' }).click();
    await expect(panel.getByText('Endpoint URL must be an http(s) URL')).toBeVisible();
    await panel.getByLabel('Endpoint URL').fill(url);
    await panel.getByRole('button', { name: 'Add webhook' }).click();
    await expect(panel.getByLabel('Signing secret')).toHaveText(/^whsec_/);
    await expect(panel.getByText(url)).toBeVisible();

    // A cell edit reaches the endpoint, signed, and shows as delivered.
    const sheetId = page.url().split('/').pop()!;
    const columns = await page.evaluate(async (id) => {
      const token = JSON.parse(localStorage.getItem('contrivance.session')!).accessToken;
      const res = await fetch(`/api/spreadsheets/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      return Object.fromEntries(((await res.json()).columns as { id: string; name: string }[]).map((c) => [c.name, c.id]));
    }, sheetId);
    await cell(page, 0, columns.Company).dblclick();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Hooked Inc');
    await page.keyboard.press('Enter');
    await expect.poll(() => received.length).toBe(1);
    expect(received[0].signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(received[0].body)).toMatchObject({ spreadsheetId: sheetId, event: 'cell', changes: [{ value: 'Hooked Inc' }] });

    await panel.getByRole('button', { name: 'Deliveries' }).click();
    await expect(panel.getByRole('table', { name: `Deliveries to ${url}` }).getByText('delivered')).toBeVisible();
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});
