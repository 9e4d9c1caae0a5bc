//! Time travel: the run as a timeline to seek, step through one shown event at a time, forwards and back, and
//! fork by intervening in the past.
//!
//! Models: nothing in Kafka (no Kafka tool can go back). The engine is deterministic and its run is a pure function
//! of the scenario, interventions included (they are timed actions, ordered first at their instant, see
//! `engine::queue`). So the state at any instant is a replay, and a [`Checkpoint`] (a clone of the `Sim` and of the
//! `Scene` folded from its trace) every so many events bounds a seek's replay to one interval. Seeking to `t` gives
//! the same state, trace hash included, as playing to `t`.
//!
//! A fork: an intervention made while looking at the past runs at that instant, and the interventions made on this
//! page that were later in the timeline are dropped (the scenario's own actions stay); [`Timeline::undo_fork`]
//! puts them back.
//!
//! Cost: checkpoints are taken only where the run first goes; when there are more than [`MAX_CHECKPOINTS`], or
//! they hold more than [`MAX_EVENTS_HELD`] events between them, every other one is dropped and the interval
//! doubles, so memory stays bounded and a seek replays at most one interval. Measured (docs/performance.md): a
//! seek in a 100k-record run takes ~29 ms natively and ~28 ms (median) in wasm.

mod markers;
pub mod messages;
pub mod series;

pub use markers::{
    guarantee_marker, marker_of, marker_spots, Marker, MarkerKind, MarkerSpot, MAX_MARKERS,
};

use crate::engine::ids::{NodeId, RecordId};
use crate::engine::record_life::RecordLife;
use crate::engine::time::Instant;
use crate::engine::trace::TraceEvent;
use crate::engine::Sim;
use crate::i18n::Words;
use crate::scenario::{Action, Scenario, ScenarioError, TimedAction};
use crate::viz::scene::Scene;
use messages::MessageLog;
use series::Series;

/// Events between checkpoints at first.
pub const FIRST_INTERVAL: u64 = 20_000;
/// Checkpoints kept at most (then every other one goes and the interval doubles).
pub const MAX_CHECKPOINTS: usize = 32;
/// The checkpoints' event counts summed, at most: a checkpoint's size grows with the run it holds (~25 bytes per
/// event of the pipeline benchmark in wasm, logs and ledger mostly), so this bounds their memory (~170 MiB) for runs
/// of any length; a longer run gets sparser checkpoints and slower seeks instead.
pub const MAX_EVENTS_HELD: u64 = 7_000_000;

/// The run at one point, to restart from.
#[derive(Clone)]
struct Checkpoint {
    sim: Sim,
    scene: Scene,
    last_event_at: Option<Instant>,
    /// The series as they stood (a fork that goes back here takes them up again from this point).
    series: Series,
}

impl Checkpoint {
    fn events(&self) -> u64 {
        self.sim.events()
    }
}

/// What [`Timeline::undo_fork`] restores: the actions before the fork and the instant it was made at.
#[derive(Clone, Debug, PartialEq)]
pub struct Fork {
    /// The timeline's actions before the fork.
    pub actions: Vec<TimedAction>,
    /// Where the fork was made.
    pub at: Instant,
    /// How many later interventions it dropped.
    pub dropped: usize,
}

/// The run, its checkpoints and its markers.
#[derive(Clone)]
pub struct Timeline {
    sim: Sim,
    scene: Scene,
    /// When the last event the run processed happened (`None`: none yet).
    last_event_at: Option<Instant>,
    /// Sorted by event count; the first is the run at t = 0.
    checkpoints: Vec<Checkpoint>,
    interval: u64,
    /// Markers found so far, in event order.
    markers: Vec<Marker>,
    /// The charts' series, as far as the markers go.
    series: Series,
    /// Markers are known up to this event count (the furthest the run has gone since the last fork).
    marked_to: u64,
    /// The timeline's actions: the scenario's own, then interventions, in the order they were made.
    actions: Vec<TimedAction>,
    /// Actions below this index are the scenario's own: a fork keeps them.
    own_actions: usize,
    /// The furthest instant the run has reached since the last fork.
    explored_to: Instant,
    /// The last fork, for one step of undo.
    fork: Option<Fork>,
    /// The record being inspected, its life followed as the run goes (and cut back when it seeks back).
    inspected: Option<RecordLife>,
    /// The sequence diagram's window (µs) and its messages, followed as the run plays (`stale` after a restore: made
    /// again by a replay when the seek ends).
    watched: Option<WatchedMessages>,
    /// Trace events kept for an embedding page that subscribed to them (`ui::embed`): at most `cap`, the rest of a
    /// burst counted.
    tap: Option<Tap>,
}

