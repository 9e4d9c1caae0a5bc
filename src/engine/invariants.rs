//! Invariants checked after every event in tests (`Sim::check`), and the runaway guard.
//!
//! Models: the guarantees Kafka documents (replication design, consumer group protocol) as checkable properties:
//! HW ≤ LEO on every replica; a leader's HW never goes back within its epoch; at most one leader per partition per
//! epoch; ISR replicas agree below the HW; within a generation each partition has at most one owner; committed
//! offsets never go backwards; a consumer sees a partition in offset order and never above the HW; each record takes
//! exactly `processing_ms` of the application thread; no parked fetch or produce could be answered now.
//!
//! Where Kafka itself allows more: the coordinator accepts any offset a current member commits, so a real application
//! that `seek()`s back can move its committed offset backwards. The simulated applications never seek, so here a
//! backwards commit can only come from a consumer bug (e.g. a stale position kept after its partitions were lost).

use super::broker::Role;
use super::ids::*;
use super::partition_map::PartitionMap;
use super::time::{Duration, Instant};
use super::trace::{ConsumerLifecycle, TraceEvent};
use super::Sim;
use std::collections::BTreeMap;
use std::fmt;

/// A broken invariant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which invariant.
    pub invariant: &'static str,
    /// When.
    pub at: Instant,
    /// What exactly.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invariant '{}' violated at {}: {}",
            self.invariant, self.at, self.detail
        )
    }
}

/// Watches the trace for history-dependent invariants.
#[derive(Clone, Debug, Default)]
pub struct Monitor {
    violation: Option<Violation>,
    stopped: bool,
    leader_epochs: BTreeMap<TopicPartition, LeaderEpoch>,
    committed: BTreeMap<(GroupIdx, TopicPartition), u64>,
    /// By consumer index: the offset last polled from each partition.
    last_polled: Vec<PartitionMap<u64>>,
    max_hw: PartitionMap<u64>,
    /// `processing_ms` per consumer.
    processing: Vec<Duration>,
    /// By consumer index: the records of the last poll still to be processed, and when the last one finished.
    batches: Vec<Option<PollBatch>>,
    /// By consumer index: the latest instant a slow handler or a pause holds its application thread until.
    stalled_until: Vec<Option<Instant>>,
}

#[derive(Clone, Debug)]
struct PollBatch {
    remaining: usize,
    since: Instant,
    first: bool,
}

impl Monitor {
    /// A monitor for consumers with these per-record processing times.
    pub fn new(processing: Vec<Duration>) -> Monitor {
        Monitor {
            processing,
            ..Monitor::default()
        }
    }

    /// The application thread processes one record after another, each taking exactly `processing_ms` (the
    /// Java consumer's `poll()` returns records to one thread; fetch responses and commit callbacks never cut a
    /// record's processing short). A slow handler or a pause stretches a record to the end of the stall. The first
    /// record of a batch may start later (a commit before processing), never earlier.
    fn record_processed(&mut self, at: Instant, consumer: ConsumerIdx) {
        let Some(b) = by_consumer(&mut self.batches, consumer).as_mut() else {
            return;
        };
        let p = self
            .processing
            .get(consumer.0 as usize)
            .copied()
            .unwrap_or(Duration::ZERO);
        let mut expected = b.since + p;
        if let Some(Some(until)) = self.stalled_until.get(consumer.0 as usize) {
            if *until > b.since {
                expected = expected.max(*until);
            }
        }
        let (since, first) = (b.since, b.first);
        b.remaining = b.remaining.saturating_sub(1);
        b.since = at;
        b.first = false;
        if b.remaining == 0 {
            self.batches[consumer.0 as usize] = None;
        }
        let ok = if first {
            at >= expected
        } else {
            at == expected
        };
        if !ok {
            self.fail(
                "sequential-processing",
                at,
                format!(
                    "consumer-{} finished a record {} after the previous step at {since} (processing_ms {}): expected {}",
                    consumer.0,
                    at.saturating_since(since),
                    p,
                    if first { format!("at least {expected}") } else { format!("{expected}") },
                ),
            );
        }
    }

    fn fail(&mut self, invariant: &'static str, at: Instant, detail: String) {
        if self.violation.is_none() {
            self.violation = Some(Violation {
                invariant,
                at,
                detail,
            });
        }
    }

    /// Stops the run with a violation.
    pub fn stop(&mut self, v: Violation) {
        self.stopped = true;
        if self.violation.is_none() {
            self.violation = Some(v);
        }
    }

