// /, /login and /logout, each test in Chromium with JavaScript on and off.
import {
  PASSWORD,
  countDocumentRequests,
  expect,
  expectSameDocument,
  markDocument,
  nameOf,
  open,
  register,
  submit,
  test,
  uniqueEmail,
} from './helpers';
import type { Page } from '@playwright/test';

const loginForm = (page: Page) => page.getByRole('form', { name: 'Log in' });

async function logOutInBrowser(page: Page) {
  await page.context().clearCookies();
}

test('A7: login without email or password is a 400 with both messages', async ({ page, js }) => {
  await open(page, '/login', js);
  const form = loginForm(page);
  const response = await submit(page, () => form.getByRole('button', { name: 'Log in' }).click());
  expect(response.status()).toBe(400);
  await expect(form.getByRole('alert').filter({ hasText: 'Email is required' })).toBeVisible();
  await expect(form.getByRole('alert').filter({ hasText: 'Password is required' })).toBeVisible();
});

test('A7 H5: unknown email and wrong password say the same, keep the email, empty the password', async ({ page, js }) => {
  const email = await register(page, js);
  await logOutInBrowser(page);
  for (const [tryEmail, tryPassword] of [
    [uniqueEmail('nobody'), 'whatever-password'],
    [email, 'wrong-password'],
  ]) {
    await open(page, '/login', js);
    const form = loginForm(page);
    await form.getByLabel('Email').fill(tryEmail);
    await form.getByLabel('Password').fill(tryPassword);
    const response = await submit(page, () => form.getByRole('button', { name: 'Log in' }).click());
    expect(response.status()).toBe(400);
    await expect(form.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
    await expect(form.getByLabel('Email')).toHaveValue(tryEmail);
    await expect(form.getByLabel('Password')).toHaveValue('');
  }
});

test('register: an invalid email and a short password are explained', async ({ page, js }) => {
  await open(page, '/login', js);
  const form = loginForm(page);
  await form.getByLabel('Email').fill('not-an-email');
  await form.getByLabel('Password').fill('short');
  const response = await submit(page, () => form.getByRole('button', { name: 'Register' }).click());
  expect(response.status()).toBe(400);
  await expect(form.getByRole('alert').filter({ hasText: 'Enter a valid email address' })).toBeVisible();
  await expect(form.getByRole('alert').filter({ hasText: 'Password must be at least 8 characters' })).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveValue('not-an-email');
  await expect(form.getByLabel('Password')).toHaveValue('');
});

test('register: an email that exists is refused', async ({ page, js }) => {
  const email = await register(page, js);
  await logOutInBrowser(page);
  await open(page, '/login', js);
  const form = loginForm(page);
  await form.getByLabel('Email').fill(email.toUpperCase());
  await form.getByLabel('Password').fill(PASSWORD);
  const response = await submit(page, () => form.getByRole('button', { name: 'Register' }).click());
  expect(response.status()).toBe(400);
  await expect(form.getByRole('alert').filter({ hasText: 'An account with this email already exists' })).toBeVisible();
});

test('H1: register logs in, and the nav shows it at once', async ({ page, js }) => {
  const email = await register(page, js);
  const nav = page.getByRole('navigation');
  await expect(nav.getByText(email)).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Log out' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Log in' })).toHaveCount(0);
  await open(page, '/', js);
  await expect(page.getByText(`Welcome, ${nameOf(email)}`)).toBeVisible();
});

test('login: welcome back, and the fields are reset', async ({ page, js }) => {
  const email = await register(page, js);
  await logOutInBrowser(page);
  await open(page, '/login', js);
  const form = loginForm(page);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  const response = await submit(page, () => form.getByRole('button', { name: 'Log in' }).click());
  expect(response.status()).toBe(200);
  await expect(page.getByText(`Welcome back, ${nameOf(email)}!`)).toBeVisible();
  await expect(page.getByRole('navigation').getByText(email)).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveValue('');
  await expect(form.getByLabel('Password')).toHaveValue('');
});

test('A8 B4: login with redirectTo goes there', async ({ page, js }) => {
  const email = await register(page, js);
  await logOutInBrowser(page);
  await open(page, '/login?redirectTo=/search', js);
  if (js) await markDocument(page);
  const documents = countDocumentRequests(page);
  const form = loginForm(page);
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  await expect(page.getByRole('navigation').getByText(email)).toBeVisible();
  // With JS the client navigates there, without a document load (spec A8).
  if (js) {
    expect(documents()).toBe(0);
    await expectSameDocument(page);
  }
});

