import { expect, test } from '@playwright/test';
import { cell, grid, pipeline } from './support/sheet';

test('Ctrl+Z after a paste restores the block, Ctrl+Shift+Z pastes it again, and the buttons say when there is nothing left', async ({ browser }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const { columns } = await pipeline(page, 'Undoer');
  const before = [await cell(page, 4, columns.Deal).textContent(), await cell(page, 5, columns.Company).textContent()];

  // Copy a 2 × 2 block and paste it over rows 4 and 5: one step.
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await cell(page, 0, columns.Deal).click();
  await expect(cell(page, 0, columns.Deal)).toHaveClass(/ag-cell-focus/);
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(grid(page).locator('.cell--in-block')).toHaveCount(4);
  await page.keyboard.press('ControlOrMeta+c');
  await expect.poll(clipboard).toBe('Fleet telematics rollout\tNorthwind Logistics\r\nCRM migration\tContoso Retail');
  await cell(page, 4, columns.Deal).click();
  await page.keyboard.press('ControlOrMeta+v');
  await expect(cell(page, 4, columns.Deal)).toHaveText('Fleet telematics rollout');
  await expect(cell(page, 5, columns.Company)).toHaveText('Contoso Retail');

  // Undo puts the whole block back; redo pastes it again.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(cell(page, 4, columns.Deal)).toHaveText(before[0]!);
  await expect(cell(page, 5, columns.Company)).toHaveText(before[1]!);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(cell(page, 4, columns.Deal)).toHaveText('Fleet telematics rollout');
  await expect(cell(page, 5, columns.Company)).toHaveText('Contoso Retail');

  // Ctrl+Z while typing in a cell is the editor's own: the sheet is not undone.
  await cell(page, 6, columns.Deal).dblclick();
  await page.keyboard.type('abc');
  await page.keyboard.press('ControlOrMeta+z');
  await page.keyboard.press('Escape');
  await expect(cell(page, 4, columns.Deal)).toHaveText('Fleet telematics rollout');

  // Nothing to redo: the button says so.
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByRole('alert')).toContainText('Nothing to redo');
  await context.close();
});
