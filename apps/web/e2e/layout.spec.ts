import { expect, test, type Page } from '@playwright/test';
import { makeAdmin, person, signIn, signUp } from './support/accounts';

const WIDTHS = [390, 768, 820, 1440];

/** No sideways scrolling: the page is exactly as wide as the window. */
async function fits(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(scroll, `page ${page.url()} is ${scroll - client}px wider than the window`).toBeLessThanOrEqual(client);
}

test('phones, tablets and desktops: no sideways scroll, the header folds into a menu, the grid starts high', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  const me = person('Wide', 'every width counts 26');
  await signUp(page, me);
  await makeAdmin(me.email);
  await signIn(page, me);
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill('Pipeline on the go');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/sheets\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name: 'Pipeline on the go' })).toBeVisible();
  const sheetUrl = page.url();

  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const narrow = width <= 900;

    // The sheet: the grid starts high, the actions are one tap away.
    await page.goto(sheetUrl);
    await expect(page.getByTestId('sheet-grid').locator('.ag-row').first()).toBeVisible();
    await fits(page);
    const gridTop = (await page.getByTestId('sheet-grid').boundingBox())!.y;
    expect(gridTop, `grid top at ${width}px`).toBeLessThan(narrow ? 330 : 300);
    const banner = page.getByRole('banner');
    expect((await banner.boundingBox())!.height, `header height at ${width}px`).toBeLessThan(80);
    if (narrow) {
      await expect(page.getByRole('button', { name: 'Add row' })).toBeHidden();
      await page.getByRole('button', { name: 'Actions' }).click();
      await expect(page.getByRole('button', { name: 'Add row' })).toBeVisible();
      await fits(page);
      await page.screenshot({ path: testInfo.outputPath(`sheet-actions-${width}.png`) });
      await page.getByRole('button', { name: 'Actions' }).click();
      // The header: its menu holds the navigation and Sign out, fully visible.
      await banner.getByRole('button', { name: 'Menu' }).click();
      await expect(banner.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
      await expect(banner.getByRole('link', { name: 'Users' })).toBeVisible();
      await fits(page);
      await page.screenshot({ path: testInfo.outputPath(`menu-${width}.png`) });
      await banner.getByRole('button', { name: 'Menu' }).click();
    } else {
      await expect(page.getByRole('button', { name: 'Add row' })).toBeVisible();
      await expect(banner.getByRole('button', { name: 'Sign out' })).toBeInViewport({ ratio: 1 });
    }
    await page.screenshot({ path: testInfo.outputPath(`sheet-${width}.png`) });

    await page.getByRole('tab', { name: 'Board', exact: true }).click();
    await expect(page.getByRole('listitem', { name: 'Won lane' })).toBeVisible();
    await fits(page);
    await page.getByRole('tab', { name: 'Grid' }).click();

    // The spreadsheets list and the users table.
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Pipeline on the go' }).first()).toBeVisible();
    await fits(page);
    await page.goto('/admin/users');
    const table = page.getByRole('table');
    await expect(table).toBeVisible();
    await fits(page);
    const lastButton = table.getByRole('button').last();
    // Centred (scrollIntoViewIfNeeded leaves a button that is only a fraction of a pixel cut off where it is).
    await lastButton.evaluate((button) => button.scrollIntoView({ block: 'center', inline: 'center' }));
    await expect(lastButton).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: testInfo.outputPath(`users-${width}.png`) });
  }
});
