//! The idempotent producer (`enable.idempotence`): every batch carries the producer id, an epoch and the base
//! sequence of its records, per partition, so the broker can drop duplicates and reject gaps.
//!
//! Models: the idempotent part of `TransactionManager` (`TxnPartitionMap` / `TxnPartitionEntry`,
//! `handleCompletedBatch`, `handleFailedBatch`, `markSequenceUnresolved`, `maybeResolveSequences`,
//! `bumpIdempotentProducerEpoch`) and `RecordAccumulator.shouldStopDrainBatchesForPartition` (shared/KAFKA.md §4).
//!
//! Simplifications:
//! - The producer id is given (no InitProducerId). The epoch bump is local, as Kafka's is for an idempotent
//!   producer, but the epoch wraps instead of resetting the producer id at `Short.MAX_VALUE`.
//! - Ordering on retry is kept on the client: a retried batch waits until no earlier sequence of its partition is
//!   in flight, and no new batch of a partition is drained while a retry of it is in flight.

use super::accumulator::Batch;
use super::Producer;
use crate::engine::ids::*;
use crate::engine::node::Ctx;
use crate::engine::trace::TraceEvent;

/// One partition's idempotence state, as the Java client's `TxnPartitionEntry` keeps it.
#[derive(Clone, Debug, Default)]
pub(super) struct PartitionSeq {
    /// The producer epoch these sequences belong to.
    epoch: u16,
    /// The sequence the next new batch gets.
    next_sequence: i32,
    /// The last sequence the broker acknowledged (under `epoch`).
    last_acked: Option<i32>,
    /// Base sequences of batches sent at least once and not yet completed (in flight or waiting to retry):
    /// `inflightBatchesBySequence`. A handful at most, and only ever asked whether it is empty: a set kept in a
    /// `Vec`, which keeps its buffer when it empties (a B-tree set allocated and freed a node every time a
    /// partition's in-flight count went from 0 to 1 and back).
    in_flight: SeqSet,
    /// A sequenced batch failed on the client, so whether the broker wrote it is unknown
    /// (`partitionsWithUnresolvedSequences`): no new batch is drained until the in-flight ones complete.
    unresolved: bool,
}

/// A small set of base sequences.
#[derive(Clone, Debug, Default)]
struct SeqSet(Vec<i32>);

impl SeqSet {
    fn insert(&mut self, s: i32) {
        if !self.0.contains(&s) {
            self.0.push(s);
        }
    }

    fn remove(&mut self, s: &i32) {
        if let Some(i) = self.0.iter().position(|x| x == s) {
            self.0.swap_remove(i);
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Producer {
    /// `shouldStopDrainBatchesForPartition`: whether the head batch of `tp` (base sequence `head_sequence`, if it
    /// has one already) must wait. A retry waits for earlier sequences in flight; a new batch waits for a retry in
    /// flight, an unknown outcome, or batches of an older epoch.
    /// `retry_in_flight`: whether any batch in flight is a retry (the caller checks once per drain, not once per
    /// partition).
    pub(super) fn should_stop_drain(
        &mut self,
        tp: TopicPartition,
        head_sequence: Option<i32>,
        retry_in_flight: bool,
    ) -> bool {
        if !self.config.enable_idempotence {
            return false;
        }
        // (Sent batches are in `in_flight`; `PartitionSeq::in_flight` also counts those waiting to retry.)
        if let Some(s) = head_sequence {
            let earlier_in_flight = self
                .in_flight
                .iter()
                .flat_map(|f| f.batches.iter())
                .any(|b| b.tp == tp && b.base_sequence.is_some_and(|m| m < s));
            if earlier_in_flight {
                return true;
            }
        }
        if head_sequence.is_none()
            && retry_in_flight
            && self
                .in_flight
                .iter()
                .flat_map(|f| f.batches.iter())
                .any(|b| b.tp == tp && b.attempts > 0)
        {
            return true;
        }
        if head_sequence.is_none() {
            let st = self.seq.entry_or_default(tp);
            // Unknown outcome of an earlier batch, or batches of an older epoch still in flight: wait.
            if st.unresolved || (st.epoch != self.epoch && !st.in_flight.is_empty()) {
                return true;
            }
            if st.epoch != self.epoch {
                // `maybeUpdateProducerIdAndEpoch`: the new epoch starts this partition at sequence 0.
                *st = PartitionSeq {
                    epoch: self.epoch,
                    ..PartitionSeq::default()
                };
            }
        }
        false
    }

    /// A batch drained for the first time gets the partition's next sequence range under its current epoch
    /// (`ProducerBatch.setProducerState`, `incrementSequenceNumber`). A retried batch keeps its own.
    pub(super) fn assign_sequence(&mut self, b: &mut Batch) {
        if self.config.enable_idempotence && b.base_sequence.is_none() {
            let st = self.seq.entry_or_default(b.tp);
            b.base_sequence = Some(st.next_sequence);
            b.producer_epoch = st.epoch;
            st.in_flight.insert(st.next_sequence);
            st.next_sequence = st.next_sequence.wrapping_add(b.records.len() as i32);
        }
    }

    /// Pieces of a sequenced batch take over its sequence range, in order, under its epoch
    /// (`RecordAccumulator.splitAndReenqueue`).
    pub(super) fn split_sequences(&mut self, b: &Batch, pieces: &mut [Batch]) {
        if let (true, Some(base)) = (self.config.enable_idempotence, b.base_sequence) {
            let st = self.seq.entry_or_default(b.tp);
            st.in_flight.remove(&base);
            let mut next = base;
            for p in pieces.iter_mut() {
                p.base_sequence = Some(next);
                p.producer_epoch = b.producer_epoch;
                st.in_flight.insert(next);
                next = next.wrapping_add(p.records.len() as i32);
            }
        }
    }

    /// `handleCompletedBatch`: the broker acknowledged the batch's sequences.
    pub(super) fn handle_completed_batch(&mut self, ctx: &mut Ctx<'_>, b: &Batch) {
        if let (true, Some(base)) = (self.config.enable_idempotence, b.base_sequence) {
            let st = self.seq.entry_or_default(b.tp);
            st.in_flight.remove(&base);
            if b.producer_epoch == st.epoch {
                let last = base.wrapping_add(b.records.len() as i32 - 1);
                st.last_acked = Some(st.last_acked.map_or(last, |l| l.max(last)));
            }
            self.maybe_resolve(ctx, b.tp);
        }
    }

    /// `handleFailedBatch`: a sequenced batch that failed may have left a gap (the broker may or may not have
    /// written it): hold new batches for this partition until its in-flight batches complete, then bump the epoch if
    /// the gap is real (`markSequenceUnresolved` / `maybeResolveSequences`).
    pub(super) fn handle_failed_batch(&mut self, ctx: &mut Ctx<'_>, b: &Batch) {
        if let (true, Some(base)) = (self.config.enable_idempotence, b.base_sequence) {
            let st = self.seq.entry_or_default(b.tp);
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
}

#[cfg(test)]
mod tests {
    //! Goal: the in-flight sequences answer as the `BTreeSet<i32>` they replaced: a sequence inserted twice is one
    //! entry, so one completion empties the set.
    use super::SeqSet;

    #[test]
    fn in_flight_sequences_are_a_set() {
        let mut s = SeqSet::default();
        assert!(s.is_empty());
        s.insert(0);
        s.insert(5);
        s.insert(0);
        s.remove(&0);
        assert!(!s.is_empty(), "5 is still in flight");
        s.remove(&7);
        s.remove(&5);
        assert!(s.is_empty());
    }
}
