// End-to-end tests of the built page (STYLE.md §8.7): Debian Chromium driven by playwright-core.
//
// scripts/test.sh builds dist/ (trunk build --release --offline), serves it with
// `python3 -m http.server --directory dist --bind 127.0.0.1 PORT` and runs
//   BASE_URL=http://127.0.0.1:PORT/ node --test www/e2e/*.test.mjs
// By hand, against `./scripts/serve.sh`: BASE_URL=http://127.0.0.1:8080/ node --test www/e2e/
//
// Every test gets a fresh browser profile and fails on any uncaught page error or console error.
// Waits are predicates polled with a timeout (page.waitForFunction), never fixed sleeps.
// Selectors are data-testid hooks only, never CSS classes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

import {
  HERE,
  ARTIFACTS,
  GOLDEN,
  BASE_URL,
  TEST_TIMEOUT,
  WAIT,
  FAST,
  CRASH_PRESET,
  withPage,
  e2e,
  tid,
  open,
  ready,
  attr,
  simTime,
  traceHash,
  countOf,
  waitTimeAbove,
  waitEnd,
  isPlaying,
  clickPlay,
  pause,
  playToEnd,
  step,
  replayInNewTab,
  goldenHash,
  consumers,
} from './harness.mjs';

/** Replicas shown on the page: [{ broker, topic, partition, leader }], from replica-{broker}-{topic}-{partition}. */
async function replicas(page) {
  return page.locator('[data-testid^="replica-"]').evaluateAll((els) => els.map((el) => {
    const id = el.getAttribute('data-testid').slice('replica-'.length);
    const first = id.indexOf('-');
    const last = id.lastIndexOf('-');
    return {
      broker: Number(id.slice(0, first)),
      topic: id.slice(first + 1, last),
      partition: Number(id.slice(last + 1)),
      leader: el.getAttribute('data-leader') === 'true',
    };
  }));
}

/** Kafka's murmur2 (Utils.murmur2, seed 0x9747b28c) over the UTF-8 bytes, written independently of the engine. */
function murmur2(str) {
  const data = new TextEncoder().encode(str);
  const length = data.length;
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ length) | 0;
  for (let i4 = 0; i4 + 4 <= length; i4 += 4) {
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, m); k ^= k >>> 24; k = Math.imul(k, m);
    h = Math.imul(h, m); h ^= k;
  }
  const tail = length & ~3;
  switch (length % 4) {
    case 3: h ^= data[tail + 2] << 16; // falls through
    case 2: h ^= data[tail + 1] << 8; // falls through
    case 1: h ^= data[tail]; h = Math.imul(h, m);
  }
  h ^= h >>> 13; h = Math.imul(h, m); h ^= h >>> 15;
  return h | 0;
}

// ------------------------------------------------------------------------------------------ specs

e2e('1. a preset loads, plays, and records reach the consumer', async (page) => {
  // t=0: start paused at the beginning (pages otherwise autoplay).
  await open(page, '#preset=quickstart&t=0');
  assert.equal(await isPlaying(page), false, 't=0 should start paused');

  // One step processes one event: the trace (and usually the clock) moves.
  await step(page);

  const t1 = await simTime(page);
  await clickPlay(page);
  await waitTimeAbove(page, t1);
  await page.waitForFunction(() => {
    const m = (document.querySelector('[data-testid="consumed-count"]')?.textContent ?? '').match(/\d+/);
    return m && Number(m[0]) > 0;
  }, null, { timeout: 60_000, polling: 100 });
  assert.ok((await countOf(page, 'consumed-count')) > 0);
  assert.ok((await page.locator('[data-record-id]').count()) > 0, 'no record dots drawn');
  assert.ok(await page.locator(tid('broker-1')).isVisible(), 'broker-1 is not shown');

  // Pause, then keep a frame for human review.
  await pause(page);
  await page.screenshot({ path: join(ARTIFACTS, 'quickstart.png') });
});

e2e('2. reloading the same URL after a full run reproduces the trace hash', async (page) => {
  await open(page, `#preset=quickstart&${FAST}`);
  const first = await playToEnd(page);
  assert.ok(first.time > 0 && first.hash, `no end state: ${JSON.stringify(first)}`);
  const url = page.url();

  await page.reload();
  await ready(page);
  assert.equal(page.url(), url, 'the URL changed on reload');
  const second = await playToEnd(page);
  assert.deepEqual(second, first, 'same URL, different run');

  // Rule 2: the browser's final hash equals the native golden hash of the preset.
  const golden = goldenHash('quickstart');
  if (golden) assert.equal(first.hash, golden, 'page hash differs from tests/golden/quickstart.hash');
});

