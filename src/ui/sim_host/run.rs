//! One run on the page: its timeline (the engine, the scene folded from its trace, checkpoints and markers), the
//! layout, and the frames drawn from them. The card layer's frame is replaced only when a card changed, so yew
//! skips the cards otherwise.

use crate::engine::ids::{NodeId, RecordId};
use crate::engine::time::Instant;
use crate::engine::Sim;
use crate::scenario::{Action, Scenario};
use crate::viz::charts::{charts, Chart};
use crate::viz::inspector::{inspect, Inspection};
use crate::viz::timeline::series::Series;
use crate::viz::timeline::{Marker, Timeline};
use crate::viz::{frame, Frame, Layout, Scene};
use std::rc::Rc;

/// One run: the engine and everything derived from its trace.
pub(super) struct Run {
    timeline: Timeline,
    pub(super) layout: Layout,
    /// The latest frame (the motion layer draws it).
    pub(super) frame: Rc<Frame>,
    /// The frame the card layer draws: replaced only when a card changed, so yew skips the cards otherwise.
    pub(super) cards: Rc<Frame>,
    /// Brokers (`node.id`) whose cards show their log rows in a large cluster's strip layout.
    expanded: Vec<u32>,
    /// The timeline's markers as last handed to the page (replaced when markers are found or dropped).
    pub(super) markers: Rc<Vec<Marker>>,
    /// The charts' series as last drawn, and the charts (replaced by `refresh_charts` when the series changed).
    pub(super) series: Rc<Series>,
    pub(super) charts: Rc<Vec<Chart>>,
    /// The sequence diagram's lanes (every node of the run).
    pub(super) lanes: Rc<Vec<NodeId>>,
}

impl Run {
    /// A run of `scenario`, laid out for the screen as it is now.
    pub(super) fn new(scenario: &Scenario) -> Result<Run, String> {
        let timeline = Timeline::new(scenario).map_err(|e| e.to_string())?;
        let layout = lay_out(timeline.scene(), super::viewport::narrow(), &[]);
        let frame = Rc::new(frame(timeline.scene(), &layout, timeline.sim().now()));
        let series = Rc::new(timeline.series().clone());
        let charts = Rc::new(charts(&series, timeline.scene(), timeline.sim().end()));
        let lanes = Rc::new(crate::viz::sequence::lanes(timeline.scene()));
        let mut run = Run {
            lanes,
            series,
            charts,
            timeline,
            layout,
            cards: frame.clone(),
            frame,
            expanded: Vec::new(),
            markers: Rc::new(Vec::new()),
        };
        run.refresh();
        Ok(run)
    }

    /// The engine at the instant shown.
    pub(super) fn sim(&self) -> &Sim {
        self.timeline.sim()
    }

    /// The scene at the instant shown.
    pub(super) fn scene(&self) -> &Scene {
        self.timeline.scene()
    }

    /// The timeline (markers, how far the run has been explored, the last fork).
    pub(super) fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    /// Lays the stage out again, one column (`portrait`) or left to right; a no-op if it already is.
    pub(super) fn relayout(&mut self, portrait: bool) {
        if self.layout.portrait == portrait {
            return;
        }
        self.rebuild_layout(portrait);
    }

    /// Shows broker `id`'s log rows instead of its tiles, or its tiles again (a large cluster's strip layout).
    pub(super) fn toggle_expanded(&mut self, id: u32) {
        match self.expanded.iter().position(|b| *b == id) {
            Some(i) => {
                self.expanded.remove(i);
            }
            None => self.expanded.push(id),
        }
        self.rebuild_layout(self.layout.portrait);
    }

    /// Whether broker `id`'s card shows its log rows in a strip layout.
    pub(super) fn is_expanded(&self, id: u32) -> bool {
        self.expanded.contains(&id)
    }

    /// The layout again (orientation or expanded brokers changed), and a frame drawn on it.
    fn rebuild_layout(&mut self, portrait: bool) {
        self.layout = lay_out(self.timeline.scene(), portrait, &self.expanded);
        let f = Rc::new(frame(self.timeline.scene(), &self.layout, self.sim().now()));
        self.cards = f.clone();
        self.frame = f;
    }

    /// Builds the frame and the charts again in the page's new language and hands every card the new words (the
    /// cards are compared by their numbers, so a frame that differs only in words would not reach them).
    pub(super) fn relabel(&mut self) {
        let f = Rc::new(frame(self.timeline.scene(), &self.layout, self.sim().now()));
        self.cards = f.clone();
        self.frame = f;
        self.refresh_markers(true);
        let t = &self.timeline;
        self.charts = Rc::new(charts(&self.series, t.scene(), t.sim().end()));
    }

