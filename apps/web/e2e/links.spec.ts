import { expect, test, type Page } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { api, cell, grid, pipeline } from './support/sheet';

interface Sheet {
  id: string;
  name: string;
  columns: { id: string; name: string; type: string; resultType?: string; link?: { sheetId: string; reverseColumnId: string } }[];
}

const sheetOf = (page: Page, id: string) => api<Sheet>(page, `/api/spreadsheets/${id}`);
const currency = (page: Page, n: number) => page.evaluate((v) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(v), n);

/** A sheet of companies made through the API: a Name column and a row per name. */
async function companies(page: Page, names: string[]): Promise<{ id: string; nameColumn: string }> {
  const sheet = await api<Sheet>(page, '/api/spreadsheets', { method: 'POST', body: { name: 'Companies' } });
  const name = await api<{ id: string }>(page, `/api/spreadsheets/${sheet.id}/columns`, { method: 'POST', body: { name: 'Name', type: 'text' } });
  await api(page, `/api/spreadsheets/${sheet.id}/rows`, { method: 'POST', body: { rows: names.map((n) => ({ values: { [name.id]: n } })) } });
  return { id: sheet.id, nameColumn: name.id };
}

/** Scrolls the grid to its last columns (ag-grid draws only the columns in view) until `target` is drawn. */
async function scrollToEnd(page: Page, target: ReturnType<typeof cell>): Promise<void> {
  await expect(async () => {
    await grid(page)
      .locator('.ag-body-horizontal-scroll-viewport')
      .evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect(target).toBeVisible({ timeout: 1_000 });
  }).toPass();
}

