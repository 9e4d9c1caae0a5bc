// Shared harness of the end-to-end tests: a fresh Chromium profile per test that fails on any page or console
// error, data-testid selectors, and waits that poll predicates (never fixed sleeps). See playground.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = join(HERE, 'artifacts');
export const GOLDEN = join(HERE, '..', '..', 'tests', 'golden');
export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
export const TEST_TIMEOUT = 120_000;
export const WAIT = 30_000; // default budget of one waitForFunction
// Fast playback keeps whole runs short; `speed=` is a view option and never changes the trace.
export const FAST = 'speed=100';
// A preset with replication factor 3 and no scripted crash, so a crashed leader has followers to take over.
// Its followers are fenced after broker.session.timeout.ms (9 s) of a 12 s run: crash early.
export const CRASH_PRESET = 'quickstart';

mkdirSync(ARTIFACTS, { recursive: true });

// ---------------------------------------------------------------------------------------- harness

/** Runs `fn(page)` in a fresh persistent Chromium profile; fails on page/console errors. */
export async function withPage(name, fn) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'kp-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'no-preference', // the page starts paused under prefers-reduced-motion
  });
  const errors = [];
  const consoleLog = [];
  const watched = new WeakSet();
  const watch = (page) => {
    if (watched.has(page)) return;
    watched.add(page);
    page.on('pageerror', (e) => errors.push(`pageerror: ${e?.stack ?? e}`));
    page.on('console', (m) => {
      const where = m.location()?.url ?? '';
      consoleLog.push(`[${m.type()}] ${m.text()}${where ? ` @ ${where}` : ''}`);
      // The browser's automatic /favicon.ico request is not the page's fault.
      if (m.type() === 'error' && !where.endsWith('/favicon.ico')) errors.push(`console.error: ${m.text()} @ ${where}`);
    });
    page.on('crash', () => errors.push('the page crashed'));
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  try {
    await fn(page, { context, errors });
    assert.deepEqual(errors, [], 'page errors or console errors');
  } catch (err) {
    const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    await page.screenshot({ path: join(ARTIFACTS, `FAILED-${slug}.png`) }).catch(() => {});
    if (consoleLog.length) console.error(`console of "${name}":\n  ${consoleLog.join('\n  ')}`);
    if (errors.length) console.error(`errors of "${name}":\n  ${errors.join('\n  ')}`);
    throw err;
  } finally {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** `test()` with the shared timeout and a fresh page. */
export function e2e(name, fn, opts = {}) {
  test(name, { timeout: TEST_TIMEOUT, ...opts }, () => withPage(name, fn));
}

export const tid = (id) => `[data-testid="${id}"]`;

/** Opens BASE_URL + fragment and waits until the playground has rendered (wasm loaded, Yew mounted). */
export async function open(page, fragment) {
  await page.goto(new URL(fragment, BASE_URL).href);
  await ready(page);
}

export async function ready(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="playground"]')?.hasAttribute('data-sim-time-ms'),
    null, { timeout: WAIT });
}

/**
 * Waits until the page reads Korean (`<html lang="ko">`): the page fetches the Korean catalogue (`ko.txt`) when it
 * is first wanted and reads English until it has arrived.
 */
/** Waits until the lesson panel shows step `n` and the run has stopped at its pause. */
export async function atStep(page, n) {
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="lesson"]')?.getAttribute('data-step') === String(n)
      && document.querySelector('[data-testid="playground"]')?.getAttribute('data-playing') === 'false',
    n, { timeout: WAIT });
}

export async function korean(page) {
  await page.waitForFunction(() => document.documentElement.lang === 'ko', null, { timeout: WAIT });
}

/** Collects the paths (`/ko.txt`, `/lessons/05-min-insync-replicas.json`) of the page's requests from now on. */
export function requestedPaths(page) {
  const paths = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  return paths;
}

export async function attr(page, name) {
  return page.locator(tid('playground')).getAttribute(name);
}
export const simTime = async (page) => Number(await attr(page, 'data-sim-time-ms'));
export const traceHash = (page) => attr(page, 'data-trace-hash');

/** The first integer in an element's text (counters may carry a label). */
export async function countOf(page, testid) {
  const text = (await page.locator(tid(testid)).textContent()) ?? '';
  const m = text.match(/-?\d+/);
  assert.ok(m, `${testid} shows no number: ${JSON.stringify(text)}`);
  return Number(m[0]);
}

/** Waits until data-sim-time-ms has exceeded `than`. */
export async function waitTimeAbove(page, than, timeout = WAIT) {
  await page.waitForFunction(
    (t) => Number(document.querySelector('[data-testid="playground"]')?.getAttribute('data-sim-time-ms')) > t,
    than, { timeout, polling: 50 });
}

