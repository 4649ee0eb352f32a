import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { cell, grid } from './support/sheet';

test('a pipeline from the template: edit cells of several types, sort, and see the edits after a reload', async ({ page }) => {
  await signUp(page, person('Seller', 'spreadsheets rule 2026'));
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Q3 pipeline');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: 'Q3 pipeline' })).toBeVisible();
  await expect(page.getByText('24 rows')).toBeVisible();

  const columns = await page.evaluate(async () => {
    const token = JSON.parse(localStorage.getItem('contrivance.session')!).accessToken;
    const id = location.pathname.split('/').pop();
    const res = await fetch(`/api/spreadsheets/${id}`, { headers: { Authorization: `Bearer ${token}` } });
    return Object.fromEntries(((await res.json()).columns as { id: string; name: string }[]).map((c) => [c.name, c.id]));
  });
  await expect(cell(page, 0, columns.Deal)).toHaveText('Fleet telematics rollout');

  // Text: double-click to edit, type, Enter to save.
  await cell(page, 0, columns.Company).dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('Northwind Global');
  await page.keyboard.press('Enter');
  await expect(cell(page, 0, columns.Company)).toHaveText('Northwind Global');

  // Currency: typed with a symbol, stored as a number, shown formatted.
  await cell(page, 0, columns.Value).dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('250000');
  await page.keyboard.press('Enter');
  await expect(cell(page, 0, columns.Value)).toHaveText('$250,000.00');

  // Keyboard: arrows move between cells, Enter starts editing. A refused value is rolled back with a message.
  await cell(page, 1, columns.Company).click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('not-an-email');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Contact email must be an email address');
  await expect(cell(page, 1, columns['Contact email'])).toHaveText('j.alvarez@contoso.example');

  // Sort by value, largest first, on the server.
  await grid(page).locator(`.ag-header-cell[col-id="${columns.Value}"] .ag-header-cell-label`).click();
  await grid(page).locator(`.ag-header-cell[col-id="${columns.Value}"] .ag-header-cell-label`).click();
  await expect(cell(page, 0, columns.Deal)).toHaveText('Payments integration');
  await expect(cell(page, 1, columns.Deal)).toHaveText('Fleet telematics rollout');

  await page.reload();
  await expect(cell(page, 0, columns.Company)).toHaveText('Northwind Global');
  await expect(cell(page, 0, columns.Value)).toHaveText('$250,000.00');

  // Paste a block copied from another spreadsheet: labels and "$" amounts are understood, in one change.
  await cell(page, 2, columns.Stage).click();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'Won\t$12,345\r\nLost\t678\r\n');
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(cell(page, 2, columns.Stage)).toHaveText('Won');
  await expect(cell(page, 2, columns.Value)).toHaveText('$12,345.00');
  await expect(cell(page, 3, columns.Stage)).toHaveText('Lost');
  await expect(cell(page, 3, columns.Value)).toHaveText('$678.00');
  await page.reload();
  await expect(cell(page, 3, columns.Value)).toHaveText('$678.00');

  // Select options are edited in the columns panel: a new stage with its win probability, usable at once.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('button', { name: 'Options of Stage' }).click();
  const options = page.getByRole('form', { name: 'Options of Stage' });
  await expect(options.getByLabel('Label of option 1')).toHaveValue('Lead');
  await options.getByRole('button', { name: 'Add option' }).click();
  await options.getByLabel('Label of option 7').fill('On hold');
  await options.getByLabel('Probability of option 7 (%)').fill('5');
  // Renaming a stage that rows use keeps them on it (they store the option's id).
  await options.getByLabel('Label of option 1').fill('Prospect');
  await options.getByRole('button', { name: 'Save options' }).click();
  await expect(page.getByRole('dialog', { name: 'Columns' }).getByRole('status')).toContainText('Saved “Stage”.');
  await page.getByRole('dialog', { name: 'Columns' }).getByRole('button', { name: 'Close', exact: true }).click();
  await cell(page, 4, columns.Stage).click();
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', 'On hold');
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(cell(page, 4, columns.Stage)).toHaveText('On hold');
  await expect(grid(page).getByText('Prospect').first()).toBeVisible();

  // Back home, the sheet is listed.
  await page.getByRole('link', { name: 'Spreadsheets' }).click();
  await expect(page.getByRole('link', { name: 'Q3 pipeline', exact: true })).toBeVisible();
});

test('import a CSV into a blank sheet, see the rejected lines of a bad file, and export what is on screen', async ({ page }) => {
  test.setTimeout(60_000);
  await signUp(page, person('Importer', 'imports all or nothing'));
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Imported deals');
  await page.getByLabel('Start from').selectOption('blank');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('This spreadsheet has no columns yet.')).toBeVisible();

  const csv = 'Deal,Amount\nAcme,=1+2\nGlobex,"Big, important"\n';
  await page.getByTestId('import-file').setInputFiles({ name: 'deals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('dialog', { name: 'Import deals.csv' }).getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 rows from deals.csv. New columns: Deal, Amount.' })).toBeVisible();
  await expect(page.getByText('2 rows ·')).toBeVisible();
  await expect(grid(page).getByText('Globex')).toBeVisible();

  // A file with a bad line: nothing is imported and the line is listed.
  await page.getByRole('button', { name: 'Add column' }).click();
  await page.getByLabel('Column name').fill('Value');
  await page.getByLabel('Type').selectOption('currency');
  await page.getByRole('form', { name: 'Add column' }).getByRole('button', { name: 'Add column' }).click();
  await expect(grid(page).getByRole('columnheader', { name: 'Value' })).toBeVisible();
  await page.getByTestId('import-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('Deal,Value\nInitech,lots\n') });
  // The mapping step already says so; importing anyway is refused with the same line.
  const dialog = page.getByRole('dialog', { name: 'Import bad.csv' });
  await expect(dialog.getByRole('list', { name: 'Lines that would be rejected' })).toContainText('line 2: Value must be a number');
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert')).toHaveText('1 line(s) were rejected; nothing was imported');
  await expect(page.getByRole('list', { name: 'Rejected lines' })).toContainText('line 2: Value must be a number');
  await expect(page.getByText('2 rows ·')).toBeVisible();

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await downloading;
  expect(file.suggestedFilename()).toBe('Imported deals.csv');
  const text = (await (await file.createReadStream()).toArray()).join('');
  expect(
    text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n'),
  ).toEqual(['Deal,Amount,Value', "Acme,'=1+2,", 'Globex,"Big, important",']);

  // Columns: a retype that does not fit is explained; a rename shows in the header.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByLabel('Type of Amount').selectOption('number');
  await expect(page.getByRole('alert')).toContainText('2 row(s) have values that do not fit the new column settings');
  await page.getByLabel('Name of Deal').fill('Deal name');
  await page.getByLabel('Name of Deal').press('Enter');
  await expect(grid(page).getByRole('columnheader', { name: 'Deal name' })).toBeVisible();
});

