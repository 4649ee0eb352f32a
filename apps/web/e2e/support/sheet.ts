import { expect, type Page } from '@playwright/test';
import { person, signUp, type Person } from './accounts';

/** The grid of the open sheet, and one of its cells by row index (as displayed) and column id. */
export const grid = (page: Page) => page.getByTestId('sheet-grid');
export const cell = (page: Page, rowIndex: number, colId: string) => grid(page).locator(`.ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`);

/** Calls the API as the page's signed-in user; a refusal throws with its status and body. */
export function api<T>(page: Page, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return page.evaluate(
    async ({ path, init }) => {
      const token = JSON.parse(localStorage.getItem('contrivance.session')!).accessToken;
      const res = await fetch(path, {
        method: init.method ?? 'GET',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.status === 204 ? null : res.json();
    },
    { path, init },
  ) as Promise<T>;
}

/** Signs a new person up and opens a sheet made from the sales-pipeline template: its id and column ids by name. */
export async function pipeline(page: Page, who: string): Promise<{ me: Person; sheetId: string; columns: Record<string, string> }> {
  const me = person(who, 'grid editing 2026');
  await signUp(page, me);
  await page.getByRole('form', { name: 'Create a spreadsheet' }).getByLabel('Name').fill(`${who}'s pipeline`);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('heading', { name: `${who}'s pipeline` })).toBeVisible();
  await expect(page.getByText('24 rows')).toBeVisible();
  const sheetId = page.url().split('/').pop()!;
  const sheet = await api<{ columns: { id: string; name: string }[] }>(page, `/api/spreadsheets/${sheetId}`);
  return { me, sheetId, columns: Object.fromEntries(sheet.columns.map((c) => [c.name, c.id])) };
}