test('logout from the nav ends the session and goes home', async ({ page, js }) => {
  const email = await register(page, js);
  await page.getByRole('navigation').getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('You are not logged in')).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Log in' })).toBeVisible();
  await expect(page.getByRole('navigation').getByText(email)).toHaveCount(0);
  // The session is gone on the server too: a reload stays logged out.
  await open(page, '/', js);
  await expect(page.getByText('You are not logged in')).toBeVisible();
});

test('/logout: its own Log out form', async ({ page, js }) => {
  await register(page, js);
  await open(page, '/logout', js);
  await expect(page.getByRole('heading', { level: 1, name: 'Log out' })).toBeVisible();
  await page.getByRole('main').getByRole('form', { name: 'Log out' }).getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText('You are not logged in')).toBeVisible();
});

test("T2 A4 E4: Quick log in posts to /login?/login, with no detour", async ({ page, js }) => {
  const email = await register(page, js);
  await logOutInBrowser(page);
  await open(page, '/', js);
  const quick = page.getByRole('form', { name: 'Quick log in' });
  await expect(quick).toHaveAttribute('action', '/login?/login');
  // Every answer to a POST from here on, redirects included (a 307 to the
  // action, from an endpoint of its own, would show as one of them).
  const posts: { url: string; status: number }[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST') {
      const url = new URL(r.url());
      posts.push({ url: url.pathname + url.search, status: r.status() });
    }
  });

  // A failure: with JS the island keeps its result (one request to
  // /login?/login) and stays on Home; without JS the browser posts to the same
  // URL and shows /login with the result, as it would anywhere.
  await quick.getByLabel('Email').fill(email);
  await quick.getByLabel('Password').fill('wrong-password');
  const [failed] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && (r.status() < 300 || r.status() >= 400)),
    quick.getByRole('button', { name: 'Log in' }).click(),
  ]);
  expect(failed.status()).toBe(400);
  expect(new URL(failed.url()).pathname + new URL(failed.url()).search).toBe('/login?/login');
  if (js) {
    await expect(page).toHaveURL(/\/$/);
    await expect(quick.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
    await expect(quick.getByLabel('Email')).toHaveValue(email);
    await expect(quick.getByLabel('Password')).toHaveValue('');
  } else {
    await expect(page).toHaveURL(/\/login\?\/login$/);
    await expect(loginForm(page).getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
    await open(page, '/', js);
  }

  await quick.getByLabel('Email').fill(email);
  await quick.getByLabel('Password').fill(PASSWORD);
  await quick.getByRole('button', { name: 'Log in' }).click();
  if (js) {
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText(`Welcome, ${nameOf(email)}`)).toBeVisible();
  } else {
    await expect(page.getByText(`Welcome back, ${nameOf(email)}!`)).toBeVisible();
  }
  await expect(page.getByRole('navigation').getByText(email)).toBeVisible();
  // Two submissions, two POSTs, each to the action's URL and answered there:
  // the failure's 400, then the success's 200 (no redirectTo: no 303 either).
  expect(posts).toEqual([
    { url: '/login?/login', status: 400 },
    { url: '/login?/login', status: 200 },
  ]);
});

