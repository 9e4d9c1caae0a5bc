//! The Sender thread: each round expires batches past `delivery.timeout.ms`, finds the brokers with a ready
//! partition, drains one request per broker under `max.in.flight.requests.per.connection` and `max.request.size`,
//! and completes every batch of a response: acknowledged, split on MESSAGE_TOO_LARGE, retried with backoff, or
//! failed.
//!
//! Models: `Sender.sendProducerData`, `RecordAccumulator.ready` / `drain` / `drainBatchesForOneNode`,
//! `Sender.handleProduceResponse` / `completeBatch` / `failBatch`, `RecordAccumulator.splitAndReenqueue`, and
//! `NetworkClient`'s in-flight requests and `request.timeout.ms` (shared/KAFKA.md §3, §4).
//!
//! Simplifications:
//! - The Sender is not a thread: it runs after the events that can make a batch ready (a `send()` that fills or
//!   opens a batch, a response, metadata) and on a wakeup timer for `linger.ms`, backoff and expiry.
//! - A request timeout closes the connection to that broker, failing every request on it (as `NetworkClient`
//!   does), and refreshes metadata.
//! - With `acks=0` a batch completes as soon as its request is sent, with offset -1.

use super::accumulator::{retry_backoff, Batch};
use super::Producer;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::{Duration, Instant};
use crate::engine::trace::TraceEvent;
use std::collections::BTreeSet;

/// A produce request awaiting its response (`NetworkClient.InFlightRequests`).
#[derive(Clone, Debug)]
pub(super) struct InFlight {
    correlation_id: u64,
    broker: BrokerId,
    pub(super) batches: Vec<Batch>,
    /// When the request left (for `request-latency-avg` / `-max`).
    sent_at: Instant,
}

/// What one walk of the accumulator found for a Sender round.
struct ReadyRound {
    /// Partitions with a request in flight, under `max.in.flight.requests.per.connection=1`.
    muted: BTreeSet<TopicPartition>,
    /// Brokers leading a sendable partition, in id order.
    ready_nodes: Vec<BrokerId>,
    /// When a partition's linger or backoff ends.
    next_check: Option<Instant>,
    /// A partition has no known leader.
    need_metadata: bool,
    /// The earliest delivery deadline of a head batch.
    next_expiry: Option<Instant>,
}

impl Producer {
    /// One round of `Sender.sendProducerData`.
    pub fn run_sender(&mut self, ctx: &mut Ctx<'_>) {
        let now = ctx.now;
        let delivery = Duration::from_ms(self.config.delivery_timeout_ms);
        let linger = Duration::from_ms(self.config.linger_ms);
        // The sender runs after every send(); almost always nothing has expired, so one walk of the deques finds
        // readiness and expiry, and batches are expired (undrained ones, then in-flight ones: expiry wins over a
        // late success) and the deques walked again only when something has.
        let mut oldest_in_flight = self.oldest_in_flight();
        let mut round = self.ready_round(now, linger, delivery);
        if round.is_none() || oldest_in_flight.is_some_and(|t| now.saturating_since(t) >= delivery)
        {
            self.expire_batches(ctx, delivery);
            oldest_in_flight = self.oldest_in_flight();
            round = self.ready_round(now, linger, delivery);
        }
        let Some(round) = round else {
            // Unreachable: expiring removed every expired head batch.
            return;
        };
        if round.need_metadata {
            self.request_metadata(ctx);
        }
        let mut drained = false;
        for &node in &round.ready_nodes {
            let in_flight = self.in_flight.iter().filter(|f| f.broker == node).count() as u64;
            if in_flight >= self.config.max_in_flight_requests_per_connection {
                continue;
            }
            let batches = self.drain_node(node, &round.muted, now);
            if batches.is_empty() {
                continue;
            }
            drained = true;
            // What goes in flight now counts for the next delivery-timeout check like what was in flight before
            // (acks=0 completes a request as it is sent: nothing goes in flight).
            let goes_in_flight = self.config.acks != Acks::None;
            if let Some(t) = batches
                .iter()
                .map(|b| b.created_at)
                .min()
                .filter(|_| goes_in_flight)
            {
                oldest_in_flight = Some(oldest_in_flight.map_or(t, |o| o.min(t)));
            }
            self.send_request(ctx, node, batches);
        }
        self.scratch_nodes = round.ready_nodes;
        // Draining took head batches: the walk's expiry deadline may be stale.
        let next_expiry = if drained {
            self.accumulator.next_expiry(delivery)
        } else {
            round.next_expiry
        };
        let mut next_check = round.next_check;
        if let Some(e) = next_expiry {
            next_check = Some(next_check.map_or(e, |n| n.min(e)));
        }
        if let Some(t) = oldest_in_flight {
            let e = t + delivery;
            next_check = Some(next_check.map_or(e, |n| n.min(e)));
        }
        match next_check {
            Some(t) => ctx.set_timer_at(TimerKind::SenderWakeup, t.max(now + Duration(1))),
            None => ctx.cancel_timer(TimerKind::SenderWakeup),
        }
    }

