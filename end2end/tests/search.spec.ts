// /search: a GET form, each test in Chromium with JavaScript on and off.
import type { Page } from '@playwright/test';
import { countDocumentRequests, expect, expectSameDocument, markDocument, open, test, todosWith } from './helpers';

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search' });

async function search(page: Page, text: string) {
  await searchBox(page).fill(text);
  await page.getByRole('form', { name: 'Search' }).getByRole('button', { name: 'Search' }).click();
}

/** Searches the way people mostly do: Enter in the field. */
async function searchWithEnter(page: Page, text: string) {
  await searchBox(page).fill(text);
  await searchBox(page).press('Enter');
}

test('G1: search lists the matching todos, ignoring case', async ({ page, js }) => {
  await todosWith(page, js, ['Buy MILK', 'bread', 'oat milk']);
  await open(page, '/search', js);
  if (js) await markDocument(page);
  const documents = countDocumentRequests(page);

  await searchWithEnter(page, 'milk');
  await expect(page).toHaveURL(/\/search\?q=milk$/);
  const results = page.getByRole('list', { name: 'Results' });
  await expect(results.getByRole('listitem')).toHaveText(['Buy MILK', 'oat milk']);
  await expect(searchBox(page)).toHaveValue('milk');
  if (js) {
    // Through the client-side router: no document request.
    expect(documents()).toBe(0);
    await expectSameDocument(page);
    // keep_focus: the field still has focus after the navigation.
    await expect(searchBox(page)).toBeFocused();
  } else {
    expect(documents()).toBe(1);
  }
});

test('G1: no match says so; an empty query shows neither', async ({ page, js }) => {
  await todosWith(page, js, ['bread']);
  await open(page, '/search', js);
  await search(page, 'milk');
  await expect(page.getByText('No todos match “milk”')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Results' })).toHaveCount(0);

  await search(page, '');
  await expect(page).toHaveURL(/\/search\?q=$/);
  await expect(page.getByText(/No todos match/)).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Results' })).toHaveCount(0);
});

test('logged out, /search sends to log in', async ({ page, js }) => {
  await open(page, '/search?q=milk', js);
  await expect(page).toHaveURL(/\/login\?redirectTo=\/search$/);
});

test('back and forward show each search again, without a document load with JS', async ({ page, js }) => {
  await todosWith(page, js, ['milk', 'bread']);
  await open(page, '/search', js);
  if (js) await markDocument(page);
  await searchWithEnter(page, 'milk');
  await expect(page).toHaveURL(/\/search\?q=milk$/);
  await searchWithEnter(page, 'bread');
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('listitem')).toHaveText(['bread']);
  const documents = countDocumentRequests(page);

  await page.goBack();
  await expect(page).toHaveURL(/\/search\?q=milk$/);
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('listitem')).toHaveText(['milk']);
  // With JS the field shows the entry's query. (Without, Chromium restores what
  // was typed in it last, "bread", as it does for any page from history.)
  if (js) await expect(searchBox(page)).toHaveValue('milk');

  await page.goForward();
  await expect(page).toHaveURL(/\/search\?q=bread$/);
  await expect(page.getByRole('list', { name: 'Results' }).getByRole('listitem')).toHaveText(['bread']);
  if (js) {
    await expect(searchBox(page)).toHaveValue('bread');
    expect(documents()).toBe(0);
    await expectSameDocument(page);
  }
});

test("G1: a GET form's replace, noscroll and reload options", async ({ page, js }) => {
  test.skip(!js, 'without JavaScript every GET form is a document load');
  await todosWith(page, js, ['milk']);
  await open(page, '/search', js);
  const form = page.getByRole('form', { name: 'Search' });
  // The demo's form uses keep_focus only; GetForm renders each option as the
  // attribute set here (its unit test), so this tests what the kit does with it.
  const setOption = (name: string) => form.evaluate((f, n) => f.setAttribute(n, ''), name);

  // replace: the search takes the place of the current history entry.
  const entries = await page.evaluate(() => history.length);
  await setOption('data-kit-replace');
  await searchWithEnter(page, 'milk');
  await expect(page).toHaveURL(/\/search\?q=milk$/);
  expect(await page.evaluate(() => history.length)).toBe(entries);
  await searchWithEnter(page, 'bread');
  await expect(page).toHaveURL(/\/search\?q=bread$/);
  expect(await page.evaluate(() => history.length)).toBe(entries + 1);

  // noscroll: the position stays; without it a navigation starts at the top.
  // (Submitted from script: Playwright would scroll to the field to type in it.)
  const submitScrolled = async (text: string) => {
    await searchBox(page).fill(text);
    await page.evaluate(() => {
      document.body.style.minHeight = '4000px';
      window.scrollTo(0, 600);
    });
    await form.evaluate((f: HTMLFormElement) => f.requestSubmit());
  };
  await setOption('data-kit-noscroll');
  await submitScrolled('milk');
  await expect(page).toHaveURL(/\/search\?q=milk$/);
  expect(await page.evaluate(() => window.scrollY)).toBe(600);
  await submitScrolled('bread');
  await expect(page).toHaveURL(/\/search\?q=bread$/);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);

  // reload: the form is rendered without data-kit, and the browser loads the page.
  await form.evaluate((f) => f.removeAttribute('data-kit'));
  const documents = countDocumentRequests(page);
  await searchWithEnter(page, 'milk');
  await expect(page).toHaveURL(/\/search\?q=milk$/);
  expect(documents()).toBe(1);
});
