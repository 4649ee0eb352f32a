import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';

const PAYLOADS = ['<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '"><svg onload="window.__pwned=3">'];

test('cell values holding HTML or script show as text in the grid, the board and the charts', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signUp(page, person('Mallory', 'no xss for you 2026'));
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('<b>Hostile</b> sheet');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: '<b>Hostile</b> sheet' })).toBeVisible();
  const sheetId = page.url().split('/').pop()!;

  // Put the payloads in deal names, a company, a stage option label, through the API.
  await page.evaluate(
    async ({ sheetId, payloads }) => {
      const token = JSON.parse(localStorage.getItem('contrivance.session')!).accessToken;
      const api = (path: string, method = 'GET', body?: unknown) =>
        fetch(path, {
          method,
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }).then((r) => r.json());
      const sheet = await api(`/api/spreadsheets/${sheetId}`);
      const col = (name: string) => sheet.columns.find((c: { name: string }) => c.name === name);
      const stage = col('Stage');
      const patched = await api(`/api/spreadsheets/${sheetId}/columns/${stage.id}`, 'PATCH', {
        options: stage.options.map((o: { id: string; label: string }, i: number) => (i === 0 ? { ...o, label: payloads[2] } : o)),
      });
      if (patched.statusCode) throw new Error(`stage options not saved: ${JSON.stringify(patched)}`);
      const rows = await api(`/api/spreadsheets/${sheetId}/rows?limit=3`);
      for (const [i, row] of rows.items.entries()) {
        await api(`/api/spreadsheets/${sheetId}/rows/${row.id}`, 'PATCH', {
          values: { [col('Deal').id]: payloads[i], [col('Company').id]: payloads[(i + 1) % 3], [stage.id]: stage.options[0].id },
        });
      }
    },
    { sheetId, payloads: PAYLOADS },
  );

  await page.reload();
  const grid = page.getByTestId('sheet-grid');
  for (const payload of PAYLOADS.slice(0, 2)) await expect(grid.getByText(payload, { exact: true }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Board', exact: true }).click();
  await expect(page.getByRole('heading', { name: PAYLOADS[2] })).toBeVisible();
  await expect(page.getByText(PAYLOADS[0], { exact: true }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: 'Stage funnel' })).toBeVisible();
  await expect(page.locator('svg text', { hasText: PAYLOADS[2] }).first()).toBeAttached();

  // Nothing ran and nothing was injected.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await page.locator('img[src="x"], script:not([src]):not([type]), svg[onload]').count()).toBe(0);
});
