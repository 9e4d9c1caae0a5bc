//! The message sequence diagram's data: while it is shown, the window of messages before the instant shown is
//! replayed from the timeline (`Timeline::messages_since`) on the ledger's cadence, and at once when it is opened,
//! resized or the run moved while paused.

use super::{Run, SimHost};
use crate::engine::time::Instant;
use crate::ui::components::sequence::SequenceView;
use yew::prelude::*;

impl SimHost {
    /// Opens the diagram with a window of `window_ms`, or closes it (`None`).
    pub(super) fn set_sequence(&mut self, window_ms: Option<u64>) -> bool {
        self.sequence_window = window_ms;
        self.sequence_log = None;
        self.refresh_sequence();
        true
    }

    /// Replays the window again if the diagram is shown and the run moved since.
    pub(super) fn refresh_sequence(&mut self) {
        let (Some(w), Some(run)) = (self.sequence_window, self.run.as_ref()) else {
            self.sequence_log = None;
            return;
        };
        let events = run.sim().events();
        if self
            .sequence_log
            .as_ref()
            .is_some_and(|(e, _)| *e == events)
        {
            return;
        }
        let now = run.sim().now();
        let from = Instant(now.0.saturating_sub(w * 1000));
        let log = run.timeline().messages_since(from);
        self.sequence_log = Some((events, std::rc::Rc::new(log)));
    }

    /// The diagram's section.
    pub(super) fn sequence_view(&self, run: &Run) -> Html {
        html! {
            <SequenceView log={self.sequence_log.as_ref().map(|(_, l)| l.clone())} nodes={run.lanes.clone()}
                          window_ms={self.sequence_window.unwrap_or(200)} on_window={self.on_sequence.clone()} />
        }
    }
}
