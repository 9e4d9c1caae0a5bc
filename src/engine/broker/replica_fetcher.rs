//! A follower's fetch loop: one FetchRequest at a time to each leader it follows, for every partition it follows on
//! that leader; appending what comes back, learning the high watermark, and truncating on a diverging epoch.
//!
//! Models: `ReplicaFetcherThread` / `AbstractFetcherThread` and `ReplicaFetcherManager.addFetcherForPartitions`
//! (KIP-279 truncation, shared/KAFKA.md §8).
//!
//! Simplifications:
//! - One fetcher per leader (`num.replica.fetchers=1`), with no fetch session.
//! - A fetch that never comes back is given up after a fixed 30 s (`replica.socket.timeout.ms`), plus the slow
//!   follower fault's extra delay.

use super::partition::Role;
use super::Broker;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::setup::Setup;
use crate::engine::time::Duration;
use crate::engine::trace::{RecordIds, TraceEvent};

/// The fetcher of one leader: whether a fetch is in flight, and which.
#[derive(Clone, Debug, Default)]
pub(super) struct Fetcher {
    in_flight: bool,
    correlation_id: u64,
}

impl Broker {
    /// A partition now follows `leader`: start its fetcher unless a fetch to that leader is already in flight (the
    /// partition joins the next request).
    pub(super) fn add_fetcher(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, leader: BrokerId) {
        let f = self.fetchers.entry(leader).or_default();
        if !f.in_flight {
            self.send_replica_fetch(ctx, setup, leader);
        }
    }

    /// The follower's fetch loop (`ReplicaFetcherThread`): one request for every partition it follows on `leader`.
    pub(super) fn send_replica_fetch(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        leader: BrokerId,
    ) {
        let parts: Vec<FetchPartition> = self
            .replicas
            .values()
            .filter(|r| r.role == Role::Follower(leader))
            .map(|r| FetchPartition {
                tp: r.tp,
                fetch_offset: r.log.log_end_offset(),
                last_fetched_epoch: r.log.last_record_epoch(),
                partition_max_bytes: setup.broker.replica_fetch_max_bytes as u32,
            })
            .collect();
        let f = self.fetchers.entry(leader).or_default();
        if parts.is_empty() || f.in_flight {
            return;
        }
        self.next_correlation += 1;
        f.in_flight = true;
        f.correlation_id = self.next_correlation;
        let msg = Message::FetchRequest {
            correlation_id: self.next_correlation,
            replica: Some(self.id),
            max_wait: Duration::from_ms(setup.broker.replica_fetch_wait_max_ms),
            min_bytes: setup.broker.replica_fetch_min_bytes as u32,
            max_bytes: 10_485_760,
            partitions: parts,
        };
        ctx.send_delayed(NodeId::Broker(leader), msg, self.fetch_delay);
        // replica.socket.timeout.ms (30 s) bounds a fetch that never comes back (partitioned leader).
        ctx.set_timer(
            TimerKind::ReplicaFetchTimeout(leader),
            Duration::from_ms(30_000) + self.fetch_delay,
        );
    }

