import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';

test('drag a deal to Won on the board: lane totals and the win rate follow; the dashboard draws the pipeline', async ({ page }, testInfo) => {
  await signUp(page, person('Closer', 'always be closing 26'));
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Board pipeline');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: 'Board pipeline' })).toBeVisible();

  await page.getByRole('tab', { name: 'Board', exact: true }).click();
  const won = page.getByRole('listitem', { name: 'Won lane' });
  const negotiation = page.getByRole('listitem', { name: 'Negotiation lane' });
  await expect(page.getByTestId('lane-stats-won')).toHaveText(/^3 · \$465,500/);
  await expect(page.getByTestId('lane-stats-lost')).toHaveText(/^2 · \$53,000/);
  await expect(page.getByTestId('lane-stats-negotiation')).toHaveText(/^5 · \$758,500/);

  // Drag the largest negotiation deal to Won.
  // (Dropped on the lane's header: a tall lane's centre may be below the fold, and scrolling mid-drag moves the cards.)
  await expect(negotiation.getByRole('listitem')).toHaveCount(5);
  await negotiation.getByRole('listitem', { name: 'Payments integration' }).dragTo(won, { targetPosition: { x: 100, y: 30 } });
  await expect(won.getByRole('listitem', { name: 'Payments integration' })).toBeVisible();
  await expect(page.getByTestId('lane-stats-won')).toHaveText(/^4 · \$775,500/);
  await expect(page.getByTestId('lane-stats-negotiation')).toHaveText(/^4 · \$448,500/);

  // From the keyboard: the stage picker on a card moves it too.
  await won.getByLabel('Stage of Payments integration').selectOption('negotiation');
  await expect(page.getByTestId('lane-stats-won')).toHaveText(/^3 · \$465,500/);
  await negotiation.getByRole('listitem', { name: 'Payments integration' }).dragTo(won, { targetPosition: { x: 100, y: 30 } });
  await expect(page.getByTestId('lane-stats-won')).toHaveText(/^4 · \$775,500/);

  // Dashboard: 4 won of 6 closed.
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  await expect(page.getByTestId('win-rate')).toHaveText('66.7%');
  await expect(page.getByRole('heading', { name: 'Stage funnel' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Weighted forecast by close month' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Average days in stage' })).toBeVisible();
  // Template rows have no history entry of their own: their first stint counts from their creation, so the deal
  // that left Negotiation gives it a figure (a fraction of a day here) instead of an empty chart.
  await expect(page.getByRole('img', { name: /Average days in stage: .*Negotiation: \d+(\.\d+)? days/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Stage funnel: Lead 4 deals/ })).toBeVisible();
  await page.getByTestId('dashboard').screenshot({ path: testInfo.outputPath('dashboard.png') });

  // The chosen view is remembered.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Dashboard' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('win-rate')).toHaveText('66.7%');
});

test('a sheet that is not a pipeline: the board asks which columns to use, remembers, and never sends a refused request', async ({ page }) => {
  await signUp(page, person('Planner', 'boards of any sheet 26'));
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Hiring');
  await page.getByLabel('Start from').selectOption('blank');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('This spreadsheet has no columns yet.')).toBeVisible();
  const sheetId = page.url().split('/').pop()!;
  const refused: string[] = [];
  page.on('response', (res) => {
    if (res.url().includes('/pipeline') && res.status() >= 400) refused.push(`${res.status()} ${res.url()}`);
  });
  await page.evaluate(async (id) => {
    const token = JSON.parse(localStorage.getItem('contrivance.session')!).accessToken;
    const post = (path: string, body: unknown) =>
      fetch(`/api/spreadsheets/${id}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    await post('/columns', { name: 'Candidate', type: 'text' });
    const level = await post('/columns', { name: 'Level', type: 'select', options: [{ label: 'Junior' }, { label: 'Senior' }] });
    const step = await post('/columns', {
      name: 'Step',
      type: 'select',
      options: [
        { label: 'Screen', probability: 20 },
        { label: 'Offer', probability: 80 },
      ],
    });
    const headcount = await post('/columns', { name: 'Headcount', type: 'number' });
    const salary = await post('/columns', { name: 'Salary', type: 'currency' });
    await post('/rows', {
      rows: [
        { values: { [level.id]: 'Junior', [step.id]: 'Screen', [headcount.id]: 1, [salary.id]: 60000 } },
        { values: { [level.id]: 'Senior', [step.id]: 'Offer', [headcount.id]: 2, [salary.id]: 120000 } },
      ],
    });
  }, sheetId);
  await page.reload();

  // Two selects and a plain number: the board does not guess; it asks.
  await page.getByRole('tab', { name: 'Board', exact: true }).click();
  const setup = page.getByRole('form', { name: 'Set up the board' });
  await expect(setup).toBeVisible();
  await expect(setup.getByLabel('Deal value')).toHaveValue(/.+/);
  await expect(setup.getByLabel('Deal value').locator('option:checked')).toHaveText('Salary');
  await setup.getByLabel('Stages').selectOption({ label: 'Step' });
  await setup.getByRole('button', { name: 'Show the board' }).click();
  await expect(page.getByRole('listitem', { name: 'Offer lane' })).toBeVisible();
  await expect(page.getByTestId(/lane-stats-/).first()).toHaveText(/^1 · \$60,000/);

  // Remembered: after a reload, straight to the board; the dashboard uses the same columns.
  await page.reload();
  await expect(page.getByRole('listitem', { name: 'Screen lane' })).toBeVisible();
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  await expect(page.getByRole('img', { name: /Stage funnel: Screen 1 deals/ })).toBeVisible();
  expect(refused).toEqual([]);
});
