//! Marks on a replica's log that make a broken guarantee readable on the stage: the send order of records that
//! landed out of it (the tutorial's "2 3 1"), the copies of a duplicated record, and the records this replica
//! truncated.
//!
//! Models: what `kafka-dump-log.sh` on that replica would show an engineer looking for the cause: a producer's
//! records out of send order after a retry with more than one request in flight, the same record twice after a
//! retry without idempotence, and the offsets a follower cut when it truncated to the new leader's log.
//!
//! Simplifications: a duplicate is looked for among the last [`COPY_SCAN`] offsets (retries land close to the
//! first copy); a reordered run is at most [`MAX_RUN`] records; the newest [`KEPT_TRUNCATED`] truncated records
//! are kept by name (all are counted).

use crate::engine::ids::{ProducerIdx, RecordId};

/// How far back an append looks for an earlier copy of its record.
pub const COPY_SCAN: usize = 4096;
/// The most records a reordered run numbers.
pub const MAX_RUN: usize = 9;
/// Truncated records kept by name per replica.
pub const KEPT_TRUNCATED: usize = 8;

/// What a log cell shows besides its record's colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellMark {
    /// Its place in send order (1 = sent first) within a run of records that landed out of it: "2 3 1" reads
    /// "the first-sent record landed last".
    Order(u8),
    /// One of two or more copies of the same record in this log.
    Copy,
}

/// The marks of one replica's log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogMarks {
    /// Marked offsets, ascending.
    cells: Vec<(u64, CellMark)>,
    /// The highest send index per producer in the log.
    max_sent: Vec<(ProducerIdx, u64)>,
    /// Records this replica truncated, newest last: (the offset each had, the record).
    pub truncated: Vec<(u64, RecordId)>,
    /// How many records this replica truncated in all.
    pub truncated_count: u64,
}

impl LogMarks {
    /// The mark of the cell at `offset`, if any.
    pub fn at(&self, offset: u64) -> Option<CellMark> {
        self.cells
            .binary_search_by_key(&offset, |c| c.0)
            .ok()
            .map(|i| self.cells[i].1)
    }

    fn set(&mut self, offset: u64, mark: CellMark) {
        match self.cells.binary_search_by_key(&offset, |c| c.0) {
            Ok(i) => self.cells[i].1 = mark,
            Err(i) => self.cells.insert(i, (offset, mark)),
        }
    }

    /// `log` just got its last record appended.
    pub fn appended(&mut self, log: &[RecordId]) {
        let Some((&id, before)) = log.split_last() else {
            return;
        };
        let o = before.len();
        let p = id.producer();
        let max = match self.max_sent.iter_mut().find(|m| m.0 == p) {
            Some(m) => m,
            None => {
                self.max_sent.push((p, id.send_index()));
                return;
            }
        };
        if id.send_index() > max.1 {
            max.1 = id.send_index();
            return;
        }
        let from = o.saturating_sub(COPY_SCAN);
        if let Some(k) = before[from..].iter().rposition(|r| *r == id) {
            self.set((from + k) as u64, CellMark::Copy);
            self.set(o as u64, CellMark::Copy);
            return;
        }
        // Out of send order: number it with the later-sent records of its producer right before it.
        let mut start = o;
        while start > 0
            && o - start < MAX_RUN - 1
            && before[start - 1].producer() == p
            && before[start - 1].send_index() > id.send_index()
        {
            start -= 1;
        }
        let run = &log[start..];
        for (k, r) in run.iter().enumerate() {
            let rank = 1 + run
                .iter()
                .filter(|x| x.send_index() < r.send_index())
                .count();
            self.set((start + k) as u64, CellMark::Order(rank as u8));
        }
    }

    /// `log` was cut to its current length (an append over a longer log, after a truncation).
    pub fn cut(&mut self, log: &[RecordId]) {
        let len = log.len() as u64;
        self.cells.retain(|c| c.0 < len);
        // A copy whose twin was cut is a copy no more.
        let twins = |o: u64| {
            let id = log[o as usize];
            log.iter().filter(|r| **r == id).count() > 1
        };
        self.cells.retain(|c| c.1 != CellMark::Copy || twins(c.0));
        self.max_sent.clear();
        for r in log {
            match self.max_sent.iter_mut().find(|m| m.0 == r.producer()) {
                Some(m) => m.1 = m.1.max(r.send_index()),
                None => self.max_sent.push((r.producer(), r.send_index())),
            }
        }
    }

    /// `log` was truncated to its current length; `removed` are the records cut, from the offset `to` on.
    pub fn truncated(&mut self, log: &[RecordId], to: u64, removed: &[RecordId]) {
        self.cut(log);
        self.truncated_count += removed.len() as u64;
        for (k, r) in removed.iter().enumerate() {
            self.truncated.push((to + k as u64, *r));
        }
        let over = self.truncated.len().saturating_sub(KEPT_TRUNCATED);
        self.truncated.drain(..over);
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the marks read as the tutorial tells the story. Method: logs built by hand. Kafka: retries with
    //! `max.in.flight.requests.per.connection` > 1 reorder, retries without idempotence duplicate.
    use super::*;

    fn log_of(marks: &mut LogMarks, sends: &[u64]) -> Vec<RecordId> {
        let mut log = Vec::new();
        for s in sends {
            log.push(RecordId::new(ProducerIdx(0), *s));
            marks.appended(&log);
        }
        log
    }

    fn read(marks: &LogMarks, n: usize) -> Vec<Option<CellMark>> {
        (0..n as u64).map(|o| marks.at(o)).collect()
    }

    #[test]
    fn a_retried_first_batch_reads_2_3_1() {
        let mut m = LogMarks::default();
        log_of(&mut m, &[0, 2, 3, 1, 4]);
        use CellMark::Order;
        assert_eq!(
            read(&m, 5),
            vec![None, Some(Order(2)), Some(Order(3)), Some(Order(1)), None]
        );
    }

    #[test]
    fn a_duplicate_marks_both_copies_and_truncation_forgets_cut_marks() {
        let mut m = LogMarks::default();
        let mut log = log_of(&mut m, &[0, 1, 1, 2]);
        assert_eq!(
            read(&m, 4),
            vec![None, Some(CellMark::Copy), Some(CellMark::Copy), None]
        );
        let removed = log.split_off(2);
        m.truncated(&log, 2, &removed);
        assert_eq!((m.at(1), m.at(2)), (None, None), "its twin is gone");
        assert_eq!(
            m.truncated,
            vec![
                (2, RecordId::new(ProducerIdx(0), 1)),
                (3, RecordId::new(ProducerIdx(0), 2))
            ]
        );
        // After the cut, send order is judged against what is left.
        log.push(RecordId::new(ProducerIdx(0), 2));
        m.appended(&log);
        assert_eq!(m.at(2), None);
    }
}
