// End-to-end tests of the embed API (docs/embed.md): the SDK www/sdk/kafka-playground.js and the postMessage protocol,
// across two origins. The playground is BASE_URL (dist/, which carries the SDK at sdk/kafka-playground.js); the host
// is a second static server started here on 127.0.0.1 (another port, so another origin) serving www/, whose
// examples/embed.html loads the SDK from the playground (?playground=BASE_URL) and exposes window.playgrounds = {a, b}.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

import { HERE, ARTIFACTS, BASE_URL, WAIT, e2e, tid } from './harness.mjs';

const PLAYGROUND = new URL(BASE_URL).origin;
const SDK_URL = new URL('sdk/kafka-playground.js', BASE_URL).href;
const FOREIGN = 'http://example.invalid';

// ------------------------------------------------------------------------------------- host server

const WWW = join(HERE, '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml',
};
// A page with nothing on it, for tests that post raw messages to iframes they add themselves.
const BLANK = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title></head><body></body></html>';

let server;
let HOST; // the host origin, e.g. http://127.0.0.1:41234

before(async () => {
  server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://host').pathname);
    if (path === '/blank.html') return send(res, 200, TYPES['.html'], BLANK);
    if (path === '/favicon.ico') return send(res, 204, 'text/plain', '');
    const file = normalize(join(WWW, path));
    if (!file.startsWith(WWW + sep)) return send(res, 403, 'text/plain', 'forbidden');
    try {
      send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(res, 404, 'text/plain', 'not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  HOST = `http://127.0.0.1:${server.address().port}`;
  assert.notEqual(HOST, PLAYGROUND, 'the host and the playground must be two origins');
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

// ------------------------------------------------------------------------------------------ helpers

/** Records every playground event (ready, resize, ...) the host page receives: window.__kpSeen. */
async function recordEvents(page) {
  await page.addInitScript(() => {
    if (window.top !== window) return;
    window.__kpSeen = [];
    addEventListener('message', (e) => {
      const d = e.data;
      if (!d || d.kafkaPlayground !== 1 || typeof d.event !== 'string') return;
      const frames = [...document.querySelectorAll('iframe')];
      const f = frames.find((x) => x.contentWindow === e.source);
      window.__kpSeen.push({ frame: f ? f.id || frames.indexOf(f) : null, origin: e.origin, event: d.event, data: d.data });
    });
  });
}

/** Opens the example page and waits until both playgrounds are ready. */
async function openExample(page) {
  await recordEvents(page);
  await page.goto(`${HOST}/examples/embed.html?playground=${encodeURIComponent(BASE_URL)}`);
  await page.waitForFunction(() => ['a', 'b'].every((k) =>
    document.querySelector(`[data-testid="host-${k}-status"]`)?.dataset.state === 'ready'), null, { timeout: WAIT });
}

/** Calls an SDK method of window.playgrounds[key] in the page: { ok, result } or { ok: false, error }. */
function outcome(page, key, method, ...args) {
  return page.evaluate(([k, m, a]) => window.playgrounds[k][m](...a).then(
    (result) => ({ ok: true, result }), (e) => ({ ok: false, error: e.message })), [key, method, args]);
}

/** As outcome(), but returns the result and fails the test on an error reply. */
async function call(page, key, method, ...args) {
  const r = await outcome(page, key, method, ...args);
  assert.ok(r.ok, `${key}.${method}(${args.map((x) => JSON.stringify(x)).join(', ')}) failed: ${r.error}`);
  return r.result;
}

const state = (page, key) => call(page, key, 'getState');

/** Polls an async predicate until it returns something truthy (the page's waitForFunction cannot await). */
async function until(what, fn, timeout = WAIT) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Adds an iframe with id `id` showing the playground at `fragment` to the host page, and waits for its ready. */
async function addFrame(page, id, fragment) {
  await page.evaluate(([i, src]) => {
    const f = document.createElement('iframe');
    f.id = i;
    f.title = i;
    f.src = src;
    f.style.cssText = 'width:800px;height:400px;border:0';
    document.body.append(f);
  }, [id, new URL(`#${fragment}`, BASE_URL).href]);
  await page.waitForFunction((i) => window.__kpSeen.some((s) => s.frame === i && s.event === 'ready'), id, { timeout: WAIT });
}

/**
 * Posts `msg` from the host page to the iframe #id and resolves with its reply ({ origin, ...data }), or null when
 * none came within `timeout` ms. A reply matches on id (null when msg has no number or string id); `any` takes any.
 */
function raw(page, id, msg, { timeout = WAIT, any = false } = {}) {
  return page.evaluate(([i, m, target, ms, anyReply]) => new Promise((resolve) => {
    const f = document.getElementById(i);
    const want = m && (typeof m.id === 'number' || typeof m.id === 'string') ? m.id : null;
    const onMessage = (e) => {
      const d = e.data;
      if (e.source !== f.contentWindow || !d || typeof d !== 'object' || !('ok' in d)) return;
      if (!anyReply && (d.kafkaPlayground !== 1 || d.id !== want)) return;
      done({ origin: e.origin, ...d });
    };
    const timer = setTimeout(() => done(null), ms);
    function done(v) {
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      resolve(v);
    }
    addEventListener('message', onMessage);
    f.contentWindow.postMessage(m, target);
  }), [id, msg, PLAYGROUND, timeout, any]);
}

const fragmentOrigin = (origin) => `origin=${encodeURIComponent(origin)}`;

// ------------------------------------------------------------------------------------------- specs

e2e('embed 1. the example page embeds two playgrounds from another origin, both ready and sized', async (page) => {
  await openExample(page);
  const frames = await page.locator('iframe').evaluateAll((els) => els.map((f) => ({
    src: f.src, title: f.getAttribute('title'), allow: f.getAttribute('allow'), height: f.style.height,
  })));
  assert.equal(frames.length, 2);
  for (const [f, preset] of [[frames[0], 'acks-1-data-loss'], [frames[1], 'retry-reordering']]) {
    const url = new URL(f.src);
    assert.equal(url.origin, PLAYGROUND, `the iframe is not on the playground's origin: ${f.src}`);
    const keys = url.hash.slice(1).split('&');
    for (const kv of ['embed=1', fragmentOrigin(HOST), `preset=${preset}`, 'autoplay=0']) {
      assert.ok(keys.includes(kv), `${kv} missing from ${url.hash}`);
    }
    assert.ok(f.title?.trim(), 'the iframe has no title');
    assert.match(f.allow ?? '', /clipboard-write/);
  }
  const [a, b] = [await state(page, 'a'), await state(page, 'b')];
  assert.equal(a.preset, 'acks-1-data-loss');
  assert.equal(b.preset, 'retry-reordering');
  for (const s of [a, b]) {
    assert.equal(s.playing, false, 'autoplay=0 should start paused');
    assert.equal(typeof s.t_ms, 'number');
    assert.ok(s.run_ms > 0 && typeof s.speed === 'number' && typeof s.ended === 'boolean', JSON.stringify(s));
    // A link for the full playground: this run at this instant, without the embed options.
    assert.equal(typeof s.fragment, 'string');
    assert.match(s.fragment, /^#?(s|preset)=/, `fragment ${s.fragment}`);
    assert.doesNotMatch(s.fragment, /(^|[#&])(embed|origin)=/, `fragment ${s.fragment}`);
  }

  // ready and resize come from the playground's origin; the SDK sizes the iframe without an explicit height.
  await page.waitForFunction(() => [0, 1].every((i) => window.__kpSeen.some((s) => s.frame === i && s.event === 'resize')),
    null, { timeout: WAIT });
  const seen = await page.evaluate(() => window.__kpSeen);
  for (const s of seen) assert.equal(s.origin, PLAYGROUND, `an event from ${s.origin}`);
  const ready0 = seen.find((s) => s.frame === 0 && s.event === 'ready');
  assert.equal(ready0.data.preset, 'acks-1-data-loss');
  assert.equal(typeof ready0.data.t_ms, 'number');
  await page.waitForFunction(() => {
    const last = window.__kpSeen.filter((s) => s.frame === 0 && s.event === 'resize').at(-1);
    return document.querySelectorAll('iframe')[0].style.height === `${last.data.height}px`;
  }, null, { timeout: WAIT });
  assert.equal(await page.locator('iframe').nth(1).evaluate((f) => f.style.height), '560px', 'an explicit height is kept');

  await page.locator(tid('host-a-report')).click();
  await page.waitForFunction(() => /"acked"/.test(document.querySelector('[data-testid="host-a-records"]')?.textContent ?? ''),
    null, { timeout: WAIT });
  // A full-page screenshot leaves off-screen cross-origin frames blank: show the first playground in the viewport.
  await page.locator('#frame-a').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, 'embed-example.png') });
});

e2e('embed 2. play, pause, step and seek from the host change the run', async (page) => {
  await openExample(page);
  // Seek with the host's button: the time readout (on('time')) and getState agree.
  await page.locator(tid('host-a-seek')).click();
  await page.waitForFunction(() => document.querySelector('[data-testid="host-a-time"]')?.dataset.tMs === '1000',
    null, { timeout: WAIT });
  let s = await state(page, 'a');
  assert.equal(s.t_ms, 1000);
  assert.equal(s.playing, false);

  // Step forward until the clock moves (events may share an instant), then back.
  let t = s.t_ms;
  for (let i = 0; i < 20 && t <= 1000; i++) {
    await call(page, 'a', 'step');
    const next = (await state(page, 'a')).t_ms;
    assert.ok(next >= t, `step went from ${t} to ${next} ms`);
    t = next;
  }
  assert.ok(t > 1000, 'twenty steps did not move the clock past 1000 ms');
  const forward = t;
  for (let i = 0; i < 20 && t >= forward; i++) {
    await call(page, 'a', 'step', true);
    const prev = (await state(page, 'a')).t_ms;
    assert.ok(prev <= t, `step back went from ${t} to ${prev} ms`);
    t = prev;
  }
  assert.ok(t < forward, 'twenty steps back did not move the clock back');

  // Play with the host's button: the run plays and the readout follows; pause with the SDK: the clock stops.
  await page.locator(tid('host-a-play')).click();
  await until('playing past the instant', async () => {
    const now = await state(page, 'a');
    return now.playing && now.t_ms > t;
  });
  await page.waitForFunction((t0) => Number(document.querySelector('[data-testid="host-a-time"]')?.dataset.tMs) > t0,
    t, { timeout: WAIT });
  await call(page, 'a', 'pause');
  s = await state(page, 'a');
  assert.equal(s.playing, false);
  assert.equal((await state(page, 'a')).t_ms, s.t_ms, 'the clock moved after pause');

  // The other playground was not touched.
  const b = await state(page, 'b');
  assert.equal(b.t_ms, 0);
  assert.equal(b.playing, false);
});

e2e('embed 3. getReport returns the record counts, and apply reloads the run with config edits', async (page) => {
  await openExample(page);
  const { run_ms: runMs } = await state(page, 'a');
  await call(page, 'a', 'seek', runMs);
  const acks1 = await call(page, 'a', 'getReport');
  for (const k of ['acked', 'failed', 'lost_acked', 'duplicated', 'reordered']) {
    assert.equal(typeof acks1.records?.[k], 'number', `report.records.${k}: ${JSON.stringify(acks1.records)}`);
  }
  assert.ok((acks1.records.produced ?? acks1.records.sent) > 0, `nothing sent: ${JSON.stringify(acks1.records)}`);
  assert.ok(acks1.records.lost_acked > 0, 'acks-1-data-loss lost nothing acknowledged with acks=1');

  // The host's button shows the same counts.
  await page.locator(tid('host-a-report')).click();
  await page.waitForFunction(() => /"lost_acked"/.test(document.querySelector('[data-testid="host-a-records"]')?.textContent ?? ''),
    null, { timeout: WAIT });
  const shown = JSON.parse(await page.locator(tid('host-a-records')).textContent());
  assert.deepEqual(shown, acks1.records);

  // acks=all on the same seed and faults: nothing acknowledged is lost.
  await page.locator(tid('host-a-apply')).click();
  await until('the acks=all run', async () => {
    const error = await page.locator(tid('host-a-error')).textContent();
    assert.ok(!error, `Apply producers.acks=all: ${error}`);
    await call(page, 'a', 'seek', runMs);
    const r = await call(page, 'a', 'getReport');
    return r.records.lost_acked === 0 && r.trace_hash !== acks1.trace_hash;
  });
  assert.equal(await page.locator(tid('host-a-error')).isHidden(), true, 'the apply button shows an error');

  // A value Kafka refuses, or an edit that is not scope.key=value: an error reply naming it.
  const bad = await outcome(page, 'a', 'apply', ['producers.acks=sometimes']);
  assert.equal(bad.ok, false);
  assert.match(bad.error, /acks|sometimes/);
  const garbled = await outcome(page, 'a', 'apply', ['no equals sign']);
  assert.equal(garbled.ok, false);
  assert.ok(garbled.error.length > 0);
});

e2e('embed 4. load takes a preset, a fragment or a scenario; intervene adds an action', async (page) => {
  await openExample(page);
  // A preset, with the host's button: ready comes again with its name.
  await page.locator(tid('host-a-load')).click();
  await page.waitForFunction(() => window.__kpSeen.some((s) => s.frame === 0 && s.event === 'ready' && s.data?.preset === 'quickstart'),
    null, { timeout: WAIT });
  await page.waitForFunction(() => document.querySelector('[data-testid="host-a-status"]')?.textContent.includes('quickstart'),
    null, { timeout: WAIT });
  assert.equal((await state(page, 'a')).preset, 'quickstart');

  // A fragment (as getState gives it) opens that run at that instant.
  await call(page, 'a', 'load', { fragment: 'preset=retry-reordering&t=500' });
  let s = await state(page, 'a');
  assert.equal(s.preset, 'retry-reordering');
  assert.equal(s.t_ms, 500);
  await call(page, 'a', 'seek', 1234);
  const link = (await state(page, 'a')).fragment.replace(/^#/, '');
  await call(page, 'a', 'load', { preset: 'quickstart' });
  await call(page, 'a', 'load', { fragment: link });
  s = await state(page, 'a');
  assert.deepEqual([s.preset, s.t_ms], ['retry-reordering', 1234], `getState().fragment ${link} does not reopen the instant`);

  // A scenario object: not a preset.
  await call(page, 'a', 'load', { scenario: { version: 1, title: 'From the host page', seed: 3, run_ms: 4000 } });
  s = await state(page, 'a');
  assert.equal(s.preset, null);
  assert.equal(s.run_ms, 4000);

  const unknown = await outcome(page, 'a', 'load', { preset: 'no-such-preset' });
  assert.equal(unknown.ok, false);
  assert.match(unknown.error, /no-such-preset/);

  // intervene: an action as in the scenario JSON, at the instant shown; broker 1 crashing at 1 s changes the end.
  await call(page, 'a', 'load', { preset: 'quickstart' });
  await call(page, 'a', 'pause');
  const { run_ms: runMs } = await state(page, 'a');
  await call(page, 'a', 'seek', runMs);
  const plain = await call(page, 'a', 'getReport');
  await call(page, 'a', 'seek', 1000);
  await call(page, 'a', 'intervene', { type: 'crash_broker', broker: 1 });
  await call(page, 'a', 'seek', runMs);
  const crashed = await call(page, 'a', 'getReport');
  assert.notEqual(crashed.trace_hash, plain.trace_hash, 'the crash did not change the run');
  const badAction = await outcome(page, 'a', 'intervene', { type: 'explode_broker', broker: 1 });
  assert.equal(badAction.ok, false);
  assert.ok(badAction.error.length > 0);
});

e2e('embed 5. subscribed events arrive: time (throttled), ledger, traceEvent and ended; off stops a listener', async (page) => {
  await openExample(page);
  // retry-reordering runs 3 s: play it to the end at real speed.
  const subscribed = await page.evaluate(() => {
    window.__ev = { time: [], ledger: [], traceEvent: [], ended: [] };
    window.__onTime = (d) => window.__ev.time.push({ ...d, wall: performance.now() });
    const b = window.playgrounds.b;
    return Promise.all([
      b.on('time', window.__onTime),
      ...['ledger', 'traceEvent', 'ended'].map((k) => b.on(k, (d) => window.__ev[k].push(d))),
    ]);
  });
  // The first listener of an event subscribes (the page's readout already listens to time); the reply lists the
  // subscribed events.
  for (const r of subscribed.slice(1)) assert.ok(Array.isArray(r?.events), `subscribe result ${JSON.stringify(r)}`);
  assert.ok(['time', 'ledger', 'traceEvent', 'ended'].every((k) => subscribed.at(-1).events.includes(k)));

  // Browsers do not run animation frames in a cross-origin iframe that is off screen, so the run advances only in
  // view (docs/embed.md).
  await page.locator('#frame-b').scrollIntoViewIfNeeded();
  const startWall = await page.evaluate(() => performance.now());
  await call(page, 'b', 'play');
  await page.waitForFunction(() => window.__ev.ended.length > 0, null, { timeout: 60_000 });
  const ev = await page.evaluate(() => window.__ev);
  const endWall = await page.evaluate(() => performance.now());

  const playing = ev.time.filter((d) => d.playing);
  assert.ok(playing.length >= 2, `${playing.length} time events while playing`);
  for (let i = 1; i < ev.time.length; i++) assert.ok(ev.time[i].t_ms >= ev.time[i - 1].t_ms, 'time went backwards');
  const seconds = (endWall - startWall) / 1000;
  assert.ok(playing.length <= 4 * seconds + 4, `${playing.length} time events in ${seconds.toFixed(1)} s: not throttled`);
  assert.ok(ev.ledger.length > 0, 'no ledger event');
  for (const k of ['sent', 'acked', 'failed', 'lost_acked', 'duplicated', 'reordered', 'processed', 'consumed_twice']) {
    assert.equal(typeof ev.ledger.at(-1)[k], 'number', `ledger.${k}: ${JSON.stringify(ev.ledger.at(-1))}`);
  }
  assert.ok(ev.ledger.at(-1).sent > 0);
  assert.ok(ev.traceEvent.length > 0, 'no trace event');
  assert.ok(ev.traceEvent.every((x) => x && typeof x === 'object' && !Array.isArray(x)), 'the SDK hands over one trace event per call');
  const s = await state(page, 'b');
  assert.equal(s.ended, true);
  assert.equal(s.playing, false);
  assert.equal(ev.ended[0].t_ms, s.t_ms);
  await page.waitForFunction((t) => document.querySelector('[data-testid="host-b-time"]')?.dataset.tMs === String(t),
    s.t_ms, { timeout: WAIT });

  // off: the page's own readout still gets time events (it is still subscribed), this listener no more.
  const count = await page.evaluate(() => window.playgrounds.b.off('time', window.__onTime).then(() => window.__ev.time.length));
  await call(page, 'b', 'seek', 1000);
  await page.waitForFunction(() => document.querySelector('[data-testid="host-b-time"]')?.dataset.tMs === '1000',
    null, { timeout: WAIT });
  assert.equal(await page.evaluate(() => window.__ev.time.length), count, 'a listener removed with off() was called');
});

e2e('embed 6. unknown, malformed and foreign messages: error replies name the problem, others get no reply', async (page) => {
  await recordEvents(page);
  await page.goto(`${HOST}/blank.html`);
  await addFrame(page, 'pg', `preset=quickstart&embed=1&autoplay=0&${fragmentOrigin(HOST)}`);

  const refused = async (msg, pattern) => {
    const r = await raw(page, 'pg', msg);
    assert.ok(r, `no reply to ${JSON.stringify(msg)}`);
    assert.equal(r.origin, PLAYGROUND);
    assert.equal(r.kafkaPlayground, 1);
    assert.equal(r.ok, false, `${JSON.stringify(msg)} was accepted`);
    assert.equal(typeof r.error, 'string');
    assert.match(r.error, pattern, `the error for ${JSON.stringify(msg)}`);
    return r;
  };
  // A valid request is answered (so a missing reply below is not a dead channel).
  const okReply = await raw(page, 'pg', { kafkaPlayground: 1, id: 'state-1', type: 'getState' });
  assert.equal(okReply?.ok, true, JSON.stringify(okReply));
  assert.equal(okReply.result.preset, 'quickstart');
  assert.equal((await raw(page, 'pg', { kafkaPlayground: 1, id: 7, type: 'getState' }))?.id, 7, 'a number id is echoed');

  assert.equal((await refused({ kafkaPlayground: 1, id: 'u1', type: 'frobnicate' }, /frobnicate/)).id, 'u1');
  await refused({ kafkaPlayground: 1, id: 'u2' }, /type/);
  await refused({ kafkaPlayground: 1, id: 'u3', type: 42 }, /type/);
  await refused({ kafkaPlayground: 1, id: 'u4', type: 'seek', t_ms: 'abc' }, /t_ms|seek/);
  await refused({ kafkaPlayground: 1, id: 'u5', type: 'seek' }, /t_ms/);
  await refused({ kafkaPlayground: 1, id: 'u6', type: 'apply', edits: 'producers.acks=all' }, /edits|apply/);
  await refused({ kafkaPlayground: 1, id: 'u7', type: 'subscribe', events: ['bogus'] }, /bogus/);
  await refused({ kafkaPlayground: 1, id: 'u8', type: 'load' }, /preset|fragment|scenario/);
  // No usable id: the reply carries id null.
  assert.equal((await refused({ kafkaPlayground: 1, type: 'getState' }, /\bid\b/)).id, null);
  assert.equal((await refused({ kafkaPlayground: 1, id: { x: 1 }, type: 'getState' }, /\bid\b/)).id, null);

  // Not for us: no kafkaPlayground === 1, no reply at all (a bounded wait, then nothing may have come).
  for (const msg of ['hello', { id: 'n1', type: 'getState' }, { kafkaPlayground: 2, id: 'n2', type: 'play' }, null]) {
    assert.equal(await raw(page, 'pg', msg, { timeout: 1000, any: true }), null, `a reply to ${JSON.stringify(msg)}`);
  }
  assert.equal((await raw(page, 'pg', { kafkaPlayground: 1, id: 'state-2', type: 'getState' }))?.result?.playing, false,
    'the ignored play changed the run');
});

e2e('embed 10. hostile messages: deep nesting and a cycle are refused, not followed; the full page answers nothing', async (page) => {
  await recordEvents(page);
  await page.goto(`${HOST}/blank.html`);
  await addFrame(page, 'pg', `preset=quickstart&embed=1&autoplay=0&${fragmentOrigin(HOST)}`);
  // Built inside the page (such values cannot cross Playwright's bridge); the reply (id null) names the problem.
  const hostile = (kind) => page.evaluate(([target, k]) => new Promise((resolve) => {
    const f = document.getElementById('pg');
    const msg = { kafkaPlayground: 1, id: k, type: 'getState' };
    if (k === 'deep') {
      let v = [];
      for (let i = 0; i < 2000; i++) v = [v];
      msg.pad = v;
    } else {
      msg.self = msg; // a cycle: structured clone carries it, JSON cannot
    }
    const onMessage = (e) => {
      if (e.source === f.contentWindow && e.data && 'ok' in e.data) { removeEventListener('message', onMessage); resolve(e.data); }
    };
    addEventListener('message', onMessage);
    f.contentWindow.postMessage(msg, target);
    setTimeout(() => resolve(null), 5000);
  }), [PLAYGROUND, kind]);
  for (const kind of ['deep', 'cycle']) {
    const reply = await hostile(kind);
    assert.equal(reply?.ok, false, `${kind}: reply ${JSON.stringify(reply)}`);
    assert.equal(reply.id, null);
    assert.match(reply.error, /JSON/, kind);
  }
  // The page still answers.
  assert.equal((await raw(page, 'pg', { kafkaPlayground: 1, id: 'after', type: 'getState' }))?.ok, true);

  // The full page (no embed=1) does not listen at all.
  await page.evaluate(([src]) => {
    const f = document.createElement('iframe');
    f.id = 'full';
    f.title = 'full page';
    f.src = src;
    f.style.cssText = 'width:800px;height:400px;border:0';
    document.body.append(f);
  }, [new URL(`#preset=quickstart&${fragmentOrigin(HOST)}`, BASE_URL).href]);
  await page.frameLocator('#full').locator('[data-testid="playground"][data-sim-time-ms]').waitFor({ timeout: WAIT });
  assert.equal(await raw(page, 'full', { kafkaPlayground: 1, id: 'f1', type: 'pause' }, { timeout: 1500, any: true }), null);
});

e2e('embed 7. change requests are refused unless the host is the origin= of the fragment; reads are answered', async (page) => {
  await recordEvents(page);
  await page.goto(`${HOST}/blank.html`);
  const base = 'preset=quickstart&embed=1&autoplay=0';
  await addFrame(page, 'mine', `${base}&${fragmentOrigin(HOST)}`);
  await addFrame(page, 'foreign', `${base}&${fragmentOrigin(FOREIGN)}`);
  await addFrame(page, 'none', base);

  for (const id of ['foreign', 'none']) {
    for (const msg of [{ type: 'play' }, { type: 'seek', t_ms: 2000 }, { type: 'load', preset: 'retry-reordering' },
      { type: 'apply', edits: ['producers.acks=all'] }]) {
      const r = await raw(page, id, { kafkaPlayground: 1, id: `${id}-${msg.type}`, ...msg });
      assert.equal(r?.ok, false, `${id}: ${msg.type} from ${HOST} was accepted`);
      assert.match(r.error, /origin/i);
    }
    const s = await raw(page, id, { kafkaPlayground: 1, id: `${id}-state`, type: 'getState' });
    assert.equal(s?.ok, true, `${id}: getState refused: ${JSON.stringify(s)}`);
    assert.deepEqual([s.result.playing, s.result.t_ms, s.result.preset], [false, 0, 'quickstart'], `${id}: the run changed`);
    const report = await raw(page, id, { kafkaPlayground: 1, id: `${id}-report`, type: 'getReport' });
    assert.equal(report?.ok, true);
    assert.equal(typeof report.result.records, 'object');
    const sub = await raw(page, id, { kafkaPlayground: 1, id: `${id}-sub`, type: 'subscribe', events: ['time'] });
    assert.equal(sub?.ok, true);
  }

  // The same requests from the origin named in the fragment are acted on.
  assert.equal((await raw(page, 'mine', { kafkaPlayground: 1, id: 'm1', type: 'seek', t_ms: 2000 }))?.ok, true);
  const s = await raw(page, 'mine', { kafkaPlayground: 1, id: 'm2', type: 'getState' });
  assert.equal(s.result.t_ms, 2000);
  assert.equal((await raw(page, 'mine', { kafkaPlayground: 1, id: 'm3', type: 'play' }))?.ok, true);
  await until('the run to play', async () => (await raw(page, 'mine', { kafkaPlayground: 1, id: 'm4', type: 'getState' }))
    ?.result?.playing);
});

e2e('embed 8. the embedded playground never changes its own address while playing, seeking and stepping', async (page) => {
  await openExample(page);
  const frame = await (await page.locator('#frame-a iframe').elementHandle()).contentFrame();
  const where = () => frame.evaluate(() => ({ href: location.href, history: history.length }));
  const before = await where();

  await call(page, 'a', 'play');
  await until('the run to play', async () => (await state(page, 'a')).t_ms > 300);
  await call(page, 'a', 'seek', 2000);
  await call(page, 'a', 'step');
  await call(page, 'a', 'step', true);
  await call(page, 'a', 'play');
  await until('the run to play on', async () => (await state(page, 'a')).t_ms > 2300);
  await call(page, 'a', 'pause');
  assert.deepEqual(await where(), before, 'the playground inside the iframe changed its address');
});

e2e('embed 9. the SDK queues calls made before ready, loads a scenario object, and destroy cleans up', async (page) => {
  await recordEvents(page);
  await page.goto(`${HOST}/blank.html`);
  await page.evaluate((src) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  }), SDK_URL);

  // No url option: the SDK embeds the playground it was loaded from. getState is sent once the page is ready.
  const early = await page.evaluate(() => {
    const box = document.createElement('div');
    box.id = 'box-1';
    document.body.append(box);
    window.p1 = KafkaPlayground.embed('#box-1', { preset: 'quickstart', autoplay: false, t: 700 });
    return window.p1.getState();
  });
  assert.deepEqual([early.preset, early.t_ms, early.playing], ['quickstart', 700, false]);
  assert.equal(new URL(await page.locator('#box-1 iframe').getAttribute('src')).origin, PLAYGROUND);

  // A scenario object, loaded once ready; t is applied to it.
  const loaded = await page.evaluate(() => {
    const box = document.createElement('div');
    box.id = 'box-2';
    document.body.append(box);
    window.p2 = KafkaPlayground.embed(box, {
      scenario: { version: 1, title: 'Host scenario', run_ms: 4000 }, t: 1500, autoplay: false, height: 300,
      title: 'Host scenario',
    });
    return window.p2.ready; // resolves with getState()
  });
  assert.deepEqual([loaded.preset, loaded.run_ms, loaded.t_ms], [null, 4000, 1500]);
  assert.equal(await page.locator('#box-2 iframe').getAttribute('title'), 'Host scenario');

  // destroy: the iframe goes, a pending call and later calls are rejected.
  const destroyed = await page.evaluate(() => {
    const pending = window.p1.getReport().then(() => 'resolved', (e) => e.message);
    window.p1.destroy();
    return Promise.all([pending, window.p1.play().then(() => 'resolved', (e) => e.message)]);
  });
  for (const msg of destroyed) assert.match(msg, /destroyed/);
  assert.equal(await page.locator('#box-1 iframe').count(), 0);
  assert.equal((await page.evaluate(() => window.p2.getState())).run_ms, 4000, 'the other playground still answers');
});
