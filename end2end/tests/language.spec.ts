// Two languages (spec L1–L3): the Language form of the layout, with
// JavaScript on and off, switches the page's language and back, keeps the URL,
// and a page with a failed form shows its messages in the new language; axe
// checks the pages in Japanese.
import { check, documentOf } from './a11y';
import { expect, open, test, todosWith } from './helpers';

test.describe.configure({ timeout: 60_000 });

/** Chooses `language` in the layout's Language form and waits for the page. */
async function choose(page: import('@playwright/test').Page, name: string, language: string) {
  const form = page.getByRole('form', { name });
  await form.getByRole('combobox').selectOption(language);
  await form.getByRole('button').click();
}

test('L2: the Language form switches the page to Japanese and back, the URL kept', async ({ page, js }) => {
  await open(page, '/login?redirectTo=/todos', js);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await choose(page, 'Language', 'ja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page).toHaveURL(/\/login\?redirectTo=\/todos$/);
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'ホーム' })).toBeVisible();
  await expect(page.getByRole('form', { name: '言語' }).getByRole('combobox')).toHaveValue('ja');

  await choose(page, '言語', 'en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/login\?redirectTo=\/todos$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
});

test('L1: a failed form, then the other language: its messages in that language', async ({ page, js }) => {
  await open(page, '/login', js);
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(form.getByText('Email is required')).toBeVisible();

  await choose(page, 'Language', 'ja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  const ja = page.getByRole('form', { name: 'ログイン' });
  await ja.getByLabel('メールアドレス').fill('nobody@example.com');
  await ja.getByRole('button', { name: 'ログイン' }).click();
  await expect(ja.getByText('パスワードを入力してください')).toBeVisible();
  await ja.getByLabel('パスワード').fill('wrong password');
  await ja.getByRole('button', { name: 'ログイン' }).click();
  await expect(ja.getByText('メールアドレスまたはパスワードが正しくありません')).toBeVisible();

  await choose(page, '言語', 'en');
  const en = page.getByRole('form', { name: 'Log in' });
  await en.getByRole('button', { name: 'Log in' }).click();
  await expect(en.getByText('Email is required')).toBeVisible();
});

test('L3: the Add form, an island, works in Japanese', async ({ page, js }) => {
  await todosWith(page, js, ['milk']);
  await choose(page, 'Language', 'ja');
  await expect(page.getByText('残り 1 件')).toBeVisible();
  const add = page.getByRole('form', { name: 'ToDoを追加' });
  await add.getByLabel('タイトル').fill('   ');
  await add.getByRole('button', { name: '追加' }).click();
  // The server's check, in the page's language (the form has no browser check).
  await expect(add.getByText('タイトルを入力してください')).toBeVisible();
  await add.getByLabel('タイトル').fill('bread');
  await add.getByRole('button', { name: '追加' }).click();
  await expect(page.getByRole('list', { name: 'ToDoリスト' }).getByText('bread')).toBeVisible();
  await expect(page.getByText('残り 2 件')).toBeVisible();
});

test('axe: the pages in Japanese', async ({ page, js }) => {
  await open(page, '/', js);
  await choose(page, 'Language', 'ja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await check(page, js, 'ja-home', await open(page, '/', js));
  await check(page, js, 'ja-login', await open(page, '/login', js));
  await check(page, js, 'ja-language', await open(page, '/language', js));
  await check(page, js, 'ja-not-found', await open(page, '/no-such-page', js));

  const form = page.getByRole('form', { name: 'ログイン' });
  await open(page, '/login', js);
  const failed = await documentOf(page, () => form.getByRole('button', { name: 'ログイン' }).click());
  await expect(form.getByRole('alert').first()).toBeVisible();
  await check(page, js, 'ja-login-failed', failed);
});

test('axe: the todos and a failed edit in Japanese', async ({ page, js }) => {
  // Registered in English (the helpers read English), then in Japanese.
  await todosWith(page, js, ['milk']);
  await choose(page, 'Language', 'ja');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await check(page, js, 'ja-todos', await open(page, '/todos', js));
  const list = page.getByRole('list', { name: 'ToDoリスト' });
  await list.getByRole('link', { name: 'milk' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ToDoを編集' })).toBeVisible();
  const edit = page.getByRole('form', { name: 'ToDoを編集' });
  await edit.getByLabel('タイトル', { exact: true }).fill('');
  await edit.evaluate((f: HTMLFormElement) => (f.noValidate = true));
  const saved = await documentOf(page, () => edit.getByRole('button', { name: '保存' }).click());
  await expect(page.getByText('入力内容に問題があります')).toBeVisible();
  await check(page, js, 'ja-edit-failed', saved);
});

test('L3: with JavaScript, the browser half speaks the page\'s language', async ({ page, js }) => {
  test.skip(!js, 'the browser half runs with JavaScript only');
  await todosWith(page, js, ['milk']);
  await choose(page, 'Language', 'ja');
  await open(page, '/todos', js);
  await page.route('**/todos?/add', (route) => route.abort('internetdisconnected'));
  const add = page.getByRole('form', { name: 'ToDoを追加' });
  await add.getByLabel('タイトル').fill('keep me');
  await add.getByRole('button', { name: '追加' }).click();
  await expect(add.getByRole('alert')).toHaveText(
    'リクエストに失敗しました。接続を確認して、もう一度お試しください。',
  );
  await expect(add.getByLabel('タイトル')).toHaveValue('keep me');
});