    /// Fails every batch whose `delivery.timeout.ms` has passed: undrained ones, head-first, then in-flight ones.
    fn expire_batches(&mut self, ctx: &mut Ctx<'_>, delivery: Duration) {
        let now = ctx.now;
        let mut freed = false;
        for b in self.accumulator.expired_batches(now, delivery) {
            self.fail_batch(ctx, b, KafkaError::Timeout);
            freed = true;
        }
        let mut expired_inflight = Vec::new();
        for f in self.in_flight.iter_mut() {
            if !f.batches.iter().any(|b| b.delivery_expired(now, delivery)) {
                continue;
            }
            let (dead, keep): (Vec<Batch>, Vec<Batch>) = std::mem::take(&mut f.batches)
                .into_iter()
                .partition(|b| b.delivery_expired(now, delivery));
            f.batches = keep;
            expired_inflight.extend(dead);
        }
        for b in expired_inflight {
            self.fail_batch(ctx, b, KafkaError::Timeout);
            freed = true;
        }
        // BufferPool.deallocate wakes a send() blocked in allocate(): expired batches gave their memory back.
        if freed {
            self.unblock(ctx);
        }
    }

    /// `RecordAccumulator.ready`: the brokers leading a sendable partition, when to look again, whether a partition
    /// has no known leader, and the earliest delivery deadline of a queued batch; `None` if a head batch has expired.
    fn ready_round(
        &mut self,
        now: Instant,
        linger: Duration,
        delivery: Duration,
    ) -> Option<ReadyRound> {
        let exhausted = self.blocked.is_some() && self.metadata_known;
        // Inserts (`extend`), not `collect()`, which sorts (one more sort in the page's wasm).
        let mut muted: BTreeSet<TopicPartition> = BTreeSet::new();
        if self.config.max_in_flight_requests_per_connection == 1 {
            muted.extend(
                self.in_flight
                    .iter()
                    .flat_map(|f| f.batches.iter().map(|b| b.tp)),
            );
        }
        // A few brokers at most: a sorted, deduplicated Vec (a B-tree set allocated a node on every round).
        let mut ready_nodes = std::mem::take(&mut self.scratch_nodes);
        ready_nodes.clear();
        let mut next_check: Option<Instant> = None;
        let mut need_metadata = false;
        let leaders = &self.leaders;
        let next_expiry = self
            .accumulator
            .scan(now, linger, exhausted, delivery, |tp, r| {
                match leaders.get(&tp).copied().flatten() {
                    None => need_metadata = true,
                    Some(l) if r.sendable && !muted.contains(&tp) => {
                        if !ready_nodes.contains(&l) {
                            ready_nodes.push(l);
                        }
                    }
                    Some(_) => {}
                }
                if let Some(t) = r.next_check {
                    next_check = Some(next_check.map_or(t, |n: Instant| n.min(t)));
                }
            })?;
        ready_nodes.sort_unstable();
        Some(ReadyRound {
            muted,
            ready_nodes,
            next_check,
            need_metadata,
            next_expiry,
        })
    }

    /// When the oldest batch in flight was created.
    fn oldest_in_flight(&self) -> Option<Instant> {
        self.in_flight
            .iter()
            .flat_map(|f| f.batches.iter().map(|b| b.created_at))
            .min()
    }

