// Text fetched on demand (issue 13, the page's bundle): the Korean catalogue (`ko.txt`) is served beside the page
// and fetched only when wanted. An English page does not fetch it; a Korean one fetches it once, reading English
// until it arrives. When it cannot be had the page says why, in words, and keeps working. Requests are watched with
// Playwright's request events; slow and failing files are made with page.route.
import assert from 'node:assert/strict';

import {
  BASE_URL, FAST, WAIT, attr, e2e, goldenHash, korean, open, playToEnd, requestedPaths, simTime, tid, traceHash,
  waitTimeAbove,
} from './harness.mjs';

const HANGUL = /[\uAC00-\uD7A3]/;

/** The on-demand files among `paths`, in request order. */
const onDemand = (paths) => paths.filter((p) => p.endsWith('/ko.txt'));

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

e2e('an English page and the lesson index do not fetch the Korean texts', async (page) => {
  const paths = requestedPaths(page);
  await open(page, `#preset=quickstart&lang=en&${FAST}`);
  await waitTimeAbove(page, 1000);
  await page.goto(new URL('#lessons&lang=en', BASE_URL).href);
  await page.waitForSelector(tid('lesson-index'), { timeout: WAIT });
  assert.deepEqual(onDemand(paths), []);
});

e2e('a Korean page reads English until ko.txt arrives, fetches it once, and keeps its run', async (page) => {
  const paths = requestedPaths(page);
  const slow = gate();
  await page.route('**/ko.txt', slow.handler);
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
  await page.route('**/ko.txt', (route) => route.fulfill({ status: 404, body: 'no such file' }));
  await open(page, `#preset=quickstart&lang=ko&${FAST}`);
  const banner = page.locator(tid('lang-error'));
  await banner.waitFor({ timeout: WAIT });
  assert.match(await banner.textContent(), /Korean texts could not be loaded \(ko\.txt: HTTP 404.*stays in English/);
  assert.equal(await attr(page, 'data-lang'), 'en');
  await waitTimeAbove(page, 500); // the run plays on
  // The banner can be put away; the switch asks again, and this time the file is there.
  await page.locator(tid('lang-error-close')).click();
  assert.equal(await banner.count(), 0);
  await page.unroute('**/ko.txt');
  await page.locator(tid('lang-switch')).click();
  await korean(page);
  assert.equal(await banner.count(), 0);
  forgive(errors, 'ko.txt');
});
