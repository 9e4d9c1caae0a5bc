//! A scenario's JSON text, written by one serializer: compact for share links, pretty for the editor and the
//! "copy JSON" button, and the compact text read back as a `serde_json::Value` for the editor's diff.
//!
//! `serde_json::to_vec`, `to_string_pretty` and `to_value` each instantiate the whole derived `Serialize` of the
//! scenario tree again (about 8 KB of wasm each); one serializer whose formatter is either style keeps one copy.
//! The text is byte for byte what `to_vec` and `to_string_pretty` write (a unit test compares them).

use super::Scenario;
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
        }
    }
}