/// Trace events as the timeline folds them, for a subscriber.
#[derive(Clone, Debug, Default)]
struct Tap {
    cap: usize,
    events: Vec<TraceEvent>,
    skipped: u64,
}

/// The messages of a window before now, kept while the sequence diagram is shown.
#[derive(Clone)]
struct WatchedMessages {
    window_us: u64,
    log: MessageLog,
    stale: bool,
}

impl Timeline {
    /// The run of `scenario` at t = 0.
    pub fn new(scenario: &Scenario) -> Result<Timeline, ScenarioError> {
        let sim = Sim::new(scenario)?;
        let mut t = Timeline::from_sim(sim);
        t.own_actions = t.actions.len();
        Ok(t)
    }

    fn from_sim(sim: Sim) -> Timeline {
        let scene = Scene::new(&sim.topology());
        let actions = sim.scenario().actions.clone();
        let series = Series::new(&scene, sim.end().0);
        let mut t = Timeline {
            sim,
            scene,
            series,
            last_event_at: None,
            checkpoints: Vec::new(),
            interval: FIRST_INTERVAL,
            markers: Vec::new(),
            marked_to: 0,
            own_actions: actions.len(),
            actions,
            explored_to: Instant(0),
            fork: None,
            inspected: None,
            watched: None,
            tap: None,
        };
        t.drain();
        t.checkpoints.push(t.checkpoint());
        t
    }

    /// The engine at the current instant.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// The scene folded from its trace up to now.
    pub fn scene(&self) -> &Scene {
        &self.scene
    }

    /// The markers found so far (the run's past, and what it has already been played to).
    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// The charts' series, as far as the run has been played since the last fork.
    pub fn series(&self) -> &Series {
        &self.series
    }

    /// How far the markers go (virtual time of the furthest point the run has reached since the last fork).
    pub fn explored_to(&self) -> Instant {
        self.explored_to
    }

    /// The last fork, while it can be undone.
    pub fn fork(&self) -> Option<&Fork> {
        self.fork.as_ref()
    }

    /// The record being inspected, and its life up to now.
    pub fn inspected(&self) -> Option<&RecordLife> {
        self.inspected.as_ref()
    }

    /// Follows `record` from now on: its life so far is replayed from the last checkpoint before it was sent.
    pub fn inspect(&mut self, record: RecordId) {
        if self
            .inspected
            .as_ref()
            .is_some_and(|l| l.record() == record)
        {
            return;
        }
        let p = record.producer().0 as usize;
        let sent = |sim: &Sim| {
            sim.view()
                .producers
                .get(p)
                .map_or(0, |p| p.counters.records_sent)
        };
        let here = self.sim.events();
        let from = self
            .checkpoints
            .iter()
            .rposition(|c| c.events() <= here && sent(&c.sim) <= record.send_index())
            .unwrap_or(0);
        let mut life = RecordLife::new(record);
        self.replay_from(from, |events, e| life.observe(events, e));
        self.inspected = Some(life);
    }

    /// The messages sent from `from` up to now (the sequence diagram's window), replayed from the last checkpoint
    /// at or before `from`.
    pub fn messages_since(&self, from: Instant) -> MessageLog {
        let mut log = MessageLog::new(from.min(self.sim.now()));
        let here = self.sim.events();
        let i = self
            .checkpoints
            .iter()
            .rposition(|c| c.sim.now() <= from && c.events() <= here)
            .unwrap_or(0);
        self.replay_from(i, |_, e| log.observe(e));
        log.to = self.sim.now();
        log
    }

    /// Replays a copy of checkpoint `i` up to where the run is now, handing `f` each trace event with the event
    /// count after the engine event that made it; the run itself does not move.
    fn replay_from(&self, i: usize, mut f: impl FnMut(u64, &TraceEvent)) {
        let here = self.sim.events();
        let mut sim = self.checkpoints[i].sim.clone();
        if sim.sync_actions(&self.actions).is_ok() {
            while sim.events() < here && sim.step().is_some() {
                while let Some(e) = sim.poll_trace() {
                    f(sim.events(), &e);
                }
            }
        }
    }

