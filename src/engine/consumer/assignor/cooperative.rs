//! `CooperativeStickyAssignor`: the sticky assignment of `AbstractStickyAssignor`, minus the
//! partitions that change owner in this rebalance.
//!
//! Under the COOPERATIVE protocol a member keeps consuming what it still owns while the group
//! rebalances, so a partition may not be handed to its new owner before the old owner has revoked
//! it. `assignPartitions` therefore takes the partitions transferring ownership (from the
//! constrained builder, or computed by comparing the assignment with each member's
//! `ownedPartitions` after the general builder) and leaves them out (`adjustAssignment`); the
//! old owner revokes them, rejoins, and the next rebalance assigns them.

use super::sticky::{assign_sticky, StickyAssignment};
use super::{remove_first, AssignorKind, Member, Tp};
use std::collections::{BTreeMap, BTreeSet};

/// `CooperativeStickyAssignor.assignPartitions`.
pub(super) fn assign_cooperative_sticky(
    ppt: &BTreeMap<String, u32>,
    members: &[Member],
    order: &[usize],
) -> BTreeMap<String, Vec<Tp>> {
    let StickyAssignment {
        mut assignment,
        partitions_transferring_ownership,
    } = assign_sticky(AssignorKind::CooperativeSticky, ppt, members, order);
    let transferring = partitions_transferring_ownership
        .unwrap_or_else(|| compute_partitions_transferring_ownership(members, &assignment));
    adjust_assignment(&mut assignment, &transferring);
    assignment
}

/// `adjustAssignment`: a partition changing owner is left out until its previous owner has
/// revoked it.
fn adjust_assignment(
    assignment: &mut BTreeMap<String, Vec<Tp>>,
    partitions_transferring_ownership: &BTreeMap<Tp, String>,
) {
    for (tp, consumer) in partitions_transferring_ownership {
        if let Some(list) = assignment.get_mut(consumer) {
            remove_first(list, tp);
        }
    }
}

/// `CooperativeStickyAssignor.computePartitionsTransferringOwnership`, for the general builder's
/// result: partitions assigned to a member that did not own them while another member revokes
/// them.
fn compute_partitions_transferring_ownership(
    members: &[Member],
    assignment: &BTreeMap<String, Vec<Tp>>,
) -> BTreeMap<Tp, String> {
    let mut added: BTreeMap<Tp, String> = BTreeMap::new();
    let mut revoked: BTreeSet<Tp> = BTreeSet::new();
    for m in members {
        let Some(assigned) = assignment.get(&m.id) else {
            continue;
        };
        // Sets of owned `Tp`s, filled by inserts: the same B-tree code as `revoked` (a set of `&Tp` is
        // another copy in the page's wasm), and no `collect()`, which sorts.
        let mut owned: BTreeSet<Tp> = BTreeSet::new();
        owned.extend(m.owned.iter().cloned());
        for tp in assigned {
            if !owned.contains(tp) {
                added.insert(tp.clone(), m.id.clone());
            }
        }
        let mut assigned_set: BTreeSet<Tp> = BTreeSet::new();
        assigned_set.extend(assigned.iter().cloned());
        for tp in &m.owned {
            if !assigned_set.contains(tp) {
                revoked.insert(tp.clone());
            }
        }
    }
    added.retain(|tp, _| revoked.contains(tp));
    added
}
