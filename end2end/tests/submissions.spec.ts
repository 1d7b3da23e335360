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

test('P3: a double click on Add without JavaScript makes one todo', async ({ page, js }) => {
  test.skip(js, 'with JavaScript on, E3 keeps the second click from sending (todos.spec.ts)');
  await todosWith(page, js);
  // The first add reaches the server, and its answer is held until the second
  // click has sent the form again, as on a slow network (two clicks at once
  // the browser sends as one).
  const seen: string[] = [];
  let reached: () => void = () => {};
  const firstReached = new Promise<void>((resolve) => (reached = resolve));
  let again: () => void = () => {};
  const sentAgain = new Promise<void>((resolve) => (again = resolve));
  await page.route('**/todos?/add', async (route) => {
    seen.push(route.request().postData() ?? '');
    if (seen.length > 1) {
      again();
      return route.continue();
    }
    // Playwright's request, with the session cookie, which the browser adds
    // only after the route has seen the request.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const answer = route.fetch({ headers: { ...route.request().headers(), cookie } });
    reached();
    const response = await answer;
    await sentAgain;
    // The browser has given up on it for the second click's.
    await route.fulfill({ response }).catch(() => {});
  });
  await addForm(page).getByLabel('Title').fill('double click');
  // Clicks of the mouse where the button is: the second comes while the page
  // waits for the first's answer, which Playwright's own click would wait for.
  const box = (await addForm(page).getByRole('button', { name: 'Add' }).boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.click(x, y);
  await firstReached;
  await page.mouse.click(x, y);
  await expect(page.getByText(/^\d+ items? left$/)).toBeVisible();
  // The same submission twice: the same form, its token and its title.
  expect(seen).toHaveLength(2);
  expect(seen[1]).toBe(seen[0]);
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
