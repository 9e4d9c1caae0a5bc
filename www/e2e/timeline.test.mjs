// Time travel on the page: the timeline seeks exactly (the trace hash of a seek equals the one of a link opened at
// that instant), steps go back and forth one shown event at a time, markers jump to what happened, and an
// intervention in the past forks the run with one step of undo.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, WAIT, e2e, tid, open, attr, simTime, traceHash } from './harness.mjs';

/** Sets the timeline slider to `ms` as a drag would (an input event), and waits for the page to be there. */
async function scrub(page, ms) {
  await page.locator(tid('timeline')).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-sim-time-ms')) === v, ms, { timeout: WAIT });
}

/** The trace hash of the run opened paused at `ms` from its link. */
async function hashAt(page, fragment, ms) {
  await open(page, `${fragment}&t=${ms}`);
  assert.equal(await simTime(page), ms);
  return traceHash(page);
}

e2e('17. the timeline seeks back and forth exactly, steps go back, and markers jump to what happened', async (page) => {
  const fragment = '#preset=acks-1-data-loss';
  const at5 = await hashAt(page, fragment, 5000);
  const at20 = await hashAt(page, fragment, 20000);
  await open(page, `${fragment}&t=20000`);
  const slider = page.locator(tid('timeline'));
  assert.equal(await slider.getAttribute('aria-valuenow'), '20000');
  await scrub(page, 5000);
  assert.equal(await traceHash(page), at5, 'a seek back gives the state of a link opened there');
  assert.equal(await slider.getAttribute('aria-valuenow'), '5000');
  await scrub(page, 20000);
  assert.equal(await traceHash(page), at20, 'and forward again');

  // Keyboard on the slider seeks too (one step of the range is 1 ms).
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-sim-time-ms')) === 19999, null, { timeout: WAIT });
  await slider.blur();

  // Step back twice and forward twice: the same instant and trace.
  const here = { t: await simTime(page), h: await traceHash(page), e: Number(await attr(page, 'data-events')) };
  await page.locator(tid('step-back')).click();
  const back1 = Number(await attr(page, 'data-events'));
  assert.ok(back1 <= here.e && (await simTime(page)) <= here.t, 'a step back goes back');
  await page.keyboard.press('Comma');
  await page.waitForFunction((e) => Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-events')) < e, back1, { timeout: WAIT });
  const back2 = { h: await traceHash(page), e: Number(await attr(page, 'data-events')) };
  assert.notEqual(back2.h, here.h, 'two steps back undo a shown event');
  await page.keyboard.press('Period');
  await page.waitForFunction((e) => Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-events')) > e, back2.e, { timeout: WAIT });
  assert.equal(Number(await attr(page, 'data-events')), back1, 'a step forward redoes the step back');

  // Markers: the injected faults, the election after broker 1's crash and the truncation when it returns.
  const kinds = await page.locator(tid('timeline-marker')).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  for (const k of ['fault', 'election', 'isr', 'truncation']) assert.ok(kinds.includes(k), `a ${k} marker in ${kinds}`);
  const election = page.locator(`${tid('timeline-marker')}[data-kind="election"]`).first();
  assert.match(await election.getAttribute('title'), /^t = \d+\.\d{3} s: orders-0: broker-\d elected leader, leader epoch \d+/);
  const atMs = Number(await election.getAttribute('data-at-ms'));
  await election.click();
  await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-sim-time-ms')) - v) < 1, atMs, { timeout: WAIT });
  await page.screenshot({ path: join(ARTIFACTS, 'timeline.png') });

  // The guarantees ledger follows the instant: nothing lost before the first fault, the acknowledged-then-lost
  // records at the end,
  // listed when the row is opened (the CLI's report for runs stopped there says the same: tests/engine/ledger.rs).
  const lost = page.locator(tid('ledger-lost_acked'));
  const firstFault = Math.min(...await page.locator(`${tid('timeline-marker')}[data-kind="fault"]`)
    .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-at-ms')))));
  const before = Math.floor(firstFault) - 1;
  await scrub(page, before);
  await page.waitForFunction((t) => document.querySelector('[data-testid="ledger"]')?.getAttribute('data-at-ms') === String(t),
    before, { timeout: WAIT });
  assert.equal(await lost.getAttribute('data-count'), '0');
  await scrub(page, 25000);
  await page.waitForFunction(() => document.querySelector('[data-testid="ledger"]')?.getAttribute('data-at-ms') === '25000',
    null, { timeout: WAIT });
  const n = Number(await lost.getAttribute('data-count'));
  assert.ok(n > 0, 'acks=1 loses acknowledged records when the leader dies');
  assert.equal(await page.locator(tid('lost-acked-count')).textContent(), String(n));
  assert.equal(Number(await page.locator(tid('ledger-acked')).getAttribute('data-count')), 400);
  await lost.locator('summary').click();
  assert.equal(await lost.locator('.ledger__records > li').count(), Math.min(n, 20) + (n > 20 ? 1 : 0));
  assert.match(await lost.locator('.ledger__records > li').first().textContent(), /^record #\d+ of producer-0$/);
  await page.locator(tid('ledger')).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'ledger.png') });
});

e2e('18. an intervention in the past forks the run: later interventions go, with one step of undo', async (page) => {
  await open(page, '#preset=quickstart&t=3000');
  await page.locator(tid('broker-2')).click();
  await page.locator(tid('crash-broker-2')).click();
  await page.waitForFunction(() => location.hash.startsWith('#s='), null, { timeout: WAIT });
  const withCrash2 = page.url();
  await scrub(page, 6000);
  await scrub(page, 1000);
  assert.equal(await page.locator(tid('fork-notice')).count(), 0, 'looking at the past forks nothing');
  await page.locator(tid('broker-3')).click();
  await page.locator(tid('crash-broker-3')).click();
  const notice = page.locator(tid('fork-notice'));
  await notice.waitFor({ timeout: WAIT });
  assert.equal(await notice.getAttribute('data-dropped'), '1');
  assert.match(await notice.textContent(), /Forked at t = 1\.000 s: 1 later intervention dropped/);
  await page.screenshot({ path: join(ARTIFACTS, 'timeline-fork.png') });
  const forked = page.url();
  assert.notEqual(forked, withCrash2);
  // The fork's link replays the fork: broker-3 crashed, broker-2 not.
  const markers = () => page.locator(`${tid('timeline-marker')}[data-kind="fault"]`)
    .evaluateAll((els) => els.map((e) => e.getAttribute('title')).join(' | '));
  await scrub(page, 6000);
  assert.match(await markers(), /crash broker-3/);
  assert.doesNotMatch(await markers(), /crash broker-2/);
  // Undo: back at the fork's instant with the crash of broker-2 and its link.
  await page.locator(tid('undo-fork')).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="fork-notice"]'), null, { timeout: WAIT });
  assert.equal(await simTime(page), 1000);
  await page.waitForFunction((u) => location.href === u, withCrash2, { timeout: WAIT });
  await scrub(page, 6000);
  assert.match(await markers(), /crash broker-2/);
});

