// End-to-end tests of the scenario editor (issue 11): edits in Kafka's names change the run, bad values are refused
// next to their field without touching the run, a real client's .properties imports, and an edited run's address
// replays it exactly. Each test leaves a screenshot in www/e2e/artifacts/ (looked at by hand before release).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  ARTIFACTS, FAST, WAIT, e2e, tid, open, simTime, traceHash, countOf, waitEnd, isPlaying, pause, playToEnd,
  replayInNewTab, goldenHash, consumers,
} from './harness.mjs';

/** Opens the Scenario tab. */
async function openEditor(page) {
  await page.locator(tid('edit')).click();
  await page.locator(tid('editor')).waitFor({ timeout: WAIT });
}

/** Makes a field visible (opening its collapsed properties block) and returns its locator. */
async function field(page, id) {
  const input = page.locator(tid(`cfg-${id}`));
  if (!(await input.isVisible())) {
    const scope = id.split('-').slice(0, 2).join('-');
    await page.locator(`${tid(`props-${scope}`)} > summary`).click();
  }
  await input.waitFor({ state: 'visible', timeout: WAIT });
  return input;
}

/** Types into a field (or picks a select's value). */
async function set(page, id, value) {
  const input = await field(page, id);
  if ((await input.evaluate((el) => el.tagName)) === 'SELECT') await input.selectOption(value);
  else await input.fill(value);
}

/** Clicks Apply and waits until the address has been rewritten with the edited scenario. */
async function apply(page) {
  const before = new URL(page.url()).hash;
  await page.locator(tid('apply')).click();
  await page.waitForFunction((b) => location.hash !== b && location.hash.startsWith('#s='), before, { timeout: WAIT });
}

/** The lost-acknowledged count once playback has stopped (the page counts it when paused or at the end). */
async function lostAcked(page) {
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="lost-acked-count"]')?.textContent ?? ''),
    null, { timeout: WAIT });
  return countOf(page, 'lost-acked-count');
}

e2e('E1. acks=all → 1 in a preset whose leader dies: acknowledged records are lost where there were none', async (page) => {
  await open(page, `#preset=acks-1-data-loss&${FAST}`);
  await openEditor(page);
  await set(page, 'producer-0-acks', 'all');
  await apply(page);
  assert.match(await page.locator(tid('editor-status')).textContent(), /^custom, from preset acks-1-data-loss/);
  assert.match(await page.locator(tid('editor-diff')).textContent(), /producers\[0\]\.config\.acks: 1 → all/);
  await playToEnd(page);
  await page.locator(tid('tab-run')).click();
  assert.equal(await lostAcked(page), 0, 'acks=all loses nothing the leader acknowledged');
  const hashAll = await traceHash(page);

  await openEditor(page);
  await set(page, 'producer-0-acks', '1');
  await apply(page);
  await playToEnd(page);
  assert.notEqual(await traceHash(page), hashAll);
  await page.locator(tid('tab-run')).click();
  const lost = await lostAcked(page);
  assert.ok(lost > 0, `acks=1 should lose acknowledged records when the leader dies (lost ${lost})`);
  await page.screenshot({ path: join(ARTIFACTS, 'editor-acks-1-lost.png') });
  // acks=1 is the preset's own setting: the editor says the run is the preset again.
  await openEditor(page);
  assert.match(await page.locator(tid('editor-status')).textContent(), /^preset acks-1-data-loss$/);
});

