//! Producer clients: `send()` through the serializers and the partitioner, and the callbacks that come back.
//!
//! Models: `KafkaProducer.send()` (serialize key and value, choose a partition, check `max.request.size`) and the
//! `Callback` it completes with `RecordMetadata` or an exception; failed records are kept as the application's
//! dead-letter list. The accumulator's batches and the sender's requests are in
//! `accumulator` and `sender`.
//!
//! Simplifications: only the last serializer output, partitioner choice and callback are kept; at most
//! [`MAX_DEAD_LETTERS`] failed records per producer.

mod accumulator;
mod sender;

pub use accumulator::OpenBatch;
pub use sender::ProduceRequestView;

use super::Scene;
use crate::engine::ids::*;
use crate::engine::protocol::{Acks, KafkaError};
use crate::engine::time::Instant;
use crate::engine::topology::ProducerInfo;
use crate::engine::trace::PartitionReason;
use crate::i18n::Words;
use std::collections::{BTreeMap, VecDeque};

/// At most this many failed records are listed per producer (newest first).
pub const MAX_DEAD_LETTERS: usize = 50;

/// The last record that went through the serializers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Serialized {
    /// When.
    pub at: Instant,
    /// Serialized key length, bytes (`None`: null key).
    pub key_bytes: Option<u32>,
    /// Serialized value length, bytes.
    pub value_bytes: u32,
}

/// A record `send()` refused before it reached the accumulator (serializer or size check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// When.
    pub at: Instant,
    /// The record.
    pub record: RecordId,
    /// `SerializationException` or `RecordTooLargeException`.
    pub error: KafkaError,
}

/// A producer callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackView {
    /// When it fired.
    pub at: Instant,
    /// The record.
    pub record: RecordId,
    /// Its partition, if it got one.
    pub tp: Option<TopicPartition>,
    /// `RecordMetadata.offset()` (−1 with acks=0), when it succeeded.
    pub offset: Option<i64>,
    /// `RecordMetadata.timestamp()` (the record's CreateTime), when it succeeded.
    pub timestamp: Option<Instant>,
    /// The exception, when it failed.
    pub error: Option<KafkaError>,
}

/// A record whose callback saw an exception, kept for later correction (the producer's dead-letter list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetter {
    /// When the callback fired.
    pub at: Instant,
    /// The record.
    pub record: RecordId,
    /// Its partition, if the partitioner had chosen one.
    pub tp: Option<TopicPartition>,
    /// The exception.
    pub error: KafkaError,
}

/// The partitioner's last choice, shown under the producer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionChoice {
    /// When.
    pub at: Instant,
    /// The partition chosen.
    pub tp: TopicPartition,
    /// Why.
    pub reason: PartitionReason,
    /// The record key, if any.
    pub key: Option<std::rc::Rc<str>>,
}

/// A producer client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerView {
    /// Its index.
    pub idx: ProducerIdx,
    /// `acks`.
    pub acks: Acks,
    /// `batch.size`, bytes.
    pub batch_size: u64,
    /// `linger.ms`.
    pub linger_ms: u64,
    /// `enable.idempotence`.
    pub enable_idempotence: bool,
    /// `max.in.flight.requests.per.connection`.
    pub max_in_flight: u64,
    /// `retry.backoff.ms`.
    pub retry_backoff_ms: u64,
    /// Batches in the accumulator (filling, or queued until drained), by id.
    pub batches: BTreeMap<BatchId, OpenBatch>,
    /// The accumulator's deques: batch ids per partition, head (next to drain) first.
    pub deques: BTreeMap<TopicPartition, VecDeque<BatchId>>,
    /// Drained batches whose request is in flight.
    pub sending: BTreeMap<BatchId, OpenBatch>,
    /// Batches of the request that completed last: their retry or split follows in the trace.
    completing: BTreeMap<BatchId, OpenBatch>,
    /// Produce requests in flight, by correlation id.
    pub requests: BTreeMap<u64, ProduceRequestView>,
    /// `send()` calls.
    pub sent: u64,
    /// Callbacks with metadata.
    pub acked: u64,
    /// Callbacks with an exception.
    pub failed: u64,
    /// Batch retries.
    pub retries: u64,
    /// `send()` is blocked on `buffer.memory`.
    pub blocked: bool,
    /// The last record through the serializers.
    pub last_serialized: Option<Serialized>,
    /// Records refused by `send()` before the accumulator.
    pub rejected: u64,
    /// The last of them.
    pub last_rejection: Option<Rejection>,
    /// The last partitioner decision.
    pub last_choice: Option<PartitionChoice>,
    /// The last exception a callback saw.
    pub last_error: Option<KafkaError>,
    /// The last callback.
    pub last_callback: Option<CallbackView>,
    /// Failed records, newest first, at most [`MAX_DEAD_LETTERS`].
    pub dead_letters: VecDeque<DeadLetter>,
}

