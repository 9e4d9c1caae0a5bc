// End-to-end tests of the stage (issue 13): the card layer renders only when a card changes, the frame hooks report
// what moved, and the stage zooms and pans (buttons, keys, wheel, drag) without breaking clicks on broker cards.
// Screenshots (www/e2e/artifacts/) at 1280x800 and on a 390x844 phone are looked at by hand.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { ARTIFACTS, WAIT, e2e, tid, open, attr, clickPlay, pause, simTime, playToEnd } from './harness.mjs';

const cardRenders = async (page) => Number(await page.locator(tid('card-layer')).getAttribute('data-renders'));
const views = async (page) => Number(await attr(page, 'data-views'));
const zoomLevel = async (page) => Number(await page.locator(tid('zoom-level')).getAttribute('data-zoom'));
const box = async (page, id) => page.locator(tid(id)).boundingBox();

e2e('cards are not rendered again on frames that change no card', async (page) => {
  // Slow playback: most animation frames move messages and apply no trace event, so no card changes.
  // Opened paused at 2 s, when records are flowing.
  await open(page, '#preset=quickstart&t=2000&speed=0.1');
  await clickPlay(page);
  const v0 = await views(page);
  const r0 = await cardRenders(page);
  // Watch every frame's hooks (messages are in flight for a few ms of virtual time, so a poll would miss them).
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="playground"]');
    window.__stage = { moving: 0, badFrameMs: [] };
    new MutationObserver(() => {
      window.__stage.moving = Math.max(window.__stage.moving, Number(el.getAttribute('data-moving-records')));
      const ms = Number(el.getAttribute('data-frame-ms'));
      if (!(Number.isFinite(ms) && ms >= 0)) window.__stage.badFrameMs.push(el.getAttribute('data-frame-ms'));
    }).observe(el, { attributes: true });
  });
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-views')) > v + 120, v0, { timeout: WAIT, polling: 50 });
  await pause(page);
  const dv = (await views(page)) - v0;
  const dr = (await cardRenders(page)) - r0;
  assert.ok(dv > 120, `the host rendered ${dv} frames`);
  // Every card render follows a host render; with the cards' props equal between frames most are skipped.
  assert.ok(dr < dv / 2, `the card layer rendered ${dr} times in ${dv} frames`);
  const seen = await page.evaluate(() => window.__stage);
  assert.deepEqual(seen.badFrameMs, [], 'data-frame-ms is always a duration in ms');
  assert.ok(seen.moving > 0, 'data-moving-records counted record dots in motion');
});

e2e('while a busy run plays, the cards take a new frame at most every 100 ms of wall time', async (page) => {
  // At 4x, quickstart changes some card (a log row, a producer's deque) every 10 to 40 ms of wall time. The
  // motion layer is drawn every frame; the card layer takes a changed frame at most every 100 ms (the first
  // frame within a millisecond of it), so the browser restyles and repaints the log rows ten times a second.
  await open(page, '#preset=quickstart&t=2000&speed=4');
  await page.evaluate(() => {
    const layer = document.querySelector('[data-testid="card-layer"]');
    window.__cards = [];
    new MutationObserver(() => window.__cards.push(performance.now()))
      .observe(layer, { attributes: true, attributeFilter: ['data-renders'] });
  });
  await clickPlay(page);
  const v0 = await views(page);
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-views')) > v + 90, v0, { timeout: WAIT, polling: 50 });
  const times = await page.evaluate(() => window.__cards.slice());
  await pause(page);
  const dv = (await views(page)) - v0;
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  assert.ok(times.length >= 5, `the cards were drawn ${times.length} times in ${dv} frames`);
  const span = times.at(-1) - times[0];
  assert.ok(times.length <= span / 99 + 1, `the cards were drawn ${times.length} times in ${span.toFixed(0)} ms (${dv} frames)`);
  // 99 ms less up to one frame's skew between the host's frame and the observer's clock.
  assert.ok(Math.min(...gaps) > 80, `cards drawn ${gaps.map((g) => g.toFixed(0)).join(', ')} ms apart`);
});

