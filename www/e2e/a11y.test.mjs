// Accessibility, themes and sharing (issue 15): axe-core finds no serious or critical violation on the main page,
// the editor, embed mode and the dark theme; the page works from the keyboard (help, broker menu, Escape); the live
// region says what happened; reduce motion stops the record dots; the share dialog's links open what they say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { ARTIFACTS, BASE_URL, WAIT, attr, e2e, open, tid } from './harness.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now, as readable lines. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0]?.target?.join(' ')})`);
  });
  return found;
}

e2e('A1. axe-core: no serious or critical violation on the main page, the editor, embed mode and the dark theme', async (page) => {
  await open(page, '#preset=acks-1-data-loss&t=9500');
  assert.deepEqual(await axeViolations(page), [], 'main page');
  await page.locator(tid('edit')).click();
  await page.locator(tid('editor-status')).waitFor({ timeout: WAIT });
  assert.deepEqual(await axeViolations(page), [], 'the scenario editor');
  await open(page, '#preset=acks-1-data-loss&t=9500&embed=1&panel=ledger');
  assert.deepEqual(await axeViolations(page), [], 'embed mode');
  await open(page, '#preset=acks-1-data-loss&t=9500&theme=dark');
  assert.equal(await attr(page, 'data-theme'), 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.deepEqual(await axeViolations(page), [], 'dark theme');
  await page.screenshot({ path: join(ARTIFACTS, 'dark.png') });
});

e2e('A2. the theme toggle switches light and dark, remembers it, and a theme= link wins', async (page) => {
  await open(page, '#preset=quickstart&t=3000');
  const before = await attr(page, 'data-theme');
  const toggle = page.locator(tid('theme-toggle'));
  const label = async () => [await toggle.getAttribute('aria-pressed'), (await toggle.locator('.button__text').textContent()).trim()];
  // The button says which theme a press gives, and whether dark is on (it is drawn by the top bar's tools
  // component, which must draw again when the theme changes).
  assert.deepEqual(await label(), before === 'dark' ? ['true', 'Light'] : ['false', 'Dark']);
  await toggle.click();
  const after = await attr(page, 'data-theme');
  assert.notEqual(after, before);
  assert.deepEqual(await label(), after === 'dark' ? ['true', 'Light'] : ['false', 'Dark']);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), after);
  // The canvas and the cards take their colours from the theme: the page background changed.
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('[data-testid="playground"]')?.dataset.theme, null, { timeout: WAIT });
  assert.equal(await attr(page, 'data-theme'), after, 'the choice is remembered');
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), bg);
  await open(page, `#preset=quickstart&theme=${before}`);
  assert.equal(await attr(page, 'data-theme'), before, 'theme= in the link wins');
});

e2e('A3. from the keyboard: ? opens the help, Tab and Enter open a broker menu, arrows move in it, Escape closes it', async (page) => {
  await open(page, '#preset=quickstart&t=3000');
  await page.keyboard.press('?');
  const help = page.locator(tid('help-dialog'));
  await help.waitFor({ timeout: WAIT });
  assert.match(await help.textContent(), /Space.*play \/ pause/s);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'help-close');
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached', timeout: WAIT });

  // Tab through the page until a broker card has the focus.
  let focused = '';
  for (let i = 0; i < 80 && !/^broker-\d+$/.test(focused); i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.dataset?.testid ?? '');
  }
  assert.match(focused, /^broker-\d+$/, 'a broker card is reachable with Tab');
  const id = focused.split('-')[1];
  await page.keyboard.press('Enter');
  const menu = page.locator(tid(`broker-menu-${id}`));
  await menu.waitFor({ timeout: WAIT });
  const item = () => page.evaluate(() => document.activeElement?.getAttribute('role') + ' ' + document.activeElement?.textContent);
  assert.match(await item(), /^menuitem /, 'the menu takes the focus');
  const first = await item();
  await page.keyboard.press('ArrowDown');
  const second = await item();
  assert.notEqual(second, first, 'ArrowDown moves to the next action');
  await page.keyboard.press('End');
  assert.match(await item(), /^menuitem Heal network/);
  await page.keyboard.press('Home');
  assert.equal(await item(), first);
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached', timeout: WAIT });
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), `broker-${id}`, 'the focus goes back');
});

e2e('A4. the live region says what just happened; reduce motion draws no moving dots', async (page) => {
  await open(page, '#preset=acks-1-data-loss&t=9500');
  const live = page.locator(tid('live-region'));
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  await page.waitForFunction(() => /\d+\.\d{3} s: /.test(document.querySelector('[data-testid="live-region"]')?.textContent ?? ''),
    null, { timeout: WAIT });
  assert.match(await live.textContent(), /elected leader|ISR|crash|fault|error/i);

  await open(page, '#preset=quickstart');
  assert.equal(await page.locator(tid('motion-canvas')).count(), 1);
  await page.locator(tid('motion-toggle')).click();
  assert.equal(await attr(page, 'data-reduced-motion'), 'true');
  assert.equal(await page.locator(tid('motion-canvas')).count(), 0, 'no moving record dots');
});

