// The accessibility and validity checks of a page, for the a11y specs: axe-core
// (WCAG 2.1 A and AA, and axe's best practices) on the page as it is, where a
// violation fails the test; with JavaScript off, the server's HTML of the page
// is also kept in target/e2e/html/, for the Nu Html Checker
// (scripts/check-html.sh, a step of make test after the Playwright suite).
// Not a spec itself: a fork keeps it, and checks its own pages with it.
import AxeBuilder from '@axe-core/playwright';
import type { Page, Response } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from './helpers';

const htmlDir = path.join(__dirname, '..', '..', 'target', 'e2e', 'html');

/** axe's violations on the page as it is, none allowed; and with JavaScript
 * off, the server's HTML of `response` kept under `name` for the Nu checker.
 * axe runs in the page, so with JavaScript off it checks that HTML in a page of
 * its own that runs scripts but not the app's (its JS and wasm are refused):
 * what a browser without JavaScript shows, styles included. */
export async function check(page: Page, js: boolean, name: string, response: Response | null) {
  let target = page;
  let html: string | null = null;
  if (!js) {
    if (!response) throw new Error(`no document for ${name}`);
    html = await response.text();
    fs.mkdirSync(htmlDir, { recursive: true });
    fs.writeFileSync(path.join(htmlDir, `${name}.html`), html);
    const context = await page.context().browser()!.newContext({ javaScriptEnabled: true });
    target = await context.newPage();
    const url = page.url();
    await target.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html! }));
    await target.route(/\.(js|wasm)(\?.*)?$/, (route) => route.abort());
    await target.goto(url);
  }
  try {
    const results = await new AxeBuilder({ page: target })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const violations = results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
    expect(violations, `axe on ${name}`).toEqual([]);
  } finally {
    if (target !== page) await target.context().close();
  }
}

/** The document a navigation or a form POST without JavaScript loads (past
 * redirects); with JavaScript, the enhanced answer. */
export async function documentOf(page: Page, action: () => Promise<void>): Promise<Response | null> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) =>
        (r.request().resourceType() === 'document' || r.request().method() === 'POST') &&
        (r.status() < 300 || r.status() >= 400),
    ),
    action(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

