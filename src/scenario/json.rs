//! A scenario's JSON text, written by one serializer: compact for share links, pretty for the editor and the
//! "copy JSON" button, and the compact text read back as a `serde_json::Value` for the editor's diff.
//!
//! `serde_json::to_vec`, `to_string_pretty` and `to_value` each instantiate the whole derived `Serialize` of the
//! scenario tree again (about 8 KB of wasm each); one serializer whose formatter is either style keeps one copy.
//! The text is byte for byte what `to_vec` and `to_string_pretty` write (a unit test compares them).

use super::{Action, Scenario};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use std::io;

/// Compact (`to_vec`'s) or pretty (`to_string_pretty`'s: two spaces, one value a line).
enum Style {
    Compact,
    Pretty(PrettyFormatter<'static>),
}

// Only the methods `PrettyFormatter` overrides are routed; every other one is the trait's default, which is also
// what `CompactFormatter` uses.
macro_rules! route {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $name<W: ?Sized + io::Write>(&mut self, w: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            match self {
                Style::Compact => CompactFormatter.$name(w $(, $arg)*),
                Style::Pretty(p) => p.$name(w $(, $arg)*),
            }
        })*
    };
}

impl Formatter for Style {
    route! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        begin_object_value();
        end_object_value();
    }
}

fn write(s: &Scenario, style: Style) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, style);
    match s.serialize(&mut ser) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}

/// `serde_json::to_vec(s)`, or empty if it fails.
pub(crate) fn compact(s: &Scenario) -> Vec<u8> {
    write(s, Style::Compact)
}

/// `serde_json::to_string_pretty(s)`, or empty if it fails.
pub(crate) fn pretty(s: &Scenario) -> String {
    // serde_json writes valid UTF-8.
    String::from_utf8(write(s, Style::Pretty(PrettyFormatter::new()))).unwrap_or_default()
}

/// `serde_json::to_value(s)`: the compact text read back (a scenario has no floats, so the round trip is exact).
pub(crate) fn value(s: &Scenario) -> Option<serde_json::Value> {
    let text = String::from_utf8(compact(s)).ok()?;
    serde_json::from_str(&text).ok()
}

/// `serde_json::to_value(a)` for an action, written by the scenario's writer (the copy of `Action`'s `Serialize` a
/// scenario's text uses) and read back: an action holds no floats, so the round trip is exact.
pub(crate) fn action_value(a: &Action) -> Option<serde_json::Value> {
    let mut out = Vec::with_capacity(64);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Style::Compact);
    a.serialize(&mut ser).ok()?;
    serde_json::from_str(std::str::from_utf8(&out).ok()?).ok()
}

/// `serde_json::from_value::<T>(v.clone())`, the same value or the same error, read by `from_str` instead: for a
/// scenario or an action that is the reader the page has anyway (scenario JSON is text), not a second copy of the
/// derived `Deserialize` for `Value`s (a whole scenario tree's was 32 KB of wasm). `from_str`'s error is
/// `from_value`'s words plus ` at line L column C` (a place in the re-written text, meaningless to the reader),
/// which is taken off.
pub(crate) fn from_value<T: DeserializeOwned>(
    v: &serde_json::Value,
) -> Result<T, serde_json::Error> {
    serde_json::from_str::<T>(&v.to_string()).map_err(|e| {
        let text = e.to_string();
        let at = format!(" at line {} column {}", e.line(), e.column());
        serde::de::Error::custom(text.strip_suffix(&at).unwrap_or(&text))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn same_text_and_value_as_serde_json() {
        for (name, s) in presets::all() {
            assert_eq!(compact(&s), serde_json::to_vec(&s).expect("json"), "{name}");
            assert_eq!(
                pretty(&s),
                serde_json::to_string_pretty(&s).expect("json"),
                "{name}"
            );
            assert_eq!(value(&s), serde_json::to_value(&s).ok(), "{name}");
            for a in &s.actions {
                assert_eq!(
                    action_value(&a.action),
                    serde_json::to_value(&a.action).ok(),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn from_value_reads_as_serde_json_does() {
        use crate::scenario::{Action, Scenario};
        use serde_json::json;
        let good = serde_json::to_value(presets::default_scenario()).expect("json");
        for v in [
            good,
            json!([]),
            json!("x"),
            json!({"seed": "x"}),
            json!({"seed": 1, "nope": true}),
            json!({"seed": 1, "topics": [{"name": "t", "partitions": 1.5}]}),
            json!({"seed": 1, "actions": [{"at_ms": 5, "action": {"type": "nuke"}}]}),
            json!({"seed": 1, "producers": [{"workload": {"keys": {"cycle": {"prefix": 3}}}}]}),
            json!({"seed": 1, "run_ms": -1, "title": "a \"quoted\" line\n"}),
        ] {
            let want = serde_json::from_value::<Scenario>(v.clone()).map_err(|e| e.to_string());
            assert_eq!(
                from_value::<Scenario>(&v).map_err(|e| e.to_string()),
                want,
                "{v}"
            );
        }
        for v in [
            json!({"type": "crash_broker", "broker": 1}),
            json!({"type": "cut_link", "from": "broker-1", "to": "broker-2"}),
            json!({"type": "cut_link", "from": "broker-1", "to": "broker-2", "one_way": "no"}),
            json!({"type": "heal"}),
            json!({"type": "heal", "extra": 1}),
            json!({"type": "crash_broker"}),
            json!({"type": "crash_broker", "broker": -1}),
            json!({"type": "crash_consumer", "consumer": 70000}),
            json!({"type": "crash_broker", "broker": 1, "other": 2}),
            json!({"type": "nuke"}),
            json!({"broker": 1}),
            json!({"type": 5}),
            json!(3),
            json!(null),
            json!([]),
        ] {
            let want = serde_json::from_value::<Action>(v.clone()).map_err(|e| e.to_string());
            assert_eq!(
                from_value::<Action>(&v).map_err(|e| e.to_string()),
                want,
                "{v}"
            );
        }
    }
}
