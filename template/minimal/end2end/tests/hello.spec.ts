// `/` and its action `greet`, in Chromium with JavaScript on and off.
import { expect, open, submit, test } from './helpers';
import type { Page } from '@playwright/test';

const form = (page: Page) => page.getByRole('form', { name: 'Greet' });

async function greet(page: Page, name: string) {
  await form(page).getByLabel('Name').fill(name);
  return submit(page, () => form(page).getByRole('button', { name: 'Greet' }).click());
}

test('a blank name is a 422 with the message, and focus on the field', async ({ page, js }) => {
  await open(page, '/', js);
  const response = await greet(page, '   ');
  expect(response.status()).toBe(422);
  await expect(form(page).getByRole('alert')).toHaveText('Name is required');
  await expect(form(page).getByLabel('Name')).toBeFocused();
});

test('a name is greeted, then the message goes', async ({ page, js }) => {
  await open(page, '/', js);
  expect((await greet(page, '')).status()).toBe(422);
  const response = await greet(page, 'Ada');
  expect(response.status()).toBe(200);
  await expect(page.getByRole('status').filter({ hasText: 'Hello, Ada!' })).toBeVisible();
  await expect(form(page).getByRole('alert')).toHaveCount(0);
});
