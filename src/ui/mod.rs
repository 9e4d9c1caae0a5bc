//! The browser front end (feature `ui`): Yew components that draw a [`viz::Frame`](crate::viz::Frame) and submit
//! interventions to the [`Sim`](crate::engine::Sim). Nothing here decides a protocol fact.
//!
//! - [`app`]: reads the URL fragment (`#preset=`, `#s=`, `embed=1`, `speed=`, `t=`), shows decode errors.
//! - [`route`]: what the fragment asks for (scenario, view options, a decode error).
//! - [`sim_host`]: the struct component owning `Sim`, `Scene`, `Layout` and the animation-frame loop.
//! - [`url`]: `location.hash` in, `history.replaceState` out.
//! - [`components`]: presentational pieces (stage, panel, calculator, legend).

pub mod app;
pub mod components;
pub mod embed;
pub mod fetch;
pub mod language;
pub mod lesson_progress;
pub mod route;
pub mod sim_host;
pub mod theme;
pub mod url;

/// Renders the app into `<body>`.
pub fn mount() {
    yew::Renderer::<app::App>::new().render();
}
