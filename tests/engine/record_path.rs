//! A record's life recovered from the trace alone, for every preset: `send()` → its batch → the produce request that
//! carried it → its append on each replica (offset, leader epoch) → the high watermark passing it there → the
//! callback → every consumer that processed it. The per-record inspector (issue 14) reads the trace this way, so
//! this test keeps the trace rich enough for it: each step must be found, in order, and the logs rebuilt from the
//! trace must end exactly where the simulated replicas' logs end (LEO and HW of every replica in the report).
//! Kafka: the path of `KafkaProducer.send` → `Sender` → `ReplicaManager.appendRecords` → `Partition.
//! maybeIncrementLeaderHW` → `Fetcher`; a truncation (`UnifiedLog.truncateTo`) removes a record from a replica.

use kafka_playground::engine::broker::Replica;
use kafka_playground::engine::ids::{
    BatchId, BrokerId, ConsumerIdx, LeaderEpoch, RecordId, TopicPartition,
};
use kafka_playground::engine::time::Instant;
use kafka_playground::engine::trace::TraceEvent;
use kafka_playground::engine::Sim;
use kafka_playground::scenario::presets;
use std::collections::BTreeMap;

/// What the trace says happened to one record.
#[derive(Debug, Default)]
struct Path {
    sent: Option<(Instant, TopicPartition)>,
    batch: Option<BatchId>,
    /// Produce requests (correlation ids) whose batches held it.
    requests: Vec<u64>,
    /// (broker, offset, when) for every append, truncated or not.
    appended: Vec<(BrokerId, u64, Instant)>,
    /// (broker, when) the high watermark there passed its offset.
    committed: Vec<(BrokerId, Instant)>,
    /// Brokers that truncated it away.
    truncated: Vec<BrokerId>,
    acked: Option<(Instant, i64)>,
    failed: bool,
    consumed: Vec<(ConsumerIdx, Instant, u64)>,
}

/// One replica's log as the trace rebuilds it.
#[derive(Default)]
struct Mirror {
    records: Vec<RecordId>,
    /// The leader epoch each record was appended with (`records[i]`'s).
    epochs: Vec<LeaderEpoch>,
    hw: u64,
}

impl Mirror {
    /// The log as (record, leader epoch) pairs.
    fn pairs(&self) -> Vec<(RecordId, LeaderEpoch)> {
        self.records
            .iter()
            .copied()
            .zip(self.epochs.iter().copied())
            .collect()
    }
}

/// A simulated replica's log as (record, leader epoch) pairs.
fn log_of(replica: &Replica) -> Vec<(RecordId, LeaderEpoch)> {
    replica
        .log
        .entries()
        .map(|e| (e.record.id, e.record.leader_epoch))
        .collect()
}

struct Recovered {
    paths: BTreeMap<RecordId, Path>,
    logs: BTreeMap<(BrokerId, TopicPartition), Mirror>,
}

fn recover(trace: &[TraceEvent]) -> Recovered {
    let mut paths: BTreeMap<RecordId, Path> = BTreeMap::new();
    let mut logs: BTreeMap<(BrokerId, TopicPartition), Mirror> = BTreeMap::new();
    let mut batch_records: BTreeMap<BatchId, Vec<RecordId>> = BTreeMap::new();
    for e in trace {
        match e {
            TraceEvent::RecordSent { at, record, tp, .. } => {
                paths.entry(*record).or_default().sent = Some((*at, *tp));
            }
            TraceEvent::RecordBatched { record, batch, .. } => {
                paths.entry(*record).or_default().batch = Some(*batch);
                batch_records.entry(*batch).or_default().push(*record);
            }
            TraceEvent::BatchesDrained {
                batches,
                correlation_id,
                ..
            } => {
                for b in batches {
                    for r in batch_records.get(b).into_iter().flatten() {
                        paths.entry(*r).or_default().requests.push(*correlation_id);
                    }
                }
            }
            TraceEvent::RecordsAppended {
                at,
                broker,
                tp,
                base_offset,
                records,
                leader_epoch,
            } => {
                // A batch-level append: record i of the batch is at base_offset + i.
                assert!(!records.is_empty(), "an append carries records");
                let log = logs.entry((*broker, *tp)).or_default();
                for (i, record) in records.iter().enumerate() {
                    let offset = base_offset + i as u64;
                    assert_eq!(
                        log.records.len() as u64,
                        offset,
                        "broker-{} appends {record:?} at {offset} in order",
                        broker.0
                    );
                    log.records.push(*record);
                    log.epochs.push(*leader_epoch);
                    paths
                        .entry(*record)
                        .or_default()
                        .appended
                        .push((*broker, offset, *at));
                }
            }
            TraceEvent::HighWatermarkAdvanced { at, broker, tp, hw } => {
                let log = logs.entry((*broker, *tp)).or_default();
                assert!(
                    *hw <= log.records.len() as u64,
                    "broker-{}'s HW {hw} is within its log",
                    broker.0
                );
                for o in log.hw..*hw {
                    paths
                        .entry(log.records[o as usize])
                        .or_default()
                        .committed
                        .push((*broker, *at));
                }
                log.hw = log.hw.max(*hw);
            }
            TraceEvent::LogTruncated {
                broker,
                tp,
                to,
                removed,
                ..
            } => {
                let log = logs.entry((*broker, *tp)).or_default();
                let gone = log.records.split_off((*to as usize).min(log.records.len()));
                log.epochs.truncate(log.records.len());
                assert_eq!(&gone, removed, "the truncation names what it removed");
                log.hw = log.hw.min(*to);
                for r in gone {
                    paths.entry(r).or_default().truncated.push(*broker);
                }
            }
            TraceEvent::RecordAcked {
                at, record, offset, ..
            } => paths.entry(*record).or_default().acked = Some((*at, *offset)),
            TraceEvent::RecordFailed { record, .. } => {
                paths.entry(*record).or_default().failed = true
            }
            TraceEvent::RecordConsumed {
                at,
                consumer,
                offset,
                record,
                ..
            } => paths
                .entry(*record)
                .or_default()
                .consumed
                .push((*consumer, *at, *offset)),
            _ => {}
        }
    }
    Recovered { paths, logs }
}

