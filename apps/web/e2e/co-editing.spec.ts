import { expect, test, type Page } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { api, cell, grid } from './support/sheet';

const editor = (page: Page) => grid(page).locator('.ag-cell-inline-editing input, .ag-cell-inline-editing textarea').first();

async function typeInto(page: Page, target: ReturnType<typeof cell>, text: string): Promise<void> {
  await target.dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
}

/** Two people in one pipeline, Bob an editor; answers the pages and the column ids by name. */
async function twoInOneSheet(browser: import('@playwright/test').Browser, label: string) {
  const ann = person(`Ann${label}`, 'editing together 2026');
  const bob = person(`Bob${label}`, 'editing together 2026');
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await signUp(b, bob);
  await signUp(a, ann);
  await a.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill(`Shared ${label}`);
  await a.getByRole('button', { name: 'Create' }).click();
  await expect(a.getByRole('heading', { name: `Shared ${label}` })).toBeVisible();
  const sheetId = a.url().split('/').pop()!;
  const found = await api<{ items: { id: string }[] }>(a, `/api/users?search=${encodeURIComponent(bob.email)}`);
  await api(a, `/api/spreadsheets/${sheetId}/members/${found.items[0].id}`, { method: 'PUT', body: { role: 'editor' } });
  const columns = Object.fromEntries((await api<{ columns: { id: string; name: string }[] }>(a, `/api/spreadsheets/${sheetId}`)).columns.map((c) => [c.name, c.id]));
  await b.goto(`/sheets/${sheetId}`);
  await expect(cell(b, 0, columns.Deal)).toHaveText('Fleet telematics rollout');
  await expect(a.getByLabel('People in this spreadsheet').getByText(bob.name)).toBeAttached();
  return { a, b, sheetId, columns, ann, bob };
}

test('nothing a collaborator does closes, commits or alters an editor that is open', async ({ browser }) => {
  const { a, b, sheetId, columns } = await twoInOneSheet(browser, 'Keys');

  // Ann is half-way through typing a company name, without Enter.
  await typeInto(a, cell(a, 0, columns.Company), 'Half-typed wor');
  await expect(editor(a)).toHaveValue('Half-typed wor');

  // Bob moves his cursor around, in other rows and in Ann's row.
  for (const [row, column] of [
    [3, 'Deal'],
    [0, 'Deal'],
    [5, 'Value'],
    [0, 'Value'],
  ] as const)
    await cell(b, row, columns[column]).click();
  await expect(cell(a, 0, columns.Value)).toHaveClass(/cell--peer-focus/);
  // He edits another cell of Ann's row and a cell of another row; both reach Ann while her editor stays open.
  await typeInto(b, cell(b, 0, columns.Deal), 'Renamed by Bob');
  await b.keyboard.press('Enter');
  await typeInto(b, cell(b, 4, columns.Company), 'Elsewhere Inc');
  await b.keyboard.press('Enter');
  await expect(cell(a, 0, columns.Deal)).toHaveText('Renamed by Bob');
  await expect(cell(a, 4, columns.Company)).toHaveText('Elsewhere Inc');
  // He adds a row, deletes one, and adds a column.
  await b.getByRole('button', { name: 'Add row', exact: true }).click();
  await expect(a.getByText('25 rows')).toBeVisible();
  const rows = await api<{ items: { id: string }[] }>(b, `/api/spreadsheets/${sheetId}/rows?limit=30`);
  await api(b, `/api/spreadsheets/${sheetId}/rows/${rows.items.at(-1)!.id}`, { method: 'DELETE' });
  await expect(a.getByText('24 rows')).toBeVisible();
  await api(b, `/api/spreadsheets/${sheetId}/columns`, { method: 'POST', body: { name: 'Region', type: 'text' } });
  await a.waitForTimeout(1500); // the column and row reloads are asked for meanwhile

  // Ann's editor never closed, nothing she typed was saved, and she carries on where she was.
  await expect(editor(a)).toHaveValue('Half-typed wor');
  const stored = await api<{ values: Record<string, unknown> }>(a, `/api/spreadsheets/${sheetId}/rows/${rows.items[0].id}`);
  expect(stored.values[columns.Company]).not.toBe('Half-typed wor');
  await a.keyboard.type('ds');
  await a.keyboard.press('Enter');
  await expect(cell(a, 0, columns.Company)).toHaveText('Half-typed words');
  await expect(cell(b, 0, columns.Company)).toHaveText('Half-typed words');
  // Once her edit ended, the column Bob added is in her grid (fourteen: the row-detail column, the template's twelve, two
  // of them hidden, and Bob's; ag-grid renders only those in view).
  await expect(grid(a).locator('[aria-colcount]').first()).toHaveAttribute('aria-colcount', '14');
});

test('a change to the cell being edited is held: Esc takes theirs, Enter keeps mine', async ({ browser }) => {
  const { a, b, sheetId, columns } = await twoInOneSheet(browser, 'Held');

  // Ann edits; Bob saves the same cell meanwhile. Ann keeps typing and is told; Esc gives her Bob's value.
  await typeInto(a, cell(a, 1, columns.Company), 'Mine');
  await typeInto(b, cell(b, 1, columns.Company), 'Theirs');
  await b.keyboard.press('Enter');
  await expect(a.getByText(/changed the cell you are editing to “Theirs”/)).toBeVisible();
  await expect(editor(a)).toHaveValue('Mine');
  await a.keyboard.press('Escape');
  await expect(cell(a, 1, columns.Company)).toHaveText('Theirs');

  // Again, and this time Ann saves: hers replaces Bob's everywhere; his stays in the history.
  await typeInto(a, cell(a, 2, columns.Company), 'Mine wins');
  await typeInto(b, cell(b, 2, columns.Company), 'Bob was first');
  await b.keyboard.press('Enter');
  await expect(a.getByText(/changed the cell you are editing to “Bob was first”/)).toBeVisible();
  await a.keyboard.press('Enter');
  await expect(cell(a, 2, columns.Company)).toHaveText('Mine wins');
  await expect(cell(b, 2, columns.Company)).toHaveText('Mine wins');
  const row = (await api<{ items: { id: string }[] }>(a, `/api/spreadsheets/${sheetId}/rows?limit=3`)).items[2];
  const history = await api<{ items: { newValue: unknown }[] }>(a, `/api/spreadsheets/${sheetId}/history?rowId=${row.id}`);
  expect(history.items.map((h) => h.newValue)).toEqual(expect.arrayContaining(['Mine wins', 'Bob was first']));
});

