//! The RecordAccumulator: per-partition deques of batches, readiness (`batch.size`, `linger.ms`, backoff), expiry
//! (`delivery.timeout.ms`) and `buffer.memory` accounting.
//!
//! Models: `RecordAccumulator`, `ProducerBatch`, `BufferPool` (shared/KAFKA.md §3).
//!
//! Simplifications:
//! - The buffer pool is a byte counter: batches allocate `max(batch.size, record upper bound)` and give it back on
//!   completion; there is no free list of pooled buffers.
//! - No compression: a batch's size is the 61-byte header plus the v2 sizes of its records.

use super::partitioner::{record_size_with, NO_HEADERS_SIZE, RECORD_BATCH_OVERHEAD};
use crate::engine::ids::*;
use crate::engine::partition_map::PartitionMap;
use crate::engine::time::{Duration, Instant};
use std::collections::VecDeque;

/// Records a fresh batch has room for before its lists grow.
const FIRST_RECORDS: usize = 16;

/// A producer batch (`ProducerBatch`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    /// Id, unique per producer.
    pub id: BatchId,
    /// Partition.
    pub tp: TopicPartition,
    /// (record, key length, value length, size on the wire).
    pub records: Vec<(RecordId, Option<usize>, usize, u32)>,
    /// Each record's timestamp (`CreateTime`: when `send()` was called), by position.
    pub timestamps: Vec<Instant>,
    /// The encoded size of every record's header section (the producer's headers; 1 byte when none).
    pub headers_size: u32,
    /// Header + records, bytes.
    pub size_bytes: u32,
    /// Buffer bytes allocated for it (`writeLimit`).
    pub capacity: u64,
    /// `createdMs`: when the first record went in.
    pub created_at: Instant,
    /// `lastAttemptMs`: creation, or the last re-enqueue.
    pub last_attempt_at: Instant,
    /// Send attempts so far.
    pub attempts: u32,
    /// Backoff before the next attempt (exponential with seeded jitter, set on re-enqueue).
    pub retry_backoff: Duration,
    /// Idempotence: base sequence once drained.
    pub base_sequence: Option<i32>,
    /// Idempotence: the producer epoch it was stamped with.
    pub producer_epoch: u16,
    /// Closed for appends (drained at least once).
    pub closed: bool,
}

impl Batch {
    /// `hasRoomFor`: the first record always fits; then `writeLimit >= estimated + record size`.
    pub fn has_room_for(&self, now: Instant, key_len: Option<usize>, value_len: usize) -> bool {
        if self.closed {
            return false;
        }
        if self.records.is_empty() {
            return true;
        }
        if self.is_full() {
            return false;
        }
        let next = self.record_size(now, key_len, value_len);
        self.capacity >= self.size_bytes as u64 + next as u64
    }

    /// `isFull`: closed, or the estimate reached the write limit.
    pub fn is_full(&self) -> bool {
        self.closed || (!self.records.is_empty() && self.capacity <= self.size_bytes as u64)
    }

    /// The next record's size: its offset and timestamp deltas from the batch's first record, and the headers.
    fn record_size(&self, now: Instant, key_len: Option<usize>, value_len: usize) -> u32 {
        let first = self.timestamps.first().copied().unwrap_or(now);
        let ts_delta_ms = (now.saturating_since(first).0 / 1000) as i64;
        record_size_with(
            self.records.len() as i64,
            ts_delta_ms,
            key_len,
            value_len,
            self.headers_size,
        )
    }

    /// Appends a record sent at `now`, returning its size.
    pub fn append(
        &mut self,
        now: Instant,
        id: RecordId,
        key_len: Option<usize>,
        value_len: usize,
    ) -> u32 {
        let size = self.record_size(now, key_len, value_len);
        self.records.push((id, key_len, value_len, size));
        self.timestamps.push(now);
        self.size_bytes += size;
        size
    }

