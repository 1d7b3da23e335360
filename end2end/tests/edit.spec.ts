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
  await expect(row).toContainText('Due 2027-01-31');
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
