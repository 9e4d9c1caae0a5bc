//! The Java producer: `send()` (serializer, partitioner, accumulator, `buffer.memory` / `max.block.ms`) and the
//! Sender thread (drain per broker, `max.in.flight.requests.per.connection`, `request.timeout.ms`, retries with
//! exponential backoff, `delivery.timeout.ms`, idempotent sequence numbers, batch split on MESSAGE_TOO_LARGE), ending
//! every record in a callback with metadata or an exception.
//!
//! Models: `KafkaProducer`, `Sender`, `TransactionManager` (idempotence part), `NetworkClient` in-flight limits
//! (shared/KAFKA.md §3, §4).
//!
//! Simplifications:
//! - The producer id comes from the scenario (no InitProducerId round trip); the epoch starts at 0.
//! - On a sequence gap the producer bumps its epoch and resets all sequences (Kafka's idempotent-producer recovery).
//! - Metadata comes from one Metadata request to a broker, refreshed on errors that invalidate it.

pub mod accumulator;
pub mod partitioner;

use super::ids::*;
use super::node::{Ctx, TimerKind};
use super::protocol::*;
use super::setup::Setup;
use super::time::{Duration, Instant};
use super::trace::{PartitionReason, TraceEvent};
use crate::scenario::config::{PartitionerKind, ProducerConfig};
use crate::scenario::{KeySpec, Workload};
use accumulator::{retry_backoff, Batch, RecordAccumulator};
use partitioner::{partition_for_key, serialize_key, StickyPartitioner};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
struct InFlight {
    correlation_id: u64,
    broker: BrokerId,
    batches: Vec<Batch>,
    /// When the request left (for `request-latency-avg` / `-max`).
    sent_at: Instant,
}

/// A record `send()` is blocked on (metadata or buffer memory).
#[derive(Clone, Debug)]
struct Blocked {
    n: u64,
    since: Instant,
}

/// Producer metrics, named as Kafka's `producer-metrics`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerCounters {
    /// Records handed to `send()`.
    pub records_sent: u64,
    /// Records acknowledged.
    pub records_acked: u64,
    /// Records failed.
    pub records_failed: u64,
    /// Batch retries (each re-enqueue).
    pub retries: u64,
    /// Produce requests sent.
    pub requests: u64,
    /// Batches sent (including retries).
    pub batches_sent: u64,
    /// Sum of batch sizes sent, bytes.
    pub batch_bytes: u64,
    /// Sum of request latencies (send to response), µs.
    pub latency_sum_us: u64,
    /// Max request latency, µs.
    pub latency_max_us: u64,
    /// Responses received.
    pub responses: u64,
}

/// A producer client.
#[derive(Clone, Debug)]
pub struct Producer {
    /// Its index.
    pub idx: ProducerIdx,
    /// Config.
    pub config: ProducerConfig,
    workload: Workload,
    topic: TopicIdx,
    partitions: u32,
    /// Known leaders.
    pub leaders: BTreeMap<TopicPartition, Option<BrokerId>>,
    metadata_known: bool,
    metadata_in_flight: Option<u64>,
    metadata_broker: usize,
    next_n: u64,
    blocked: Option<Blocked>,
    /// The accumulator.
    pub accumulator: RecordAccumulator,
    sticky: StickyPartitioner,
    round_robin: u32,
    in_flight: Vec<InFlight>,
    drain_index: BTreeMap<BrokerId, usize>,
    next_batch: u64,
    next_correlation: u64,
    /// Idempotence: producer id and epoch.
    pub producer_id: ProducerId,
    /// Current epoch.
    pub epoch: u16,
    /// Idempotence: per-partition sequence state (`TxnPartitionMap`).
    seq: BTreeMap<TopicPartition, PartitionSeq>,
    /// The encoded size of the header section every record carries (the workload's headers).
    headers_size: u32,
    /// The last `send()` filled its batch or created one: `KafkaProducer.doSend` wakes the sender only then.
    wake_sender: bool,
    /// Failed records with the exception (the dead-letter list).
    pub dead_letters: Vec<(RecordId, KafkaError)>,
    /// Metrics.
    pub counters: ProducerCounters,
    brokers: Vec<BrokerId>,
}