test('cells can be cleared: Delete, Backspace then Enter, and the blank choice of a select; required ones say why not', async ({ browser }) => {
  const { a, sheetId, columns } = await twoInOneSheet(browser, 'Clear');
  const valueOf = async (rowIndex: number, column: string) => {
    const rows = await api<{ items: { values: Record<string, unknown> }[] }>(a, `/api/spreadsheets/${sheetId}/rows?limit=5`);
    return rows.items[rowIndex].values[columns[column]];
  };

  await cell(a, 0, columns.Company).click();
  await a.keyboard.press('Delete');
  await expect(cell(a, 0, columns.Company)).toHaveText('');
  await expect.poll(() => valueOf(0, 'Company')).toBeUndefined();

  await cell(a, 1, columns['Contact email']).click();
  await a.keyboard.press('Backspace');
  await a.keyboard.press('Enter');
  await expect(cell(a, 1, columns['Contact email'])).toHaveText('');
  await expect.poll(() => valueOf(1, 'Contact email')).toBeUndefined();

  await cell(a, 2, columns.Value).click();
  await a.keyboard.press('Delete');
  await expect.poll(() => valueOf(2, 'Value')).toBeUndefined();
  await expect(a.getByRole('alert')).toHaveCount(0);

  // Deal is required in the pipeline template: clearing it is refused, with its name, and the value stays.
  await cell(a, 3, columns.Deal).click();
  await a.keyboard.press('Delete');
  await expect(a.getByRole('alert')).toContainText('Deal is required');
  await expect(cell(a, 3, columns.Deal)).not.toHaveText('');
});

test('edits made offline wait on the device, survive a reload, are sent on reconnect, and a conflict is the person’s call', async ({ browser }) => {
  test.setTimeout(60_000);
  const { a, b, sheetId, columns } = await twoInOneSheet(browser, 'Away');
  const stored = async (rowIndex: number) =>
    (await api<{ items: { values: Record<string, unknown> }[] }>(b, `/api/spreadsheets/${sheetId}/rows?limit=3`)).items[rowIndex].values[columns.Company];

  // Ann loses her connection: the header and the banner say so.
  await a.context().setOffline(true);
  await expect(a.getByRole('banner').getByText('You are offline')).toBeVisible();
  await expect(a.getByText(/Live updates paused/)).toBeVisible();

  // Her edits stay on screen, marked as waiting, instead of being refused and reverted.
  await typeInto(a, cell(a, 0, columns.Company), 'Made offline');
  await a.keyboard.press('Enter');
  await typeInto(a, cell(a, 1, columns.Company), 'Mine, offline');
  await a.keyboard.press('Enter');
  await expect(cell(a, 0, columns.Company)).toHaveText('Made offline');
  await expect(cell(a, 0, columns.Company)).toHaveClass(/cell--pending/);
  await expect(a.getByText(/2 edits are waiting/)).toBeVisible();
  await expect(a.getByRole('alert')).toHaveCount(0);

  // Meanwhile Bob changes one of those cells.
  await typeInto(b, cell(b, 1, columns.Company), 'Bob, online');
  await b.keyboard.press('Enter');
  await expect.poll(() => stored(1)).toBe('Bob, online');

  // Ann's browser is back, but the server cannot be asked about her edits yet (reads of single rows fail): she
  // reloads the page, and her waiting edits are still there, still waiting.
  await a.route(/\/api\/spreadsheets\/[^/]+\/rows\/[^/?]+$/, (route) => route.abort());
  await a.context().setOffline(false);
  await a.reload();
  await expect(cell(a, 0, columns.Company)).toHaveText('Made offline');
  await expect(cell(a, 0, columns.Company)).toHaveClass(/cell--pending/);
  await expect(a.getByText(/2 edits are waiting/)).toBeVisible();
  expect(await stored(0)).not.toBe('Made offline');

  // The connection comes back: the untouched cell is saved; the one Bob changed is a conflict for Ann to settle.
  await a.unrouteAll({ behavior: 'ignoreErrors' });
  await expect.poll(() => stored(0), { timeout: 15_000 }).toBe('Made offline');
  await expect(cell(b, 0, columns.Company)).toHaveText('Made offline');
  const conflict = a.getByRole('alert').filter({ hasText: 'While you were offline' });
  await expect(conflict).toContainText('Company');
  await expect(conflict).toContainText('“Bob, online”');
  await expect(conflict).toContainText('“Mine, offline”');
  expect(await stored(1)).toBe('Bob, online');
  await conflict.getByRole('button', { name: 'Keep mine' }).click();
  await expect.poll(() => stored(1)).toBe('Mine, offline');
  await expect(cell(b, 1, columns.Company)).toHaveText('Mine, offline');
  await expect(cell(a, 0, columns.Company)).not.toHaveClass(/cell--pending/);
  await expect(a.getByText(/edits? (is|are) waiting/)).toHaveCount(0);
  await expect(a.getByRole('banner').getByText('Server online')).toBeVisible();
});
