//! Files served beside the page and fetched only when wanted, so that most visitors never download them: the Korean
//! catalogue (`ko.txt`, see `ui/language.rs`). Trunk copies it into `dist/` (index.html); native builds have it
//! compiled in instead (`i18n`).
//!
//! A fetch that fails (offline, a 404) answers with why, in English, naming the file; nothing here panics.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Fetches `path` (relative to the page) and hands `done` its text, or why not (`ko.txt: HTTP 404 File not found`).
pub fn text(path: String, done: impl FnOnce(Result<String, String>) + 'static) {
    wasm_bindgen_futures::spawn_local(async move {
        done(get(&path).await.map_err(|why| format!("{path}: {why}")));
    });
}

async fn get(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(why)?
        .dyn_into()
        .map_err(why)?;
    if !response.ok() {
        return Err(format!(
            "HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = JsFuture::from(response.text().map_err(why)?)
        .await
        .map_err(why)?;
    text.as_string().ok_or_else(|| "not text".to_string())
}

/// A rejected promise's reason, as words (`TypeError: Failed to fetch`).
fn why(e: JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => String::from(err.to_string()),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}