test('link deals to companies from the grid, roll their values up, and see the rollup follow live in another browser', async ({ browser }) => {
  test.setTimeout(90_000);
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const bob = person('Linus', 'linked sheets 2026');
  await signUp(b, bob);
  const { sheetId: dealsId, columns: deals } = await pipeline(a, 'Lena');
  const dealsName = "Lena's pipeline";
  const { id: companiesId } = await companies(a, ['Acme Robotics', 'Globex', 'Initech']);

  // Add column → Link to another sheet: the sheets Lena can edit, and a note of the column added to the other one.
  await a.getByRole('button', { name: 'Add column' }).click();
  const form = a.getByRole('form', { name: 'Add column' });
  await form.getByLabel('Column name').fill('Customer');
  await form.getByLabel('Type').selectOption('link');
  const target = form.getByLabel('Sheet to link to');
  await expect(target.getByRole('option', { name: 'Companies', exact: true })).toBeAttached();
  await expect(target.getByRole('option', { name: dealsName, exact: true })).toHaveCount(0);
  // Not picked yet: said under the field, nothing sent.
  await form.getByRole('button', { name: 'Add column' }).click();
  await expect(form.locator('.field__error')).toHaveText('Choose the sheet to link to');
  await target.selectOption({ label: 'Companies' });
  await form.getByRole('button', { name: 'Add column' }).click();
  await expect(form).toBeHidden();
  await expect(a.getByRole('status').filter({ hasText: `Also added “${dealsName}” to Companies` })).toBeVisible();
  const account = (await sheetOf(a, dealsId)).columns.find((c) => c.name === 'Customer')!;
  expect(account).toMatchObject({ type: 'link', link: { sheetId: companiesId } });
  const reverseId = account.link!.reverseColumnId;

  // In Companies: Add column → Rollup of the deals' Value, offered only the functions a currency field takes.
  await a.goto(`/sheets/${companiesId}`);
  await expect(cell(a, 0, (await sheetOf(a, companiesId)).columns[0].id)).toHaveText('Acme Robotics');
  await a.getByRole('button', { name: 'Add column' }).click();
  await form.getByLabel('Column name').fill('Pipeline value');
  await form.getByLabel('Type').selectOption('rollup');
  await form.getByLabel('Through link').selectOption({ label: dealsName });
  await form.getByLabel('Field').selectOption({ label: 'Stage (Single select)' });
  await expect(form.getByLabel('Function').getByRole('option')).toHaveText(['Choose a function…', 'Count of linked rows', 'Count of filled values', 'List of the values']);
  await form.getByLabel('Field').selectOption({ label: 'Value (Currency)' });
  await expect(form.getByLabel('Function').getByRole('option')).toHaveText([
    'Choose a function…',
    'Sum',
    'Average',
    'Smallest (min)',
    'Largest (max)',
    'Count of linked rows',
    'Count of filled values',
    'List of the values',
  ]);
  await form.getByLabel('Function').selectOption('sum');
  await expect(form.getByRole('status')).toHaveText('Result: Currency');
  await form.getByRole('button', { name: 'Add column' }).click();
  await expect(form).toBeHidden();
  const rollup = (await sheetOf(a, companiesId)).columns.find((c) => c.name === 'Pipeline value')!;
  expect(rollup).toMatchObject({ type: 'rollup', resultType: 'currency' });
  await expect(cell(a, 0, rollup.id)).toHaveText(await currency(a, 0));
  await expect(grid(a).getByRole('columnheader', { name: 'Pipeline value' })).toHaveClass(/column-header--rollup/);
  // And a lookup of the deals' names (made through the API: Add column → Lookup takes the same picks).
  const names = await api<{ id: string }>(a, `/api/spreadsheets/${companiesId}/columns`, {
    method: 'POST',
    body: { name: 'Deal names', type: 'lookup', lookup: { linkColumnId: reverseId, columnId: deals.Deal } },
  });

  // Linus, an editor of both sheets, has Companies open in his own browser.
  const found = await api<{ items: { id: string }[] }>(a, `/api/users?search=${encodeURIComponent(bob.email)}`);
  for (const id of [dealsId, companiesId]) await api(a, `/api/spreadsheets/${id}/members/${found.items[0].id}`, { method: 'PUT', body: { role: 'editor' } });
  await b.goto(`/sheets/${companiesId}`);
  await expect(cell(b, 0, rollup.id)).toHaveText(await currency(b, 0));
  await expect(b.getByLabel('People in this spreadsheet')).toBeAttached();

  // Lena links the first deal to Acme with the link editor: typed search, Enter adds, Backspace takes the last out, Tab saves.
  const firstDeal = (await api<{ items: { values: Record<string, unknown> }[] }>(a, `/api/spreadsheets/${dealsId}/rows?limit=1`)).items[0].values;
  const value = firstDeal[deals.Value] as number;
  expect(value).toBeGreaterThan(0);
  await a.goto(`/sheets/${dealsId}`);
  const accountCell = cell(a, 0, account.id);
  await scrollToEnd(a, accountCell);
  await accountCell.click();
  await a.keyboard.press('Enter');
  const editor = a.getByTestId('link-editor');
  const search = editor.getByRole('combobox');
  await expect(search).toBeFocused();
  await search.pressSequentially('acm');
  await expect(editor.getByRole('option')).toHaveText(['Acme Robotics']);
  await search.press('Enter');
  await expect(editor.getByRole('list', { name: 'Linked rows' }).getByRole('listitem')).toHaveText(['Acme Robotics×']);
  await expect(search).toHaveValue('');
  // Typed and entered at once, before the search answered: the row typed is added, not one of the earlier list.
  await search.pressSequentially('glo');
  await search.press('Enter');
  await expect(editor.getByRole('list', { name: 'Linked rows' }).getByRole('listitem')).toHaveText(['Acme Robotics×', 'Globex×']);
  await search.press('Backspace');
  await expect(editor.getByRole('list', { name: 'Linked rows' }).getByRole('listitem')).toHaveText(['Acme Robotics×']);
  await search.press('Tab');
  await expect(editor).toBeHidden();
  await expect(accountCell.locator('.chip')).toHaveText(['Acme Robotics']);

  // Linus sees Acme's rollup and its link back to the deal change, without reloading.
  await expect(cell(b, 0, rollup.id)).toHaveText(await currency(b, value));
  await expect(cell(b, 0, reverseId).locator('.chip')).toHaveText([firstDeal[deals.Deal] as string]);
  await expect(cell(b, 0, names.id)).toHaveText(firstDeal[deals.Deal] as string);
  await expect(cell(b, 0, names.id)).toHaveClass(/cell-lookup/);
  await expect(cell(b, 1, rollup.id)).toHaveText(await currency(b, 0));
  await expect(cell(b, 1, names.id)).toHaveText('');

  // Lena unlinks it with the mouse; Linus's rollup goes back to nothing.
  await accountCell.dblclick();
  await editor.getByRole('button', { name: 'Unlink Acme Robotics' }).click();
  await expect(editor.getByText('No linked rows')).toBeVisible();
  await a.keyboard.press('ControlOrMeta+Enter');
  await expect(editor).toBeHidden();
  await expect(accountCell.locator('.chip')).toHaveCount(0);
  await expect(cell(b, 0, rollup.id)).toHaveText(await currency(b, 0));
  await expect(cell(b, 0, reverseId).locator('.chip')).toHaveCount(0);
  await expect(cell(b, 0, names.id)).toHaveText('');
});