    pub(super) fn handle_replica_fetch_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        leader: BrokerId,
        correlation_id: u64,
        partitions: Vec<FetchPartitionData>,
    ) {
        let now = ctx.now;
        let me = self.id;
        match self.fetchers.get_mut(&leader) {
            Some(f) if f.in_flight && f.correlation_id == correlation_id => f.in_flight = false,
            _ => return,
        }
        ctx.cancel_timer(TimerKind::ReplicaFetchTimeout(leader));
        for p in partitions {
            let Some(r) = self.replicas.get_mut(&p.tp) else {
                continue;
            };
            if r.role != Role::Follower(leader) || p.error.is_some() {
                continue;
            }
            if let Some((epoch, leader_end)) = p.diverging_epoch {
                // KIP-279: truncate to min(leader's end offset for the epoch, ours for the same epoch).
                let ours = r.log.end_offset_for_epoch(epoch).map(|(e, end)| {
                    if e == epoch {
                        end
                    } else {
                        end.min(leader_end)
                    }
                });
                let to = leader_end
                    .min(ours.unwrap_or(0))
                    .min(r.log.log_end_offset());
                let removed = r.log.truncate_to(to);
                if !removed.is_empty() {
                    r.producers.rebuild(&r.log);
                    ctx.emit(TraceEvent::LogTruncated {
                        at: now,
                        broker: me,
                        tp: p.tp,
                        to,
                        removed: removed.iter().map(|e| e.record.id).collect(),
                    });
                }
                continue;
            }
            if p.base_offset != r.log.log_end_offset() {
                continue;
            }
            // One trace event per run of records written in the same leader epoch (a fetch may span epochs).
            let tp = p.tp;
            let appended = |ctx: &mut Ctx<'_>, (base_offset, leader_epoch, records)| {
                ctx.emit(TraceEvent::RecordsAppended {
                    at: now,
                    broker: me,
                    tp,
                    base_offset,
                    records,
                    leader_epoch,
                })
            };
            let mut run: Option<(u64, LeaderEpoch, RecordIds)> = None;
            // The records of one batch (same leader epoch and producer stamp) sit together: each such stretch is
            // appended at once.
            for batch in p.records.chunk_by(|a, b| {
                a.record.leader_epoch == b.record.leader_epoch && a.stamp == b.stamp
            }) {
                let (epoch, stamp) = (batch[0].record.leader_epoch, batch[0].stamp);
                let ids = batch.iter().map(|e| e.record.id);
                let offset = r.log.append_batch(
                    epoch,
                    stamp,
                    batch.iter().map(|e| (e.record.id, e.record.size_bytes)),
                );
                // UnifiedLog.appendAsFollower updates the producer state too (origin REPLICATION): a follower that
                // becomes leader knows every sequence the old leader wrote, and drops their retries as duplicates.
                if let Some(s) = stamp {
                    r.producers.update(s, offset);
                }
                match &mut run {
                    Some((_, e, run_ids)) if *e == epoch => ids.for_each(|id| run_ids.push(id)),
                    _ => {
                        if let Some(done) = run.replace((offset, epoch, ids.collect())) {
                            appended(ctx, done);
                        }
                    }
                }
            }
            if let Some(done) = run {
                appended(ctx, done);
            }
            // Followers learn the HW from the leader, bounded by their own LEO.
            let hw = p.high_watermark.min(r.log.log_end_offset());
            if hw > r.log.high_watermark {
                r.log.high_watermark = hw;
                ctx.emit(TraceEvent::HighWatermarkAdvanced {
                    at: now,
                    broker: me,
                    tp: p.tp,
                    hw,
                });
            }
        }
        // Fetch again at once; the leader's purgatory (replica.fetch.wait.max.ms) paces the loop.
        self.send_replica_fetch(ctx, setup, leader);
    }

    /// The fetch to `leader` went unanswered for `replica.socket.timeout.ms`: give it up and back off.
    pub(super) fn handle_replica_fetch_timeout(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        leader: BrokerId,
    ) {
        self.back_off_fetcher(ctx, setup, leader);
    }

    /// The connection to `leader` closed: a fetch in flight on it is lost, so back off and fetch again.
    pub(super) fn handle_leader_disconnected(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        leader: BrokerId,
    ) {
        if self.fetchers.get(&leader).is_some_and(|f| f.in_flight) {
            ctx.cancel_timer(TimerKind::ReplicaFetchTimeout(leader));
            self.back_off_fetcher(ctx, setup, leader);
        }
    }

    /// No fetch in flight to `leader` any more: the next one goes after `replica.fetch.backoff.ms`.
    fn back_off_fetcher(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, leader: BrokerId) {
        if let Some(f) = self.fetchers.get_mut(&leader) {
            f.in_flight = false;
        }
        ctx.set_timer(
            TimerKind::ReplicaFetch(leader),
            Duration::from_ms(setup.broker.replica_fetch_backoff_ms),
        );
    }
}
