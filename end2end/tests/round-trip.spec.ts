// One round trip per enhanced submission, and a browser half that keeps what
// people type (spec §7, R1–R6). JavaScript on only: without it there is no
// browser half, and the document POST of every other spec is the fallback.
import type { Page, Request } from '@playwright/test';
import {
  countDocumentRequests,
  expect,
  expectSameDocument,
  markDocument,
  open,
  test,
  todosWith,
} from './helpers';

test.beforeEach(({ js }) => {
  test.skip(!js, 'the browser half needs JavaScript');
});

const addForm = (page: Page) => page.getByRole('form', { name: 'Add todo' });
const list = (page: Page) => page.getByRole('list', { name: 'Todo list' });
const row = (page: Page, title: string) => list(page).getByRole('listitem').filter({ hasText: title });

/** Records the requests to the app from now on, but for its files (/pkg). */
function appRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === new URL(page.url()).origin && !url.pathname.startsWith('/pkg/')) seen.push(r);
  });
  return seen;
}

/** Holds every request matching `pattern` until the returned function is called. */
async function hold(page: Page, pattern: string): Promise<() => void> {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('R1: an enhanced add is one request, and its answer brings the page', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  await markDocument(page);
  const requests = appRequests(page);
  await addForm(page).getByLabel('Title').fill('bread');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    addForm(page).getByRole('button', { name: 'Add' }).click(),
  ]);
  expect(response.headers()['content-type']).toBe('text/x-leptos-answer');
  await expect(page.getByText('2 items left')).toBeVisible();
  await expect(row(page, 'bread')).not.toHaveAttribute('aria-busy', 'true');
  await page.waitForLoadState('networkidle');
  expect(requests.map((r) => `${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`)).toEqual([
    'POST /todos?/add',
  ]);
  expect(requests[0].headers()['x-leptos-page']).toBe('/todos');

  // A failure too: one request, its message, the text kept.
  requests.length = 0;
  await addForm(page).getByLabel('Title').fill('   ');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect(addForm(page).getByRole('alert')).toHaveText('Title is required');
  await page.waitForLoadState('networkidle');
  expect(requests).toHaveLength(1);
  await expectSameDocument(page);
});

test('R2: what is typed after the answer survives, with 200 ms of latency', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  // 200 ms more for every request to the app, as on a slow network.
  await page.route(
    (url) => url.origin === new URL(page.url()).origin,
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await route.continue();
    },
  );
  const title = addForm(page).getByLabel('Title');
  await title.fill('bread');
  const answered = page.waitForResponse((r) => r.request().method() === 'POST');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  // The answer is in; the person types on, 100 ms later (time enough for the
  // page to take the answer; two round trips would still be 200 ms away).
  await answered;
  await page.waitForTimeout(100);
  await title.pressSequentially('eggs');
  // Nothing comes after the answer to reset the field again.
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await expect(title).toHaveValue('eggs');
  await expect(page.getByText('2 items left')).toBeVisible();
});

test('R3: an answer held until after a navigation changes nothing, nor follows its redirect', async ({
  page,
  js,
}) => {
  await todosWith(page, js, ['milk']);
  // A failure answered late.
  let release = await hold(page, '**/todos?/add');
  await addForm(page).getByLabel('Title').fill('   ');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Search' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  let answered = page.waitForResponse((r) => r.request().method() === 'POST');
  release();
  await answered;
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Search' })).toBeVisible();
  await expect(page.getByText('Title is required')).toHaveCount(0);

  // A redirect answered late (the session ended meanwhile: log in) is not followed.
  await page.unrouteAll({ behavior: 'wait' });
  await open(page, '/todos', js);
  release = await hold(page, '**/todos?/add');
  await page.context().clearCookies();
  await addForm(page).getByLabel('Title').fill('eggs');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  answered = page.waitForResponse((r) => r.request().method() === 'POST');
  release();
  const response = await answered;
  expect(await response.text()).toContain('"type":"redirect"');
  await page.waitForTimeout(300);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
});

test('R5: an aborted request shows a message and keeps the fields', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  await markDocument(page);
  await page.route('**/todos?/add', (route) => route.abort('internetdisconnected'));
  await addForm(page).getByLabel('Title').fill('keep me');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect(addForm(page).getByRole('alert')).toContainText('Check your connection');
  await expect(addForm(page).getByLabel('Title')).toHaveValue('keep me');
  await expect(addForm(page).getByRole('button', { name: 'Add' })).toBeEnabled();
  await expect(list(page).getByRole('listitem')).toHaveCount(1);
  await expectSameDocument(page);

  // An answer that is not the protocol (a proxy's 502): its status, the same.
  await page.unroute('**/todos?/add');
  await page.route('**/todos?/add', (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<h1>Bad gateway</h1>' }),
  );
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect(addForm(page).getByRole('alert')).toContainText('status 502');
  await expect(addForm(page).getByLabel('Title')).toHaveValue('keep me');
  await expect(page.getByText('Bad gateway')).toHaveCount(0);
  await expectSameDocument(page);
});