test('a link cell shows only a count to someone who cannot see the other sheet, gives viewers no editor, refuses pasted labels and imports it by the linked rows’ names', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const a = await (await browser.newContext()).newPage();
  const c = await (await browser.newContext()).newPage();
  const carol = person('Carla', 'linked sheets 2026');
  await signUp(c, carol);
  const { sheetId: dealsId } = await pipeline(a, 'Lorna');
  const { id: companiesId } = await companies(a, ['Acme Robotics', 'Globex']);
  const account = await api<{ id: string }>(a, `/api/spreadsheets/${dealsId}/columns`, {
    method: 'POST',
    body: { name: 'Customer', type: 'link', link: { sheetId: companiesId } },
  });
  const [deal] = (await api<{ items: { id: string }[] }>(a, `/api/spreadsheets/${dealsId}/rows?limit=1`)).items;
  const acme = (await api<{ items: { id: string }[] }>(a, `/api/spreadsheets/${companiesId}/rows?limit=1`)).items[0];
  await api(a, `/api/spreadsheets/${dealsId}/rows/${deal.id}`, { method: 'PATCH', body: { values: { [account.id]: [acme.id] } } });

  // Carla views the deals, not the companies: the cell says how many rows it links, and why no more.
  const found = await api<{ items: { id: string }[] }>(a, `/api/users?search=${encodeURIComponent(carol.email)}`);
  await api(a, `/api/spreadsheets/${dealsId}/members/${found.items[0].id}`, { method: 'PUT', body: { role: 'viewer' } });
  await c.goto(`/sheets/${dealsId}`);
  const hidden = cell(c, 0, account.id);
  await scrollToEnd(c, hidden);
  await expect(hidden).toHaveText('1 linked');
  await expect(hidden.locator('.link-hidden')).toHaveAttribute('title', /not shared with you/);
  await hidden.dblclick();
  await c.keyboard.press('Enter');
  await expect(c.getByTestId('link-editor')).toHaveCount(0);

  // Lorna sees the label; a label pasted into the link column is refused with why, and nothing changes.
  await a.reload();
  const linked = cell(a, 0, account.id);
  await scrollToEnd(a, linked);
  await expect(linked.locator('.chip')).toHaveText(['Acme Robotics']);
  await cell(a, 1, account.id).click();
  await grid(a).evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Globex');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(a.getByRole('alert')).toContainText('Links cannot be pasted');
  await expect(cell(a, 1, account.id).locator('.chip')).toHaveCount(0);

  // A CSV naming the link column (as the sheet's own export does) fills it by the linked rows' names; the mapping
  // step says which names are unknown before anything is imported.
  await a.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('Deal,Customer\nNew deal,Nowhere Inc\n') });
  const bad = a.getByRole('dialog', { name: 'Import bad.csv' });
  await expect(bad.getByLabel('Where “Customer” goes')).toHaveValue(account.id);
  await expect(bad.getByRole('list', { name: 'Lines that would be rejected' })).toContainText('line 2: Customer names no row of the linked sheet: "Nowhere Inc"');
  await bad.getByRole('button', { name: 'Cancel' }).click();
  await a.getByTestId('import-file').setInputFiles({ name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from('Deal,Customer\nNew deal,"Globex, Acme Robotics"\n') });
  const dialog = a.getByRole('dialog', { name: 'Import deals.csv' });
  await expect(dialog.getByLabel('Where “Customer” goes')).toHaveValue(account.id);
  await expect(dialog.getByText('The first 1 rows are fine')).toBeVisible();
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Imported 1 rows from deals.csv.' })).toBeVisible();
  const imported = (await api<{ items: { values: Record<string, unknown> }[] }>(a, `/api/spreadsheets/${dealsId}/rows?limit=500`)).items.at(-1)!;
  expect((imported.values[account.id] as { label: string }[]).map((l) => l.label)).toEqual(['Globex', 'Acme Robotics']);
});
