// /todos/{id}, the edit page of typed forms (spec F2–F8), each test in Chromium
// with JavaScript on and off.
import type { Page } from '@playwright/test';
import { expect, open, submit, test, todosWith } from './helpers';

const form = (page: Page) => page.getByRole('form', { name: 'Edit todo' });
const list = (page: Page) => page.getByRole('list', { name: 'Todo list' });

/** Opens the edit page of `title` from the /todos list, by its link. */
async function edit(page: Page, js: boolean, title: string) {
  await todosWith(page, js, [title]);
  await list(page).getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/todos\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Edit todo' })).toBeVisible();
  if (js) await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

const save = (page: Page) => submit(page, () => form(page).getByRole('button', { name: 'Save' }).click());

test('F3: save every kind of field, back on the list with the flash, shown once', async ({ page, js }) => {
  await edit(page, js, 'milk');
  const f = form(page);
  await expect(f.getByLabel('Title')).toHaveValue('milk');
  await f.getByLabel('Title').fill('oat milk');
  await f.getByLabel('Notes').fill('two litres');
  await f.getByLabel('Due').fill('2027-01-31');
  await f.getByLabel('Priority').selectOption({ label: 'High' });
  await f.getByLabel('Estimate (hours)').fill('3');
  await f.getByLabel('Done').check();
  await f.getByRole('group', { name: 'Tags' }).getByLabel('Work').check();
  await f.getByRole('group', { name: 'Tags' }).getByLabel('Errand').check();
  await save(page);

  await expect(page).toHaveURL(/\/todos$/);
  await expect(page.getByRole('status').filter({ hasText: 'Saved “oat milk”' })).toBeVisible();
  const row = list(page).getByRole('listitem').filter({ hasText: 'oat milk' });
  await expect(row).toContainText('Due Jan 31, 2027');
  await expect(row).toContainText('High priority');
  await expect(row.getByRole('button', { name: 'Done' })).toHaveAttribute('aria-pressed', 'true');

  // The edit page shows what was saved.
  await row.getByRole('link', { name: 'oat milk' }).click();
  const f2 = form(page);
  await expect(f2.getByLabel('Notes')).toHaveValue('two litres');
  await expect(f2.getByLabel('Due')).toHaveValue('2027-01-31');
  await expect(f2.getByLabel('Priority')).toHaveValue('high');
  await expect(f2.getByLabel('Estimate (hours)')).toHaveValue('3');
  await expect(f2.getByLabel('Done')).toBeChecked();
  await expect(f2.getByRole('group', { name: 'Tags' }).getByLabel('Work')).toBeChecked();
  await expect(f2.getByRole('group', { name: 'Tags' }).getByLabel('Home')).not.toBeChecked();

  // The flash was for one page only.
  await open(page, '/todos', js);
  await expect(page.getByText('Saved “oat milk”')).toHaveCount(0);
});

test('F5: a failed save keeps every value, shows each issue and focuses the summary', async ({ page, js }) => {
  await edit(page, js, 'milk');
  const f = form(page);
  // Values the browser lets through but the server refuses: only spaces (required
  // is met), and values set past the widgets (a date that does not exist, a
  // priority and a tag that are not choices), as a tampering client would.
  await f.getByLabel('Title').fill('   ');
  await f.getByLabel('Notes').evaluate((el) => el.removeAttribute('maxlength'));
  await f.getByLabel('Notes').fill('n'.repeat(2001));
  await f.getByLabel('Estimate (hours)').evaluate((el) => el.removeAttribute('max'));
  await f.getByLabel('Estimate (hours)').fill('1000');
  await page.evaluate(() => {
    const form = document.querySelector('form[aria-label="Edit todo"]') as HTMLFormElement;
    form.noValidate = true;
    (form.elements.namedItem('due') as HTMLInputElement).type = 'text';
    (form.elements.namedItem('due') as HTMLInputElement).value = '2027-02-30';
    const priority = form.elements.namedItem('priority') as HTMLSelectElement;
    priority.add(new Option('Urgent', 'urgent', true, true));
    const tag = document.createElement('input');
    Object.assign(tag, { type: 'checkbox', name: 'tags', value: 'garden', checked: true });
    form.append(tag);
  });
  const response = await save(page);
  expect(response.status()).toBe(422);

  const summary = page.getByRole('heading', { name: 'There is a problem' });
  await expect(summary).toBeVisible();
  await expect(page.locator('.error-summary')).toBeFocused();
  await expect(page).toHaveTitle('Error: Edit todo');
  await expect(f.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');
  await expect(f.getByText('Title is required', { exact: true }).and(f.getByRole('alert'))).toBeVisible();
  await expect(f.getByRole('alert').filter({ hasText: 'Enter a real date' })).toBeVisible();
  await expect(f.getByRole('alert').filter({ hasText: 'Choose a priority' })).toBeVisible();
  await expect(f.getByRole('alert').filter({ hasText: 'Choose from the listed tags' })).toBeVisible();
  await expect(f.getByRole('alert').filter({ hasText: 'Notes must be at most 2000 characters' })).toBeVisible();
  await expect(f.getByRole('alert').filter({ hasText: 'Enter a whole number from 0 to 999' })).toBeVisible();
  await expect(f.getByLabel('Estimate (hours)')).toHaveAttribute('aria-invalid', 'true');
  // What was typed stays.
  await expect(f.getByLabel('Notes')).toHaveValue('n'.repeat(2001));
  await expect(f.getByLabel('Estimate (hours)')).toHaveValue('1000');
  // A summary link moves to its field.
  await page.locator('.error-summary').getByRole('link', { name: 'Title is required' }).click();
  await expect(page).toHaveURL(/#edit-title$/);

  // Corrected, it saves.
  await f.getByLabel('Title').fill('bread');
  await f.getByLabel('Notes').fill('kept');
  await f.getByLabel('Estimate (hours)').fill('12');
  await f.getByLabel('Due').fill('');
  await f.getByLabel('Priority').selectOption('normal');
  await page.evaluate(() => document.querySelector('input[name="tags"][value="garden"]')?.remove());
  await save(page);
  await expect(page).toHaveURL(/\/todos$/);
  await expect(page.getByRole('status').filter({ hasText: 'Saved “bread”' })).toBeVisible();
});

test('F6: the browser checks the constraints before sending', async ({ page, js }) => {
  await edit(page, js, 'milk');
  const f = form(page);
  await f.getByLabel('Title').fill('');
  let posted = false;
  page.on('request', (r) => {
    if (r.method() === 'POST') posted = true;
  });
  await f.getByRole('button', { name: 'Save' }).click();
  await expect(f.getByLabel('Title')).toBeFocused();
  expect(await f.getByLabel('Title').evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
  await f.getByLabel('Estimate (hours)').fill('1000');
  expect(await f.getByLabel('Estimate (hours)').evaluate((el: HTMLInputElement) => el.validity.rangeOverflow)).toBe(
    true,
  );
  expect(posted).toBe(false);
});

test('F8: delete goes back to the list with its flash', async ({ page, js }) => {
  await edit(page, js, 'milk');
  // Delete needs no valid field.
  await form(page).getByLabel('Title').fill('');
  await submit(page, () => form(page).getByRole('button', { name: 'Delete' }).click());
  await expect(page).toHaveURL(/\/todos$/);
  await expect(page.getByRole('status').filter({ hasText: 'Deleted “milk”' })).toBeVisible();
  await expect(list(page).getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText('0 items left')).toBeVisible();
});

test('another id is a 404', async ({ page, js }) => {
  await todosWith(page, js);
  const response = await page.goto('/todos/999999');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
});

test('P4: leaving with edits asks first (a link, back, reload), also after a failed save; nothing after Save', async ({
  page,
  js,
}) => {
  test.skip(!js, 'the guard is the browser half’s; without JavaScript nothing can ask');
  await edit(page, js, 'milk');
  const f = form(page);
  const asked: string[] = [];
  page.on('dialog', (dialog) => {
    asked.push(dialog.type());
    void dialog.dismiss();
  });
  const back = page.getByRole('link', { name: 'Back to the list' });

  // An edit, then a link: asked, and staying keeps the edit.
  await f.getByLabel('Title').fill('oat milk');
  await back.click();
  await expect.poll(() => asked).toEqual(['confirm']);
  await expect(page).toHaveURL(/\/todos\/\d+$/);
  await expect(f.getByLabel('Title')).toHaveValue('oat milk');

  // Back: asked; staying puts the page's entry back.
  await page.goBack();
  await expect.poll(() => asked).toEqual(['confirm', 'confirm']);
  await expect(page).toHaveURL(/\/todos\/\d+$/);
  await expect(f.getByLabel('Title')).toHaveValue('oat milk');

  // Reload: the browser asks (beforeunload); dismissed, nothing reloads.
  await page.reload({ timeout: 1500 }).catch(() => {});
  await expect.poll(() => asked).toContain('beforeunload');
  await expect(f.getByLabel('Title')).toHaveValue('oat milk');

  // A failed save leaves the edits unsaved: still asked.
  asked.length = 0;
  await f.getByLabel('Title').fill('   ');
  await f.getByRole('button', { name: 'Save' }).click();
  await expect(f.getByRole('alert').filter({ hasText: 'Title is required' }).first()).toBeVisible();
  await back.click();
  await expect.poll(() => asked).toEqual(['confirm']);
  await expect(page).toHaveURL(/\/todos\/\d+$/);

  // Saved: nothing asks, and the next edit page starts clean.
  asked.length = 0;
  await f.getByLabel('Title').fill('oat milk');
  await save(page);
  await expect(page).toHaveURL(/\/todos$/);
  await list(page).getByRole('link', { name: 'oat milk' }).click();
  await expect(page).toHaveURL(/\/todos\/\d+$/);
  await page.getByRole('link', { name: 'Back to the list' }).click();
  await expect(page).toHaveURL(/\/todos$/);
  expect(asked).toEqual([]);
});

// P1: the Subtasks, a list of rows. With JavaScript, Add subtask and Remove
// subtask N change the page with no request; without it, each posts the form and
// the answer is the same page, one row more or fewer, every value kept, nothing
// saved (200).

const subtasks = (page: Page) => form(page).getByRole('group', { name: 'Subtasks' });
const subtask = (page: Page, n: number) => subtasks(page).getByLabel(`Subtask ${n}`, { exact: true });
const subtaskDone = (page: Page, n: number) => subtasks(page).getByLabel(`Subtask ${n} done`, { exact: true });

/** Clicks a rows button: with JavaScript no request goes out; without it, the
 * form posts and the same page comes back, 200. */
async function rowsButton(page: Page, js: boolean, name: string) {
  const button = subtasks(page).getByRole('button', { name, exact: true });
  if (js) {
    const posts: string[] = [];
    const count = (r: { method(): string; url(): string }) => {
      if (r.method() === 'POST') posts.push(r.url());
    };
    page.on('request', count);
    await button.click();
    // Nothing is sent, now or a moment later.
    await page.waitForTimeout(100);
    page.off('request', count);
    expect(posts).toEqual([]);
  } else {
    const response = await submit(page, () => button.click());
    expect(response.status()).toBe(200);
    await expect(page).toHaveURL(/\/todos\/\d+\?\/save$/);
  }
}

test('P1: add and remove subtasks, every value kept, then Save stores them', async ({ page, js }) => {
  await edit(page, js, 'milk');
  await form(page).getByLabel('Title').fill('oat milk');
  await expect(subtasks(page).getByRole('listitem')).toHaveCount(0);

  await rowsButton(page, js, 'Add subtask');
  await expect(subtask(page, 1)).toBeFocused();
  await subtask(page, 1).fill('Buy oats');
  await subtaskDone(page, 1).check();
  await rowsButton(page, js, 'Add subtask');
  await expect(subtask(page, 2)).toBeFocused();
  await subtask(page, 2).fill('Shake');
  await rowsButton(page, js, 'Add subtask');
  await subtask(page, 3).fill('Pour');
  await expect(subtasks(page).getByRole('listitem')).toHaveCount(3);

  // Removing the second: the third is now Subtask 2, with its buttons.
  await rowsButton(page, js, 'Remove subtask 2');
  await expect(subtasks(page).getByRole('listitem')).toHaveCount(2);
  await expect(subtask(page, 1)).toHaveValue('Buy oats');
  await expect(subtaskDone(page, 1)).toBeChecked();
  await expect(subtask(page, 2)).toHaveValue('Pour');
  await expect(subtaskDone(page, 2)).not.toBeChecked();
  await expect(subtask(page, 2)).toBeFocused();
  await expect(subtasks(page).getByRole('button', { name: 'Remove subtask 2', exact: true })).toBeVisible();
  await expect(subtasks(page).getByRole('button', { name: 'Remove subtask 3' })).toHaveCount(0);
  // What was typed elsewhere stays, and nothing was saved yet.
  await expect(form(page).getByLabel('Title')).toHaveValue('oat milk');
  const id = new URL(page.url()).pathname.split('/').pop();
  const before = await (await page.request.get(`/api/todos/${id}`)).json();
  expect([before.title, before.subtasks]).toEqual(['milk', []]);

  // Enter in a row's field saves the form (not the first row's Remove).
  await subtask(page, 2).press('Enter');
  await expect(page).toHaveURL(/\/todos$/);
  await expect(page.getByRole('status').filter({ hasText: 'Saved “oat milk”' })).toBeVisible();
  const after = await (await page.request.get(`/api/todos/${id}`)).json();
  expect(after.subtasks).toEqual([
    { title: 'Buy oats', done: true },
    { title: 'Pour', done: false },
  ]);

  // The edit page shows them again.
  await list(page).getByRole('link', { name: 'oat milk' }).click();
  await expect(subtask(page, 1)).toHaveValue('Buy oats');
  await expect(subtaskDone(page, 1)).toBeChecked();
  await expect(subtask(page, 2)).toHaveValue('Pour');

  // Removed and saved, they are gone.
  await rowsButton(page, js, 'Remove subtask 1');
  await rowsButton(page, js, 'Remove subtask 1');
  await expect(subtasks(page).getByRole('listitem')).toHaveCount(0);
  await expect(subtasks(page).getByRole('button', { name: 'Add subtask' })).toBeFocused();
  await save(page);
  await expect(page).toHaveURL(/\/todos$/);
  expect((await (await page.request.get(`/api/todos/${id}`)).json()).subtasks).toEqual([]);
});

test("P1: a subtask's issue shows in its row, named after it", async ({ page, js }) => {
  await edit(page, js, 'milk');
  await rowsButton(page, js, 'Add subtask');
  await rowsButton(page, js, 'Add subtask');
  await subtask(page, 1).fill('fine');
  // Only spaces: the browser lets it through (required is met), the server does not.
  await subtask(page, 2).fill('   ');
  const response = await save(page);
  expect(response.status()).toBe(422);

  const second = subtasks(page).getByRole('listitem').nth(1);
  await expect(second.getByRole('alert')).toHaveText('Subtask 2: Title is required');
  await expect(subtask(page, 2)).toHaveAttribute('aria-invalid', 'true');
  await expect(subtask(page, 2)).toHaveValue('   ');
  await expect(subtasks(page).getByRole('listitem').first().getByRole('alert')).toHaveCount(0);
  await expect(subtask(page, 1)).toHaveValue('fine');
  // The summary lists it, a link to its field.
  await page.locator('.error-summary').getByRole('link', { name: 'Subtask 2: Title is required' }).click();
  await expect(page).toHaveURL(/#edit-subtasks-1-title$/);

  if (js) {
    // Removed above it, the row and its issue are numbered again.
    await rowsButton(page, js, 'Remove subtask 1');
    const first = subtasks(page).getByRole('listitem').first();
    await expect(first.getByRole('alert')).toHaveText('Subtask 1: Title is required');
    await expect(subtask(page, 1)).toHaveValue('   ');
    await expect(subtask(page, 1)).toHaveAttribute('aria-describedby', 'edit-subtasks-0-title-error');
  }
  // Corrected (with JavaScript it is Subtask 1 now), it saves.
  await subtask(page, js ? 1 : 2).fill('better');
  await save(page);
  await expect(page).toHaveURL(/\/todos$/);
});

test('P1: a 21st subtask is refused with the list’s issue', async ({ page, js }) => {
  test.setTimeout(60_000);
  await edit(page, js, 'milk');
  for (let n = 1; n <= 20; n += 1) {
    await rowsButton(page, js, 'Add subtask');
    await subtask(page, n).fill(`step ${n}`);
  }
  // The 21st goes to the server, which answers with the list's issue.
  const response = await submit(page, () => subtasks(page).getByRole('button', { name: 'Add subtask' }).click());
  expect(response.status()).toBe(422);
  await expect(subtasks(page).getByRole('alert')).toHaveText('At most 20 subtasks');
  await expect(subtasks(page).getByRole('listitem')).toHaveCount(20);
  await expect(subtask(page, 20)).toHaveValue('step 20');
});
