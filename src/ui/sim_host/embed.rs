//! The embed API in the run host: what each postMessage request does to the run (docs/embed.md), and the events
//! a host page subscribed to. Reading and checking the messages is `ui::embed::protocol`'s.
//!
//! An embedded playground never rewrites its own address (nor its parent's): loads, edits and interventions made
//! through the API, or on the page, stay in the run and in "Open in Kafka Playground ↗".

use super::{now_ms, Msg, SimHost};
use crate::engine::guarantees::RecordCounts;
use crate::engine::time::Instant;
use crate::scenario::codec::parse_fragment;
use crate::scenario::{compare, presets, Scenario};
use crate::ui::embed::protocol::{self, Command, EventKind, Incoming, Load};
use crate::ui::embed::{self, Received};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// Subscribed `time` and `traceEvent` events are sent at most this often while playing (wall-clock ms).
pub const EVENT_PERIOD_MS: f64 = 250.0;
/// Trace events held for one `traceEvent` message at most; the rest of a burst is counted, not sent.
pub const TRACE_BATCH: usize = 500;
/// The content height is read (a forced layout) at most this often while playing, for `resize` (wall-clock ms).
pub const HEIGHT_PERIOD_MS: f64 = 500.0;

/// One page that subscribed.
struct Subscriber {
    source: JsValue,
    origin: String,
    events: BTreeSet<EventKind>,
}

/// The API's state in the host.
#[derive(Default)]
pub struct EmbedState {
    subscribers: Vec<Subscriber>,
    last_time_wall: f64,
    last_time_us: Option<u64>,
    last_ledger: Option<RecordCounts>,
    ended_sent: bool,
    last_height: Option<i32>,
    last_height_wall: f64,
    /// Some subscriber wants `traceEvent`: the timeline keeps them (`Timeline::tap_trace`).
    tapping: bool,
    /// The page's address and the running scenario's part of a link (for "Open in", drawn every frame), held
    /// with the scenario it encodes.
    encoded: std::cell::RefCell<Option<(Rc<Scenario>, String, String)>>,
}

impl SimHost {
    /// Acts on one message of ours and answers it.
    pub(super) fn embed_request(&mut self, ctx: &Context<Self>, m: Received) -> bool {
        let Received {
            origin,
            source,
            incoming,
        } = m;
        let (id, command) = match incoming {
            Incoming::NotOurs => return false,
            Incoming::Bad { id, error } => {
                embed::post(&source, &protocol::reply_err(&id, &error), &origin);
                return false;
            }
            Incoming::Request { id, command } => (id, command),
        };
        let allowed = ctx.props().route.view.embedding.origin.as_deref();
        let answer = match protocol::permitted(&command, &origin, allowed) {
            Err(e) => protocol::reply_err(&id, &e),
            Ok(()) => match self.embed_do(ctx, command, (&source, &origin)) {
                Ok(result) => protocol::reply_ok(&id, result),
                Err(e) => protocol::reply_err(&id, &e),
            },
        };
        embed::post(&source, &answer, &origin);
        self.embed_emit();
        true
    }

    /// Does what `command` asks; `from` is its sender's window and origin (a subscriber's address).
    fn embed_do(
        &mut self,
        ctx: &Context<Self>,
        command: Command,
        from: (&JsValue, &str),
    ) -> Result<Value, String> {
        use yew::Component;
        match command {
            Command::Play => {
                if !self.playing {
                    Component::update(self, ctx, Msg::TogglePlay);
                }
                Ok(self.embed_state())
            }
            Command::Pause => {
                if self.playing {
                    Component::update(self, ctx, Msg::TogglePlay);
                }
                Ok(self.embed_state())
            }
            Command::Step { back } => {
                Component::update(self, ctx, if back { Msg::StepBack } else { Msg::Step });
                Ok(self.embed_state())
            }
            Command::Seek { t_ms } => {
                Component::update(self, ctx, Msg::Seek(t_ms));
                Ok(self.embed_state())
            }
            Command::Load(load) => {
                let (scenario, preset, start_us) = loaded(load)?;
                self.replace_run(ctx, &scenario)?;
                self.base_preset = preset;
                if let (Some(us), Some(run)) = (start_us, self.run.as_mut()) {
                    let t = Instant(us).min(run.sim().end());
                    run.advance_to(t);
                    self.virtual_us = t.0 as f64;
                    self.playing = false;
                }
                self.embed.ended_sent = false;
                self.embed_ready();
                Ok(self.embed_state())
            }
            Command::Apply { edits } => {
                let edits = compare::parse(&edits.join("\n"))?;
                let scenario = compare::apply(&self.running, &edits);
                self.replace_run(ctx, &scenario)?;
                self.embed.ended_sent = false;
                Ok(self.embed_state())
            }
            Command::Intervene { action } => {
                let run = self.run.as_mut().ok_or("no run")?;
                run.intervene(action)
                    .map_err(|e| format!("the intervention was refused: {e}"))?;
                self.after_actions_changed(ctx);
                Ok(self.embed_state())
            }
            Command::GetState => Ok(self.embed_state()),
            Command::GetReport => {
                let run = self.run.as_ref().ok_or("no run")?;
                serde_json::to_value(run.sim().report()).map_err(|e| e.to_string())
            }
            Command::Subscribe { events } | Command::Unsubscribe { events }
                if events.is_empty() =>
            {
                Err("`events` is empty: name some of time, traceEvent, ledger, ended".into())
            }
            Command::Subscribe { events } => {
                self.embed.last_ledger = None;
                self.embed.last_time_us = None;
                Ok(self.resubscribe(from, |set| set.extend(events)))
            }
            Command::Unsubscribe { events } => {
                Ok(self.resubscribe(from, |set| set.retain(|e| !events.contains(e))))
            }
        }
    }