e2e('3. a malformed link shows the error banner and the page still works', async (page) => {
  await page.goto(new URL('#s=garbage', BASE_URL).href);
  await page.locator(tid('error-banner')).waitFor({ state: 'visible', timeout: WAIT });
  assert.ok((await page.locator(tid('error-banner')).textContent())?.trim(), 'the error banner is empty');
  await ready(page);
  // Still alive: the default scenario is shown and the controls work.
  await pause(page);
  const t0 = await simTime(page);
  await clickPlay(page);
  await waitTimeAbove(page, t0);
});

e2e('4. crashing a leader from the page is in the URL, replays exactly, and a follower takes over', async (page, { context }) => {
  await open(page, `#preset=${CRASH_PRESET}&${FAST}&t=0`);
  assert.ok((await replicas(page)).length > 0, 'no [data-testid=replica-{broker}-{topic}-{partition}] elements');
  // Step (paused, event by event) until broker 1 leads at least one partition: the crash lands early and
  // deterministically, long before the controller's fencing timeout runs out.
  for (let i = 0; i < 500 && !(await replicas(page)).some((r) => r.broker === 1 && r.leader); i++) await step(page);
  const led = (await replicas(page)).filter((r) => r.broker === 1 && r.leader);
  assert.ok(led.length > 0, 'broker 1 never leads a partition (no [data-testid=replica-1-*][data-leader=true])');
  const fragmentBefore = new URL(page.url()).hash;

  await page.locator(tid('broker-1')).click();
  await page.locator(tid('crash-broker-1')).click();
  await page.waitForFunction(
    (before) => location.hash.startsWith('#s=') && location.hash !== before,
    fragmentBefore, { timeout: WAIT });
  const sharedUrl = page.url();

  // Replication: every partition broker 1 led gets a leader on another broker.
  await clickPlay(page);
  await page.waitForFunction((parts) => parts.every(({ topic, partition }) =>
    [...document.querySelectorAll('[data-testid^="replica-"][data-leader="true"]')].some((el) => {
      const id = el.getAttribute('data-testid');
      return id.endsWith(`-${topic}-${partition}`) && !id.startsWith('replica-1-');
    })), led, { timeout: 60_000, polling: 100 }).catch((e) => {
    throw new Error(`no other broker took over ${JSON.stringify(led)} after broker 1 crashed (${e.message})`);
  });
  const first = await waitEnd(page);
  assert.equal(new URL(page.url()).hash, new URL(sharedUrl).hash, 'the URL changed after the crash without a new intervention');

  // Reopen the shared link in a new tab and run it to the end: same trace.
  const { run: second } = await replayInNewTab(context, sharedUrl);
  assert.equal(second.hash, first.hash, `the shared link ${sharedUrl} does not replay the run`);
  assert.equal(second.time, first.time);
});

e2e('5. the partition calculator agrees with Kafka murmur2', async (page) => {
  await open(page, '#preset=quickstart');
  const key = '21';
  const partitions = 3;
  const hash = murmur2(key);
  assert.equal(hash, -973932308, 'JS murmur2 vs Kafka UtilsTest');
  const expected = (hash & 0x7fffffff) % partitions;

  const fill = async (testid, value) => {
    const el = page.locator(tid(testid));
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(String(value));
    else await el.fill(String(value));
  };
  await fill('calc-key', key);
  await fill('calc-partitions', partitions);
  await page.waitForFunction(([h, p]) => {
    const text = document.querySelector('[data-testid="calc-result"]')?.textContent ?? '';
    return text.includes(`murmur2 = ${h}`) && text.includes(`partition = ${p}`);
  }, [hash, expected], { timeout: WAIT }).catch(async (e) => {
    const text = await page.locator(tid('calc-result')).textContent().catch(() => null);
    throw new Error(`calc-result is ${JSON.stringify(text)}; expected "murmur2 = ${hash}" and "partition = ${expected}" (${e.message})`);
  });
});

