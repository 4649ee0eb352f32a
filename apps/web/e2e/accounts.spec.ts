import { expect, test } from '@playwright/test';
import { person, signIn, signUp } from './support/accounts';

const admin = person('Ada', 'analytical engine 1843');
const member = person('Grace', 'compiler pioneer 1952');

test.describe.configure({ mode: 'serial' });

test('sign-up shows the server-side rules inline before sending anything', async ({ page }) => {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill('not an email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('email must be a valid email address')).toBeVisible();
  await expect(page.getByText('password must be at least 10 characters')).toBeVisible();
  await expect(page.getByText('displayName must be 1 to 100 characters')).toBeVisible();
});

test('an account signs up, signs out, signs back in, and keeps its session across a reload', async ({ page }) => {
  await signUp(page, admin);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();

  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Incorrect email or password');

  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Welcome, ${admin.name}.`)).toBeVisible();

  await page.reload();
  await expect(page.getByText(`Welcome, ${admin.name}.`)).toBeVisible();
  // The first account of a fresh install is the admin.
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();
});

test("an admin makes another user admin, and that user's next page shows it", async ({ browser }) => {
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signUp(memberPage, member);
  await expect(memberPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);

  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin);
  await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await adminPage.getByRole('searchbox').fill(member.name);
  await expect(adminPage.getByRole('row')).toHaveCount(2);
  await adminPage.getByLabel(`Role of ${member.name}`).selectOption('admin');
  await expect(adminPage.getByRole('status').filter({ hasText: `${member.name} is now admin.` })).toBeVisible();

  await memberPage.reload();
  await expect(memberPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();
  await memberContext.close();
  await adminContext.close();
});

test('a personal API token is shown once, works, and stops working when revoked', async ({ page, request }) => {
  await signIn(page, admin);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
  await page.getByLabel('Name').fill('Pipeline export');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = (await page.getByTestId('new-token').textContent())!;
  expect(secret).toMatch(/^ctv_/);
  const me = await request.get('/api/users/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(me.status()).toBe(200);

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'Pipeline export' })).toBeVisible();
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('row', { name: /Pipeline export/ }).getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('No tokens yet.')).toBeVisible();
  const after = await request.get('/api/users/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});