fn run(name: &str) -> (Vec<TraceEvent>, Sim) {
    run_scenario(&presets::by_name(name).expect("preset exists"))
}

fn run_scenario(s: &kafka_playground::scenario::Scenario) -> (Vec<TraceEvent>, Sim) {
    let mut sim = Sim::new(s).expect("valid scenario");
    let end = sim.end();
    let mut trace = Vec::new();
    while sim.next_event_at().is_some_and(|t| t <= end) {
        sim.step();
        trace.extend(std::iter::from_fn(|| sim.poll_trace()));
    }
    sim.run_until(end);
    trace.extend(std::iter::from_fn(|| sim.poll_trace()));
    (trace, sim)
}

#[test]
fn every_records_path_is_recovered_from_the_trace() {
    for (name, _) in presets::all() {
        let (trace, sim) = run(name);
        let Recovered { paths, logs } = recover(&trace);
        for (id, p) in &paths {
            let Some((sent_at, tp)) = p.sent else {
                // send() threw (serializer, RecordTooLarge, max.block.ms): the callback's exception is all there is.
                assert!(
                    p.failed && p.appended.is_empty() && p.consumed.is_empty() && p.acked.is_none(),
                    "{name}: {id:?} appears without send(): {p:?}"
                );
                continue;
            };
            let later = |t: Instant| t >= sent_at;
            if !p.appended.is_empty() {
                assert!(p.batch.is_some(), "{name}: {id:?} appended without a batch");
                assert!(
                    !p.requests.is_empty(),
                    "{name}: {id:?} appended without a produce request carrying it"
                );
            }
            for (b, _, at) in &p.appended {
                assert!(
                    later(*at),
                    "{name}: {id:?} appended on broker-{} before send()",
                    b.0
                );
                assert!(
                    logs.contains_key(&(*b, tp)),
                    "{name}: {id:?} in its partition's log"
                );
            }
            if let Some((at, offset)) = p.acked {
                assert!(later(at), "{name}: {id:?} acked before send()");
                if offset >= 0 {
                    assert!(
                        p.appended
                            .iter()
                            .any(|(_, o, when)| *o == offset as u64 && *when <= at),
                        "{name}: {id:?} acked at offset {offset} that no replica appended it at before"
                    );
                }
            }
            for (c, at, offset) in &p.consumed {
                assert!(
                    p.appended.iter().any(|(_, o, when)| o == offset && when <= at),
                    "{name}: consumer-{} processed {id:?} at offset {offset} before any replica had it",
                    c.0
                );
                assert!(
                    p.committed.iter().any(|(_, when)| when <= at),
                    "{name}: consumer-{} processed {id:?} before the high watermark passed it",
                    c.0
                );
            }
        }
        // The logs rebuilt from the trace are the replicas' logs.
        let report = sim.report();
        for part in &report.partitions {
            for r in &part.replicas {
                let mirror = sim
                    .setup()
                    .all_partitions()
                    .into_iter()
                    .find(|tp| sim.setup().tp_name(*tp) == part.partition)
                    .and_then(|tp| logs.get(&(BrokerId(r.broker), tp)));
                let (leo, hw) = mirror.map_or((0, 0), |m| (m.records.len() as u64, m.hw));
                assert_eq!(
                    (leo, hw),
                    (r.leo, r.hw),
                    "{name}: {} on broker-{}: LEO/HW from the trace vs the replica",
                    part.partition,
                    r.broker
                );
                // And record by record, with the leader epoch each was written in (a follower's append of a
                // fetch that spans epochs is one trace event per epoch).
                if let (Some(m), Some(tp)) = (
                    mirror,
                    sim.setup()
                        .all_partitions()
                        .into_iter()
                        .find(|tp| sim.setup().tp_name(*tp) == part.partition),
                ) {
                    let replica = sim.view().brokers[r.broker as usize - 1]
                        .replica(tp)
                        .expect("the replica is hosted there");
                    let (real, rebuilt) = (log_of(replica), m.pairs());
                    assert_eq!(
                        rebuilt, real,
                        "{name}: {} on broker-{}: records and epochs from the trace vs the log",
                        part.partition, r.broker
                    );
                }
            }
        }
    }
}

