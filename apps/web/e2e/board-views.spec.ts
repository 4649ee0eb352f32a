import { expect, test } from '@playwright/test';
import { api, pipeline } from './support/sheet';

type Rows = { items: { values: Record<string, unknown> }[] };
type View = { id: string; type: string; shared: boolean; board?: { stageColumnId: string; cardColumnIds: string[] } };
const money = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);

test('the board saved as a view, and a board view with a filter whose lanes count and total only its rows, opened by its URL', async ({ page }) => {
  const { sheetId, columns } = await pipeline(page, 'Boardie');
  await page.getByRole('tab', { name: 'Board', exact: true }).click();
  await expect(page.getByTestId('lane-stats-won')).toHaveText(/^3 · /);

  // Save the board as it is: a shared board view with the stage column and the value and close date as card fields.
  await page.getByRole('button', { name: 'Save as view…' }).click();
  await page.getByLabel('Board view name').fill('Team board');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page).toHaveURL(/[?&]board=/);
  const boardId = new URL(page.url()).searchParams.get('board')!;
  const saved = await api<View>(page, `/api/spreadsheets/${sheetId}/views/${boardId}`);
  expect(saved).toMatchObject({ type: 'board', shared: true, board: { stageColumnId: columns.Stage, cardColumnIds: [columns.Value, columns['Close date']] } });
  await expect(page.getByLabel('Saved board')).toHaveValue(boardId);

  // A board view that keeps the big deals: each lane counts and totals only them.
  const big = await api<View>(page, `/api/spreadsheets/${sheetId}/views`, {
    method: 'POST',
    body: {
      name: 'Big deals',
      type: 'board',
      shared: false,
      board: { stageColumnId: columns.Stage, cardColumnIds: [columns.Value] },
      filter: { op: 'and', conditions: [{ columnId: columns.Value, operator: 'gte', value: 100000 }] },
    },
  });
  const rows = (await api<Rows>(page, `/api/spreadsheets/${sheetId}/rows?limit=100`)).items;
  const wonBig = rows.filter((r) => r.values[columns.Stage] === 'won' && Number(r.values[columns.Value] ?? 0) >= 100000);
  // Opened by its link, the sheet shows the board with that view.
  await page.goto(`/sheets/${sheetId}?board=${big.id}`);
  await expect(page.getByLabel('Saved board')).toHaveValue(big.id);
  const total = money(wonBig.reduce((s, r) => s + Number(r.values[columns.Value]), 0));
  // "<count> · <total>", then the stage's probability.
  await expect(page.getByTestId('lane-stats-won')).toHaveText(new RegExp(`^${wonBig.length} · ${total.replace(/[$.]/g, '\\$&')}( ·|$)`));
  const wonLane = page.getByRole('listitem', { name: 'Won lane' });
  await expect(wonLane.locator('.board__card')).toHaveCount(wonBig.length);

  // Back to the whole board.
  await page.getByLabel('Saved board').selectOption({ label: 'Board' });
  await expect(page.getByTestId('lane-stats-won')).toHaveText(/^3 · /);
});