e2e('6. embed=1 hides the side panel', async (page, { context }) => {
  await open(page, '#preset=quickstart');
  assert.ok(await page.locator(tid('side-panel')).isVisible(), 'the side panel is not shown without embed=1');
  const embedded = await context.newPage();
  await open(embedded, '#preset=quickstart&embed=1');
  await embedded.locator(tid('side-panel')).waitFor({ state: 'hidden', timeout: WAIT });
  assert.ok(await embedded.locator(tid('playground')).isVisible());
});

e2e('7. keyboard: "." steps, space plays and pauses', async (page) => {
  await open(page, '#preset=quickstart&t=0');
  const t0 = await simTime(page);
  const h0 = await traceHash(page);
  await page.keyboard.press('Period');
  await page.waitForFunction(([t, h]) => {
    const el = document.querySelector('[data-testid="playground"]');
    return Number(el.getAttribute('data-sim-time-ms')) !== t || el.getAttribute('data-trace-hash') !== h;
  }, [t0, h0], { timeout: WAIT });

  const t1 = await simTime(page);
  await page.keyboard.press('Space');
  await waitTimeAbove(page, t1);
  await page.keyboard.press('Space');
  await page.waitForFunction(
    () => document.querySelector('[data-testid="playground"]').getAttribute('data-playing') === 'false',
    null, { timeout: WAIT });
});

e2e('8. links cut and followers slowed from the broker menu are drawn, kept in the URL and replayed', async (page, { context }) => {
  await open(page, `#preset=slow-follower-isr&${FAST}&t=0`);
  // Step until some replica leads, then pick a follower other than broker 3 (the preset slows broker 3 itself).
  for (let i = 0; i < 500 && !(await replicas(page)).some((r) => r.leader); i++) await step(page);
  const all = await replicas(page);
  const leader = all.find((r) => r.leader);
  assert.ok(leader, 'no replica ever leads');
  const follower = all.find((r) => !r.leader && r.broker !== 3 && r.topic === leader.topic && r.partition === leader.partition);
  assert.ok(follower, `no follower besides broker 3 in ${JSON.stringify(all)}`);
  const f = follower.broker;
  const replicaId = `replica-${f}-${leader.topic}-${leader.partition}`;
  assert.equal(await page.locator(tid(replicaId)).getAttribute('data-role'), 'follower');

  // A bad delay is refused with a clear message; the menu stays open with what was typed.
  await page.locator(tid(`broker-${f}`)).click();
  await page.locator(tid(`slow-follower-ms-${f}`)).fill('-5');
  await page.locator(tid(`slow-follower-${f}`)).click();
  const err = (await page.locator(tid('broker-menu-error')).textContent()) ?? '';
  assert.match(err, /fetch delay.*\[0,\.\.\.,600000\]/, `unexpected menu error: ${err}`);
  assert.equal(await page.locator(tid(`slow-follower-ms-${f}`)).inputValue(), '-5');

  // Slow it by 6 s (> replica.lag.time.max.ms = 3000 in this preset): the leader drops it from the ISR.
  const before = new URL(page.url()).hash;
  await page.locator(tid(`slow-follower-ms-${f}`)).fill('6000');
  await page.locator(tid(`slow-follower-${f}`)).click();
  await page.waitForFunction((b) => location.hash.startsWith('#s=') && location.hash !== b, before, { timeout: WAIT });
  // (Interventions land at the next whole millisecond of virtual time, so the card shows it once playing.)

  // Cut the link between the leader's broker and broker 3 (both ways): drawn as a cut link.
  const l = leader.broker;
  const other = [1, 2, 3].find((b) => b !== l && b !== f);
  await page.locator(tid(`broker-${l}`)).click();
  await page.locator(tid(`cut-link-target-${l}`)).selectOption(`broker-${other}`);
  await page.locator(tid(`cut-link-${l}`)).click();
  const [a, b] = [Math.min(l, other), Math.max(l, other)];

  await clickPlay(page);
  const cut = page.locator(tid(`cut-link-broker-${a}-broker-${b}`));
  await cut.waitFor({ timeout: WAIT });
  assert.equal(await cut.getAttribute('data-direction'), 'both ways');
  await page.waitForFunction((id) => /fetch \+6000 ms/.test(document.querySelector(`[data-testid="broker-${id}"]`)?.textContent ?? ''),
    f, { timeout: WAIT });
  await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-role') === 'out-of-sync',
    replicaId, { timeout: 60_000, polling: 100 }).catch((e) => {
    throw new Error(`${replicaId} never left the ISR after its fetches were delayed by 6 s (${e.message})`);
  });
  await page.screenshot({ path: join(ARTIFACTS, 'broker-menu-faults.png') });
  const sharedUrl = page.url();
  const first = await waitEnd(page);

  // The link carries both interventions: a fresh tab replays the same trace.
  const { fragment, run: second } = await replayInNewTab(context, sharedUrl);
  assert.equal(second.hash, first.hash, `the shared link ${sharedUrl} does not replay the run`);

  // Heal, from the same link opened paused at 2 s: the cut link is drawn, then gone.
  const healed = await context.newPage();
  await open(healed, `${fragment}&t=2000`);
  await healed.locator(tid(`cut-link-broker-${a}-broker-${b}`)).waitFor({ timeout: WAIT });
  await healed.locator(tid(`broker-${l}`)).click();
  await healed.locator(tid('heal')).click();
  for (let i = 0; i < 200 && (await healed.locator(tid(`cut-link-broker-${a}-broker-${b}`)).count()) > 0; i++) await step(healed);
  assert.equal(await healed.locator(tid(`cut-link-broker-${a}-broker-${b}`)).count(), 0, 'the cut link is still drawn after Heal');
  assert.notEqual(new URL(healed.url()).hash, new URL(sharedUrl).hash, 'Heal is not in the URL');
});

