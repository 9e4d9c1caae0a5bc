//! The ledger (what happened to every record) and the JSON report the CLI prints.
//!
//! Models: what an engineer would reconstruct from producer callbacks, partition logs and consumer processing:
//! acked, failed, lost, duplicated, reordered, consumed, consumed twice; and consumer lag over time, sampled the way
//! a monitoring system polls `kafka-consumer-groups.sh --describe` (leader high watermark − committed offset).
//!
//! Simplifications:
//! - Lag is sampled every [`LAG_SAMPLE_MS`] of virtual time, at most [`MAX_LAG_SAMPLES`] samples per run.

use super::dense::at_mut;
pub use super::guarantees::RecordCounts;
use super::ids::*;
use super::partition_map::PartitionMap;
use super::protocol::Acks;
pub use super::record_table::RecordTable;
use super::trace::TraceEvent;
use super::{Sim, ENGINE_VERSION};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Lag is sampled at every multiple of this many ms of virtual time (1 s, like a metrics scraper).
pub const LAG_SAMPLE_MS: u64 = 1_000;
/// At most this many lag samples are kept (one hour at [`LAG_SAMPLE_MS`]).
pub const MAX_LAG_SAMPLES: usize = 3_600;

/// What lag is computed from, as it stood at one instant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LagState {
    /// The leader of each partition (the controller's choice; `None` while offline).
    pub leaders: BTreeMap<TopicPartition, Option<BrokerId>>,
    /// High watermark of every replica, by partition then broker id (0 where none is known): set on every HW move,
    /// so dense rather than a B-tree.
    pub hw: PartitionMap<Vec<u64>>,
    /// Committed offsets per group.
    pub committed: BTreeMap<(GroupIdx, TopicPartition), u64>,
}

impl LagState {
    /// Leader HW − committed (0 committed when the group has none; 0 HW while the partition is offline), the same
    /// rule as the report's final `lag`.
    pub fn lag(&self, group: GroupIdx, tp: TopicPartition) -> u64 {
        let hw = self
            .leaders
            .get(&tp)
            .copied()
            .flatten()
            .and_then(|b| self.hw.get(&tp)?.get(b.0 as usize).copied())
            .unwrap_or(0);
        hw.saturating_sub(self.committed.get(&(group, tp)).copied().unwrap_or(0))
    }

    fn observe(&mut self, e: &TraceEvent) {
        match e {
            TraceEvent::LeaderElected { tp, leader, .. } => {
                self.leaders.insert(*tp, *leader);
            }
            TraceEvent::HighWatermarkAdvanced { broker, tp, hw, .. } => {
                *at_mut(self.hw.entry_or_default(*tp), broker.0 as usize) = *hw;
            }
            TraceEvent::LogTruncated { broker, tp, to, .. } => {
                if let Some(hw) = self
                    .hw
                    .get_mut(tp)
                    .and_then(|v| v.get_mut(broker.0 as usize))
                {
                    *hw = (*hw).min(*to);
                }
            }
            TraceEvent::OffsetCommitted {
                group, tp, offset, ..
            } => {
                self.committed.insert((*group, *tp), *offset);
            }
            _ => {}
        }
    }
}

/// Per-record outcomes folded from the trace.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    /// Records acknowledged (with the acks used).
    pub acked: RecordTable<Option<Acks>>,
    /// How many records are acknowledged.
    pub acked_count: u64,
    /// Records failed.
    pub failed: BTreeSet<RecordId>,
    /// Processing count per record, per group (by group index).
    pub consumed: Vec<RecordTable<u32>>,
    /// Error occurrences by exception name.
    pub errors: BTreeMap<String, u64>,
    /// Records handed to send().
    pub sent: u64,
    /// Lag inputs now.
    pub lag_now: LagState,
    /// Lag inputs at `k × LAG_SAMPLE_MS` for k = 1, 2, ... (the state after every event at or before that instant).
    pub lag_samples: Vec<(u64, LagState)>,
    /// `send()` → first processing, per group.
    pub e2e: super::latency::EndToEndLatency,
}

