//! Turns the trace into pictures. PURE: no yew, no web-sys; it builds with `--no-default-features`.
//!
//! 1. [`Scene::new`] takes the run's static structure from the engine's
//!    [`Topology`](crate::engine::topology::Topology); [`Scene::apply`] folds each
//!    [`TraceEvent`](crate::engine::trace::TraceEvent) into a render-oriented model.
//! 2. [`Layout::new`] places producers, brokers, consumers and the controller once per run.
//! 3. [`frame()`] interpolates in-flight messages at `now` and returns a plain-data [`Frame`] the page draws.
//! 4. [`zoom::StageView`] is the stage's zoom and pan.

pub mod charts;
pub mod compare;
pub mod frame;
pub mod inspector;
pub mod layout;
pub mod lesson;
pub mod scene;
pub mod sequence;
pub mod timeline;
pub mod zoom;

pub use frame::{frame, Frame};
pub use layout::Layout;
pub use scene::Scene;
