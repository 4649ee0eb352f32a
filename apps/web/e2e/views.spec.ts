import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { api, cell, pipeline } from './support/sheet';

type Rows = { items: { id: string; values: Record<string, unknown> }[] };

test('build a filter without typing any syntax, save it as a shared view, and open it again by its URL', async ({ browser }) => {
  test.setTimeout(90_000);
  const a = await (await browser.newContext()).newPage();
  const { sheetId, columns } = await pipeline(a, 'Vera');
  const sheet = await api<{ columns: { id: string; name: string; options?: { id: string; label: string }[] }[] }>(a, `/api/spreadsheets/${sheetId}`);
  const won = sheet.columns.find((c) => c.name === 'Stage')!.options!.find((o) => o.label === 'Won')!.id;
  const negotiation = sheet.columns.find((c) => c.name === 'Stage')!.options!.find((o) => o.label === 'Negotiation')!.id;

  // Stage is Won or Negotiation, and Value more than 20,000.
  await a.getByRole('button', { name: 'Filter…' }).click();
  const builder = a.getByRole('form', { name: 'Filter rows' });
  await builder.getByRole('button', { name: 'Add condition' }).click();
  await builder.getByLabel('Column of condition 1').selectOption({ label: 'Stage' });
  await builder.getByLabel('Value of condition 1').getByLabel('Won').check();
  await builder.getByLabel('Value of condition 1').getByLabel('Negotiation').check();
  await builder.getByRole('button', { name: 'Add condition' }).click();
  await builder.getByLabel('Column of condition 2').selectOption({ label: 'Value' });
  await builder.getByLabel('Operator of condition 2').selectOption({ label: 'is more than' });
  // A value left empty is said before anything is saved.
  await builder.getByRole('button', { name: 'Save view' }).click();
  await expect(builder.getByRole('alert')).toHaveText('Give “Value” a value to compare with.');
  await builder.getByLabel('Value of condition 2').fill('20000');
  await builder.getByLabel('View name').fill('Big late-stage deals');
  await expect(builder.getByLabel('Share with everyone in this spreadsheet')).toBeChecked();
  await builder.getByRole('button', { name: 'Save view' }).click();

  await expect(a).toHaveURL(/[?&]view=/);
  const viewId = new URL(a.url()).searchParams.get('view')!;
  await expect(a.getByLabel('Saved view')).toHaveValue(viewId);
  await expect(a.getByTestId('view-filter')).toHaveText('Stage is any of Won, Negotiation and Value is more than 20000');
  const all = (await api<Rows>(a, `/api/spreadsheets/${sheetId}/rows?limit=100`)).items;
  const expected = all.filter((r) => [won, negotiation].includes(r.values[columns.Stage] as string) && (r.values[columns.Value] as number) > 20000);
  expect(expected.length).toBeGreaterThan(0);
  expect(expected.length).toBeLessThan(all.length);
  await expect(a.getByText(`${expected.length} of 24 rows match the filters`)).toBeVisible();
  await expect(cell(a, 0, columns.Deal)).toHaveText(expected[0].values[columns.Deal] as string);

  // Someone the sheet is shared with opens the link: the same view, the same rows.
  const b = await (await browser.newContext()).newPage();
  const viktor = person('Viktor', 'views together 2026');
  await signUp(b, viktor);
  const found = await api<{ items: { id: string }[] }>(a, `/api/users?search=${encodeURIComponent(viktor.email)}`);
  await api(a, `/api/spreadsheets/${sheetId}/members/${found.items[0].id}`, { method: 'PUT', body: { role: 'viewer' } });
  await b.goto(`/sheets/${sheetId}?view=${viewId}`);
  await expect(b.getByLabel('Saved view')).toHaveValue(viewId);
  await expect(b.getByText(`${expected.length} of 24 rows match the filters`)).toBeVisible();
  for (const [i, row] of expected.entries()) await expect(cell(b, i, columns.Deal)).toHaveText(row.values[columns.Deal] as string);

  // Vera changes the shared view: Viktor's list follows live; back to all rows, his sheet opens as it was.
  await a.getByRole('button', { name: 'Filter…' }).click();
  await a.getByRole('form', { name: 'Filter rows' }).getByRole('button', { name: 'Remove condition 2' }).click();
  await a.getByRole('form', { name: 'Filter rows' }).getByRole('button', { name: 'Save “Big late-stage deals”' }).click();
  await expect(a.getByTestId('view-filter')).toHaveText('Stage is any of Won, Negotiation');
  await expect(b.getByTestId('view-filter')).toHaveText('Stage is any of Won, Negotiation');
  const late = all.filter((r) => [won, negotiation].includes(r.values[columns.Stage] as string)).length;
  await expect(b.getByText(`${late} of 24 rows match the filters`)).toBeVisible();
  await b.getByLabel('Saved view').selectOption({ label: 'All rows' });
  await expect(b).not.toHaveURL(/view=/);
  await expect(b.getByText('24 rows', { exact: false }).first()).toBeVisible();
});