e2e('19. the event log lists what happened in Kafka words, filters by text, kind and node, and seeks on a click', async (page) => {
  await open(page, '#preset=acks-1-data-loss&t=25000');
  const log = page.locator(tid('event-log'));
  const entries = page.locator(tid('event-log-entry'));
  assert.ok(Number(await log.getAttribute('data-total')) > 5);
  await page.locator(tid('event-log-search')).fill('ISR');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="event-log-entry"]')]
    .every((e) => /ISR/i.test(e.textContent)), null, { timeout: WAIT });
  assert.ok((await entries.count()) > 0, 'ISR changes are listed');
  assert.match(await entries.first().textContent(), /orders-0: ISR (shrank|expanded) to \[[\d,]+\]/);
  await page.locator(tid('event-log-search')).fill('');
  await page.locator(tid('event-log-kind')).selectOption('truncation');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="event-log-entry"]')]
    .every((e) => e.getAttribute('data-kind') === 'truncation'), null, { timeout: WAIT });
  assert.match(await entries.first().textContent(), /broker-1 truncated orders-0 to offset \d+: \d+ records removed/);
  await page.locator(tid('event-log-kind')).selectOption('');
  await page.locator(tid('event-log-node')).selectOption('broker-1');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="event-log-entry"]')]
    .every((e) => e.getAttribute('data-node') === 'broker-1'), null, { timeout: WAIT });
  const first = entries.first();
  const atMs = Number(await first.getAttribute('data-at-ms'));
  await first.click();
  await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-sim-time-ms')) - v) < 1, atMs, { timeout: WAIT });
  await log.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'event-log.png') });
});

