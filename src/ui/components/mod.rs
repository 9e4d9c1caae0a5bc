//! Presentational components: they draw what they are given and report clicks. They never touch the `Sim`.

pub mod panel;
pub mod stage;