impl Ledger {
    /// An empty ledger; partitions start led by their preferred replica, as the controller starts them.
    pub fn new(setup: &super::setup::Setup) -> Ledger {
        let mut l = Ledger::default();
        for tp in setup.all_partitions() {
            let preferred = setup
                .topic(tp)
                .assignment
                .get(tp.partition as usize)
                .and_then(|r| r.first().copied());
            l.lag_now.leaders.insert(tp, preferred);
        }
        l
    }

    /// Takes the lag samples due before `t` (exclusive): an event at `t` is not yet part of the sample at `t`
    /// only if it comes later, so samples are taken when time moves past them.
    fn sample_before(&mut self, t_us: u64) {
        loop {
            let next_ms = (self.lag_samples.len() as u64 + 1) * LAG_SAMPLE_MS;
            if self.lag_samples.len() >= MAX_LAG_SAMPLES || next_ms * 1000 >= t_us {
                break;
            }
            self.lag_samples.push((next_ms, self.lag_now.clone()));
        }
    }

    /// The samples up to and including `end` (those not yet taken use the current state).
    pub fn lag_samples_until(&self, end_us: u64) -> Vec<(u64, &LagState)> {
        let mut out: Vec<(u64, &LagState)> = self
            .lag_samples
            .iter()
            .filter(|(t, _)| t * 1000 <= end_us)
            .map(|(t, s)| (*t, s))
            .collect();
        let mut next = (out.len() as u64 + 1) * LAG_SAMPLE_MS;
        while out.len() < MAX_LAG_SAMPLES && next * 1000 <= end_us {
            out.push((next, &self.lag_now));
            next += LAG_SAMPLE_MS;
        }
        out
    }

    /// Folds one trace event.
    pub fn observe(&mut self, e: &TraceEvent) {
        self.sample_before(e.at().0);
        self.lag_now.observe(e);
        self.e2e.observe(e);
        match e {
            TraceEvent::RecordSent { .. } => self.sent += 1,
            TraceEvent::RecordAcked { record, acks, .. } => {
                let slot = self.acked.entry(*record);
                if slot.is_none() {
                    self.acked_count += 1;
                }
                *slot = Some(*acks);
            }
            TraceEvent::RecordFailed { record, error, .. } => {
                if error.exception_name() == "SerializationException"
                    || error.exception_name() == "RecordTooLargeException"
                {
                    // Rejected inside send(): never reached RecordSent.
                    if !self.failed.contains(record) && self.acked.get(*record).is_none() {
                        self.sent += 1;
                    }
                }
                if matches!(
                    error,
                    super::protocol::KafkaError::BufferExhausted
                        | super::protocol::KafkaError::Timeout
                ) && !self.failed.contains(record)
                {
                    // A send() that timed out in max.block.ms never reached RecordSent either.
                }
                self.failed.insert(*record);
                *self
                    .errors
                    .entry(error.exception_name().to_string())
                    .or_default() += 1;
            }
            TraceEvent::ProduceErrored { error, .. } => {
                *self
                    .errors
                    .entry(error.exception_name().to_string())
                    .or_default() += 1;
            }
            TraceEvent::CommitFailed { error, .. } | TraceEvent::ConsumerErrored { error, .. } => {
                *self
                    .errors
                    .entry(error.exception_name().to_string())
                    .or_default() += 1;
            }
            TraceEvent::RecordConsumed { group, record, .. } => {
                *at_mut(&mut self.consumed, group.0 as usize).entry(*record) += 1;
            }
            _ => {}
        }
    }
}

/// One replica in the report.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ReplicaReport {
    /// Broker id.
    pub broker: u32,
    /// Log end offset.
    pub leo: u64,
    /// High watermark.
    pub hw: u64,
}

/// One partition in the report.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PartitionReport {
    /// `topic-N`.
    pub partition: String,
    /// Leader broker, or null when offline.
    pub leader: Option<u32>,
    /// Leader epoch.
    pub leader_epoch: u32,
    /// ISR.
    pub isr: Vec<u32>,
    /// Replicas.
    pub replicas: Vec<ReplicaReport>,
}

