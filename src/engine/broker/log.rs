//! One replica's partition log: records, log end offset, high watermark and the leader-epoch cache.
//!
//! Models: `UnifiedLog` + `LeaderEpochFileCache` (KIP-101, KIP-279).
//!
//! Simplifications:
//! - The whole log is kept in memory from offset 0: no segments, retention or compaction.
//! - The log survives a broker crash intact (as if every append had been fsynced).
//!
//! Storage: as Kafka keeps a record batch's header once for all its records, the log keeps each record's id and
//! size by offset and one [`Run`] per stretch of records that share a leader epoch and a producer stamp (one batch,
//! or any number of non-idempotent records). A record costs 12 bytes plus its share of a 16-byte run, where a
//! [`LogEntry`] per record was 48 bytes: the logs of three replicas were most of a long run's memory.

use crate::engine::ids::{LeaderEpoch, RecordId};
pub use crate::engine::protocol::{LogEntry, LogRecord, ProducerStamp};

/// Records from `base_offset` up to the next run's start share this leader epoch and producer stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    // u32 offsets: a log is bounded by `MAX_EVENTS` (2e8) appends, far below 2^32.
    base_offset: u32,
    /// Index into `PartitionLog::headers`.
    header: u32,
    base_sequence: i32,
    last_sequence: i32,
}

/// What a run's records share besides their sequence numbers: the leader epoch and the producer (id, epoch), if
/// idempotent. A log has a handful of these (producers × leader epochs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Header {
    leader_epoch: LeaderEpoch,
    producer: Option<(i64, u16)>,
}

/// A replica's log.
#[derive(Clone, Debug, Default)]
pub struct PartitionLog {
    /// Record ids by offset.
    ids: Vec<RecordId>,
    /// Record sizes by offset, bytes.
    sizes: Vec<u32>,
    /// Ascending by `base_offset`; the first starts at 0 when the log is not empty.
    runs: Vec<Run>,
    /// The headers the runs name.
    headers: Vec<Header>,
    /// High watermark: records below it are committed and visible to consumers.
    pub high_watermark: u64,
    /// (epoch, start offset), ascending.
    epochs: Vec<(LeaderEpoch, u64)>,
}

impl PartitionLog {
    /// Log end offset: the offset the next record gets.
    pub fn log_end_offset(&self) -> u64 {
        self.ids.len() as u64
    }

    /// The record ids, by offset.
    pub fn record_ids(&self) -> &[RecordId] {
        &self.ids
    }

    /// The record at `offset` (which must be below the log end offset) with its batch's epoch and stamp.
    pub fn entry(&self, offset: u64) -> LogEntry {
        let o = offset as usize;
        let run = self.runs[self.run_index(offset)];
        self.entry_in(o, &run)
    }

    fn entry_in(&self, o: usize, run: &Run) -> LogEntry {
        let h = self.headers[run.header as usize];
        LogEntry {
            record: LogRecord {
                id: self.ids[o],
                size_bytes: self.sizes[o],
                leader_epoch: h.leader_epoch,
            },
            stamp: h.producer.map(|(producer_id, epoch)| ProducerStamp {
                producer_id,
                epoch,
                base_sequence: run.base_sequence,
                last_sequence: run.last_sequence,
            }),
        }
    }

    /// The run holding `offset`. Followers and consumers read at the log's tail, so the search starts from the
    /// last run and doubles its step backwards before a binary search of the bracket: a read near the end touches
    /// a few neighbouring runs, where a binary search over the whole `Vec` missed the cache at every step once a
    /// long run's logs held tens of thousands of runs (two thirds of `complete_fetch` at 1M records).
    fn run_index(&self, offset: u64) -> usize {
        let at_or_below = |r: &Run| u64::from(r.base_offset) <= offset;
        let mut hi = self.runs.len();
        let mut step = 1;
        loop {
            let lo = hi.saturating_sub(step);
            if lo == 0 || at_or_below(&self.runs[lo]) {
                let p = lo + self.runs[lo..hi].partition_point(at_or_below);
                return p.saturating_sub(1);
            }
            hi = lo;
            step *= 2;
        }
    }

    /// `run`, moved forward to the run holding offset `o` (reads walk offsets in order).
    fn advance(&self, mut run: usize, o: usize) -> usize {
        while self
            .runs
            .get(run + 1)
            .is_some_and(|r| r.base_offset as usize <= o)
        {
            run += 1;
        }
        run
    }

