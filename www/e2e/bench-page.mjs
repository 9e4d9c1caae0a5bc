// Drives headless Chromium over fixed loads of the built page and prints, per load: frames per second, frame time
// p50 / p95 / max, long tasks, JS heap, and the record dots drawn in motion; then the time to the first stage frame
// (median of cold loads) and the bundle size, each beside a Yew hello world built the same way.
// Run by scripts/bench-page.sh (which builds and serves both pages); by hand, not a test.
//
// Usage: node measure.mjs PAGE_URL HELLO_URL LOADS_FILE [SECONDS]
//   LOADS_FILE: one "name<TAB>#fragment" per line.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [pageUrl, helloUrl, loadsFile, secondsArg] = process.argv.slice(2);
const SECONDS = Number(secondsArg ?? 6);
const WARMUP_MS = 2000;
const COLD_LOADS = 5;
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const args = ['--enable-precise-memory-info', '--no-sandbox'];

const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))];
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '—');

async function measureLoad(browser, fragment) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(pageUrl + fragment);
  await page.waitForSelector('[data-testid="card-layer"]', { timeout: 60_000 });
  // SEQUENCE_MS=1000: measure with the message sequence diagram shown over that window.
  if (process.env.SEQUENCE_MS) {
    await page.click('[data-testid="sequence-toggle"]');
    await page.selectOption('[data-testid="sequence-window"]', process.env.SEQUENCE_MS);
  }
  await page.waitForTimeout(WARMUP_MS);
  const r = await page.evaluate(async (seconds) => {
    const el = document.querySelector('[data-testid="playground"]');
    const deltas = [], dots = [], work = [];
    let longTasks = 0, longMs = 0;
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) { longTasks++; longMs += e.duration; } });
    obs.observe({ type: 'longtask' });
    await new Promise((done) => {
      let last = null; const end = performance.now() + seconds * 1000;
      const tick = (t) => {
        if (last !== null) deltas.push(t - last);
        last = t;
        dots.push(Number(el.getAttribute('data-moving-records')));
        work.push(Number(el.getAttribute('data-frame-ms')));
        if (t < end) requestAnimationFrame(tick); else done();
      };
      requestAnimationFrame(tick);
    });
    obs.disconnect();
    return { deltas, dots, work, longTasks, longMs, heap: performance.memory ? performance.memory.usedJSHeapSize : NaN,
             playing: el.getAttribute('data-playing'), simMs: Number(el.getAttribute('data-sim-time-ms')) };
  }, SECONDS);
  await page.close();
  const sum = r.deltas.reduce((a, b) => a + b, 0);
  return {
    fps: r.deltas.length / (sum / 1000),
    p50: pct(r.deltas, 50), p95: pct(r.deltas, 95), max: Math.max(...r.deltas),
    work50: pct(r.work, 50), work95: pct(r.work, 95),
    dotsMean: r.dots.reduce((a, b) => a + b, 0) / Math.max(1, r.dots.length), dotsMax: Math.max(...r.dots),
    longTasks: r.longTasks, longMs: r.longMs, heapMb: r.heap / 1048576, playing: r.playing, simMs: r.simMs,
  };
}

// Cold loads: a fresh context each time (empty cache); the time from navigation start until `selector` is in the page.
async function firstFrame(browser, url, selector) {
  const times = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript((sel) => {
      new MutationObserver((_, o) => {
        if (document.querySelector(sel)) { window.__firstFrame = performance.now(); o.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    }, selector);
    await page.goto(url);
    await page.waitForSelector(selector, { timeout: 60_000 });
    times.push(await page.evaluate(() => window.__firstFrame));
    await context.close();
  }
  return pct(times, 50);
}

const browser = await chromium.launch({ executablePath: chromiumPath, args });
const loads = readFileSync(loadsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.split('\t'));
console.log(`Frames (1280x800, ${SECONDS} s after ${WARMUP_MS / 1000} s of warm-up, speed 1x)`);
console.log('| load | fps | frame p50 / p95 / max ms | own work p50 / p95 ms | long tasks (total ms) | JS heap MB | record dots moving, mean / max |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, fragment] of loads) {
  const m = await measureLoad(browser, fragment);
  console.log(`| ${name} | ${f1(m.fps)} | ${f1(m.p50)} / ${f1(m.p95)} / ${f1(m.max)} | ${f1(m.work50)} / ${f1(m.work95)} | ` +
    `${m.longTasks} (${Math.round(m.longMs)}) | ${f1(m.heapMb)} | ${f1(m.dotsMean)} / ${m.dotsMax} |`);
}
const ours = await firstFrame(browser, pageUrl + '#preset=quickstart', '[data-testid="card-layer"]');
const hello = await firstFrame(browser, helloUrl, '[data-testid="hello"]');
console.log('');
console.log(`First stage frame (median of ${COLD_LOADS} cold loads): playground ${Math.round(ours)} ms, ` +
  `Yew hello world ${Math.round(hello)} ms, ratio ${(ours / hello).toFixed(2)}`);
await browser.close();
