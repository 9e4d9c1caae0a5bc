//! The postMessage API's messages (docs/embed.md): what a host page may ask, how it is read and checked, and the
//! shapes of the answers and events. Pure data and `serde_json` values, so every rule here is tested natively; the
//! browser glue is in [`super`].
//!
//! A message is for us when it carries `kafkaPlayground: 1`; anything else is ignored (another script's message).
//! Ours must have an `id` (a number or a string) and a `type`; a bad one is answered with an error naming what is
//! wrong, never acted on. Requests that change the run are acted on only from the origin named by `origin=` in the
//! playground's fragment; reading (state, report, events) is open to any origin.

use crate::scenario::action::Action;
use crate::scenario::{json, Scenario};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The tag every message of the protocol carries (`kafkaPlayground: 1`).
pub const TAG: &str = "kafkaPlayground";

/// The request types, as the host names them.
pub const TYPES: [&str; 11] = [
    "play",
    "pause",
    "step",
    "seek",
    "load",
    "apply",
    "intervene",
    "getState",
    "getReport",
    "subscribe",
    "unsubscribe",
];

/// What a host asks. Read by [`command_of`], by hand: a derived `Deserialize` of this internally tagged enum
/// buffers the message through serde's `Content` and was 17 KB of the page's wasm. Tests keep the derive and check
/// that both read every message alike, errors included.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    test,
    derive(Deserialize),
    serde(tag = "type", rename_all = "camelCase")
)]
pub enum Command {
    /// Play from the instant shown.
    Play,
    /// Pause.
    Pause,
    /// One event that changes the picture forward (or back), then pause.
    Step {
        /// Step back instead.
        #[cfg_attr(test, serde(default))]
        back: bool,
    },
    /// Go to this virtual time, ms.
    Seek {
        /// Virtual time, ms (at least 0; past the end means the end).
        t_ms: f64,
    },
    /// Run another scenario: a preset, a fragment of the playground's own links, or a scenario object.
    Load(Load),
    /// Run the current scenario again with config edits (`producers.acks=all`, as "Compare with…" takes them).
    Apply {
        /// One `scope.key=value` per entry.
        edits: Vec<String>,
    },
    /// An intervention at the instant shown (as the broker menu makes them).
    Intervene {
        /// The action, as in a scenario's `actions[].action`.
        action: Action,
    },
    /// The run's instant, state and address.
    GetState,
    /// The CLI's JSON report for the run stopped at the instant shown.
    GetReport,
    /// Send these events from now on.
    Subscribe {
        /// Event names.
        events: Vec<EventKind>,
    },
    /// Stop sending these events.
    Unsubscribe {
        /// Event names.
        events: Vec<EventKind>,
    },
}

/// What to load: exactly one of the three.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct Load {
    /// A preset's name.
    #[cfg_attr(test, serde(default))]
    pub preset: Option<String>,
    /// A fragment of a playground link (`preset=quickstart&t=500`, `s=…`), without `#`.
    #[cfg_attr(test, serde(default))]
    pub fragment: Option<String>,
    /// A whole scenario (the JSON the editor exports).
    #[cfg_attr(test, serde(default))]
    pub scenario: Option<Box<Scenario>>,
}

/// The events a host may subscribe to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    /// The instant shown and whether it plays: at most four a second while playing, and after every seek.
    Time,
    /// The run's trace events, in batches (an array per message).
    TraceEvent,
    /// The guarantees ledger's counts, when they change.
    Ledger,
    /// The run reached its end.
    Ended,
}

impl EventKind {
    /// The name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Time => "time",
            EventKind::TraceEvent => "traceEvent",
            EventKind::Ledger => "ledger",
            EventKind::Ended => "ended",
        }
    }
}

impl Command {
    /// Changes the run (only the origin named by `origin=` may send it).
    pub fn changes_run(&self) -> bool {
        !matches!(
            self,
            Command::GetState
                | Command::GetReport
                | Command::Subscribe { .. }
                | Command::Unsubscribe { .. }
        )
    }
}

/// One message, read.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// Not a message of this protocol: ignored, no answer.
    NotOurs,
    /// Ours but malformed: answered with this error, nothing done.
    Bad {
        /// The message's id if it had a usable one, else `null`.
        id: Value,
        /// What is wrong.
        error: String,
    },
    /// A request to act on.
    Request {
        /// The id to answer with.
        id: Value,
        /// What it asks.
        command: Command,
    },
}

/// The largest message read, in bytes of JSON (a whole scenario is a few KB).
pub const MAX_MESSAGE_BYTES: usize = 1 << 20;

/// Reads one message given as JSON text (what the browser's `JSON.stringify` made of it).
pub fn parse_text(text: &str) -> Incoming {
    if text.len() > MAX_MESSAGE_BYTES {
        return bad(
            Value::Null,
            format!("the message is over {MAX_MESSAGE_BYTES} bytes of JSON"),
        );
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => parse(&v),
        Err(e) => bad(
            Value::Null,
            format!("the message could not be read as JSON: {e}"),
        ),
    }
}

