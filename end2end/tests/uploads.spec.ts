// The Attachments form of /todos/{id} (spec U1–U4, U6, U7), in Chromium with
// JavaScript off (a plain multipart form) and on (the layer's enhanced submit
// posts the same multipart body, with its progress shown, after the browser
// has checked the files against the same limits, U4).
import type { Page } from '@playwright/test';
import { check } from './a11y';
import { expect, open, submit, test, todosWith } from './helpers';

const attachments = (page: Page) => page.getByRole('form', { name: 'Attachments' });
const upload = (page: Page) => submit(page, () => attachments(page).getByRole('button', { name: 'Upload' }).click());

/** A user with one todo, on its edit page. */
async function onTodo(page: Page, js: boolean) {
  await todosWith(page, js, ['Trip']);
  await page.getByRole('list', { name: 'Todo list' }).getByRole('link', { name: 'Trip' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit todo' })).toBeVisible();
}

const file = (name: string, mimeType: string, content: string | Buffer) => ({
  name,
  mimeType,
  buffer: typeof content === 'string' ? Buffer.from(content) : content,
});

test('U1: attach two files, each listed with its size and a download, then remove one', async ({ page, js }) => {
  await onTodo(page, js);
  const field = attachments(page).getByLabel('Attach files');
  await expect(field).toHaveAttribute('type', 'file');
  await expect(field).toHaveAttribute('multiple', '');
  await expect(field).toHaveAttribute('accept', 'image/png,image/jpeg,application/pdf,text/plain');
  await field.setInputFiles([
    file('notes.txt', 'text/plain', 'a'.repeat(12_345)),
    file('plan.pdf', 'application/pdf', '%PDF-1.7\n'),
  ]);
  const response = await upload(page);
  // Without JavaScript the 303 itself; with it, the answer that carries it (R1).
  expect(response.status()).toBe(js ? 200 : 303);

  await expect(page).toHaveURL(/\/todos\/\d+$/);
  await expect(page.getByRole('status').filter({ hasText: 'Attached 2 files' })).toBeVisible();
  const notes = page.getByRole('listitem').filter({ hasText: 'notes.txt' });
  await expect(notes).toContainText('12 KB');
  await expect(notes.getByRole('link', { name: 'notes.txt' })).toHaveAttribute('href', /\/todos\/\d+\/attachments\/\d+$/);

  // The download is the file, as an attachment.
  const href = await notes.getByRole('link', { name: 'notes.txt' }).getAttribute('href');
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toContain('attachment; filename="notes.txt"');
  expect((await download.body()).length).toBe(12_345);

  await submit(page, () =>
    page.getByRole('form', { name: 'Remove notes.txt' }).getByRole('button', { name: 'Remove' }).click(),
  );
  await expect(page.getByRole('status').filter({ hasText: 'Removed “notes.txt”' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'notes.txt' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'plan.pdf' })).toBeVisible();

  // The list counts them.
  await open(page, '/todos', js);
  await expect(page.getByRole('listitem').filter({ hasText: 'Trip' })).toContainText('1 attachment');
});

test('U3: a file too large or of a type not accepted shows its issue next to the field', async ({ page, js }) => {
  // With JavaScript the browser refuses these before sending (U4, below).
  test.skip(js, 'with JavaScript the browser checks these first');
  await onTodo(page, js);
  const cases = [
    { file: file('big.txt', 'text/plain', Buffer.alloc(5_000_001, 'a')), issue: 'File must be at most 5 MB' },
    { file: file('logo.gif', 'image/gif', 'GIF89a'), issue: 'Choose a PNG, JPEG, PDF or text file' },
  ];
  for (const { file: sent, issue } of cases) {
    await attachments(page).getByLabel('Attach files').setInputFiles(sent);
    const response = await upload(page);
    expect(response.status()).toBe(422);
    await expectIssue(page, issue);
    // The edit form is as it was.
    await expect(page.getByRole('form', { name: 'Edit todo' }).getByLabel('Title')).toHaveValue('Trip');
  }
  await expect(page.getByRole('listitem').filter({ hasText: 'big.txt' })).toHaveCount(0);
});

test('U3: a file whose bytes are not of its declared type is refused by the server, also with JavaScript', async ({
  page,
  js,
}) => {
  await onTodo(page, js);
  // Declared a PNG, which the browser's check takes at its word: its first
  // bytes say GIF, which only the server reads.
  await attachments(page).getByLabel('Attach files').setInputFiles(file('logo.png', 'image/png', 'GIF89a'));
  const response = await upload(page);
  // With JavaScript too: the enhanced answer has the failure's status (E8).
  expect(response.status()).toBe(422);
  await expectIssue(page, 'Choose a PNG, JPEG, PDF or text file');
  await expect(page.getByRole('link', { name: 'logo.png' })).toHaveCount(0);
});

/** The Attachments field shows `issue`, as its description and as an alert. */
async function expectIssue(page: Page, issue: string) {
  const field = attachments(page).getByLabel('Attach files');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(issue);
  await expect(attachments(page).getByRole('alert')).toHaveText(issue);
}

/** Counts the POSTs from now on. */
function countPosts(page: Page): () => number {
  let count = 0;
  page.on('request', (r) => {
    if (r.method() === 'POST') count += 1;
  });
  return () => count;
}

test('U4: with JavaScript, the browser checks count, size and type first, with the same messages, and sends nothing', async ({
  page,
  js,
}) => {
  test.skip(!js, 'the checks before sending need JavaScript');
  await onTodo(page, js);
  const posts = countPosts(page);
  const field = attachments(page).getByLabel('Attach files');
  const eleven = Array.from({ length: 11 }, (_, i) => file(`n${i}.txt`, 'text/plain', 'n'));
  const cases = [
    { files: [file('big.txt', 'text/plain', Buffer.alloc(5_000_001, 'a'))], issue: 'File must be at most 5 MB' },
    { files: [file('logo.gif', 'image/gif', 'GIF89a')], issue: 'Choose a PNG, JPEG, PDF or text file' },
    { files: eleven, issue: 'At most 10 attachments per todo' },
  ];
  for (const { files, issue } of cases) {
    await field.setInputFiles(files);
    await attachments(page).getByRole('button', { name: 'Upload' }).click();
    await expectIssue(page, issue);
    // Focus goes to the field, as after the server's answer (E5).
    await expect(field).toBeFocused();
  }
  expect(posts()).toBe(0);
  // The issue the browser showed passes axe, as the server's does.
  await check(page, js, 'upload-checked', null);

  // Files within the limits go, and the browser's issue goes with them.
  await field.setInputFiles(file('notes.txt', 'text/plain', 'notes'));
  const response = await upload(page);
  expect(response.status()).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'Attached 1 file' })).toBeVisible();
  await expect(attachments(page).getByRole('alert')).toHaveCount(0);
  await expect(field).not.toHaveAttribute('aria-invalid');
  expect(posts()).toBe(1);
});

