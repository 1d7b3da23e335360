// /todos, each test in Chromium with JavaScript on and off.
import type { Page } from '@playwright/test';
import {
  countDocumentRequests,
  expect,
  expectSameDocument,
  markDocument,
  open,
  PASSWORD,
  register,
  submit,
  test,
  todosWith,
} from './helpers';

const addForm = (page: Page) => page.getByRole('form', { name: 'Add todo' });
const list = (page: Page) => page.getByRole('list', { name: 'Todo list' });
const row = (page: Page, title: string) => list(page).getByRole('listitem').filter({ hasText: title });

/** Holds every `?/add` request until the returned function is called. */
async function holdAdds(page: Page): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/todos?/add', async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

async function add(page: Page, title: string) {
  await addForm(page).getByLabel('Title').fill(title);
  return submit(page, () => addForm(page).getByRole('button', { name: 'Add' }).click());
}

test('logged out, /todos sends to log in and back', async ({ page, js }) => {
  const email = await register(page, js);
  await page.context().clearCookies();
  await open(page, '/todos', js);
  await expect(page).toHaveURL(/\/login\?redirectTo=\/todos$/);
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/todos$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Todos' })).toBeVisible();
});

test('add: the new todo is last and the Title field is emptied', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  const response = await add(page, 'bread');
  expect(response.status()).toBe(200);
  await expect(list(page).getByRole('listitem')).toHaveCount(2);
  await expect(list(page).getByRole('listitem').last()).toContainText('bread');
  await expect(addForm(page).getByLabel('Title')).toHaveValue('');
  await expect(page.getByText('2 items left')).toBeVisible();
});

test('add: a blank or long title is a 422 with the message, and the text is kept', async ({ page, js }) => {
  await todosWith(page, js);
  let response = await add(page, '   ');
  expect(response.status()).toBe(422);
  await expect(addForm(page).getByRole('alert')).toHaveText('Title is required');
  await expect(addForm(page).getByLabel('Title')).toBeFocused();

  // The browser stops at 200 characters (F6); a client that skips it gets the
  // server's message.
  await expect(addForm(page).getByLabel('Title')).toHaveAttribute('maxlength', '200');
  await addForm(page).getByLabel('Title').evaluate((el) => el.removeAttribute('maxlength'));
  const long = 'x'.repeat(201);
  response = await add(page, long);
  expect(response.status()).toBe(422);
  await expect(addForm(page).getByRole('alert')).toHaveText('Title must be at most 200 characters');
  await expect(addForm(page).getByLabel('Title')).toHaveValue(long);
});

