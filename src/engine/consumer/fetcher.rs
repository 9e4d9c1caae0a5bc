//! Fetching: partition leaders from Metadata, Fetch requests to each leader, the buffer that `poll()` drains in
//! offset order from the current positions, and positions reset by `auto.offset.reset` through ListOffsets.
//!
//! Models: `AbstractFetch` / `Fetcher` (`sendFetches`, `collectFetch`), `OffsetFetcher.resetPositionsIfNeeded`,
//! `SubscriptionState` positions, `ConsumerMetadata` (leaders refreshed on errors that invalidate metadata).
//!
//! Simplifications:
//! - One fetch in flight per broker; a partition is fetched only when nothing of it is buffered (as Kafka does).
//! - No fetch sessions (KIP-227), no follower fetching (KIP-392), no `last_fetched_epoch` truncation detection.
//! - `auto.offset.reset=latest` uses the leader's high watermark from ListOffsets.

use super::{Consumer, ConsumerPhase, MemberState, Pending};
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::Duration;
use crate::engine::trace::TraceEvent;
use crate::kafka::offset_reset::OffsetResetStrategy;
use std::collections::BTreeMap;

impl Consumer {
    /// A Metadata request, unless one is in flight.
    pub(super) fn refresh_metadata(&mut self, ctx: &mut Ctx<'_>) {
        if !self.has_pending(Pending::Metadata) {
            self.request(ctx, None, Pending::Metadata, |c| Message::MetadataRequest {
                correlation_id: c,
            });
        }
    }

