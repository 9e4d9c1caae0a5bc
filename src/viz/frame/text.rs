//! How numbers read on the page: virtual time, byte sizes, latencies, countdowns, and lists that must fit a card.
//!
//! Models: the units Kafka's own tools print (`batch.size` in bytes / KiB, latencies in ms), chosen so a person
//! reads them at a glance.
//!
//! Simplifications: fixed precision per range, no locale.

use crate::engine::time::Instant;
pub use crate::i18n::fill;
use crate::i18n::t;

/// A virtual time in seconds with millisecond digits: `6.000 s`.
pub fn seconds(t: Instant) -> String {
    format!("{}.{:03} s", t.0 / 1_000_000, (t.0 / 1000) % 1000)
}

/// "record #3 of producer-0" (the number is the record's place in its producer's send order, from 0).
pub fn record_name(r: crate::engine::ids::RecordId) -> String {
    fill(
        t("viz.record.name"),
        &[("n", &r.send_index()), ("producer", &r.producer().0)],
    )
}

/// Bytes with a unit.
pub fn bytes(n: u64) -> String {
    if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KiB", n / 1024)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

/// A latency in ms, with one decimal below 100 ms: `4.1 ms`, `512 ms`.
pub fn latency_ms(ms: f64) -> String {
    if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// Seconds or milliseconds, as a person reads a countdown: "850 ms", "8.2 s", "41 s".
pub fn countdown(ms: u64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 10_000 {
        format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
    } else {
        format!("{} s", ms / 1000)
    }
}

/// Joins items while the text stays within `max_chars` characters (at least one item), then "+N" for the rest, so a
/// line fits its card.
pub fn fit_list(items: Vec<String>, max_chars: usize) -> String {
    let n = items.len();
    let mut s = String::new();
    let mut shown = 0;
    for it in items {
        let extra = if shown == 0 { 0 } else { 2 };
        if shown > 0 && s.chars().count() + extra + it.chars().count() > max_chars {
            break;
        }
        if shown > 0 {
            s.push_str(", ");
        }
        s.push_str(&it);
        shown += 1;
    }
    if n > shown {
        s.push_str(&format!(" +{}", n - shown));
    }
    s
}
