//! Which way the stage is laid out: left to right, or in one column on a narrow screen (a phone held upright),
//! where the wide stage would shrink to a thumbnail. The page follows the screen when it turns.

use super::{Msg, SimHost};
use gloo::events::EventListener;
use yew::html;

/// Below this width the stage is one column (`viz::layout::portrait`). The same width is the CSS breakpoint.
const NARROW: &str = "(max-width: 600px)";

fn query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(NARROW).ok().flatten()
}

/// Whether the screen is narrow now.
pub(super) fn narrow() -> bool {
    query().is_some_and(|m| m.matches())
}

/// Tells the host when the screen crosses the breakpoint (a phone turned, a window resized).
pub(super) fn narrow_listener(link: html::Scope<SimHost>) -> Option<EventListener> {
    let q = query()?;
    let target = q.clone();
    Some(EventListener::new(&q, "change", move |_| {
        link.send_message(Msg::Relayout(target.matches()))
    }))
}
