import { expect, test } from '@playwright/test';
import { person, signUp } from './support/accounts';
import { api, cell, grid } from './support/sheet';

test('a comment with an @mention reaches the other person who has the row open, live, and the grid counts it', async ({ browser }) => {
  test.setTimeout(90_000);
  const ann = person('Ann', 'comments together 2026');
  const bob = person('Bob', 'comments together 2026');
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  // Ann first: the first account of a fresh database is an admin, and Bob must be a plain member for his viewer role.
  await signUp(a, ann);
  await signUp(b, bob);
  await a.goto('/');

  // Ann creates a pipeline and shares it with Bob as a viewer: viewers read and comment.
  await a.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Discussed deals');
  await a.getByRole('button', { name: 'Create' }).click();
  await expect(a.getByRole('heading', { name: 'Discussed deals' })).toBeVisible();
  const sheetId = a.url().split('/').pop()!;
  const found = await api<{ items: { id: string }[] }>(a, `/api/users?search=${encodeURIComponent(bob.email)}`);
  await api(a, `/api/spreadsheets/${sheetId}/members/${found.items[0].id}`, { method: 'PUT', body: { role: 'viewer' } });
  const columns = Object.fromEntries((await api<{ columns: { id: string; name: string }[] }>(a, `/api/spreadsheets/${sheetId}`)).columns.map((c) => [c.name, c.id]));
  await a.reload();
  await b.goto(`/sheets/${sheetId}`);
  await expect(cell(b, 0, columns.Deal)).toHaveText('Fleet telematics rollout');

  // Bob opens the first row from the keyboard (Shift+Space in one of its cells): read-only fields, no comments yet.
  await cell(b, 0, columns.Deal).click();
  await b.keyboard.press('Shift+Space');
  const bobPanel = b.getByRole('dialog', { name: 'Row detail' });
  await expect(bobPanel.getByRole('heading', { name: 'Fleet telematics rollout' })).toBeVisible();
  await expect(bobPanel.getByRole('textbox', { name: 'Deal' })).toHaveCount(0);
  await expect(bobPanel.getByText('No comments yet.')).toBeVisible();

  // Ann opens the same row with its expand button; she may edit its fields.
  await grid(a).locator('.ag-row[row-index="0"]').getByRole('button', { name: 'Open row details' }).click();
  const annPanel = a.getByRole('dialog', { name: 'Row detail' });
  await expect(annPanel.getByRole('textbox', { name: 'Deal' })).toHaveValue('Fleet telematics rollout');

  // She writes a comment mentioning Bob, picked from the list that @ opens.
  const box = annPanel.getByRole('combobox', { name: 'Write a comment' });
  await box.click();
  await box.pressSequentially('Can you check the terms, @Bo');
  const suggestions = annPanel.getByRole('listbox', { name: 'Mention a member' });
  await expect(suggestions.getByRole('option')).toHaveCount(1);
  await expect(suggestions.getByRole('option')).toContainText(bob.name);
  await box.press('Enter');
  await expect(box).toHaveValue(`Can you check the terms, @${bob.name} `);
  await box.pressSequentially('before Friday?');
  await annPanel.getByRole('button', { name: 'Comment', exact: true }).click();
  await expect(annPanel.getByTestId('comment')).toHaveCount(1);
  await expect(box).toHaveValue('');

  // Bob sees it appear without reloading, his name highlighted as a mention.
  const comment = bobPanel.getByTestId('comment');
  await expect(comment).toHaveCount(1);
  await expect(comment).toContainText(`Can you check the terms, @${bob.name} before Friday?`);
  await expect(comment.locator('mark.mention')).toHaveText(`@${bob.name}`);
  await expect(comment).toContainText(ann.name);
  // A viewer cannot edit or delete someone else's comment.
  await expect(comment.getByRole('button', { name: 'Edit' })).toHaveCount(0);

  // Both grids count the row's comment.
  for (const page of [a, b]) await expect(grid(page).locator('.ag-row[row-index="0"]').getByLabel('1 comment')).toBeVisible();

  // Bob answers; Ann sees it live and the counts follow.
  const bobBox = bobPanel.getByRole('combobox', { name: 'Write a comment' });
  await bobBox.fill('Yes, on it.');
  await bobBox.press('ControlOrMeta+Enter');
  await expect(annPanel.getByTestId('comment')).toHaveCount(2);
  await expect(annPanel.getByTestId('comment').nth(1)).toContainText('Yes, on it.');
  for (const page of [a, b]) await expect(grid(page).locator('.ag-row[row-index="0"]').getByLabel('2 comments')).toBeVisible();

  // Ann (an owner) deletes Bob's comment; it goes from Bob's panel too.
  await annPanel.getByTestId('comment').nth(1).getByRole('button', { name: 'Delete' }).click();
  await expect(bobPanel.getByTestId('comment')).toHaveCount(1);
  await expect(grid(b).locator('.ag-row[row-index="0"]').getByLabel('1 comment')).toBeVisible();

  // A field saved from the panel shows in the grid, and Esc closes the panel.
  await annPanel.getByRole('textbox', { name: 'Deal' }).fill('Fleet telematics, phase 2');
  await annPanel.getByRole('textbox', { name: 'Deal' }).press('Enter');
  await expect(cell(a, 0, columns.Deal)).toHaveText('Fleet telematics, phase 2');
  await expect(cell(b, 0, columns.Deal)).toHaveText('Fleet telematics, phase 2');
  await a.keyboard.press('Escape');
  await expect(annPanel).toBeHidden();
});
