//! The leader's side of a ProduceRequest: validation, the append, and the produce purgatory that holds `acks=all`
//! answers until the high watermark reaches every batch.
//!
//! Models: `ReplicaManager.appendRecords`, `Partition.appendRecordsToLeader` and `DelayedProduce` (shared/KAFKA.md §5).
//!
//! Simplifications:
//! - A batch is refused whole (MESSAGE_TOO_LARGE, NOT_ENOUGH_REPLICAS, ...) before anything is written; there is no
//!   per-record validation and no compression.
//! - Scripted faults (`fail_produces`) refuse the next batches with a chosen error, whatever their partition.

use super::partition::Role;
use super::producer_state::BatchCheck;
use super::Broker;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::setup::Setup;
use crate::engine::time::Duration;
use crate::engine::trace::TraceEvent;

/// A partition's part of a produce answered with `error` and nothing appended, traced as `ProduceErrored`.
fn refuse(
    ctx: &mut Ctx<'_>,
    broker: BrokerId,
    mut res: ProducePartitionResult,
    error: KafkaError,
) -> (ProducePartitionResult, Option<u64>) {
    res.error = Some(error);
    ctx.emit(TraceEvent::ProduceErrored {
        at: ctx.now,
        broker,
        tp: res.tp,
        error,
    });
    (res, None)
}

/// A produce request waiting in purgatory for the high watermark (`DelayedProduce`).
#[derive(Clone, Debug)]
pub(super) struct DelayedProduce {
    client: NodeId,
    correlation_id: u64,
    /// Per batch: result so far, and the offset the HW must reach.
    parts: Vec<(ProducePartitionResult, Option<u64>)>,
}

impl Broker {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_produce(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        client: NodeId,
        correlation_id: u64,
        acks: Acks,
        timeout: Duration,
        batches: Vec<WireBatch>,
    ) {
        let now = ctx.now;
        let me = self.id;
        let mut parts = Vec::new();
        for b in batches {
            let mut res = ProducePartitionResult {
                tp: b.tp,
                batch_id: b.batch_id,
                error: None,
                base_offset: 0,
            };
            let mut required = None;
            let injected = match self.fail_produces {
                Some((n, e)) if n > 0 => {
                    self.fail_produces = if n > 1 { Some((n - 1, e)) } else { None };
                    Some(e)
                }
                _ => None,
            };
            let min_isr = setup.min_isr(b.tp);
            let max_message_bytes = setup.topic(b.tp).config.max_message_bytes;
            let r = self.replicas.get_mut(&b.tp);
            let error = match &r {
                _ if injected.is_some() => injected,
                None => Some(KafkaError::NotLeaderOrFollower),
                Some(r) if r.role != Role::Leader => Some(KafkaError::NotLeaderOrFollower),
                Some(_) if b.size_bytes as u64 > max_message_bytes => {
                    Some(KafkaError::MessageTooLarge)
                }
                // Partition.appendRecordsToLeader: refuse before writing when the ISR is too small.
                Some(r) if acks == Acks::All && r.isr.len() < min_isr => {
                    Some(KafkaError::NotEnoughReplicas)
                }
                Some(_) => None,
            };
            if let Some(e) = error {
                parts.push(refuse(ctx, me, res, e));
                continue;
            }
            let Some(r) = r else { continue };
            // Idempotence checks (UnifiedLog.analyzeAndValidateProducerState).
            let n = b.records.len() as i32;
            let stamp = b.producer.map(|(pid, epoch)| ProducerStamp {
                producer_id: pid.0,
                epoch,
                base_sequence: b.base_sequence,
                last_sequence: b.base_sequence.wrapping_add(n - 1),
            });
            if let Some(s) = stamp {
                match r.producers.check(&s) {
                    BatchCheck::Append => {}
                    BatchCheck::Duplicate(dup_base) => {
                        // A retry of a batch already written: answer with the original offsets, append nothing.
                        res.base_offset = dup_base;
                        ctx.emit(TraceEvent::DuplicateBatchDropped {
                            at: now,
                            broker: me,
                            tp: b.tp,
                            batch: b.batch_id,
                        });
                        let hw_ok = r.log.high_watermark > dup_base + (n as u64).saturating_sub(1);
                        let req = (acks == Acks::All && !hw_ok).then_some(dup_base + n as u64);
                        parts.push((res, req));
                        continue;
                    }
                    BatchCheck::Refused(e) => {
                        parts.push(refuse(ctx, me, res, e));
                        continue;
                    }
                }
            }
            let epoch = r.leader_epoch;
            let base = r.log.log_end_offset();
            r.log.append_batch(
                epoch,
                stamp,
                b.records.iter().map(|rec| (rec.id, rec.size_bytes)),
            );
            if !b.records.is_empty() {
                ctx.emit(TraceEvent::RecordsAppended {
                    at: now,
                    broker: me,
                    tp: b.tp,
                    base_offset: base,
                    records: b.records.iter().map(|rec| rec.id).collect(),
                    leader_epoch: epoch,
                });
            }
            if let Some(s) = stamp {
                r.producers.update(s, base);
            }
            res.base_offset = base;
            let required = if acks == Acks::All {
                Some(r.log.log_end_offset())
            } else {
                required.take()
            };
            if let Some(req) = required {
                ctx.emit(TraceEvent::ProduceParked {
                    at: now,
                    broker: me,
                    tp: b.tp,
                    required_offset: req,
                });
            }
            parts.push((res, required));
        }
        // Each partition once, in order: a request has a few partitions, so a sorted Vec (not a B-tree set).
        let mut touched: Vec<TopicPartition> = parts.iter().map(|(r, _)| r.tp).collect();
        touched.sort_unstable();
        touched.dedup();
        // Appends moved these logs' ends: a follower's parked fetch reads up to there.
        for tp in &touched {
            self.fetch_moved(*tp);
        }
        let id = self.next_delayed;
        self.next_delayed += 1;
        let d = DelayedProduce {
            client,
            correlation_id,
            parts,
        };
        if acks == Acks::None {
            // acks=0: the broker never answers.
        } else if d.parts.iter().all(|(_, r)| r.is_none()) {
            self.respond_produce(ctx, d);
        } else {
            self.delayed_produce.insert(id, d);
            ctx.set_timer(TimerKind::DelayedProduceExpiry(id), timeout);
        }
        for tp in touched {
            self.maybe_advance_hw(ctx, setup, tp);
        }
        self.try_complete_fetches(ctx);
    }