    /// `drainBatchesForOneNode`: the head batch of each partition led by `node`, round-robin from the drain index,
    /// up to `max.request.size` (the first batch always goes).
    fn drain_node(
        &mut self,
        node: BrokerId,
        muted: &BTreeSet<TopicPartition>,
        now: Instant,
    ) -> Vec<Batch> {
        let mut tps = std::mem::take(&mut self.scratch_tps);
        tps.clear();
        tps.extend(
            self.accumulator
                .nonempty()
                .filter(|(tp, _)| self.leaders.get(tp).copied().flatten() == Some(node))
                .map(|(tp, _)| tp),
        );
        let out = self.drain_from(node, &tps, muted, now);
        self.scratch_tps = tps;
        out
    }

    /// [`Self::drain_node`] over `tps`, the non-empty partitions `node` leads, in order.
    fn drain_from(
        &mut self,
        node: BrokerId,
        tps: &[TopicPartition],
        muted: &BTreeSet<TopicPartition>,
        now: Instant,
    ) -> Vec<Batch> {
        if tps.is_empty() {
            return Vec::new();
        }
        let start = self.drain_index.get(&node).copied().unwrap_or(0) % tps.len();
        // Draining adds nothing to `in_flight` (the request is sent after), so this holds for the whole drain.
        let retry_in_flight = self.config.enable_idempotence
            && self
                .in_flight
                .iter()
                .flat_map(|f| f.batches.iter())
                .any(|b| b.attempts > 0);
        let mut out: Vec<Batch> = Vec::new();
        let mut size = 0u64;
        for i in 0..tps.len() {
            let tp = tps[(start + i) % tps.len()];
            if muted.contains(&tp) {
                continue;
            }
            let Some(head) = self.accumulator.deques().get(&tp).and_then(|d| d.front()) else {
                continue;
            };
            if head.attempts > 0 && now.saturating_since(head.last_attempt_at) < head.retry_backoff
            {
                continue;
            }
            let (head_sequence, head_size) = (head.base_sequence, head.size_bytes);
            if self.should_stop_drain(tp, head_sequence, retry_in_flight) {
                continue;
            }
            if !out.is_empty() && size + head_size as u64 > self.config.max_request_size {
                break;
            }
            let Some(mut b) = self.accumulator.get_mut(&tp).and_then(|d| d.pop_front()) else {
                continue;
            };
            b.closed = true;
            self.assign_sequence(&mut b);
            size += b.size_bytes as u64;
            out.push(b);
            self.drain_index.insert(node, (start + i + 1) % tps.len());
        }
        out
    }

    /// `Sender.sendProduceRequest`: one ProduceRequest to `node`, awaited under `request.timeout.ms` (or completed at
    /// once with `acks=0`).
    fn send_request(&mut self, ctx: &mut Ctx<'_>, node: BrokerId, batches: Vec<Batch>) {
        self.next_correlation += 1;
        let c = self.next_correlation;
        let wire: Vec<WireBatch> = batches
            .iter()
            .map(|b| WireBatch {
                tp: b.tp,
                batch_id: b.id,
                producer: self
                    .config
                    .enable_idempotence
                    .then_some((self.producer_id, b.producer_epoch)),
                base_sequence: b.base_sequence.unwrap_or(-1),
                records: b
                    .records
                    .iter()
                    .map(|(id, _, _, s)| WireRecord {
                        id: *id,
                        size_bytes: *s,
                    })
                    .collect(),
                size_bytes: b.size_bytes,
            })
            .collect();
        self.counters.requests += 1;
        self.counters.batches_sent += batches.len() as u64;
        self.counters.batch_bytes += batches.iter().map(|b| b.size_bytes as u64).sum::<u64>();
        ctx.emit(TraceEvent::BatchesDrained {
            at: ctx.now,
            producer: self.idx,
            broker: node,
            batches: batches.iter().map(|b| b.id).collect(),
            correlation_id: c,
        });
        ctx.send(
            NodeId::Broker(node),
            Message::ProduceRequest {
                correlation_id: c,
                acks: self.config.acks,
                timeout: Duration::from_ms(self.config.request_timeout_ms),
                batches: wire,
            },
        );
        if self.config.acks == Acks::None {
            // acks=0: complete as soon as it is sent, offset -1.
            for b in batches {
                self.complete_batch(ctx, b, -1);
            }
            return;
        }
        ctx.set_timer(
            TimerKind::ProduceRequestTimeout(c),
            Duration::from_ms(self.config.request_timeout_ms),
        );
        self.in_flight.push(InFlight {
            sent_at: ctx.now,
            correlation_id: c,
            broker: node,
            batches,
        });
    }