/**
 * Waits until playback has stopped (the UI pauses at `sim.end()`) and returns { time, hash }.
 * The end is: `data-playing="false"` when the playground carries that attribute; otherwise (fallback)
 * data-sim-time-ms unchanged for `quietMs` of wall time.
 */
export async function waitEnd(page, { quietMs = 1500, timeout = 90_000 } = {}) {
  await page.waitForFunction((quiet) => {
    const el = document.querySelector('[data-testid="playground"]');
    if (el?.hasAttribute('data-playing')) return el.getAttribute('data-playing') === 'false';
    const t = el?.getAttribute('data-sim-time-ms');
    const now = performance.now();
    const s = (window.__e2eQuiet ??= { t: null, since: now });
    if (t !== s.t) { s.t = t; s.since = now; return false; }
    return now - s.since >= quiet;
  }, quietMs, { timeout, polling: 100 });
  await page.evaluate(() => { delete window.__e2eQuiet; });
  return { time: await simTime(page), hash: await traceHash(page) };
}

export const isPlaying = async (page) => (await attr(page, 'data-playing')) === 'true';

/** Clicks play (when paused) and waits until the page reports playing, however briefly. */
export async function clickPlay(page) {
  assert.equal(await isPlaying(page), false, 'clickPlay: already playing');
  await page.evaluate(() => {
    const playing = () => document.querySelector('[data-testid="playground"]')?.getAttribute('data-playing') === 'true';
    window.__e2ePlayed = false;
    window.__e2eObs?.disconnect();
    window.__e2eObs = new MutationObserver(() => { if (playing()) window.__e2ePlayed = true; });
    window.__e2eObs.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-playing'] });
  });
  await page.locator(tid('play')).click();
  await page.waitForFunction(() => window.__e2ePlayed
    || document.querySelector('[data-testid="playground"]')?.getAttribute('data-playing') === 'true',
  null, { timeout: WAIT });
  await page.evaluate(() => { window.__e2eObs?.disconnect(); delete window.__e2eObs; });
}

/** Clicks play (when playing) and waits until the page reports paused. */
export async function pause(page) {
  if (await isPlaying(page)) await page.locator(tid('play')).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="playground"]')?.getAttribute('data-playing') === 'false',
    null, { timeout: WAIT });
}

/**
 * Runs to the end: pages autoplay on load, so this only presses play when playback is stopped (at the end,
 * play replays the run from the start, which ends in the same state). Returns { time, hash }.
 */
export async function playToEnd(page, opts) {
  if (!(await isPlaying(page))) await clickPlay(page);
  return waitEnd(page, opts);
}

/** Clicks step once and waits until the trace or the clock has moved. */
export async function step(page) {
  const t = await simTime(page);
  const h = await traceHash(page);
  await page.locator(tid('step')).click();
  await page.waitForFunction(([t0, h0]) => {
    const el = document.querySelector('[data-testid="playground"]');
    return Number(el.getAttribute('data-sim-time-ms')) !== t0 || el.getAttribute('data-trace-hash') !== h0;
  }, [t, h], { timeout: WAIT });
}

/** Opens a shared link (at FAST speed unless it says otherwise) in a new tab and plays it to the end. */
export async function replayInNewTab(context, sharedUrl) {
  let fragment = new URL(sharedUrl).hash;
  if (!/[#&]speed=/.test(fragment)) fragment += `&${FAST}`;
  const again = await context.newPage();
  await open(again, fragment);
  return { fragment, run: await playToEnd(again) };
}


/** The golden end-of-run trace hash of a preset (tests/golden/NAME.hash), or null. */
export function goldenHash(preset) {
  const f = join(GOLDEN, `${preset}.hash`);
  return existsSync(f) ? readFileSync(f, 'utf8').trim() : null;
}

/** Every consumer card: [{ idx, assigned: [...], alive, idle, member, phase }], from data-* hooks. */
export async function consumers(page) {
  return page.locator('[data-testid^="consumer-"][data-assigned]').evaluateAll((els) => els.map((el) => ({
    idx: Number(el.getAttribute('data-testid').slice('consumer-'.length)),
    assigned: (el.getAttribute('data-assigned') ?? '').split(',').filter(Boolean),
    alive: el.getAttribute('data-alive') === 'true',
    idle: el.getAttribute('data-idle') === 'true',
    member: el.getAttribute('data-member') === 'true',
    phase: el.getAttribute('data-phase'),
  })));
}