    /// A new frame for the instant the timeline is at, and its markers.
    pub(super) fn refresh(&mut self) {
        self.refresh_frame(true);
    }

    fn refresh_frame(&mut self, all_markers: bool) {
        let f = Rc::new(frame(self.timeline.scene(), &self.layout, self.sim().now()));
        let c = &self.cards;
        if f.brokers != c.brokers
            || f.producers != c.producers
            || f.groups != c.groups
            || f.consumers != c.consumers
        {
            self.cards = f.clone();
        }
        self.frame = f;
        self.refresh_markers(all_markers);
    }

    /// Hands the page the timeline's markers when they changed. While playing (`all` false) a long list is copied
    /// only once it has grown by a tenth, so copying it stays linear in the run's length.
    fn refresh_markers(&mut self, all: bool) {
        let m = self.timeline.markers();
        let (now, had) = (m.len(), self.markers.len());
        let changed = now != had || m.last() != self.markers.last();
        if changed && (all || now < 1_000 || now < had || now * 10 >= had * 11) {
            self.markers = Rc::new(m.to_vec());
        }
    }

    /// Plays forward to `t`.
    pub(super) fn advance_to(&mut self, t: Instant) {
        self.timeline.advance_to(t);
        self.refresh_frame(false);
    }

    /// Goes to `t`, back or forward, exactly as playing there would.
    pub(super) fn seek(&mut self, t: Instant) {
        self.timeline.seek(t);
        self.refresh();
    }

    /// To the next event that changes the picture; `false` if none is left before the end.
    pub(super) fn step(&mut self) -> bool {
        let moved = self.timeline.step();
        self.refresh();
        moved
    }

    /// Back to the previous event that changed the picture; `false` at the start.
    pub(super) fn step_back(&mut self) -> bool {
        let moved = self.timeline.step_back();
        self.refresh();
        moved
    }

    /// Draws the charts again if the series changed since they were drawn (the host calls this at most every
    /// 250 ms of wall time while playing: a chart has a path per line over the whole run).
    pub(super) fn refresh_charts(&mut self) {
        let s = self.timeline.series();
        if *s != *self.series {
            self.series = Rc::new(s.clone());
            self.charts = Rc::new(charts(s, self.timeline.scene(), self.timeline.sim().end()));
        }
    }

    /// Follows the messages of the last `window_us` (the sequence diagram is shown), or stops (`None`).
    pub(super) fn watch_messages(&mut self, window_us: Option<u64>) {
        self.timeline.watch_messages(window_us);
    }

    /// Keeps the trace events for an embedding page's `traceEvent` subscription (at most `cap` between takes).
    pub(super) fn tap_trace(&mut self, cap: Option<usize>) {
        self.timeline.tap_trace(cap);
    }

    /// The trace events kept since the last take, and how many were past the cap.
    pub(super) fn take_tapped(&mut self) -> (Vec<crate::engine::trace::TraceEvent>, u64) {
        self.timeline.take_tapped()
    }

    /// Opens the record inspector on `record`: the timeline follows its life from now on.
    pub(super) fn inspect(&mut self, record: RecordId) {
        self.timeline.inspect(record);
    }

    /// Closes the record inspector; `true` if it was open.
    pub(super) fn stop_inspecting(&mut self) -> bool {
        let open = self.timeline.inspected().is_some();
        self.timeline.stop_inspecting();
        open
    }

    /// What the inspector shows now, if a record is inspected.
    pub(super) fn inspection(&self) -> Option<Inspection> {
        let life = self.timeline.inspected()?;
        Some(inspect(life, self.sim(), self.scene()))
    }

    /// An intervention now (a fork, if the run had a future of interventions past now); refused, with why, if it
    /// names a node the run does not have.
    pub(super) fn intervene(&mut self, action: Action) -> Result<(), String> {
        let done = self.timeline.intervene(action).map_err(|e| e.to_string());
        self.refresh();
        done
    }

    /// Undoes the last fork.
    pub(super) fn undo_fork(&mut self) -> bool {
        let undone = self.timeline.undo_fork();
        self.refresh();
        undone
    }
}

fn lay_out(scene: &Scene, portrait: bool, expanded: &[u32]) -> Layout {
    if portrait {
        Layout::portrait_expanded(scene, expanded)
    } else {
        Layout::expanded(scene, expanded)
    }
}