/// In the quickstart (RF 3, acks=all, one group, no faults) every acknowledged record has the whole path: one batch,
/// one request, an append on each of the three replicas, the high watermark passing it on the leader before the
/// callback, and exactly one processing.
#[test]
fn quickstart_records_have_the_whole_path() {
    let (trace, sim) = run("quickstart");
    let Recovered { paths, .. } = recover(&trace);
    let acked: Vec<_> = paths.iter().filter(|(_, p)| p.acked.is_some()).collect();
    assert_eq!(acked.len() as u64, sim.report().records.acked);
    assert!(acked.len() > 20, "{} acked", acked.len());
    for (id, p) in acked {
        let (acked_at, _) = p.acked.expect("acked");
        let mut brokers: Vec<u32> = p.appended.iter().map(|(b, _, _)| b.0).collect();
        brokers.sort_unstable();
        brokers.dedup();
        assert_eq!(
            brokers.len(),
            3,
            "{id:?} on every replica: {:?}",
            p.appended
        );
        assert!(p.truncated.is_empty());
        assert!(
            p.committed.iter().any(|(_, at)| *at <= acked_at),
            "{id:?}: acks=all answers after the HW passes the record"
        );
        assert_eq!(p.requests.len(), 1, "{id:?}: one produce attempt");
        if !p.consumed.is_empty() {
            assert_eq!(p.consumed.len(), 1, "{id:?} processed once");
        }
    }
    assert!(
        paths.values().filter(|p| !p.consumed.is_empty()).count() > 20,
        "the group processed records"
    );
}

/// Every replica's log rebuilt from the trace's appends and truncations, record by record with the leader epoch
/// each was written in, is the replica's log at the end, over swarm scenarios (crashes, partitions, unclean
/// elections): there a follower's fetch can span leader epochs, which the presets do not reach.
#[test]
fn swarm_logs_are_rebuilt_from_the_trace_with_their_epochs() {
    use kafka_playground::engine::swarm::swarm;
    let base = std::env::var("SIM_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9_090_000u64);
    for seed in base..base + 60 {
        let (trace, sim) = run_scenario(&swarm(seed));
        let Recovered { logs, .. } = recover(&trace);
        let v = sim.view();
        for b in v.brokers.iter() {
            for tp in sim.setup().all_partitions() {
                let Some(replica) = b.replica(tp) else {
                    continue;
                };
                let real = log_of(replica);
                let rebuilt = logs.get(&(b.id, tp)).map(Mirror::pairs).unwrap_or_default();
                assert_eq!(rebuilt, real, "seed {seed}: broker-{} {tp:?}", b.id.0);
            }
        }
    }
}

/// A follower that lags through a leader change fetches, from the new leader, records of the old epoch and the new
/// one in one response: the trace has one append per epoch, and the log rebuilt from it carries each record's own
/// epoch. (acks-1-data-loss, changed: broker 3 is cut off from 1.5 s to 9.5 s, and broker 1 shuts down cleanly at
/// 2 s, so broker 2 leads the next epoch with every record broker 1 wrote, and broker 3 comes back behind both.)
#[test]
fn a_fetch_that_spans_two_leader_epochs_is_one_append_per_epoch() {
    use kafka_playground::scenario::{Action, TimedAction};
    let mut s = presets::by_name("acks-1-data-loss").expect("preset exists");
    let at = |at_ms, action| TimedAction { at_ms, action };
    s.actions = vec![
        at(1_500, Action::IsolateBroker { broker: 3 }),
        at(2_000, Action::ShutdownBroker { broker: 1 }),
        at(9_500, Action::Heal),
    ];
    let (trace, sim) = run_scenario(&s);
    // Two appends on broker 3 at one instant, one after the other in the log, in two epochs: a split fetch.
    let appends: Vec<(Instant, u64, usize, LeaderEpoch)> = trace
        .iter()
        .filter_map(|e| match e {
            TraceEvent::RecordsAppended {
                at,
                broker: BrokerId(3),
                base_offset,
                records,
                leader_epoch,
                ..
            } => Some((*at, *base_offset, records.len(), *leader_epoch)),
            _ => None,
        })
        .collect();
    let split = appends
        .windows(2)
        .any(|w| w[0].0 == w[1].0 && w[0].1 + w[0].2 as u64 == w[1].1 && w[0].3 != w[1].3);
    assert!(
        split,
        "broker 3 fetched across epochs in one response: {appends:?}"
    );
    let Recovered { logs, .. } = recover(&trace);
    let tp = sim.setup().all_partitions()[0];
    let real = log_of(
        sim.view().brokers[2]
            .replica(tp)
            .expect("broker 3 hosts it"),
    );
    assert_eq!(logs[&(BrokerId(3), tp)].pairs(), real);
}
