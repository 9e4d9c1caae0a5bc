//! Bad input never panics. Goal: every input the page or the CLI can be handed — a URL fragment, a scenario JSON, a
//! config property map — is either accepted (and then builds a `Sim` that runs) or refused with a clear error.
//! Method: generated and mutated inputs from a seeded stream (so a failure names the case that replays it):
//! - fragments: random text, and presets' `#s=` links with bytes flipped, inserted, deleted, truncated;
//! - scenario JSON: presets' JSON with numbers swapped for extremes, strings for junk, fields dropped or duplicated;
//! - properties: every known producer / consumer / broker / topic key with hostile values.
//!
//! `FUZZ_CASES` (default 2,000 per target) sets the number of inputs; `FUZZ_SEED` the stream. Each accepted scenario
//! is also run for a short while (`Sim::step` × 200), since an accepted scenario must be runnable.
//! Kafka: ConfigDef validation (ConfigException: "Invalid value X for configuration K: ...").

use kafka_playground::engine::rng::SimRng;
use kafka_playground::engine::Sim;
use kafka_playground::scenario::config::{
    BrokerConfig, ConsumerConfig, ProducerConfig, Props, TopicConfig,
};
use kafka_playground::scenario::{codec, presets, Scenario};
use std::panic::{catch_unwind, AssertUnwindSafe};

fn cases() -> u64 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

fn rng(target: u64) -> SimRng {
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    SimRng::derive(seed, target)
}

const JUNK: &[&str] = &[
    "",
    " ",
    "-1",
    "0",
    "1",
    "-0",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551616",
    "1e9",
    "NaN",
    "inf",
    "0x10",
    "true",
    "false",
    "TRUE",
    "null",
    "all",
    "-1.5",
    "5.5",
    "abc",
    "\u{0}",
    "🙂",
    "\"",
    "\\",
    "#s=",
    "%",
    "a,b,,c",
    "range,,",
    "1 000",
];

fn pick<'a>(r: &mut SimRng, xs: &[&'a str]) -> &'a str {
    xs[r.below(xs.len() as u64) as usize]
}

/// Runs `f` on `input`; a panic fails the test with the input that caused it.
fn no_panic(what: &str, case: u64, input: &str, f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        panic!("{what} case {case} panicked on input: {input:?}");
    }
}

/// An accepted scenario builds a Sim (or is refused by it with an error) and runs a few hundred events.
fn exercise(s: &Scenario) {
    match Sim::new(s) {
        Ok(mut sim) => {
            for _ in 0..200 {
                if sim.step().is_none() {
                    break;
                }
            }
        }
        Err(e) => assert!(!e.to_string().trim().is_empty(), "an empty error"),
    }
}

fn mutate_text(r: &mut SimRng, s: &str) -> String {
    let mut b: Vec<char> = s.chars().collect();
    for _ in 0..1 + r.below(4) {
        if b.is_empty() {
            b.push('x');
        }
        let i = r.below(b.len() as u64) as usize;
        match r.below(5) {
            0 => b[i] = char::from(r.below(128) as u8),
            1 => b.insert(i, char::from(r.below(128) as u8)),
            2 => {
                b.remove(i);
            }
            3 => b.truncate(i),
            _ => {
                let j = r.below(b.len() as u64) as usize;
                b.swap(i, j)
            }
        }
    }
    b.into_iter().collect()
}

#[test]
fn url_fragments_never_panic() {
    let mut r = rng(1);
    let links: Vec<String> = presets::all()
        .iter()
        .map(|(_, s)| format!("#s={}", codec::encode(s)))
        .chain(
            presets::names()
                .iter()
                .map(|n| format!("#preset={n}&t=1200&speed=2")),
        )
        .collect();
    let (mut accepted, mut refused) = (0u64, 0u64);
    for case in 0..cases() {
        let input = match r.below(3) {
            0 => {
                let len = r.below(80) as usize;
                (0..len)
                    .map(|_| char::from(32 + r.below(95) as u8))
                    .collect::<String>()
            }
            1 => {
                format!(
                    "#{}",
                    pick(
                        &mut r,
                        &["s=1.", "s=", "preset=", "s=2.", "s=1.AAAA", "t=", "speed=0"]
                    )
                ) + pick(&mut r, JUNK)
            }
            _ => {
                let k = r.below(links.len() as u64) as usize;
                mutate_text(&mut r, &links[k])
            }
        };
        no_panic("fragment", case, &input, || {
            match codec::parse_fragment(&input) {
                Ok((Some(s), _)) => {
                    accepted += 1;
                    exercise(&s)
                }
                Ok((None, _)) => accepted += 1,
                Err(e) => {
                    refused += 1;
                    assert!(
                        !e.to_string().trim().is_empty(),
                        "empty error for {input:?}"
                    );
                }
            }
        });
    }
    eprintln!(
        "fragments: {} inputs, {accepted} accepted, {refused} refused",
        cases()
    );
}

