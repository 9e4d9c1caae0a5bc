//! `AbstractStickyAssignor.PartitionMovements`: which partitions the general builder has moved
//! between which members while balancing, so that moving a partition back undoes the earlier move
//! instead of chaining a second one.
//!
//! Kafka keeps, per topic, a `HashMap` from (source, destination) to a `HashSet` of partitions,
//! and takes the first partition of that set's iterator when a reverse move is asked for; the set
//! is a `JavaTpHashSet` so that "first" is Java's first.

use super::super::java_order::JavaTpHashSet;
use super::super::Tp;
use std::collections::BTreeMap;

/// `PartitionMovements`: records which partitions moved between which members during the
/// general builder's balancing so that a move can be undone instead of chained.
#[derive(Default)]
pub(super) struct PartitionMovements {
    /// partition -> (source, destination)
    by_partition: BTreeMap<Tp, (String, String)>,
    /// topic -> (source, destination) -> partitions (a Java HashSet)
    by_topic: BTreeMap<String, BTreeMap<(String, String), JavaTpHashSet>>,
}

impl PartitionMovements {
    fn remove_record(&mut self, tp: &Tp) -> Option<(String, String)> {
        let pair = self.by_partition.remove(tp)?;
        if let Some(for_topic) = self.by_topic.get_mut(&tp.topic) {
            if let Some(set) = for_topic.get_mut(&pair) {
                set.remove(tp);
                if set.is_empty() {
                    for_topic.remove(&pair);
                }
            }
            if for_topic.is_empty() {
                self.by_topic.remove(&tp.topic);
            }
        }
        Some(pair)
    }

    fn add_record(&mut self, tp: &Tp, pair: (String, String)) {
        self.by_partition.insert(tp.clone(), pair.clone());
        self.by_topic
            .entry(tp.topic.clone())
            .or_default()
            .entry(pair)
            .or_insert_with(JavaTpHashSet::new)
            .add(tp.clone());
    }

    pub(super) fn move_partition(&mut self, tp: &Tp, old: &str, new: &str) {
        if self.by_partition.contains_key(tp) {
            match self.remove_record(tp) {
                Some((src, _dst)) if src != new => self.add_record(tp, (src, new.to_string())),
                _ => {}
            }
        } else {
            self.add_record(tp, (old.to_string(), new.to_string()));
        }
    }

    pub(super) fn actual_partition_to_move(&self, tp: &Tp, old: &str, new: &str) -> Tp {
        let Some(for_topic) = self.by_topic.get(&tp.topic) else {
            return tp.clone();
        };
        let old = match self.by_partition.get(tp) {
            Some((src, _)) => src.as_str(),
            None => old,
        };
        let reverse = (new.to_string(), old.to_string());
        match for_topic.get(&reverse).and_then(JavaTpHashSet::first) {
            Some(first) => first.clone(),
            None => tp.clone(),
        }
    }
}