    /// Stops following the inspected record.
    pub fn stop_inspecting(&mut self) {
        self.inspected = None;
    }

    /// Checkpoints held (for the page's figures and tests).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            sim: self.sim.clone(),
            scene: self.scene.clone(),
            last_event_at: self.last_event_at,
            series: self.series.clone(),
        }
    }

    /// Keeps the marker `found` for trace event `e`, while there is room.
    fn push_marker(&mut self, e: &TraceEvent, found: Option<(MarkerKind, Option<NodeId>, Words)>) {
        if let Some((kind, node, words)) = found.filter(|_| self.markers.len() < MAX_MARKERS) {
            self.markers.push(Marker {
                at: e.at(),
                event: self.sim.events(),
                kind,
                node,
                words,
            });
        }
    }

    /// Folds the trace the last event made into the scene; returns how many trace events there were.
    fn drain(&mut self) -> usize {
        let mut n = 0;
        let mark = self.sim.events() > self.marked_to || self.sim.events() == 0;
        while let Some(e) = self.sim.poll_trace() {
            n += 1;
            if mark {
                let found = marker_of(&e, &self.scene);
                self.push_marker(&e, found);
            }
            if let Some(life) = &mut self.inspected {
                life.observe(self.sim.events(), &e);
            }
            if let Some(w) = self.watched.as_mut().filter(|w| !w.stale) {
                w.log.observe(&e);
            }
            if let Some(t) = &mut self.tap {
                if t.events.len() < t.cap {
                    t.events.push(e.clone());
                } else {
                    t.skipped += 1;
                }
            }
            if mark {
                self.series.observe(&e, &self.scene);
            }
            self.scene.apply(&e);
            if mark {
                // Found in the scene just after the event: its log marks say what the append broke.
                for found in guarantee_marker(&e, &self.scene) {
                    self.push_marker(&e, Some(found));
                }
            }
        }
        self.marked_to = self.marked_to.max(self.sim.events());
        n
    }

    /// Processes one event; returns how many trace events it made (`None`: nothing left before the end, or the run
    /// stopped on a violation).
    fn step_one(&mut self) -> Option<usize> {
        let end = self.sim.end();
        if self.sim.next_event_at().is_none_or(|t| t > end) {
            return None;
        }
        let at = self.sim.step()?;
        self.last_event_at = Some(at);
        let n = self.drain();
        self.maybe_checkpoint();
        Some(n)
    }

    fn maybe_checkpoint(&mut self) {
        let last = self.checkpoints.last().map_or(0, Checkpoint::events);
        if self.sim.events() < last + self.interval {
            return;
        }
        self.checkpoints.push(self.checkpoint());
        let held = |c: &[Checkpoint]| c.iter().map(Checkpoint::events).sum::<u64>();
        while self.checkpoints.len() > MAX_CHECKPOINTS
            || (self.checkpoints.len() > 2 && held(&self.checkpoints) > MAX_EVENTS_HELD)
        {
            // Keep the first (t = 0) and every other one after it.
            let mut i = 0;
            self.checkpoints.retain(|_| {
                i += 1;
                i % 2 == 1
            });
            self.interval *= 2;
        }
    }

    /// Plays forward to `t` (no further than the end).
    pub fn advance_to(&mut self, t: Instant) {
        let t = t.min(self.sim.end());
        while self.sim.next_event_at().is_some_and(|at| at <= t) {
            if self.step_one().is_none() {
                break;
            }
        }
        self.sim.run_until(t);
        self.explored_to = self.explored_to.max(self.sim.now());
        if self.sim.events() >= self.marked_to {
            self.series.close_until(self.sim.now(), &self.scene);
        }
        self.slide_watched();
    }

    /// Keeps the watched window ending now: slides it, or replays it after a restore.
    fn slide_watched(&mut self) {
        let Some(w) = &self.watched else {
            return;
        };
        let (window_us, stale) = (w.window_us, w.stale);
        let now = self.sim.now();
        if stale {
            let log = self.messages_since(Instant(now.0.saturating_sub(window_us)));
            self.watched = Some(WatchedMessages {
                window_us,
                log,
                stale: false,
            });
        } else if let Some(w) = &mut self.watched {
            w.log.slide(now, window_us);
        }
    }

    /// Follows the messages of the last `window_us` before now (the sequence diagram is shown), or stops (`None`).
    pub fn watch_messages(&mut self, window_us: Option<u64>) {
        self.watched = window_us.map(|w| WatchedMessages {
            window_us: w,
            log: MessageLog::default(),
            stale: true,
        });
        self.slide_watched();
    }

    /// Keeps the trace events folded from now on (at most `cap` until [`Timeline::take_tapped`]), or stops (`None`).
    /// A seek back keeps nothing; playing forward again after it folds, and so keeps, those events again.
    pub fn tap_trace(&mut self, cap: Option<usize>) {
        self.tap = cap.map(|cap| Tap {
            cap,
            ..Tap::default()
        });
    }

    /// The trace events kept since the last call, and how many more there were past the cap.
    pub fn take_tapped(&mut self) -> (Vec<TraceEvent>, u64) {
        match &mut self.tap {
            Some(t) => (
                std::mem::take(&mut t.events),
                std::mem::take(&mut t.skipped),
            ),
            None => (Vec::new(), 0),
        }
    }

    /// The watched window's messages, up to now.
    pub fn watched_messages(&self) -> Option<&MessageLog> {
        self.watched.as_ref().map(|w| &w.log)
    }

    /// The state at `t`, exactly as playing from the start to `t` leaves it.
    pub fn seek(&mut self, t: Instant) {
        let t = t.min(self.sim.end());
        // The latest checkpoint at or before t, if it is ahead of where the run is (or the run is past t).
        let best = self.checkpoints.iter().rposition(|c| c.sim.now() <= t);
        if let Some(i) = best {
            let c = &self.checkpoints[i];
            if t < self.sim.now() || c.events() > self.sim.events() {
                self.restore(i);
            }
        }
        self.advance_to(t);
    }

    fn restore(&mut self, i: usize) {
        let c = self.checkpoints[i].clone();
        self.sim = c.sim;
        self.scene = c.scene;
        self.last_event_at = c.last_event_at;
        if let Some(life) = &mut self.inspected {
            life.truncate(self.sim.events());
        }
        if let Some(w) = &mut self.watched {
            w.stale = true;
        }
        // A checkpoint taken before an intervention does not have it yet.
        if self.sim.sync_actions(&self.actions).is_err() {
            // Not reached: checkpoints that do not lead to this timeline are dropped by `rebase`.
            self.checkpoints.truncate(1);
            self.rebuild_from_start(true);
        }
    }

    /// The run at t = 0 again, with the timeline's actions (`keep_markers`: the markers still stand).
    fn rebuild_from_start(&mut self, keep_markers: bool) {
        let mut scenario = self.sim.scenario().clone();
        scenario.actions = self.actions.clone();
        if let Ok(sim) = Sim::new(&scenario) {
            let mut fresh = Timeline::from_sim(sim);
            fresh.own_actions = self.own_actions;
            fresh.inspected = self.inspected.take().map(|mut life| {
                life.truncate(fresh.sim.events());
                life
            });
            fresh.fork = self.fork.take();
            fresh.tap = self.tap.take();
            fresh.watched = self.watched.take().map(|mut w| {
                w.stale = true;
                w
            });
            if keep_markers {
                fresh.markers = std::mem::take(&mut self.markers);
                fresh.series = self.series.clone();
                fresh.marked_to = self.marked_to;
                fresh.explored_to = self.explored_to;
            }
            *self = fresh;
        }
    }

    /// Runs to the next event that changes what is shown (one that adds to the trace); `false` if there is none
    /// before the end.
    pub fn step(&mut self) -> bool {
        let moved = loop {
            match self.step_one() {
                None => break false,
                Some(0) => continue,
                Some(_) => break true,
            }
        };
        self.slide_watched();
        moved
    }

    /// Goes back to just after the previous event that changed what is shown; `false` at the start.
    pub fn step_back(&mut self) -> bool {
        let cur = self.sim.events();
        // Right after a shown event, go to the one before it; between events (played to an instant past the last
        // event), go to the last one.
        let bound = if self.last_event_at == Some(self.sim.now()) {
            cur
        } else {
            cur + 1
        };
        let Some(target) = self.last_shown_before(bound) else {
            return false;
        };
        let i = self
            .checkpoints
            .iter()
            .rposition(|c| c.events() <= target)
            .unwrap_or(0);
        self.restore(i);
        while self.sim.events() < target {
            if self.step_one().is_none() {
                break;
            }
        }
        self.slide_watched();
        true
    }

    /// The largest event count below `bound` whose event added to the trace (0: the start, if `bound` > 0).
    fn last_shown_before(&mut self, bound: u64) -> Option<u64> {
        if bound == 0 {
            return None;
        }
        let here = self.checkpoint();
        let inspected = self.inspected.take();
        let watched = self.watched.take();
        let mut from = self
            .checkpoints
            .iter()
            .rposition(|c| c.events() < bound)
            .unwrap_or(0);
        let found = loop {
            self.restore(from);
            let mut found = None;
            while self.sim.events() + 1 < bound {
                match self.step_one() {
                    None => break,
                    Some(0) => {}
                    Some(_) => found = Some(self.sim.events()),
                }
            }
            if found.is_some() || from == 0 {
                break found.or(Some(0));
            }
            from -= 1;
        };
        self.sim = here.sim;
        self.scene = here.scene;
        self.last_event_at = here.last_event_at;
        self.inspected = inspected;
        self.watched = watched;
        found
    }

    /// An intervention at the current instant (it runs at the next whole millisecond). Interventions made on this
    /// page that were later in the timeline are dropped: the run forks here.
    /// Refused, with the scenario validator's error, if the action names a node the run does not have.
    pub fn intervene(&mut self, action: Action) -> Result<(), ScenarioError> {
        let now = self.sim.now();
        let at_ms = now.0 / 1000 + 1;
        self.sim.scenario().check_action(
            "intervention",
            &TimedAction {
                at_ms,
                action: action.clone(),
            },
        )?;
        let own = self.own_actions;
        let mut actions: Vec<TimedAction> = Vec::with_capacity(self.actions.len() + 1);
        let mut dropped = 0;
        for (i, a) in self.actions.iter().enumerate() {
            // Interventions due at the same millisecond were made at this instant too: they stay.
            if i >= own && a.at_ms > at_ms {
                dropped += 1;
            } else {
                actions.push(a.clone());
            }
        }
        actions.push(TimedAction { at_ms, action });
        // One step of undo: the last intervention, if it dropped any.
        self.fork = (dropped > 0).then(|| Fork {
            actions: self.actions.clone(),
            at: now,
            dropped,
        });
        self.rebase(actions, now);
        Ok(())
    }

    /// Puts back the interventions the last fork dropped (and removes the one that forked), at the instant the
    /// fork was made. `false` if there is nothing to undo.
    pub fn undo_fork(&mut self) -> bool {
        let Some(f) = self.fork.take() else {
            return false;
        };
        self.rebase(f.actions, f.at);
        true
    }

    /// The timeline with `actions` from the first instant they differ from the current ones, then at `at`.
    fn rebase(&mut self, actions: Vec<TimedAction>, at: Instant) {
        let common = self
            .actions
            .iter()
            .zip(&actions)
            .take_while(|(a, b)| a == b)
            .count();
        // The run is the same as before up to the first instant a differing action runs.
        let diverges = self.actions[common..]
            .iter()
            .chain(&actions[common..])
            .map(|a| Instant::from_ms(a.at_ms))
            .min();
        let valid = |sim: &Sim| {
            sim.scenario().actions.len() <= common && diverges.is_none_or(|d| sim.now() < d)
        };
        self.actions = actions;
        self.explored_to = at;
        if valid(&self.sim) && self.sim.now() == at && self.sim.events() >= self.marked_to {
            // The common case: an intervention at the frontier. The run so far stands; checkpoints past here are
            // of the old future. (Behind the frontier the series must be taken up from a checkpoint: below.)
            let here = self.sim.events();
            self.checkpoints.retain(|c| c.events() <= here);
            self.markers.retain(|m| m.event <= here);
            self.marked_to = here;
            let _ = self.sim.sync_actions(&self.actions);
            return;
        }
        let keep = self
            .checkpoints
            .iter()
            .take_while(|c| valid(&c.sim) && c.sim.now() <= at)
            .count();
        self.checkpoints.truncate(keep);
        if self.checkpoints.is_empty() {
            self.rebuild_from_start(false);
        } else {
            let last = self.checkpoints.len() - 1;
            let upto = self.checkpoints[last].events();
            self.markers.retain(|m| m.event <= upto);
            self.marked_to = upto;
            self.series = self.checkpoints[last].series.clone();
            self.restore(last);
        }
        self.advance_to(at);
    }
}

#[cfg(test)]
mod tests;
