//! A value per record, for the ledger and the guarantees: dense tables by (producer, send index).

use super::dense::{at_mut, at_mut_or};
use super::ids::*;

/// A value per record, stored densely by (producer, send index): record ids are handed out in send order, so a
/// table per producer is as compact as a `Vec` (a `BTreeMap` of 600,000 records cost tens of MB and a tree search
/// per event).
#[derive(Clone, Debug, Default)]
pub struct RecordTable<T> {
    by_producer: Vec<Vec<T>>,
}

impl<T: Copy + Default + PartialEq> RecordTable<T> {
    /// The value of a record (the default when never set).
    pub fn get(&self, r: RecordId) -> T {
        self.by_producer
            .get(r.producer().0 as usize)
            .and_then(|v| v.get(r.send_index() as usize))
            .copied()
            .unwrap_or_default()
    }

    /// The value of a record, to change (grows the table as needed).
    pub fn entry(&mut self, r: RecordId) -> &mut T {
        let v = at_mut(&mut self.by_producer, r.producer().0 as usize);
        at_mut_or(v, r.send_index() as usize, T::default())
    }

    /// Every record whose value is not the default, in record-id order.
    pub fn iter(&self) -> impl Iterator<Item = (RecordId, T)> + '_ {
        self.by_producer.iter().enumerate().flat_map(|(p, v)| {
            v.iter()
                .enumerate()
                .filter(|(_, t)| **t != T::default())
                .map(move |(i, t)| (RecordId::new(ProducerIdx(p as u16), i as u64), *t))
        })
    }
}