    /// Every record from offset 0, in order.
    pub fn entries(&self) -> impl Iterator<Item = LogEntry> + '_ {
        let mut run = 0usize;
        (0..self.ids.len()).map(move |o| {
            run = self.advance(run, o);
            self.entry_in(o, &self.runs[run])
        })
    }

    /// Appends one record, recording a new epoch start when the epoch grows.
    pub fn append(&mut self, e: LogEntry) -> u64 {
        self.append_batch(
            e.record.leader_epoch,
            e.stamp,
            std::iter::once((e.record.id, e.record.size_bytes)),
        )
    }

    /// Appends `records` (id, size) that share one leader epoch and producer stamp, as Kafka appends a batch: the
    /// header is looked up once and the records go in as one run (the result is what appending them one by one
    /// gives). Returns the offset of the first; nothing changes if `records` is empty.
    pub fn append_batch(
        &mut self,
        leader_epoch: LeaderEpoch,
        stamp: Option<ProducerStamp>,
        records: impl IntoIterator<Item = (RecordId, u32)>,
    ) -> u64 {
        let offset = self.log_end_offset();
        for (id, size) in records {
            self.ids.push(id);
            self.sizes.push(size);
        }
        if self.log_end_offset() == offset {
            return offset;
        }
        if self.epochs.last().is_none_or(|(ep, _)| *ep < leader_epoch) {
            self.epochs.push((leader_epoch, offset));
        }
        let header = Header {
            leader_epoch,
            producer: stamp.map(|s| (s.producer_id, s.epoch)),
        };
        let header = match self.headers.iter().rposition(|h| *h == header) {
            Some(i) => i as u32,
            None => {
                self.headers.push(header);
                self.headers.len() as u32 - 1
            }
        };
        let (base_sequence, last_sequence) =
            stamp.map_or((-1, -1), |s| (s.base_sequence, s.last_sequence));
        let same = self.runs.last().is_some_and(|r| {
            r.header == header
                && r.base_sequence == base_sequence
                && r.last_sequence == last_sequence
        });
        if !same {
            self.runs.push(Run {
                base_offset: offset as u32,
                header,
                base_sequence,
                last_sequence,
            });
        }
        offset
    }

    /// A new leader epoch starts at the current LEO (the leader's own epoch bump, with no record yet).
    pub fn assign_epoch_start(&mut self, epoch: LeaderEpoch) {
        if self.epochs.last().is_none_or(|(ep, _)| *ep < epoch) {
            self.epochs.push((epoch, self.log_end_offset()));
        }
    }

    /// The latest epoch in the cache.
    pub fn latest_epoch(&self) -> Option<LeaderEpoch> {
        self.epochs.last().map(|(e, _)| *e)
    }

    /// Epoch of the last record.
    pub fn last_record_epoch(&self) -> Option<LeaderEpoch> {
        if self.ids.is_empty() {
            return None;
        }
        self.runs
            .last()
            .map(|r| self.headers[r.header as usize].leader_epoch)
    }

    /// `endOffsetFor(epoch)`: the largest epoch ≤ `epoch` we know and where it ends (the next epoch's start, or
    /// LEO).
    pub fn end_offset_for_epoch(&self, epoch: LeaderEpoch) -> Option<(LeaderEpoch, u64)> {
        let idx = self.epochs.iter().rposition(|(e, _)| *e <= epoch)?;
        let end = self
            .epochs
            .get(idx + 1)
            .map(|(_, s)| *s)
            .unwrap_or(self.log_end_offset());
        Some((self.epochs[idx].0, end))
    }

    /// Truncates to `offset` (exclusive); returns the removed records.
    pub fn truncate_to(&mut self, offset: u64) -> Vec<LogEntry> {
        if offset >= self.log_end_offset() {
            return Vec::new();
        }
        let removed: Vec<LogEntry> = (offset..self.log_end_offset())
            .map(|o| self.entry(o))
            .collect();
        self.ids.truncate(offset as usize);
        self.sizes.truncate(offset as usize);
        self.runs.retain(|r| u64::from(r.base_offset) < offset);
        self.epochs.retain(|(_, s)| *s < offset);
        if self.high_watermark > offset {
            self.high_watermark = offset;
        }
        removed
    }

    /// Reads records in `[from, to)`, at most `max_bytes` (but always at least one record if any).
    pub fn read(&self, from: u64, to: u64, max_bytes: u64) -> Vec<LogEntry> {
        let end = to.min(self.log_end_offset());
        if from >= end {
            return Vec::new();
        }
        // How many fit (the first always does), from the sizes alone, so the entries are allocated once.
        let mut bytes = 0u64;
        let mut n = 0usize;
        for &size in &self.sizes[from as usize..end as usize] {
            let size = u64::from(size);
            if n > 0 && bytes + size > max_bytes {
                break;
            }
            bytes += size;
            n += 1;
        }
        let mut out = Vec::with_capacity(n);
        let mut run = self.run_index(from);
        for o in from as usize..from as usize + n {
            run = self.advance(run, o);
            out.push(self.entry_in(o, &self.runs[run]));
        }
        out
    }

    /// Total size of records in `[from, to)`, or `cap` if that is less: summing stops there.
    pub fn bytes_between_capped(&self, from: u64, to: u64, cap: u64) -> u64 {
        let end = to.min(self.log_end_offset());
        let mut sum = 0u64;
        if from < end {
            for s in &self.sizes[from as usize..end as usize] {
                if sum >= cap {
                    break;
                }
                sum += u64::from(*s);
            }
        }
        sum.min(cap)
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
    fn run_index_from_the_tail_is_the_binary_search_of_every_run() {
        // Batches of 1 to 7 records, each its own run (a new base sequence), so offsets fall at run starts, ends
        // and middles; checked after every append so every log length from 0 runs is covered.
        let mut log = PartitionLog::default();
        assert_eq!(log.run_index(0), 0, "an empty log");
        let mut seq = 0;
        for b in 0..300u32 {
            let n = (b * 5 + 3) % 7 + 1;
            let stamp = ProducerStamp {
                producer_id: 1,
                epoch: 0,
                base_sequence: seq,
                last_sequence: seq + n as i32 - 1,
            };
            seq += n as i32;
            let first = u64::from(b) * 10;
            log.append_batch(
                LeaderEpoch(0),
                Some(stamp),
                (0..n).map(|i| (RecordId(first + u64::from(i)), 10)),
            );
            for offset in 0..log.log_end_offset() + 2 {
                let plain = log
                    .runs
                    .partition_point(|r| u64::from(r.base_offset) <= offset)
                    .saturating_sub(1);
                assert_eq!(
                    log.run_index(offset),
                    plain,
                    "offset {offset} of {} runs",
                    log.runs.len()
                );
            }
        }
        assert_eq!(log.runs.len(), 300);
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
        assert_eq!(log.bytes_between_capped(0, 4, u64::MAX), 40);
        assert_eq!(log.bytes_between_capped(1, 3, u64::MAX), 20);
        assert_eq!(log.bytes_between_capped(0, 4, 25), 25, "stops at the cap");
        assert_eq!(
            log.bytes_between_capped(0, 9, 1000),
            40,
            "no further than the LEO"
        );
        assert_eq!(log.bytes_between_capped(3, 2, 1000), 0);
    }

    /// The compact storage answers exactly as a `Vec<LogEntry>` would, through appends of batches with and without
    /// stamps, epoch bumps, reads and truncations; and a log given each batch at once (`append_batch`) is the same
    /// log, field for field, as one given its records one by one.
    #[test]
    fn compact_storage_matches_a_plain_vector() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..50 {
            let mut log = PartitionLog::default();
            let mut batched = PartitionLog::default();
            let mut model: Vec<LogEntry> = Vec::new();
            let mut epoch = 0u32;
            let mut seq = [0i32; 3];
            for step in 0..200u64 {
                match next(10) {
                    0 => epoch += 1,
                    1 if !model.is_empty() => {
                        let to = next(model.len() as u64 + 1);
                        let removed = log.truncate_to(to);
                        batched.truncate_to(to);
                        assert_eq!(removed, model.split_off(to as usize));
                    }
                    _ => {
                        let producer = next(4);
                        let count = 1 + next(4) as i32;
                        let stamp = (producer < 3).then(|| {
                            let p = producer as usize;
                            let s = ProducerStamp {
                                producer_id: 1000 + producer as i64,
                                epoch: (step % 2) as u16,
                                base_sequence: seq[p],
                                last_sequence: seq[p] + count - 1,
                            };
                            seq[p] += count;
                            s
                        });
                        for i in 0..count {
                            let e = LogEntry {
                                record: LogRecord {
                                    id: RecordId(step * 10 + i as u64),
                                    size_bytes: 10 + next(90) as u32,
                                    leader_epoch: LeaderEpoch(epoch),
                                },
                                stamp,
                            };
                            assert_eq!(log.append(e), model.len() as u64);
                            model.push(e);
                        }
                        let batch = &model[model.len() - count as usize..];
                        let ids = batch.iter().map(|e| (e.record.id, e.record.size_bytes));
                        let base = batched.append_batch(LeaderEpoch(epoch), stamp, ids);
                        assert_eq!(base, (model.len() - count as usize) as u64);
                    }
                }
                assert_eq!(log.entries().collect::<Vec<_>>(), model);
                assert_eq!(format!("{batched:?}"), format!("{log:?}"));
                let len = model.len() as u64;
                let from = next(len + 1);
                let to = from + next(len + 2 - from);
                let max = next(400);
                let mut want = Vec::new();
                let mut bytes = 0u64;
                for e in model.iter().take(to.min(len) as usize).skip(from as usize) {
                    if !want.is_empty() && bytes + u64::from(e.record.size_bytes) > max {
                        break;
                    }
                    bytes += u64::from(e.record.size_bytes);
                    want.push(*e);
                }
                assert_eq!(log.read(from, to, max), want);
                assert_eq!(
                    log.last_record_epoch(),
                    model.last().map(|e| e.record.leader_epoch)
                );
                if let Some(o) = (len > 0).then(|| next(len)) {
                    assert_eq!(log.entry(o), model[o as usize]);
                }
            }
        }
    }
}
