//! Java's orders, as the Kafka client meets them: `String.compareTo`, `String.hashCode`,
//! `TopicPartition.hashCode`, and the iteration order of a `HashMap`/`HashSet`.
//!
//! Kafka's assignors iterate `HashMap`s keyed by member id, topic name or `TopicPartition`, and
//! their result depends on that order. A Java `HashMap`/`HashSet` iterates bucket by bucket
//! (`bucket = (h ^ (h >>> 16)) & (capacity - 1)`, `h` = `String.hashCode` or
//! `TopicPartition.hashCode`) and, inside one bucket, in insertion order (newest first for entries
//! added by `computeIfAbsent`). A default-constructed map starts at capacity 16 and doubles
//! whenever its size passes 0.75 × capacity. The functions here compute that order from the keys
//! and their insertion order; nothing here uses a Rust hash map.
//!
//! Simplification: Java's treeification of very full hash buckets (8+ entries in a table of 64+)
//! is ignored.

use super::{Member, Tp};
use crate::kafka::sort;
use std::cmp::Ordering;

/// `String.compareTo`: lexicographic over UTF-16 code units.
pub(super) fn java_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `String.hashCode`: `h = 31*h + c` over UTF-16 code units, wrapping `int` arithmetic.
pub(super) fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(i32::from(c)))
}

/// `TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`.
pub(super) fn java_tp_hash(tp: &Tp) -> i32 {
    // Java's partition is an int; reinterpreting the u32 bits is what a cast would give.
    let partition = tp.partition as i32;
    31i32
        .wrapping_mul(31i32.wrapping_add(partition))
        .wrapping_add(java_string_hash(&tp.topic))
}

/// `HashMap.hash` spread followed by the bucket index for a power-of-two capacity.
pub(super) fn java_bucket(hash: i32, capacity: usize) -> usize {
    let h = hash as u32;
    let spread = h ^ (h >> 16);
    (spread as usize) & (capacity - 1)
}

/// `HashMap.DEFAULT_INITIAL_CAPACITY` and `MAXIMUM_CAPACITY`.
const JAVA_DEFAULT_CAPACITY: usize = 16;
const JAVA_MAX_CAPACITY: usize = 1 << 30;

/// `HashMap.resize` is due: the size has passed the threshold, 0.75 × capacity.
fn java_needs_resize(size: usize, capacity: usize) -> bool {
    size > capacity / 4 * 3 && capacity < JAVA_MAX_CAPACITY
}

/// Table capacity of a default-constructed `HashMap`/`HashSet` after `n` distinct insertions:
/// 16, doubled each time the size passes 0.75 × capacity.
pub(super) fn java_default_capacity(n: usize) -> usize {
    let mut cap = JAVA_DEFAULT_CAPACITY;
    while java_needs_resize(n, cap) {
        cap *= 2;
    }
    cap
}

/// Iteration order of a default-constructed Java `HashMap` whose distinct keys were inserted in
/// the given order (`hash` is the key's Java `hashCode`). Resizing keeps the relative order of the
/// entries of a bucket, so the order is: by bucket of the final table, then by insertion.
pub(super) fn java_hash_order<T>(mut items: Vec<(i32, T)>) -> Vec<T> {
    let cap = java_default_capacity(items.len());
    // sort_by_key is stable: insertion order is kept inside a bucket.
    sort::sort_by_key(&mut items, |(h, _)| java_bucket(*h, cap));
    items.into_iter().map(|(_, t)| t).collect()
}

/// Iteration order of a default-constructed Java `HashMap` keyed by `String`, filled by calling
/// `computeIfAbsent` once per element of `keys` (repeats allowed), as
/// `CollectionUtils.groupPartitionsByTopic` does. Unlike `put`, `computeIfAbsent` links a new
/// entry at the head of its bucket, and it resizes at the start of a call (also for a key that is
/// already present) once the size has passed the threshold. Returns the distinct keys in order.
pub(super) fn java_compute_if_absent_order<'k>(
    keys: impl IntoIterator<Item = &'k str>,
) -> Vec<&'k str> {
    let mut capacity = JAVA_DEFAULT_CAPACITY;
    let mut distinct: Vec<&str> = Vec::new();
    for key in keys {
        if java_needs_resize(distinct.len(), capacity) {
            capacity *= 2;
        }
        if !distinct.contains(&key) {
            distinct.push(key);
        }
    }
    let mut keyed: Vec<(usize, usize, &str)> = distinct
        .into_iter()
        .enumerate()
        .map(|(i, k)| (java_bucket(java_string_hash(k), capacity), i, k))
        .collect();
    // Newest first inside a bucket.
    sort::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    keyed.into_iter().map(|(_, _, k)| k).collect()
}

/// Java-order iteration of member ids (indices into `members`, given in insertion order).
pub(super) fn java_order_of_members(members: &[Member]) -> Vec<usize> {
    java_hash_order(
        members
            .iter()
            .enumerate()
            .map(|(i, m)| (java_string_hash(&m.id), i))
            .collect(),
    )
}

/// A Java `HashSet<TopicPartition>` reduced to what `PartitionMovements` needs: add, remove and
/// "first element of the iterator".
#[derive(Clone, Debug)]
pub(super) struct JavaTpHashSet {
    capacity: usize,
    entries: Vec<(Tp, u64)>,
    next_seq: u64,
}

impl JavaTpHashSet {
    pub(super) fn new() -> Self {
        JavaTpHashSet {
            capacity: JAVA_DEFAULT_CAPACITY,
            entries: Vec::new(),
            next_seq: 0,
        }
    }

    pub(super) fn add(&mut self, tp: Tp) {
        if self.entries.iter().any(|(e, _)| *e == tp) {
            return;
        }
        self.entries.push((tp, self.next_seq));
        self.next_seq += 1;
        if java_needs_resize(self.entries.len(), self.capacity) {
            self.capacity *= 2;
        }
    }

    pub(super) fn remove(&mut self, tp: &Tp) {
        self.entries.retain(|(e, _)| e != tp);
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(super) fn first(&self) -> Option<&Tp> {
        self.entries
            .iter()
            .min_by_key(|(tp, seq)| (java_bucket(java_tp_hash(tp), self.capacity), *seq))
            .map(|(tp, _)| tp)
    }
}
