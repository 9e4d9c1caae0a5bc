//! The URL fragment: read it, rewrite it without a reload (`history.replaceState`), or navigate to a preset.
//!
//! Every JS call here can fail (no window in a worker, a sandboxed iframe refusing `replaceState`); failures are
//! returned or ignored, never unwrapped.

use wasm_bindgen::JsValue;

/// The current fragment including `#`, or "" when there is none or no window.
pub fn read_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// This page's address with `fragment` (no `#`) as its fragment; just `#fragment` when there is no window.
pub fn with_fragment(fragment: &str) -> String {
    format!("{}#{fragment}", page_address())
}

/// This page's address without its fragment ("" when there is no window).
pub fn page_address() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or_default().to_string())
        .unwrap_or_default()
}

/// Rewrites the fragment without adding a history entry and without a `hashchange` event.
pub fn replace_fragment(fragment: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let history = window.history().map_err(|_| "no history")?;
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")))
        .map_err(|e| format!("history.replaceState failed: {e:?}"))
}

/// Navigates to another fragment (fires `hashchange`, which reloads the scenario).
pub fn set_hash(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
    }
}

/// `prefers-reduced-motion: reduce`: start paused, in step mode.
pub fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// Puts `class` on `<body>` (the embed mode hides the side panel).
pub fn set_body_class(class: &str) {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        body.set_class_name(class);
    }
}

/// Copies `text` to the clipboard. A refused write (no permission, an insecure context) must not surface as an
/// unhandled rejection: the text stays in its box to copy by hand.
pub fn copy_to_clipboard(text: &str) {
    if let Some(w) = web_sys::window() {
        let promise = w.navigator().clipboard().write_text(text);
        let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_| {});
        let _ = promise.catch(&ignore);
        ignore.forget();
    }
}
