import { expect, type Page } from '@playwright/test';

/** An account a browser test signs up with; names are unique per run so reruns on one database do not collide. */
export interface Person {
  name: string;
  email: string;
  password: string;
}

const run = Date.now().toString(36);

export function person(first: string, password: string): Person {
  return { name: `${first} ${run}`, email: `${first.toLowerCase()}-${run}@example.com`, password };
}

export async function signUp(page: Page, who: Person): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`Welcome, ${who.name}.`)).toBeVisible();
}

export async function signIn(page: Page, who: Person): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Welcome, ${who.name}.`)).toBeVisible();
}