test('R4: a link whose answer redirects to another origin is not merged: the browser goes there', async ({
  page,
  js,
}) => {
  await todosWith(page, js, ['milk']);
  // The app's search answers with a redirect off-site, as an open redirect would.
  await page.route('**/search', (route) =>
    route.fulfill({ status: 303, headers: { location: 'https://evil.example/' } }),
  );
  await page.route('https://evil.example/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html',
      headers: { 'access-control-allow-origin': '*' },
      body: '<html><head><title>Evil</title></head><body><h1>Evil page</h1></body></html>',
    }),
  );
  // Only the browser's own document load may get an answer from the other
  // site, never the browser half's fetch. (Chromium refuses that fetch here
  // even in `cors` mode and without the CSP, so this shows the outcome; the
  // same-origin mode and the check of the answer's URL are the layer's own
  // guards, in browser/fetch.rs.)
  const offSite = new Set<string>();
  page.on('response', (r) => {
    if (r.url().startsWith('https://evil.example')) offSite.add(r.request().resourceType());
  });
  await markDocument(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Search' }).click();
  // A document load of the other site, not its HTML in this document.
  await expect(page).toHaveURL('https://evil.example/');
  await expect(page.getByRole('heading', { name: 'Evil page' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __marker?: string }).__marker)).toBeUndefined();
  expect([...offSite]).toEqual(['document']);
});

test('R6: a page from another build submits as a document, and nothing runs twice', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  // The page as an older build's server rendered it.
  await page.route('**/todos', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(
      /<meta name="leptos-build" content="[^"]*"/,
      '<meta name="leptos-build" content="an-older-build"',
    );
    await route.fulfill({ response, body: html });
  });
  await open(page, '/todos', js);
  await page.unroute('**/todos');
  const documents = countDocumentRequests(page);
  const statuses: number[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST') statuses.push(r.status());
  });
  await addForm(page).getByLabel('Title').fill('bread');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect(row(page, 'bread')).toHaveCount(1);
  await expect(page.getByText('2 items left')).toBeVisible();
  // Refused by the server (409, nothing ran), then posted as a document.
  expect(statuses).toEqual([409, 200]);
  expect(documents()).toBe(1);
});

/** Adds 200 ms to every request to the app, as a slow network would. */
async function slowNetwork(page: Page) {
  const origin = new URL(page.url()).origin;
  await page.route(
    (url) => url.origin === origin,
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await route.continue();
    },
  );
}