e2e('a run played to its end shows the same cards as the end opened directly (no frame is left held back)', async (page) => {
  // At 100x keyed-order's cards change on nearly every frame up to its end and take one at most every 100 ms, so
  // the run's last frames are held back while it plays; stopping at the end must show the end exactly, as a link
  // opened at that instant does. (Without the refresh on stopping, 7 of its 10 rows and cards differ.)
  const cards = () => page.locator('[data-testid^="replica-"][data-leo], [data-testid^="producer-"][data-in-flight]')
    .evaluateAll((els) => els.map((el) => ['data-testid', 'data-role', 'data-hw', 'data-leo', 'data-in-flight']
      .map((a) => el.getAttribute(a)).join(' ')).sort());
  await open(page, '#preset=keyed-order&speed=100');
  await playToEnd(page);
  const end = await simTime(page);
  const played = await cards();
  await open(page, `#preset=keyed-order&t=${end}`);
  assert.equal(await simTime(page), end);
  assert.ok(played.length >= 5, `replica rows and producer cards found: ${played.length}`);
  assert.deepEqual(played, await cards());
});

e2e('while a run plays, the controls and side-panel sections are drawn only when what they show changes', async (page) => {
  // Issue 13: the host renders on every animation frame, but the top bar's parts and the side panel's sections
  // are components whose props compare equal while nothing they show moved. The clock moves on every frame.
  await open(page, '#preset=quickstart&t=2000&speed=0.25');
  const renders = () => page.evaluate(() => Object.fromEntries(
    ['preset-picker', 'play', 'tools', 'scenario-words', 'counts', 'interventions', 'notes-section']
      .map((id) => [id, Number(document.querySelector(`[data-testid="${id}"]`).getAttribute('data-renders'))])
      .concat([['clock', Number(document.querySelector('.clock').getAttribute('data-renders'))]])));
  const counts = () => page.locator(tid('sent-count')).textContent();
  await clickPlay(page);
  const v0 = await views(page);
  const r0 = await renders();
  const sent0 = await counts();
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-views')) > v + 60, v0, { timeout: WAIT, polling: 50 });
  const r1 = await renders();
  await pause(page);
  for (const [id, n] of Object.entries(r0)) assert.ok(n >= 1, `${id} carries data-renders: ${JSON.stringify(r0)}`);
  const dv = (await views(page)) - v0;
  const d = Object.fromEntries(Object.keys(r0).map((k) => [k, r1[k] - r0[k]]));
  assert.ok(dv > 60, `the host rendered ${dv} frames`);
  assert.ok(d.clock > 30, `the clock follows the run: ${JSON.stringify(d)} in ${dv} frames`);
  for (const id of ['preset-picker', 'play', 'tools', 'scenario-words', 'interventions']) {
    assert.equal(d[id], 0, `${id} was drawn again while nothing it shows changed: ${JSON.stringify(d)}`);
  }
  assert.notEqual(await counts(), sent0, 'records were sent meanwhile');
  assert.ok(d.counts >= 1 && d.counts < dv * 0.9, `counts drawn when they moved, not every frame: ${JSON.stringify(d)} in ${dv} frames`);
  // Pausing is something the play button shows: it is drawn again, and says so.
  assert.ok((await renders()).play > r1.play, 'the play button was drawn again on pause');
  assert.equal(await page.locator(tid('play')).getAttribute('aria-pressed'), 'false');
});

e2e('the speed slider\'s label follows it (the play controls draw again when the speed changes)', async (page) => {
  await open(page, '#preset=quickstart&t=1000');
  const value = () => page.locator(tid('speed-value')).textContent();
  assert.equal(await value(), '1×');
  await page.locator(tid('speed')).fill('1');
  await page.waitForFunction(() => document.querySelector('[data-testid="speed-value"]').textContent === '10×', null, { timeout: WAIT });
  await page.locator(tid('speed')).fill('-0.5');
  await page.waitForFunction(() => document.querySelector('[data-testid="speed-value"]').textContent === '0.32×', null, { timeout: WAIT });
});

