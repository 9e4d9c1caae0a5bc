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