    pub(super) fn handle_metadata_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        partitions: &[PartitionState],
    ) {
        for p in partitions {
            if self.topics.contains(&p.tp.topic) {
                self.leaders.insert(p.tp, p.leader);
            }
        }
        self.send_fetches(ctx);
    }

    /// Fetch from each leader that has an assigned partition with a position and nothing buffered.
    pub(super) fn send_fetches(&mut self, ctx: &mut Ctx<'_>) {
        if self.state != MemberState::Stable
            && self.config.cooperative()
            && self.assignment.is_empty()
        {
            return;
        }
        // A few leaders at most: a Vec kept in leader order (a B-tree map allocated on every call).
        let mut by_leader: Vec<(BrokerId, Vec<FetchPartition>)> = Vec::new();
        let mut need_metadata = false;
        for tp in &self.assignment {
            let Some(pos) = self.positions.get(tp) else {
                continue;
            };
            if self.buffered.get(tp).is_some_and(|q| !q.is_empty()) {
                continue;
            }
            match self.leaders.get(tp).copied().flatten() {
                Some(l) if !self.fetching.contains(&l) => {
                    let part = FetchPartition {
                        tp: *tp,
                        fetch_offset: *pos,
                        last_fetched_epoch: None,
                        partition_max_bytes: self.config.max_partition_fetch_bytes as u32,
                    };
                    match by_leader.binary_search_by_key(&l, |(b, _)| *b) {
                        Ok(i) => by_leader[i].1.push(part),
                        Err(i) => by_leader.insert(i, (l, vec![part])),
                    }
                }
                Some(_) => {}
                None => need_metadata = true,
            }
        }
        if need_metadata {
            self.refresh_metadata(ctx);
        }
        for (l, parts) in by_leader {
            self.fetching.insert(l);
            let (w, minb, maxb) = (
                Duration::from_ms(self.config.fetch_max_wait_ms),
                self.config.fetch_min_bytes as u32,
                self.config.fetch_max_bytes as u32,
            );
            self.request(ctx, Some(l), Pending::Fetch, |c| Message::FetchRequest {
                correlation_id: c,
                replica: None,
                max_wait: w,
                min_bytes: minb,
                max_bytes: maxb,
                partitions: parts,
            });
        }
    }

    /// Buffers the records at or after each assigned partition's position; wakes a blocked `poll()` if any arrived.
    pub(super) fn handle_fetch_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        broker: BrokerId,
        partitions: Vec<FetchPartitionData>,
    ) {
        self.fetching.remove(&broker);
        let mut refresh = false;
        for p in partitions {
            if let Some(e) = p.error {
                refresh |= e.invalidates_metadata();
                continue;
            }
            let Some(pos) = self.positions.get(&p.tp).copied() else {
                continue;
            };
            if !self.assignment.contains(&p.tp) {
                continue;
            }
            let q = self.buffered.entry(p.tp).or_default();
            for (i, r) in p.records.iter().enumerate() {
                let o = p.base_offset + i as u64;
                if o >= pos && q.back().is_none_or(|(last, _)| *last < o) {
                    q.push_back((o, r.record.id));
                }
            }
        }
        if refresh {
            self.refresh_metadata(ctx);
            ctx.set_timer(
                TimerKind::FetchRetry,
                Duration::from_ms(self.config.retry_backoff_ms),
            );
        }
        if self.phase == ConsumerPhase::Polling && self.buffered.values().any(|q| !q.is_empty()) {
            ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
        } else {
            self.send_fetches(ctx);
        }
    }

    /// `Fetcher.collectFetch`: buffered records of assigned partitions, in offset order from each position, up to
    /// `max.poll.records`; the positions move past what is returned. Buffers of revoked partitions are dropped.
    pub(super) fn collect_fetch(&mut self) -> Vec<(TopicPartition, u64, RecordId)> {
        let mut out = Vec::new();
        let max = self.config.max_poll_records as usize;
        let tps: Vec<TopicPartition> = self.buffered.keys().copied().collect();
        for tp in tps {
            if !self.assignment.contains(&tp) {
                self.buffered.remove(&tp);
                continue;
            }
            let Some(q) = self.buffered.get_mut(&tp) else {
                continue;
            };
            while out.len() < max {
                let Some((o, id)) = q.pop_front() else { break };
                if Some(&o) == self.positions.get(&tp) {
                    out.push((tp, o, id));
                    self.positions.insert(tp, o + 1);
                }
            }
            if q.is_empty() {
                self.buffered.remove(&tp);
            }
        }
        out
    }

    /// `auto.offset.reset` for assigned partitions with no committed offset: `earliest` starts at 0, `latest` asks
    /// the leader (ListOffsets), `none` throws NoOffsetForPartitionException.
    pub(super) fn reset_positions(&mut self, ctx: &mut Ctx<'_>, tps: Vec<TopicPartition>) {
        let mut latest = Vec::new();
        for tp in tps {
            match self.config.auto_offset_reset {
                OffsetResetStrategy::Earliest => {
                    self.positions.insert(tp, 0);
                    ctx.emit(TraceEvent::OffsetReset {
                        at: ctx.now,
                        consumer: self.idx,
                        tp,
                        offset: 0,
                        strategy: OffsetResetStrategy::Earliest,
                    });
                }
                OffsetResetStrategy::Latest => latest.push(tp),
                OffsetResetStrategy::None => ctx.emit(TraceEvent::ConsumerErrored {
                    at: ctx.now,
                    consumer: self.idx,
                    error: KafkaError::NoOffsetForPartition,
                }),
            }
        }
        let mut by_leader: BTreeMap<BrokerId, Vec<(TopicPartition, bool)>> = BTreeMap::new();
        for tp in latest {
            match self.leaders.get(&tp).copied().flatten() {
                Some(l) => by_leader.entry(l).or_default().push((tp, true)),
                None => self.refresh_metadata(ctx),
            }
        }
        for (l, tps) in by_leader {
            self.request(ctx, Some(l), Pending::ListOffsets, |c| {
                Message::ListOffsetsRequest {
                    correlation_id: c,
                    tps,
                }
            });
        }
    }

    /// The leader's offsets for `latest`; a partition that failed gets its committed offset fetched again.
    pub(super) fn handle_list_offsets_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        offsets: Vec<(TopicPartition, Option<KafkaError>, u64)>,
    ) {
        for (tp, e, o) in offsets {
            if e.is_none() && self.assignment.contains(&tp) && !self.positions.contains_key(&tp) {
                self.positions.insert(tp, o);
                ctx.emit(TraceEvent::OffsetReset {
                    at: ctx.now,
                    consumer: self.idx,
                    tp,
                    offset: o,
                    strategy: OffsetResetStrategy::Latest,
                });
            } else if e.is_some() {
                self.refresh_metadata(ctx);
                let missing: Vec<TopicPartition> = vec![tp];
                self.fetch_offsets_for(ctx, missing);
            }
        }
        self.send_fetches(ctx);
    }
}