e2e('the stage zooms and pans, and a broker is still clickable when zoomed', async (page) => {
  await open(page, '#preset=quickstart&t=3000');
  const fit = await box(page, 'broker-1');
  assert.equal(await zoomLevel(page), 1);
  assert.ok(await page.locator(tid('zoom-fit')).isDisabled(), 'fit is disabled when fitted');

  await page.locator(tid('zoom-in')).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="zoom-level"]')
    .getAttribute('data-zoom')) > 1.4, null, { timeout: WAIT });
  assert.equal(await zoomLevel(page), 1.5);
  const zoomed = await box(page, 'broker-1');
  assert.ok(Math.abs(zoomed.width / fit.width - 1.5) < 0.02, `broker-1 is 1.5x wider: ${fit.width} -> ${zoomed.width}`);
  await page.screenshot({ path: join(ARTIFACTS, 'stage-zoomed.png') });

  // Drag the stage: the drawing follows the pointer (within what keeps it covering the stage).
  const canvas = await page.locator('.stage__canvas').boundingBox();
  const sx = canvas.x + canvas.width / 2;
  const sy = canvas.y + canvas.height / 2;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 60, sy + 40, { steps: 6 });
  await page.mouse.up();
  const dragged = await box(page, 'broker-1');
  const moved = Math.abs(dragged.x - zoomed.x) + Math.abs(dragged.y - zoomed.y);
  assert.ok(moved > 20, `the drag panned the stage (${moved.toFixed(1)} px)`);
  assert.equal(await page.locator(tid('broker-menu-1')).count(), 0, 'the click ending a drag opens no menu');

  // A plain click on a broker opens its menu at any zoom (CSS transforms keep hit-testing exact).
  await page.locator(tid('broker-1')).click();
  await page.locator(tid('broker-menu-1')).waitFor({ timeout: WAIT });
  await page.keyboard.press('Escape');

  // Keys and the wheel; then fit returns to the whole cluster.
  await page.locator(tid('sim-time')).click(); // focus off the buttons
  await page.keyboard.press('+');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="zoom-level"]')
    .getAttribute('data-zoom')) > 2.2, null, { timeout: WAIT });
  await page.mouse.move(sx, sy);
  await page.mouse.wheel(0, 300);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="zoom-level"]')
    .getAttribute('data-zoom')) < 2.2, null, { timeout: WAIT });
  await page.locator(tid('zoom-fit')).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="zoom-level"]')
    .getAttribute('data-zoom')) === 1, null, { timeout: WAIT });
  const back = await box(page, 'broker-1');
  assert.ok(Math.abs(back.x - fit.x) < 1 && Math.abs(back.width - fit.width) < 1, 'fit restores the first view');
  await page.keyboard.press('-');
  assert.equal(await zoomLevel(page), 1, 'zooming out stops at fit');
});

e2e('on a 390-px phone the stage is one column as wide as the screen, and turns with it', async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, '#preset=quickstart&t=3000');
  await page.screenshot({ path: join(ARTIFACTS, 'phone-fit.png') });
  const canvas = await page.locator('.stage__canvas').boundingBox();
  assert.ok(canvas.width >= 370, `the stage fills the width: ${canvas.width} px`);
  const [producer, broker, lastBroker, group] = await Promise.all(
    ['producer-0', 'broker-1', 'broker-3', 'group-0'].map((id) => box(page, id)));
  // Readable at fit: a broker card is drawn near its full size (352 user units on a 440-unit stage).
  assert.ok(broker.width >= 290, `broker-1 is ${broker.width} px wide at fit`);
  assert.ok(producer.y + producer.height <= broker.y, 'producers above the brokers');
  assert.ok(lastBroker.y + lastBroker.height <= group.y, 'the group below the brokers');
  assert.ok(Math.abs(producer.x - broker.x) < 2 && Math.abs(group.x - broker.x) < 2, 'one column');
  // The panels follow the stage on the page.
  const panel = await page.locator('.panel').boundingBox();
  const stage = await page.locator('.stage').boundingBox();
  assert.ok(panel.y >= stage.y + stage.height - 1, 'the side panel is below the stage');
  // The stage box scrolls to the groups.
  await page.locator(tid('group-0')).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'phone-groups.png') });
  // Zoom still works on the column.
  for (let i = 0; i < 2; i++) await page.locator(tid('zoom-in')).click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="zoom-level"]')
    .getAttribute('data-zoom')) > 1.9, null, { timeout: WAIT });
  const zoomed = await box(page, 'broker-1');
  assert.ok(zoomed.width > broker.width * 1.9, `broker-1 grew from ${broker.width} to ${zoomed.width} px`);
  const controls = await page.locator('.zoom').boundingBox();
  assert.ok(controls.x >= 0 && controls.x + controls.width <= 390, 'zoom controls fit the phone width');
  // Turned sideways, the stage is laid out left to right again, at fit.
  await page.setViewportSize({ width: 844, height: 390 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="zoom-level"]')
    .getAttribute('data-zoom')) === 1, null, { timeout: WAIT });
  const [p2, b2] = await Promise.all(['producer-0', 'broker-1'].map((id) => box(page, id)));
  assert.ok(p2.x + p2.width <= b2.x, 'landscape: producers left of the brokers');
  await page.screenshot({ path: join(ARTIFACTS, 'phone-landscape.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForFunction(() => {
    const p = document.querySelector('[data-testid="producer-0"]').getBoundingClientRect();
    const b = document.querySelector('[data-testid="broker-1"]').getBoundingClientRect();
    return p.bottom <= b.top;
  }, null, { timeout: WAIT });
});