test('importing into a blank sheet guesses each column’s type, lets the person change or skip it, and checks the rows first', async ({ page }, testInfo) => {
  const me = person('Guesser', 'imports guess types 26');
  await signUp(page, me);
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('From a file');
  await page.getByLabel('Start from').selectOption('blank');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('This spreadsheet has no columns yet.')).toBeVisible();

  const stages = ['Lead', 'Won', 'Lead', 'Lost', 'Won', 'Lead', 'Lost', 'Won'];
  const lines = stages.map((stage, i) => `Deal ${i},"$${(i + 1) * 1000}",${stage},2026-0${(i % 9) + 1}-15,${i % 2 ? 'yes' : 'no'},deal${i}@client.example,${me.name},noise ${i}`);
  const csv = ['Deal,Value,Stage,Close date,Hot,Contact,Owner,Junk', ...lines].join('\n');
  await page.getByTestId('import-file').setInputFiles({ name: 'pipeline.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const dialog = page.getByRole('dialog', { name: 'Import pipeline.csv' });
  const typeOf = (name: string) => dialog.getByLabel(`Type of the new column “${name}”`);
  await expect(typeOf('Value')).toHaveValue('currency');
  await expect(typeOf('Stage')).toHaveValue('select');
  await expect(typeOf('Close date')).toHaveValue('date');
  await expect(typeOf('Hot')).toHaveValue('checkbox');
  await expect(typeOf('Contact')).toHaveValue('email');
  await expect(typeOf('Owner')).toHaveValue('user');
  await expect(typeOf('Deal')).toHaveValue('text');
  await expect(dialog.getByRole('table', { name: 'The first rows of the file' }).getByRole('row')).toHaveCount(6);
  await expect(dialog.getByText('The first 8 rows are fine')).toBeVisible();
  await dialog.screenshot({ path: testInfo.outputPath('import-mapping.png') });

  // A person's choice wins: the deal name becomes long text, and the noise is left out.
  await typeOf('Deal').selectOption('longText');
  await dialog.getByLabel('Where “Junk” goes').selectOption('skip');
  await expect(dialog.getByText('The first 8 rows are fine')).toBeVisible();
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 8 rows from pipeline.csv' })).toBeVisible();

  const sheetId = page.url().split('/').pop()!;
  const columns = await page.evaluate(async (id) => {
    const token = JSON.parse(localStorage.getItem('contrivance.session')!).accessToken;
    return (
      (await (await fetch(`/api/spreadsheets/${id}`, { headers: { Authorization: `Bearer ${token}` } })).json()).columns as {
        name: string;
        type: string;
        options?: { label: string }[];
      }[]
    ).map((c) => [c.name, c.type, c.options?.map((o) => o.label) ?? null]);
  }, sheetId);
  expect(columns).toEqual([
    ['Deal', 'longText', null],
    ['Value', 'currency', null],
    ['Stage', 'select', ['Lead', 'Won', 'Lost']],
    ['Close date', 'date', null],
    ['Hot', 'checkbox', null],
    ['Contact', 'email', null],
    ['Owner', 'user', null],
  ]);
  await expect(grid(page).locator('.ag-row[row-index="1"] .chip').first()).toHaveText('Won');
  await expect(grid(page).getByText('$2,000.00')).toBeVisible();
});

test('the template sheet exported and imported into a blank sheet comes back the same, file for file', async ({ page }) => {
  test.setTimeout(60_000);
  const exportCsv = async () => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const file = await downloading;
    return { name: file.suggestedFilename(), text: (await (await file.createReadStream()).toArray()).join('') };
  };
  await signUp(page, person('Roundtrip', 'export then import 26'));
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Original');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('24 rows ·')).toBeVisible();
  const original = await exportCsv();

  await page.getByRole('link', { name: 'Spreadsheets' }).click();
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Copy');
  await page.getByLabel('Start from').selectOption('blank');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('This spreadsheet has no columns yet.')).toBeVisible();
  await page.getByTestId('import-file').setInputFiles({ name: original.name, mimeType: 'text/csv', buffer: Buffer.from(original.text) });
  const dialog = page.getByRole('dialog', { name: `Import ${original.name}` });
  // Owners are written by name, and read back as the member they name.
  await expect(dialog.getByLabel('Type of the new column “Owner”')).toHaveValue('user');
  await expect(dialog.getByText(/The first \d+ rows are fine/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Imported 24 rows from ${original.name}` })).toBeVisible();

  const copy = await exportCsv();
  expect(copy.text).toBe(original.text);
});
