//! The Java producer: `send()` (serializer, partitioner, accumulator, `buffer.memory` / `max.block.ms`) and the
//! Sender thread (drain per broker, `max.in.flight.requests.per.connection`, `request.timeout.ms`, retries with
//! exponential backoff, `delivery.timeout.ms`, idempotent sequence numbers, batch split on MESSAGE_TOO_LARGE), ending
//! every record in a callback with metadata or an exception.
//!
//! Models: `KafkaProducer`, `Sender`, `TransactionManager` (idempotence part), `NetworkClient` in-flight limits
//! (shared/KAFKA.md §3, §4). This file holds the `Producer` state and routes timers and responses; the concepts live
//! beside it:
//! - `workload`: the application thread that calls `send()` (keys, values, rate, count);
//! - `send`: `KafkaProducer.send()` / `doSend` (serializer, partition choice, accumulator append, blocking);
//! - `sender`: the `Sender` thread (expiry, drain, produce requests, responses, retries, split);
//! - `idempotence`: `TransactionManager`'s idempotent part (sequences, unresolved sequences, epoch bump);
//! - `metadata`: the producer's `Metadata` (one request at a time, refreshed on errors);
//! - `accumulator`, `partitioner`: `RecordAccumulator` and the partitioners, as plain values.
//!
//! Simplifications:
//! - The producer id comes from the scenario (no InitProducerId round trip); the epoch starts at 0.
//! - On a sequence gap the producer bumps its epoch and resets all sequences (Kafka's idempotent-producer recovery).
//! - Metadata comes from one Metadata request to a broker, refreshed on errors that invalidate it.

pub mod accumulator;
mod idempotence;
mod metadata;
pub mod partitioner;
mod send;
mod sender;
mod workload;

use super::ids::*;
use super::node::{Ctx, TimerKind};
use super::partition_map::PartitionMap;
use super::protocol::*;
use super::setup::Setup;
use super::time::Instant;
use super::trace::TraceEvent;
use crate::scenario::config::ProducerConfig;
use crate::scenario::Workload;
use accumulator::RecordAccumulator;
use partitioner::StickyPartitioner;
use std::collections::BTreeMap;

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
    pub leaders: PartitionMap<Option<BrokerId>>,
    metadata_known: bool,
    metadata_in_flight: Option<u64>,
    metadata_broker: usize,
    next_n: u64,
    /// Cycled keys and their bytes, made on first use (`workload::key_and_bytes`).
    key_cache: Vec<(std::rc::Rc<str>, std::rc::Rc<[u8]>)>,
    blocked: Option<send::Blocked>,
    /// The accumulator.
    pub accumulator: RecordAccumulator,
    sticky: StickyPartitioner,
    round_robin: u32,
    in_flight: Vec<sender::InFlight>,
    drain_index: BTreeMap<BrokerId, usize>,
    /// Reused by each Sender round for the brokers it found ready and the partitions it drains (a round runs
    /// after most `send()`s; allocating both lists each time was ~5 % of a producer's allocations).
    scratch_nodes: Vec<BrokerId>,
    scratch_tps: Vec<TopicPartition>,
    next_batch: u64,
    next_correlation: u64,
    /// Idempotence: producer id and epoch.
    pub producer_id: ProducerId,
    /// Current epoch.
    pub epoch: u16,
    /// Idempotence: per-partition sequence state (`TxnPartitionMap`).
    seq: PartitionMap<idempotence::PartitionSeq>,
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
            leaders: PartitionMap::default(),
            metadata_known: false,
            metadata_in_flight: None,
            metadata_broker: idx.0 as usize,
            next_n: 0,
            key_cache: Vec::new(),
            blocked: None,
            accumulator: RecordAccumulator::default(),
            sticky: StickyPartitioner::default(),
            round_robin: 0,
            in_flight: Vec::new(),
            drain_index: BTreeMap::new(),
            scratch_nodes: Vec::new(),
            scratch_tps: Vec::new(),
            next_batch: 0,
            next_correlation: 0,
            producer_id: ProducerId(1000 + idx.0 as i64),
            epoch: 0,
            seq: PartitionMap::default(),
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

    /// Ends record `id` in its callback with `error` (and in the dead-letter list), whether `send()` threw it or the
    /// Sender failed its batch.
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

    /// Handles a timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind) {
        match kind {
            TimerKind::SendNext => self.send_next(ctx),
            TimerKind::SenderWakeup => self.run_sender(ctx),
            TimerKind::BlockedSendTimeout => self.handle_blocked_send_timeout(ctx),
            TimerKind::MetadataRetry => self.handle_metadata_retry(ctx),
            TimerKind::ProduceRequestTimeout(c) => self.handle_request_timeout(ctx, c),
            _ => {}
        }
    }

    /// Handles a message.
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message) {
        match msg {
            Message::MetadataResponse {
                correlation_id,
                partitions,
                ..
            } => self.handle_metadata_response(ctx, correlation_id, &partitions),
            Message::ProduceResponse {
                correlation_id,
                results,
            } => self.handle_produce_response(ctx, correlation_id, &results),
            Message::Disconnected => self.handle_disconnected(ctx, from),
            _ => {}
        }
    }

    /// Whether everything sent has completed.
    pub fn idle(&self) -> bool {
        self.in_flight.is_empty()
            && self.accumulator.nonempty().next().is_none()
            && self.blocked.is_none()
    }
}
