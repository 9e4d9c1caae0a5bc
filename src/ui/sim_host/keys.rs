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
            // A modal dialog (help, share) takes the keyboard: Escape closes it, Tab stays inside it, and the page's
            // shortcuts wait (space must press the dialog's buttons, not play).
            if let Some(dialog) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector("[aria-modal=true]").ok().flatten())
            {
                match k.key().as_str() {
                    "Escape" => link.send_message(Msg::Escape),
                    "Tab" => keep_tab_inside(&dialog, k),
                    _ => {}
                }
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

/// Moves the focus from the dialog's last control to its first on Tab (and back on Shift+Tab), and into the dialog
/// if it was outside.
fn keep_tab_inside(dialog: &web_sys::Element, k: &KeyboardEvent) {
    let Ok(all) = dialog.query_selector_all(
        "button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])",
    ) else {
        return;
    };
    let n = all.length();
    let (Some(first), Some(last)) = (all.get(0), all.get(n.saturating_sub(1))) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let inside = active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.as_ref())));
    let is = |node: &web_sys::Node| {
        active
            .as_ref()
            .is_some_and(|a| AsRef::<web_sys::Node>::as_ref(a) == node)
    };
    let target = if !inside {
        Some(first)
    } else if k.shift_key() && is(&first) {
        Some(last)
    } else if !k.shift_key() && is(&last) {
        Some(first)
    } else {
        None
    };
    if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        k.prevent_default();
        let _ = el.focus();
    }
}