test('U4: with JavaScript, the checks speak the language of the page', async ({ page, js }) => {
  test.skip(!js, 'the checks before sending need JavaScript');
  await onTodo(page, js);
  await page.context().addCookies([{ name: 'locale', value: 'ja', url: page.url() }]);
  await open(page, new URL(page.url()).pathname, js);
  const form = page.getByRole('form', { name: '添付ファイル' });
  await form.getByLabel('ファイルを添付').setInputFiles(file('big.txt', 'text/plain', Buffer.alloc(5_000_001, 'a')));
  await form.getByRole('button', { name: 'アップロード' }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toBeVisible();
  // The server's own message (demo-app.md's Japanese table).
  await expect(alert).toHaveText('ファイルは5MB以下にしてください');
});

test('U4: with JavaScript, an upload shows its progress as bytes go, and is sent as one request', async ({
  page,
  js,
}) => {
  test.skip(!js, 'progress needs JavaScript');
  await onTodo(page, js);
  const posts = countPosts(page);
  // Uploads at 1 MB/s, as on a slow connection.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: 1_000_000,
  });
  await attachments(page).getByLabel('Attach files').setInputFiles(file('big.txt', 'text/plain', Buffer.alloc(4_000_000, 'a')));
  await attachments(page).getByRole('button', { name: 'Upload' }).click();
  const bar = attachments(page).getByRole('progressbar', { name: 'Uploading' });
  await expect(bar).toBeVisible();
  // Part of the way, the bar and its text say the same.
  await expect
    .poll(async () => {
      const [value, text] = await bar.evaluate((el: HTMLProgressElement) => [el.value, el.nextElementSibling?.textContent]);
      return value > 0 && value < 100 && text === `${value}%`;
    })
    .toBe(true);
  await expect(page.getByRole('status').filter({ hasText: 'Attached 1 file' })).toBeVisible({ timeout: 15_000 });
  await expect(bar).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'big.txt' })).toBeVisible();
  expect(posts()).toBe(1);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
});