test('toggle marks a todo done, and Clear completed removes it', async ({ page, js }) => {
  await todosWith(page, js, ['milk', 'bread']);
  await expect(page.getByText('2 items left')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Clear completed' })).toHaveCount(0);

  const milk = page.getByRole('form', { name: 'milk' });
  await expect(milk.getByRole('button', { name: 'Done' })).toHaveAttribute('aria-pressed', 'false');
  await milk.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(page.getByText('1 item left')).toBeVisible();

  await page.getByRole('button', { name: 'Clear completed' }).click();
  await expect(row(page, 'milk')).toHaveCount(0);
  await expect(row(page, 'bread')).toHaveCount(1);
  await expect(page.getByText('1 item left')).toBeVisible();
});

test("A2: the Done button's own name=value is sent with its form", async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  const done = page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' });
  const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url().endsWith('?/toggle'));
  await done.click();
  // As urlencoded without JavaScript, as multipart FormData with it.
  const body = (await sent).postData() ?? '';
  expect(body).toMatch(/done(=|"\r\n\r\n)true/);
  await expect(done).toHaveAttribute('aria-pressed', 'true');
});

test('delete removes the todo', async ({ page, js }) => {
  await todosWith(page, js, ['milk', 'bread']);
  await page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Delete' }).click();
  await expect(row(page, 'milk')).toHaveCount(0);
  await expect(row(page, 'bread')).toHaveCount(1);
});

test('B3: what users type is shown literally', async ({ page, js }) => {
  await todosWith(page, js);
  for (const title of ['<b>bold</b><script>window.__xss = 1</script>', "'; DROP TABLE todos; --"]) {
    await add(page, title);
    await expect(row(page, title)).toHaveCount(1);
    // The server's row, not the optimistic one: the page has taken the result
    // before the next title is typed (an answer that lands later resets the
    // form, the two-round-trip race of spec R2).
    await expect(page.locator('li[aria-busy="true"]')).toHaveCount(0);
  }
  await expect(page.locator('b')).toHaveCount(0);
  if (js) expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

test('E2: actions on /todos cause no document navigation', async ({ page, js }) => {
  test.skip(!js, 'enhancement needs JavaScript');
  await todosWith(page, js, ['milk']);
  await markDocument(page);
  const documents = countDocumentRequests(page);
  await add(page, 'bread');
  await expect(row(page, 'bread')).toHaveCount(1);
  await page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('1 item left')).toBeVisible();
  await page.getByRole('form', { name: 'bread' }).getByRole('button', { name: 'Delete' }).click();
  await expect(row(page, 'bread')).toHaveCount(0);
  expect(documents()).toBe(0);
  await expectSameDocument(page);
});

test('what is typed in Title survives toggling another todo', async ({ page, js }) => {
  test.skip(!js, 'without JavaScript the browser only sends the form that was submitted');
  await todosWith(page, js, ['milk']);
  await addForm(page).getByLabel('Title').fill('half-typed');
  await page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('0 items left')).toBeVisible();
  await expect(addForm(page).getByLabel('Title')).toHaveValue('half-typed');
});

test("E3: a keyboard toggle keeps focus on that row's Done button", async ({ page, js }) => {
  test.skip(!js, 'without JavaScript the page reloads, and focus starts over');
  // Disabling the button while the toggle is pending drops focus to <body>, and the
  // list is then reloaded: the kit gives focus back to the same button.
  await todosWith(page, js, ['milk', 'bread']);
  const done = (title: string) => page.getByRole('form', { name: title }).getByRole('button', { name: 'Done' });
  await done('bread').focus();
  await page.keyboard.press('Enter');
  await expect(done('bread')).toHaveAttribute('aria-pressed', 'true');
  await expect(done('bread')).toBeFocused();
  // And again, so a second key press toggles it back.
  await page.keyboard.press('Enter');
  await expect(done('bread')).toHaveAttribute('aria-pressed', 'false');
  await expect(done('bread')).toBeFocused();
});

test('E3: a pending toggle shows only in its own row', async ({ page, js }) => {
  test.skip(!js, 'pending state needs JavaScript');
  await todosWith(page, js, ['milk', 'bread']);
  await page.route('**/todos?/toggle', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  const milk = page.getByRole('form', { name: 'milk' });
  await milk.getByRole('button', { name: 'Done' }).click();
  await expect(milk).toHaveAttribute('aria-busy', 'true');
  await expect(milk.getByRole('button', { name: 'Done' })).toBeDisabled();
  await expect(page.getByRole('form', { name: 'bread' })).not.toHaveAttribute('aria-busy', 'true');
  await expect(page.getByRole('form', { name: 'bread' }).getByRole('button', { name: 'Done' })).toBeEnabled();
  await expect(addForm(page)).not.toHaveAttribute('aria-busy', 'true');
  await expect(page.getByText('1 item left')).toBeVisible();
});

test('F7 T4: a failure shows only in the form of its action, in its own row, until the next result', async ({
  page,
  js,
}) => {
  await todosWith(page, js, ['milk', 'bread', 'eggs']);
  const refused = 'The field `done` must be true or false';
  const rowForm = (title: string) => page.getByRole('form', { name: title });
  const alertsOf = (title: string) => rowForm(title).getByRole('alert');

  // A Delete the server refuses, in the middle row (a tampered page sends a
  // `done` that is neither true nor false): that row says so, and keeps its todo.
  await rowForm('bread').evaluate((form: HTMLFormElement) => {
    const input = document.createElement('input');
    Object.assign(input, { type: 'hidden', name: 'done', value: 'maybe' });
    form.append(input);
  });
  let response = await submit(page, () => rowForm('bread').getByRole('button', { name: 'Delete' }).click());
  expect(new URL(response.url()).search).toBe('?/delete');
  expect(response.status()).toBe(400);
  await expect(alertsOf('bread')).toHaveText([refused]);
  await expect(row(page, 'bread')).toHaveCount(1);
  await expect(alertsOf('milk')).toHaveCount(0);
  await expect(alertsOf('eggs')).toHaveCount(0);
  await expect(addForm(page).getByRole('alert')).toHaveCount(0);

  // A refused toggle of the last row: that row only; bread's message is gone.
  await rowForm('eggs')
    .getByRole('button', { name: 'Done' })
    .evaluate((b: HTMLButtonElement) => (b.value = 'maybe'));
  response = await submit(page, () => rowForm('eggs').getByRole('button', { name: 'Done' }).click());
  expect(new URL(response.url()).search).toBe('?/toggle');
  expect(response.status()).toBe(400);
  await expect(alertsOf('eggs')).toHaveText([refused]);
  await expect(alertsOf('bread')).toHaveCount(0);
  await expect(alertsOf('milk')).toHaveCount(0);
  await expect(addForm(page).getByRole('alert')).toHaveCount(0);
  await expect(page.getByText('3 items left')).toBeVisible();

  // A refused add: the Add form only, and no row shows anything.
  response = await add(page, '   ');
  expect(response.status()).toBe(422);
  await expect(addForm(page).getByRole('alert')).toHaveText(['Title is required']);
  await expect(list(page).getByRole('alert')).toHaveCount(0);
  await expect(list(page).getByRole('listitem')).toHaveCount(3);

  // Then a refused toggle again: its row says so, and the Add form's message
  // goes, as without JavaScript (the page shows one action's result; with
  // JavaScript the Add form is an island that kept its own).
  await rowForm('eggs')
    .getByRole('button', { name: 'Done' })
    .evaluate((b: HTMLButtonElement) => (b.value = 'maybe'));
  response = await submit(page, () => rowForm('eggs').getByRole('button', { name: 'Done' }).click());
  expect(response.status()).toBe(400);
  await expect(alertsOf('eggs')).toHaveText([refused]);
  await expect(addForm(page).getByRole('alert')).toHaveCount(0);
});

test('E6: the optimistic add shows before the server answers, and is rolled back on failure', async ({ page, js }) => {
  test.skip(!js, 'optimistic updates need JavaScript');
  await todosWith(page, js, ['milk']);
  const release = await holdAdds(page);

  await addForm(page).getByLabel('Title').fill('eggs');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  // Visible while the request is still held.
  await expect(row(page, 'eggs')).toHaveCount(1);
  await expect(row(page, 'eggs')).toHaveAttribute('aria-busy', 'true');
  release();
  await expect(row(page, 'eggs')).not.toHaveAttribute('aria-busy', 'true');
  await expect(row(page, 'eggs')).toHaveCount(1);

  // A title the server refuses appears at once, then goes with the message.
  const long = 'y'.repeat(201);
  await addForm(page).getByLabel('Title').evaluate((el) => el.removeAttribute('maxlength'));
  await addForm(page).getByLabel('Title').fill(long);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    addForm(page).getByRole('button', { name: 'Add' }).click(),
  ]);
  expect(response.status()).toBe(422);
  await expect(addForm(page).getByRole('alert')).toHaveText('Title must be at most 200 characters');
  await expect(row(page, long)).toHaveCount(0);
  await expect(list(page).getByRole('listitem')).toHaveCount(2);
});

