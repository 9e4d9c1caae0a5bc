// Text fetched on demand (issue 13, the page's bundle): the Korean catalogue (`ko.txt`) and the lesson files
// (`lessons/NN-NAME.json`) are served beside the page and fetched only when wanted. An English page fetches neither;
// a Korean one fetches ko.txt once, reading English until it arrives; a lesson link fetches that lesson's file
// alone and lands on the same state (same trace hash) as the lesson's preset opened at that instant. When a file
// cannot be had the page says why, in words, and keeps working. Requests are watched with Playwright's request
// events; slow and failing files are made with page.route.
import assert from 'node:assert/strict';

import {
  BASE_URL, FAST, WAIT, atStep, attr, clickPlay, e2e, goldenHash, korean, open, playToEnd, requestedPaths, simTime, tid,
  traceHash, waitTimeAbove,
} from './harness.mjs';

const LESSON = 'min-insync-replicas';
const LESSON_FILE = '/lessons/05-min-insync-replicas.json';
const LESSON_PRESET = 'min-isr-refuses-writes';
const HANGUL = /[\uAC00-\uD7A3]/;
// The files are fetched with `?v=` and their content's hash (build.rs), so a deploy's new file is never read from a
// stale cache; routes match the file with any query.
const KO_URL = /\/ko\.txt(\?.*)?$/;
const LESSON_URL = new RegExp(`${LESSON_FILE.replace(/[.]/g, '\\.')}(\\?.*)?$`);
const VERSIONED = /\?v=[0-9a-f]{16}$/;

/** The on-demand files among `paths`, in request order. */
const onDemand = (paths) => paths.filter((p) => p.endsWith('/ko.txt') || p.includes('/lessons/'));

/** A route handler that holds its request until `release()` is called. */
function gate() {
  let release;
  const opened = new Promise((r) => { release = r; });
  return { release, handler: async (route) => { await opened; await route.continue(); } };
}

/** Drops the browser's own "Failed to load resource" console line for `file` (the test made it fail). */
function forgive(errors, file) {
  const keep = errors.filter((e) => !(e.includes('Failed to load resource') && e.includes(file)));
  errors.splice(0, errors.length, ...keep);
}

e2e('an English page and the lesson index fetch neither the Korean texts nor a lesson', async (page) => {
  const paths = requestedPaths(page);
  await open(page, `#preset=quickstart&lang=en&${FAST}`);
  await waitTimeAbove(page, 1000);
  await page.goto(new URL('#lessons&lang=en', BASE_URL).href);
  await page.waitForSelector(tid('lesson-index'), { timeout: WAIT });
  // The index is compiled in: every lesson with its title, fact and length, no file read.
  assert.equal(await page.locator('[data-testid^="lesson-link-"]').count(), 20);
  assert.match(await page.locator(tid(`lesson-link-${LESSON}`)).textContent(), /min\.insync\.replicas.*4 steps/);
  assert.deepEqual(onDemand(paths), []);
});

e2e('a Korean page reads English until ko.txt arrives, fetches it once, and keeps its run', async (page) => {
  const paths = requestedPaths(page);
  const slow = gate();
  await page.route(KO_URL, slow.handler);
  await open(page, `#preset=quickstart&lang=ko&${FAST}`);
  // The run plays in English meanwhile.
  await waitTimeAbove(page, 500);
  assert.equal(await attr(page, 'data-lang'), 'en');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  slow.release();
  await korean(page);
  assert.equal(await attr(page, 'data-lang'), 'ko');
  assert.match(await page.locator(tid('broker-1')).textContent(), HANGUL, 'the stage is relabelled');
  // The switch back to English and to Korean again needs no second fetch.
  await page.locator(tid('lang-switch')).click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.locator(tid('lang-switch')).click();
  await korean(page);
  assert.deepEqual(onDemand(paths), ['/ko.txt']);
  // The words changed, not the run.
  const { hash } = await playToEnd(page);
  assert.equal(hash, goldenHash('quickstart'));
});

e2e('a press of the switch while a Korean browser\'s ko.txt is on its way writes lang=ko once it arrives', async (page) => {
  const paths = requestedPaths(page);
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'language', { get: () => 'ko-KR' });
  });
  const slow = gate();
  await page.route(KO_URL, slow.handler);
  await open(page, `#preset=quickstart&${FAST}`);
  await waitTimeAbove(page, 300);
  assert.equal(await attr(page, 'data-lang'), 'en', 'English while the catalogue is held back');
  // The reader asks for Korean too, while the start-up fetch is still under way: one fetch serves both, and the
  // switch says it is busy until then.
  await page.locator(tid('lang-switch')).click();
  await page.waitForSelector(`${tid('lang-switch')}[aria-busy="true"]`, { timeout: WAIT });
  assert.match(await page.locator(tid('lang-switch')).textContent(), /…/);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /lang=/);
  slow.release();
  await korean(page);
  await page.waitForSelector(`${tid('lang-switch')}:not([aria-busy])`, { timeout: WAIT });
  assert.doesNotMatch(await page.locator(tid('lang-switch')).textContent(), /…/);
  await page.waitForFunction(() => /[#&]lang=ko(&|$)/.test(location.hash), null, { timeout: WAIT });
  assert.deepEqual(onDemand(paths), ['/ko.txt']);
  assert.match(urls.find((u) => KO_URL.test(u)), VERSIONED, 'ko.txt is asked for with its version');
});

