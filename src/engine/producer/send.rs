//! `KafkaProducer.send()`: the serializer, the partition choice, the append to the accumulator, and the blocking
//! on metadata or `buffer.memory` for at most `max.block.ms`.
//!
//! Models: `KafkaProducer.doSend`, `KafkaProducer.partition`, `RecordAccumulator.append` (the allocation from the
//! `BufferPool`), `BufferExhaustedException` (shared/KAFKA.md §2, §3).
//!
//! Simplifications:
//! - The serializer is a name: `reject` (or a record the workload lists) throws `SerializationException`.
//! - A blocked `send()` is retried when metadata arrives or memory is freed (a response, or batches expiring), not on
//!   a condition variable.
//! - Records larger than `max.request.size` or `buffer.memory` fail in `send()` with RECORD_TOO_LARGE.

use super::accumulator::Batch;
use super::partitioner::{self, partition_for_key, StickyPartitioner};
use super::Producer;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::KafkaError;
use crate::engine::time::{Duration, Instant};
use crate::engine::trace::{PartitionReason, TraceEvent};
use crate::scenario::config::PartitionerKind;

/// A record `send()` is blocked on (metadata or buffer memory).
#[derive(Clone, Debug)]
pub(super) struct Blocked {
    n: u64,
    since: Instant,
}

impl Producer {
    /// The application thread calls `send()` for record `n`. Returns false when `send()` blocks.
    pub(super) fn try_send(&mut self, ctx: &mut Ctx<'_>, n: u64) -> bool {
        let now = ctx.now;
        let id = RecordId::new(self.idx, n);
        let key = self.key_and_bytes(n);
        let value_len = self.value_len(n);
        // The serializer runs first; a rejection is thrown from send() (SerializationException).
        if self.rejected(n) || self.config.value_serializer == "reject" {
            self.counters.records_sent += 1;
            self.fail_record(ctx, id, None, KafkaError::Serialization);
            return true;
        }
        let (key, key_bytes) = key.unzip();
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
        let (partition, reason) = self.partition(ctx, key_bytes.as_deref());
        let tp = TopicPartition {
            topic: self.topic,
            partition,
        };
        // Append to the last batch if it has room; otherwise allocate a new one from buffer.memory.
        let has_room = self
            .accumulator
            .deques()
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
            self.accumulator.deque_mut(tp).push_back(b);
            new_batch = true;
        }
        self.counters.records_sent += 1;
        ctx.emit(TraceEvent::RecordSent {
            at: now,
            record: id,
            tp,
            reason,
            key,
            size_bytes: upper as u32,
            key_bytes: key_len.map(|l| l as u32),
            value_bytes: value_len as u32,
        });
        let (batch_id, batch_bytes, size, full) = {
            let Some(b) = self.accumulator.get_mut(&tp).and_then(|d| d.back_mut()) else {
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

    /// `KafkaProducer.partition`: an explicit partition, else the configured partitioner, else murmur2 of the
    /// serialized key, else the built-in sticky partitioner.
    fn partition(&mut self, ctx: &mut Ctx<'_>, key_bytes: Option<&[u8]>) -> (u32, PartitionReason) {
        match (self.workload.partition, key_bytes) {
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
        }
    }

    /// `RoundRobinPartitioner.partition`: the next available partition (any partition when none is available).
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

    /// `BuiltInPartitioner.peekCurrentPartitionInfo`: the sticky partition, choosing a new one (weighed by queue
    /// sizes under `partitioner.adaptive.partitioning.enable`) when there is none.
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
            self.accumulator.deques().contains_key(&TopicPartition {
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

    /// Retries a blocked `send()` (memory freed or metadata arrived).
    pub(super) fn unblock(&mut self, ctx: &mut Ctx<'_>) {
        let Some(b) = self.blocked.take() else { return };
        if self.try_send(ctx, b.n) {
            ctx.cancel_timer(TimerKind::BlockedSendTimeout);
            self.send_returned(ctx, b.n, Duration::ZERO);
        } else if self.blocked.is_none() {
            self.blocked = Some(b);
        } else if let Some(nb) = self.blocked.as_mut() {
            nb.since = b.since;
        }
    }

    /// `max.block.ms` ran out: `send()` throws TimeoutException (no metadata), or BufferExhaustedException (memory).
    pub(super) fn handle_blocked_send_timeout(&mut self, ctx: &mut Ctx<'_>) {
        if let Some(b) = self.blocked.take() {
            let error = if self.metadata_known
                && self.workload.partition.is_none_or(|p| p < self.partitions)
            {
                KafkaError::BufferExhausted
            } else {
                KafkaError::Timeout
            };
            self.counters.records_sent += 1;
            self.fail_record(ctx, RecordId::new(self.idx, b.n), None, error);
            self.send_returned(ctx, b.n, Duration::ZERO);
        }
    }
}