e2e('E2. a bad linger.ms is refused beside its field with ConfigException text; the text and the run stay', async (page) => {
  await open(page, `#preset=quickstart&${FAST}&t=3000`);
  assert.equal(await isPlaying(page), false);
  const hash = await traceHash(page);
  const time = await simTime(page);
  const url = page.url();
  await openEditor(page);
  await set(page, 'producer-0-linger.ms', '-1');
  await page.locator(tid('cfg-producer-0-linger.ms')).press('Enter');
  const row = page.locator('[data-field="producer-0-linger.ms"]');
  const error = row.locator(tid('field-error'));
  await error.waitFor({ timeout: WAIT });
  assert.equal((await error.textContent()).replace(/^⚠\s*/, ''),
    'Invalid value -1 for configuration linger.ms: Value must be at least 0');
  assert.equal(await page.locator(tid('cfg-producer-0-linger.ms')).inputValue(), '-1', 'the typed text stays');
  assert.equal(await traceHash(page), hash, 'the run is unchanged');
  assert.equal(await simTime(page), time);
  assert.equal(page.url(), url, 'the address is unchanged');
  await error.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'editor-bad-linger.png') });
  // In Korean the refusal is explained in Korean, Kafka's sentence kept; the switch loses nothing typed.
  await page.locator(tid('lang-switch')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="playground"]')?.getAttribute('data-lang') === 'ko');
  assert.equal(await page.locator(tid('cfg-producer-0-linger.ms')).inputValue(), '-1', 'the typed text survives the switch');
  const ko = await error.textContent();
  assert.match(ko, /[\uAC00-\uD7A3]/, ko);
  assert.ok(ko.includes('(Kafka: Invalid value -1 for configuration linger.ms: Value must be at least 0)'), ko);
  assert.match(await row.locator('.prop__doc').textContent(), /[\uAC00-\uD7A3]/, 'the config line is in Korean too');
  await page.screenshot({ path: join(ARTIFACTS, 'editor-bad-linger-ko.png') });
  await page.locator(tid('lang-switch')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="playground"]')?.getAttribute('data-lang') === 'en');
  assert.equal(await traceHash(page), hash, 'the run is unchanged');
  // A cross-field error is named the same way: enable.idempotence=true with acks=1, as Kafka 4.x refuses it.
  await set(page, 'producer-0-linger.ms', '5');
  await set(page, 'producer-0-acks', '1');
  await set(page, 'producer-0-enable.idempotence', 'true');
  await page.locator(tid('apply')).click();
  await page.locator(`[data-field="producer-0-acks"] ${tid('field-error')}`).waitFor({ timeout: WAIT });
  assert.match(await page.locator(`[data-field="producer-0-acks"] ${tid('field-error')}`).textContent(), /idempotent producer/);
  assert.equal(await traceHash(page), hash);
});

e2e('E3. a fourth consumer in a three-partition group stays idle', async (page) => {
  await open(page, `#preset=quickstart&${FAST}`);
  await openEditor(page);
  await set(page, 'group-0-members', '4');
  await apply(page);
  await playToEnd(page);
  const cs = await consumers(page);
  assert.equal(cs.length, 4, JSON.stringify(cs));
  const idle = cs.filter((c) => c.idle);
  assert.equal(idle.length, 1, `one idle consumer expected: ${JSON.stringify(cs)}`);
  assert.deepEqual(idle[0].assigned, []);
  await page.screenshot({ path: join(ARTIFACTS, 'editor-idle-fourth-consumer.png') });
});

const CLIENT_PROPERTIES = `# producer.properties of the orders service
bootstrap.servers=kafka-1.prod:9092,kafka-2.prod:9092
security.protocol=SSL
ssl.truststore.location=/etc/kafka/truststore.jks
ssl.truststore.password=changeit
key.serializer=org.apache.kafka.common.serialization.StringSerializer
value.serializer=org.apache.kafka.common.serialization.StringSerializer
acks=1
linger.ms = 20
batch.size: 65536
compression.type=lz4
`;

