import { expect, test } from '@playwright/test';
import { person, signIn, signUp } from './support/accounts';

const admin = person('Ada', 'analytical engine 1843');
const member = person('Grace', 'compiler pioneer 1952');

test.describe.configure({ mode: 'serial' });

test('sign-up shows the server-side rules inline before sending anything, worded with the form’s labels', async ({ page }) => {
  await page.goto('/sign-up');
  await page.getByLabel('Email').fill('not an email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Email must be a valid email address')).toBeVisible();
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible();
  await expect(page.getByText('Name must be 1 to 100 characters')).toBeVisible();
  await expect(page.getByText(/displayName|password must/)).toHaveCount(0);
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
  await page
    .getByRole('row', { name: /Pipeline export/ })
    .getByRole('button', { name: 'Revoke' })
    .click();
  const ask = page.getByRole('dialog', { name: 'Revoke “Pipeline export”?' });
  await expect(ask).toContainText('Anything using it will stop working');
  await ask.getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByText('No tokens yet.')).toBeVisible();
  const after = await request.get('/api/users/me', { headers: { Authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test('an admin deactivates an account in the app’s own dialog; signing in then says so, and a bad link is a not-found page', async ({ browser, page }) => {
  const leaver = person('Leaver', 'moving on 2026 now');
  const leaverContext = await browser.newContext();
  const leaverPage = await leaverContext.newPage();
  await signUp(leaverPage, leaver);

  await signIn(page, admin);
  await page.goto('/admin/users');
  await page.getByRole('searchbox').fill(leaver.name);
  await expect(page.getByRole('row')).toHaveCount(2);
  await page
    .getByRole('row', { name: new RegExp(leaver.name) })
    .getByRole('button', { name: 'Deactivate' })
    .click();
  const ask = page.getByRole('dialog', { name: `Deactivate ${leaver.name}?` });
  // Cancel changes nothing; Escape too.
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await expect(ask).toHaveCount(0);
  await page
    .getByRole('row', { name: new RegExp(leaver.name) })
    .getByRole('button', { name: 'Deactivate' })
    .click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('row', { name: new RegExp(leaver.name) })).toContainText('Active');
  await page
    .getByRole('row', { name: new RegExp(leaver.name) })
    .getByRole('button', { name: 'Deactivate' })
    .click();
  await page
    .getByRole('dialog', { name: `Deactivate ${leaver.name}?` })
    .getByRole('button', { name: 'Deactivate' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: `${leaver.name} was deactivated` })).toBeVisible();

  // The right password learns the account is deactivated; a wrong one gets the usual answer.
  await leaverPage
    .getByRole('button', { name: 'Sign out' })
    .click()
    .catch(() => undefined);
  await leaverPage.goto('/sign-in');
  await leaverPage.getByLabel('Email').fill(leaver.email);
  await leaverPage.getByLabel('Password').fill('not the password at all');
  await leaverPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(leaverPage.getByRole('alert')).toHaveText('Incorrect email or password');
  await leaverPage.getByLabel('Password').fill(leaver.password);
  await leaverPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(leaverPage.getByRole('alert')).toHaveText('This account has been deactivated. Ask an admin of your workspace to reactivate it.');
  await leaverContext.close();

  // A mistyped sheet link: the not-found page, never "id must be a UUID".
  for (const link of ['/sheets/not-a-sheet', '/sheets/00000000-0000-4000-8000-000000000000']) {
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Spreadsheet not found' })).toBeVisible();
    await expect(page.getByText(/UUID/)).toHaveCount(0);
  }
});
