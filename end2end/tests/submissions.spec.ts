// P3: one effect per submission. Without JavaScript, a form sent twice (a double
// click, back and send again) makes one todo; with it, each answer gives the form
// a new token, so the next add is a new submission.
import type { Page } from '@playwright/test';
import { expect, open, submit, test, todosWith } from './helpers';

const addForm = (page: Page) => page.getByRole('form', { name: 'Add todo' });
const list = (page: Page) => page.getByRole('list', { name: 'Todo list' });
const token = (page: Page) => addForm(page).locator('input[name="_submission"]');

/** How many of the user's todos are titled `title`, from the JSON API. */
async function stored(page: Page, title: string): Promise<number> {
  const response = await page.request.get('/api/todos');
  expect(response.status()).toBe(200);
  const todos = (await response.json()) as { title: string }[];
  return todos.filter((todo) => todo.title === title).length;
}

/** Counts the POSTs sent from now on, and those that have had an answer or failed. */
function countPosts(page: Page): { sent: () => number; settled: () => number } {
  let sent = 0;
  let settled = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST') sent += 1;
  });
  const done = (r: { method(): string }) => {
    if (r.method() === 'POST') settled += 1;
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return { sent: () => sent, settled: () => settled };
}

test('P3: a double click on Add without JavaScript makes one todo', async ({ page, js }) => {
  test.skip(js, 'with JavaScript on, E3 keeps the second click from sending (todos.spec.ts)');
  await todosWith(page, js);
  await addForm(page).getByLabel('Title').fill('double click');
  const posts = countPosts(page);
  await addForm(page).getByRole('button', { name: 'Add' }).dblclick();
  // Both clicks sent the form (the browser gives up on the first answer).
  await expect.poll(posts.settled).toBe(2);
  expect(posts.sent()).toBe(2);
  await expect(list(page).getByRole('listitem').filter({ hasText: 'double click' })).toHaveCount(1);
  expect(await stored(page, 'double click')).toBe(1);
});

test('P3: back, then the same form sent again without JavaScript, makes one todo', async ({ page, js }) => {
  test.skip(js, 'with JavaScript on, the form has a new token after each answer (below)');
  await todosWith(page, js);
  await addForm(page).getByLabel('Title').fill('sent again');
  await submit(page, () => addForm(page).getByRole('button', { name: 'Add' }).click());
  await expect(list(page).getByRole('listitem').filter({ hasText: 'sent again' })).toHaveCount(1);

  // Back to the page as it was before the add: its form, its token.
  await page.goBack();
  await expect(list(page).getByRole('listitem')).toHaveCount(0);
  await addForm(page).getByLabel('Title').fill('sent again');
  const response = await submit(page, () => addForm(page).getByRole('button', { name: 'Add' }).click());
  // Answered as the first was: the list with its one todo.
  expect(response.status()).toBe(200);
  await expect(list(page).getByRole('listitem').filter({ hasText: 'sent again' })).toHaveCount(1);
  expect(await stored(page, 'sent again')).toBe(1);
});

test('P3: with JavaScript, each answer gives the form a new token', async ({ page, js }) => {
  test.skip(!js, 'the enhanced form needs JavaScript');
  await todosWith(page, js);
  const first = await token(page).getAttribute('value');
  expect(first).toMatch(/^[0-9a-f]{32}$/);
  for (const title of ['first', 'second']) {
    await addForm(page).getByLabel('Title').fill(title);
    await submit(page, () => addForm(page).getByRole('button', { name: 'Add' }).click());
    await expect(list(page).getByRole('listitem').filter({ hasText: title })).toHaveCount(1);
  }
  await expect(token(page)).not.toHaveAttribute('value', first!);
  expect(await stored(page, 'first')).toBe(1);
  expect(await stored(page, 'second')).toBe(1);
  await open(page, '/todos', js);
  await expect(list(page).getByRole('listitem')).toHaveCount(2);
});
