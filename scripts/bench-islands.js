// What islands that leave the page keep in memory (issue 18): Leptos 0.8 has no
// way to dispose of an island's reactive owner, so an island removed by a
// client-side navigation (the kit's fetch and merge) keeps its signals, effects
// and closures in the wasm heap, and the JS objects those hold (DOM nodes,
// listeners) in the JS heap. In headless Chromium, a logged-in user with 20
// todos clicks the nav's links, each click a client-side navigation:
//   - islands:    Home ↔ Todos, where /todos has two islands (Add todo, Clear
//                 completed) that are created on each arrival and removed on
//                 each departure;
//   - no islands: Home ↔ Search, the same navigations with no island (the
//                 kit's own cost of a navigation, the control).
// After WARMUP navigations (so caches and pools have grown), then after
// NAVIGATIONS more: the JS heap after a forced garbage collection (CDP
// HeapProfiler.collectGarbage, Runtime.getHeapUsage), the wasm's linear memory
// (WebAssembly.Memory of the app's module, captured by an init script; it grows
// in 64 KiB pages and never shrinks, so it bounds the wasm heap from above) and
// the elements in the document. Prints JSON: each measure before and after and
// the growth per navigation, for both runs.
// Usage: node scripts/bench-islands.js BASE_URL [NAVIGATIONS] [WARMUP]
const { launch, userWithTodos } = require('./bench-browser');

// Runs in every document before its scripts: keeps every wasm memory the page
// instantiates (the main module's, which the split chunks share).
function captureMemory() {
  window.__wasmMemories = [];
  const keep = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result.instance;
    for (const value of Object.values(instance?.exports ?? {})) {
      if (value instanceof WebAssembly.Memory && !window.__wasmMemories.includes(value)) {
        window.__wasmMemories.push(value);
      }
    }
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    WebAssembly[name] = (...args) => original.apply(WebAssembly, args).then(keep);
  }
}

async function main() {
  const [base, navigationsArg = '200', warmupArg = '20'] = process.argv.slice(2);
  const navigations = Number(navigationsArg);
  const warmup = Number(warmupArg);
  const origin = new URL(base).origin;
  const browser = await launch();
  const { context, api, ids } = await userWithTodos(browser, origin, 'islands');
  // One done todo, so that /todos has its Clear completed island too.
  const done = await api.patch(`/api/todos/${ids[0]}`, { data: { done: true } });
  if (!done.ok()) throw new Error(`mark done: ${done.status()}`);

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const run = async (other, otherHeading) => {
    const page = await context.newPage();
    await page.addInitScript(captureMemory);
    const cdp = await context.newCDPSession(page);
    let inFlight = 0;
    page.on('request', () => (inFlight += 1));
    page.on('requestfinished', () => (inFlight -= 1));
    page.on('requestfailed', () => (inFlight -= 1));
    await page.goto('/');
    await page.waitForSelector('html[data-hydrated="true"]');
    const nav = page.getByRole('navigation');
    const go = async (link, heading) => {
      await nav.getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      // Until the new page's islands (a lazy one's chunk first) have hydrated.
      while (inFlight > 0) await sleep(10);
      await sleep(20);
    };
    const roundTrip = async () => {
      await go(other, otherHeading);
      await go('Home', 'Home');
    };
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      const page_ = await page.evaluate(() => ({
        wasm: window.__wasmMemories.reduce((s, m) => s + m.buffer.byteLength, 0),
        elements: document.getElementsByTagName('*').length,
        islands: document.getElementsByTagName('leptos-island').length,
      }));
      return { js_heap: heap.usedSize, ...page_ };
    };
    for (let i = 0; i < warmup / 2; i++) await roundTrip();
    const before = await measure();
    // Gone after a document load, which would start a fresh heap.
    await page.evaluate(() => (window.__sameDocument = true));
    for (let i = 0; i < navigations / 2; i++) await roundTrip();
    const after = await measure();
    if (!(await page.evaluate(() => window.__sameDocument))) {
      throw new Error(`${other}: a navigation loaded a document, so the heap started over`);
    }
    await page.close();
    const per = (key) => (after[key] - before[key]) / navigations;
    return {
      before, after,
      js_heap_per_navigation: per('js_heap'),
      wasm_per_navigation: per('wasm'),
    };
  };

  const islands = await run('Todos', 'Todos');
  const none = await run('Search', 'Search');
  await browser.close();
  console.log(JSON.stringify({ navigations, warmup, islands, no_islands: none }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
