//! The colour theme: `theme=` in the link, else the reader's own choice (the header's toggle, remembered in
//! `localStorage` on this browser only), else `prefers-color-scheme`. It is set as `data-theme` on `<html>`, where
//! tokens.css switches every colour variable, so the SVG and the canvas follow.

use crate::scenario::codec::Theme;

const KEY: &str = "kafka-playground.theme";

/// The theme to start with.
pub fn initial(from_link: Option<Theme>) -> Theme {
    from_link.or_else(stored).unwrap_or_else(system)
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored() -> Option<Theme> {
    match storage()?.get_item(KEY).ok().flatten()?.as_str() {
        "dark" => Some(Theme::Dark),
        "light" => Some(Theme::Light),
        _ => None,
    }
}

fn system() -> Theme {
    let dark = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// Remembers the reader's choice (a sandboxed iframe without storage just forgets it).
pub fn remember(t: Theme) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, t.name());
    }
}

/// Puts `t` on `<html data-theme>`.
pub fn apply(t: Theme) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("data-theme", t.name());
    }
}
