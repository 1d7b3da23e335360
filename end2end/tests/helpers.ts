import { expect, test as base, type Page, type Response } from '@playwright/test';

/** `test` with a `js` fixture: whether this project runs with JavaScript on. */
export const test = base.extend<{ js: boolean }>({
  js: async ({}, use, testInfo) => {
    await use(testInfo.project.use.javaScriptEnabled !== false);
  },
});
export { expect };

export const PASSWORD = 'correct horse battery';

/** An email no other test uses, so tests can run in parallel on one database. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** The name the app shows for an email: the part before `@`. */
export function nameOf(email: string): string {
  return email.split('@')[0];
}

/** Opens a page; with JavaScript on, waits until it has hydrated (spec E1),
 * lazy islands included: their code is a chunk of its own, fetched when the page
 * has one (Quick log in, Add todo), and until it has run the form is a plain one. */
export async function open(page: Page, path: string, js: boolean): Promise<Response | null> {
  const response = await page.goto(path);
  if (js) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
    await page.waitForLoadState('networkidle');
  }
  return response;
}

/** Clicks and returns the response to the POST it causes (native or fetch). */
export async function submit(page: Page, click: () => Promise<void>): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    click(),
  ]);
  return response;
}

/** Puts a marker on `window`: it survives only if no document navigation happens. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __marker: string }).__marker = 'same document'));
}

export async function expectSameDocument(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBe('same document');
}

/** Counts the document requests (full page loads) from now on. */
export function countDocumentRequests(page: Page): () => number {
  let count = 0;
  page.on('request', (r) => {
    if (r.resourceType() === 'document') count += 1;
  });
  return () => count;
}

/** Registers a new user through /login (which logs them in) and returns the email. */
export async function register(page: Page, js: boolean, email = uniqueEmail()): Promise<string> {
  await open(page, '/login', js);
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByText(`Welcome, ${nameOf(email)}! Your account was created.`)).toBeVisible();
  return email;
}

/** Registers a user and opens /todos, with `titles` already added through the JSON API. */
export async function todosWith(page: Page, js: boolean, titles: string[] = []): Promise<string> {
  const email = await register(page, js);
  for (const title of titles) {
    const response = await page.request.post('/api/todos', { data: { title } });
    expect(response.status()).toBe(201);
  }
  await open(page, '/todos', js);
  return email;
}