e2e('on an English page the switch fetches the Korean texts when pressed', async (page) => {
  const paths = requestedPaths(page);
  await open(page, `#preset=quickstart&lang=en&t=2000`);
  const hash = await traceHash(page);
  assert.deepEqual(onDemand(paths), []);
  await page.locator(tid('lang-switch')).click();
  await korean(page);
  assert.deepEqual(onDemand(paths), ['/ko.txt']);
  assert.match(page.url(), /lang=ko/);
  assert.equal(await simTime(page), 2000);
  assert.equal(await traceHash(page), hash);
});

e2e('without ko.txt the page stays in English, says why, and the switch tries again', async (page, { errors }) => {
  await page.route(KO_URL, (route) => route.fulfill({ status: 404, body: 'no such file' }));
  await open(page, `#preset=quickstart&lang=ko&${FAST}`);
  const banner = page.locator(tid('lang-error'));
  await banner.waitFor({ timeout: WAIT });
  assert.match(await banner.textContent(), /Korean texts could not be loaded \(ko\.txt: HTTP 404.*stays in English/);
  assert.equal(await attr(page, 'data-lang'), 'en');
  await waitTimeAbove(page, 500); // the run plays on
  // The banner can be put away; the switch asks again, and this time the file is there.
  await page.locator(tid('lang-error-close')).click();
  assert.equal(await banner.count(), 0);
  await page.unroute(KO_URL);
  await page.locator(tid('lang-switch')).click();
  await korean(page);
  assert.equal(await banner.count(), 0);
  forgive(errors, 'ko.txt');
});

e2e('a lesson link fetches that lesson alone and opens its step on the same state', async (page, { context }) => {
  const paths = requestedPaths(page);
  const slow = gate();
  await page.route(LESSON_URL, slow.handler);
  await open(page, `#lesson=${LESSON}&step=4&lang=en`);
  // While the file is on its way the panel says so (with the lesson's title, from the compiled-in index) and the
  // run waits at its start.
  const loading = page.locator(tid('lesson-loading'));
  await loading.waitFor({ timeout: WAIT });
  assert.match(await loading.textContent(), /Loading the lesson/);
  await page.waitForTimeout(500); // the run must not move while waiting: nothing to poll for
  assert.equal(await attr(page, 'data-playing'), 'false');
  assert.equal(await simTime(page), 0);
  slow.release();
  await atStep(page, 4);
  assert.equal(await loading.count(), 0);
  assert.deepEqual(onDemand(paths), [LESSON_FILE]);
  // Step 4 pauses at 16 s: the lesson's run there is its preset's run there.
  assert.equal(await simTime(page), 16000);
  const hash = await traceHash(page);
  const plain = await context.newPage();
  await open(plain, `#preset=${LESSON_PRESET}&t=16000`);
  assert.equal(await traceHash(plain), hash);
  await plain.close();
  // Opening another lesson fetches its file; coming back to this one reads it again from memory.
  await page.goto(new URL('#lesson=acks&step=1&lang=en', BASE_URL).href);
  await page.waitForSelector(`${tid('lesson')}[data-lesson="acks"]`, { timeout: WAIT });
  await page.goto(new URL(`#lesson=${LESSON}&step=4&lang=en`, BASE_URL).href);
  await atStep(page, 4);
  assert.equal(await page.locator(tid('lesson')).getAttribute('data-lesson'), LESSON);
  assert.deepEqual(onDemand(paths), [LESSON_FILE, '/lessons/04-acks.json']);
});

e2e('a lesson file missing or broken says why and the page keeps working', async (page, { errors }) => {
  await page.route(LESSON_URL, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await open(page, `#lesson=${LESSON}&step=2&lang=en&${FAST}`);
  const error = page.locator(tid('lesson-error'));
  await error.waitFor({ timeout: WAIT });
  assert.match(await error.textContent(),
    /This lesson could not be loaded \(lessons\/05-min-insync-replicas\.json: HTTP 404/);
  assert.equal(await page.locator(tid('lesson')).count(), 0);
  // The lesson's run is there and plays.
  await clickPlay(page);
  await waitTimeAbove(page, 500);
  forgive(errors, LESSON_FILE.slice(1));

  // A file cut short: the JSON reader's words, with the file's name.
  await page.unroute(LESSON_URL);
  await page.route(LESSON_URL, (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: '{"name": "min-insync-replicas", ',
  }));
  await page.goto(new URL(`#lesson=${LESSON}&step=1&lang=en`, BASE_URL).href);
  await page.waitForFunction(
    () => /EOF while parsing/.test(document.querySelector('[data-testid="lesson-error"]')?.textContent ?? ''),
    null, { timeout: WAIT });
  assert.match(await error.textContent(), /lessons\/05-min-insync-replicas\.json: EOF while parsing/);
  assert.equal(await page.locator(tid('lesson')).count(), 0);
});