/// One partition's idempotence state, as the Java client's `TxnPartitionEntry` keeps it.
#[derive(Clone, Debug, Default)]
struct PartitionSeq {
    /// The producer epoch these sequences belong to.
    epoch: u16,
    /// The sequence the next new batch gets.
    next_sequence: i32,
    /// The last sequence the broker acknowledged (under `epoch`).
    last_acked: Option<i32>,
    /// Base sequences of batches sent at least once and not yet completed (in flight or waiting to retry):
    /// `inflightBatchesBySequence`.
    in_flight: BTreeSet<i32>,
    /// A sequenced batch failed on the client, so whether the broker wrote it is unknown
    /// (`partitionsWithUnresolvedSequences`): no new batch is drained until the in-flight ones complete.
    unresolved: bool,
}

impl Producer {
    /// A producer for `workload`.
    pub fn new(idx: ProducerIdx, setup: &Setup, workload: &Workload) -> Producer {
        let topic = setup
            .topics
            .iter()
            .position(|t| t.name == workload.topic)
            .unwrap_or(0);
        Producer {
            idx,
            config: setup.producers[idx.0 as usize].clone(),
            workload: workload.clone(),
            topic: TopicIdx(topic as u16),
            partitions: setup.topics[topic].partitions,
            leaders: BTreeMap::new(),
            metadata_known: false,
            metadata_in_flight: None,
            metadata_broker: idx.0 as usize,
            next_n: 0,
            blocked: None,
            accumulator: RecordAccumulator::default(),
            sticky: StickyPartitioner::default(),
            round_robin: 0,
            in_flight: Vec::new(),
            drain_index: BTreeMap::new(),
            next_batch: 0,
            next_correlation: 0,
            producer_id: ProducerId(1000 + idx.0 as i64),
            epoch: 0,
            seq: BTreeMap::new(),
            headers_size: partitioner::headers_size(
                &workload
                    .headers
                    .iter()
                    .map(|(k, v)| (k.len(), Some(v.len())))
                    .collect::<Vec<_>>(),
            ),
            wake_sender: false,
            dead_letters: Vec::new(),
            counters: ProducerCounters::default(),
            brokers: setup.brokers.clone(),
        }
    }

    fn interval(&self) -> Duration {
        Duration(1_000_000 / self.workload.rate_per_sec.max(1) as u64)
    }

    /// Starts the workload and fetches metadata.
    pub fn start(&mut self, ctx: &mut Ctx<'_>) {
        self.request_metadata(ctx);
        if self.workload.count > 0 {
            ctx.set_timer_at(
                TimerKind::SendNext,
                Instant::from_ms(self.workload.start_ms),
            );
        }
    }

    fn request_metadata(&mut self, ctx: &mut Ctx<'_>) {
        if self.metadata_in_flight.is_some() {
            return;
        }
        self.next_correlation += 1;
        self.metadata_in_flight = Some(self.next_correlation);
        let b = self.brokers[self.metadata_broker % self.brokers.len()];
        ctx.send(
            NodeId::Broker(b),
            Message::MetadataRequest {
                correlation_id: self.next_correlation,
            },
        );
        ctx.set_timer(
            TimerKind::MetadataRetry,
            Duration::from_ms(self.config.request_timeout_ms.min(5000)),
        );
    }

    fn key_for(&self, n: u64) -> Option<String> {
        match &self.workload.keys {
            KeySpec::None => None,
            KeySpec::Cycle { prefix, distinct } => {
                Some(format!("{prefix}-{}", n % (*distinct as u64).max(1)))
            }
            KeySpec::List(l) => l.get(n as usize % l.len().max(1)).cloned(),
        }
    }

    fn value_len(&self, n: u64) -> usize {
        self.workload
            .oversize
            .iter()
            .find(|(i, _)| *i as u64 == n)
            .map(|(_, v)| *v as usize)
            .unwrap_or(self.workload.value_bytes as usize)
    }

    fn fail_record(
        &mut self,
        ctx: &mut Ctx<'_>,
        id: RecordId,
        tp: Option<TopicPartition>,
        error: KafkaError,
    ) {
        self.counters.records_failed += 1;
        self.dead_letters.push((id, error));
        ctx.emit(TraceEvent::RecordFailed {
            at: ctx.now,
            record: id,
            tp,
            error,
        });
    }

