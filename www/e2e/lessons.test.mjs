// Guided lessons and the Korean/English page (issue 16): the lesson index, taking the min.insync.replicas lesson to
// its last step in Korean, switching to English mid-lesson without losing the step or the run, a step link opened
// in a fresh tab, progress kept in localStorage. Screenshots in both languages (looked at by hand).
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { ARTIFACTS, FAST, WAIT, atStep, attr, e2e, korean, open, ready, simTime, tid } from './harness.mjs';

const LESSON = 'min-insync-replicas';
const HANGUL = /[\uAC00-\uD7A3]/;

const step = async (page) => Number(await page.locator(tid('lesson')).getAttribute('data-step'));

e2e('the lesson index lists every lesson in Korean and opens one', async (page) => {
  await page.goto(new URL(`#lessons&lang=ko`, process.env.BASE_URL ?? 'http://127.0.0.1:8080/').href);
  await page.waitForSelector(tid('lesson-index'), { timeout: WAIT });
  await korean(page);
  assert.equal(await page.locator(tid('lesson-index')).getAttribute('data-lang'), 'ko');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
  const links = page.locator('[data-testid^="lesson-link-"]');
  assert.ok((await links.count()) >= 15, `only ${await links.count()} lessons listed`);
  assert.match(await page.locator('.lessons__title').textContent(), HANGUL);
  await page.screenshot({ path: join(ARTIFACTS, 'lessons-index-ko.png'), fullPage: true });
  await page.locator(tid(`lesson-link-${LESSON}`)).click();
  await ready(page);
  await atStep(page, 1);
  assert.equal(await page.locator(tid('lesson')).getAttribute('data-lesson'), LESSON);
  assert.equal(await attr(page, 'data-lang'), 'ko');
});

e2e('the min.insync.replicas lesson to its last step: Korean, then English mid-lesson', async (page) => {
  await open(page, `#lesson=${LESSON}&step=1&lang=ko&${FAST}`);
  await atStep(page, 1);
  await korean(page);
  assert.equal(await attr(page, 'data-lang'), 'ko');
  assert.match(await page.locator(tid('lesson-text')).textContent(), HANGUL);
  assert.match(await page.locator(tid('broker-1')).textContent(), HANGUL, 'the stage speaks Korean too');
  // Step 1 highlights broker-3: a rule draws the glow, and the card is there to carry it.
  const filter = await page.locator(tid('broker-3')).evaluate((el) => getComputedStyle(el).filter);
  assert.match(filter, /drop-shadow/);
  await page.screenshot({ path: join(ARTIFACTS, 'lesson-ko-step1.png') });

  // Next plays on to the ISR shrink and pauses there.
  await page.locator(tid('lesson-next')).click();
  await atStep(page, 2);
  const t2 = await simTime(page);
  assert.ok(t2 >= 9000, `step 2 pauses at the ISR shrink, not at ${t2} ms`);
  assert.match(page.url(), /lesson=min-insync-replicas&step=2/);

  // Switch to English mid-lesson: the step, the instant and the run stay.
  const hash = await attr(page, 'data-trace-hash');
  await page.locator(tid('lang-switch')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="playground"]')?.getAttribute('data-lang') === 'en');
  assert.equal(await step(page), 2);
  assert.equal(await simTime(page), t2);
  assert.equal(await attr(page, 'data-trace-hash'), hash);
  assert.doesNotMatch(await page.locator(tid('lesson-text')).textContent(), HANGUL);
  // Every word on the page follows, the stage's cards and notes and the timeline's legend too (the switch itself
  // names the other language in its own script).
  const words = await page.evaluate(() => {
    const body = document.body.cloneNode(true);
    body.querySelector('[data-testid="lang-switch"]')?.remove();
    return body.textContent;
  });
  assert.doesNotMatch(words, HANGUL, `Korean left on the English page: ${words.match(/.{0,40}[\uAC00-\uD7A3].{0,40}/)?.[0]}`);
  // What glows is named in words too (it reads without colour).
  assert.equal(await page.locator(tid('lesson-highlights')).textContent(),
    'Highlighted on the stage: the KRaft controller, the orders-0 replica on broker-1');
  assert.match(page.url(), /lang=en/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.screenshot({ path: join(ARTIFACTS, 'lesson-en-step2.png') });

  // The question's answer: asked for, then shown.
  await page.locator(tid('lesson-reveal')).click();
  assert.match(await page.locator(tid('lesson-answer')).textContent(), /NOT_ENOUGH_REPLICAS/);

  // Share… links the step; the embed snippet can carry the lesson's panel, and that embed opens on the step.
  await page.locator(tid('share-open')).click();
  const shared = await page.locator(tid('share-text-link')).inputValue();
  assert.match(shared, new RegExp(`#lesson=${LESSON}&step=2$`));
  await page.locator(tid('share-panel')).selectOption('lesson');
  await page.waitForFunction(() => /panel=lesson/.test(document.querySelector('[data-testid="share-text-embed"]')?.value ?? ''));
  const src = (await page.locator(tid('share-text-embed')).inputValue()).match(/src="([^"]+)"/)[1].replaceAll('&amp;', '&');
  await page.locator(tid('share-close')).click();
  const embed = await page.context().newPage();
  await embed.setViewportSize({ width: 800, height: 450 });
  await embed.goto(src);
  await embed.waitForSelector(`${tid('lesson')}[data-step="2"]`, { timeout: WAIT });
  // It opens paused at the step, with the question still asked (an embed would otherwise play once visible).
  await embed.waitForTimeout(1000);
  assert.equal(Number(await embed.locator(tid('playground')).getAttribute('data-sim-time-ms')), t2);
  assert.equal(await embed.locator(tid('lesson-answer')).count(), 0);
  await embed.screenshot({ path: join(ARTIFACTS, 'lesson-embed-800x450.png') });
  await embed.close();

  // On to the last step; Back returns to the previous pause.
  await page.locator(tid('lesson-next')).click();
  await atStep(page, 3);
  const t3 = await simTime(page);
  await page.locator(tid('lesson-next')).click();
  await atStep(page, 4);
  await page.locator(tid('lesson-back')).click();
  await atStep(page, 3);
  assert.equal(await simTime(page), t3);
  await page.locator(tid('lesson-next')).click();
  await atStep(page, 4);
  await page.waitForSelector(tid('lesson-summary'));
  // The experiment opens Compare with… on min.insync.replicas=2.
  await page.locator(tid('lesson-experiment')).click();
  await page.waitForSelector(tid('compare'), { timeout: WAIT });
  assert.match(page.url(), /compare=topics\.min\.insync\.replicas=2/);

  // Progress is remembered: the index shows the lesson done.
  await page.goto(new URL('#lessons', page.url()).href);
  await page.waitForSelector(tid('lesson-index'));
  assert.equal(await page.locator(tid(`lesson-link-${LESSON}`)).getAttribute('data-reached'), '4');
});

