import { expect, test } from '@playwright/test';
import { api, pipeline } from './support/sheet';

type Rows = { items: { values: Record<string, unknown> }[] };
const money = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(n);

test('the footer sums the rows shown, follows a saved view, and group by Stage shows each stage’s count and sum', async ({ page }) => {
  const { sheetId, columns } = await pipeline(page, 'Sumi');
  const sheet = await api<{ columns: { id: string; name: string; options?: { id: string; label: string }[] }[] }>(page, `/api/spreadsheets/${sheetId}`);
  const stages = sheet.columns.find((c) => c.name === 'Stage')!.options!;
  const rows = (await api<Rows>(page, `/api/spreadsheets/${sheetId}/rows?limit=100`)).items;
  const value = (r: Rows['items'][number]) => (r.values[columns.Value] as number) ?? 0;
  const total = rows.reduce((s, r) => s + value(r), 0);

  const summaries = page.getByRole('region', { name: 'Summaries' });
  await expect(summaries.getByLabel('Sum of Value')).toHaveText(money(total));

  // Grouped by Stage: the grid shows a header per stage in the options' order, with its rows' count and sum, each
  // followed by its rows.
  const grid = page.getByTestId('sheet-grid');
  await summaries.getByLabel('Group by').selectOption({ label: 'Stage' });
  const present = stages.filter((stage) => rows.some((r) => r.values[columns.Stage] === stage.id));
  const headers = grid.locator('.group-row');
  await expect(headers.first()).toBeVisible();
  for (const stage of present.slice(0, 3)) {
    const inStage = rows.filter((r) => r.values[columns.Stage] === stage.id);
    const header = grid.locator(`.group-row[data-group="${stage.id}"]`);
    await expect(header).toContainText(stage.label);
    await expect(header).toContainText(`${inStage.length} ${inStage.length === 1 ? 'row' : 'rows'}`);
    await expect(header).toContainText(`Sum of Value: ${money(inStage.reduce((s, r) => s + value(r), 0))}`);
  }
  const first = present[0];
  const firstCount = rows.filter((r) => r.values[columns.Stage] === first.id).length;
  // The first group's rows come right after its header, and are all of that stage.
  const stageCells = grid.locator(`.ag-row:not(.ag-full-width-row) [col-id="${columns.Stage}"]`);
  await expect(stageCells.first()).toHaveText(first.label);
  // Folding a group takes its rows out of the grid; unfolding brings them back.
  const rowCount = async () => Number(await grid.locator('[aria-rowcount]').first().getAttribute('aria-rowcount'));
  const before = await rowCount();
  await grid.getByRole('button', { name: `Collapse Stage: ${first.label}` }).click();
  await expect.poll(rowCount).toBe(before - firstCount);
  await grid.getByRole('button', { name: `Expand Stage: ${first.label}` }).click();
  await expect.poll(rowCount).toBe(before);

  // Then by Owner: inside each stage, a header per owner; the first rows are the first owner's of the first stage.
  await summaries.getByLabel('Then group by').selectOption({ label: 'Owner' });
  const owners = grid.locator('.group-row[data-level="1"]');
  await expect(owners.first()).toBeVisible();
  const firstOwner = (await owners.first().locator('.group-row__label').textContent())!;
  const ownerCells = grid.locator(`.ag-row:not(.ag-full-width-row) [col-id="${columns.Owner}"]`);
  await expect(ownerCells.first()).toHaveText(firstOwner === '(empty)' ? '' : firstOwner);
  await expect(stageCells.first()).toHaveText(first.label);

  // Another function for the same column.
  await summaries.getByLabel('Summary of Value').selectOption({ label: 'Max' });
  await expect(summaries.getByLabel('Max of Value')).toHaveText(money(Math.max(...rows.map(value))));

  // A saved view narrows the footer to its rows.
  const won = stages.find((s) => s.label === 'Won')!.id;
  const view = await api<{ id: string }>(page, `/api/spreadsheets/${sheetId}/views`, {
    method: 'POST',
    body: { name: 'Won', type: 'grid', shared: false, filter: { op: 'and', conditions: [{ columnId: columns.Stage, operator: 'eq', value: won }] } },
  });
  await page.goto(`/sheets/${sheetId}?view=${view.id}`);
  const wonRows = rows.filter((r) => r.values[columns.Stage] === won);
  // The view has summaries of its own (the default sum to start with); one chosen in it is kept in the view.
  const inView = page.getByRole('region', { name: 'Summaries' });
  await expect(inView.getByLabel('Sum of Value')).toHaveText(money(wonRows.reduce((s, r) => s + value(r), 0)));
  await inView.getByLabel('Summary of Value').selectOption({ label: 'Max' });
  await expect(inView.getByLabel('Max of Value')).toHaveText(money(Math.max(...wonRows.map(value))));
  await expect.poll(async () => (await api<{ summaries?: Record<string, string> }>(page, `/api/spreadsheets/${sheetId}/views/${view.id}`)).summaries?.[columns.Value]).toBe('max');
  await page.reload();
  await expect(page.getByRole('region', { name: 'Summaries' }).getByLabel('Max of Value')).toHaveText(money(Math.max(...wonRows.map(value))));
});