test('T4: the Log in form shows the failure of the action that ran, and nothing of the other', async ({ page, js }) => {
  // One form, two actions (Log in posts ?/login, Register ?/register): each
  // submission's result replaces the last, whichever action it came from.
  const email = await register(page, js);
  await logOutInBrowser(page);
  await open(page, '/login', js);
  const form = loginForm(page);
  const send = async (button: string, password: string, action: string) => {
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(password);
    const response = await submit(page, () => form.getByRole('button', { name: button }).click());
    expect(new URL(response.url()).search).toBe(action);
    expect(response.status()).toBe(400);
  };

  await send('Log in', 'wrong-password', '?/login');
  await expect(form.getByRole('alert')).toHaveText(['Invalid email or password']);

  await send('Register', PASSWORD, '?/register');
  await expect(form.getByRole('alert')).toHaveText(['An account with this email already exists']);
  await expect(form.getByLabel('Email')).toHaveValue(email);
  await expect(form.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');

  await send('Log in', 'wrong-password', '?/login');
  await expect(form.getByRole('alert')).toHaveText(['Invalid email or password']);
  await expect(form.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Password')).toHaveValue('');
});

test("T2 E3: Quick log in's ActionForm is busy while its action runs (pending)", async ({ page, js }) => {
  test.skip(!js, 'a pending state needs JavaScript');
  await open(page, '/', js);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/login?/login', async (route) => {
    await held;
    await route.continue();
  });
  const quick = page.getByRole('form', { name: 'Quick log in' });
  await quick.getByLabel('Email').fill('nobody@example.com');
  await quick.getByLabel('Password').fill('some-password');
  await quick.getByRole('button', { name: 'Log in' }).click();
  await expect(quick).toHaveAttribute('aria-busy', 'true');
  await expect(quick.getByRole('button', { name: 'Log in' })).toBeDisabled();
  release();
  await expect(quick.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  await expect(quick).not.toHaveAttribute('aria-busy', 'true');
  await expect(quick.getByRole('button', { name: 'Log in' })).toBeEnabled();
  await expect(quick.getByLabel('Password')).toHaveValue('');
});

test('E2 E3: an enhanced submission stays in the document and is busy while in flight', async ({ page, js }) => {
  test.skip(!js, 'enhancement needs JavaScript');
  await open(page, '/login', js);
  await markDocument(page);
  const documents = countDocumentRequests(page);
  // Hold the action's request for a while, so the pending state can be seen.
  await page.route('**/login?/login', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    await route.continue();
  });
  // Enhanced submissions posted (each asks for the page in its answer, R1).
  let posts = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.headers()['x-leptos-page'] === '/login') posts += 1;
  });

  const form = loginForm(page);
  const button = form.getByRole('button', { name: 'Log in' });
  await button.click();
  await expect(form).toHaveAttribute('aria-busy', 'true');
  await expect(button).toBeDisabled();
  await expect(form.getByRole('button', { name: 'Register' })).toBeDisabled();
  // A second submit while one is in flight is not sent. (Enter would do
  // nothing here: the browser does not submit a form whose default button is
  // disabled; requestSubmit() fires the submit event regardless.)
  await form.evaluate((f: HTMLFormElement) => f.requestSubmit());

  await expect(form.getByRole('alert').filter({ hasText: 'Email is required' })).toBeVisible();
  await expect(form).not.toHaveAttribute('aria-busy', 'true');
  await expect(button).toBeEnabled();
  expect(posts).toBe(1);
  expect(documents()).toBe(0);
  await expectSameDocument(page);
});

test('E5: after a failure, focus is on the first invalid field', async ({ page, js }) => {
  await open(page, '/login', js);
  const form = loginForm(page);
  await form.getByLabel('Email').fill('ada@example.com');
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'Password is required' })).toBeVisible();
  await expect(form.getByLabel('Password')).toBeFocused();
  await expect(form.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
});

test('a page rendered after a native POST hydrates cleanly and its form carries on enhanced', async ({ page, js }) => {
  test.skip(!js, 'hydration needs JavaScript');
  // The user submits before the wasm has loaded: a native POST. The first
  // document never gets its wasm (Leptos fetches it when the browser is first
  // idle, which can be after the load event); the result page does.
  let firstDocument = true;
  await page.route('**/*.wasm', (route) => (firstDocument ? route.abort() : route.continue()));
  await page.goto('/login');
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) firstDocument = false;
  });
  const form = loginForm(page);
  await form.getByLabel('Email').fill('ada@example.com');
  // Hydration errors and warnings in the result page fail the test; Chrome's notes
  // that a request answered 4xx are the expected failures themselves. Only from the
  // result page on: the first page's aborted wasm fetch may still report "Failed to
  // fetch" late, on a slow machine, and it is expected.
  const problems: string[] = [];
  let resultPage = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) resultPage = true;
  });
  page.on('console', (m) => {
    const expected = m.text().startsWith('Failed to load resource');
    if (resultPage && (m.type() === 'error' || m.type() === 'warning') && !expected) problems.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (resultPage) problems.push(e.message);
  });
  await form.getByRole('button', { name: 'Log in' }).click();

  // The result page loads the wasm and hydrates from the same state.
  await expect(page).toHaveURL(/\/login\?\/login$/);
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  await expect(form.getByRole('alert').filter({ hasText: 'Password is required' })).toBeVisible();
  await expect(form.getByLabel('Email')).toHaveValue('ada@example.com');

  // From there the form is enhanced.
  await markDocument(page);
  await form.getByLabel('Password').fill('wrong-password');
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(form.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  await expect(form.getByRole('alert').filter({ hasText: 'Password is required' })).toHaveCount(0);
  await expectSameDocument(page);
  expect(problems).toEqual([]);
});

test('E3: focus is not lost to the disabling of the button', async ({ page, js }) => {
  test.skip(!js, 'the buttons are only disabled by the enhanced submission');
  await open(page, '/login', js);
  const form = loginForm(page);
  await form.getByLabel('Email').fill(uniqueEmail('nobody'));
  await form.getByLabel('Password').fill('wrong-password');
  const button = form.getByRole('button', { name: 'Log in' });
  await button.click();
  await expect(form.getByRole('alert').filter({ hasText: 'Invalid email or password' })).toBeVisible();
  // No field is invalid, so focus is where the person left it: on the button.
  await expect(button).toBeEnabled();
  await expect(button).toBeFocused();
});