e2e('record dots in flight are drawn on the canvas, and a click on one names its record', async (page) => {
  await open(page, '#preset=quickstart&t=2000&speed=0.1');
  // Messages are in flight for a few ms of virtual time, a dot that has just left a card still lies over it, and
  // produce responses are dots of the same colour without records. So: pause from a frame that draws records moving,
  // try each dot over the stage's background, and play on if none names a record yet (the pause instant depends on
  // frame timing, so a few tries are allowed).
  const picked = page.locator(tid('picked-record'));
  let moving = 0; let hit = { n: 0, spots: [], messages: 0 };
  for (let attempt = 0; attempt < 12 && (await picked.count()) === 0; attempt++) {
    // Pause on a later frame than the last try's (the frame that starts playing still shows the paused instant).
    const from = await simTime(page);
    await page.evaluate((from) => {
      const el = document.querySelector('[data-testid="playground"]');
      const obs = new MutationObserver(() => {
        if (Number(el.getAttribute('data-moving-records')) > 0 && el.getAttribute('data-playing') === 'true'
            && Number(el.getAttribute('data-sim-time-ms')) > from) {
          obs.disconnect();
          document.querySelector('[data-testid="play"]').click();
        }
      });
      obs.observe(el, { attributes: true });
    }, from);
    await clickPlay(page);
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="playground"]');
      return el.getAttribute('data-playing') === 'false' && Number(el.getAttribute('data-moving-records')) > 0;
    }, null, { timeout: WAIT });
    moving = Number(await attr(page, 'data-moving-records'));
    // Pixels of producer-0's colour (--c-producer, #6b54c4) over the stage's background, a few px apart, in
    // client coordinates.
    hit = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="motion-canvas"]');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const r = c.getBoundingClientRect();
      let n = 0; const spots = [];
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 107) < 12 && Math.abs(d[i + 1] - 84) < 12 && Math.abs(d[i + 2] - 196) < 12 && d[i + 3] > 200) {
          n++;
          const p = i / 4;
          const at = { x: r.left + (p % c.width + 0.5) / c.width * r.width, y: r.top + (Math.floor(p / c.width) + 0.5) / c.height * r.height };
          const under = document.elementFromPoint(at.x, at.y);
          if (under && under.classList.contains('stage__svg--nodes')
              && spots.every((s) => Math.abs(s.x - at.x) + Math.abs(s.y - at.y) > 4)) spots.push(at);
        }
      }
      return { n, spots, messages: Number(c.getAttribute('data-messages')) };
    });
    assert.ok(moving > 0 && hit.messages > 0, `${moving} records on ${hit.messages} messages in flight`);
    if (hit.spots.length) await page.screenshot({ path: join(ARTIFACTS, 'motion-canvas.png') });
    for (const spot of hit.spots.slice(0, 40)) {
      await page.mouse.click(spot.x, spot.y);
      if (await picked.count()) break;
    }
  }
  assert.ok(hit.n > 0 && hit.spots.length > 0, `the canvas has ${hit.n} px in producer-0 colour, some off the cards`);
  await picked.waitFor({ timeout: 2000 });
  const text = await picked.textContent();
  assert.match(text, /record #\d+ of producer-0 .* in flight in a (Produce|Fetch|ReplicaFetch) (request|response)/);
  assert.ok(Number(await picked.getAttribute('data-record-id')) >= 0);
  // A click off the dots clears it; a broker card still opens its menu through the canvas.
  await page.locator(tid('picked-record')).locator('button').click();
  assert.equal(await picked.count(), 0);
  await page.locator(tid('broker-1')).click();
  await page.locator('.broker-menu').waitFor({ timeout: WAIT });
});

// The page's #s= link for a scenario JSON (raw deflate, base64url: what `kafka-playground link` prints).
const link = (scenario) => '#s=1.' + deflateRawSync(Buffer.from(JSON.stringify(scenario)), { level: 9 }).toString('base64url');