    /// The application thread calls `send()` for record `n`. Returns false when `send()` blocks.
    fn try_send(&mut self, ctx: &mut Ctx<'_>, n: u64) -> bool {
        let now = ctx.now;
        let id = RecordId::new(self.idx, n);
        let key = self.key_for(n);
        let value_len = self.value_len(n);
        // The serializer runs first; a rejection is thrown from send() (SerializationException).
        if self.workload.reject.iter().any(|r| *r as u64 == n)
            || self.config.value_serializer == "reject"
        {
            self.counters.records_sent += 1;
            self.fail_record(ctx, id, None, KafkaError::Serialization);
            return true;
        }
        let key_bytes = key
            .as_ref()
            .map(|k| serialize_key(k, &self.config.key_serializer));
        let key_len = key_bytes.as_ref().map(|k| k.len());
        // Metadata first: send() waits for it up to max.block.ms.
        let explicit_ok = self.workload.partition.is_none_or(|p| p < self.partitions);
        if !self.metadata_known || !explicit_ok {
            self.block_send(ctx, n, id);
            if !explicit_ok {
                // The partition is not in the metadata; Kafka keeps refreshing until max.block.ms.
                self.request_metadata(ctx);
            }
            return false;
        }
        let upper = partitioner::record_upper_bound_with(
            key_len.unwrap_or(0),
            value_len,
            self.headers_size,
        );
        if upper > self.config.max_request_size || upper > self.config.buffer_memory {
            self.counters.records_sent += 1;
            self.fail_record(ctx, id, None, KafkaError::RecordTooLarge);
            return true;
        }
        // Partition choice (KafkaProducer.partition).
        let (partition, reason) = match (self.workload.partition, &key_bytes) {
            (Some(p), _) => (p, PartitionReason::Explicit),
            (None, _) if self.config.partitioner == PartitionerKind::RoundRobin => {
                let p = self.round_robin_pick();
                (p, PartitionReason::RoundRobin)
            }
            (None, Some(k)) if !self.config.partitioner_ignore_keys => (
                partition_for_key(k, self.partitions),
                PartitionReason::KeyHash(partitioner::murmur2(k)),
            ),
            (None, _) if self.config.partitioner == PartitionerKind::LegacyRoundRobin => {
                let p = self.round_robin_pick();
                (p, PartitionReason::LegacyRoundRobin)
            }
            (None, _) => (self.sticky_partition(ctx), PartitionReason::Sticky),
        };
        let tp = TopicPartition {
            topic: self.topic,
            partition,
        };
        // Append to the last batch if it has room; otherwise allocate a new one from buffer.memory.
        let has_room = self
            .accumulator
            .deques
            .get(&tp)
            .and_then(|d| d.back())
            .is_some_and(|b| b.has_room_for(now, key_len, value_len));
        let mut new_batch = false;
        if !has_room {
            let need = self.config.batch_size.max(upper);
            if self.accumulator.buffer_used + need > self.config.buffer_memory {
                self.block_send(ctx, n, id);
                return false;
            }
            self.accumulator.buffer_used += need;
            self.next_batch += 1;
            let mut b = Batch::new(BatchId(self.next_batch), tp, need, now);
            b.headers_size = self.headers_size;
            self.accumulator.deques.entry(tp).or_default().push_back(b);
            new_batch = true;
        }
        self.counters.records_sent += 1;
        ctx.emit(TraceEvent::RecordSent {
            at: now,
            record: id,
            tp,
            reason,
            key: key.clone(),
            size_bytes: upper as u32,
            key_bytes: key_len.map(|l| l as u32),
            value_bytes: value_len as u32,
        });
        let (batch_id, batch_bytes, size, full) = {
            let Some(b) = self
                .accumulator
                .deques
                .get_mut(&tp)
                .and_then(|d| d.back_mut())
            else {
                return true;
            };
            let size = b.append(now, id, key_len, value_len);
            (b.id, b.size_bytes, size, b.is_full())
        };
        ctx.emit(TraceEvent::RecordBatched {
            at: now,
            record: id,
            batch: batch_id,
            tp,
            batch_bytes,
            new_batch,
        });
        self.wake_sender = full || new_batch;
        if reason == PartitionReason::Sticky
            && self
                .sticky
                .should_switch(size as u64, self.config.batch_size, full)
        {
            self.sticky.current = None;
        }
        true
    }

    fn available_partitions(&self) -> Vec<u32> {
        (0..self.partitions)
            .filter(|p| {
                self.leaders
                    .get(&TopicPartition {
                        topic: self.topic,
                        partition: *p,
                    })
                    .is_some_and(|l| l.is_some())
            })
            .collect()
    }

