import { expect, test } from '@playwright/test';

test.describe('the served web app', () => {
  test('opens the home page with the layout and a live server status', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));

    await page.goto('/');
    await expect(page).toHaveTitle('Contrivance');
    await expect(page.getByRole('link', { name: 'Contrivance home' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Spreadsheets' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Server online');
    expect(problems).toEqual([]);
  });

  test('serves deep links to the SPA, which shows its 404 page', async ({ page }) => {
    const response = await page.goto('/spreadsheets/42/nowhere');
    expect(response?.status()).toBe(200);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('/spreadsheets/42/nowhere')).toBeVisible();
    await page.getByRole('link', { name: 'Back to spreadsheets' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('renders the interactive API docs under the security policy', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto('/api/docs');
    await expect(page.locator('.swagger-ui .title')).toContainText('Contrivance API');
    await expect(page.getByText('/health/ready').first()).toBeVisible();
    expect(problems.filter((p) => /Content Security Policy/i.test(p))).toEqual([]);
  });

  test('publishes no source maps: bundles name none, and asking for one is a 404', async ({ page, request }) => {
    const scripts: string[] = [];
    page.on('response', (r) => r.url().endsWith('.js') && scripts.push(r.url()));
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Spreadsheets' })).toBeVisible();
    expect(scripts.length).toBeGreaterThan(0);
    for (const url of scripts) {
      expect(await (await request.get(url)).text()).not.toContain('sourceMappingURL');
      const map = await request.get(`${url}.map`);
      expect(map.status(), `${url}.map`).toBe(404);
    }
  });

  test('keeps API paths out of the SPA fallback', async ({ request }) => {
    const res = await request.get('/api/does-not-exist');
    expect(res.status()).toBe(404);
    expect(await res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