test('R2: typing right after the optimistic row appears survives, with 200 ms of latency', async ({
  page,
  js,
}) => {
  await todosWith(page, js, ['milk']);
  await slowNetwork(page);
  // The answer is held until the person has begun typing, then released
  // while they type on.
  const release = await hold(page, '**/todos?/add');
  const title = addForm(page).getByLabel('Title');
  await title.fill('First');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  // The row shows at once, so the field is empty at once.
  await expect(row(page, 'First')).toHaveAttribute('aria-busy', 'true');
  await expect(title).toHaveValue('');
  await title.pressSequentially('Sec');
  release();
  await title.pressSequentially('ond', { delay: 150 });
  await expect(row(page, 'First')).not.toHaveAttribute('aria-busy', 'true');
  await expect(page.getByText('2 items left')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(title).toHaveValue('Second');
});

test('R2: after a refusal, the optimistic reset empties the field, and a refusal gives back what was sent', async ({
  page,
  js,
}) => {
  await todosWith(page, js, ['milk']);
  const title = addForm(page).getByLabel('Title');
  // Refused: the title sent comes back with its message.
  await title.fill('   ');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect(addForm(page).getByRole('alert')).toHaveText('Title is required');
  await expect(title).toHaveValue('   ');
  // The next add empties the field as it is sent, not back to the refused text.
  const release = await hold(page, '**/todos?/add');
  await title.fill('bread');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect(row(page, 'bread')).toHaveAttribute('aria-busy', 'true');
  await expect(title).toHaveValue('');
  release();
  await expect(page.getByText('2 items left')).toBeVisible();
  await expect(title).toHaveValue('');
});

/** Lets every `pattern` request reach the server, and holds its answer until
 * the function pushed to the returned list for it is called. */
async function holdAnswers(page: Page, pattern: string): Promise<Array<() => void>> {
  const held: Array<() => void> = [];
  await page.route(pattern, async (route) => {
    const response = await route.fetch();
    await new Promise<void>((release) => held.push(release));
    await route.fulfill({ response });
  });
  return held;
}

const done = (page: Page, title: string) => row(page, title).getByRole('button', { name: 'Done' });

test('P2: answers released in reverse order: the newest answer wins', async ({ page, js }) => {
  await todosWith(page, js, ['milk', 'bread']);
  const held = await holdAnswers(page, '**/todos?/toggle');
  // Two toggles: the server runs them in order, so the second answer's page
  // has both done, the first's only milk.
  await done(page, 'milk').click();
  await expect.poll(() => held.length).toBe(1);
  await done(page, 'bread').click();
  await expect.poll(() => held.length).toBe(2);
  held[1]();
  await expect(page.getByText('0 items left')).toBeVisible();
  // The older answer comes last, and changes nothing.
  const older = page.waitForResponse((r) => r.request().method() === 'POST');
  held[0]();
  await older;
  await page.waitForTimeout(300);
  await expect(page.getByText('0 items left')).toBeVisible();
  await expect(done(page, 'milk')).toHaveAttribute('aria-pressed', 'true');
  await expect(done(page, 'bread')).toHaveAttribute('aria-pressed', 'true');
});

test('P2: an older answer still shows its own form’s failure', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  const adds = await holdAnswers(page, '**/todos?/add');
  await addForm(page).getByLabel('Title').fill('   ');
  await addForm(page).getByRole('button', { name: 'Add' }).click();
  await expect.poll(() => adds.length).toBe(1);
  // A newer toggle is answered first.
  await done(page, 'milk').click();
  await expect(page.getByText('0 items left')).toBeVisible();
  adds[0]();
  await expect(addForm(page).getByRole('alert')).toHaveText('Title is required');
  await expect(addForm(page).getByLabel('Title')).toHaveValue('   ');
  await expect(page.getByText('0 items left')).toBeVisible();
  await expect(done(page, 'milk')).toHaveAttribute('aria-pressed', 'true');
});

/** Records, in the page, when the Add form gets `aria-busy` and `data-kit-busy`. */
async function watchBusy(page: Page) {
  await page.evaluate(() => {
    const form = document.querySelector('form[aria-label="Add todo"]')!;
    const seen: Record<string, number> = {};
    (window as unknown as { __busy: Record<string, number> }).__busy = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        const name = r.attributeName!;
        if (form.hasAttribute(name) && !(name in seen)) seen[name] = performance.now();
        if (name === 'aria-busy' && !form.hasAttribute(name)) seen['answered'] ??= performance.now();
      }
    }).observe(form, { attributes: true, attributeFilter: ['aria-busy', 'data-kit-busy'] });
  });
}

const busyTimes = (page: Page) =>
  page.evaluate(() => (window as unknown as { __busy: Record<string, number> }).__busy);

test('P5: the busy text waits for a slow answer; aria-busy and the disabled button do not', async ({
  page,
  js,
}) => {
  await todosWith(page, js, ['milk']);
  const form = addForm(page);
  // A fast answer: aria-busy at once, and no busy text unless the answer took
  // longer than the delay (150 ms).
  await watchBusy(page);
  await form.getByLabel('Title').fill('bread');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByText('2 items left')).toBeVisible();
  let times = await busyTimes(page);
  expect(times['aria-busy']).toBeDefined();
  if (times['answered'] - times['aria-busy'] < 140) expect(times['data-kit-busy']).toBeUndefined();
  if (times['data-kit-busy'] !== undefined) {
    expect(times['data-kit-busy'] - times['aria-busy']).toBeGreaterThanOrEqual(140);
  }

  // A slow answer: busy and disabled at once, the busy text after the delay.
  await watchBusy(page);
  const release = await hold(page, '**/todos?/add');
  await form.getByLabel('Title').fill('eggs');
  await form.getByRole('button', { name: 'Add' }).click();
  await expect(form).toHaveAttribute('aria-busy', 'true');
  await expect(form.getByRole('button', { name: 'Adding…' })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Adding…' })).toBeDisabled();
  times = await busyTimes(page);
  expect(times['data-kit-busy'] - times['aria-busy']).toBeGreaterThanOrEqual(140);
  release();
  await expect(page.getByText('3 items left')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Add', exact: true })).toBeEnabled();
  await expect(form).not.toHaveAttribute('data-kit-busy');
});