e2e('E4. a real producer.properties imports with a warning per ignored key and exports back', async (page) => {
  await open(page, `#preset=quickstart&${FAST}`);
  await openEditor(page);
  await page.locator(`${tid('io-producer-0')} > summary`).click();
  await page.locator(tid('properties-producer-0')).fill(CLIENT_PROPERTIES);
  await page.locator(tid('properties-import-producer-0')).click();
  const notices = await page.locator(tid('editor-notices')).textContent();
  for (const key of ['bootstrap.servers', 'security.protocol', 'ssl.truststore.location', 'ssl.truststore.password']) {
    assert.ok(notices.includes(key), `no warning for ${key}: ${notices}`);
  }
  assert.equal(await (await field(page, 'producer-0-acks')).inputValue(), '1');
  assert.equal(await (await field(page, 'producer-0-linger.ms')).inputValue(), '20');
  assert.equal(await (await field(page, 'producer-0-batch.size')).inputValue(), '65536');
  await apply(page);
  // The run follows the imported file: acks=1 and linger.ms=20 are on the producer card.
  await page.waitForFunction(() => /acks=1/.test(document.querySelector('[data-testid="producer-0"]')?.textContent ?? ''),
    null, { timeout: WAIT });
  await page.locator(tid('properties-export-producer-0')).click();
  const exported = await page.locator(tid('properties-producer-0')).inputValue();
  for (const line of ['acks=1', 'linger.ms=20', 'batch.size=65536', 'key.serializer=string', 'compression.type=lz4']) {
    assert.ok(exported.split('\n').includes(line), `export lacks ${line}:\n${exported}`);
  }
  assert.ok(!exported.includes('bootstrap.servers'), exported);
  await page.locator(tid('properties-producer-0')).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'editor-import-properties.png') });
});

e2e('E5. an edited run replays from its address in a new tab with the same trace hash', async (page, { context }) => {
  await open(page, `#preset=quickstart&${FAST}`);
  await openEditor(page);
  await set(page, 'cluster-brokers', '4');
  await set(page, 'topic-0-partitions', '6');
  await set(page, 'producer-0-rate_per_sec', '40');
  await set(page, 'group-0-commit', 'sync-after-processing');
  await apply(page);
  const { hash } = await playToEnd(page);
  assert.notEqual(hash, goldenHash('quickstart'));
  assert.match(page.url(), /&from=quickstart/);
  const diff = await page.locator(tid('editor-diff')).textContent();
  assert.ok(diff.includes('cluster.brokers: 3 → 4'), diff);
  assert.ok(diff.includes('topics[0].partitions: 3 → 6'), diff);
  const { run } = await replayInNewTab(context, page.url());
  assert.equal(run.hash, hash);
  await page.screenshot({ path: join(ARTIFACTS, 'editor-custom-from-preset.png') });
  // Reset to preset undoes every edit.
  await page.locator(tid('reset-preset')).click();
  await page.waitForFunction(() => location.hash.startsWith('#preset=quickstart'), null, { timeout: WAIT });
  assert.match(await page.locator(tid('editor-status')).textContent(), /^preset quickstart/);
  const again = await playToEnd(page);
  assert.equal(again.hash, goldenHash('quickstart'));
});

e2e('E6. a crash made from the broker menu is on the timeline; removing it there removes it from the run', async (page) => {
  await open(page, `#preset=quickstart&${FAST}&t=500`);
  await page.locator(tid('broker-1')).click();
  await page.locator(tid('crash-broker-1')).click();
  await page.waitForFunction(() => location.hash.startsWith('#s='), null, { timeout: WAIT });
  await openEditor(page);
  const rows = page.locator(`${tid('editor-actions')} > li`);
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-kind'), 'crash_broker');
  assert.match(await rows.first().textContent(), /crash broker-1/);
  assert.match(await page.locator(tid('editor-diff')).textContent(), /timeline: \+ 501 ms crash broker-1/);
  await rows.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'editor-timeline-crash.png') });
  await page.locator(tid('remove-action-0')).click();
  assert.equal(await rows.count(), 0);
  await page.locator(tid('apply')).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="editor-actions"] > li'), null, { timeout: WAIT });
  await pause(page);
  const { hash } = await playToEnd(page);
  assert.equal(hash, goldenHash('quickstart'), 'without the crash the run is the preset again');
  assert.match(await page.locator(tid('editor-status')).textContent(), /^preset quickstart/);
  await waitEnd(page);
});
