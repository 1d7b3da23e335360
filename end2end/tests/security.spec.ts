import { expect, open, register, test } from './helpers';

test('S4: no page breaks its Content-Security-Policy, with JavaScript on', async ({ page, js }) => {
  test.skip(!js, 'the policy is about scripts');
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  // Every violation, reported by the page itself too.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (ev) => {
      console.error(`Refused to load: Content Security Policy ${ev.violatedDirective} ${ev.blockedURI}`);
    });
  });

  for (const path of ['/', '/login', '/no/such/page']) {
    const response = await open(page, path, js);
    expect(response?.headers()['content-security-policy']).toContain("'nonce-");
  }
  await register(page, js);
  for (const path of ['/', '/todos', '/search?q=milk', '/logout']) {
    await open(page, path, js);
  }
  // The islands work under the policy: an enhanced add, without a document load.
  await open(page, '/todos', js);
  const add = page.getByRole('form', { name: 'Add todo' });
  await add.getByLabel('Title').fill('under the policy');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('list', { name: 'Todo list' }).getByText('under the policy')).toBeVisible();

  expect(violations).toEqual([]);
});
