//! [`Action`]'s `Deserialize`, by hand. The derive of an internally tagged enum (`"type": "crash_broker"` beside
//! the fields) buffers the object in serde's `Content` and instantiates a `Content` reader per variant: 35 KB of the
//! page's wasm. This reads the object as the derive does, in the same steps and order, so it accepts and refuses
//! the same input with the same words (and, inside `serde_json::from_str`, at the same place): the tag (`type`) is
//! read as a variant name where it stands, the other entries are buffered (as `Value`s), and then the variant's
//! fields are read from the buffer in order (unknown, repeated, then wrongly typed fields are refused as they come;
//! missing ones after, in declaration order). Like the derive it also takes the sequence form, the tag first and the
//! fields in order (`["crash_broker", 1]`). `tests` keeps the derive on a twin enum and compares both.

use super::Action;
use serde::de::{self, Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Value};
use std::fmt;

/// A variant: the Rust name (for the derive's `struct variant Action::X` words) and its fields in declaration order.
struct Shape {
    name: &'static str,
    fields: &'static [&'static str],
}

/// In the order of [`Action::KINDS`].
const SHAPES: [Shape; 16] = [
    Shape {
        name: "CrashBroker",
        fields: &["broker"],
    },
    Shape {
        name: "RestartBroker",
        fields: &["broker"],
    },
    Shape {
        name: "ShutdownBroker",
        fields: &["broker"],
    },
    Shape {
        name: "IsolateBroker",
        fields: &["broker"],
    },
    Shape {
        name: "CutLink",
        fields: &["from", "to", "one_way"],
    },
    Shape {
        name: "Heal",
        fields: &[],
    },
    Shape {
        name: "SlowFollower",
        fields: &["broker", "delay_ms"],
    },
    Shape {
        name: "DropProduceResponses",
        fields: &["producer", "count"],
    },
    Shape {
        name: "DelayProduceResponses",
        fields: &["producer", "count", "delay_ms"],
    },
    Shape {
        name: "FailProduces",
        fields: &["broker", "count", "error"],
    },
    Shape {
        name: "CrashConsumer",
        fields: &["consumer"],
    },
    Shape {
        name: "CloseConsumer",
        fields: &["consumer"],
    },
    Shape {
        name: "WakeupConsumer",
        fields: &["consumer"],
    },
    Shape {
        name: "SlowProcessing",
        fields: &["consumer", "ms"],
    },
    Shape {
        name: "PauseConsumer",
        fields: &["consumer", "ms"],
    },
    Shape {
        name: "RestartConsumer",
        fields: &["consumer"],
    },
];

/// Index of the only defaulted field, `CutLink`'s `one_way`.
const CUT_LINK: usize = 4;
const HEAL: usize = 5;

