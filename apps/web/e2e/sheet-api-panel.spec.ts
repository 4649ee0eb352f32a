import { expect, test } from '@playwright/test';
import { pipeline } from './support/sheet';

test("the API panel shows a template sheet's columns by name and snippets with its id to copy", async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { sheetId } = await pipeline(page, 'Integrator');

  await page.getByRole('button', { name: 'API', exact: true }).click();
  const panel = page.getByRole('dialog', { name: 'Sheet API' });
  const columns = panel.getByRole('table', { name: 'Columns' });
  await expect(columns.getByRole('row').filter({ hasText: 'Stage' })).toContainText('one of: Lead, Qualified, Proposal, Negotiation, Won, Lost');
  await expect(columns.getByRole('row').filter({ hasText: 'Weighted value' })).toContainText('read-only (computed)');
  await expect(columns.getByRole('row').filter({ hasText: 'Deal (required)' })).toContainText('text');

  const create = panel.getByRole('region', { name: 'Create a row' }).getByLabel('Create a row: curl', { exact: true });
  await expect(create).toContainText(`/api/spreadsheets/${sheetId}/rows?keys=name`);
  await expect(create).toContainText('"Deal":');
  await expect(panel.getByLabel('Update a row: TypeScript (fetch)', { exact: true })).toContainText(`/api/spreadsheets/${sheetId}/rows/`);

  // Copied from the keyboard, with feedback.
  await panel.getByRole('button', { name: 'Copy Create a row: curl' }).focus();
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('status').filter({ hasText: 'Copied to the clipboard' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(`/api/spreadsheets/${sheetId}/rows?keys=name`);

  await expect(panel.getByRole('link', { name: 'The full OpenAPI document (JSON)' })).toHaveAttribute('href', /^blob:/);
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();
});
