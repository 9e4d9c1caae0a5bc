//! The embed API's browser side: listens to `message` events, reads them with [`protocol::parse`] (a message that
//! is not ours is dropped here), and posts answers and events back. What each request does to the run is the run
//! host's (`sim_host/embed.rs`).
//!
//! Nothing received is ever evaluated: a message is turned into JSON text by the browser and read as data by
//! `serde_json`; answers go out as plain objects made by serde-wasm-bindgen.

pub mod protocol;

use gloo::events::EventListener;
use protocol::Incoming;
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};

/// One message of ours, with where it came from (to check and to answer).
#[derive(Clone, Debug)]
pub struct Received {
    /// The sender's origin (`MessageEvent.origin`).
    pub origin: String,
    /// The sender's window (`MessageEvent.source`), to answer it.
    pub source: JsValue,
    /// What it said.
    pub incoming: Incoming,
}

/// Listens to the window's `message` events and hands ours to `f`.
///
/// The tag is read first, so another script's message costs nothing; ours is turned into text by the browser's
/// `JSON.stringify` (a cycle or a function fails there) and parsed by `serde_json`, whose depth limit refuses a
/// hostile nesting before it can exhaust the wasm stack.
pub fn listen(f: impl Fn(Received) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "message", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        let data = e.data();
        let tag = data
            .is_object()
            .then(|| js_sys::Reflect::get(&data, &JsValue::from_str(protocol::TAG)).ok())
            .flatten()
            .and_then(|t| t.as_f64());
        if tag != Some(1.0) {
            return;
        }
        let incoming = match js_sys::JSON::stringify(&data) {
            Ok(text) => protocol::parse_text(&String::from(text)),
            Err(_) => Incoming::Bad {
                id: Value::Null,
                error: "the message is not JSON data (a cycle, a function or a DOM node?)".into(),
            },
        };
        let source = e.source().map(JsValue::from).unwrap_or(JsValue::NULL);
        f(Received {
            origin: e.origin(),
            source,
            incoming,
        });
    }))
}

/// A JSON value as a plain JS object (maps as objects, as `JSON.parse` would give).
fn to_js(v: &Value) -> Option<JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()
}

/// Posts `v` to the window `target` for `origin` (`"*"`: any).
pub fn post(target: &JsValue, v: &Value, origin: &str) {
    // A cross-origin window is not `instanceof Window` in this realm, so it cannot be checked, only used.
    let Some(js) = to_js(v).filter(|_| target.is_object()) else {
        return;
    };
    let _ = target
        .unchecked_ref::<web_sys::Window>()
        .post_message(&js, origin);
}

/// Posts `v` to the page that embeds this one (nothing when not embedded).
pub fn post_parent(v: &Value) {
    let Some(w) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = w.parent() else {
        return;
    };
    if parent == w {
        return;
    }
    post(&parent.into(), v, "*");
}

/// The playground's height (CSS px), for `resize`: its own box, not the document's, which is never less than the
/// iframe and would only ever grow.
pub fn content_height() -> Option<i32> {
    let el = web_sys::window()?
        .document()?
        .query_selector("[data-testid=playground]")
        .ok()??;
    Some(el.scroll_height())
}

/// Calls `f` once, the first time `selector`'s element is on screen (an `IntersectionObserver`); dropped, it stops.
pub struct Visibility {
    observer: web_sys::IntersectionObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Visibility {
    /// Watches the first element matching `selector`; `None` if there is none or no observer.
    pub fn once(selector: &str, f: impl FnOnce() + 'static) -> Option<Visibility> {
        let el = web_sys::window()?
            .document()?
            .query_selector(selector)
            .ok()??;
        let mut f = Some(f);
        let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
            move |entries: js_sys::Array| {
                let seen = entries.iter().any(|e| {
                    e.dyn_into::<web_sys::IntersectionObserverEntry>()
                        .is_ok_and(|e| e.is_intersecting())
                });
                if seen {
                    if let Some(f) = f.take() {
                        f();
                    }
                }
            },
        );
        let observer =
            web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&el);
        Some(Visibility {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for Visibility {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
