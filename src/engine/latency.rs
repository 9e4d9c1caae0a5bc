//! End-to-end latency: from `send()` to the moment an application of the group starts processing the record for
//! the first time (the handler is called with it).
//!
//! Models: what Kafka Streams reports as `record-e2e-latency` (KIP-613) and what an operator measures with a
//! timestamp in the record: the time a record spends in the accumulator, in flight, waiting for the high watermark
//! (acks, replication), in the consumer's fetch (`fetch.min.bytes` / `fetch.max.wait.ms`), in the consumer's buffer
//! and in its handler. Folded from the trace, so the CLI report and the page compute the same figures.
//!
//! A record processed again (after a rebalance or a failed commit) counts once per group, at its first processing.
//! Processing is sequential, so a record's handler starts when `poll()` returned it (the first of a batch) or when
//! the previous record's handler returned; with `commit: sync-before-processing` the commit's round trip is not
//! counted.

use super::dense::{at_mut, at_mut_or};
use super::ids::{ConsumerIdx, GroupIdx, RecordId};
use super::time::Instant;
use super::trace::TraceEvent;
use serde::Serialize;

/// Percentiles of one group's end-to-end latency, milliseconds (`null` in JSON when no record was processed).
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq)]
pub struct LatencySummary {
    /// Median, ms.
    pub p50: f64,
    /// 99th percentile, ms.
    pub p99: f64,
    /// Largest, ms.
    pub max: f64,
    /// Records measured (processed at least once by the group).
    pub records: u64,
}

/// Send times and first-processing latencies, folded from the trace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndToEndLatency {
    /// `[producer][send index]` → `send()` time, µs (`u64::MAX`: not sent, e.g. refused by the serializer).
    sent_us: Vec<Vec<u64>>,
    /// By group index, `[producer]` → one bit per send index: processed already.
    seen: Vec<Vec<Vec<u64>>>,
    /// By group index, the latency of each record's first processing, µs, in trace order.
    samples: Vec<Vec<u64>>,
    /// By consumer index: when its application thread last returned from `poll()` or from a record's handler.
    last_step: Vec<Option<Instant>>,
}

impl EndToEndLatency {
    /// Folds one trace event.
    pub fn observe(&mut self, e: &TraceEvent) {
        match e {
            TraceEvent::RecordSent { at, record, .. } => {
                let (p, n) = Self::slot(*record);
                *at_mut_or(at_mut(&mut self.sent_us, p), n, u64::MAX) = at.0;
            }
            TraceEvent::RecordsPolled { at, consumer, .. } => {
                self.step(*consumer, *at);
            }
            TraceEvent::RecordConsumed {
                at,
                consumer,
                group,
                record,
                ..
            } => {
                let started = self.step(*consumer, *at).unwrap_or(*at);
                let (p, n) = Self::slot(*record);
                let Some(&sent) = self.sent_us.get(p).and_then(|v| v.get(n)) else {
                    return;
                };
                if sent == u64::MAX {
                    return;
                }
                let g = group.0 as usize;
                let word = at_mut(at_mut(at_mut(&mut self.seen, g), p), n / 64);
                let mask = 1u64 << (n % 64);
                if *word & mask != 0 {
                    return;
                }
                *word |= mask;
                at_mut(&mut self.samples, g).push(started.0.saturating_sub(sent));
            }
            _ => {}
        }
    }

    /// The consumer's application thread stepped at `at`; when it stepped before.
    fn step(&mut self, c: ConsumerIdx, at: Instant) -> Option<Instant> {
        at_mut(&mut self.last_step, c.0 as usize).replace(at)
    }

    fn slot(r: RecordId) -> (usize, usize) {
        (r.producer().0 as usize, r.send_index() as usize)
    }