test('E7 E8: Clear completed posts with its own listener and applies the JSON result', async ({ page, js }) => {
  test.skip(!js, 'a custom listener needs JavaScript');
  await todosWith(page, js, ['milk', 'bread']);
  await page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('1 item left')).toBeVisible();
  await markDocument(page);
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/todos?/clear')),
    page.getByRole('button', { name: 'Clear completed' }).click(),
  ]);
  expect(request.headers()['x-leptos-action']).toBe('true');
  await expect(row(page, 'milk')).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Clear completed' })).toHaveCount(0);
  await expectSameDocument(page);
});

test('404: toggling a todo that is gone shows Not found', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  const id = await page.getByRole('form', { name: 'milk' }).locator('input[name="id"]').inputValue();
  const response = await page.request.delete(`/api/todos/${id}`);
  expect(response.status()).toBe(204);
  const toggled = await submit(page, () =>
    page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' }).click(),
  );
  expect(toggled.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
});

test('A9: an unexpected error shows Something went wrong with an error id', async ({ page, js }) => {
  await todosWith(page, js);
  const response = await add(page, 'trigger an unexpected error');
  expect(response.status()).toBe(500);
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
  await expect(page.getByText(/Error id: [0-9a-f]{32}/)).toBeVisible();
  await expect(page.getByText('injected fault')).toHaveCount(0);
  // The server keeps serving, and leaving the error page clears it.
  await page.getByRole('navigation').getByRole('link', { name: 'Todos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Todos' })).toBeVisible();
});

test('islands on a page reached by a link are hydrated: the optimistic add and Clear completed work', async ({
  page,
  js,
}) => {
  test.skip(!js, 'islands need JavaScript');
  await todosWith(page, js, ['milk']);
  // Start elsewhere, so /todos and its islands arrive by a client-side navigation.
  await open(page, '/', js);
  await markDocument(page);
  const documents = countDocumentRequests(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Todos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Todos' })).toBeVisible();

  const release = await holdAdds(page);
  await addForm(page).getByLabel('Title').fill('eggs');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect(row(page, 'eggs')).toHaveAttribute('aria-busy', 'true');
  release();
  await expect(row(page, 'eggs')).not.toHaveAttribute('aria-busy', 'true');

  await page.getByRole('form', { name: 'milk' }).getByRole('button', { name: 'Done' }).click();
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/todos?/clear')),
    page.getByRole('button', { name: 'Clear completed' }).click(),
  ]);
  expect(request.headers()['x-leptos-action']).toBe('true');
  await expect(row(page, 'milk')).toHaveCount(0);
  expect(documents()).toBe(0);
  await expectSameDocument(page);
});
