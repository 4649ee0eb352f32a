import { expect, test, type Page } from '@playwright/test';
import { api, cell, grid, pipeline } from './support/sheet';

/** A number as the grid writes a currency cell. */
const asCurrency = (page: Page, n: number) => page.evaluate((v) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(v), n);

test('write a formula with the editor (suggestions, inline errors, a preview on the focused row), add it and see it computed', async ({ page }) => {
  test.setTimeout(60_000);
  const { sheetId, columns } = await pipeline(page, 'Formulas');

  // The third deal is the one the preview is for: a click on its Value focuses it.
  const valueText = (await cell(page, 2, columns.Value).textContent()) ?? '';
  const value = Number(valueText.replace(/[^0-9.-]/g, ''));
  expect(value).toBeGreaterThan(0);
  const deal = (await cell(page, 2, columns.Deal).textContent()) ?? '';
  const doubled = await asCurrency(page, value * 2);
  await cell(page, 2, columns.Value).click();

  await page.getByRole('button', { name: 'Add column' }).click();
  const form = page.getByRole('form', { name: 'Add column' });
  await form.getByLabel('Column name').fill('Double');
  await form.getByLabel('Type').selectOption('formula');
  const formula = form.getByRole('combobox', { name: 'Formula' });
  await expect(formula).toHaveAttribute('placeholder', '{Value} * {Stage}.probability / 100');
  await expect(formula).toHaveCSS('font-family', /monospace/);

  // "{" lists the sheet's fields; what follows narrows them; the keyboard picks one.
  await formula.click();
  await formula.pressSequentially('{');
  const fields = form.getByRole('listbox', { name: 'Fields' });
  await expect(fields.getByRole('option')).toHaveText([
    '{Deal}Text',
    '{Company}Text',
    '{Contact email}Email',
    '{Stage}Single select',
    '{Value}Currency',
    '{Weighted value}Formula',
    '{Close date}Date',
    '{Owner}Person',
    '{Notes}Long text',
    '{Open value}Formula',
    '{Won deal}Formula',
  ]);
  await expect(formula).toHaveAttribute('aria-expanded', 'true');
  await formula.pressSequentially('Val');
  // Names starting with what is typed come first; formula columns are fields a formula can read too.
  await expect(fields.getByRole('option')).toHaveText(['{Value}Currency', '{Weighted value}Formula', '{Open value}Formula']);
  const picked = fields.getByRole('option', { selected: true });
  await expect(formula).toHaveAttribute('aria-activedescendant', (await picked.getAttribute('id'))!);
  await formula.press('ArrowDown');
  await formula.press('ArrowUp');
  await formula.press('Enter');
  await expect(formula).toHaveValue('{Value}');
  await expect(fields).toBeHidden();
  await expect(formula).toHaveAttribute('aria-expanded', 'false');
  await formula.pressSequentially(' * 2');
  await expect(formula).toHaveValue('{Value} * 2');

  // Checked while typing: the result type, and the value for the focused deal, formatted as the grid will show it.
  await expect(form.getByRole('status')).toHaveText('Result: Currency');
  await expect(form.getByTestId('formula-preview')).toHaveText(`Preview for “${deal}”: ${doubled}`);

  // A broken formula is explained before it is sent: the problem, where (0-based, as the API says it), marked in the text.
  await formula.press('Home');
  await formula.press('(');
  await expect(form.locator('.field__error')).toHaveText('Expected ")" to close the "(" at 0 but found the end of the formula at character 12');
  await expect(formula).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.formula-editor__excerpt')).toContainText('({Value} * 2');
  await expect(form.locator('.formula-editor__excerpt mark')).toHaveClass('formula-editor__missing');
  await expect(form.getByTestId('formula-preview')).toHaveCount(0);
  // Functions are suggested with what they take; Escape closes the list and leaves the text as it is.
  await formula.pressSequentially('ro');
  const functions = form.getByRole('listbox', { name: 'Functions' });
  await expect(functions.getByRole('option')).toHaveText([/^ROUND\(number, \[places\]\)/, /^ROUNDUP\(/, /^ROUNDDOWN\(/]);
  await formula.press('Escape');
  await expect(functions).toBeHidden();
  await expect(form).toBeVisible();
  await expect(formula).toHaveValue('(ro{Value} * 2');
  await formula.press('Control+Home');
  await formula.press('Delete');
  await formula.press('Delete');
  await formula.press('Delete');
  await expect(formula).toHaveValue('{Value} * 2');
  await expect(form.locator('.field__error')).toHaveCount(0);
  await expect(form.getByTestId('formula-preview')).toHaveText(`Preview for “${deal}”: ${doubled}`);

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
  await expect(cell(page, 2, double.id)).toHaveText(doubled);

  // An edit saved over the live connection brings the row's formula values with it (its answer carries no row).
  const viewport = grid(page).locator('.ag-body-horizontal-scroll-viewport');
  await viewport.evaluate((el) => el.scrollTo({ left: 0 }));
  await cell(page, 2, columns.Value).dblclick();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('1000');
  await page.keyboard.press('Enter');
  await expect(cell(page, 2, columns.Value)).toHaveText(await asCurrency(page, 1000));
  await viewport.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  await expect(cell(page, 2, double.id)).toHaveText(await asCurrency(page, 2000));
});

test('change a formula from the columns panel with the same editor; a formula the API refuses is explained where it is wrong', async ({ page }) => {
  test.setTimeout(60_000);
  const { sheetId, columns } = await pipeline(page, 'FormulaEdits');
  const value = Number(((await cell(page, 2, columns.Value).textContent()) ?? '').replace(/[^0-9.-]/g, ''));
  expect(value).toBeGreaterThan(0);
  const deal = (await cell(page, 2, columns.Deal).textContent()) ?? '';
  await cell(page, 2, columns.Deal).click();
  // Made elsewhere (by the API): the grid follows live and shows the new column.
  const double = await api<{ id: string }>(page, `/api/spreadsheets/${sheetId}/columns`, {
    method: 'POST',
    body: { name: 'Double', type: 'formula', formula: '{Value} * 2' },
  });
  await expect(async () => {
    await grid(page)
      .locator('.ag-body-horizontal-scroll-viewport')
      .evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect(cell(page, 2, double.id)).toHaveText(await asCurrency(page, value * 2), { timeout: 1_000 });
  }).toPass();

  // The columns panel lists the formula and its result type (no retype picker for it), and changes the formula in the
  // same editor: arrows pick among the functions, Tab inserts one with the caret inside.
  await page.getByRole('button', { name: 'Columns' }).click();
  const panel = page.getByRole('dialog', { name: 'Columns' });
  const row = panel.getByRole('row').filter({ has: page.getByLabel('Name of Double') });
  await expect(row).toContainText('Formula → Currency');
  await expect(row.locator('code')).toHaveText('{Value} * 2');
  await expect(row.getByLabel('Type of Double')).toHaveCount(0);
  await expect(panel.getByLabel('Type of Value')).toBeVisible();
  await panel.getByRole('button', { name: 'Edit the formula of Double' }).click();
  const edit = panel.getByRole('form', { name: 'Formula of Double' });
  const editor = edit.getByRole('combobox', { name: 'Formula of Double' });
  await expect(editor).toHaveValue('{Value} * 2');
  await expect(editor).toBeFocused();
  // Saved anyway, a broken formula is refused by the API and explained in the editor, not above the table.
  await editor.fill('{Value} *');
  const patched = page.waitForResponse((r) => r.url().endsWith(`/columns/${double.id}`) && r.request().method() === 'PATCH');
  await edit.getByRole('button', { name: 'Save formula' }).click();
  expect((await patched).status()).toBe(400);
  await expect(edit.locator('.field__error')).toHaveText('Expected a value (a number, text in quotes, a {field} or a function) but found the end of the formula at character 9');
  await expect(panel.getByRole('alert')).toHaveCount(0);
  await editor.press('ControlOrMeta+a');
  await editor.pressSequentially('rou');
  await editor.press('ArrowDown');
  await editor.press('ArrowDown');
  await expect(edit.getByRole('option', { selected: true })).toContainText('ROUNDDOWN(number, [places])');
  await editor.press('Tab');
  await expect(editor).toHaveValue('ROUNDDOWN(');
  await editor.pressSequentially('{Value} / 3)');
  const third = await asCurrency(page, Math.trunc(value / 3));
  await expect(edit.getByTestId('formula-preview')).toHaveText(`Preview for “${deal}”: ${third}`);
  await edit.getByRole('button', { name: 'Save formula' }).click();
  await expect(edit).toBeHidden();
  await expect(row.locator('code')).toHaveText('ROUNDDOWN({Value} / 3)');
  await expect(cell(page, 2, double.id)).toHaveText(third);
  await panel.getByRole('button', { name: 'Close', exact: true }).click();

  // The API stays the judge: a formula sent anyway is refused with its message and place under the field; nothing is added.
  await page.getByRole('button', { name: 'Add column' }).click();
  const form = page.getByRole('form', { name: 'Add column' });
  const formula = form.getByRole('combobox', { name: 'Formula' });
  await form.getByLabel('Column name').fill('Broken');
  await form.getByLabel('Type').selectOption('formula');
  await formula.fill('({Value} * 2');
  const refused = page.waitForResponse((r) => r.url().endsWith(`/api/spreadsheets/${sheetId}/columns`) && r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Add column' }).click();
  expect((await refused).status()).toBe(400);
  await expect(formula).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field__error')).toHaveText('Expected ")" to close the "(" at 0 but found the end of the formula at character 12');
  await expect(formula).toHaveAccessibleDescription(/Fields go in braces.*at character 12$/);
  await expect(form).toBeVisible();
  await expect(grid(page).getByRole('columnheader', { name: 'Broken' })).toHaveCount(0);
});
