//! The message sequence diagram's data: while it is shown, the timeline follows the window of messages before the
//! instant shown (`Timeline::watch_messages`), and the page lays it out (`viz::sequence::diagram`, reading the
//! window in place, with the filters) when paused and the run moved, and at most every [`SEQUENCE_REFRESH_MS`]
//! while playing. The component gets the laid-out arrows (at most `MAX_ARROWS`), compared by pointer.

use super::{now_ms, Run, SimHost};
pub use crate::ui::components::sequence::Filter;
use crate::ui::components::sequence::SequenceView;
use crate::viz::sequence::{diagram, Diagram};
use std::rc::Rc;
use yew::prelude::*;

/// The diagram is laid out again at most this often while playing (wall-clock ms).
pub const SEQUENCE_REFRESH_MS: f64 = 500.0;

/// The diagram's state in the host.
pub struct SequenceState {
    /// The window (ms) while the diagram is shown.
    window: Option<u64>,
    filter: Filter,
    /// The last layout and the engine event count it was made at.
    laid_out: Option<(u64, Rc<Diagram>)>,
    wall_ms: f64,
    on_filter: Callback<Filter>,
}

impl SequenceState {
    /// Closed, unfiltered.
    pub fn new(on_filter: Callback<Filter>) -> SequenceState {
        SequenceState {
            window: None,
            filter: Filter::default(),
            laid_out: None,
            wall_ms: 0.0,
            on_filter,
        }
    }
}

impl SimHost {
    /// Opens the diagram with a window of `window_ms`, or closes it (`None`).
    pub(super) fn set_sequence(&mut self, window_ms: Option<u64>) -> bool {
        self.sequence.window = window_ms;
        self.sequence.laid_out = None;
        if let Some(run) = self.run.as_mut() {
            run.watch_messages(window_ms.map(|w| w * 1000));
        }
        self.refresh_sequence();
        true
    }

    /// Filters the diagram (laid out again at once).
    pub(super) fn set_sequence_filter(&mut self, filter: Filter) -> bool {
        self.sequence.filter = filter;
        self.sequence.laid_out = None;
        self.refresh_sequence();
        true
    }

    /// A new run: the lane filter indexed the old run's lanes, so it goes.
    pub(super) fn reset_sequence_filter(&mut self) {
        self.sequence.filter = Filter::default();
        self.sequence.laid_out = None;
    }

    /// Lays the window out again if the diagram is shown and the run moved since (and makes a new run, after a
    /// restart, follow the window too).
    pub(super) fn refresh_sequence(&mut self) {
        let st = &mut self.sequence;
        let (Some(w), Some(run)) = (st.window, self.run.as_mut()) else {
            st.laid_out = None;
            return;
        };
        if run.timeline().watched_messages().is_none() {
            run.watch_messages(Some(w * 1000));
        }
        let events = run.sim().events();
        if st.laid_out.as_ref().is_some_and(|(e, _)| *e == events) {
            return;
        }
        let wall = now_ms();
        if self.playing && st.laid_out.is_some() && wall - st.wall_ms < SEQUENCE_REFRESH_MS {
            return;
        }
        st.wall_ms = wall;
        if let Some(log) = run.timeline().watched_messages() {
            let node = st.filter.lane.and_then(|i| run.lanes.get(i).copied());
            let d = diagram(log, &run.lanes, log.from, log.to, node, st.filter.api);
            st.laid_out = Some((events, Rc::new(d)));
        }
    }

    /// The diagram's section.
    pub(super) fn sequence_view(&self, run: &Run) -> Html {
        let st = &self.sequence;
        html! {
            <SequenceView diagram={st.laid_out.as_ref().map(|(_, d)| d.clone())} nodes={run.lanes.clone()}
                          window_ms={st.window.unwrap_or(200)} open={st.window.is_some()} filter={st.filter}
                          on_window={self.on_sequence.clone()} on_filter={st.on_filter.clone()} />
        }
    }
}
