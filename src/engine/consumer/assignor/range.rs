//! `RangeAssignor`: topic by topic, the topic's partitions in number order are cut into
//! consecutive ranges, one per subscribed member in `MemberInfo` order (static members by
//! `group.instance.id` first, then the others by member id); the first
//! `partitions % members` members get one partition more.
//!
//! The lists come out in Kafka's order because topics are visited in the order of the
//! `partitionsPerTopic` `HashMap` that Kafka builds (see `range_topic_order`).
//!
//! Simplification: no rack-aware pass (Kafka's `RangeAssignor` matches consumer and replica racks
//! first when both are known; with no racks it does what this file does).

use super::java_order::{java_hash_order, java_string_hash};
use super::{empty_assignment, member_info_cmp, Member, Tp};
use crate::kafka::sort;
use std::collections::{BTreeMap, BTreeSet};

/// Order in which `RangeAssignor.assignPartitions` visits topics: the iteration order of the
/// `partitionsPerTopic` `HashMap` that `AbstractPartitionAssignor.assign` fills by iterating a
/// `HashSet` of all subscribed topics, itself filled member by member (members in `HashMap` order).
fn range_topic_order(
    ppt: &BTreeMap<String, u32>,
    members: &[Member],
    order: &[usize],
) -> Vec<String> {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut inserted: Vec<(i32, &str)> = Vec::new();
    for &i in order {
        for t in &members[i].topics {
            if seen.insert(t.as_str()) {
                inserted.push((java_string_hash(t), t.as_str()));
            }
        }
    }
    let all_subscribed = java_hash_order(inserted);
    let with_metadata: Vec<(i32, &str)> = all_subscribed
        .into_iter()
        .filter(|t| ppt.contains_key(*t))
        .map(|t| (java_string_hash(t), t))
        .collect();
    java_hash_order(with_metadata)
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// `RangeAssignor.assignPartitions`, without the rack-aware pass.
pub(super) fn assign_range(
    ppt: &BTreeMap<String, u32>,
    members: &[Member],
    order: &[usize],
) -> BTreeMap<String, Vec<Tp>> {
    let mut out = empty_assignment(members);
    let mut consumers_per_topic: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in order {
        for t in &members[i].topics {
            consumers_per_topic.entry(t.as_str()).or_default().push(i);
        }
    }
    for topic in range_topic_order(ppt, members, order) {
        let num_partitions = ppt.get(&topic).copied().unwrap_or(0);
        let mut consumers = consumers_per_topic
            .get(topic.as_str())
            .cloned()
            .unwrap_or_default();
        if consumers.is_empty() || num_partitions == 0 {
            continue;
        }
        // Collections.sort is stable, like sort_by.
        sort::sort_by(&mut consumers, |&a, &b| {
            member_info_cmp(&members[a], &members[b])
        });
        let n = consumers.len() as u64;
        let per_consumer = u64::from(num_partitions) / n;
        let with_extra = u64::from(num_partitions) % n;
        let mut next = 0u64;
        for (k, &c) in consumers.iter().enumerate() {
            let count = per_consumer + u64::from((k as u64) < with_extra);
            if let Some(list) = out.get_mut(&members[c].id) {
                for p in next..next + count {
                    list.push(Tp::new(topic.clone(), p as u32));
                }
            }
            next += count;
        }
    }
    out
}
