//! The page's keyboard shortcuts (listed by the `?` help, `a11y.rs`): space plays or pauses, `.` steps forward and
//! `,` back, Escape closes the help, the share dialog or the broker menu, `?` opens the help, `+` / `-` / `0` zoom the
//! stage. Ignored while typing in a field or with a modifier held.

use super::zoom::ZoomMsg;
use super::{Msg, SimHost};
use crate::viz::zoom::ZOOM_STEP;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::html;

pub(super) fn key_listener(link: html::Scope<SimHost>) -> Option<EventListener> {
    let document = web_sys::window()?.document()?;
    Some(EventListener::new_with_options(
        &document,
        "keydown",
        EventListenerOptions::enable_prevent_default(),
        move |e| {
            let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if k.ctrl_key() || k.meta_key() || k.alt_key() {
                return;
            }
            let tag = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name().to_ascii_uppercase())
                .unwrap_or_default();
            if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
                return;
            }
            match k.key().as_str() {
                " " => {
                    // Space always means play/pause: take focus off a focused button so its keyup cannot click it.
                    e.prevent_default();
                    if tag == "BUTTON" {
                        if let Some(el) = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
                        {
                            let _ = el.blur();
                        }
                    }
                    link.send_message(Msg::TogglePlay);
                }
                "." => link.send_message(Msg::Step),
                "," => link.send_message(Msg::StepBack),
                "+" | "=" => link.send_message(Msg::Zoom(ZoomMsg::By(ZOOM_STEP))),
                "-" => link.send_message(Msg::Zoom(ZoomMsg::By(1.0 / ZOOM_STEP))),
                "0" => link.send_message(Msg::Zoom(ZoomMsg::Fit)),
                "Escape" => link.send_message(Msg::Escape),
                "?" => link.send_message(Msg::Help(None)),
                _ => {}
            }
        },
    ))
}
