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

/// While a run plays, the card layer takes a new frame at most this often (wall-clock ms); the motion layer is
/// drawn every frame. A busy load changes some log row on every frame, and redrawing the rows' cells (attributes,
/// then the browser's style, layout and paint) was most of a frame: in headless Chromium on 2 cores, issue 12's
/// pipeline load on a 1 ms network ran at 35 fps with rows redrawn on every frame and at 52 fps in a build with them
/// never redrawn (the experiment that led here). Paused, stepped, sought or stopped, the cards show the instant
/// exactly; a change after a quiet spell shows at once.
pub(super) const CARDS_WHILE_PLAYING_MS: f64 = 100.0;

/// When the card layer takes a changed frame: at once when the run is shown paused (a step, a seek, a pause), and
/// while it plays at most every [`CARDS_WHILE_PLAYING_MS`] of wall-clock time.
#[derive(Clone, Copy, Debug)]
struct CardPace {
    /// The animation frame (`performance.now()`, ms) at which the cards last took a frame while playing.
    last_ms: f64,
}

impl Default for CardPace {
    fn default() -> Self {
        CardPace {
            last_ms: f64::NEG_INFINITY,
        }
    }
}

impl CardPace {
    /// Whether the cards take this frame: `changed`, whether a card differs from what they show; `playing_at`, the
    /// animation frame's time while playing, `None` when shown paused.
    fn take(&mut self, changed: bool, playing_at: Option<f64>) -> bool {
        if !changed {
            return false;
        }
        match playing_at {
            None => true,
            // A millisecond's slack: frame times jitter, and the sixth 60 Hz frame should not wait for a seventh.
            Some(now) if now - self.last_ms >= CARDS_WHILE_PLAYING_MS - 1.0 => {
                self.last_ms = now;
                true
            }
            Some(_) => false,
        }
    }
}

/// One run: the engine and everything derived from its trace.
pub(super) struct Run {
    timeline: Timeline,
    pub(super) layout: Layout,
    /// The latest frame (the motion layer draws it).
    pub(super) frame: Rc<Frame>,
    /// The frame the card layer draws: replaced only when a card changed, so yew skips the cards otherwise.
    pub(super) cards: Rc<Frame>,
    /// When `cards` takes a changed frame.
    cards_pace: CardPace,
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
            cards_pace: CardPace::default(),
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
        self.refresh_frame(true, None);
    }

    /// `wall_ms`: playing, at this animation frame's time; the cards then take a changed frame at most every
    /// [`CARDS_WHILE_PLAYING_MS`], and a change held back is taken on the first frame after that.
    fn refresh_frame(&mut self, all_markers: bool, wall_ms: Option<f64>) {
        let f = Rc::new(frame(self.timeline.scene(), &self.layout, self.sim().now()));
        let c = &self.cards;
        let changed = f.brokers != c.brokers
            || f.producers != c.producers
            || f.groups != c.groups
            || f.consumers != c.consumers;
        if self.cards_pace.take(changed, wall_ms) {
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

    /// Goes forward to `t` and shows it (cards included).
    pub(super) fn advance_to(&mut self, t: Instant) {
        self.timeline.advance_to(t);
        self.refresh_frame(false, None);
    }

    /// Plays forward to `t` on the animation frame at `wall_ms`: the motion layer shows `t`, the cards at most
    /// [`CARDS_WHILE_PLAYING_MS`] behind it.
    pub(super) fn play_to(&mut self, t: Instant, wall_ms: f64) {
        self.timeline.advance_to(t);
        self.refresh_frame(false, Some(wall_ms));
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

#[cfg(test)]
mod tests {
    //! Goal: while playing, the cards take a changed frame at most every `CARDS_WHILE_PLAYING_MS`, and a change
    //! held back is taken on the first frame after that; shown paused, at once.
    use super::*;

    /// 60 frames a second with a card change on every frame: the cards take frames 0, 100, 200… ms, not 60 a second.
    #[test]
    fn a_busy_run_redraws_cards_at_most_every_interval() {
        let mut pace = CardPace::default();
        let frame_ms = 1000.0 / 60.0;
        let taken: Vec<f64> = (0..60)
            .map(|i| f64::from(i) * frame_ms)
            .filter(|&t| pace.take(true, Some(t)))
            .collect();
        assert_eq!(taken.len(), 10, "{taken:?}");
        for w in taken.windows(2) {
            assert!(w[1] - w[0] >= CARDS_WHILE_PLAYING_MS - 1.0, "{taken:?}");
            assert!(w[1] - w[0] < CARDS_WHILE_PLAYING_MS + frame_ms, "{taken:?}");
        }
    }

    #[test]
    fn a_held_back_change_is_taken_after_the_interval_and_a_quiet_one_at_once() {
        let mut pace = CardPace::default();
        assert!(
            pace.take(true, Some(1_000.0)),
            "the first change while playing"
        );
        assert!(!pace.take(true, Some(1_050.0)), "held back");
        assert!(!pace.take(false, Some(1_080.0)), "nothing to take");
        assert!(
            pace.take(true, Some(1_100.0)),
            "the held-back change, once the interval is over"
        );
        assert!(
            pace.take(true, Some(5_000.0)),
            "a change after a quiet spell"
        );
        assert!(pace.take(true, None), "paused: at once");
        assert!(pace.take(true, None), "paused: at once, every time");
        assert!(!pace.take(false, None));
    }
}