impl ProducerView {
    /// A producer before its first `send()`.
    pub(super) fn new(idx: ProducerIdx, c: &ProducerInfo) -> ProducerView {
        ProducerView {
            idx,
            acks: c.acks,
            batch_size: c.batch_size,
            linger_ms: c.linger_ms,
            enable_idempotence: c.enable_idempotence,
            max_in_flight: c.max_in_flight_requests_per_connection,
            retry_backoff_ms: c.retry_backoff_ms,
            batches: BTreeMap::new(),
            deques: BTreeMap::new(),
            sending: BTreeMap::new(),
            completing: BTreeMap::new(),
            requests: BTreeMap::new(),
            sent: 0,
            acked: 0,
            failed: 0,
            retries: 0,
            blocked: false,
            last_serialized: None,
            rejected: 0,
            last_rejection: None,
            last_choice: None,
            last_error: None,
            last_callback: None,
            dead_letters: VecDeque::new(),
        }
    }

    fn push_dead_letter(&mut self, letter: DeadLetter) {
        self.dead_letters.push_front(letter);
        self.dead_letters.truncate(MAX_DEAD_LETTERS);
    }
}

impl Scene {
    fn producer_mut(&mut self, idx: ProducerIdx) -> Option<&mut ProducerView> {
        self.producers.get_mut(idx.0 as usize)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_record_sent(
        &mut self,
        at: Instant,
        record: RecordId,
        tp: TopicPartition,
        reason: PartitionReason,
        key: &Option<std::rc::Rc<str>>,
        key_bytes: Option<u32>,
        value_bytes: u32,
    ) {
        self.totals.sent += 1;
        if let Some(p) = self.producer_mut(record.producer()) {
            p.sent += 1;
            p.last_serialized = Some(Serialized {
                at,
                key_bytes,
                value_bytes,
            });
            p.last_choice = Some(PartitionChoice {
                at,
                tp,
                reason,
                key: key.clone(),
            });
        }
    }

    /// The callback completed with `RecordMetadata`.
    pub(super) fn handle_record_acked(
        &mut self,
        at: Instant,
        record: RecordId,
        tp: TopicPartition,
        offset: i64,
        timestamp: Instant,
    ) {
        self.totals.acked += 1;
        if let Some(p) = self.producer_mut(record.producer()) {
            p.acked += 1;
            p.last_callback = Some(CallbackView {
                at,
                record,
                tp: Some(tp),
                offset: Some(offset),
                timestamp: Some(timestamp),
                error: None,
            });
        }
    }

    /// The callback completed with an exception. Without a partition, a `SerializationException` or
    /// `RecordTooLargeException` is `send()` refusing the record before the accumulator.
    pub(super) fn handle_record_failed(
        &mut self,
        at: Instant,
        record: RecordId,
        tp: Option<TopicPartition>,
        error: KafkaError,
    ) {
        self.totals.failed += 1;
        let producer = record.producer();
        if let Some(p) = self.producer_mut(producer) {
            p.failed += 1;
            p.last_error = Some(error);
            p.last_callback = Some(CallbackView {
                at,
                record,
                tp,
                offset: None,
                timestamp: None,
                error: Some(error),
            });
            p.push_dead_letter(DeadLetter {
                at,
                record,
                tp,
                error,
            });
            match tp {
                Some(tp) => p.forget_queued_record(tp, record),
                None if matches!(
                    error,
                    KafkaError::Serialization | KafkaError::RecordTooLarge
                ) =>
                {
                    p.rejected += 1;
                    p.last_rejection = Some(Rejection { at, record, error });
                }
                None => {}
            }
        }
        let on = tp
            .map(|tp| format!(" ({})", self.tp_name(tp)))
            .unwrap_or_default();
        self.note(
            at,
            Some(NodeId::Producer(producer)),
            Words::plain(format!("{}{on}", error.exception_name())),
            true,
        );
    }
}
