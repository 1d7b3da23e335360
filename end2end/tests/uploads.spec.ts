// The Attachments form of /todos/{id} (spec U1–U3, U6, U7), in Chromium with
// JavaScript off (a plain multipart form) and on (the layer's enhanced submit
// posts the same multipart body; the browser half of uploads, U4: progress,
// cancel, checks before sending, is not built yet).
import type { Page } from '@playwright/test';
import { expect, open, submit, test, todosWith } from './helpers';

test.skip(({ js }) => js && false, 'the browser half of uploads (U4: progress, cancel, checks before sending) is not built yet');

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
  await onTodo(page, js);
  const cases = [
    { file: file('big.txt', 'text/plain', Buffer.alloc(5_000_001, 'a')), issue: 'File must be at most 5 MB' },
    { file: file('logo.gif', 'image/gif', 'GIF89a'), issue: 'Choose a PNG, JPEG, PDF or text file' },
  ];
  for (const { file: sent, issue } of cases) {
    await attachments(page).getByLabel('Attach files').setInputFiles(sent);
    const response = await upload(page);
    expect(response.status()).toBe(422);
    const field = attachments(page).getByLabel('Attach files');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription(issue);
    await expect(attachments(page).getByRole('alert')).toHaveText(issue);
    // The edit form is as it was.
    await expect(page.getByRole('form', { name: 'Edit todo' }).getByLabel('Title')).toHaveValue('Trip');
  }
  await expect(page.getByRole('listitem').filter({ hasText: 'big.txt' })).toHaveCount(0);
});
