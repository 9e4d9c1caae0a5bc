//! The message sequence diagram's data: while it is shown, the timeline follows the window of messages before the
//! instant shown (`Timeline::watch_messages`), and the page takes a copy of it and draws it again at once when
//! paused, and at most every [`SEQUENCE_REFRESH_MS`] while playing (a busy window is hundreds of SVG arrows).

use super::{now_ms, Run, SimHost};

/// The diagram is drawn again at most this often while playing (wall-clock ms).
pub const SEQUENCE_REFRESH_MS: f64 = 1000.0;
use crate::ui::components::sequence::SequenceView;
use yew::prelude::*;

impl SimHost {
    /// Opens the diagram with a window of `window_ms`, or closes it (`None`).
    pub(super) fn set_sequence(&mut self, window_ms: Option<u64>) -> bool {
        self.sequence_window = window_ms;
        self.sequence_log = None;
        if let Some(run) = self.run.as_mut() {
            run.watch_messages(window_ms.map(|w| w * 1000));
        }
        self.refresh_sequence();
        true
    }

    /// Takes a copy of the window's messages if the diagram is shown and the run moved since (and makes a new run,
    /// after a restart, follow the window too).
    pub(super) fn refresh_sequence(&mut self) {
        let (Some(w), Some(run)) = (self.sequence_window, self.run.as_mut()) else {
            self.sequence_log = None;
            return;
        };
        if run.timeline().watched_messages().is_none() {
            run.watch_messages(Some(w * 1000));
        }
        let events = run.sim().events();
        if self
            .sequence_log
            .as_ref()
            .is_some_and(|(e, _)| *e == events)
        {
            return;
        }
        let wall = now_ms();
        let fresh = wall - self.sequence_wall_ms < SEQUENCE_REFRESH_MS;
        if self.playing && self.sequence_log.is_some() && fresh {
            return;
        }
        self.sequence_wall_ms = wall;
        if let Some(log) = run.timeline().watched_messages() {
            self.sequence_log = Some((events, std::rc::Rc::new(log.clone())));
        }
    }

    /// The diagram's section.
    pub(super) fn sequence_view(&self, run: &Run) -> Html {
        html! {
            <SequenceView log={self.sequence_log.as_ref().map(|(_, l)| l.clone())} nodes={run.lanes.clone()}
                          window_ms={self.sequence_window.unwrap_or(200)} on_window={self.on_sequence.clone()} />
        }
    }
}
