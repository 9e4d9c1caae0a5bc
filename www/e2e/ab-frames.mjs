// Frame rates of two or more builds of the page on one load, measured in turn (the order reversed every other
// round, so a machine that slows down during the run does not favour one build). By hand, not a test: the page
// benchmark (scripts/bench-page.sh) measures one build; this compares builds, e.g. before and after a change.
//
// Usage: node ab-frames.mjs FRAGMENT ROUNDS URL [URL...]
//   FRAGMENT: what follows the page's address, e.g. '#preset=quickstart' or a `kafka-playground link FILE` fragment.
//   Each URL serves one build's dist/ (python3 -m http.server PORT --bind 127.0.0.1 --directory DIR).
// Per build and round: frames per second and the p95 frame time over 6 s after 2 s of warm-up, at 1280x800.
import { chromium } from 'playwright-core';

const [fragment, roundsArg, ...urls] = process.argv.slice(2);
if (!fragment || !roundsArg || urls.length === 0) {
  console.error('usage: node ab-frames.mjs FRAGMENT ROUNDS URL [URL...]');
  process.exit(2);
}
const WARMUP_MS = 2000;
const MEASURE_MS = 6000;
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p / 100 * s.length))];
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const results = urls.map(() => []);
for (let round = 0; round < Number(roundsArg); round++) {
  const order = urls.map((_, i) => i);
  if (round % 2) order.reverse();
  for (const i of order) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(urls[i] + fragment);
    await page.waitForSelector('[data-testid="card-layer"]', { timeout: 60_000 });
    await page.waitForTimeout(WARMUP_MS);
    const deltas = await page.evaluate(async (ms) => {
      const out = [];
      let last = null;
      const end = performance.now() + ms;
      await new Promise((done) => {
        const tick = (t) => {
          if (last !== null) out.push(t - last);
          last = t;
          if (t < end) requestAnimationFrame(tick); else done();
        };
        requestAnimationFrame(tick);
      });
      return out;
    }, MEASURE_MS);
    await page.close();
    const fps = deltas.length / (deltas.reduce((a, b) => a + b, 0) / 1000);
    results[i].push(`${fps.toFixed(1)} fps, p95 ${pct(deltas, 95).toFixed(1)} ms`);
  }
}
urls.forEach((u, i) => console.log(`${u}  ${results[i].join(' | ')}`));
await browser.close();