    fn round_robin_pick(&mut self) -> u32 {
        let avail = self.available_partitions();
        let c = self.round_robin;
        self.round_robin = self.round_robin.wrapping_add(1);
        if avail.is_empty() {
            (c & 0x7fff_ffff) % self.partitions
        } else {
            avail[(c & 0x7fff_ffff) as usize % avail.len()]
        }
    }

    fn sticky_partition(&mut self, ctx: &mut Ctx<'_>) -> u32 {
        if let Some(p) = self.sticky.current {
            return p;
        }
        let avail = self.available_partitions();
        let queues: Vec<u32> = avail
            .iter()
            .map(|p| {
                self.accumulator.queue_len(TopicPartition {
                    topic: self.topic,
                    partition: *p,
                })
            })
            .collect();
        // Adaptive statistics only once every partition has had a deque.
        let all_seen = (0..self.partitions).all(|p| {
            self.accumulator.deques.contains_key(&TopicPartition {
                topic: self.topic,
                partition: p,
            })
        });
        let stats = (self.config.partitioner_adaptive_partitioning_enable && all_seen)
            .then_some(queues.as_slice());
        let r = ctx.rng.next_positive_i32();
        let p = StickyPartitioner::next_partition(r, &avail, self.partitions, stats);
        self.sticky = StickyPartitioner {
            current: Some(p),
            produced_bytes: 0,
        };
        p
    }

    /// `send()` blocks on record `n` (metadata or buffer memory) for at most `max.block.ms`.
    fn block_send(&mut self, ctx: &mut Ctx<'_>, n: u64, id: RecordId) {
        if self.blocked.is_none() {
            self.blocked = Some(Blocked { n, since: ctx.now });
            ctx.set_timer(
                TimerKind::BlockedSendTimeout,
                Duration::from_ms(self.config.max_block_ms),
            );
            ctx.emit(TraceEvent::SendBlocked {
                at: ctx.now,
                producer: self.idx,
                record: id,
            });
        }
    }

    /// The application's send loop: one record per `interval`, stalled while `send()` blocks.
    fn send_next(&mut self, ctx: &mut Ctx<'_>) {
        if self.blocked.is_some() || self.next_n >= self.workload.count as u64 {
            return;
        }
        let n = self.next_n;
        self.wake_sender = false;
        let sent = self.try_send(ctx, n);
        if sent {
            self.next_n += 1;
            if self.next_n < self.workload.count as u64 {
                ctx.set_timer(TimerKind::SendNext, self.interval());
            }
        }
        // `if (result.batchIsFull || result.newBatchCreated) sender.wakeup()`: a record added to a batch that is
        // still filling changes nothing the sender waits for (its linger and expiry timer is already set). A blocked
        // send() makes the accumulator "exhausted", which the sender must see.
        if !sent || self.wake_sender {
            self.run_sender(ctx);
        }
    }

    /// Retries a blocked `send()` (memory freed or metadata arrived).
    fn unblock(&mut self, ctx: &mut Ctx<'_>) {
        let Some(b) = self.blocked.take() else { return };
        if self.try_send(ctx, b.n) {
            ctx.cancel_timer(TimerKind::BlockedSendTimeout);
            self.next_n = b.n + 1;
            if self.next_n < self.workload.count as u64 {
                ctx.set_timer(TimerKind::SendNext, Duration::ZERO);
            }
        } else if self.blocked.is_none() {
            self.blocked = Some(b);
        } else if let Some(nb) = self.blocked.as_mut() {
            nb.since = b.since;
        }
    }

