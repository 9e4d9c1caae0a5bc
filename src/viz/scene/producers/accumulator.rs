//! A producer's `RecordAccumulator`: per-partition deques of batches, the open batch filling up, retried batches
//! re-enqueued at the head, and split batches.
//!
//! Models: `RecordAccumulator.append` (a new batch closes the previous tail), `reenqueue` after a retriable error
//! (back at the head of its deque, waiting `retry.backoff.ms`), `splitAndReenqueue` after `MESSAGE_TOO_LARGE`, a
//! batch expiring in `delivery.timeout.ms`, and `send()` blocking on `buffer.memory`.
//!
//! Simplifications: the trace names the pieces of a split batch but not their records, so the records are spread
//! evenly over the pieces for the picture.

use super::ProducerView;
use crate::engine::ids::*;
use crate::engine::protocol::KafkaError;
use crate::engine::time::Instant;
use crate::i18n::{key, Words};
use crate::viz::scene::Scene;

/// A batch in a producer's `RecordAccumulator` (or drained and awaiting its produce response).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenBatch {
    /// Its partition.
    pub tp: TopicPartition,
    /// Bytes so far (compare with `batch.size`).
    pub bytes: u32,
    /// The records in it.
    pub records: Vec<RecordId>,
    /// When its first record went in: `linger.ms` counts from here (`ProducerBatch.createdMs`).
    pub created_at: Instant,
    /// Closed for appends: a newer batch follows it, or it was re-enqueued for a retry or split.
    pub closed: bool,
    /// Send attempts that failed and were retried.
    pub attempts: u32,
    /// A retried batch may not be drained before this (`retry.backoff.ms`, exponential with jitter).
    pub backoff_until: Option<Instant>,
}

impl OpenBatch {
    /// An empty batch on `tp`, created at `at`, still open.
    fn new(tp: TopicPartition, at: Instant) -> OpenBatch {
        OpenBatch {
            tp,
            bytes: 0,
            records: Vec::new(),
            created_at: at,
            closed: false,
            attempts: 0,
            backoff_until: None,
        }
    }
}

impl ProducerView {
    /// The batch still accepting records on `tp` (the tail of its deque), if any.
    pub fn open_batch(&self, tp: TopicPartition) -> Option<&OpenBatch> {
        let id = self.deques.get(&tp)?.back()?;
        self.batches.get(id).filter(|b| !b.closed)
    }

    /// Batches on `tp` that are closed and wait to be drained (full, followed by a newer batch, or re-enqueued).
    pub fn queued(&self, tp: TopicPartition) -> usize {
        let n = self.deques.get(&tp).map_or(0, |d| d.len());
        n - usize::from(self.open_batch(tp).is_some())
    }

    pub(super) fn remove_from_deque(&mut self, id: BatchId) -> Option<OpenBatch> {
        let b = self.batches.remove(&id)?;
        if let Some(d) = self.deques.get_mut(&b.tp) {
            d.retain(|x| *x != id);
            if d.is_empty() {
                self.deques.remove(&b.tp);
            }
        }
        Some(b)
    }

    /// A record left the accumulator without being drained (its batch expired in `delivery.timeout.ms`).
    pub(super) fn forget_queued_record(&mut self, tp: TopicPartition, record: RecordId) {
        let ids: Vec<BatchId> = self
            .deques
            .get(&tp)
            .map(|d| d.iter().copied().collect())
            .unwrap_or_default();
        for id in ids {
            let Some(b) = self.batches.get_mut(&id) else {
                continue;
            };
            if let Some(pos) = b.records.iter().position(|r| *r == record) {
                b.records.remove(pos);
                if b.records.is_empty() {
                    self.remove_from_deque(id);
                }
                return;
            }
        }
    }

    /// The batch a retry or split is about: from the request that just completed, else still marked in flight.
    fn take_completed(&mut self, batch: BatchId) -> Option<OpenBatch> {
        self.completing
            .remove(&batch)
            .or_else(|| self.sending.remove(&batch))
    }
}

impl Scene {
    pub(in crate::viz::scene) fn handle_record_batched(
        &mut self,
        at: Instant,
        record: RecordId,
        batch: BatchId,
        tp: TopicPartition,
        batch_bytes: u32,
        new_batch: bool,
    ) {
        let Some(p) = self.producer_mut(record.producer()) else {
            return;
        };
        p.blocked = false;
        if new_batch || !p.batches.contains_key(&batch) {
            // The previous tail is closed for appends once a new batch is added behind it.
            if let Some(prev) = p.deques.get(&tp).and_then(|d| d.back()).copied() {
                if let Some(b) = p.batches.get_mut(&prev) {
                    b.closed = true;
                }
            }
            p.deques.entry(tp).or_default().push_back(batch);
        }
        let b = p
            .batches
            .entry(batch)
            .or_insert_with(|| OpenBatch::new(tp, at));
        b.bytes = batch_bytes;
        b.records.push(record);
    }

    pub(in crate::viz::scene) fn handle_send_blocked(&mut self, producer: ProducerIdx) {
        if let Some(p) = self.producer_mut(producer) {
            p.blocked = true;
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(in crate::viz::scene) fn handle_batch_retried(
        &mut self,
        at: Instant,
        producer: ProducerIdx,
        batch: BatchId,
        tp: TopicPartition,
        error: KafkaError,
        attempt: u32,
        backoff_until: Instant,
    ) {
        if let Some(p) = self.producer_mut(producer) {
            p.retries += 1;
            let mut b = p
                .take_completed(batch)
                .unwrap_or_else(|| OpenBatch::new(tp, at));
            b.closed = true;
            b.attempts = attempt;
            b.backoff_until = Some(backoff_until);
            // RecordAccumulator.reenqueue: back at the head of the deque.
            p.deques.entry(tp).or_default().push_front(batch);
            p.batches.insert(batch, b);
        }
        let text = Words::new(
            key("viz.note.retry"),
            &[("attempt", &attempt), ("error", &error.wire_name())],
        );
        self.note(at, Some(NodeId::Producer(producer)), text, true);
    }

    pub(in crate::viz::scene) fn handle_batch_split(
        &mut self,
        at: Instant,
        producer: ProducerIdx,
        batch: BatchId,
        tp: TopicPartition,
        into: &[BatchId],
    ) {
        let Some(p) = self.producer_mut(producer) else {
            return;
        };
        let (records, bytes, created_at, attempts) = p
            .take_completed(batch)
            .map(|b| (b.records, b.bytes, b.created_at, b.attempts))
            .unwrap_or((Vec::new(), 0, at, 0));
        // The trace names the pieces, not their records: spread the records evenly for the picture.
        let k = into.len().max(1);
        let per = records.len().div_ceil(k).max(1);
        let dq = p.deques.entry(tp).or_default();
        for (i, id) in into.iter().enumerate().rev() {
            dq.push_front(*id);
            let piece: Vec<RecordId> = records.iter().skip(i * per).take(per).copied().collect();
            p.batches.insert(
                *id,
                OpenBatch {
                    tp,
                    bytes: bytes / k as u32,
                    records: piece,
                    created_at,
                    closed: true,
                    attempts,
                    backoff_until: None,
                },
            );
        }
    }
}
