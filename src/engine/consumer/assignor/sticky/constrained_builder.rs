//! `AbstractStickyAssignor.ConstrainedAssignmentBuilder`: the sticky assignors' path when every
//! member subscribes to the same topics.
//!
//! Each member first keeps its valid owned partitions up to its quota (`minQuota`, or `maxQuota`
//! for as many members as the division leaves a remainder), in the order Kafka sorts them
//! (partition number, then topic); the partitions left over are then dealt round-robin, first to
//! the members below `minQuota`, then to those at exactly `minQuota`. A dealt partition that
//! another member owned, or that several members claimed, is recorded in
//! `partitionsTransferringOwnership`, which `CooperativeStickyAssignor` uses to hold it back for
//! one rebalance.
//!
//! Simplification: Kafka throws `IllegalStateException` when partitions are left with no member to
//! take them; that cannot happen with consistent input, and here the partition goes to the
//! least-loaded member instead.

use super::super::java_order::java_cmp;
use super::super::{empty_assignment, Member, Tp};
use super::OwnedState;
use crate::kafka::sort;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// All partitions of all topics, topics in `String` order, partitions ascending.
fn all_partitions_sorted(ppt: &BTreeMap<String, u32>) -> Vec<Tp> {
    let mut topics: Vec<(&String, u32)> = ppt.iter().map(|(t, &n)| (t, n)).collect();
    sort::sort_by(&mut topics, |a, b| java_cmp(a.0, b.0));
    let mut out = Vec::new();
    for (t, n) in topics {
        for p in 0..n {
            out.push(Tp::new(t.clone(), p));
        }
    }
    out
}

/// `ConstrainedAssignmentBuilder` (all subscriptions equal). Returns the assignment and
/// `partitionsTransferringOwnership`.
pub(super) fn constrained_assign(
    ppt: &BTreeMap<String, u32>,
    members: &[Member],
    order: &[usize],
    state: &OwnedState,
) -> (BTreeMap<String, Vec<Tp>>, BTreeMap<Tp, String>) {
    let total: u64 = ppt.values().map(|&n| u64::from(n)).sum();
    let n = order.len().max(1) as u64;
    let min_quota = (total / n) as usize;
    let max_quota = total.div_ceil(n) as usize;
    let expected_over_min = (total % n) as usize;
    let mut current_over_min = 0usize;

    let mut assignment = empty_assignment(members);
    let mut maybe_revoked: BTreeMap<Tp, String> = BTreeMap::new();
    let mut under_min: Vec<String> = Vec::new();
    let mut exactly_min: VecDeque<String> = VecDeque::new();
    let mut assigned: BTreeSet<Tp> = BTreeSet::new();
    let mut transferring: BTreeMap<Tp, String> = BTreeMap::new();

    // assignOwnedPartitions, members in HashMap order of their ids.
    for &i in order {
        let consumer = &members[i].id;
        let mut owned = state.owned.get(consumer).cloned().unwrap_or_default();
        sort::sort_by(&mut owned, |a, b| {
            a.partition
                .cmp(&b.partition)
                .then_with(|| java_cmp(&a.topic, &b.topic))
        });
        owned.retain(|tp| !state.multi_owner.contains(tp));
        let Some(consumer_assignment) = assignment.get_mut(consumer) else {
            continue;
        };
        if owned.len() < min_quota {
            consumer_assignment.extend(owned.iter().cloned());
            assigned.extend(owned);
            under_min.push(consumer.clone());
        } else if owned.len() >= max_quota && current_over_min < expected_over_min {
            current_over_min += 1;
            if current_over_min == expected_over_min {
                exactly_min.clear();
            }
            for (k, tp) in owned.into_iter().enumerate() {
                if k < max_quota {
                    consumer_assignment.push(tp.clone());
                    assigned.insert(tp);
                } else {
                    maybe_revoked.insert(tp, consumer.clone());
                }
            }
        } else {
            for (k, tp) in owned.into_iter().enumerate() {
                if k < min_quota {
                    consumer_assignment.push(tp.clone());
                    assigned.insert(tp);
                } else {
                    maybe_revoked.insert(tp, consumer.clone());
                }
            }
            if current_over_min < expected_over_min {
                exactly_min.push_back(consumer.clone());
            }
        }
    }

    let unassigned: Vec<Tp> = all_partitions_sorted(ppt)
        .into_iter()
        .filter(|tp| !assigned.contains(tp))
        .collect();

    sort::sort_by(&mut under_min, |a, b| java_cmp(a, b));
    sort::sort_by(exactly_min.make_contiguous(), |a, b| java_cmp(a, b));

    // assignRoundRobin. `cursor` plays the part of the Java iterator over `under_min`.
    let mut cursor = 0usize;
    for tp in unassigned {
        let (consumer, from_under_min) = if cursor < under_min.len() {
            cursor += 1;
            (under_min[cursor - 1].clone(), true)
        } else if under_min.is_empty() && exactly_min.is_empty() {
            // Kafka throws IllegalStateException here; it cannot happen with consistent input.
            // Hand the partition to the least-loaded member instead of failing.
            let fallback = order
                .iter()
                .map(|&i| &members[i].id)
                .min_by(|a, b| {
                    let la = assignment.get(*a).map_or(0, Vec::len);
                    let lb = assignment.get(*b).map_or(0, Vec::len);
                    la.cmp(&lb).then_with(|| java_cmp(a, b))
                })
                .cloned();
            match fallback {
                Some(c) => (c, false),
                None => break,
            }
        } else if under_min.is_empty() {
            match exactly_min.pop_front() {
                Some(c) => (c, false),
                None => break,
            }
        } else {
            cursor = 1;
            (under_min[0].clone(), true)
        };

        let Some(consumer_assignment) = assignment.get_mut(&consumer) else {
            continue;
        };
        consumer_assignment.push(tp.clone());
        let count = consumer_assignment.len();
        let moved_from_other = maybe_revoked.get(&tp).is_some_and(|c| *c != consumer);
        if moved_from_other || state.multi_owner.contains(&tp) {
            transferring.insert(tp, consumer.clone());
        }

        if count == min_quota {
            if from_under_min && cursor > 0 {
                under_min.remove(cursor - 1);
                cursor -= 1;
            }
            exactly_min.push_back(consumer);
        }
        // Kafka also counts members reaching maxQuota here, but only to log a warning.
    }

    (assignment, transferring)
}