    /// A fresh batch.
    pub fn new(id: BatchId, tp: TopicPartition, capacity: u64, now: Instant) -> Batch {
        Batch {
            id,
            tp,
            // Room for a few appends at once: a batch grows one record per send(), and doubling from empty
            // (4, 8, 16, ...) allocated both lists three times by the ninth record (5 % of the replication bench).
            records: Vec::with_capacity(FIRST_RECORDS),
            timestamps: Vec::with_capacity(FIRST_RECORDS),
            headers_size: NO_HEADERS_SIZE,
            size_bytes: RECORD_BATCH_OVERHEAD,
            capacity,
            created_at: now,
            last_attempt_at: now,
            attempts: 0,
            retry_backoff: Duration::ZERO,
            base_sequence: None,
            producer_epoch: 0,
            closed: false,
        }
    }

    /// `hasReachedDeliveryTimeout`.
    pub fn delivery_expired(&self, now: Instant, delivery_timeout: Duration) -> bool {
        now.saturating_since(self.created_at) >= delivery_timeout
    }
}

/// Exponential retry backoff: `min(retry.backoff.ms × 2^(attempts−1) × U[0.8,1.2), retry.backoff.max.ms)`, with
/// the jitter given as parts per thousand (800..1200) drawn from the seeded generator.
pub fn retry_backoff(attempts: u32, base_ms: u64, max_ms: u64, jitter_permille: u64) -> Duration {
    if attempts == 0 {
        return Duration::ZERO;
    }
    let exp = base_ms.saturating_mul(1u64 << (attempts - 1).min(30));
    let us = exp.saturating_mul(1000).saturating_mul(jitter_permille) / 1000;
    Duration(us.min(max_ms.max(base_ms).saturating_mul(1000)))
}

/// The accumulator's deques.
#[derive(Clone, Debug, Default)]
pub struct RecordAccumulator {
    /// Batches per partition, oldest first. Batches go in only through [`RecordAccumulator::deque_mut`], which notes
    /// the partition in `active`.
    deques: PartitionMap<VecDeque<Batch>>,
    /// Every partition whose deque may hold a batch, in (topic, partition) order: a superset of the non-empty deques,
    /// pruned by [`RecordAccumulator::scan`]. The sender walks these after every `send()` instead of every
    /// partition of the topic (with 256 partitions, walking them all was a fifth of a run).
    active: Vec<TopicPartition>,
    /// Bytes allocated from `buffer.memory`.
    pub buffer_used: u64,
}

/// Why a partition's head batch is (not) sendable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Readiness {
    /// Sendable now.
    pub sendable: bool,
    /// When it will become sendable by linger or backoff, if not now.
    pub next_check: Option<Instant>,
}

impl RecordAccumulator {
    /// Every partition's deque (empty or absent: nothing queued).
    pub fn deques(&self) -> &PartitionMap<VecDeque<Batch>> {
        &self.deques
    }

    /// `tp`'s deque, to add batches to (created if absent).
    pub fn deque_mut(&mut self, tp: TopicPartition) -> &mut VecDeque<Batch> {
        if let Err(i) = self.active.binary_search(&tp) {
            self.active.insert(i, tp);
        }
        self.deques.entry_or_default(tp)
    }

    /// `tp`'s deque, to take batches from or change them.
    pub fn get_mut(&mut self, tp: &TopicPartition) -> Option<&mut VecDeque<Batch>> {
        self.deques.get_mut(tp)
    }

