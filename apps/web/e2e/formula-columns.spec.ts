import { expect, test } from '@playwright/test';
import { api, cell, grid, pipeline } from './support/sheet';

test('add a formula column through the form, see it computed in the grid and listed in the columns panel, and a broken formula explained', async ({ page }) => {
  const { sheetId, columns } = await pipeline(page, 'Formulas');

  // The first row's Value as the grid shows it; the formula column shows twice that, formatted the same way.
  const valueText = (await cell(page, 0, columns.Value).textContent()) ?? '';
  const value = Number(valueText.replace(/[^0-9.-]/g, ''));
  expect(value).toBeGreaterThan(0);
  const doubled = await page.evaluate((v) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(v * 2), value);

  await page.getByRole('button', { name: 'Add column' }).click();
  const form = page.getByRole('form', { name: 'Add column' });
  await form.getByLabel('Column name').fill('Double');
  await form.getByLabel('Type').selectOption('formula');
  const formula = form.getByRole('textbox', { name: 'Formula' });
  await expect(formula).toHaveAttribute('placeholder', '{Value} * {Stage}.probability / 100');
  await expect(formula).toHaveCSS('font-family', /monospace/);
  await formula.fill('{Value} * 2');
  await form.getByRole('button', { name: 'Add column' }).click();
  await expect(form).toBeHidden();
  // The new column is last, past the template's columns: scroll the grid to it (ag-grid renders only visible columns).
  await expect(async () => {
    await grid(page)
      .locator('.ag-body-horizontal-scroll-viewport')
      .evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect(grid(page).getByRole('columnheader', { name: 'Double' })).toBeVisible({ timeout: 1_000 });
  }).toPass();

  const sheet = await api<{ columns: { id: string; name: string; formula?: string; resultType?: string }[] }>(page, `/api/spreadsheets/${sheetId}`);
  const double = sheet.columns.find((c) => c.name === 'Double')!;
  expect(double).toMatchObject({ formula: '{Value} * 2', resultType: 'currency' });
  await expect(cell(page, 0, double.id)).toHaveText(doubled);

  // The columns panel lists the formula and its result type, read-only (no retype picker for it).
  await page.getByRole('button', { name: 'Columns' }).click();
  const panel = page.getByRole('dialog', { name: 'Columns' });
  const row = panel.getByRole('row').filter({ has: page.getByLabel('Name of Double') });
  await expect(row).toContainText('Formula → Currency');
  await expect(row.locator('code')).toHaveText('{Value} * 2');
  await expect(row.getByLabel('Type of Double')).toHaveCount(0);
  await expect(panel.getByLabel('Type of Value')).toBeVisible();
  await panel.getByRole('button', { name: 'Close', exact: true }).click();

  // A broken formula: the server's message and where the problem is, under the field; nothing is added.
  await page.getByRole('button', { name: 'Add column' }).click();
  await form.getByLabel('Column name').fill('Broken');
  await form.getByLabel('Type').selectOption('formula');
  await formula.fill('({Value} * 2');
  await form.getByRole('button', { name: 'Add column' }).click();
  await expect(formula).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field__error')).toHaveText('Expected ")" to close the "(" at 0 but found the end of the formula at character 12');
  await expect(formula).toHaveAccessibleDescription(/Fields go in braces.*at character 12$/);
  await expect(form).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'Broken' })).toHaveCount(0);
});
