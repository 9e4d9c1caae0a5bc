//! The leader's side of a FetchRequest, from a consumer or a follower: reading the log up to the high watermark (a
//! consumer) or the log end (a follower), the divergence check of a follower's last epoch, and the fetch purgatory
//! that holds a long poll until `fetch.min.bytes` are there or `fetch.max.wait.ms` passes. Also ListOffsets, the
//! read positions a consumer resets to.
//!
//! Models: `ReplicaManager.fetchMessages`, `Partition.fetchRecords`, `DelayedFetch` (KIP-74 limits, KIP-320
//! divergence), `ReplicaManager.fetchOffset` (shared/KAFKA.md §5, §8).
//!
//! Simplifications:
//! - No fetch sessions (KIP-227) and no reading from followers (KIP-392): every fetch names its partitions and goes
//!   to the leader.
//! - ListOffsets knows only earliest (0: nothing is ever deleted) and latest (the high watermark).

use super::partition::Role;
use super::Broker;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::setup::Setup;
use crate::engine::time::Duration;

/// Up to this many parked fetches, a check looks at all of them rather than at the watchers of what moved.
const FEW_PARKED: usize = 8;

/// A fetch waiting in purgatory for data (`DelayedFetch`).
#[derive(Clone, Debug)]
pub(super) struct DelayedFetch {
    client: NodeId,
    correlation_id: u64,
    replica: Option<BrokerId>,
    min_bytes: u32,
    max_bytes: u32,
    partitions: Vec<FetchPartition>,
}

impl Broker {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_fetch(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        client: NodeId,
        correlation_id: u64,
        replica: Option<BrokerId>,
        max_wait: Duration,
        min_bytes: u32,
        max_bytes: u32,
        partitions: Vec<FetchPartition>,
    ) {
        if let Some(f) = replica {
            self.update_follower_fetch_state(ctx, setup, f, &partitions);
        }
        let d = DelayedFetch {
            client,
            correlation_id,
            replica,
            min_bytes,
            max_bytes,
            partitions,
        };
        if max_wait == Duration::ZERO || self.fetch_ready(&d) {
            self.complete_fetch(ctx, d);
        } else {
            let id = self.next_delayed;
            self.next_delayed += 1;
            for p in &d.partitions {
                // Answered fetches leave here too, so a partition nothing moves on stays short.
                let w = self.fetch_watch.entry_or_default(p.tp);
                let parked = &self.delayed_fetch;
                w.retain(|id| parked.contains_key(id));
                w.push(id);
            }
            self.delayed_fetch.insert(id, d);
            ctx.set_timer(TimerKind::DelayedFetchExpiry(id), max_wait);
        }
    }

    /// `fetch.max.wait.ms` (the fetch's `max_wait`) passed: answer with whatever there is.
    pub(super) fn expire_delayed_fetch(&mut self, ctx: &mut Ctx<'_>, id: u64) {
        if let Some(d) = self.delayed_fetch.remove(&id) {
            self.complete_fetch(ctx, d);
        }
    }

    /// Fetches parked here now.
    pub fn parked_fetches(&self) -> usize {
        self.delayed_fetch.len()
    }

    /// Parked fetches that could be answered now: none, after every event (an invariant of the many-seed run).
    pub fn parked_fetches_ready(&self) -> usize {
        self.delayed_fetch
            .values()
            .filter(|d| self.fetch_ready(d))
            .count()
    }

    /// Whether a fetch can be answered now: enough bytes, an error, or a divergence (`DelayedFetch.tryComplete`).
    fn fetch_ready(&self, d: &DelayedFetch) -> bool {
        let min_bytes = d.min_bytes.max(1) as u64;
        let mut bytes = 0u64;
        for p in &d.partitions {
            // Enough already: what the remaining partitions hold cannot make the answer "not ready". (Summing each
            // lagging partition's whole backlog on every HW move was a fifth of a 64-consumer run.)
            if bytes >= min_bytes {
                return true;
            }
            let Some(r) = self.replicas.get(&p.tp) else {
                return true;
            };
            if r.role != Role::Leader {
                return true;
            }
            if d.replica.is_some() && r.diverging_epoch(p).is_some() {
                return true;
            }
            let bound = if d.replica.is_some() {
                r.log.log_end_offset()
            } else {
                r.log.high_watermark
            };
            if p.fetch_offset > r.log.log_end_offset() {
                return true;
            }
            bytes += r.log.bytes_between_capped(
                p.fetch_offset,
                bound,
                (p.partition_max_bytes as u64).min(min_bytes - bytes),
            );
        }
        bytes >= min_bytes
    }

    /// `tp`'s log end, high watermark, role or epoch moved: its parked fetches are checked at the next
    /// [`Broker::try_complete_fetches`]. With nothing parked there is nothing to check (a fetch parked later was
    /// found not ready when it was parked).
    pub(super) fn fetch_moved(&mut self, tp: TopicPartition) {
        if !self.delayed_fetch.is_empty() {
            self.fetch_dirty.push(tp);
        }
    }