    /// The non-empty deques, in (topic, partition) order.
    pub fn nonempty(&self) -> impl Iterator<Item = (TopicPartition, &VecDeque<Batch>)> + '_ {
        self.active.iter().filter_map(|tp| {
            self.deques
                .get(tp)
                .filter(|d| !d.is_empty())
                .map(|d| (*tp, d))
        })
    }

    /// `batchReady` for the head batch of `tp`.
    pub fn ready(
        &self,
        tp: TopicPartition,
        now: Instant,
        linger: Duration,
        exhausted: bool,
    ) -> Readiness {
        match self.deques.get(&tp) {
            Some(dq) => Self::ready_queue(dq, now, linger, exhausted),
            None => Readiness {
                sendable: false,
                next_check: None,
            },
        }
    }

    /// [`RecordAccumulator::ready`] for a partition's deque in hand (the sender walks the deques in order and needs
    /// no lookup).
    pub fn ready_queue(
        dq: &VecDeque<Batch>,
        now: Instant,
        linger: Duration,
        exhausted: bool,
    ) -> Readiness {
        let Some(head) = dq.front() else {
            return Readiness {
                sendable: false,
                next_check: None,
            };
        };
        let backoff = head.retry_backoff;
        let waited = now.saturating_since(head.last_attempt_at);
        if head.attempts > 0 && waited < backoff {
            return Readiness {
                sendable: false,
                next_check: Some(head.last_attempt_at + backoff),
            };
        }
        let full = dq.len() > 1 || head.is_full();
        let expired = waited >= linger;
        if full || expired || exhausted {
            Readiness {
                sendable: true,
                next_check: None,
            }
        } else {
            Readiness {
                sendable: false,
                next_check: Some(head.last_attempt_at + linger),
            }
        }
    }

    /// Removes and returns head batches whose delivery timeout passed, head-first, stopping at the first that has not.
    pub fn expired_batches(&mut self, now: Instant, delivery_timeout: Duration) -> Vec<Batch> {
        let mut out = Vec::new();
        for tp in &self.active {
            let Some(dq) = self.deques.get_mut(tp) else {
                continue;
            };
            while dq
                .front()
                .is_some_and(|b| b.delivery_expired(now, delivery_timeout))
            {
                if let Some(b) = dq.pop_front() {
                    out.push(b);
                }
            }
        }
        out
    }

    /// One pass over the active deques for a Sender round: forgets the emptied ones, gives each
    /// non-empty deque's tp and readiness to `visit` in (topic, partition) order (as [`Self::nonempty`] with
    /// [`Self::ready_queue`]), and returns the earliest delivery deadline of a head batch (as
    /// [`Self::next_expiry`]). `None`, and `visit` may have seen only some deques, if a head batch's delivery
    /// timeout has passed: the round must expire batches first. The Sender runs after most `send()`s; this is
    /// the three walks it made each round in one.
    pub fn scan(
        &mut self,
        now: Instant,
        linger: Duration,
        exhausted: bool,
        delivery_timeout: Duration,
        mut visit: impl FnMut(TopicPartition, Readiness),
    ) -> Option<Option<Instant>> {
        let deques = &self.deques;
        let mut next_expiry: Option<Instant> = None;
        let mut expired = false;
        self.active.retain(|tp| {
            if expired {
                return true;
            }
            let Some(dq) = deques.get(tp) else {
                return false;
            };
            let Some(head) = dq.front() else {
                return false;
            };
            if head.delivery_expired(now, delivery_timeout) {
                expired = true;
                return true;
            }
            let e = head.created_at + delivery_timeout;
            next_expiry = Some(next_expiry.map_or(e, |n| n.min(e)));
            visit(*tp, Self::ready_queue(dq, now, linger, exhausted));
            true
        });
        (!expired).then_some(next_expiry)
    }

    /// Earliest delivery-timeout deadline of queued batches.
    pub fn next_expiry(&self, delivery_timeout: Duration) -> Option<Instant> {
        self.nonempty()
            .filter_map(|(_, d)| d.front())
            .map(|b| b.created_at + delivery_timeout)
            .min()
    }

    /// Puts a retried batch back at the head, in sequence order when it has one (`reenqueue`).
    pub fn reenqueue(&mut self, mut b: Batch, now: Instant) {
        b.last_attempt_at = now;
        let dq = self.deque_mut(b.tp);
        match b.base_sequence {
            Some(seq) => {
                let pos = dq
                    .iter()
                    .position(|x| x.base_sequence.is_none_or(|s| s > seq))
                    .unwrap_or(dq.len());
                dq.insert(pos, b);
            }
            None => dq.push_front(b),
        }
    }

    /// Queued batch count per partition (for adaptive partitioning).
    pub fn queue_len(&self, tp: TopicPartition) -> u32 {
        self.deques.get(&tp).map(|d| d.len() as u32).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    //! Goal: readiness, expiry and backoff as RecordAccumulator computes them.
    //! Kafka: RecordAccumulatorTest (testLinger, testFull, testNextReadyCheckDelay, testExpiredBatches,
    //! testExponentialRetryBackoff).
    use super::*;

    const TP: TopicPartition = TopicPartition {
        topic: TopicIdx(0),
        partition: 0,
    };

    fn acc_with(n: usize, capacity: u64, now: Instant) -> RecordAccumulator {
        let mut acc = RecordAccumulator::default();
        let mut b = Batch::new(BatchId(0), TP, capacity, now);
        for i in 0..n {
            b.append(now, RecordId(i as u64), Some(3), 5);
        }
        acc.deque_mut(TP).push_back(b);
        acc
    }

    #[test]
    fn linger_counts_from_the_first_record() {
        let acc = acc_with(1, 16384, Instant::from_ms(0));
        let linger = Duration::from_ms(10);
        let r = acc.ready(TP, Instant::from_ms(5), linger, false);
        assert!(!r.sendable);
        assert_eq!(r.next_check, Some(Instant::from_ms(10)));
        assert!(acc.ready(TP, Instant::from_ms(10), linger, false).sendable);
    }

    #[test]
    fn full_batch_is_ready_before_linger() {
        // A 1025-byte batch holds 64 "key"/"value" records after the 61-byte header (expectedNumAppends).
        let mut b = Batch::new(BatchId(0), TP, 1025, Instant::ZERO);
        let mut n = 0;
        while b.has_room_for(Instant::ZERO, Some(3), 5) {
            b.append(Instant::ZERO, RecordId(n), Some(3), 5);
            n += 1;
        }
        assert_eq!(n, 64);
        let mut acc = RecordAccumulator::default();
        acc.deque_mut(TP).push_back(b);
        assert!(
            !acc.ready(TP, Instant::ZERO, Duration::from_ms(100), false)
                .sendable,
            "not full until the next record"
        );
        // The 65th record opens a second batch: the deque holds more than one batch, so the first is ready.
        let mut next = Batch::new(BatchId(1), TP, 1025, Instant::ZERO);
        next.append(Instant::ZERO, RecordId(n), Some(3), 5);
        acc.deque_mut(TP).push_back(next);
        assert!(
            acc.ready(TP, Instant::ZERO, Duration::from_ms(100), false)
                .sendable
        );
    }

    #[test]
    fn exhausted_memory_makes_everything_ready() {
        let acc = acc_with(1, 16384, Instant::ZERO);
        assert!(
            acc.ready(TP, Instant::ZERO, Duration::from_ms(100), true)
                .sendable
        );
    }

    #[test]
    fn expiry_and_backoff() {
        let mut acc = acc_with(1, 16384, Instant::ZERO);
        assert!(acc
            .expired_batches(Instant::from_ms(99), Duration::from_ms(100))
            .is_empty());
        assert_eq!(
            acc.expired_batches(Instant::from_ms(100), Duration::from_ms(100))
                .len(),
            1
        );
        assert_eq!(retry_backoff(1, 100, 1000, 1000), Duration::from_ms(100));
        assert_eq!(retry_backoff(2, 100, 1000, 1000), Duration::from_ms(200));
        assert_eq!(retry_backoff(3, 100, 1000, 800), Duration::from_ms(320));
        assert_eq!(retry_backoff(9, 100, 1000, 1200), Duration::from_ms(1000));
    }

    #[test]
    fn reenqueue_keeps_sequence_order() {
        let mut acc = RecordAccumulator::default();
        let mut b2 = Batch::new(BatchId(2), TP, 100, Instant::ZERO);
        b2.base_sequence = Some(10);
        let mut b1 = Batch::new(BatchId(1), TP, 100, Instant::ZERO);
        b1.base_sequence = Some(5);
        acc.reenqueue(b2, Instant::ZERO);
        acc.reenqueue(b1, Instant::ZERO);
        let ids: Vec<u64> = acc.deques[&TP].iter().map(|b| b.id.0).collect();
        assert_eq!(ids, vec![1, 2]);
    }
}
