import { expect, test, type Page } from '@playwright/test';
import { api, cell, grid, pipeline } from './support/sheet';

/** Scrolls the grid sideways until the column is drawn (ag-grid draws only the columns in view). */
async function showColumn(page: Page, columnId: string) {
  const header = grid(page).locator(`.ag-header-cell[col-id="${columnId}"]`);
  for (let left = 0; left < 6000 && !(await header.isVisible()); left += 300) {
    await grid(page)
      .locator('.ag-body-horizontal-scroll-viewport')
      .evaluate((el, x) => el.scrollTo({ left: x }), left);
  }
  await expect(header).toBeVisible();
}

async function openFilter(page: Page, columnId: string) {
  await showColumn(page, columnId);
  await grid(page).locator(`.ag-header-cell[col-id="${columnId}"] .ag-header-cell-filter-button`).click();
  return page.locator('.ag-filter');
}

test('checkboxes have two states, many options stay on one line, option columns filter from a list, and counts follow', async ({ page }, testInfo) => {
  const { sheetId, columns } = await pipeline(page, 'Polish');
  const done = await api<{ id: string }>(page, `/api/spreadsheets/${sheetId}/columns`, { method: 'POST', body: { name: 'Signed', type: 'checkbox' } });
  const tags = await api<{ id: string; options: { id: string; label: string }[] }>(page, `/api/spreadsheets/${sheetId}/columns`, {
    method: 'POST',
    body: { name: 'Tags', type: 'multiSelect', options: ['Enterprise', 'Renewal', 'Upsell', 'Partner', 'Priority'].map((label) => ({ label })) },
  });
  const rows = await api<{ items: { id: string }[] }>(page, `/api/spreadsheets/${sheetId}/rows?limit=2`);
  await api(page, `/api/spreadsheets/${sheetId}/rows/${rows.items[0].id}`, { method: 'PATCH', body: { values: { [tags.id]: tags.options.map((o) => o.id) } } });
  await page.reload();

  // A box never ticked is drawn empty, not half-ticked; a click ticks it and the next unticks it (no third state).
  await showColumn(page, done.id);
  const box = cell(page, 1, done.id).locator('input[type="checkbox"]');
  await expect(box).not.toBeChecked();
  expect(await box.evaluate((input: HTMLInputElement) => input.indeterminate)).toBe(false);
  await box.click();
  await expect(box).toBeChecked();
  await expect.poll(async () => (await api<{ values: Record<string, unknown> }>(page, `/api/spreadsheets/${sheetId}/rows/${rows.items[1].id}`)).values[done.id]).toBe(true);
  await box.click();
  await expect(box).not.toBeChecked();
  await expect.poll(async () => (await api<{ values: Record<string, unknown> }>(page, `/api/spreadsheets/${sheetId}/rows/${rows.items[1].id}`)).values[done.id]).toBe(false);

  // Five tags: two chips and "+3" on one line inside the row; the tooltip names them all.
  const tagCell = cell(page, 0, tags.id);
  await showColumn(page, tags.id);
  await expect(tagCell.locator('.chip')).toHaveText(['Enterprise', 'Renewal', '+3']);
  await expect(tagCell.locator('.chips')).toHaveAttribute('title', 'Enterprise, Renewal, Upsell, Partner, Priority');
  const rowBox = (await tagCell.boundingBox())!;
  for (const chip of await tagCell.locator('.chip').all()) {
    const b = (await chip.boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(rowBox.y);
    expect(b.y + b.height).toBeLessThanOrEqual(rowBox.y + rowBox.height + 0.5);
  }

  // Stage filters from a list of its options in colour; the subtitle says how many rows match, with a way out.
  const filter = await openFilter(page, columns.Stage);
  await expect(filter.getByRole('group', { name: 'Filter Stage' }).getByRole('checkbox')).toHaveCount(6);
  await filter.getByRole('checkbox', { name: 'Won' }).check();
  await filter.getByRole('checkbox', { name: 'Lost' }).check();
  await page.keyboard.press('Escape');
  await expect(page.getByText(/of 24 rows match the filters/)).toBeVisible();
  const stages = await grid(page).locator(`.ag-row [col-id="${columns.Stage}"]`).allInnerTexts();
  expect(stages.length).toBeGreaterThan(0);
  expect(new Set(stages.map((s) => s.trim()))).toEqual(new Set(['Won', 'Lost']));
  await page.screenshot({ path: testInfo.outputPath('stage-filter.png') });
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(page.getByText('24 rows · you are an owner')).toBeVisible();

  // A filter nothing matches: the grid says so and offers to clear it.
  const owner = await openFilter(page, done.id);
  await owner.getByRole('radio', { name: 'Checked', exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(grid(page).getByRole('status')).toContainText('No rows match the filters.');
  await expect(page.getByText('0 of 24 rows match the filters')).toBeVisible();
  await grid(page).getByRole('button', { name: 'Clear filters' }).click();
  await expect(cell(page, 0, done.id).locator('input')).toBeVisible();
  await expect(grid(page).getByRole('status')).toHaveCount(0);

  // With a row selected both ways of adding stay: one at the end, one above the selection.
  await expect(page.getByRole('button', { name: 'Insert row above' })).toBeDisabled();
  await showColumn(page, columns.Deal);
  await cell(page, 2, columns.Deal).click();
  await expect(page.getByRole('button', { name: 'Add row', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Insert row above' }).click();
  await expect(page.getByText('25 rows')).toBeVisible();
  await expect(cell(page, 2, columns.Deal)).toHaveText('Untitled');
  await page.getByRole('button', { name: 'Add row', exact: true }).click();
  await expect(page.getByText('26 rows')).toBeVisible();
  const all = await api<{ items: { values: Record<string, unknown> }[] }>(page, `/api/spreadsheets/${sheetId}/rows?limit=30`);
  expect(all.items.at(-1)!.values[columns.Deal]).toBe('Untitled');
  expect(all.items[2].values[columns.Deal]).toBe('Untitled');
});

test('the dashboard fits long stage names and its figures inside the cards', async ({ page }, testInfo) => {
  const { sheetId, columns } = await pipeline(page, 'Charts');
  const sheet = await api<{ columns: { id: string; options?: { id: string; label: string; color?: string }[] }[] }>(page, `/api/spreadsheets/${sheetId}`);
  const stage = sheet.columns.find((c) => c.id === columns.Stage)!;
  const long = 'Negotiation with the procurement board and legal review';
  await api(page, `/api/spreadsheets/${sheetId}/columns/${stage.id}`, {
    method: 'PATCH',
    body: { options: stage.options!.map((o) => (o.label === 'Negotiation' ? { ...o, label: long } : o)) },
  });
  await page.setViewportSize({ width: 820, height: 1000 });
  await page.reload();
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  const funnel = page.locator('figure', { has: page.getByRole('heading', { name: /stage/i }) }).first();
  await expect(funnel).toBeVisible();
  const label = funnel.locator('text.chart__label', { hasText: 'Negotiation with' });
  await expect.poll(() => label.evaluate((el) => el.childNodes[0].textContent)).toMatch(/…$/);
  await expect(label.locator('title')).toContainText(long);
  // Every label starts inside its chart.
  for (const text of await funnel.locator('text.chart__label').all()) {
    const box = (await text.boundingBox())!;
    const figure = (await funnel.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(figure.x);
  }
  // Opened, the figures stay inside each card.
  for (const figure of await page.locator('figure.chart', { has: page.getByText('Show the figures') }).all()) {
    await figure.getByText('Show the figures').click();
    const { scroll, client } = await figure.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
  }
  await expect(page.getByRole('rowheader', { name: new RegExp(long) }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('dashboard-820.png'), fullPage: true });
});