    /// Whether the run was stopped.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// Folds one event in.
    pub fn observe(&mut self, e: &TraceEvent) {
        match e {
            TraceEvent::LeaderElected {
                at,
                tp,
                leader_epoch,
                ..
            } => {
                if let Some(prev) = self.leader_epochs.get(tp) {
                    if leader_epoch <= prev {
                        self.fail(
                            "one-leader-per-epoch",
                            *at,
                            format!("{tp:?} elected epoch {leader_epoch:?} after {prev:?}"),
                        );
                    }
                }
                self.leader_epochs.insert(*tp, *leader_epoch);
            }
            TraceEvent::HighWatermarkAdvanced { tp, hw, .. } => {
                let m = self.max_hw.entry_or_default(*tp);
                *m = (*m).max(*hw);
            }
            TraceEvent::OffsetCommitted {
                at,
                group,
                tp,
                offset,
                ..
            } => {
                if let Some(prev) = self.committed.get(&(*group, *tp)) {
                    if offset < prev {
                        self.fail(
                            "committed-offsets-monotonic",
                            *at,
                            format!("{tp:?} committed {offset} after {prev}"),
                        );
                    }
                }
                self.committed.insert((*group, *tp), *offset);
            }
            TraceEvent::PartitionsAssigned { consumer, .. }
            | TraceEvent::PartitionsRevoked { consumer, .. } => {
                *by_consumer(&mut self.last_polled, *consumer) = PartitionMap::default();
            }
            TraceEvent::ConsumerLifecycle { consumer, what, .. } => {
                *by_consumer(&mut self.last_polled, *consumer) = PartitionMap::default();
                if *what != ConsumerLifecycle::Wakeup {
                    // Started, crashed or closed: what the last poll returned is never processed.
                    *by_consumer(&mut self.batches, *consumer) = None;
                    *by_consumer(&mut self.stalled_until, *consumer) = None;
                }
            }
            TraceEvent::ConsumerStalled {
                consumer, until, ..
            } => {
                let u = by_consumer(&mut self.stalled_until, *consumer).get_or_insert(*until);
                *u = (*u).max(*until);
            }
            TraceEvent::RecordConsumed { at, consumer, .. } => {
                self.record_processed(*at, *consumer)
            }
            TraceEvent::RecordsPolled {
                at,
                consumer,
                records,
            } => {
                for (tp, o, _) in records {
                    let prev = by_consumer(&mut self.last_polled, *consumer)
                        .get(tp)
                        .copied();
                    if let Some(prev) = prev {
                        if *o <= prev {
                            self.fail(
                                "consumer-offset-order",
                                *at,
                                format!(
                                    "consumer-{} got {tp:?} offset {o} after {prev}",
                                    consumer.0
                                ),
                            );
                        }
                    }
                    if *o >= self.max_hw.get(tp).copied().unwrap_or(0) {
                        self.fail(
                            "consumer-below-hw",
                            *at,
                            format!(
                                "consumer-{} got {tp:?} offset {o} at or above every HW",
                                consumer.0
                            ),
                        );
                    }
                    by_consumer(&mut self.last_polled, *consumer).insert(*tp, *o);
                }
                if !records.is_empty() {
                    *by_consumer(&mut self.batches, *consumer) = Some(PollBatch {
                        remaining: records.len(),
                        since: *at,
                        first: true,
                    });
                }
            }
            _ => {}
        }
    }
}

/// The consumer's entry of a table by consumer index, grown on first use.
fn by_consumer<T: Default>(v: &mut Vec<T>, c: ConsumerIdx) -> &mut T {
    super::dense::at_mut(v, c.0 as usize)
}

