import { countDocumentRequests, expect, expectSameDocument, markDocument, open, test } from './helpers';

test('layout: the nav link and the Hello page', async ({ page, js }) => {
  const response = await open(page, '/', js);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello' })).toBeVisible();
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Home', exact: true })).toHaveAttribute(
    'href',
    '/',
  );
});

test('404: an unknown path answers 404 with Not found', async ({ page, js }) => {
  const response = await open(page, '/no/such/page', js);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
});

test('E1: the page hydrates, and a nav link then navigates with no document request', async ({ page, js }) => {
  test.skip(!js, 'hydration needs JavaScript');
  await open(page, '/no/such/page', js);
  await markDocument(page);
  const documents = countDocumentRequests(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Hello' })).toBeVisible();
  // The new page's <head> came along, and screen readers hear its title.
  await expect(page).toHaveTitle('Hello');
  await expect(page.locator('[aria-live="assertive"]')).toHaveText('Hello');

  expect(documents()).toBe(0);
  await expectSameDocument(page);
});
