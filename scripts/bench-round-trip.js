// One enhanced submission in headless Chromium (issue 18, spec §7 R1): a
// logged-in user with 20 todos adds one on /todos, with 200 ms added to every
// request to the app (Playwright's page.route on the app's origin: a 200 ms
// timer, then route.continue()). RUNS times each, in one browser context:
//   - enhanced (the app's wasm running): the time from the click on Add to the
//     server-confirmed row, measured inside the page: performance.now() in a
//     capturing click listener, then a MutationObserver on the document that sees
//     an <li id="todo-N"> with the new title in ul[aria-label="Todo list"] (the
//     optimistic row, <li class="pending" aria-busy="true">, has no id). Also the
//     requests to the app (not /pkg/ files) from the click until that row is in
//     the page and no request has been in flight for 500 ms;
//   - plain document POST (the same add with the app's JS and wasm aborted, so the
//     form stays plain HTML; the CSS still loads): an init script, which runs in
//     every document, stores performance.timeOrigin + performance.now() at the
//     click in sessionStorage, and the next document's MutationObserver the same
//     clock when the parser inserts the row; the difference is the figure.
// Each added todo is deleted again (JSON API), so every page has 20 todos.
// Prints JSON: medians, every run, the requests counted and their answers' types.
// Usage: node scripts/bench-round-trip.js BASE_URL [RUNS] [LATENCY_MS]
const { launch, userWithTodos } = require('./bench-browser');

const LIST = 'ul[aria-label="Todo list"]';

// Runs in every document of the page (before its own scripts): the click time
// and the time the server's row for sessionStorage.__rtTitle is first in the
// document, both on one clock that spans documents.
function probe() {
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener(
    'click',
    () => {
      window.__rtClick = performance.now();
      sessionStorage.setItem('__rtClick', String(now()));
    },
    true,
  );
  const seen = () => {
    const title = sessionStorage.getItem('__rtTitle');
    if (!title || window.__rtRow !== undefined) return;
    for (const li of document.querySelectorAll('ul[aria-label="Todo list"] > li[id^="todo-"]')) {
      if (li.textContent.includes(title)) {
        window.__rtRow = performance.now();
        sessionStorage.setItem('__rtRow', String(now()));
        return;
      }
    }
  };
  new MutationObserver(seen).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['id'],
  });
}

async function main() {
  const [base, runsArg = '9', latencyArg = '200'] = process.argv.slice(2);
  const runs = Number(runsArg);
  const latency = Number(latencyArg);
  const origin = new URL(base).origin;
  const browser = await launch();
  // A user of its own with 20 todos (the session cookie is the context's).
  const { context, api } = await userWithTodos(browser, origin, 'round-trip');
  const remove = async (id) => {
    const r = await api.delete(`/api/todos/${id}`);
    if (!r.ok()) throw new Error(`delete ${id}: ${r.status()}`);
  };

  const page = await context.newPage();
  await page.addInitScript(probe);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  await page.route(
    (url) => url.origin === origin,
    async (route) => {
      await sleep(latency);
      await route.continue();
    },
  );
  // Requests to the app but its files, and those in flight (any of the page's).
  let counting = null;
  let inFlight = 0;
  let lastChange = Date.now();
  page.on('request', (r) => {
    inFlight += 1;
    lastChange = Date.now();
    const url = new URL(r.url());
    if (counting && url.origin === origin && !url.pathname.startsWith('/pkg/')) counting.push(r);
  });
  const settled = () => {
    inFlight -= 1;
    lastChange = Date.now();
  };
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);
  const networkIdle = async (quietMs = 500) => {
    while (inFlight > 0 || Date.now() - lastChange < quietMs) await sleep(50);
  };

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const addOnce = async (title) => {
    await page.evaluate((t) => {
      sessionStorage.removeItem('__rtClick');
      sessionStorage.removeItem('__rtRow');
      sessionStorage.setItem('__rtTitle', t);
    }, title);
    await page.getByRole('form', { name: 'Add todo' }).getByLabel('Title').fill(title);
    await page.getByRole('form', { name: 'Add todo' }).getByRole('button', { name: 'Add' }).click();
    const row = page.locator(`${LIST} > li[id^="todo-"]`).filter({ hasText: title });
    await row.waitFor();
    return Number((await row.getAttribute('id')).slice('todo-'.length));
  };

  // Enhanced: the app as it ships.
  const enhanced = [];
  const requests = [];
  const answerTypes = new Set();
  for (let i = 0; i < runs; i++) {
    await page.goto('/todos');
    await page.waitForSelector('html[data-hydrated="true"]');
    // The Add form is a lazy island: hydrated once its chunk has arrived.
    await networkIdle();
    counting = [];
    const id = await addOnce(`round trip ${i} ${Date.now()}`);
    await networkIdle();
    const seen = counting;
    counting = null;
    const t = await page.evaluate(() => window.__rtRow - window.__rtClick);
    if (!(t > 0)) throw new Error(`enhanced run ${i}: no time (${t})`);
    enhanced.push(t);
    requests.push(seen.map((r) => `${r.method()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`));
    for (const r of seen) {
      const response = await r.response();
      answerTypes.add(`${response?.status()} ${response?.headers()['content-type']}`);
      if (r.headers()['x-leptos-page'] === undefined) answerTypes.add('(a request without x-leptos-page)');
    }
    await remove(id);
  }

  // Plain: no JS or wasm of the app, so the form is posted as a document.
  await page.route(
    (url) => url.origin === origin && /^\/pkg\/.*\.(js|wasm)$/.test(url.pathname),
    (route) => route.abort(),
  );
  const plain = [];
  for (let i = 0; i < runs; i++) {
    await page.goto('/todos');
    // (Not networkIdle: the requests of the documents this loop posts away from
    // are not all reported as finished, and nothing here runs after load.)
    await page.waitForLoadState('networkidle');
    if (await page.evaluate(() => document.documentElement.dataset.hydrated === 'true')) {
      throw new Error('the plain page hydrated: the app code was not blocked');
    }
    const id = await addOnce(`plain ${i} ${Date.now()}`);
    const t = await page.evaluate(
      () => Number(sessionStorage.getItem('__rtRow')) - Number(sessionStorage.getItem('__rtClick')),
    );
    if (!(t > 0)) throw new Error(`plain run ${i}: no time (${t})`);
    plain.push(t);
    await remove(id);
  }
  await browser.close();

  const counts = requests.map((r) => r.length);
  console.log(JSON.stringify({
    runs,
    latency_ms: latency,
    enhanced_ms: median(enhanced),
    plain_ms: median(plain),
    requests_max: Math.max(...counts),
    requests_min: Math.min(...counts),
    enhanced_all: enhanced.map((t) => Math.round(t)),
    plain_all: plain.map((t) => Math.round(t)),
    requests,
    answers: [...answerTypes],
  }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
