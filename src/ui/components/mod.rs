//! Presentational components: they draw what they are given and report clicks. They never touch the `Sim`.

pub mod cards;
pub mod charts;
pub mod compare;
pub mod dead_letters;
pub mod editor;
pub mod event_log;
pub mod inspector;
pub mod ledger;
pub mod lesson_index;
pub mod motion_canvas;
pub mod panel;
pub mod sequence;
pub mod share;
pub mod stage;
pub mod timeline;

use yew::prelude::*;

/// How often the calling component rendered, as the text of its `data-renders`: the test hook with which the
/// e2e and browser tests see that a component whose props did not change was skipped (cards, the card layer,
/// the top bar's and side panel's parts).
#[hook]
pub(crate) fn use_renders() -> String {
    let count = use_mut_ref(|| 0u64);
    *count.borrow_mut() += 1;
    let n = *count.borrow();
    n.to_string()
}