/// The tag's value: an index into [`SHAPES`] (the derive's variant identifier).
struct Kind(usize);

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Kind;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("variant identifier")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
                match usize::try_from(v) {
                    Ok(i) if i < SHAPES.len() => Ok(Kind(i)),
                    _ => Err(E::invalid_value(
                        de::Unexpected::Unsigned(v),
                        &"variant index 0 <= i < 16",
                    )),
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
                match Action::KINDS.iter().position(|k| *k == v) {
                    Some(i) => Ok(Kind(i)),
                    None => Err(E::unknown_variant(v, &Action::KINDS)),
                }
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Kind, E> {
                self.visit_str(&String::from_utf8_lossy(v))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// The object as read: the tag and the other entries in order (repeats kept), or the sequence form's rest.
enum Raw {
    Map(usize, Vec<(String, Value)>),
    Seq(usize, Vec<Value>),
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("internally tagged enum Action")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Raw, S::Error> {
        let Some(Kind(kind)) = seq.next_element::<Kind>()? else {
            return Err(S::Error::missing_field("type"));
        };
        let mut rest = Vec::new();
        while let Some(v) = seq.next_element::<Value>()? {
            rest.push(v);
        }
        Ok(Raw::Seq(kind, rest))
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Raw, M::Error> {
        let mut kind = None;
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            if k == "type" {
                if kind.is_some() {
                    return Err(M::Error::duplicate_field("type"));
                }
                kind = Some(map.next_value::<Kind>()?.0);
            } else {
                entries.push((k, map.next_value::<Value>()?));
            }
        }
        match kind {
            Some(kind) => Ok(Raw::Map(kind, entries)),
            None => Err(M::Error::missing_field("type")),
        }
    }
}

/// One field's value, read to its type.
enum Field {
    Num(u64),
    Text(String),
    Flag(bool),
}

/// Reads `v` as the type of `kind`'s field `i` (the words of a wrong type are the field type's own).
fn field(kind: usize, i: usize, v: Value) -> Result<Field, Error> {
    let name = SHAPES[kind].fields[i];
    Ok(match name {
        "from" | "to" | "error" => Field::Text(serde_json::from_value(v)?),
        "one_way" => Field::Flag(serde_json::from_value(v)?),
        "producer" | "consumer" => Field::Num(u64::from(serde_json::from_value::<u16>(v)?)),
        "broker" | "count" => Field::Num(u64::from(serde_json::from_value::<u32>(v)?)),
        _ => Field::Num(serde_json::from_value::<u64>(v)?),
    })
}

/// The variant's fields, read from the buffer as the derive's variant visitor reads them.
fn fields(kind: usize, raw_entries: RawFields) -> Result<Vec<Option<Field>>, Error> {
    let shape = &SHAPES[kind];
    let mut got: Vec<Option<Field>> = shape.fields.iter().map(|_| None).collect();
    match raw_entries {
        RawFields::Map(entries) => {
            if kind == HEAL {
                // A unit variant ignores whatever else the object holds.
                return Ok(got);
            }
            for (k, v) in entries {
                let Some(i) = shape.fields.iter().position(|f| *f == k) else {
                    return Err(Error::unknown_field(&k, shape.fields));
                };
                if got[i].is_some() {
                    return Err(Error::duplicate_field(shape.fields[i]));
                }
                got[i] = Some(field(kind, i, v)?);
            }
        }
        RawFields::Seq(items) => {
            let total = items.len();
            let mut items = items.into_iter();
            let mut taken = 0;
            if kind != HEAL {
                for (i, slot) in got.iter_mut().enumerate() {
                    match items.next() {
                        Some(v) => {
                            taken += 1;
                            *slot = Some(field(kind, i, v)?);
                        }
                        None if kind == CUT_LINK && i == 2 => {}
                        None => {
                            let n = shape.fields.len();
                            let what = format!(
                                "struct variant Action::{} with {n} element{}",
                                shape.name,
                                if n == 1 { "" } else { "s" }
                            );
                            return Err(Error::invalid_length(i, &what.as_str()));
                        }
                    }
                }
            }
            if total > taken {
                let what = if taken == 1 {
                    "1 element in sequence".to_string()
                } else {
                    format!("{taken} elements in sequence")
                };
                return Err(Error::invalid_length(total, &what.as_str()));
            }
        }
    }
    for (i, slot) in got.iter().enumerate() {
        if slot.is_none() && !(kind == CUT_LINK && i == 2) {
            return Err(Error::missing_field(shape.fields[i]));
        }
    }
    Ok(got)
}

enum RawFields {
    Map(Vec<(String, Value)>),
    Seq(Vec<Value>),
}

/// The fields as read, taken in declaration order.
struct Got(std::vec::IntoIter<Option<Field>>);

// Each value was read to its field's type (a `u16` field as `u16`), so the narrowing below is exact; a field that
// is absent was checked to be the defaulted `one_way`.
impl Got {
    fn num(&mut self) -> u64 {
        match self.0.next().flatten() {
            Some(Field::Num(n)) => n,
            _ => 0,
        }
    }
    fn u16(&mut self) -> u16 {
        self.num() as u16
    }
    fn u32(&mut self) -> u32 {
        self.num() as u32
    }
    fn text(&mut self) -> String {
        match self.0.next().flatten() {
            Some(Field::Text(t)) => t,
            _ => String::new(),
        }
    }
    fn flag(&mut self) -> bool {
        matches!(self.0.next().flatten(), Some(Field::Flag(true)))
    }
}

/// The action of `kind` from its fields (every required one is there: [`fields`] checked).
fn build(kind: usize, got: Vec<Option<Field>>) -> Action {
    let mut g = Got(got.into_iter());
    match kind {
        0 => Action::CrashBroker { broker: g.u32() },
        1 => Action::RestartBroker { broker: g.u32() },
        2 => Action::ShutdownBroker { broker: g.u32() },
        3 => Action::IsolateBroker { broker: g.u32() },
        CUT_LINK => Action::CutLink {
            from: g.text(),
            to: g.text(),
            one_way: g.flag(),
        },
        HEAL => Action::Heal,
        6 => Action::SlowFollower {
            broker: g.u32(),
            delay_ms: g.num(),
        },
        7 => Action::DropProduceResponses {
            producer: g.u16(),
            count: g.u32(),
        },
        8 => Action::DelayProduceResponses {
            producer: g.u16(),
            count: g.u32(),
            delay_ms: g.num(),
        },
        9 => Action::FailProduces {
            broker: g.u32(),
            count: g.u32(),
            error: g.text(),
        },
        10 => Action::CrashConsumer { consumer: g.u16() },
        11 => Action::CloseConsumer { consumer: g.u16() },
        12 => Action::WakeupConsumer { consumer: g.u16() },
        13 => Action::SlowProcessing {
            consumer: g.u16(),
            ms: g.num(),
        },
        14 => Action::PauseConsumer {
            consumer: g.u16(),
            ms: g.num(),
        },
        _ => Action::RestartConsumer { consumer: g.u16() },
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (kind, raw) = match d.deserialize_any(RawVisitor)? {
            Raw::Map(kind, entries) => (kind, RawFields::Map(entries)),
            Raw::Seq(kind, items) => (kind, RawFields::Seq(items)),
        };
        let got = fields(kind, raw).map_err(D::Error::custom)?;
        Ok(build(kind, got))
    }
}
