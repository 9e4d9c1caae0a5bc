//! The guarantees ledger: every record whose fate is not "acknowledged and safe", by kind, with the counts the CLI
//! report prints. One rule for both: the report's `records` counts are [`Guarantees::counts`].
//!
//! Models: what an engineer checks against Kafka's guarantees after a run, from producer callbacks, partition logs
//! and consumer processing: records acknowledged and then missing from the partition's (leader's) log (truncated
//! after a leader change, or an unclean election; an acknowledged record still above the high watermark is at risk,
//! not lost), extra copies in a log (a retry without idempotence),
//! records that sit after a later-sent record of the same producer (reordering by retries with more than one
//! request in flight), records a group processed more than once, and failed sends.
//!
//! Simplifications: the reference log of a partition is its current leader's (or, offline, the longest replica's).

use super::ids::*;
use super::record_table::RecordTable;
use super::Sim;
use serde::Serialize;
use std::collections::BTreeMap;

/// Record counts.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct RecordCounts {
    /// Records handed to `send()`.
    pub produced: u64,
    /// Acknowledged (callback with metadata).
    pub acked: u64,
    /// Failed (callback with an exception).
    pub failed: u64,
    /// Acked but absent from the leader's log.
    pub lost_acked: u64,
    /// Extra copies in partition logs.
    pub duplicated: u64,
    /// Records that sit after a later-sent record of the same producer in a partition log.
    pub reordered: u64,
    /// Distinct records processed (per group, summed).
    pub consumed: u64,
    /// Records processed more than once.
    pub consumed_twice: u64,
}

/// The records behind each count of the report, at the instant it is made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Guarantees {
    /// The counts, as the CLI report prints them.
    pub counts: RecordCounts,
    /// Failed sends (the callback got an exception).
    pub failed: Vec<RecordId>,
    /// Acknowledged, then missing from the partition's (leader's) log.
    pub lost_acked: Vec<RecordId>,
    /// Extra copies in a partition log (one entry per extra copy).
    pub duplicated: Vec<RecordId>,
    /// Records after a later-sent record of the same producer in their partition's log.
    pub reordered: Vec<RecordId>,
    /// Records a group processed more than once, with the group and how many times.
    pub consumed_twice: Vec<(GroupIdx, RecordId, u32)>,
}

/// The replica of the partition's current leader (per the controller), whether or not its process is running.
pub(super) fn leader_replica(sim: &Sim, tp: TopicPartition) -> Option<&super::broker::Replica> {
    let l = sim.controller.leader(tp)?;
    sim.brokers[l.0 as usize - 1].replica(tp)
}

/// The replica whose log the ledger judges a partition by, and its broker: the current leader's, or (offline) the
/// replica with the longest log.
pub fn reference_replica(
    sim: &Sim,
    tp: TopicPartition,
) -> Option<(BrokerId, &super::broker::Replica)> {
    if let Some(l) = sim.controller.leader(tp) {
        if let Some(r) = sim.brokers[l.0 as usize - 1].replica(tp) {
            return Some((l, r));
        }
    }
    sim.setup().topic(tp).assignment[tp.partition as usize]
        .iter()
        .filter_map(|b| Some((*b, sim.brokers[b.0 as usize - 1].replica(tp)?)))
        .max_by_key(|(_, r)| r.log.log_end_offset())
}

/// Whether the record's callback got metadata (it was acknowledged), now.
pub fn is_acked(sim: &Sim, id: RecordId) -> bool {
    sim.ledger.acked.get(id).is_some()
}

/// The ledger of `sim` now.
pub fn guarantees(sim: &Sim) -> Guarantees {
    let v = sim.view();
    let setup = v.setup;
    let mut g = Guarantees {
        counts: RecordCounts {
            produced: v.producers.iter().map(|p| p.counters.records_sent).sum(),
            acked: sim.ledger.acked_count,
            ..Default::default()
        },
        failed: sim.ledger.failed.iter().copied().collect(),
        ..Default::default()
    };
    // Dense tables by (producer, send index), a byte per record: B-trees of ids were the largest allocation of a
    // long run's report, made when the logs are at their largest.
    // Every record in a reference log (a record goes to one partition, so one table serves every log).
    let mut seen: RecordTable<bool> = RecordTable::default();
    for tp in setup.all_partitions() {
        let Some((_, r)) = reference_replica(sim, tp) else {
            continue;
        };
        let mut max_index: BTreeMap<ProducerIdx, u64> = BTreeMap::new();
        for &id in r.log.record_ids() {
            if std::mem::replace(seen.entry(id), true) {
                g.duplicated.push(id);
                continue;
            }
            let m = max_index.entry(id.producer()).or_insert(0);
            if id.send_index() < *m {
                g.reordered.push(id);
            } else {
                *m = id.send_index();
            }
        }
    }
    g.lost_acked = sim
        .ledger
        .acked
        .iter()
        .filter(|(id, _)| !seen.get(*id))
        .map(|(id, _)| id)
        .collect();
    for (gi, table) in sim.ledger.consumed.iter().enumerate() {
        for (id, n) in table.iter() {
            g.counts.consumed += 1;
            if n > 1 {
                g.consumed_twice.push((GroupIdx(gi as u16), id, n));
            }
        }
    }
    g.counts.failed = g.failed.len() as u64;
    g.counts.lost_acked = g.lost_acked.len() as u64;
    g.counts.duplicated = g.duplicated.len() as u64;
    g.counts.reordered = g.reordered.len() as u64;
    g.counts.consumed_twice = g.consumed_twice.len() as u64;
    g
}