e2e('20. the record inspector tells a lost record\'s life, follows it back in time, and opens from a log cell', async (page) => {
  await open(page, '#preset=acks-1-data-loss&t=25000');
  const lost = page.locator(tid('ledger-lost_acked'));
  await page.waitForFunction(() => document.querySelector('[data-testid="ledger"]')?.getAttribute('data-at-ms') === '25000',
    null, { timeout: WAIT });
  await lost.locator('summary').click();
  const first = lost.locator('.ledger__record').first();
  const id = await first.getAttribute('data-record-id');
  await first.click();
  const inspector = page.locator(tid('record-inspector'));
  await inspector.waitFor({ timeout: WAIT });
  assert.equal(await inspector.getAttribute('data-record-id'), id);
  assert.equal(await inspector.getAttribute('data-verdict'), 'lost');
  const why = await page.locator(tid('inspector-why')).textContent();
  assert.match(why, /^Acknowledged \(RecordMetadata\(offset \d+, timestamp [\d.]+ s\) at [\d.]+ s with acks=1\), but not in the log of broker-\d/);
  assert.match(why, /was elected leader \(leader epoch \d+\) without it/);
  const steps = page.locator(tid('inspector-step'));
  const texts = await steps.evaluateAll((els) => els.map((e) => e.textContent));
  for (const re of [/send\(\): serialized, partitioned to orders-0/, /Produce request producer-0 → broker-\d/,
    /appended it at offset \d+/, /callback: RecordMetadata\(offset \d+\) with acks=1/, /truncated its log/]) {
    assert.ok(texts.some((t) => re.test(t)), `a step matching ${re} in ${texts.join(' | ')}`);
  }
  await inspector.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'inspector-lost.png') });

  // Going back to its callback: the inspector follows the record there, where it was not lost yet.
  const ack = steps.filter({ hasText: 'callback: RecordMetadata' }).first();
  const ackMs = Number(await ack.getAttribute('data-at-ms'));
  await ack.locator('.inspector__time').click();
  await page.waitForFunction((v) => Math.floor(Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-sim-time-ms'))) === v, ackMs, { timeout: WAIT });
  await page.waitForFunction(() => document.querySelector('[data-testid="record-inspector"]')
    ?.getAttribute('data-verdict') === 'safe', null, { timeout: WAIT });
  assert.ok(!(await steps.evaluateAll((els) => els.map((e) => e.textContent))).some((t) => /truncated/.test(t)),
    'the truncation is in its future');

  // A click on a log cell on the stage inspects that cell's record.
  await page.locator(tid('inspector-close')).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="record-inspector"]'), null, { timeout: WAIT });
  const cell = page.locator(`${tid('broker-2')} .cell`).first();
  const cellId = await cell.getAttribute('data-record-id');
  await cell.click();
  await inspector.waitFor({ timeout: WAIT });
  assert.equal(await inspector.getAttribute('data-record-id'), cellId);
  assert.equal(await page.locator('[data-testid^="broker-menu-"]').count(), 0, 'a cell click inspects; it does not open the fault menu');
});