e2e('a step link opens that step, paused at its instant, in a fresh tab', async (page, { context }) => {
  await open(page, `#preset=quickstart&${FAST}`);
  const tab = await context.newPage();
  await tab.goto(new URL(`#lesson=${LESSON}&step=3&lang=ko`, page.url()).href);
  await ready(tab);
  await atStep(tab, 3);
  await korean(tab);
  assert.ok((await simTime(tab)) > 10_000, 'step 3 waits for the first refused produce');
  assert.equal(await attr(tab, 'data-playing'), 'false');
  assert.match(await tab.locator(tid('lesson-text')).textContent(), HANGUL);
  // Playing freely and coming back: the "back to this step" button returns to the pause.
  const t3 = await simTime(tab);
  await tab.locator(tid('step')).click();
  await tab.waitForSelector(tid('lesson-return'));
  await tab.locator(tid('lesson-return')).click();
  await tab.waitForFunction((t) => document.querySelector('[data-testid="playground"]')?.getAttribute('data-sim-time-ms') === String(t), t3);
  await tab.close();
});

e2e('a lesson on a phone, in Korean', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, `#lesson=${LESSON}&step=2&lang=ko`);
  await atStep(page, 2);
  await korean(page);
  const box = await page.locator(tid('lesson')).boundingBox();
  assert.ok(box && box.width <= 390, `the lesson panel is ${box?.width} px wide on a 390 px screen`);
  await page.screenshot({ path: join(ARTIFACTS, 'lesson-ko-390.png'), fullPage: true });
});

e2e('a broken lesson link says why and the page keeps working', async (page) => {
  await open(page, '#lesson=no-such-lesson&lang=en');
  assert.match(await page.locator(tid('error-banner')).first().textContent(), /unknown lesson 'no-such-lesson'/);
  assert.equal(await page.locator(tid('lesson')).count(), 0);
});
