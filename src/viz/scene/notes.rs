//! Notable events, in Kafka's words: the errors clients and brokers saw, elections, crashes, script actions.
//!
//! Models: what an operator would grep out of the broker and client logs (`NotLeaderOrFollowerException`, "ISR
//! shrank", "elected leader"), one line each, with the node it happened on so the stage can flash it there.
//!
//! Simplifications: only the newest [`MAX_NOTES`] are kept.

use super::Scene;
use crate::engine::ids::NodeId;
use crate::engine::time::Instant;
use crate::i18n::{key, Words};

/// At most this many notes are kept (the page lists them newest first).
pub const MAX_NOTES: usize = 40;

/// Something worth telling the user (an error, an election, a crash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// When.
    pub at: Instant,
    /// Where to flash it on the stage.
    pub node: Option<NodeId>,
    /// What, in Kafka's words (read in the page's language when shown: [`Note::text`]).
    pub words: Words,
    /// Drawn red (an error the client or broker saw).
    pub error: bool,
}

impl Note {
    /// What, in the page's language now.
    pub fn text(&self) -> String {
        self.words.text()
    }
}

impl Scene {
    pub(super) fn note(&mut self, at: Instant, node: Option<NodeId>, words: Words, error: bool) {
        self.notes.push_back(Note {
            at,
            node,
            words,
            error,
        });
        while self.notes.len() > MAX_NOTES {
            self.notes.pop_front();
        }
    }

    /// A timed action from the scenario script ran.
    pub(super) fn handle_action_applied(&mut self, at: Instant, action: &str) {
        let text = Words::new(key("viz.note.action"), &[])
            .with_words("action", crate::scenario::action::Action::words_of(action));
        self.note(at, None, text, false);
    }
}
