// Every page of the demo, and every state a form leaves a page in, checked by
// axe-core with JavaScript on and off (./a11y.ts); without JavaScript each
// state's HTML is kept for the Nu Html Checker (scripts/check-html.sh, a step of
// make test after this suite).
import { check, documentOf } from './a11y';
import { expect, open, register, submit, test, todosWith, uniqueEmail } from './helpers';

// Each test walks many pages and runs axe on each (and keeps each page's HTML):
// twice the suite's time per test, so a busy machine is not a failure.
test.describe.configure({ timeout: 60_000 });

test('axe: the pages of a visitor who is logged out', async ({ page, js }) => {
  await check(page, js, 'home', await open(page, '/', js));
  await check(page, js, 'login', await open(page, '/login', js));
  await check(page, js, 'not-found', await open(page, '/no-such-page', js));

  // A failed log in: the messages, the summary, the values kept.
  const form = page.getByRole('form', { name: 'Log in' });
  await open(page, '/login', js);
  await form.getByLabel('Email').fill('nobody@example.com');
  await form.getByLabel('Password').fill('wrong password');
  const failed = await documentOf(page, () => form.getByRole('button', { name: 'Log in' }).click());
  await expect(form.getByRole('alert').first()).toBeVisible();
  await check(page, js, 'login-failed', failed);

  // Quick log in on the home page, failed.
  await open(page, '/', js);
  const quick = page.getByRole('form', { name: 'Quick log in' });
  await quick.getByLabel('Email').fill('nobody@example.com');
  await quick.getByLabel('Password').fill('wrong password');
  const quickFailed = await documentOf(page, () => quick.getByRole('button', { name: 'Log in' }).click());
  await expect(page.getByText('Invalid email or password').first()).toBeVisible();
  await check(page, js, 'quick-login-failed', quickFailed);
});

test('axe: the pages of a user who is logged in', async ({ page, js }) => {
  await register(page, js, uniqueEmail('a11y'));
  await check(page, js, 'home-logged-in', await open(page, '/', js));
  await todosWith(page, js, ['milk', 'bread']);
  await page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('1 item left')).toBeVisible();
  await check(page, js, 'todos', await open(page, '/todos', js));

  // A failed add: its message and the value kept.
  const add = page.getByRole('form', { name: 'Add todo' });
  await add.getByLabel('Title').fill('   ');
  const failed = await documentOf(page, () => add.getByRole('button', { name: 'Add' }).click());
  await expect(add.getByRole('alert')).toBeVisible();
  await check(page, js, 'todos-add-failed', failed);

  await check(page, js, 'search', await open(page, '/search?q=milk', js));
});

test('axe: the edit page, its failures, the flash and the error page', async ({ page, js }) => {
  await register(page, js, uniqueEmail('a11y-edit'));
  await todosWith(page, js, ['milk', 'bread']);
  const add = page.getByRole('form', { name: 'Add todo' });

  // The edit page, a failed save with its summary, and the flash after a save.
  const list = page.getByRole('list', { name: 'Todo list' });
  await open(page, '/todos', js);
  await list.getByRole('link', { name: 'bread' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit todo' })).toBeVisible();
  const edit = page.getByRole('form', { name: 'Edit todo' });
  await check(page, js, 'edit', await open(page, page.url(), js));
  // With a subtask (P1): added in the page with JavaScript, by the server without.
  const subtasks = edit.getByRole('group', { name: 'Subtasks' });
  const addSubtask = () => subtasks.getByRole('button', { name: 'Add subtask' }).click();
  const added = js ? (await addSubtask(), null) : await documentOf(page, addSubtask);
  await expect(subtasks.getByLabel('Subtask 1', { exact: true })).toBeFocused();
  await check(page, js, 'edit-subtask-added', added);
  await edit.getByLabel('Title').fill('   ');
  await subtasks.getByLabel('Subtask 1', { exact: true }).fill('   ');
  await edit.evaluate((f: HTMLFormElement) => (f.noValidate = true));
  const saveFailed = await documentOf(page, () => edit.getByRole('button', { name: 'Save' }).click());
  await expect(page.getByRole('heading', { name: 'There is a problem' })).toBeVisible();
  await expect(subtasks.getByRole('alert')).toHaveText('Subtask 1: Title is required');
  await check(page, js, 'edit-failed', saveFailed);
  await edit.getByLabel('Title').fill('wholemeal bread');
  await subtasks.getByLabel('Subtask 1', { exact: true }).fill('slice it');
  // The list the save redirects to (a redirect's own answer has no body).
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/todos'),
    edit.getByRole('button', { name: 'Save' }).click(),
  ]);
  await expect(page.getByRole('heading', { level: 1, name: 'Todos' })).toBeVisible();
  await check(page, js, 'todos-flash', saved);

  // The error page of an unexpected error.
  await open(page, '/todos', js);
  await add.getByLabel('Title').fill('trigger an unexpected error');
  const error = await submit(page, () => add.getByRole('button', { name: 'Add' }).click());
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
  await check(page, js, 'error', js ? null : error);
});