    /// Answers every parked fetch that can be answered now, in the order they were parked
    /// (`DelayedOperationPurgatory.checkAndComplete`). Above [`FEW_PARKED`] parked fetches, only those watching a
    /// partition that moved since the last check are looked at: no other can have become ready (the many-seed runs
    /// check, after every event, that no parked fetch is left ready; `many_parked_fetches_keep_invariants` in
    /// tests/dst runs groups large enough to take this path).
    pub(super) fn try_complete_fetches(&mut self, ctx: &mut Ctx<'_>) {
        if self.fetch_dirty.is_empty() {
            return;
        }
        let ready: Vec<u64> = if self.delayed_fetch.len() <= FEW_PARKED {
            // A few parked fetches (a follower's or two): looking at each is cheaper than the watch lists.
            self.delayed_fetch
                .iter()
                .filter(|(_, d)| self.fetch_ready(d))
                .map(|(id, _)| *id)
                .collect()
        } else {
            let mut watching: Vec<u64> = Vec::new();
            for tp in &self.fetch_dirty {
                let Some(w) = self.fetch_watch.get_mut(tp) else {
                    continue;
                };
                let parked = &self.delayed_fetch;
                w.retain(|id| parked.contains_key(id));
                watching.extend_from_slice(w);
            }
            watching.sort_unstable();
            watching.dedup();
            watching.retain(|id| {
                self.delayed_fetch
                    .get(id)
                    .is_some_and(|d| self.fetch_ready(d))
            });
            watching
        };
        self.fetch_dirty.clear();
        for id in ready {
            if let Some(d) = self.delayed_fetch.remove(&id) {
                ctx.cancel_timer(TimerKind::DelayedFetchExpiry(id));
                self.complete_fetch(ctx, d);
            }
        }
    }

    fn complete_fetch(&mut self, ctx: &mut Ctx<'_>, d: DelayedFetch) {
        let mut remaining = d.max_bytes as u64;
        let mut first = true;
        let mut out = Vec::with_capacity(d.partitions.len());
        for p in &d.partitions {
            let mut data = FetchPartitionData {
                tp: p.tp,
                error: None,
                high_watermark: 0,
                base_offset: p.fetch_offset,
                records: Vec::new(),
                diverging_epoch: None,
            };
            match self.replicas.get(&p.tp) {
                Some(r) if r.role == Role::Leader => {
                    data.high_watermark = r.log.high_watermark;
                    if d.replica.is_some() {
                        if let Some(div) = r.diverging_epoch(p) {
                            data.diverging_epoch = Some(div);
                            out.push(data);
                            continue;
                        }
                    }
                    if p.fetch_offset > r.log.log_end_offset() {
                        data.error = Some(KafkaError::OffsetOutOfRange);
                    } else {
                        let bound = if d.replica.is_some() {
                            r.log.log_end_offset()
                        } else {
                            r.log.high_watermark
                        };
                        // The first non-empty partition may exceed the limits ("at least one batch", KIP-74).
                        let limit = (p.partition_max_bytes as u64).min(remaining);
                        let recs = r.log.read(
                            p.fetch_offset,
                            bound,
                            if first { limit.max(1) } else { limit },
                        );
                        let recs = if !first
                            && recs
                                .first()
                                .is_some_and(|x| x.record.size_bytes as u64 > limit)
                        {
                            Vec::new()
                        } else {
                            recs
                        };
                        let bytes: u64 = recs.iter().map(|x| x.record.size_bytes as u64).sum();
                        remaining = remaining.saturating_sub(bytes);
                        if !recs.is_empty() {
                            first = false;
                        }
                        data.records = recs;
                    }
                }
                _ => data.error = Some(KafkaError::NotLeaderOrFollower),
            }
            out.push(data);
        }
        ctx.send(
            d.client,
            Message::FetchResponse {
                correlation_id: d.correlation_id,
                partitions: out,
            },
        );
    }

    /// ListOffsets: the earliest (0) or latest (the high watermark) offset of each partition this broker leads.
    pub(super) fn handle_list_offsets(
        &mut self,
        ctx: &mut Ctx<'_>,
        from: NodeId,
        correlation_id: u64,
        tps: Vec<(TopicPartition, bool)>,
    ) {
        let offsets = tps
            .into_iter()
            .map(|(tp, latest)| match self.replicas.get(&tp) {
                Some(r) if r.role == Role::Leader => {
                    (tp, None, if latest { r.log.high_watermark } else { 0 })
                }
                _ => (tp, Some(KafkaError::NotLeaderOrFollower), 0),
            })
            .collect();
        ctx.send(
            from,
            Message::ListOffsetsResponse {
                correlation_id,
                offsets,
            },
        );
    }
}