/// One group member.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct MemberReport {
    /// `consumer-N`.
    pub consumer: String,
    /// Member id (empty when not in the group).
    pub member_id: String,
    /// Assigned partitions.
    pub assigned: Vec<String>,
    /// Records it processed.
    pub processed: u64,
    /// Application thread phase.
    pub phase: String,
}

/// One group.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupReport {
    /// `group.id`.
    pub group_id: String,
    /// Generation id.
    pub generation: i32,
    /// State.
    pub state: String,
    /// Members (all consumers configured in the group).
    pub members: Vec<MemberReport>,
    /// Committed offsets.
    pub committed: BTreeMap<String, u64>,
    /// Lag per partition: leader HW − committed.
    pub lag: BTreeMap<String, u64>,
    /// Lag per partition over time, records, sampled every [`LAG_SAMPLE_MS`] of virtual time.
    pub lag_over_time: Vec<LagSample>,
    /// `send()` → the group's first processing of each record, ms (`null` until a record was processed).
    pub e2e_latency_ms: Option<super::latency::LatencySummary>,
}

/// Lag of every partition of a group at one instant.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct LagSample {
    /// Virtual time, ms.
    pub t_ms: u64,
    /// `topic-N` → leader HW − committed offset, records.
    pub lag: BTreeMap<String, u64>,
}

/// Producer metrics (Kafka's names).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProducerReport {
    /// `producer-N`.
    pub producer: String,
    /// record-send-rate, records/s over the run.
    #[serde(rename = "record-send-rate")]
    pub record_send_rate: f64,
    /// batch-size-avg, bytes.
    #[serde(rename = "batch-size-avg")]
    pub batch_size_avg: f64,
    /// records-per-request-avg.
    #[serde(rename = "records-per-request-avg")]
    pub records_per_request_avg: f64,
    /// request-latency-avg, ms (`null` before any produce response).
    #[serde(rename = "request-latency-avg")]
    pub request_latency_avg: Option<f64>,
    /// request-latency-max, ms (`null` before any produce response).
    #[serde(rename = "request-latency-max")]
    pub request_latency_max: Option<f64>,
    /// record-retry-rate, retries/s.
    #[serde(rename = "record-retry-rate")]
    pub record_retry_rate: f64,
    /// record-error-rate, errors/s.
    #[serde(rename = "record-error-rate")]
    pub record_error_rate: f64,
    /// buffer-available-bytes.
    #[serde(rename = "buffer-available-bytes")]
    pub buffer_available_bytes: u64,
    /// Failed records and their exception (the dead-letter list).
    pub dead_letters: Vec<(u64, String)>,
}

/// The CLI's JSON report.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Report {
    /// Engine version.
    pub engine_version: u32,
    /// Seed.
    pub seed: u64,
    /// Virtual time at the end, ms.
    pub end_ms: u64,
    /// Events processed.
    pub events: u64,
    /// Trace hash.
    pub trace_hash: String,
    /// Record outcomes.
    pub records: RecordCounts,
    /// Errors by exception name.
    pub errors: BTreeMap<String, u64>,
    /// Unclean leader elections.
    pub unclean_elections: u32,
    /// Partitions.
    pub partitions: Vec<PartitionReport>,
    /// Groups.
    pub groups: Vec<GroupReport>,
    /// Producers.
    pub producers: Vec<ProducerReport>,
    /// Invariant violation, if any.
    pub violation: Option<String>,
    /// Config warnings.
    pub warnings: Vec<String>,
}