e2e('21. the tutorial\'s "2 3 1" reads off the leader\'s log of retry-reordering, and its "1" explains itself', async (page) => {
  // The retried batch lands at 0.423 s (engine v5, seed of the preset): the leader's newest cells end in it.
  await open(page, '#preset=retry-reordering&t=423');
  const marked = page.locator(`${tid('broker-1')} .cell[data-mark^="order:"]`);
  const order = await marked.evaluateAll((els) => els
    .sort((a, b) => Number(a.getAttribute('data-offset')) - Number(b.getAttribute('data-offset')))
    .map((e) => e.getAttribute('data-mark').slice('order:'.length)).join(' '));
  assert.equal(order, '2 3 1', 'send order of the out-of-order run, as the tutorial tells it');
  await page.locator(tid('broker-1')).screenshot({ path: join(ARTIFACTS, 'log-2-3-1.png') });
  const broken = page.locator(`${tid('timeline-marker')}[data-kind="guarantee"]`).first();
  assert.match(await broken.getAttribute('title'), /broker-1 wrote record #\d+ of producer-0 out of send order at offset \d+ of orders-0/);
  await page.locator(`${tid('broker-1')} .cell[data-mark="order:1"]`).click();
  const inspector = page.locator(tid('record-inspector'));
  await inspector.waitFor({ timeout: WAIT });
  assert.equal(await inspector.getAttribute('data-verdict'), 'reordered');
  assert.match(await page.locator(tid('inspector-why')).textContent(),
    /^At offset \d+, behind record #\d+ of producer-0 \(sent later, at offset \d+\): its batch was retried/);
  await page.screenshot({ path: join(ARTIFACTS, 'inspector-reordered.png') });
});

e2e('22. the charts draw the run: the ISR dips while broker-1 is down (shaded), hovering reads values, a click seeks', async (page) => {
  await open(page, '#preset=acks-1-data-loss&t=25000');
  const isr = page.locator(tid('chart-isr'));
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="chart-isr"]')?.getAttribute('data-buckets')) > 100,
    null, { timeout: WAIT });
  for (const k of ['lag', 'throughput', 'latency', 'e2e', 'isr']) {
    assert.equal(await page.locator(tid(`chart-${k}`)).count(), 1, `chart-${k}`);
  }
  assert.equal(await isr.getAttribute('data-y-max'), '3');
  assert.ok((await isr.locator('.chart__fault').count()) > 0, 'the crash window is shaded');
  await isr.scrollIntoViewIfNeeded();
  const box = await isr.locator('svg').boundingBox();
  // The middle of the run: broker-1 is down, the ISR is [2,3].
  await page.mouse.move(box.x + box.width * (34 + (276 - 34) * 0.5) / 280, box.y + box.height / 2);
  const readout = isr.locator(tid('chart-readout'));
  await page.waitForFunction(() => document.querySelector('[data-testid="chart-isr"] [data-testid="chart-readout"]')
    ?.hasAttribute('data-bucket'), null, { timeout: WAIT });
  assert.match(await readout.textContent(), /^12\.\d{3} s–12\.\d{3} s · fault in force · orders-0 2 replicas$/);
  await page.screenshot({ path: join(ARTIFACTS, 'charts.png') });
  await page.mouse.click(box.x + box.width * (34 + (276 - 34) * 0.2) / 280, box.y + box.height / 2);
  await page.waitForFunction(() => Math.abs(Number(document.querySelector('[data-testid="playground"]')
    .getAttribute('data-sim-time-ms')) - 5000) < 150, null, { timeout: WAIT });
  const cursor = Number(await isr.locator(tid('chart-cursor')).getAttribute('data-x'));
  assert.ok(Math.abs(cursor - (34 + (276 - 34) * 0.2)) < 1.5, `the cursor follows the seek: ${cursor}`);
});