    /// Changes the sender's subscription; answers with what it is subscribed to now.
    fn resubscribe(
        &mut self,
        from: (&JsValue, &str),
        change: impl FnOnce(&mut BTreeSet<EventKind>),
    ) -> Value {
        let i = self.subscriber(from);
        change(&mut self.embed.subscribers[i].events);
        let all: Vec<&str> = self.embed.subscribers[i]
            .events
            .iter()
            .map(|e| e.name())
            .collect();
        self.tap_if_needed();
        json!({ "events": all })
    }

    /// The subscriber entry of the message's sender (made if new).
    fn subscriber(&mut self, (source, origin): (&JsValue, &str)) -> usize {
        let subs = &mut self.embed.subscribers;
        if let Some(i) = subs
            .iter()
            .position(|s| s.origin == origin && s.source == *source)
        {
            return i;
        }
        subs.push(Subscriber {
            source: source.clone(),
            origin: origin.to_string(),
            events: BTreeSet::new(),
        });
        subs.len() - 1
    }

    fn tap_if_needed(&mut self) {
        let want = self
            .embed
            .subscribers
            .iter()
            .any(|s| s.events.contains(&EventKind::TraceEvent));
        if want != self.embed.tapping {
            self.embed.tapping = want;
            if let Some(run) = self.run.as_mut() {
                run.tap_trace(want.then_some(TRACE_BATCH));
            }
        }
    }

    /// Runs `scenario` from t = 0 in place of the current run (the address is rewritten outside embed mode only).
    fn replace_run(&mut self, ctx: &Context<Self>, scenario: &Scenario) -> Result<(), String> {
        crate::engine::Sim::new(scenario).map_err(|e| format!("this scenario cannot run: {e}"))?;
        let fragment = self.fragment(ctx, scenario);
        self.restart(ctx, scenario, fragment);
        Ok(())
    }

    /// A new run replaced the old one (a load, an edit, a reset, a new address): it keeps the trace events for a
    /// `traceEvent` subscriber, and the sequence diagram's lane filter (an index into the old run's lanes) goes.
    pub(super) fn new_run(&mut self) {
        if let (true, Some(run)) = (self.embed.tapping, self.run.as_mut()) {
            run.tap_trace(Some(TRACE_BATCH));
        }
        self.reset_sequence_filter();
    }

    /// `getState`'s answer (and every command's).
    fn embed_state(&self) -> Value {
        let Some(run) = &self.run else {
            return json!({ "t_ms": 0, "playing": false });
        };
        let sim = run.sim();
        json!({
            "t_ms": sim.now().0 as f64 / 1000.0,
            "playing": self.playing,
            "speed": self.speed,
            "run_ms": sim.end().0 as f64 / 1000.0,
            "ended": self.at_end(),
            "preset": self.base_preset,
            "fragment": self.open_in_href().split_once('#').map_or("", |(_, f)| f),
            "trace_hash": sim.trace_hash(),
        })
    }

    /// "Open in Kafka Playground ↗": this page's address without the embed options, at the instant shown. The
    /// address and the scenario's part of it are kept per scenario (encoding deflates it; the link is drawn on every
    /// frame).
    pub(super) fn open_in_href(&self) -> String {
        let Some(run) = &self.run else {
            return String::new();
        };
        let mut cache = self.embed.encoded.borrow_mut();
        if cache
            .as_ref()
            .is_none_or(|(k, _, _)| !Rc::ptr_eq(k, &self.running))
        {
            let part =
                crate::scenario::share::scenario_part(&self.running, self.base_preset.as_deref());
            *cache = Some((self.running.clone(), crate::ui::url::page_address(), part));
        }
        let (_, base, part) = cache.as_ref().expect("filled above");
        crate::scenario::share::link(base, part, Some(run.sim().now().0))
    }