// ------------------------------------------------------------------------------- producer pipeline

/** Data attributes of every element whose data-testid starts with `prefix`: [{ testid, ...dataset }]. */
async function hooks(page, prefix) {
  return page.locator(`[data-testid^="${prefix}"]`).evaluateAll((els) => els.map((el) => ({
    testid: el.getAttribute('data-testid'), ...el.dataset,
  })));
}

e2e('9. record-too-large: the refused record is in the dead-letter list with its exception', async (page) => {
  await open(page, `#preset=record-too-large&${FAST}`);
  // Record 5 of producer-0 (RecordId = producer << 40 | send index = 5) carries a 2 MB value.
  const row = page.locator(tid('dead-letter-5'));
  await row.waitFor({ state: 'visible', timeout: 60_000 });
  assert.equal(await row.getAttribute('data-exception'), 'RecordTooLargeException');
  assert.match((await row.textContent()) ?? '', /record #5.*RecordTooLargeException/);
  assert.equal(await page.locator(tid('dead-letters')).getAttribute('data-count'), '1');
  // The serializer stage of the pipeline shows the refusal in red, by its Kafka name.
  assert.match((await page.locator(tid('producer-0-serializer')).getAttribute('data-error')) ?? '',
    /^RecordTooLargeException \(record #5\)$/);
  await playToEnd(page);
  assert.equal(await page.locator('[data-testid^="dead-letter-"]').count(), 1, 'only record 5 failed');
  await page.screenshot({ path: join(ARTIFACTS, 'producer-dead-letter.png') });
});

e2e('10. batching-tradeoff paused: deques fill toward batch.size with a linger.ms countdown; partitioner explains murmur2', async (page) => {
  await open(page, '#preset=batching-tradeoff&t=1010');
  assert.equal(await isPlaying(page), false, 't= should start paused');
  // Producer 1 has linger.ms=50: some partition holds an open batch with bytes, and its countdown is within linger.ms.
  const deques = await hooks(page, 'producer-1-deque-');
  assert.ok(deques.length === 3, `one row per partition of orders: ${JSON.stringify(deques)}`);
  assert.ok(deques.some((d) => Number(d.bytes) > 0), `no deque with data-bytes > 0: ${JSON.stringify(deques)}`);
  const checkCountdowns = async () => {
    const lingers = await hooks(page, 'producer-1-linger-');
    assert.ok(lingers.length > 0, 'no linger.ms countdown drawn');
    for (const l of lingers) {
      const left = Number(l.lingerLeftMs);
      assert.ok(left >= 0 && left <= 50, `linger countdown ${left} ms outside 0..linger.ms=50`);
    }
    return lingers;
  };
  const before = await checkCountdowns();
  for (let i = 0; i < 5; i++) await step(page);
  await checkCountdowns();
  assert.ok(before.length > 0);

  // The partitioner's explanation matches Kafka's murmur2 computed here independently.
  for (const n of [0, 1]) {
    const text = await page.locator(tid(`producer-${n}-partitioner`)).getAttribute('data-text');
    const m = text.match(/^→ (\S+)-(\d+) murmur2\("([^"]+)"\) = (-?\d+) → (?:toPositive )?(\d+) % (\d+) = (\d+)$/);
    assert.ok(m, `unexpected partitioner text: ${JSON.stringify(text)}`);
    const [, , partition, key, hash, positive, count, result] = m;
    assert.equal(Number(hash), murmur2(key), `murmur2("${key}")`);
    assert.equal(Number(positive), murmur2(key) & 0x7fffffff, 'toPositive');
    assert.equal(Number(result), (murmur2(key) & 0x7fffffff) % Number(count));
    assert.equal(Number(partition), Number(result), 'the chosen partition is the result');
  }
  await page.screenshot({ path: join(ARTIFACTS, 'producer-pipeline.png') });
});

e2e('11. retry-reordering: in-flight slots per broker never exceed max.in.flight.requests.per.connection', async (page) => {
  await open(page, '#preset=retry-reordering&t=280');
  const inflight = async () => {
    const [row] = await hooks(page, 'producer-0-inflight-1');
    assert.ok(row, 'no producer-0-inflight-1 row');
    const n = Number(row.inflight);
    assert.equal(Number(row.maxInflight), 3, 'the preset sets max.in.flight.requests.per.connection=3');
    assert.ok(n >= 0 && n <= 3, `${n} requests in flight, max 3`);
    return n;
  };
  let most = await inflight();
  for (let i = 0; i < 400 && most < 2; i++) {
    await step(page);
    most = Math.max(most, await inflight());
  }
  assert.ok(most >= 2, 'never saw two requests in flight on broker-1 while stepping');
  await page.screenshot({ path: join(ARTIFACTS, 'producer-inflight.png') });
  // The retried batch (NOT_LEADER_OR_FOLLOWER at 300 ms) shows as a retry waiting on retry.backoff.ms; the run ends
  // with nothing in flight.
  await clickPlay(page);
  await waitEnd(page);
  assert.equal(await inflight(), 0, 'requests still in flight at the end');
});

// ------------------------------------------------------------------------------------ consumer groups

e2e('12. a consumer crashed from the page keeps its partitions until session.timeout.ms runs out', async (page) => {
  // consumer-dies: session.timeout.ms=10000, heartbeat.interval.ms=3000 (default); the first rebalance completes at
  // about 3 s. Start paused at 4 s, crash consumer-2 from the side panel, then play at a modest speed.
  const SESSION_MS = 10_000;
  const HEARTBEAT_MS = 3_000;
  await open(page, '#preset=consumer-dies&speed=4&t=4000');
  const before = (await consumers(page)).find((c) => c.idx === 2);
  assert.ok(before?.alive && before.member && before.assigned.length > 0, `consumer-2 owns nothing at 4 s: ${JSON.stringify(before)}`);
  const moved = before.assigned;

  await page.locator(tid('crash-consumer-2')).click();
  // The intervention is queued at the current instant; one step applies it.
  await step(page);
  await page.waitForFunction(() => document.querySelector('[data-testid="consumer-2"]')?.getAttribute('data-alive') === 'false',
    null, { timeout: WAIT });
  const crashedAt = await simTime(page);
  // Still a member: the coordinator has not noticed; its session countdown shows what is left.
  const session = page.locator(tid('session-2'));
  assert.equal(Number(await session.getAttribute('data-timeout-ms')), SESSION_MS);
  const leftMs = Number(await session.getAttribute('data-left-ms'));
  assert.ok(leftMs > SESSION_MS - HEARTBEAT_MS - 500 && leftMs <= SESSION_MS,
    `session-2 shows ${leftMs} ms left right after the crash`);
  await page.screenshot({ path: join(ARTIFACTS, 'consumer-crashed-countdown.png') });

  // Play and watch every animation frame until another live member owns what consumer-2 had.
  await clickPlay(page);
  await page.waitForFunction((parts) => [...document.querySelectorAll('[data-testid^="consumer-"][data-assigned]')]
    .some((el) => el.getAttribute('data-alive') === 'true'
      && parts.every((p) => el.getAttribute('data-assigned').split(',').includes(p))),
  moved, { timeout: 60_000, polling: 'raf' });
  const movedAt = await simTime(page);
  await pause(page);
  // Not before the coordinator's session timer ran out (it had leftMs to go at the crash) ...
  assert.ok(movedAt >= crashedAt + leftMs,
    `${moved} moved at ${movedAt} ms, before the session of consumer-2 expired (${crashedAt} + ${leftMs} ms)`);
  // ... and consumer-2 is out of the group, with no countdown any more.
  const after = (await consumers(page)).find((c) => c.idx === 2);
  assert.deepEqual([after.alive, after.member, after.assigned], [false, false, []]);
  assert.equal(await page.locator(tid('session-2')).count(), 0, 'a removed member still shows a session countdown');
  // The group table names the new owner of each moved partition.
  for (const p of moved) {
    const owner = await page.locator(tid(`group-0-partition-${p}`)).getAttribute('data-owner');
    assert.ok(owner !== '' && owner !== '2', `${p} is owned by "${owner}" in the group table`);
  }
  await page.screenshot({ path: join(ARTIFACTS, 'consumer-crashed-moved.png') });
});

e2e('13. idle member, lag rows and offset marks are drawn for a group', async (page) => {
  // idle-consumer: 4 consumers on 3 partitions; by 9 s the group is Stable with one idle member.
  await open(page, '#preset=idle-consumer&t=9000');
  const cs = await consumers(page);
  const idle = cs.filter((c) => c.idle);
  assert.equal(idle.length, 1, `one idle consumer expected: ${JSON.stringify(cs)}`);
  assert.deepEqual(idle[0].assigned, []);
  assert.equal(await page.locator(tid('group-0')).getAttribute('data-phase'), 'stable');
  const owned = cs.flatMap((c) => c.assigned).sort();
  assert.deepEqual(owned, ['orders-0', 'orders-1', 'orders-2']);
  for (const p of owned) {
    const row = page.locator(tid(`group-0-partition-${p}`));
    const [hw, committed, lag] = await Promise.all(['data-hw', 'data-committed', 'data-lag'].map((a) => row.getAttribute(a)));
    assert.equal(Number(lag), Number(hw) - Number(committed || 0), `${p}: lag is HW − committed`);
    assert.match(await row.textContent(), /\d+ records?$/, `${p}: lag is labelled in records`);
    assert.equal(await page.locator(tid(`assignment-${p}`)).count(), 1, `${p}: one assignment line`);
  }
  assert.ok(await page.locator(tid('marker-committed')).count() >= 3, 'committed-offset marks on the leader logs');
  assert.ok(await page.locator(tid('marker-position')).count() >= 3, 'position marks on the leader logs');
  await page.screenshot({ path: join(ARTIFACTS, 'idle-consumer.png') });
});

e2e('14. the assignment calculator gives Kafka\'s assignments and explains bad input', async (page) => {
  await open(page, '#preset=quickstart&t=0');
  const result = async () => page.locator(`${tid('assign-result')} [data-member]`).evaluateAll((els) =>
    Object.fromEntries(els.map((el) => [el.getAttribute('data-member'), (el.getAttribute('data-partitions') ?? '').split(',').filter(Boolean)])));
  const waitResult = (expected) => page.waitForFunction((exp) => {
    const els = [...document.querySelectorAll('[data-testid="assign-result"] [data-member]')];
    const got = Object.fromEntries(els.map((el) => [el.getAttribute('data-member'), (el.getAttribute('data-partitions') ?? '').split(',').filter(Boolean)]));
    return JSON.stringify(got) === JSON.stringify(exp);
  }, expected, { timeout: WAIT }).catch(async (e) => {
    throw new Error(`assign-result is ${JSON.stringify(await result())}, expected ${JSON.stringify(expected)} (${e.message})`);
  });

  // RangeAssignor (KAFKA.md §7): per topic, q = 3 / 2 = 1 and extra = 1, so the first member by id gets q + 1 = 2
  // consecutive partitions. `kafka-playground assign --strategy range --topic orders:3 --member consumer-0:orders
  // --member consumer-1:orders` prints the same lists.
  await page.locator(tid('assign-strategy')).selectOption('range');
  await page.locator(tid('assign-topics')).fill('orders:3');
  await page.locator(tid('assign-members')).fill('consumer-0: orders\nconsumer-1: orders');
  await waitResult({ 'consumer-0': ['orders-0', 'orders-1'], 'consumer-1': ['orders-2'] });
  assert.deepEqual(JSON.parse(await page.locator(tid('assign-json')).textContent()),
    { 'consumer-0': ['orders-0', 'orders-1'], 'consumer-1': ['orders-2'] });

  // RoundRobinAssignor (KAFKA.md §7 example): C0, C1 on t0, t1 with 3 partitions each walk all partitions in turn.
  await page.locator(tid('assign-strategy')).selectOption('roundrobin');
  await page.locator(tid('assign-topics')).fill('t0:3, t1:3');
  await page.locator(tid('assign-members')).fill('C0: t0,t1\nC1: t0,t1');
  await waitResult({ C0: ['t0-0', 't0-2', 't1-1'], C1: ['t0-1', 't1-0', 't1-2'] });

  // A subscription to a topic that is not listed: Kafka hands the assignor only topics with metadata, so C2 gets
  // nothing and a note says why (no error).
  await page.locator(tid('assign-members')).fill('C0: t0,t1\nC1: t0,t1\nC2: audit');
  await waitResult({ C0: ['t0-0', 't0-2', 't1-1'], C1: ['t0-1', 't1-0', 't1-2'], C2: [] });
  assert.match(await page.locator(tid('assign-note')).textContent(), /C2 subscribes to 'audit', which is not listed/);
  assert.equal(await page.locator(tid('assign-error')).count(), 0);

  // Bad input: an error that names the piece, the typed text kept, no result.
  await page.locator(tid('assign-topics')).fill('t0:three');
  await page.locator(tid('assign-error')).waitFor({ state: 'visible', timeout: WAIT });
  assert.match(await page.locator(tid('assign-error')).textContent(), /t0:three/);
  assert.equal(await page.locator(tid('assign-topics')).inputValue(), 't0:three');
  assert.equal(await page.locator(tid('assign-result')).count(), 0);
  await page.locator(tid('assign-members')).fill('C0 t0');
  await page.locator(tid('assign-topics')).fill('t0:3');
  await page.waitForFunction(() => /line 1/.test(document.querySelector('[data-testid="assign-error"]')?.textContent ?? ''),
    null, { timeout: WAIT });
  await page.locator(tid('assign-error')).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'assign-calculator-error.png') });
});

