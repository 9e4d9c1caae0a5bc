/* Kafka Playground embed SDK: KafkaPlayground.embed(elementOrSelector, options) -> handle.
   Plain script, no dependencies; protocol and options in docs/embed.md. */
(function (root) {
  'use strict';
  var script = document.currentScript;
  // Served at <playground>/sdk/kafka-playground.js: the playground is one directory up.
  var BASE = script && script.src ? new URL('../', script.src).href : location.href;
  var VIEW = ['autoplay', 'ctl', 'theme', 'panel', 't', 'speed'];
  var LOCAL = Object.assign(Object.create(null), { ready: 1, resize: 1 }); // events sent without a subscription
  var noop = function () {};
  var dict = function () { return Object.create(null); };
  var px = function (v) { return typeof v === 'number' ? v + 'px' : v; };

  function embed(target, opts) {
    opts = opts || {};
    var el = typeof target === 'string' ? document.querySelector(target) : target;
    if (!el) throw new Error('KafkaPlayground.embed: no element ' + target);
    var url = new URL(opts.url || BASE, location.href);
    var origin = url.origin;

    // The fragment: the caller's, then the options, then embed=1 and origin= (these win).
    var set = dict();
    if (opts.preset) set.preset = opts.preset;
    VIEW.forEach(function (k) {
      var v = opts[k];
      if (v != null) set[k] = v === true ? 1 : v === false ? 0 : v;
    });
    set.embed = 1;
    // An opaque origin (file:, sandboxed) cannot be named: such a host reads the embed but cannot drive it.
    if (location.origin !== 'null') set.origin = location.origin;
    var parts = String(opts.fragment || '').replace(/^#/, '').split('&').filter(function (kv) {
      return kv && !(kv.split('=')[0] in set);
    });
    for (var k in set) parts.push(k + '=' + encodeURIComponent(set[k]));
    url.hash = '';

    var frame = document.createElement('iframe');
    frame.title = opts.title || 'Kafka Playground';
    frame.setAttribute('allow', 'clipboard-write');
    frame.style.cssText = 'display:block;border:0;width:' + px(opts.width || '100%') + ';height:' + px(opts.height || 450);

    var pending = dict(), queue = [], listeners = dict(), nextId = 1, isReady = false, dead = false, loaded;
    var h = { iframe: frame };
    h.ready = new Promise(function (resolve, reject) { loaded = [resolve, reject]; });
    h.ready.catch(noop);

    function send(type, args) {
      return new Promise(function (resolve, reject) {
        if (dead) return reject(new Error('Kafka Playground: destroyed'));
        var msg = Object.assign({}, args, { kafkaPlayground: 1, id: nextId++, type: type });
        pending[msg.id] = [resolve, reject];
        if (isReady) frame.contentWindow.postMessage(msg, origin);
        else queue.push(msg);
      });
    }

    function emit(name, data) {
      (listeners[name] || []).slice().forEach(function (fn) {
        [].concat(name === 'traceEvent' ? data : [data]).forEach(function (x) {
          try { fn(x); } catch (err) { setTimeout(function () { throw err; }); }
        });
      });
    }

    function subscribed() {
      return Object.keys(listeners).filter(function (n) { return !(n in LOCAL) && listeners[n].length; });
    }

    function onMessage(e) {
      var d = e.data;
      if (e.source !== frame.contentWindow || e.origin !== origin || !d || d.kafkaPlayground !== 1) return;
      if (typeof d.event === 'string') {
        if (d.event === 'ready') {
          if (!isReady) {
            isReady = true;
            queue.splice(0).forEach(function (m) { frame.contentWindow.postMessage(m, origin); });
            (first || Promise.resolve()).then(function () { return send('getState'); }).then(loaded[0], loaded[1]);
          } else if (subscribed().length) {
            // Idempotent: keeps events flowing should the page inside have been reloaded.
            send('subscribe', { events: subscribed() }).catch(noop);
          }
        }
        var height = d.data && d.data.height;
        if (d.event === 'resize' && opts.height == null && height > 0) frame.style.height = height + 'px';
        emit(d.event, d.data);
      } else if (pending[d.id]) {
        var p = pending[d.id];
        delete pending[d.id];
        if (d.ok) p[0](d.result);
        else p[1](new Error(d.error || 'Kafka Playground: request failed'));
      }
    }

    // A scenario object cannot ride in the fragment here: it is loaded once the page is ready.
    var first = opts.scenario ? send('load', { scenario: opts.scenario }) : null;
    if (first && opts.t != null) first = first.then(function () { return send('seek', { t_ms: +opts.t }); });

    ['play', 'pause', 'getState', 'getReport'].forEach(function (n) {
      h[n] = function () { return send(n); };
    });
    h.step = function (back) { return send('step', { back: !!back }); };
    h.seek = function (ms) { return send('seek', { t_ms: ms }); };
    h.load = function (what) { return send('load', what); };
    h.apply = function (edits) { return send('apply', { edits: [].concat(edits) }); };
    h.intervene = function (action) { return send('intervene', { action: action }); };
    h.on = function (name, fn) {
      var l = listeners[name] || (listeners[name] = []);
      l.push(fn);
      var p = !(name in LOCAL) && l.length === 1 ? send('subscribe', { events: [name] }) : Promise.resolve();
      p.catch(noop);
      return p;
    };
    h.off = function (name, fn) {
      var l = listeners[name] || [];
      var before = l.length;
      if (fn) { var i = l.indexOf(fn); if (i >= 0) l.splice(i, 1); } else l.length = 0;
      var p = !(name in LOCAL) && before && !l.length ? send('unsubscribe', { events: [name] }) : Promise.resolve();
      p.catch(noop);
      return p;
    };
    h.destroy = function () {
      if (dead) return;
      dead = true;
      root.removeEventListener('message', onMessage);
      frame.remove();
      queue = [];
      var err = new Error('Kafka Playground: destroyed');
      Object.keys(pending).forEach(function (id) { pending[id][1](err); });
      pending = dict();
      loaded[1](err);
    };

    root.addEventListener('message', onMessage);
    frame.src = url.href + '#' + parts.join('&');
    el.appendChild(frame);
    return h;
  }

  root.KafkaPlayground = { embed: embed, version: 1 };
})(window);