    /// Tells the embedding page the run is loaded.
    pub(super) fn embed_ready(&mut self) {
        let Some(run) = &self.run else {
            return;
        };
        embed::post_parent(&protocol::event(
            "ready",
            json!({ "t_ms": run.sim().now().0 as f64 / 1000.0, "preset": self.base_preset }),
        ));
        self.embed.last_height = None;
    }

    /// Sends what subscribers asked for, and `resize` when the content height changed.
    pub(super) fn embed_emit(&mut self) {
        let wall = now_ms();
        // Reading the height forces a layout: not on every animation frame.
        if !self.playing || wall - self.embed.last_height_wall >= HEIGHT_PERIOD_MS {
            self.embed.last_height_wall = wall;
            if let Some(h) = embed::content_height().filter(|h| self.embed.last_height != Some(*h))
            {
                self.embed.last_height = Some(h);
                embed::post_parent(&protocol::event("resize", json!({ "height": h })));
            }
        }
        if self.embed.subscribers.is_empty() {
            return;
        }
        let Some(run) = self.run.as_mut() else {
            return;
        };
        let now_us = run.sim().now().0;
        let due = !self.playing || wall - self.embed.last_time_wall >= EVENT_PERIOD_MS;
        let mut out: Vec<(EventKind, Value)> = Vec::new();
        if due && self.embed.last_time_us != Some(now_us) {
            self.embed.last_time_wall = wall;
            self.embed.last_time_us = Some(now_us);
            out.push((
                EventKind::Time,
                json!({ "t_ms": now_us as f64 / 1000.0, "playing": self.playing }),
            ));
            let (batch, skipped) = run.take_tapped();
            if !batch.is_empty() || skipped > 0 {
                let mut events: Vec<Value> = batch
                    .iter()
                    .filter_map(|e| serde_json::to_value(e).ok())
                    .collect();
                if skipped > 0 {
                    events.push(json!({ "skipped": skipped }));
                }
                out.push((EventKind::TraceEvent, Value::Array(events)));
            }
        }
        // Sent when the counts change (and once to a new subscriber).
        if let Some((g, _)) = self
            .ledger
            .as_ref()
            .filter(|(g, _)| self.embed.last_ledger.as_ref() != Some(&g.counts))
        {
            let c = &g.counts;
            out.push((
                EventKind::Ledger,
                json!({
                    "sent": c.produced, "acked": c.acked, "failed": c.failed, "lost_acked": c.lost_acked,
                    "duplicated": c.duplicated, "reordered": c.reordered, "processed": c.consumed,
                    "consumed_twice": c.consumed_twice,
                }),
            ));
            self.embed.last_ledger = Some(c.clone());
        }
        let ended = run.sim().now() >= run.sim().end();
        if ended && !self.embed.ended_sent {
            self.embed.ended_sent = true;
            out.push((EventKind::Ended, json!({ "t_ms": now_us as f64 / 1000.0 })));
        } else if !ended {
            self.embed.ended_sent = false;
        }
        for (kind, data) in out {
            let msg = protocol::event(kind.name(), data);
            for s in self
                .embed
                .subscribers
                .iter()
                .filter(|s| s.events.contains(&kind))
            {
                embed::post(&s.source, &msg, &s.origin);
            }
        }
    }
}

/// The scenario a `load` names, the preset it came from, and the instant to open at.
fn loaded(load: Load) -> Result<(Scenario, Option<String>, Option<u64>), String> {
    if let Some(name) = load.preset {
        let s = presets::by_name(&name).ok_or_else(|| {
            format!(
                "unknown preset `{name}`: one of {}",
                presets::names().join(", ")
            )
        })?;
        return Ok((s, Some(name), None));
    }
    if let Some(f) = load.fragment {
        let f = f.trim_start_matches('#');
        let (s, view) = parse_fragment(&format!("#{f}")).map_err(|e| e.to_string())?;
        let s = s.ok_or("the fragment names no scenario (`preset=NAME` or `s=…`)")?;
        return Ok((s, view.preset.or(view.from), view.start_us));
    }
    match load.scenario {
        Some(s) => Ok((*s, None, None)),
        None => Err("`load` takes one of `preset`, `fragment` or `scenario`".into()),
    }
}

impl SimHost {
    /// Embedded with `autoplay` unset: play once the stage is first on screen (never under reduced motion).
    pub(super) fn autoplay_when_visible(&mut self, ctx: &Context<Self>) {
        let view = &ctx.props().route.view;
        // t= opens paused at that instant, as on the full page; a lesson opens paused at its step (Next plays on).
        if view.embedding.autoplay.is_some()
            || view.start_us.is_some()
            || self.lesson.is_some()
            || self.lesson_loading.is_some()
            || self.a11y.reduce_motion
        {
            return;
        }
        let link = ctx.link().clone();
        self.visible = embed::Visibility::once("[data-testid=playground]", move || {
            link.send_message(Msg::Visible)
        });
    }
}
