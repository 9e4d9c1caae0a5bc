//! Idempotent producer state of one partition: for each producer id, its epoch and the sequence numbers and offsets
//! of its last batches, so that a retried batch is answered with its first offsets instead of being written twice,
//! and a gap in the sequence is refused.
//!
//! Models: `ProducerStateManager` + `ProducerStateEntry`, and the checks of `UnifiedLog.analyzeAndValidateProducerState`
//! / `ProducerAppendInfo.checkSequence` (KIP-98, shared/KAFKA.md §5).
//!
//! Simplifications:
//! - No snapshots: the state is rebuilt from the log (on leadership and after truncation).
//! - No transactions, no producer id expiry (`producer.id.expiration.ms`).

use super::log::{PartitionLog, ProducerStamp};
use crate::kafka::errors::KafkaError;
use std::collections::{BTreeMap, VecDeque};

/// `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`.
pub const NUM_BATCHES_TO_RETAIN: usize = 5;

/// Idempotence state for one producer id on one partition.
#[derive(Clone, Debug, Default)]
pub struct ProducerEntry {
    /// Producer epoch.
    pub epoch: u16,
    /// (first sequence, last sequence, base offset) of the last batches.
    pub batches: VecDeque<(i32, i32, u64)>,
}

/// What the producer state says of a batch about to be appended by the leader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchCheck {
    /// A new batch in sequence (or from a producer id not seen yet): append it.
    Append,
    /// A retry of a batch already written at this base offset: answer with it, append nothing.
    Duplicate(u64),
    /// INVALID_PRODUCER_EPOCH or OUT_OF_ORDER_SEQUENCE_NUMBER.
    Refused(KafkaError),
}

/// Every producer id's [`ProducerEntry`] on one partition, by producer id.
#[derive(Clone, Debug, Default)]
pub struct ProducerStateManager {
    /// The entries, by producer id.
    pub entries: BTreeMap<i64, ProducerEntry>,
}

impl ProducerStateManager {
    /// The entry of `producer_id`, if it wrote to this partition.
    pub fn get(&self, producer_id: i64) -> Option<&ProducerEntry> {
        self.entries.get(&producer_id)
    }

    /// Checks a batch the leader is about to append: a lower epoch is fenced, a batch already among the last
    /// [`NUM_BATCHES_TO_RETAIN`] is a duplicate, otherwise its first sequence must follow the last one (0 after an
    /// epoch bump; sequences wrap after `i32::MAX`).
    pub fn check(&self, s: &ProducerStamp) -> BatchCheck {
        let Some(e) = self.get(s.producer_id) else {
            return BatchCheck::Append;
        };
        if s.epoch < e.epoch {
            return BatchCheck::Refused(KafkaError::InvalidProducerEpoch);
        }
        if s.epoch == e.epoch {
            if let Some(dup) = e
                .batches
                .iter()
                .find(|x| x.0 == s.base_sequence && x.1 == s.last_sequence)
            {
                return BatchCheck::Duplicate(dup.2);
            }
            let last = e.batches.back().map(|x| x.1).unwrap_or(-1);
            let expected = if last == i32::MAX { 0 } else { last + 1 };
            if s.base_sequence != expected {
                return BatchCheck::Refused(KafkaError::OutOfOrderSequenceNumber);
            }
        } else if s.base_sequence != 0 {
            return BatchCheck::Refused(KafkaError::OutOfOrderSequenceNumber);
        }
        BatchCheck::Append
    }

    /// Records a batch written at `base_offset`, by the leader or (origin REPLICATION) by a follower.
    pub fn update(&mut self, stamp: ProducerStamp, base_offset: u64) {
        let e = self.entries.entry(stamp.producer_id).or_default();
        if stamp.epoch > e.epoch {
            e.epoch = stamp.epoch;
            e.batches.clear();
        }
        if e.batches.back().is_some_and(|b| b.0 == stamp.base_sequence) {
            return;
        }
        e.batches
            .push_back((stamp.base_sequence, stamp.last_sequence, base_offset));
        while e.batches.len() > NUM_BATCHES_TO_RETAIN {
            e.batches.pop_front();
        }
    }

    /// Forgets everything and replays the stamps of `log` (`UnifiedLog.rebuildProducerState`, without snapshots).
    pub fn rebuild(&mut self, log: &PartitionLog) {
        self.entries.clear();
        for (o, e) in log.entries().enumerate() {
            if let Some(s) = e.stamp {
                self.update(s, o as u64);
            }
        }
    }
}
