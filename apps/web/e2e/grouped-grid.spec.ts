import { expect, test } from '@playwright/test';
import { api, pipeline } from './support/sheet';

type Rows = { items: { id: string; values: Record<string, unknown> }[] };

test('a grid grouped by Stage follows a change made elsewhere: the row moves to its new group and the counts follow', async ({ page }) => {
  const { sheetId, columns } = await pipeline(page, 'Grouper');
  const grid = page.getByTestId('sheet-grid');
  const rows = (await api<Rows>(page, `/api/spreadsheets/${sheetId}/rows?limit=100`)).items;
  const count = (stage: string) => rows.filter((r) => r.values[columns.Stage] === stage).length;
  await page.getByRole('region', { name: 'Summaries' }).getByLabel('Group by').selectOption({ label: 'Stage' });
  // The first two groups, on screen: Lead, then Qualified.
  const qualified = grid.locator('.group-row[data-group="qualified"]');
  await expect(qualified).toContainText(`${count('qualified')} rows`);
  const rowsWord = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

  // Someone else (here: the API, as another tab would) moves a lead to Qualified.
  const lead = rows.find((r) => r.values[columns.Stage] === 'lead')!;
  await api(page, `/api/spreadsheets/${sheetId}/rows/${lead.id}`, { method: 'PATCH', body: { values: { [columns.Stage]: 'qualified' } } });
  await expect(qualified).toContainText(rowsWord(count('qualified') + 1));
  await expect(grid.locator('.group-row[data-group="lead"]')).toContainText(rowsWord(count('lead') - 1));
  // Its row now sits under Qualified, with its new stage.
  const deal = String(lead.values[columns.Deal]);
  const moved = grid.locator('.ag-row:not(.ag-full-width-row)').filter({ hasText: deal });
  await expect(moved.locator(`[col-id="${columns.Stage}"]`)).toHaveText('Qualified');
  // Between the Qualified header and the next group's: its rows were read again as that group's.
  const qualifiedTop = (await qualified.boundingBox())!.y;
  const next = grid.locator('.group-row[data-group="proposal"]');
  const movedTop = (await moved.boundingBox())!.y;
  expect(movedTop).toBeGreaterThan(qualifiedTop);
  if (await next.isVisible()) expect(movedTop).toBeLessThan((await next.boundingBox())!.y);
});