e2e('A5. reduced motion from the system: the page opens paused and without dots', async (page, { context }) => {
  const p = await context.newPage();
  await p.emulateMedia({ reducedMotion: 'reduce' });
  await open(p, '#preset=quickstart');
  assert.equal(await attr(p, 'data-reduced-motion'), 'true');
  assert.equal(await attr(p, 'data-playing'), 'false');
  assert.equal(await p.locator(tid('motion-canvas')).count(), 0);
  await p.close();
});

e2e('A6. the share dialog: links to the run and the moment, iframe and SDK snippets with the chosen options', async (page, { context }) => {
  await open(page, '#preset=retry-reordering&t=423');
  await page.locator(tid('share-open')).click();
  const dialog = page.locator(tid('share-dialog'));
  await dialog.waitFor({ timeout: WAIT });
  const text = (id) => page.locator(tid(`share-text-${id}`)).inputValue();
  const link = await text('link');
  const moment = await text('moment');
  assert.match(link, /#preset=retry-reordering$/);
  assert.match(moment, /#preset=retry-reordering&t=423$/);
  assert.match(await text('markdown'), /^\[Kafka Playground: retry-reordering at t = 423 ms\]\(http/);
  await page.locator(tid('share-theme')).selectOption('dark');
  await page.locator(tid('share-embed-moment')).check();
  await page.waitForFunction(() => /theme=dark/.test(document.querySelector('[data-testid="share-text-embed"]')?.value ?? ''),
    null, { timeout: WAIT });
  const iframe = await text('embed');
  assert.match(iframe, /^<iframe src="[^"]+#preset=retry-reordering&amp;embed=1&amp;t=423&amp;theme=dark"/);
  assert.match(await text('sdk'), /sdk\/kafka-playground\.js/);
  for (const l of [link, moment]) assert.ok(l.length < 2000);
  assert.match(await page.locator(tid('download-scenario')).getAttribute('href'), /^data:application\/json/);
  await page.screenshot({ path: join(ARTIFACTS, 'share-dialog.png') });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: WAIT });
  // The moment link opens paused at the same instant; the embed snippet's address opens embedded and dark.
  const p = await context.newPage();
  await open(p, moment);
  assert.equal(await attr(p, 'data-sim-time-ms'), '423');
  const src = iframe.match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await open(p, src);
  assert.equal(await attr(p, 'data-theme'), 'dark');
  assert.equal(await p.locator(tid('open-in-playground')).count(), 1);
  const href = await p.locator(tid('open-in-playground')).getAttribute('href');
  assert.match(href, /#preset=retry-reordering&t=423$/, 'Open in: the full page at the same scenario and instant');
  await p.close();
});

e2e('A7. ctl=1 shows a still poster until clicked, then the playground', async (page) => {
  await page.goto(new URL('#preset=quickstart&embed=1&ctl=1', BASE_URL).href);
  const poster = page.locator(tid('click-to-load'));
  await poster.waitFor({ timeout: WAIT });
  assert.equal(await page.locator(tid('playground')).count(), 0, 'nothing runs before the click');
  await poster.locator('button').click();
  await page.locator(tid('playground')).waitFor({ timeout: WAIT });
});

e2e('A8. embedded at 640×360 and 800×450: one compact bar, the stage and the timeline fit the frame, nothing overlaps', async (page, { context }) => {
  for (const [width, height] of [[640, 360], [800, 450]]) {
    const p = await context.newPage();
    await p.setViewportSize({ width, height });
    await open(p, '#preset=acks-1-data-loss&t=9500&embed=1');
    assert.equal(await attr(p, 'data-playing'), 'false', 't= opens paused, embedded too');
    const box = (sel) => p.locator(sel).first().boundingBox();
    const [bar, timeline, openIn, clock] = [await box('.topbar'), await box('.timeline'), await box(tid('open-in-playground')),
      await box('.clock')];
    assert.ok(bar.height < 48, `${width}: the bar is one row (${bar.height} px)`);
    assert.ok(timeline.y + timeline.height <= height + 1, `${width}: the timeline ends at ${timeline.y + timeline.height}`);
    assert.ok(clock.x + clock.width <= openIn.x, `${width}: the clock runs into "Open in"`);
    assert.equal(await p.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1), true, `${width}: no scrolling`);
    await p.screenshot({ path: join(ARTIFACTS, `embed-${width}x${height}.png`) });
    await p.close();
  }
});
