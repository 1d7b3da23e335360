// Every page, and every state its form leaves it in, checked by axe-core with
// JavaScript on and off (./a11y.ts); without JavaScript each state's HTML is
// kept for the Nu Html Checker (scripts/check-html.sh, after this suite in make
// test). Add a line here for each page and state of yours.
import { check, documentOf } from './a11y';
import { expect, open, test } from './helpers';

test('axe: the pages and the states of their forms', async ({ page, js }) => {
  await check(page, js, 'hello', await open(page, '/', js));
  await check(page, js, 'not-found', await open(page, '/no-such-page', js));

  const form = page.getByRole('form', { name: 'Greet' });
  await open(page, '/', js);
  await form.getByLabel('Name').fill('   ');
  const failed = await documentOf(page, () => form.getByRole('button', { name: 'Greet' }).click());
  await expect(form.getByRole('alert')).toHaveText('Name is required');
  await check(page, js, 'hello-failed', failed);

  await form.getByLabel('Name').fill('Ada');
  const greeted = await documentOf(page, () => form.getByRole('button', { name: 'Greet' }).click());
  await expect(page.getByRole('status').filter({ hasText: 'Hello, Ada!' })).toBeVisible();
  await check(page, js, 'hello-greeted', greeted);
});
