//! `AbstractStickyAssignor`, the common part of `StickyAssignor` and `CooperativeStickyAssignor`,
//! and `StickyAssignor`'s own user data.
//!
//! `assignPartitions` first checks whether all members subscribe to the same topics and settles
//! conflicting claims on previously owned partitions (`allSubscriptionsEqual`: the newest
//! generation wins, two claims of the same generation are both dropped). Then one of two
//! builders runs: `ConstrainedAssignmentBuilder` (`constrained_builder`) when all subscriptions
//! are equal, `GeneralAssignmentBuilder` (`general_builder`) otherwise; the general builder's
//! undo bookkeeping, `PartitionMovements`, is in `partition_movements`. What
//! `CooperativeStickyAssignor` adds on top is in `cooperative`.
//!
//! Simplifications:
//! - Stateless: Kafka's `AbstractStickyAssignor` keeps `maxGeneration` in a field that is never
//!   reset between calls; here it is recomputed from the given members on every call.
//! - `StickyAssignor` (eager) reads owned partitions from its user data, where they are stored
//!   grouped by topic through a `HashMap`; `owned_partitions` is treated as that user data and
//!   regrouped the same way (`computeIfAbsent` order: newest first inside a bucket).
//!   `CooperativeStickyAssignor` uses `owned_partitions` as given.
//! - Where Kafka would throw, this code carries on instead, so it never panics. The one case
//!   seen in practice: in the general builder, a partition's previous-generation owner has been
//!   set aside as unable to take part (e.g. it now subscribes only to topics without partitions),
//!   and Kafka's `performReassignments` throws a `NullPointerException`; here the "give it back
//!   to the previous owner" rule is skipped for that partition. The `IllegalStateException`s of
//!   the constrained builder cannot happen with consistent input; a left-over partition would go
//!   to the least-loaded member. The general builder's rebalance loop is capped at a large number
//!   of passes (Kafka's has no cap).
//! - Kafka quirks that are kept on purpose: if the first member(s) in `HashMap` order subscribe
//!   to nothing, the "all subscriptions equal" check starts from the next member, so those members
//!   may receive partitions of topics they did not subscribe to; and the general builder may hand
//!   a partition back to its previous-generation owner without checking that this owner still
//!   subscribes to the topic.

mod constrained_builder;
mod general_builder;
mod partition_movements;

use super::java_order::java_compute_if_absent_order;
use super::{remove_first, AssignorKind, Member, Tp};
use std::collections::{BTreeMap, BTreeSet};

/// `AbstractStickyAssignor.DEFAULT_GENERATION`: the generation of a member that reports none.
const DEFAULT_GENERATION: i32 = -1;

/// `memberData(subscription).partitions` for the given assignor.
fn member_data_partitions(kind: AssignorKind, m: &Member) -> Vec<Tp> {
    if kind != AssignorKind::Sticky {
        return m.owned.clone();
    }
    // StickyAssignor user data: CollectionUtils.groupPartitionsByTopic (a HashMap of topic ->
    // partitions in list order), read back topic by topic.
    let topics = java_compute_if_absent_order(m.owned.iter().map(|tp| tp.topic.as_str()));
    let mut out = Vec::with_capacity(m.owned.len());
    for topic in topics {
        out.extend(m.owned.iter().filter(|tp| tp.topic == topic).cloned());
    }
    out
}

/// What `allSubscriptionsEqual` leaves for the builders.
struct OwnedState {
    all_equal: bool,
    /// consumerToOwnedPartitions: each member's valid previously owned partitions.
    owned: BTreeMap<String, Vec<Tp>>,
    /// partitionsWithMultiplePreviousOwners.
    multi_owner: BTreeSet<Tp>,
    max_generation: i32,
}

/// `allSubscriptionsEqual`: the equal-subscription check plus owned-partition conflict resolution.
fn all_subscriptions_equal(
    kind: AssignorKind,
    ppt: &BTreeMap<String, u32>,
    members: &[Member],
    order: &[usize],
) -> OwnedState {
    let mut all_equal = true;
    let mut subscribed: BTreeSet<&str> = BTreeSet::new();
    let mut previous_owner: BTreeMap<Tp, usize> = BTreeMap::new();
    let mut owned: Vec<Vec<Tp>> = vec![Vec::new(); members.len()];
    let mut multi_owner: BTreeSet<Tp> = BTreeSet::new();
    let mut max_generation = DEFAULT_GENERATION;

    for &i in order {
        let m = &members[i];
        if subscribed.is_empty() {
            subscribed.extend(m.topics.iter().map(String::as_str));
        } else if all_equal
            && !(m.topics.len() == subscribed.len()
                && m.topics.iter().all(|t| subscribed.contains(t.as_str())))
        {
            all_equal = false;
        }

        let generation = m.generation.unwrap_or(DEFAULT_GENERATION);
        max_generation = max_generation.max(generation);

        for tp in member_data_partitions(kind, m) {
            let exists = ppt.get(&tp.topic).is_some_and(|&n| tp.partition < n);
            if !exists {
                continue;
            }
            match previous_owner.get(&tp).copied() {
                None => {
                    owned[i].push(tp.clone());
                    previous_owner.insert(tp, i);
                }
                Some(other) => {
                    let other_generation = members[other].generation.unwrap_or(DEFAULT_GENERATION);
                    if generation == other_generation {
                        // Same generation: both claims are invalid.
                        multi_owner.insert(tp.clone());
                        remove_first(&mut owned[other], &tp);
                        previous_owner.insert(tp, i);
                    } else if generation > other_generation {
                        owned[i].push(tp.clone());
                        remove_first(&mut owned[other], &tp);
                        previous_owner.insert(tp, i);
                    }
                    // else: the other member keeps it.
                }
            }
        }
    }

    // Inserts, not `collect()`, which sorts (one more sort in the page's wasm).
    let mut owned_by_id = BTreeMap::new();
    for (m, list) in members.iter().zip(owned) {
        owned_by_id.insert(m.id.clone(), list);
    }
    OwnedState {
        all_equal,
        owned: owned_by_id,
        multi_owner,
        max_generation,
    }
}

/// What `AbstractStickyAssignor.assignPartitions` leaves behind: the assignment, and its
/// `partitionsTransferringOwnership` field, which the constrained builder fills and the general
/// builder leaves `null` (here `None`).
pub(super) struct StickyAssignment {
    pub(super) assignment: BTreeMap<String, Vec<Tp>>,
    pub(super) partitions_transferring_ownership: Option<BTreeMap<Tp, String>>,
}

/// `AbstractStickyAssignor.assignPartitions`: the constrained builder when all subscriptions are
/// equal, the general builder otherwise. For `StickyAssignor` the assignment is the result.
pub(super) fn assign_sticky(
    kind: AssignorKind,
    ppt: &BTreeMap<String, u32>,
    members: &[Member],
    order: &[usize],
) -> StickyAssignment {
    let state = all_subscriptions_equal(kind, ppt, members, order);
    if state.all_equal {
        let (assignment, transferring) =
            constrained_builder::constrained_assign(ppt, members, order, &state);
        StickyAssignment {
            assignment,
            partitions_transferring_ownership: Some(transferring),
        }
    } else {
        let assignment =
            general_builder::GeneralBuilder::new(kind, ppt, members, order, state).build();
        StickyAssignment {
            assignment,
            partitions_transferring_ownership: None,
        }
    }
}