/// All state invariants plus whatever the monitor saw.
pub fn check(sim: &Sim) -> Result<(), Violation> {
    let now = sim.now;
    if let Some(v) = &sim.monitor.violation {
        return Err(v.clone());
    }
    let v = sim.view();
    let fail = |invariant: &'static str, detail: String| {
        Err(Violation {
            invariant,
            at: now,
            detail,
        })
    };
    let mut leaders: BTreeMap<(TopicPartition, LeaderEpoch), BrokerId> = BTreeMap::new();
    for b in v.brokers {
        for r in b.replicas.values() {
            if r.log.high_watermark > r.log.log_end_offset() {
                return fail(
                    "hw-le-leo",
                    format!(
                        "broker-{} {:?} HW {} > LEO {}",
                        b.id.0,
                        r.tp,
                        r.log.high_watermark,
                        r.log.log_end_offset()
                    ),
                );
            }
            if b.alive && r.role == Role::Leader {
                if let Some(other) = leaders.insert((r.tp, r.leader_epoch), b.id) {
                    return fail(
                        "one-leader-per-epoch",
                        format!(
                            "{:?} epoch {:?} led by broker-{} and broker-{}",
                            r.tp, r.leader_epoch, other.0, b.id.0
                        ),
                    );
                }
            }
        }
    }
    // Purgatories are re-checked on every change that can complete them (ReplicaManager.tryCompleteDelayedRequests
    // on appends, HW moves, leader and ISR changes): nothing stays parked that could be answered now.
    for b in v.brokers {
        if !b.alive {
            continue;
        }
        let fetches = b.parked_fetches_ready();
        if fetches > 0 {
            return fail(
                "delayed-fetch-completes",
                format!(
                    "broker-{} keeps {fetches} parked fetch(es) that could be answered now",
                    b.id.0
                ),
            );
        }
        let produces = b.parked_produces_ready();
        if produces > 0 {
            return fail(
                "delayed-produce-completes",
                format!("broker-{} keeps {produces} parked produce(s) whose offsets are all below the HW", b.id.0),
            );
        }
    }
    // ISR members agree with the leader on the records just below the HW.
    for ((tp, _), leader) in &leaders {
        let lb = &v.brokers[leader.0 as usize - 1];
        let Some(lr) = lb.replica(*tp) else { continue };
        let hw = lr.log.high_watermark;
        for f in &lr.isr {
            if f == leader {
                continue;
            }
            let Some(fr) = v.brokers[f.0 as usize - 1].replica(*tp) else {
                continue;
            };
            let upto = hw.min(fr.log.log_end_offset());
            let from = upto.saturating_sub(8);
            for o in from..upto {
                let a = lr.log.record_ids()[o as usize];
                let b = fr.log.record_ids()[o as usize];
                if a != b {
                    return fail("isr-agree-below-hw", format!("{tp:?} offset {o}: leader broker-{} has {a:?}, ISR member broker-{} has {b:?}", leader.0, f.0));
                }
            }
        }
    }
    // Within a generation, a partition has at most one owner.
    let mut owners: BTreeMap<(GroupIdx, GenerationId, TopicPartition), ConsumerIdx> =
        BTreeMap::new();
    for c in v.consumers {
        if !c.alive || c.state != super::consumer::MemberState::Stable {
            continue;
        }
        for tp in &c.assignment {
            if let Some(o) = owners.insert((c.group, c.generation, *tp), c.idx) {
                return fail(
                    "single-owner-per-generation",
                    format!(
                        "{tp:?} owned by consumer-{} and consumer-{} in generation {}",
                        o.0, c.idx.0, c.generation.0
                    ),
                );
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Goal: the trace monitor flags what it watches for, per consumer and per partition, and forgets a consumer's
    //! positions when its partitions move (a consumer that lost and regained a partition may be handed an earlier
    //! offset; that is a rebalance, not a bug).
    use super::*;

    const C0: ConsumerIdx = ConsumerIdx(0);
    const C1: ConsumerIdx = ConsumerIdx(1);

    fn tp(p: u32) -> TopicPartition {
        TopicPartition {
            topic: TopicIdx(0),
            partition: p,
        }
    }

    fn polled(consumer: ConsumerIdx, offsets: &[(u32, u64)]) -> TraceEvent {
        TraceEvent::RecordsPolled {
            at: Instant(5),
            consumer,
            records: offsets
                .iter()
                .map(|&(p, o)| (tp(p), o, RecordId::new(ProducerIdx(0), o)))
                .collect(),
        }
    }

    fn hw(p: u32, hw: u64) -> TraceEvent {
        TraceEvent::HighWatermarkAdvanced {
            at: Instant(1),
            broker: BrokerId(1),
            tp: tp(p),
            hw,
        }
    }

    fn monitor() -> Monitor {
        let mut m = Monitor::new(vec![Duration::ZERO; 2]);
        m.observe(&hw(0, 10));
        m.observe(&hw(1, 10));
        m
    }

    #[test]
    fn offsets_go_forward_per_consumer_and_partition() {
        let mut m = monitor();
        m.observe(&polled(C0, &[(0, 3), (1, 1)]));
        m.observe(&polled(C1, &[(0, 2)]));
        m.observe(&polled(C0, &[(0, 4), (1, 2)]));
        assert_eq!(m.violation, None);
        m.observe(&polled(C0, &[(1, 2)]));
        assert_eq!(
            m.violation.map(|v| v.invariant),
            Some("consumer-offset-order")
        );
    }

    #[test]
    fn a_revocation_forgets_the_consumers_positions() {
        let mut m = monitor();
        m.observe(&polled(C0, &[(0, 7)]));
        m.observe(&TraceEvent::PartitionsRevoked {
            at: Instant(6),
            consumer: C0,
            partitions: vec![tp(0)],
        });
        m.observe(&polled(C0, &[(0, 2)]));
        assert_eq!(m.violation, None);
    }

    #[test]
    fn nothing_is_handed_out_at_or_above_every_hw() {
        let mut m = monitor();
        m.observe(&polled(C1, &[(1, 9)]));
        assert_eq!(m.violation, None);
        m.observe(&polled(C1, &[(1, 10)]));
        assert_eq!(m.violation.map(|v| v.invariant), Some("consumer-below-hw"));
    }
}