    /// Handles a timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind) {
        match kind {
            TimerKind::SendNext => self.send_next(ctx),
            TimerKind::SenderWakeup => self.run_sender(ctx),
            TimerKind::BlockedSendTimeout => {
                if let Some(b) = self.blocked.take() {
                    // max.block.ms ran out: TimeoutException, or BufferExhaustedException for memory.
                    let error = if self.metadata_known
                        && self.workload.partition.is_none_or(|p| p < self.partitions)
                    {
                        KafkaError::BufferExhausted
                    } else {
                        KafkaError::Timeout
                    };
                    self.counters.records_sent += 1;
                    self.fail_record(ctx, RecordId::new(self.idx, b.n), None, error);
                    self.next_n = b.n + 1;
                    if self.next_n < self.workload.count as u64 {
                        ctx.set_timer(TimerKind::SendNext, Duration::ZERO);
                    }
                }
            }
            TimerKind::MetadataRetry => {
                if self.metadata_in_flight.take().is_some() {
                    self.metadata_broker += 1;
                }
                let missing = !self.metadata_known || self.leaders.values().any(|l| l.is_none());
                if missing || self.blocked.is_some() {
                    self.request_metadata(ctx);
                }
            }
            TimerKind::ProduceRequestTimeout(c) => {
                // NetworkClient closes the connection on request.timeout.ms: every request on it fails.
                if let Some(b) = self
                    .in_flight
                    .iter()
                    .find(|f| f.correlation_id == c)
                    .map(|f| f.broker)
                {
                    self.fail_connection(ctx, b, Some(c));
                }
            }
            _ => {}
        }
    }

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
        self.metadata_known_stale(ctx);
        self.run_sender(ctx);
    }

    fn metadata_known_stale(&mut self, ctx: &mut Ctx<'_>) {
        self.request_metadata(ctx);
    }

    /// Handles a message.
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message) {
        match msg {
            Message::MetadataResponse {
                correlation_id,
                partitions,
                ..
            } => {
                if self.metadata_in_flight != Some(correlation_id) {
                    return;
                }
                self.metadata_in_flight = None;
                ctx.cancel_timer(TimerKind::MetadataRetry);
                for p in partitions.iter().filter(|p| p.tp.topic == self.topic) {
                    self.leaders.insert(p.tp, p.leader);
                }
                if partitions.iter().any(|p| p.tp.topic == self.topic) {
                    self.metadata_known = true;
                }
                if !self.metadata_known || self.leaders.values().any(|l| l.is_none()) {
                    self.metadata_broker += 1;
                    ctx.set_timer(
                        TimerKind::MetadataRetry,
                        Duration::from_ms(self.config.retry_backoff_ms.max(1)),
                    );
                }
                self.unblock(ctx);
                self.run_sender(ctx);
            }
            Message::ProduceResponse {
                correlation_id,
                results,
            } => {
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
            Message::Disconnected => {
                if let NodeId::Broker(b) = from {
                    if self.in_flight.iter().any(|f| f.broker == b) {
                        self.fail_connection(ctx, b, None);
                    }
                }
            }
            _ => {}
        }
    }

    fn free(&mut self, b: &Batch) {
        self.accumulator.buffer_used = self.accumulator.buffer_used.saturating_sub(b.capacity);
    }

    fn complete_batch(&mut self, ctx: &mut Ctx<'_>, b: Batch, base_offset: i64) {
        self.free(&b);
        if let (true, Some(base)) = (self.config.enable_idempotence, b.base_sequence) {
            let st = self.seq.entry(b.tp).or_default();
            st.in_flight.remove(&base);
            if b.producer_epoch == st.epoch {
                let last = base.wrapping_add(b.records.len() as i32 - 1);
                st.last_acked = Some(st.last_acked.map_or(last, |l| l.max(last)));
            }
            self.maybe_resolve(ctx, b.tp);
        }
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

    fn fail_batch(&mut self, ctx: &mut Ctx<'_>, b: Batch, e: KafkaError) {
        self.free(&b);
        for (id, ..) in &b.records {
            self.fail_record(ctx, *id, Some(b.tp), e);
        }
        // An idempotent producer whose sequenced batch failed may have left a gap (the broker may or may not have
        // written it): hold new batches for this partition until its in-flight batches complete, then bump the
        // epoch if the gap is real (`TransactionManager.markSequenceUnresolved` / `maybeResolveSequences`).
        if let (true, Some(base)) = (self.config.enable_idempotence, b.base_sequence) {
            let st = self.seq.entry(b.tp).or_default();
            st.in_flight.remove(&base);
            if b.producer_epoch == st.epoch {
                st.unresolved = true;
            }
            self.maybe_resolve(ctx, b.tp);
        }
    }

    /// `maybeResolveSequences` for one partition: once nothing sequenced is in flight, the partition is fine if the
    /// broker acknowledged up to the last sequence handed out; otherwise the epoch is bumped, and the partition
    /// restarts at sequence 0 under the new epoch on its next batch.
    fn maybe_resolve(&mut self, ctx: &mut Ctx<'_>, tp: TopicPartition) {
        let Some(st) = self.seq.get_mut(&tp) else {
            return;
        };
        if !st.unresolved || !st.in_flight.is_empty() {
            return;
        }
        st.unresolved = false;
        let complete = st.last_acked == Some(st.next_sequence.wrapping_sub(1));
        if !complete && st.epoch == self.epoch {
            self.bump_epoch(ctx);
        }
    }

    /// `bumpIdempotentProducerEpoch`: a new epoch for the producer. Batches already stamped keep their epoch and
    /// sequence; each partition starts again at sequence 0 once its in-flight batches of the old epoch are done.
    fn bump_epoch(&mut self, ctx: &mut Ctx<'_>) {
        self.epoch = self.epoch.wrapping_add(1);
        ctx.emit(TraceEvent::ProducerEpochBumped {
            at: ctx.now,
            producer: self.idx,
            epoch: self.epoch,
        });
    }

    /// `Sender.completeBatch` for an error: split, retry, or fail.
    fn handle_batch_error(&mut self, ctx: &mut Ctx<'_>, mut b: Batch, e: KafkaError) {
        let now = ctx.now;
        let delivery = Duration::from_ms(self.config.delivery_timeout_ms);
        if e == KafkaError::MessageTooLarge && b.records.len() > 1 {
            // Split into batch.size pieces and re-enqueue; this is not a retry attempt.
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
                at: now,
                producer: self.idx,
                batch: b.id,
                tp: b.tp,
                into: pieces.iter().map(|p| p.id).collect(),
            });
            // Pieces of a sequenced batch take over its sequence range, in order, under its epoch
            // (`RecordAccumulator.splitAndReenqueue`).
            if let (true, Some(base)) = (self.config.enable_idempotence, b.base_sequence) {
                let st = self.seq.entry(b.tp).or_default();
                st.in_flight.remove(&base);
                let mut next = base;
                for p in pieces.iter_mut() {
                    p.base_sequence = Some(next);
                    p.producer_epoch = b.producer_epoch;
                    st.in_flight.insert(next);
                    next = next.wrapping_add(p.records.len() as i32);
                }
            }
            for mut p in pieces.into_iter().rev() {
                p.closed = true;
                let dq = self.accumulator.deques.entry(p.tp).or_default();
                dq.push_front(p);
            }
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

    /// One round of `Sender.sendProducerData`.
    pub fn run_sender(&mut self, ctx: &mut Ctx<'_>) {
        let now = ctx.now;
        let delivery = Duration::from_ms(self.config.delivery_timeout_ms);
        // Expire first: undrained batches, then in-flight ones (expiry wins over a late success).
        for b in self.accumulator.expired_batches(now, delivery) {
            self.fail_batch(ctx, b, KafkaError::Timeout);
        }
        let mut expired_inflight = Vec::new();
        for f in self.in_flight.iter_mut() {
            // The sender runs after every send(); almost always nothing in flight has expired, and rebuilding each
            // request's batch list regardless was the largest cost of a producer-heavy run.
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
        }
        let linger = Duration::from_ms(self.config.linger_ms);
        let exhausted = self.blocked.is_some() && self.metadata_known;
        let muted: BTreeSet<TopicPartition> =
            if self.config.max_in_flight_requests_per_connection == 1 {
                self.in_flight
                    .iter()
                    .flat_map(|f| f.batches.iter().map(|b| b.tp))
                    .collect()
            } else {
                BTreeSet::new()
            };
        let mut ready_nodes: BTreeSet<BrokerId> = BTreeSet::new();
        let mut next_check: Option<Instant> = None;
        let mut need_metadata = false;
        // Walk the deques in hand: this runs after every send(), and a lookup per partition was most of its cost.
        for (tp, dq) in &self.accumulator.deques {
            if dq.is_empty() {
                continue;
            }
            let r = RecordAccumulator::ready_queue(dq, now, linger, exhausted);
            match self.leaders.get(tp).copied().flatten() {
                None => need_metadata = true,
                Some(l) if r.sendable && !muted.contains(tp) => {
                    ready_nodes.insert(l);
                }
                Some(_) => {}
            }
            if let Some(t) = r.next_check {
                next_check = Some(next_check.map_or(t, |n: Instant| n.min(t)));
            }
        }
        if need_metadata {
            self.request_metadata(ctx);
        }
        for node in ready_nodes {
            let in_flight = self.in_flight.iter().filter(|f| f.broker == node).count() as u64;
            if in_flight >= self.config.max_in_flight_requests_per_connection {
                continue;
            }
            let batches = self.drain_node(node, &muted, now);
            if batches.is_empty() {
                continue;
            }
            self.send_request(ctx, node, batches);
        }
        if let Some(e) = self.accumulator.next_expiry(delivery) {
            next_check = Some(next_check.map_or(e, |n| n.min(e)));
        }
        for f in &self.in_flight {
            for b in &f.batches {
                let e = b.created_at + delivery;
                next_check = Some(next_check.map_or(e, |n| n.min(e)));
            }
        }
        match next_check {
            Some(t) => ctx.set_timer_at(TimerKind::SenderWakeup, t.max(now + Duration(1))),
            None => ctx.cancel_timer(TimerKind::SenderWakeup),
        }
    }

    /// `drainBatchesForOneNode`: the head batch of each partition led by `node`, round-robin from the drain index,
    /// up to `max.request.size` (the first batch always goes).
    fn drain_node(
        &mut self,
        node: BrokerId,
        muted: &BTreeSet<TopicPartition>,
        now: Instant,
    ) -> Vec<Batch> {
        let tps: Vec<TopicPartition> = self
            .accumulator
            .deques
            .iter()
            .filter(|(tp, d)| {
                !d.is_empty() && self.leaders.get(tp).copied().flatten() == Some(node)
            })
            .map(|(tp, _)| *tp)
            .collect();
        if tps.is_empty() {
            return Vec::new();
        }
        let start = self.drain_index.get(&node).copied().unwrap_or(0) % tps.len();
        let mut out: Vec<Batch> = Vec::new();
        let mut size = 0u64;
        for i in 0..tps.len() {
            let tp = tps[(start + i) % tps.len()];
            if muted.contains(&tp) {
                continue;
            }
            let Some(head) = self.accumulator.deques.get(&tp).and_then(|d| d.front()) else {
                continue;
            };
            if head.attempts > 0 && now.saturating_since(head.last_attempt_at) < head.retry_backoff
            {
                continue;
            }
            // Idempotence: while an earlier sequence is in flight and this is a retry, wait (one in flight).
            if self.config.enable_idempotence {
                // (Sent batches are in `in_flight`; `PartitionSeq::in_flight` also counts those waiting to retry.)
                if let Some(s) = head.base_sequence {
                    let earlier_in_flight = self
                        .in_flight
                        .iter()
                        .flat_map(|f| f.batches.iter())
                        .any(|b| b.tp == tp && b.base_sequence.is_some_and(|m| m < s));
                    if earlier_in_flight {
                        continue;
                    }
                }
                if head.base_sequence.is_none()
                    && self
                        .in_flight
                        .iter()
                        .flat_map(|f| f.batches.iter())
                        .any(|b| b.tp == tp && b.attempts > 0)
                {
                    continue;
                }
                if head.base_sequence.is_none() {
                    let st = self.seq.entry(tp).or_default();
                    // Unknown outcome of an earlier batch, or batches of an older epoch still in flight: wait
                    // (`shouldStopDrainBatchesForPartition`).
                    if st.unresolved || (st.epoch != self.epoch && !st.in_flight.is_empty()) {
                        continue;
                    }
                    if st.epoch != self.epoch {
                        // `maybeUpdateProducerIdAndEpoch`: the new epoch starts this partition at sequence 0.
                        *st = PartitionSeq {
                            epoch: self.epoch,
                            ..PartitionSeq::default()
                        };
                    }
                }
            }
            if !out.is_empty() && size + head.size_bytes as u64 > self.config.max_request_size {
                break;
            }
            let Some(mut b) = self
                .accumulator
                .deques
                .get_mut(&tp)
                .and_then(|d| d.pop_front())
            else {
                continue;
            };
            b.closed = true;
            if self.config.enable_idempotence && b.base_sequence.is_none() {
                let st = self.seq.entry(tp).or_default();
                b.base_sequence = Some(st.next_sequence);
                b.producer_epoch = st.epoch;
                st.in_flight.insert(st.next_sequence);
                st.next_sequence = st.next_sequence.wrapping_add(b.records.len() as i32);
            }
            size += b.size_bytes as u64;
            out.push(b);
            self.drain_index.insert(node, (start + i + 1) % tps.len());
        }
        out
    }

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

    /// Whether everything sent has completed.
    pub fn idle(&self) -> bool {
        self.in_flight.is_empty()
            && self.accumulator.deques.values().all(|d| d.is_empty())
            && self.blocked.is_none()
    }
}
