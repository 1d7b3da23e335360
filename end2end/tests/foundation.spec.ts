import { countDocumentRequests, expect, expectSameDocument, markDocument, open, test } from './helpers';

test('layout: the nav links and the Home page', async ({ page, js }) => {
  const response = await open(page, '/', js);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  const nav = page.getByRole('navigation');
  for (const [name, href] of [
    ['Home', '/'],
    ['Todos', '/todos'],
    ['Search', '/search'],
    ['Log in', '/login'],
  ]) {
    await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('href', href);
  }
});

test('404: an unknown path answers 404 with Not found', async ({ page, js }) => {
  const response = await open(page, '/no/such/page', js);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
});

test('E1: the page hydrates, and nav links then navigate with no document request', async ({ page, js }) => {
  test.skip(!js, 'hydration needs JavaScript');
  await open(page, '/', js);
  await markDocument(page);
  const documents = countDocumentRequests(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  // The new page's <head> came along, and screen readers hear its title.
  await expect(page).toHaveTitle('Log in');
  await expect(page.locator('[aria-live="assertive"]')).toHaveText('Log in');

  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(page).toHaveTitle('Home');

  expect(documents()).toBe(0);
  await expectSameDocument(page);
});
