import { expect, test, type Response } from '@playwright/test';
import { grid, pipeline } from './support/sheet';

/** The grid's chunk (ag-grid and its editors), as the build names it. */
const GRID_CHUNK = /\/assets\/SheetGrid-[\w-]+\.js$/;

test('the shell (sign-in, sign-up, sheet list) loads no grid code; opening a sheet loads it, compressed and cached for good', async ({ page }) => {
  const scripts: Response[] = [];
  page.on('response', (r) => new URL(r.url()).pathname.endsWith('.js') && scripts.push(r));

  await page.goto('/sign-in');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    expect(script.url()).not.toMatch(GRID_CHUNK);
    expect(script.headers()['content-encoding'], script.url()).toBe('br');
    expect(script.headers()['cache-control'], script.url()).toBe('public, max-age=31536000, immutable');
    expect(await script.text(), script.url()).not.toContain('ag-root-wrapper');
  }

  // Signing up lands on the sheet list; the sheet page (and with it the grid) loads once a sheet is opened.
  await pipeline(page, 'Firstload');
  const beforeSheet = scripts.findIndex((r) => /\/assets\/SpreadsheetPage-/.test(r.url()));
  expect(beforeSheet).toBeGreaterThan(0);
  expect(scripts.slice(0, beforeSheet).some((r) => GRID_CHUNK.test(r.url()))).toBe(false);

  const gridChunk = scripts.find((r) => GRID_CHUNK.test(r.url()));
  expect(gridChunk).toBeDefined();
  expect(gridChunk!.headers()['content-encoding']).toBe('br');
  expect(await gridChunk!.text()).toContain('ag-root-wrapper');
  await expect(grid(page).locator('.ag-row').first()).toBeVisible();
});
