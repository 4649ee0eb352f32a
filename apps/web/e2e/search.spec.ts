import { expect, test } from '@playwright/test';
import { api, cell, grid, pipeline } from './support/sheet';

test('search jumps to a match: Ctrl+F, type, Enter, the matched cell is shown and highlighted, next and previous go round', async ({ page }) => {
  const { sheetId, columns } = await pipeline(page, 'Seeker');
  // 24 template rows, then 300 more: the matches are far below the first screen of rows.
  const fillers = Array.from({ length: 300 }, (_, i) => ({
    [columns.Deal]: i === 180 ? 'Zebra crossing deal' : `Filler ${i}`,
    ...(i === 290 ? { [columns.Notes]: 'Ask the zebra team first' } : {}),
  }));
  await api(page, `/api/spreadsheets/${sheetId}/rows`, { method: 'POST', body: { rows: fillers.map((values) => ({ values })) } });
  await page.reload();
  await expect(page.getByText('324 rows')).toBeVisible();

  // Ctrl+F with the grid focused opens the sheet's search, not the browser's.
  await cell(page, 0, columns.Deal).click();
  await page.keyboard.press('Control+f');
  const box = page.getByRole('search', { name: 'Search in this sheet' });
  const input = box.getByRole('searchbox', { name: 'Search' });
  await expect(input).toBeFocused();
  await input.fill('ZEBRA');
  const count = box.locator('output');
  await expect(count).toHaveText('1 of 2');

  // The first match: row 24 + 180, its Deal cell scrolled into view, focused and highlighted.
  const first = cell(page, 204, columns.Deal);
  await expect(first).toBeInViewport();
  await expect(first).toHaveText('Zebra crossing deal');
  await expect(first).toHaveClass(/cell--search-current/);
  await expect(first).toHaveClass(/ag-cell-focus/);

  // Enter: the next one, in the Notes column further right and down.
  await input.press('Enter');
  await expect(count).toHaveText('2 of 2');
  const second = cell(page, 314, columns.Notes);
  await expect(second).toBeInViewport();
  await expect(second).toHaveClass(/cell--search-current/);
  // Typing goes on in the box.
  await expect(input).toBeFocused();

  // Enter past the last goes round to the first; Shift+Enter back to the last; the buttons too.
  await input.press('Enter');
  await expect(count).toHaveText('1 of 2');
  await expect(first).toHaveClass(/cell--search-current/);
  await input.press('Shift+Enter');
  await expect(count).toHaveText('2 of 2');
  await box.getByRole('button', { name: 'Previous match' }).click();
  await expect(count).toHaveText('1 of 2');
  await box.getByRole('button', { name: 'Next match' }).click();
  await expect(count).toHaveText('2 of 2');
  await expect(second).toHaveClass(/cell--search-current/);

  // Nothing found says so; Esc closes the box and the highlight goes.
  await input.fill('no such thing anywhere');
  await expect(count).toHaveText('No matches');
  await input.press('Escape');
  await expect(box).toBeHidden();
  await expect(grid(page).locator('.cell--search-match')).toHaveCount(0);
});
