import { expect, type Page } from '@playwright/test';

/**
 * An account a browser test signs up with; names are unique per call (the run's id and a counter), so reruns on one
 * database and specs in one worker that pick the same first name never collide.
 */
export interface Person {
  name: string;
  email: string;
  password: string;
}

const run = Date.now().toString(36);

let made = 0;

export function person(first: string, password: string): Person {
  made += 1;
  const id = `${run}${made}`;
  return { name: `${first} ${id}`, email: `${first.toLowerCase()}-${id}@example.com`, password };
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

/** Makes an account admin directly in the database (only the first account of an install is admin by sign-up). */
export async function makeAdmin(email: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE users SET role = 'admin' WHERE lower(email) = lower($1)`, [email]);
  } finally {
    await client.end();
  }
}