e2e('23. the message sequence diagram draws the messages before the instant, filters by node and API, and reads one', async (page) => {
  await open(page, '#preset=acks-1-data-loss&t=2100');
  await page.locator(tid('sequence-toggle')).click();
  const diagram = page.locator(tid('sequence-diagram'));
  await diagram.waitFor({ timeout: WAIT });
  const total = Number(await diagram.getAttribute('data-messages'));
  assert.ok(total > 5, `messages in the last 200 ms: ${total}`);
  assert.ok((await diagram.locator(`${tid('sequence-arrow')}[data-lost="true"]`).count()) > 0,
    'broker-1 crashed at 2.000 s: messages to it are lost');
  await diagram.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'sequence.png') });
  await page.locator(tid('sequence-api')).selectOption('produce');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="sequence-arrow"]')]
    .every((a) => a.getAttribute('data-api') === 'produce' || a.getAttribute('data-api') === 'error'), null, { timeout: WAIT });
  const produce = diagram.locator(tid('sequence-arrow'));
  assert.ok((await produce.count()) > 0, 'Produce requests and responses');
  await page.locator(tid('sequence-node')).selectOption({ label: 'producer-0' });
  await produce.first().dispatchEvent('click');
  assert.match(await page.locator(tid('sequence-detail')).textContent(),
    /^Produce (request|response) (producer-0 → broker-1|broker-1 → producer-0) · correlation id \d+ · message \d+ · sent \d+\.\d{3} s, /);
  // A longer window holds more messages.
  await page.locator(tid('sequence-window')).selectOption('1000');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="sequence-diagram"]')
    .getAttribute('data-messages')) > n, total, { timeout: WAIT });
});

e2e('24. compare acks=1 with acks=all on the same seed and faults: lost records vs none, and the link carries both', async (page) => {
  await open(page, '#preset=acks-1-data-loss&t=25000');
  await page.locator(tid('compare-edits')).fill('producers.acks=all');
  await page.locator(tid('compare-start')).click();
  const table = page.locator(tid('compare'));
  await table.waitFor({ timeout: WAIT });
  const row = (f) => page.locator(`${tid('compare-row')}[data-field="${f}"]`);
  const lostA = Number(await row('lost_acked').getAttribute('data-a'));
  assert.ok(lostA > 0, 'acks=1 loses acknowledged records');
  assert.equal(await row('lost_acked').getAttribute('data-b'), '0', 'acks=all does not');
  assert.equal(await row('lost_acked').getAttribute('data-differs'), 'true');
  assert.match(await table.getAttribute('data-summary'), new RegExp(`acknowledged, then lost ${lostA} vs 0`));
  assert.match(await row('request_p99').getAttribute('data-b'), /^\d+(\.\d)? ms$/);
  assert.equal(await page.locator(`${tid('compare-ledger')} ${tid('ledger-lost_acked')}`).getAttribute('data-count'), '0');
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'compare.png') });
  // The link carries the comparison: reopened, it compares again.
  await page.waitForFunction(() => location.hash.includes('&compare=producers.acks=all'), null, { timeout: WAIT });
  const link = page.url();
  await open(page, `${link.slice(link.indexOf('#'))}&t=25000`);
  await page.locator(tid('compare')).waitFor({ timeout: WAIT });
  assert.equal(await row('lost_acked').getAttribute('data-b'), '0');
  // A bad edit is refused with why; what was typed stays.
  await page.locator(tid('compare-edits')).fill('producers.acks=sometimes');
  await page.locator(tid('compare-start')).click();
  await page.locator(tid('compare-error')).first().waitFor({ timeout: WAIT });
  assert.match(await page.locator(tid('compare-error')).first().textContent(), /acks/);
  assert.equal(await page.locator(tid('compare-edits')).inputValue(), 'producers.acks=sometimes');
});
