// What the Chromium benchmarks (scripts/bench-*.js) share: Debian's Chromium,
// launched as the Playwright suite launches it, and a user of their own.
const { chromium } = require('../end2end/node_modules/@playwright/test');

/** Headless Chromium (CHROMIUM_PATH, else Debian's), as root, and without the
 * background networking that this closed network refuses. */
function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A browser context on `origin`, logged in as a new user (`prefix`-…) with
 * `count` todos ("todo number 1", …); the context, its API client and the
 * todos' ids. */
async function userWithTodos(browser, origin, prefix, count = 20) {
  const context = await browser.newContext({ baseURL: origin });
  const api = context.request;
  const email = `${prefix}-${Date.now().toString(36)}@example.com`;
  const registered = await api.post('/login?/register', {
    form: { email, password: 'benchmark-password' },
    maxRedirects: 0,
  });
  if (!(await context.cookies()).some((c) => c.name === 'session')) {
    throw new Error(`register: ${registered.status()}, no session cookie`);
  }
  const ids = [];
  for (let i = 1; i <= count; i++) {
    const r = await api.post('/api/todos', { data: { title: `todo number ${i}` } });
    if (!r.ok()) throw new Error(`seed: ${r.status()}`);
    ids.push((await r.json()).id);
  }
  return { context, api, ids };
}

module.exports = { launch, userWithTodos };
