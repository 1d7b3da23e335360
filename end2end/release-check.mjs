// The release bundle's pages, in Chromium (scripts/test-release.sh): each is
// styled by the hashed stylesheet, its scripts are the hashed, precompressed
// ones, and it hydrates; an enhanced form then submits without a document load.
//
//   node release-check.mjs http://127.0.0.1:PORT
import { chromium } from '@playwright/test';

const base = process.argv[2];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
try {
  const page = await browser.newPage();
  const encodings = new Map();
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/pkg/')) encodings.set(url.pathname, r.headers()['content-encoding'] ?? '');
  });
  const paths = ['/'];
  // template:demo-begin
  paths.push('/login');
  // template:demo-end
  for (const path of paths) {
    const response = await page.goto(base + path);
    check(response?.status() === 200, `${path}: 200`);
    const hydrated = await page
      .waitForSelector('html[data-hydrated="true"]', { timeout: 20_000 })
      .then(() => true, () => false);
    check(hydrated, `${path}: hydrates`);
    const styled = await page.evaluate(
      () =>
        [...document.styleSheets].some((s) => {
          // A sheet that failed to load has no rules to read.
          try {
            return s.href?.includes('/pkg/') && s.cssRules.length > 0;
          } catch {
            return false;
          }
        }) &&
        getComputedStyle(document.querySelector('main')).maxWidth !== 'none',
    );
    check(styled, `${path}: styled by the site's stylesheet`);
  }
  const files = [...encodings.keys()];
  check(files.some((f) => f.endsWith('.wasm')), 'the wasm is loaded');
  check(
    files.every((f) => /\.[A-Za-z0-9_-]{8,}\.(js|wasm|css)$/.test(f) || !/\.(js|wasm|css)$/.test(f)),
    `the files have hashed names (${files.join(', ')})`,
  );
  check(
    [...encodings.entries()].filter(([f]) => /\.(js|wasm)$/.test(f)).every(([, e]) => e === 'br'),
    'the scripts are served brotli-compressed',
  );

  // template:demo-begin
  // Hydrated means enhanced: a refused login answers in place, no document load.
  await page.evaluate(() => (window.__same = true));
  const form = page.getByRole('form', { name: 'Log in' });
  await form.getByLabel('Email').fill('nobody@example.com');
  await form.getByLabel('Password').fill('wrong password');
  await form.getByRole('button', { name: 'Log in' }).click();
  const refused = await page
    .getByText('Invalid email or password')
    .first()
    .waitFor({ timeout: 10_000 })
    .then(() => true, () => false);
  check(refused && (await page.evaluate(() => window.__same === true)), '/login: a refused login answers in place');
  // template:demo-end
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