test('U4: Cancel aborts the upload: nothing is saved, the file stays chosen, and focus stays in the form', async ({
  page,
  js,
}) => {
  test.skip(!js, 'cancelling an upload needs JavaScript');
  await onTodo(page, js);
  // The answer never comes while the route holds the request.
  await page.route(/\?\/attach$/, () => {});
  const field = attachments(page).getByLabel('Attach files');
  await field.setInputFiles(file('notes.txt', 'text/plain', 'notes'));
  await attachments(page).getByRole('button', { name: 'Upload' }).click();
  // The progress bar, its text and its button pass axe.
  await expect(attachments(page).getByRole('progressbar', { name: 'Uploading' })).toBeVisible();
  await check(page, js, 'upload-progress', null);
  await attachments(page).getByRole('button', { name: 'Cancel upload' }).click();
  await expect(attachments(page).getByRole('alert')).toHaveText('The upload was cancelled. Nothing was saved.');
  await expect(attachments(page).getByRole('progressbar')).toHaveCount(0);
  await expect(attachments(page).getByRole('button', { name: 'Upload' })).toBeEnabled();
  // Focus was on Cancel, which went: it is back on the button that sent it.
  await expect(attachments(page).getByRole('button', { name: 'Upload' })).toBeFocused();
  expect(await field.evaluate((el: HTMLInputElement) => el.files?.length)).toBe(1);
  await expect(attachments(page)).not.toHaveAttribute('aria-busy', 'true');

  // Sent again, it is saved once.
  await page.unroute(/\?\/attach$/);
  await upload(page);
  await expect(page.getByRole('status').filter({ hasText: 'Attached 1 file' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'notes.txt' })).toHaveCount(1);
});

test('U4: what is typed in the edit form and not saved survives an upload', async ({ page, js }) => {
  test.skip(!js, 'without JavaScript an upload loads the page again');
  await onTodo(page, js);
  const title = page.getByRole('form', { name: 'Edit todo' }).getByLabel('Title');
  await title.fill('Trip to Kyoto');
  await attachments(page).getByLabel('Attach files').setInputFiles(file('notes.txt', 'text/plain', 'notes'));
  await upload(page);
  await expect(page.getByRole('status').filter({ hasText: 'Attached 1 file' })).toBeVisible();
  await expect(title).toHaveValue('Trip to Kyoto');
});

test('U4: pages without a file field do not load the upload code', async ({ page, js }) => {
  test.skip(!js, 'no code is loaded without JavaScript');
  const chunks: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) chunks.push(new URL(r.url()).pathname);
  });
  await onTodo(page, js);
  await page.waitForLoadState('networkidle');
  const before = chunks.length;
  // The first submission of a form with a file field fetches the upload's chunks.
  await attachments(page).getByLabel('Attach files').setInputFiles(file('notes.txt', 'text/plain', 'notes'));
  await upload(page);
  await expect(page.getByRole('status').filter({ hasText: 'Attached 1 file' })).toBeVisible();
  expect(chunks.length).toBeGreaterThan(before);
});