    /// The latencies of `group`'s first processings, µs, in the order they happened.
    pub fn samples(&self, group: GroupIdx) -> &[u64] {
        self.samples
            .get(group.0 as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// Records of `group` measured so far.
    pub fn count(&self, group: GroupIdx) -> usize {
        self.samples.get(group.0 as usize).map_or(0, Vec::len)
    }

    /// The group's percentiles (nearest rank), or `None` before it processed a record.
    pub fn summary(&self, group: GroupIdx) -> Option<LatencySummary> {
        let s = self
            .samples
            .get(group.0 as usize)
            .filter(|s| !s.is_empty())?;
        let [p50, p99, max] = nearest_ranks(s.clone(), [0.50, 0.99]);
        Some(LatencySummary {
            p50: p50 as f64 / 1000.0,
            p99: p99 as f64 / 1000.0,
            max: max as f64 / 1000.0,
            records: s.len() as u64,
        })
    }
}

/// The nearest-rank `q[0]` and `q[1]` percentiles (`q[0] <= q[1]`) of a non-empty list, and its largest value.
/// Two selections and one pass, not a sort: the page asks again as a run's samples grow, and the report once over
/// every record (a sort was 2.5 % of a 600,000-record run).
fn nearest_ranks(mut v: Vec<u64>, q: [f64; 2]) -> [u64; 3] {
    let n = v.len();
    let rank = |q: f64| ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
    let (lo, hi) = (rank(q[0]), rank(q[1]));
    // After this, everything before `hi` is at most `v[hi]` and everything after is at least.
    let (below, &mut at_hi, above) = v.select_nth_unstable(hi);
    let max = above.iter().copied().max().unwrap_or(at_hi);
    let at_lo = if lo < hi {
        *below.select_nth_unstable(lo).1
    } else {
        at_hi
    };
    [at_lo, at_hi, max]
}

#[cfg(test)]
mod tests {
    //! Goal: latency runs from send() to the first processing per group; a second processing does not count.
    use super::*;
    use crate::engine::ids::{ProducerIdx, TopicIdx, TopicPartition};

    fn sent(n: u64, at_us: u64) -> TraceEvent {
        TraceEvent::RecordSent {
            at: Instant(at_us),
            record: RecordId::new(ProducerIdx(1), n),
            tp: TopicPartition {
                topic: TopicIdx(0),
                partition: 0,
            },
            reason: crate::engine::trace::PartitionReason::Explicit,
            key: None,
            size_bytes: 80,
            key_bytes: None,
            value_bytes: 10,
        }
    }

    fn consumed(n: u64, group: u16, at_us: u64) -> TraceEvent {
        TraceEvent::RecordConsumed {
            at: Instant(at_us),
            consumer: ConsumerIdx(0),
            group: GroupIdx(group),
            tp: TopicPartition {
                topic: TopicIdx(0),
                partition: 0,
            },
            offset: n,
            record: RecordId::new(ProducerIdx(1), n),
        }
    }

    fn polled_at(at_us: u64) -> TraceEvent {
        TraceEvent::RecordsPolled {
            at: Instant(at_us),
            consumer: ConsumerIdx(0),
            records: Vec::new(),
        }
    }

    #[test]
    fn first_processing_per_group() {
        let mut l = EndToEndLatency::default();
        assert_eq!(l.summary(GroupIdx(0)), None);
        for n in 0..100 {
            l.observe(&sent(n, n * 1000));
        }
        for n in 0..100 {
            // Record n is returned by poll() (n + 1) ms after its send and processed for 7 ms.
            let polled = n * 1000 + (n + 1) * 1000;
            l.observe(&polled_at(polled));
            l.observe(&consumed(n, 0, polled + 7000));
        }
        // Processed again much later: does not count.
        l.observe(&polled_at(8_000_000));
        l.observe(&consumed(5, 0, 9_000_000));
        // Group 1: a poll returns records 5 and 6; 6 starts when 5's handler returns, 2.5 ms later.
        l.observe(&polled_at(9_000_000 + 5_000));
        l.observe(&consumed(5, 1, 9_000_000 + 7_500));
        l.observe(&consumed(6, 1, 9_000_000 + 10_000));
        let s = l.summary(GroupIdx(0)).expect("measured");
        assert_eq!((s.p50, s.p99, s.max, s.records), (50.0, 99.0, 100.0, 100));
        let s1 = l.summary(GroupIdx(1)).expect("measured");
        // Record 5 was sent at 5 ms, record 6 at 6 ms.
        assert_eq!((s1.p50, s1.max, s1.records), (9_000.0, 9_001.5, 2));
        // A record consumed without a RecordSent (unknown send time) is ignored.
        l.observe(&consumed(500, 2, 1));
        assert_eq!(l.summary(GroupIdx(2)), None);
    }

    proptest::proptest! {
        /// The selections give what sorting and indexing gives, duplicates and one-element lists included.
        #[test]
        fn nearest_ranks_match_a_sort(v in proptest::collection::vec(0u64..50, 1..300)) {
            let mut sorted = v.clone();
            sorted.sort_unstable();
            let at = |q: f64| sorted[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
            let want = [at(0.5), at(0.99), sorted[v.len() - 1]];
            proptest::prop_assert_eq!(nearest_ranks(v, [0.5, 0.99]), want);
        }
    }
}
