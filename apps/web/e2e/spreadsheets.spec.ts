import { expect, test, type Page } from '@playwright/test';

const run = Date.now().toString(36);
const person = { name: `Sheet User ${run}`, email: `sheets-${run}@example.com`, password: 'spreadsheets rule 2026' };

async function signUp(page: Page): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`Welcome, ${person.name}.`)).toBeVisible();
}

const grid = (page: Page) => page.getByTestId('sheet-grid');
const cell = (page: Page, rowIndex: number, colId: string) => grid(page).locator(`.ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`);

test('a pipeline from the template: edit cells of several types, sort, and see the edits after a reload', async ({ page }) => {
  await signUp(page);
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

  // Back home, the sheet is listed.
  await page.getByRole('link', { name: 'Spreadsheets' }).click();
  await expect(page.getByRole('link', { name: 'Q3 pipeline' })).toBeVisible();
});
