// Loads a page in headless Chromium several times, each in a fresh context (no
// cache), and prints the median time from navigation start to DOMContentLoaded
// and to <html data-hydrated="true"> (set when the wasm has hydrated the page),
// and the paths of the site's own files (/pkg/...) that the first load requested
// before it was hydrated: the JS, the wasm, the CSS, and anything the JS fetches
// itself (the chunks of a split wasm, say).
// Usage: node scripts/bench-hydration.js URL RUNS
const { launch } = require('./bench-browser');

async function main() {
  const [url, runs = '9'] = process.argv.slice(2);
  const browser = await launch();
  const dcl = [];
  const hydrated = [];
  let assets = null;
  for (let i = 0; i < Number(runs); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    // The files are the same on every load: only the first one records them.
    const requested = assets === null ? new Set() : null;
    if (requested) {
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (path.startsWith('/pkg/')) requested.add(path);
      });
    }
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.documentElement.dataset.hydrated === 'true') {
          window.__hydratedAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
    });
    await page.goto(url);
    await page.waitForFunction(() => window.__hydratedAt !== undefined);
    const t = await page.evaluate(() => ({
      dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
      hydrated: window.__hydratedAt,
    }));
    if (requested) assets = [...requested].sort();
    dcl.push(t.dcl);
    hydrated.push(t.hydrated);
    await context.close();
  }
  await browser.close();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(JSON.stringify({
    runs: Number(runs), dcl_ms: median(dcl), hydrated_ms: median(hydrated), assets,
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