e2e('a large cluster draws each broker as a strip of replica tiles, at every size', async (page) => {
  const large = {
    version: 1, seed: 1, cluster: { brokers: 32 },
    topics: [{ name: 'orders', partitions: 256, replication_factor: 3 }],
    producers: [{ workload: { topic: 'orders', rate_per_sec: 200, count: 2000 } }],
    consumer_groups: [{ group_id: 'g', topics: ['orders'], members: Array.from({ length: 64 }, () => ({})) }],
    run_ms: 12000,
  };
  const fragment = `${link(large)}&t=6000`;
  await open(page, fragment);
  const tiles = await page.locator('.replica--tile').count();
  assert.equal(tiles, 256 * 3, 'one tile per replica');
  assert.equal(await page.locator('.cell').count(), 0, 'no log cells are drawn');
  // Each tile names its replica in its tooltip.
  const title = await page.locator('.replica--tile title').first().textContent();
  assert.match(title, /^orders-\d+ on broker-\d+: (leader|follower|out-of-sync|offline), leader epoch \d+, ISR [\d,]+, HW \d+, LEO \d+$/);
  await page.screenshot({ path: join(ARTIFACTS, 'large-cluster.png') });
  // A broker's menu expands its card to its log rows, and back.
  await page.locator(tid('broker-1')).click();
  await page.locator(tid('expand-broker-1')).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="broker-1"] .replica__track').length === 24, null, { timeout: WAIT });
  assert.equal(await page.locator(`${tid('broker-1')} .replica--tile`).count(), 0, 'broker-1 shows rows, not tiles');
  assert.equal(await page.locator(`${tid('broker-2')} .replica--tile`).count(), 24, 'broker-2 keeps its tiles');
  await page.screenshot({ path: join(ARTIFACTS, 'large-cluster-expanded.png') });
  await page.locator(tid('broker-1')).click();
  assert.equal(await page.locator(tid('expand-broker-1')).textContent(), 'Back to replica tiles');
  await page.locator(tid('expand-broker-1')).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="broker-1"] .replica--tile').length === 24, null, { timeout: WAIT });
  await page.setViewportSize({ width: 800, height: 450 });
  await open(page, `${fragment}&embed=1`);
  await page.screenshot({ path: join(ARTIFACTS, 'large-cluster-embed.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page, fragment);
  await page.screenshot({ path: join(ARTIFACTS, 'large-cluster-phone.png') });
  assert.equal(await page.locator('.replica--tile').count(), 256 * 3);
});

e2e('no drawn card overlaps another, in any preset (rendered boxes, text included)', async (page) => {
  await open(page, '#preset=quickstart&t=4000');
  const names = await page.locator(`${tid('preset-select')} option`).evaluateAll(
    (os) => os.map((o) => o.value).filter((v) => v));
  assert.ok(names.length >= 20, `${names.length} presets`);
  const problems = [];
  for (const name of names) {
    await open(page, `#preset=${name}&t=4000`);
    // Cards are <g> elements: their boxes include every label drawn in them, so a label spilling onto a
    // neighbour shows up as an overlap.
    const boxes = await page.evaluate(() => {
      const re = /^(broker-\d+|producer-\d+|group-\d+|controller)$/;
      return [...document.querySelectorAll('[data-testid="card-layer"] [data-testid]')]
        .filter((el) => re.test(el.getAttribute('data-testid')))
        .map((el) => { const r = el.getBoundingClientRect();
          return { id: el.getAttribute('data-testid'), x: r.x, y: r.y, w: r.width, h: r.height }; });
    });
    assert.ok(boxes.some((b) => b.id === 'broker-1'), `${name}: cards found`);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        const ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (ox > 1 && oy > 1) problems.push(`${name}: ${a.id} overlaps ${b.id} by ${ox.toFixed(1)}x${oy.toFixed(1)} px`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

e2e('side-panel sections scrolled out of view are skipped by the browser, and drawn when scrolled to', async (page) => {
  // Issue 13: the charts' cursors, the share button's time and the footer change on every frame; while they are
  // scrolled out of the panel, `content-visibility: auto` spares the browser their style, layout and paint.
  await open(page, '#preset=quickstart&t=3000');
  const shown = () => page.evaluate(() => [...document.querySelectorAll('.panel__section')]
    .map((s) => s.firstElementChild.checkVisibility({ contentVisibilityAuto: true })));
  const before = await shown();
  assert.ok(before.length > 8, `the panel has ${before.length} sections`);
  assert.equal(before[0], true, 'the first section is drawn');
  assert.equal(before.at(-1), false, 'the last section, out of view, is skipped');
  await page.evaluate(() => [...document.querySelectorAll('.panel__section')].at(-1).scrollIntoView());
  // (A section's contents are skipped, not the section: ask its heading.)
  await page.waitForFunction(() => [...document.querySelectorAll('.panel__section')].at(-1).firstElementChild
    .checkVisibility({ contentVisibilityAuto: true }), null, { timeout: WAIT });
});
