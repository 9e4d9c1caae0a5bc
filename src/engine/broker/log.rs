//! One replica's partition log: records, log end offset, high watermark and the leader-epoch cache.
//!
//! Models: `UnifiedLog` + `LeaderEpochFileCache` (KIP-101, KIP-279).
//!
//! Simplifications:
//! - The whole log is kept in memory from offset 0: no segments, retention or compaction.
//! - The log survives a broker crash intact (as if every append had been fsynced).

use crate::engine::ids::LeaderEpoch;
pub use crate::engine::protocol::{LogEntry, LogRecord, ProducerStamp};

/// A replica's log.
#[derive(Clone, Debug, Default)]
pub struct PartitionLog {
    entries: Vec<LogEntry>,
    /// High watermark: records below it are committed and visible to consumers.
    pub high_watermark: u64,
    /// (epoch, start offset), ascending.
    epochs: Vec<(LeaderEpoch, u64)>,
}

impl PartitionLog {
    /// Log end offset: the offset the next record gets.
    pub fn log_end_offset(&self) -> u64 {
        self.entries.len() as u64
    }

    /// The entries.
    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// Appends one record, recording a new epoch start when the epoch grows.
    pub fn append(&mut self, e: LogEntry) -> u64 {
        let offset = self.log_end_offset();
        if self
            .epochs
            .last()
            .is_none_or(|(ep, _)| *ep < e.record.leader_epoch)
        {
            self.epochs.push((e.record.leader_epoch, offset));
        }
        self.entries.push(e);
        offset
    }

    /// Marks the start of `epoch` at the current LEO (a new leader does this before appending, KIP-101).
    pub fn assign_epoch_start(&mut self, epoch: LeaderEpoch) {
        if self.epochs.last().is_none_or(|(ep, _)| *ep < epoch) {
            self.epochs.push((epoch, self.log_end_offset()));
        }
    }

    /// The latest epoch in the log's cache.
    pub fn latest_epoch(&self) -> Option<LeaderEpoch> {
        self.epochs.last().map(|(e, _)| *e)
    }

    /// Epoch of the last record, for the follower's `lastFetchedEpoch`.
    pub fn last_record_epoch(&self) -> Option<LeaderEpoch> {
        self.entries.last().map(|e| e.record.leader_epoch)
    }

    /// `endOffsetForEpoch`: the largest epoch ≤ `epoch` this log knows, and where it ends (the start of the next
    /// epoch, or the LEO for the latest). None if the log knows no epoch ≤ `epoch`.
    pub fn end_offset_for_epoch(&self, epoch: LeaderEpoch) -> Option<(LeaderEpoch, u64)> {
        let idx = self.epochs.iter().rposition(|(e, _)| *e <= epoch)?;
        let end = self
            .epochs
            .get(idx + 1)
            .map(|(_, s)| *s)
            .unwrap_or(self.log_end_offset());
        Some((self.epochs[idx].0, end))
    }

    /// Removes every record at or above `offset`; returns them.
    pub fn truncate_to(&mut self, offset: u64) -> Vec<LogEntry> {
        if offset >= self.log_end_offset() {
            return Vec::new();
        }
        let removed = self.entries.split_off(offset as usize);
        self.epochs.retain(|(_, s)| *s < offset);
        if self.high_watermark > offset {
            self.high_watermark = offset;
        }
        removed
    }

    /// Records in `[from, to)`, at most `max_bytes` but always at least one ("at least one batch").
    pub fn read(&self, from: u64, to: u64, max_bytes: u64) -> Vec<LogEntry> {
        let mut out = Vec::new();
        let mut bytes = 0u64;
        let end = to.min(self.log_end_offset());
        let mut o = from;
        while o < end {
            let e = self.entries[o as usize];
            if !out.is_empty() && bytes + e.record.size_bytes as u64 > max_bytes {
                break;
            }
            bytes += e.record.size_bytes as u64;
            out.push(e);
            o += 1;
        }
        out
    }

    /// Bytes available in `[from, to)`.
    pub fn bytes_between(&self, from: u64, to: u64) -> u64 {
        let end = to.min(self.log_end_offset());
        if from >= end {
            return 0;
        }
        self.entries[from as usize..end as usize]
            .iter()
            .map(|e| e.record.size_bytes as u64)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    //! Goal: epoch bookkeeping and truncation behave as KIP-101/279 describe.
    //! Kafka: LeaderEpochFileCacheTest (endOffsetFor), UnifiedLogTest truncateTo.
    use super::*;
    use crate::engine::ids::RecordId;

    fn rec(n: u64, epoch: u32) -> LogEntry {
        LogEntry {
            record: LogRecord {
                id: RecordId(n),
                size_bytes: 10,
                leader_epoch: LeaderEpoch(epoch),
            },
            stamp: None,
        }
    }

    #[test]
    fn end_offset_for_epoch_and_truncate() {
        let mut log = PartitionLog::default();
        for n in 0..3 {
            log.append(rec(n, 0));
        }
        for n in 3..5 {
            log.append(rec(n, 2));
        }
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(0)),
            Some((LeaderEpoch(0), 3))
        );
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(1)),
            Some((LeaderEpoch(0), 3))
        );
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(2)),
            Some((LeaderEpoch(2), 5))
        );
        assert_eq!(
            log.end_offset_for_epoch(LeaderEpoch(9)),
            Some((LeaderEpoch(2), 5))
        );
        log.high_watermark = 4;
        let removed = log.truncate_to(3);
        assert_eq!(removed.len(), 2);
        assert_eq!(log.log_end_offset(), 3);
        assert_eq!(log.high_watermark, 3);
        assert_eq!(log.latest_epoch(), Some(LeaderEpoch(0)));
    }

    #[test]
    fn read_returns_at_least_one_record() {
        let mut log = PartitionLog::default();
        for n in 0..4 {
            log.append(rec(n, 0));
        }
        assert_eq!(log.read(0, 4, 1).len(), 1);
        assert_eq!(log.read(0, 4, 25).len(), 2);
        assert_eq!(log.read(1, 3, 1000).len(), 2);
        assert_eq!(log.bytes_between(0, 4), 40);
    }
}
