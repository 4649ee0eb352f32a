import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { api, cell } from './support/sheet';

test('two people in one sheet see each other, each other’s edits and each other’s focus, live', async ({ browser }) => {
  const ann = person('Ann', 'live together 2026');
  const bob = person('Bob', 'live together 2026');
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signUp(b, bob);
  await signUp(a, ann);

  // Ann creates a pipeline and shares it with Bob as an editor.
  await a.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Team pipeline');
  await a.getByRole('button', { name: 'Create' }).click();
  await expect(a.getByRole('heading', { name: 'Team pipeline' })).toBeVisible();
  const sheetId = a.url().split('/').pop()!;
  const found = await api<{ items: { id: string }[] }>(a, `/api/users?search=${encodeURIComponent(bob.email)}`);
  await api(a, `/api/spreadsheets/${sheetId}/members/${found.items[0].id}`, { method: 'PUT', body: { role: 'editor' } });
  const columns = Object.fromEntries((await api<{ columns: { id: string; name: string }[] }>(a, `/api/spreadsheets/${sheetId}`)).columns.map((c) => [c.name, c.id]));

  await b.goto(`/sheets/${sheetId}`);
  await expect(cell(b, 0, columns.Deal)).toHaveText('Fleet telematics rollout');

  // Presence: each sees the other's avatar.
  await expect(a.getByLabel('People in this spreadsheet').getByText(bob.name)).toBeAttached();
  await expect(b.getByLabel('People in this spreadsheet').getByText(ann.name)).toBeAttached();

  // Ann edits; Bob sees it without reloading.
  await cell(a, 0, columns.Company).dblclick();
  await a.keyboard.press('ControlOrMeta+a');
  await a.keyboard.type('Initech Europe');
  await a.keyboard.press('Enter');
  await expect(cell(b, 0, columns.Company)).toHaveText('Initech Europe');

  // Bob edits a number; Ann sees it formatted.
  await cell(b, 1, columns.Value).dblclick();
  await b.keyboard.press('ControlOrMeta+a');
  await b.keyboard.type('77000');
  await b.keyboard.press('Enter');
  await expect(cell(a, 1, columns.Value)).toHaveText('$77,000.00');
  // The change carries the row's formula values: Ann's Weighted value follows (Proposal, 50 %) without a reload.
  await expect(cell(a, 1, columns['Weighted value'])).toHaveText('$38,500.00');

  // Focus: the cell Bob selects gets a border on Ann's screen.
  await cell(b, 2, columns.Deal).click();
  await expect(cell(a, 2, columns.Deal)).toHaveClass(/cell--peer-focus/);

  // A row Bob adds shows up for Ann, and the row count follows.
  await b.getByRole('button', { name: 'Add row', exact: true }).click();
  await expect(a.getByText('25 rows')).toBeVisible();

  // Bob loses his connection: he is told, and when it is back he catches up with what Ann changed meanwhile.
  await b.context().setOffline(true);
  await expect(b.getByText(/Live updates paused/)).toBeVisible();
  await cell(a, 3, columns.Company).dblclick();
  await a.keyboard.press('ControlOrMeta+a');
  await a.keyboard.type('Changed while Bob was away');
  await a.keyboard.press('Enter');
  await expect(cell(a, 3, columns.Company)).toHaveText('Changed while Bob was away');
  await cell(a, 3, columns.Value).dblclick();
  await a.keyboard.press('ControlOrMeta+a');
  await a.keyboard.type('12345');
  await a.keyboard.press('Enter');
  await expect(cell(a, 3, columns.Value)).toHaveText('$12,345.00');
  const row = (await api<{ items: { values: Record<string, unknown> }[] }>(a, `/api/spreadsheets/${sheetId}/rows?limit=4`)).items[3];
  const weighted = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(row.values[columns['Weighted value']] as number);
  await b.context().setOffline(false);
  await expect(b.getByText(/Live updates paused/)).toBeHidden({ timeout: 15_000 });
  await expect(cell(b, 3, columns.Company)).toHaveText('Changed while Bob was away');
  // His formula values are right too (history holds none: after catching up, the grid reads its rows again).
  await expect(cell(b, 3, columns.Value)).toHaveText('$12,345.00');
  await expect(cell(b, 3, columns['Weighted value'])).toHaveText(weighted);

  // Both reload: the edits are stored.
  await a.reload();
  await expect(cell(a, 0, columns.Company)).toHaveText('Initech Europe');
  await expect(cell(a, 1, columns.Value)).toHaveText('$77,000.00');
});