    /// Batches in flight, for the page.
    pub fn in_flight_batches(&self) -> Vec<(BrokerId, BatchId)> {
        self.in_flight
            .iter()
            .flat_map(|f| f.batches.iter().map(move |b| (f.broker, b.id)))
            .collect()
    }

    /// `Sender.handleProduceResponse`: complete each batch of the request, refresh metadata if an error says it is
    /// stale, then let a blocked `send()` and the next round go on.
    pub(super) fn handle_produce_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        correlation_id: u64,
        results: &[ProducePartitionResult],
    ) {
        let Some(pos) = self
            .in_flight
            .iter()
            .position(|f| f.correlation_id == correlation_id)
        else {
            return;
        };
        let f = self.in_flight.remove(pos);
        ctx.cancel_timer(TimerKind::ProduceRequestTimeout(correlation_id));
        ctx.emit(TraceEvent::ProduceRequestCompleted {
            at: ctx.now,
            producer: self.idx,
            broker: f.broker,
            correlation_id,
            error: None,
        });
        let lat = ctx.now.saturating_since(f.sent_at).0;
        self.counters.latency_sum_us += lat;
        self.counters.latency_max_us = self.counters.latency_max_us.max(lat);
        self.counters.responses += 1;
        let mut refresh = false;
        for b in f.batches {
            let Some(r) = results.iter().find(|r| r.batch_id == b.id) else {
                continue;
            };
            match r.error {
                None => self.complete_batch(ctx, b, r.base_offset as i64),
                Some(e) => {
                    refresh |= e.invalidates_metadata();
                    self.handle_batch_error(ctx, b, e);
                }
            }
        }
        if refresh {
            self.request_metadata(ctx);
        }
        self.unblock(ctx);
        self.run_sender(ctx);
    }

    /// `request.timeout.ms` ran out for request `c`: NetworkClient closes the connection, and every request on it
    /// fails.
    pub(super) fn handle_request_timeout(&mut self, ctx: &mut Ctx<'_>, c: u64) {
        if let Some(b) = self
            .in_flight
            .iter()
            .find(|f| f.correlation_id == c)
            .map(|f| f.broker)
        {
            self.fail_connection(ctx, b, Some(c));
        }
    }

    /// The connection to a broker dropped: its in-flight requests fail with NETWORK_EXCEPTION.
    pub(super) fn handle_disconnected(&mut self, ctx: &mut Ctx<'_>, from: NodeId) {
        if let NodeId::Broker(b) = from {
            if self.in_flight.iter().any(|f| f.broker == b) {
                self.fail_connection(ctx, b, None);
            }
        }
    }

    /// Fails every request in flight to `broker` (REQUEST_TIMED_OUT for `timed_out`, NETWORK_EXCEPTION for the
    /// others), then refreshes metadata and runs the sender.
    fn fail_connection(&mut self, ctx: &mut Ctx<'_>, broker: BrokerId, timed_out: Option<u64>) {
        let (dead, keep): (Vec<InFlight>, Vec<InFlight>) = std::mem::take(&mut self.in_flight)
            .into_iter()
            .partition(|f| f.broker == broker);
        self.in_flight = keep;
        for f in dead {
            ctx.cancel_timer(TimerKind::ProduceRequestTimeout(f.correlation_id));
            let err = if Some(f.correlation_id) == timed_out {
                KafkaError::RequestTimedOut
            } else {
                KafkaError::NetworkException
            };
            ctx.emit(TraceEvent::ProduceRequestCompleted {
                at: ctx.now,
                producer: self.idx,
                broker,
                correlation_id: f.correlation_id,
                error: Some(err),
            });
            for b in f.batches {
                self.handle_batch_error(ctx, b, err);
            }
        }
        self.request_metadata(ctx);
        self.run_sender(ctx);
    }

    /// `Sender.completeBatch` for an error: split, retry, or fail.
    fn handle_batch_error(&mut self, ctx: &mut Ctx<'_>, mut b: Batch, e: KafkaError) {
        let now = ctx.now;
        let delivery = Duration::from_ms(self.config.delivery_timeout_ms);
        if e == KafkaError::MessageTooLarge && b.records.len() > 1 {
            self.split_and_reenqueue(ctx, b);
            return;
        }
        let retriable = e.is_retriable()
            || (self.config.enable_idempotence && e == KafkaError::OutOfOrderSequenceNumber);
        let can_retry = retriable
            && !b.delivery_expired(now, delivery)
            && (b.attempts as u64) < self.config.retries;
        if can_retry {
            b.attempts += 1;
            // retry.backoff.ms × 2^(attempts−1) × U[0.8, 1.2), capped at retry.backoff.max.ms (KIP-580).
            let jitter = 800 + ctx.rng.below(400);
            b.retry_backoff = retry_backoff(
                b.attempts,
                self.config.retry_backoff_ms,
                self.config.retry_backoff_max_ms,
                jitter,
            );
            self.counters.retries += 1;
            ctx.emit(TraceEvent::BatchRetried {
                at: now,
                producer: self.idx,
                batch: b.id,
                tp: b.tp,
                error: e,
                attempt: b.attempts,
                backoff_until: now + b.retry_backoff,
            });
            self.accumulator.reenqueue(b, now);
        } else if b.delivery_expired(now, delivery) && retriable {
            self.fail_batch(ctx, b, KafkaError::Timeout);
        } else {
            self.fail_batch(ctx, b, e);
        }
    }

    /// `splitAndReenqueue` on MESSAGE_TOO_LARGE: the batch's records go into `batch.size` pieces at the front of its
    /// deque, in order; this is not a retry attempt.
    fn split_and_reenqueue(&mut self, ctx: &mut Ctx<'_>, b: Batch) {
        let mut pieces: Vec<Batch> = Vec::new();
        for (k, (id, kl, vl, _)) in b.records.iter().copied().enumerate() {
            let ts = b.timestamps.get(k).copied().unwrap_or(b.created_at);
            let fits = pieces.last().is_some_and(|p| p.has_room_for(ts, kl, vl));
            if !fits {
                self.next_batch += 1;
                let mut nb = Batch::new(
                    BatchId(self.next_batch),
                    b.tp,
                    self.config.batch_size.max(1),
                    b.created_at,
                );
                nb.attempts = b.attempts;
                nb.headers_size = b.headers_size;
                pieces.push(nb);
            }
            if let Some(p) = pieces.last_mut() {
                p.append(ts, id, kl, vl);
            }
        }
        ctx.emit(TraceEvent::BatchSplit {
            at: ctx.now,
            producer: self.idx,
            batch: b.id,
            tp: b.tp,
            into: pieces.iter().map(|p| p.id).collect(),
        });
        self.split_sequences(&b, &mut pieces);
        for mut p in pieces.into_iter().rev() {
            p.closed = true;
            let dq = self.accumulator.deque_mut(p.tp);
            dq.push_front(p);
        }
    }

    fn free(&mut self, b: &Batch) {
        self.accumulator.buffer_used = self.accumulator.buffer_used.saturating_sub(b.capacity);
    }

    /// `Sender.completeBatch` for a success: give the memory back, then each record's callback gets its offset.
    fn complete_batch(&mut self, ctx: &mut Ctx<'_>, b: Batch, base_offset: i64) {
        self.free(&b);
        self.handle_completed_batch(ctx, &b);
        for (i, (id, ..)) in b.records.iter().enumerate() {
            let offset = if self.config.acks == Acks::None {
                -1
            } else {
                base_offset + i as i64
            };
            self.counters.records_acked += 1;
            ctx.emit(TraceEvent::RecordAcked {
                at: ctx.now,
                record: *id,
                tp: b.tp,
                offset,
                timestamp: b.timestamps.get(i).copied().unwrap_or(b.created_at),
                acks: self.config.acks,
            });
        }
    }

    /// `Sender.failBatch`: give the memory back, then each record's callback gets the exception.
    fn fail_batch(&mut self, ctx: &mut Ctx<'_>, b: Batch, e: KafkaError) {
        self.free(&b);
        for (id, ..) in &b.records {
            self.fail_record(ctx, *id, Some(b.tp), e);
        }
        self.handle_failed_batch(ctx, &b);
    }
}
