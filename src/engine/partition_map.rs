//! A map keyed by [`TopicPartition`], stored densely: one `Vec` per topic, indexed by partition number. It iterates
//! in (topic, partition) order, the order of the `BTreeMap<TopicPartition, _>` it replaces, so swapping one for the
//! other changes no behaviour; a lookup is two indexings instead of a B-tree search (the producer's sender looks up
//! every partition's deque and leader after each `send()` that opens a batch).
//!
//! Models: nothing in Kafka (the Java client keeps `ConcurrentMap<TopicPartition, Deque<ProducerBatch>>`).

use super::ids::{TopicIdx, TopicPartition};
use std::ops::Index;

/// A map from partitions to `T`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionMap<T> {
    topics: Vec<Vec<Option<T>>>,
    len: usize,
}

impl<T> Default for PartitionMap<T> {
    fn default() -> Self {
        PartitionMap {
            topics: Vec::new(),
            len: 0,
        }
    }
}

impl<T> PartitionMap<T> {
    /// Removes every value.
    pub fn clear(&mut self) {
        self.topics.clear();
        self.len = 0;
    }

    /// The value for `tp`.
    pub fn get(&self, tp: &TopicPartition) -> Option<&T> {
        self.topics
            .get(tp.topic.0 as usize)?
            .get(tp.partition as usize)?
            .as_ref()
    }

    /// The value for `tp`, to change.
    pub fn get_mut(&mut self, tp: &TopicPartition) -> Option<&mut T> {
        self.topics
            .get_mut(tp.topic.0 as usize)?
            .get_mut(tp.partition as usize)?
            .as_mut()
    }

    /// Whether `tp` has a value.
    pub fn contains_key(&self, tp: &TopicPartition) -> bool {
        self.get(tp).is_some()
    }

    fn slot(&mut self, tp: TopicPartition) -> &mut Option<T> {
        let t = tp.topic.0 as usize;
        if self.topics.len() <= t {
            self.topics.resize_with(t + 1, Vec::new);
        }
        let parts = &mut self.topics[t];
        let p = tp.partition as usize;
        if parts.len() <= p {
            parts.resize_with(p + 1, || None);
        }
        &mut parts[p]
    }

    /// Sets the value for `tp`; returns the old one.
    pub fn insert(&mut self, tp: TopicPartition, v: T) -> Option<T> {
        let old = self.slot(tp).replace(v);
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    /// Removes the value for `tp`.
    pub fn remove(&mut self, tp: &TopicPartition) -> Option<T> {
        let old = self
            .topics
            .get_mut(tp.topic.0 as usize)?
            .get_mut(tp.partition as usize)?
            .take();
        if old.is_some() {
            self.len -= 1;
        }
        old
    }

    /// The value for `tp`, inserting the default first if there is none (`entry(tp).or_default()`).
    pub fn entry_or_default(&mut self, tp: TopicPartition) -> &mut T
    where
        T: Default,
    {
        if !self.contains_key(&tp) {
            self.len += 1;
        }
        self.slot(tp).get_or_insert_with(T::default)
    }

    /// Entries in (topic, partition) order.
    pub fn iter(&self) -> impl Iterator<Item = (TopicPartition, &T)> + '_ {
        self.topics.iter().enumerate().flat_map(|(t, parts)| {
            parts.iter().enumerate().filter_map(move |(p, v)| {
                v.as_ref().map(|v| {
                    (
                        TopicPartition {
                            topic: TopicIdx(t as u16),
                            partition: p as u32,
                        },
                        v,
                    )
                })
            })
        })
    }

    /// Keys in order.
    pub fn keys(&self) -> impl Iterator<Item = TopicPartition> + '_ {
        self.iter().map(|(tp, _)| tp)
    }

    /// Values in key order.
    pub fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.topics.iter().flatten().flatten()
    }

    /// Values in key order, to change.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> + '_ {
        self.topics.iter_mut().flatten().flatten()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl<T> Index<&TopicPartition> for PartitionMap<T> {
    type Output = T;
    fn index(&self, tp: &TopicPartition) -> &T {
        self.get(tp).expect("a partition present in the map")
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the same answers, in the same order, as the `BTreeMap` it replaces.
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_like_a_btree_map() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let mut m: PartitionMap<u64> = PartitionMap::default();
        let mut b: BTreeMap<TopicPartition, u64> = BTreeMap::new();
        for i in 0..5000 {
            let tp = TopicPartition {
                topic: TopicIdx(next(4) as u16),
                partition: next(9) as u32,
            };
            match next(4) {
                0 if i % 997 == 0 => {
                    m.clear();
                    b.clear();
                }
                0 => assert_eq!(m.remove(&tp), b.remove(&tp)),
                1 => {
                    *m.entry_or_default(tp) += i;
                    *b.entry(tp).or_default() += i;
                }
                2 => assert_eq!(m.insert(tp, i), b.insert(tp, i)),
                _ => assert_eq!(m.get(&tp), b.get(&tp)),
            }
            assert_eq!(m.len(), b.len());
            assert_eq!(
                m.iter().map(|(k, v)| (k, *v)).collect::<Vec<_>>(),
                b.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>()
            );
        }
        assert_eq!(m.values().count(), b.len());
        assert_eq!(
            m.keys().collect::<Vec<_>>(),
            b.keys().copied().collect::<Vec<_>>()
        );
    }
}