/// Reads one message's data.
pub fn parse(data: &Value) -> Incoming {
    // JS numbers may arrive as floats: 1 and 1.0 are the same tag.
    if data.get(TAG).and_then(Value::as_f64) != Some(1.0) {
        return Incoming::NotOurs;
    }
    let id = match data.get("id") {
        Some(v @ (Value::Number(_) | Value::String(_))) => v.clone(),
        Some(_) => {
            return bad(Value::Null, "`id` must be a number or a string".into());
        }
        None => return bad(Value::Null, "`id` is missing (a number or a string)".into()),
    };
    let Some(kind) = data.get("type").and_then(Value::as_str) else {
        return bad(
            id,
            format!(
                "`type` is missing or not a string: one of {}",
                TYPES.join(", ")
            ),
        );
    };
    if !TYPES.contains(&kind) {
        return bad(
            id,
            format!("unknown type `{kind}`: one of {}", TYPES.join(", ")),
        );
    }
    if kind == "seek" && !data.get("t_ms").is_some_and(Value::is_number) {
        return bad(id, "`seek` needs `t_ms`, a number of ms".into());
    }
    let command = match command_of(kind, data) {
        Ok(c) => c,
        Err(e) => return bad(id, format!("bad `{kind}` message: {e}")),
    };
    match &command {
        Command::Seek { t_ms } if !t_ms.is_finite() || *t_ms < 0.0 => {
            return bad(
                id,
                format!("`t_ms` must be a finite number ≥ 0, got {t_ms}"),
            );
        }
        Command::Load(l) => {
            let given = [
                l.preset.is_some(),
                l.fragment.is_some(),
                l.scenario.is_some(),
            ];
            if given.iter().filter(|g| **g).count() != 1 {
                return bad(
                    id,
                    "`load` takes exactly one of `preset`, `fragment` or `scenario`".into(),
                );
            }
        }
        _ => {}
    }
    Incoming::Request { id, command }
}

/// The command of a message whose `type` is `kind` (one of [`TYPES`]), read as the derived `Deserialize` of an
/// internally tagged `Command` would: other keys are ignored, a missing field of a struct variant is an error, and of
/// several bad fields the first in key order (`serde_json`'s maps are sorted) is the one reported.
fn command_of(kind: &str, data: &Value) -> Result<Command, serde_json::Error> {
    fn field<T: DeserializeOwned>(
        data: &Value,
        key: &'static str,
    ) -> Result<Option<T>, serde_json::Error> {
        data.get(key)
            .map(|v| serde_json::from_value(v.clone()))
            .transpose()
    }
    fn required<T: DeserializeOwned>(
        data: &Value,
        key: &'static str,
    ) -> Result<T, serde_json::Error> {
        field(data, key)?.ok_or_else(|| serde::de::Error::missing_field(key))
    }
    Ok(match kind {
        "play" => Command::Play,
        "pause" => Command::Pause,
        "step" => Command::Step {
            back: field(data, "back")?.unwrap_or(false),
        },
        "seek" => Command::Seek {
            t_ms: required(data, "t_ms")?,
        },
        "load" => {
            // Key order: fragment, preset, scenario. `null` is `None`, as for a derived `Option` field.
            let fragment = field::<Option<String>>(data, "fragment")?.flatten();
            let preset = field::<Option<String>>(data, "preset")?.flatten();
            let scenario = match data.get("scenario") {
                None | Some(Value::Null) => None,
                // Read as the page reads every scenario's text (`json::from_value`: one reader in the wasm).
                Some(v) => Some(Box::new(json::from_value::<Scenario>(v)?)),
            };
            Command::Load(Load {
                preset,
                fragment,
                scenario,
            })
        }
        "apply" => Command::Apply {
            edits: required(data, "edits")?,
        },
        "intervene" => Command::Intervene {
            action: match data.get("action") {
                Some(v) => json::from_value::<Action>(v)?,
                None => return Err(serde::de::Error::missing_field("action")),
            },
        },
        "getState" => Command::GetState,
        "getReport" => Command::GetReport,
        "subscribe" => Command::Subscribe {
            events: required(data, "events")?,
        },
        "unsubscribe" => Command::Unsubscribe {
            events: required(data, "events")?,
        },
        _ => return Err(serde::de::Error::unknown_variant(kind, &TYPES)),
    })
}

fn bad(id: Value, error: String) -> Incoming {
    Incoming::Bad { id, error }
}

/// May a message from `origin` do this? `allowed` is the `origin=` of the playground's fragment.
pub fn permitted(command: &Command, origin: &str, allowed: Option<&str>) -> Result<(), String> {
    if !command.changes_run() {
        return Ok(());
    }
    match allowed {
        // Every sandboxed frame and data: page has the opaque origin "null": naming it would let any of them in.
        _ if origin == "null" => Err(
            "an opaque origin (null: a sandboxed frame, a data: or file: page) may read this playground but not change it"
                .into(),
        ),
        Some(a) if a == origin => Ok(()),
        Some(a) => Err(format!(
            "origin {origin} may read this playground but not change it: only {a} may (origin= in its address)"
        )),
        None => Err(format!(
            "origin {origin} may read this playground but not change it: its address names no origin= that may"
        )),
    }
}

/// A successful answer.
pub fn reply_ok(id: &Value, result: Value) -> Value {
    json!({ TAG: 1, "id": id, "ok": true, "result": result })
}

/// A refusal.
pub fn reply_err(id: &Value, error: &str) -> Value {
    json!({ TAG: 1, "id": id, "ok": false, "error": error })
}

/// An event (`ready`, `resize`, or a subscribed one).
pub fn event(name: &str, data: Value) -> Value {
    json!({ TAG: 1, "event": name, "data": data })
}

#[cfg(test)]
#[path = "protocol_tests.rs"]
mod tests;
