//! `RoundRobinAssignor`: all partitions of all subscribed topics, topics in name order, are dealt
//! one by one to the members in `MemberInfo` order (static members by `group.instance.id` first,
//! then the others by member id), skipping members that do not subscribe to the partition's
//! topic.
//!
//! Kafka deals from a `CircularIterator` over the sorted members; here a cursor plays that part.

use super::java_order::java_cmp;
use super::{empty_assignment, member_info_cmp, Member, Tp};
use crate::kafka::sort;
use std::collections::BTreeMap;

/// `RoundRobinAssignor.assign`.
pub(super) fn assign_round_robin(
    ppt: &BTreeMap<String, u32>,
    members: &[Member],
    order: &[usize],
) -> BTreeMap<String, Vec<Tp>> {
    let mut out = empty_assignment(members);
    let mut sorted: Vec<usize> = order.to_vec();
    sort::sort_by(&mut sorted, |&a, &b| {
        member_info_cmp(&members[a], &members[b])
    });
    let mut topics: Vec<&str> = members
        .iter()
        .flat_map(|m| m.topics.iter().map(String::as_str))
        .collect();
    sort::sort_by(&mut topics, |a, b| java_cmp(a, b));
    topics.dedup();
    let n = sorted.len();
    let mut cursor = 0usize;
    for topic in topics {
        let Some(&num_partitions) = ppt.get(topic) else {
            continue;
        };
        for p in 0..num_partitions {
            let mut skipped = 0usize;
            while !members[sorted[cursor]].topics.iter().any(|t| t == topic) {
                cursor = (cursor + 1) % n;
                skipped += 1;
                if skipped > n {
                    break;
                }
            }
            if skipped > n {
                break;
            }
            if let Some(list) = out.get_mut(&members[sorted[cursor]].id) {
                list.push(Tp::new(topic, p));
            }
            cursor = (cursor + 1) % n;
        }
    }
    out
}