/// Builds the report from the world and the ledger.
pub fn build(sim: &Sim) -> Report {
    let v = sim.view();
    let setup = v.setup;
    let counts = super::guarantees::guarantees(sim).counts;
    let mut partitions = Vec::new();
    for tp in setup.all_partitions() {
        let st = v.controller.partitions.get(&tp);
        let replicas: Vec<ReplicaReport> = setup.topic(tp).assignment[tp.partition as usize]
            .iter()
            .map(|b| {
                let r = v.brokers[b.0 as usize - 1].replica(tp);
                ReplicaReport {
                    broker: b.0,
                    leo: r.map(|r| r.log.log_end_offset()).unwrap_or(0),
                    hw: r.map(|r| r.log.high_watermark).unwrap_or(0),
                }
            })
            .collect();
        partitions.push(PartitionReport {
            partition: setup.tp_name(tp),
            leader: st.and_then(|s| s.leader).map(|b| b.0),
            leader_epoch: st.map(|s| s.leader_epoch.0).unwrap_or(0),
            isr: st
                .map(|s| s.isr.iter().map(|b| b.0).collect())
                .unwrap_or_default(),
            replicas,
        });
    }
    let mut groups = Vec::new();
    for (gi, g) in sim.scenario.consumer_groups.iter().enumerate() {
        let grp = &v.coordinator.groups[gi];
        let members = v
            .consumers
            .iter()
            .filter(|c| c.group.0 as usize == gi)
            .map(|c| MemberReport {
                consumer: format!("consumer-{}", c.idx.0),
                member_id: if c.alive {
                    c.member_id.clone()
                } else {
                    String::new()
                },
                assigned: if c.alive {
                    c.assignment.iter().map(|tp| setup.tp_name(*tp)).collect()
                } else {
                    Vec::new()
                },
                processed: c.consumed,
                phase: c.phase.name().to_string(),
            })
            .collect();
        let mut committed = BTreeMap::new();
        let mut lag = BTreeMap::new();
        for tp in setup.all_partitions() {
            if !g.topics.contains(&setup.topic(tp).name) {
                continue;
            }
            let c = grp.offsets.get(&tp).copied().unwrap_or(0);
            let hw = super::guarantees::leader_replica(sim, tp)
                .map(|r| r.log.high_watermark)
                .unwrap_or(0);
            if grp.offsets.contains_key(&tp) {
                committed.insert(setup.tp_name(tp), c);
            }
            lag.insert(setup.tp_name(tp), hw.saturating_sub(c));
        }
        let subscribed: Vec<TopicPartition> = setup
            .all_partitions()
            .into_iter()
            .filter(|tp| g.topics.contains(&setup.topic(*tp).name))
            .collect();
        // Every sample has the same keys: name them once, then fill each copy's values in key order (formatting
        // and inserting each name again was most of a long run's report).
        let mut template = BTreeMap::new();
        for tp in &subscribed {
            template.insert(setup.tp_name(*tp), *tp);
        }
        let in_key_order: Vec<TopicPartition> = template.values().copied().collect();
        let mut names: BTreeMap<String, u64> = BTreeMap::new();
        for k in template.into_keys() {
            names.insert(k, 0);
        }
        let lag_over_time = sim
            .ledger
            .lag_samples_until(sim.now.0)
            .into_iter()
            .map(|(t_ms, state)| {
                let mut lag = names.clone();
                for (v, tp) in lag.values_mut().zip(&in_key_order) {
                    *v = state.lag(GroupIdx(gi as u16), *tp);
                }
                LagSample { t_ms, lag }
            })
            .collect();
        groups.push(GroupReport {
            e2e_latency_ms: sim.ledger.e2e.summary(GroupIdx(gi as u16)),
            lag_over_time,
            group_id: g.group_id.clone(),
            generation: grp.generation.0,
            state: grp.state.name().to_string(),
            members,
            committed,
            lag,
        });
    }
    let secs = (sim.now.0.max(1)) as f64 / 1_000_000.0;
    let producers = v
        .producers
        .iter()
        .map(|p| {
            let c = &p.counters;
            let div = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
            ProducerReport {
                producer: format!("producer-{}", p.idx.0),
                record_send_rate: round3(c.records_sent as f64 / secs),
                batch_size_avg: round3(div(c.batch_bytes, c.batches_sent)),
                records_per_request_avg: round3(
                    div(c.records_acked + c.records_failed, c.requests.max(1)).min(f64::MAX),
                ),
                request_latency_avg: (c.responses > 0)
                    .then(|| round3(div(c.latency_sum_us, c.responses) / 1000.0)),
                request_latency_max: (c.responses > 0)
                    .then(|| round3(c.latency_max_us as f64 / 1000.0)),
                record_retry_rate: round3(c.retries as f64 / secs),
                record_error_rate: round3(c.records_failed as f64 / secs),
                buffer_available_bytes: p
                    .config
                    .buffer_memory
                    .saturating_sub(p.accumulator.buffer_used),
                dead_letters: p
                    .dead_letters
                    .iter()
                    .map(|(r, e)| (r.send_index(), e.exception_name().to_string()))
                    .collect(),
            }
        })
        .collect();
    Report {
        engine_version: ENGINE_VERSION,
        seed: sim.scenario.seed,
        end_ms: sim.now.as_ms(),
        events: sim.events,
        trace_hash: sim.trace_hash(),
        records: counts,
        errors: sim.ledger.errors.clone(),
        unclean_elections: v.controller.unclean_elections,
        partitions,
        groups,
        producers,
        violation: sim.check().err().map(|v| v.to_string()),
        warnings: sim.warnings().to_vec(),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod lag_tests {
    //! Goal: the report's lag over time is sampled at every LAG_SAMPLE_MS, ends at the final `lag`, and shows a dead
    //! member's partition falling behind until the coordinator hands it to someone else.
    //! Method: run the `consumer-dies` preset (consumer-1 crashes at 6 s, session.timeout.ms = 10 s) headless.
    //! Kafka: `kafka-consumer-groups.sh --describe` LAG = log end (HW for read_uncommitted) − committed offset.
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn lag_over_time_tracks_a_dead_members_partition() {
        let scenario = presets::by_name("consumer-dies").expect("preset");
        let mut sim = Sim::new(&scenario).expect("valid");
        sim.set_keep_trace(false);
        sim.run_until(sim.end());
        let r = build(&sim);
        let g = &r.groups[0];
        let samples = &g.lag_over_time;
        assert_eq!(samples.len() as u64, r.end_ms / LAG_SAMPLE_MS);
        for (k, s) in samples.iter().enumerate() {
            assert_eq!(s.t_ms, (k as u64 + 1) * LAG_SAMPLE_MS);
            assert_eq!(s.lag.len(), 3, "one entry per subscribed partition");
        }
        assert_eq!(samples.last().map(|s| &s.lag), Some(&g.lag));
        // Exactly one partition falls behind without a break while its owner is dead (no commits for it) ...
        let at = |t: u64| &samples[(t / LAG_SAMPLE_MS - 1) as usize].lag;
        let stuck: Vec<&String> = g
            .lag
            .keys()
            .filter(|p| {
                (7_000..20_000)
                    .step_by(1_000)
                    .all(|t| at(t + 1_000)[*p] > at(t)[*p])
            })
            .collect();
        assert_eq!(stuck.len(), 1, "{samples:?}");
        // ... and catches up once it has moved to a live member.
        let p = stuck[0];
        assert!(g.lag[p] < at(20_000)[p] / 4, "{samples:?}");
    }

    /// With 12 partitions the names sort as "orders-0", "orders-1", "orders-10", ...: each sample's lag must still
    /// sit under its own partition's name, as naming each partition's lag one by one gives.
    #[test]
    fn lag_samples_name_each_partition_with_its_own_lag() {
        let mut scenario = presets::by_name("consumer-dies").expect("preset");
        scenario.topics[0].partitions = 12;
        let mut sim = Sim::new(&scenario).expect("valid");
        sim.set_keep_trace(false);
        sim.run_until(sim.end());
        let r = build(&sim);
        let got = &r.groups[0].lag_over_time;
        let setup = sim.view().setup;
        let want: Vec<BTreeMap<String, u64>> = sim
            .ledger
            .lag_samples_until(sim.now.0)
            .into_iter()
            .map(|(_, state)| {
                setup
                    .all_partitions()
                    .into_iter()
                    .map(|tp| (setup.tp_name(tp), state.lag(GroupIdx(0), tp)))
                    .collect()
            })
            .collect();
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(&g.lag, w, "at {} ms", g.t_ms);
        }
        let uneven = want
            .iter()
            .filter(|w| w.values().collect::<BTreeSet<_>>().len() > 2)
            .count();
        assert!(
            uneven > 3,
            "partitions' lags differ in some samples: {want:?}"
        );
    }
}