fn mutate_json(r: &mut SimRng, v: &mut serde_json::Value, depth: u32) {
    use serde_json::Value;
    match v {
        Value::Object(m) if !m.is_empty() => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = keys[r.below(keys.len() as u64) as usize].clone();
            match r.below(6) {
                0 => {
                    m.remove(&k);
                }
                1 => {
                    m.insert(format!("{k}_x"), Value::from(1));
                }
                _ => {
                    if let Some(child) = m.get_mut(&k) {
                        mutate_json(r, child, depth + 1)
                    }
                }
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let i = r.below(a.len() as u64) as usize;
            match r.below(5) {
                0 => {
                    a.remove(i);
                }
                1 => {
                    let dup = a[i].clone();
                    for _ in 0..r.below(40) {
                        a.push(dup.clone());
                    }
                }
                _ => mutate_json(r, &mut a[i], depth + 1),
            }
        }
        Value::Number(_) => {
            *v = match r.below(7) {
                0 => Value::from(0),
                1 => Value::from(-1),
                2 => Value::from(u64::MAX),
                3 => Value::from(i64::MIN),
                4 => Value::from(1.5),
                5 => Value::from(r.below(1 << 40)),
                _ => Value::from(r.below(100)),
            }
        }
        Value::String(_) => *v = Value::from(pick(r, JUNK)),
        Value::Bool(b) => *b = !*b,
        _ => {
            if depth < 2 {
                *v = Value::from(pick(r, JUNK));
            }
        }
    }
}

#[test]
fn scenario_json_never_panics() {
    let mut r = rng(2);
    let bases: Vec<serde_json::Value> = presets::all()
        .iter()
        .map(|(_, s)| serde_json::from_str(&s.to_json()).expect("preset JSON"))
        .collect();
    let (mut accepted, mut refused) = (0u64, 0u64);
    for case in 0..cases() {
        let mut v = bases[r.below(bases.len() as u64) as usize].clone();
        for _ in 0..1 + r.below(3) {
            mutate_json(&mut r, &mut v, 0);
        }
        let text = if r.below(8) == 0 {
            mutate_text(&mut r, &v.to_string())
        } else {
            v.to_string()
        };
        no_panic("scenario JSON", case, &text, || {
            match Scenario::from_json(&text) {
                Ok(s) => {
                    accepted += 1;
                    exercise(&s);
                }
                Err(e) => {
                    refused += 1;
                    assert!(!e.to_string().trim().is_empty(), "empty error for {text}");
                }
            }
        });
    }
    eprintln!(
        "scenario JSON: {} inputs, {accepted} accepted, {refused} refused",
        cases()
    );
}

const PRODUCER_KEYS: &[&str] = &[
    "acks",
    "batch.size",
    "linger.ms",
    "buffer.memory",
    "max.block.ms",
    "retries",
    "retry.backoff.ms",
    "retry.backoff.max.ms",
    "delivery.timeout.ms",
    "request.timeout.ms",
    "max.in.flight.requests.per.connection",
    "enable.idempotence",
    "max.request.size",
    "partitioner.class",
    "partitioner.adaptive.partitioning.enable",
    "partitioner.availability.timeout.ms",
    "partitioner.ignore.keys",
    "compression.type",
    "key.serializer",
    "value.serializer",
    "metadata.max.age.ms",
    "client.id",
    "no.such.key",
];
const CONSUMER_KEYS: &[&str] = &[
    "fetch.min.bytes",
    "fetch.max.wait.ms",
    "fetch.max.bytes",
    "max.partition.fetch.bytes",
    "max.poll.records",
    "enable.auto.commit",
    "auto.commit.interval.ms",
    "auto.offset.reset",
    "session.timeout.ms",
    "heartbeat.interval.ms",
    "max.poll.interval.ms",
    "partition.assignment.strategy",
    "group.instance.id",
    "request.timeout.ms",
    "retry.backoff.ms",
    "default.api.timeout.ms",
    "isolation.level",
    "group.protocol",
];
const BROKER_KEYS: &[&str] = &[
    "min.insync.replicas",
    "replica.lag.time.max.ms",
    "unclean.leader.election.enable",
    "message.max.bytes",
    "replica.fetch.wait.max.ms",
    "replica.fetch.min.bytes",
    "replica.fetch.max.bytes",
    "replica.fetch.backoff.ms",
    "broker.session.timeout.ms",
    "broker.heartbeat.interval.ms",
    "group.initial.rebalance.delay.ms",
    "group.min.session.timeout.ms",
    "group.max.session.timeout.ms",
    "offsets.topic.num.partitions",
];

#[test]
fn config_properties_never_panic_and_name_the_key() {
    let mut r = rng(3);
    let (mut accepted, mut refused) = (0u64, 0u64);
    for case in 0..cases() {
        let which = r.below(4);
        let keys = match which {
            0 => PRODUCER_KEYS,
            1 => CONSUMER_KEYS,
            _ => BROKER_KEYS,
        };
        let mut props = Props::new();
        for _ in 0..1 + r.below(4) {
            let value = if r.below(3) == 0 {
                r.below(u64::MAX).to_string()
            } else {
                pick(&mut r, JUNK).to_string()
            };
            props.insert(pick(&mut r, keys).to_string(), value);
        }
        let input = format!("{props:?}");
        no_panic("properties", case, &input, || {
            let result = match which {
                0 => ProducerConfig::parse(&props).map(|_| ()),
                1 => ConsumerConfig::parse(&props).map(|_| ()),
                2 => BrokerConfig::parse(&props).map(|_| ()),
                _ => BrokerConfig::parse(&Props::new())
                    .and_then(|(b, _)| TopicConfig::parse(&props, &b, "orders"))
                    .map(|_| ()),
            };
            match result {
                Ok(()) => accepted += 1,
                Err(e) => {
                    refused += 1;
                    let msg = e.to_string();
                    // ConfigException names the key, like "Invalid value -1 for configuration linger.ms: ...".
                    assert!(
                        props.keys().any(|k| msg.contains(k.as_str())),
                        "the error names no key of {input}: {msg}"
                    );
                }
            }
        });
    }
    eprintln!(
        "properties: {} inputs, {accepted} accepted, {refused} refused",
        cases()
    );
}