e2e('15. a link to this moment reopens the run paused at the same instant with the same trace', async (page, { context }) => {
  await open(page, `#preset=${CRASH_PRESET}&${FAST}&t=0`);
  // Step event by event: the clock lands on microsecond instants, not whole milliseconds.
  for (let i = 0; i < 40; i++) await step(page);
  const time = await simTime(page);
  const hash = await traceHash(page);
  assert.ok(time > 0, 'stepping did not move the clock');
  await page.locator(tid('share')).click();
  const link = await page.locator(tid('share-link')).inputValue();
  assert.match(link, /#s=1\.[A-Za-z0-9_-]+.*&t=\d+(\.\d{1,3})?$/, `unexpected link ${link}`);
  const again = await context.newPage();
  await open(again, link);
  assert.equal(await isPlaying(again), false, 'the link should open paused');
  assert.equal(await simTime(again), time);
  assert.equal(await traceHash(again), hash, `the link ${link} does not reopen the same instant`);
});

e2e('16. fetch-tuning shows each group\'s end-to-end latency: a few ms with fetch.min.bytes=1, ~fetch.max.wait.ms without', async (page) => {
  // Opens paused at the end (10 s): both groups have processed every record by then (the producer sends from 4 s to 9 s).
  await open(page, '#preset=fetch-tuning&t=10000');
  const latency = async (g) => {
    const text = (await page.locator(tid(`group-${g}-latency`)).textContent()) ?? '';
    const m = text.match(/p50 ([\d.]+) ms · p99 ([\d.]+) ms · max ([\d.]+) ms/);
    assert.ok(m, `group-${g}-latency shows no figures: ${JSON.stringify(text)}`);
    return { p50: Number(m[1]), p99: Number(m[2]), max: Number(m[3]) };
  };
  const eager = await latency(0);
  const batched = await latency(1);
  // The same figures as `kafka-playground run fetch-tuning` (groups[].e2e_latency_ms), to the display's precision.
  assert.ok(eager.p50 <= 10, `eager-fetch p50 ${eager.p50} ms`);
  assert.ok(batched.p50 >= 200, `batched-fetch p50 ${batched.p50} ms`);
  assert.ok(batched.max <= 515, `batched-fetch max ${batched.max} ms`);
  await page.locator(tid('group-1')).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'fetch-tuning-latency.png') });
});