    fn respond_produce(&mut self, ctx: &mut Ctx<'_>, d: DelayedProduce) {
        let results = d.parts.into_iter().map(|(r, _)| r).collect();
        ctx.send(
            d.client,
            Message::ProduceResponse {
                correlation_id: d.correlation_id,
                results,
            },
        );
    }

    /// `request.timeout.ms` (the produce's `timeout`) passed: every batch still waiting answers REQUEST_TIMED_OUT.
    pub(super) fn expire_delayed_produce(&mut self, ctx: &mut Ctx<'_>, id: u64) {
        if let Some(mut d) = self.delayed_produce.remove(&id) {
            for (res, req) in d.parts.iter_mut() {
                if req.is_some() {
                    res.error = Some(KafkaError::RequestTimedOut);
                    *req = None;
                }
            }
            self.respond_produce(ctx, d);
        }
    }

    /// `DelayedProduce.tryComplete` for parked requests on `tp`.
    pub(super) fn complete_produces(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        tp: TopicPartition,
    ) {
        let min_isr = setup.min_isr(tp);
        let Some(r) = self.replicas.get(&tp) else {
            return;
        };
        let hw = r.log.high_watermark;
        let isr_ok = r.maximal_isr().count() >= min_isr;
        let mut done = Vec::new();
        for (id, d) in self.delayed_produce.iter_mut() {
            for (res, req) in d.parts.iter_mut() {
                if res.tp == tp && req.is_some_and(|o| hw >= o) {
                    if !isr_ok {
                        res.error = Some(KafkaError::NotEnoughReplicasAfterAppend);
                    }
                    *req = None;
                }
            }
            if d.parts.iter().all(|(_, r)| r.is_none()) {
                done.push(*id);
            }
        }
        for id in done {
            if let Some(d) = self.delayed_produce.remove(&id) {
                ctx.cancel_timer(TimerKind::DelayedProduceExpiry(id));
                self.respond_produce(ctx, d);
            }
        }
    }

    /// Leadership lost: answer parked produces for this partition with NOT_LEADER_OR_FOLLOWER.
    pub(super) fn fail_parked_for(&mut self, ctx: &mut Ctx<'_>, tp: TopicPartition) {
        let ids: Vec<u64> = self.delayed_produce.keys().copied().collect();
        for id in ids {
            let mut done = false;
            if let Some(d) = self.delayed_produce.get_mut(&id) {
                for (res, req) in d.parts.iter_mut() {
                    if res.tp == tp && req.is_some() {
                        res.error = Some(KafkaError::NotLeaderOrFollower);
                        *req = None;
                    }
                }
                done = d.parts.iter().all(|(_, r)| r.is_none());
            }
            if done {
                if let Some(d) = self.delayed_produce.remove(&id) {
                    ctx.cancel_timer(TimerKind::DelayedProduceExpiry(id));
                    self.respond_produce(ctx, d);
                }
            }
        }
    }

    /// Parked produces whose every waiting partition has reached its required offset: none, after every event.
    pub fn parked_produces_ready(&self) -> usize {
        self.delayed_produce
            .values()
            .filter(|d| {
                d.parts.iter().all(|(res, req)| match req {
                    None => true,
                    // Done once the HW reaches it, or (with an error) once this broker no longer leads it.
                    Some(o) => self
                        .replicas
                        .get(&res.tp)
                        .is_none_or(|r| r.role != Role::Leader || r.log.high_watermark >= *o),
                })
            })
            .count()
    }
}
