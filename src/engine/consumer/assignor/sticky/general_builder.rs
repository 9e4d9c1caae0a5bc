//! `AbstractStickyAssignor.GeneralAssignmentBuilder`: the sticky assignors' path when members
//! subscribe to different topics.
//!
//! Owned partitions are kept where the member still subscribes to their topic (owned partitions
//! of members from older generations are remembered as `prevAssignment`); unassigned partitions go
//! one by one to the least-loaded eligible member (`sortedCurrentSubscriptions`); then
//! `performReassignments` moves partitions from more loaded to less loaded members, preferring to
//! give a partition back to its previous-generation owner, until the assignment is balanced. If
//! that did not improve the balance score of an existing assignment, the moves are undone.
//!
//! Simplifications: no rack awareness; where Kafka's `performReassignments` would throw a
//! `NullPointerException` (a previous owner that was set aside), the "back to the previous owner"
//! rule is skipped for that partition; the balancing loop is capped at a large number of passes.

use super::super::java_order::java_cmp;
use super::super::{remove_first, AssignorKind, Member, Tp};
use super::partition_movements::PartitionMovements;
use super::{member_data_partitions, OwnedState, DEFAULT_GENERATION};
use crate::kafka::sort;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Key of `sortedCurrentSubscriptions`: (number of assigned partitions, member id).
#[derive(Clone, Debug, PartialEq, Eq)]
struct SizeKey {
    size: usize,
    id: String,
}

impl Ord for SizeKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.size
            .cmp(&other.size)
            .then_with(|| java_cmp(&self.id, &other.id))
    }
}

impl PartialOrd for SizeKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `GeneralAssignmentBuilder` (subscriptions differ), without rack awareness.
pub(super) struct GeneralBuilder<'a> {
    kind: AssignorKind,
    ppt: &'a BTreeMap<String, u32>,
    members: &'a [Member],
    order: &'a [usize],
    member_index: BTreeMap<String, usize>,
    max_generation: i32,
    /// topic2AllPotentialConsumers
    topic_consumers: BTreeMap<String, Vec<String>>,
    /// consumer2AllPotentialTopics
    consumer_topics: BTreeMap<String, Vec<String>>,
    /// currentAssignment
    current: BTreeMap<String, Vec<Tp>>,
    /// currentPartitionConsumer
    partition_consumer: BTreeMap<Tp, String>,
    sorted_all_partitions: Vec<Tp>,
    /// sortedCurrentSubscriptions
    sorted: BTreeSet<SizeKey>,
    revocation_required: bool,
    movements: PartitionMovements,
}

/// prevAssignment value: (consumer, generation).
type PrevAssignment = BTreeMap<Tp, (String, i32)>;

impl<'a> GeneralBuilder<'a> {
    pub(super) fn new(
        kind: AssignorKind,
        ppt: &'a BTreeMap<String, u32>,
        members: &'a [Member],
        order: &'a [usize],
        state: OwnedState,
    ) -> Self {
        // B-trees are filled by inserts, not `collect()`, which sorts (one more sort in the page's wasm).
        let mut topic_consumers: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for t in ppt.keys() {
            topic_consumers.insert(t.clone(), Vec::new());
        }
        let mut consumer_topics: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut current = state.owned;
        for &i in order {
            let m = &members[i];
            let mut topics = Vec::new();
            for t in &m.topics {
                if let Some(list) = topic_consumers.get_mut(t) {
                    topics.push(t.clone());
                    list.push(m.id.clone());
                }
            }
            consumer_topics.insert(m.id.clone(), topics);
            current.entry(m.id.clone()).or_default();
        }
        let mut partition_consumer = BTreeMap::new();
        for (consumer, list) in &current {
            for tp in list {
                partition_consumer.insert(tp.clone(), consumer.clone());
            }
        }
        let mut sorted_topics: Vec<&String> = ppt.keys().collect();
        sort::sort_by(&mut sorted_topics, |a, b| {
            let ca = topic_consumers.get(*a).map_or(0, Vec::len);
            let cb = topic_consumers.get(*b).map_or(0, Vec::len);
            ca.cmp(&cb).then_with(|| java_cmp(a, b))
        });
        let mut sorted_all_partitions = Vec::new();
        for t in sorted_topics {
            for p in 0..ppt.get(t).copied().unwrap_or(0) {
                sorted_all_partitions.push(Tp::new(t.clone(), p));
            }
        }
        let mut member_index = BTreeMap::new();
        for (i, m) in members.iter().enumerate() {
            member_index.insert(m.id.clone(), i);
        }
        GeneralBuilder {
            kind,
            ppt,
            members,
            order,
            member_index,
            max_generation: state.max_generation,
            topic_consumers,
            consumer_topics,
            current,
            partition_consumer,
            sorted_all_partitions,
            sorted: BTreeSet::new(),
            revocation_required: false,
            movements: PartitionMovements::default(),
        }
    }

    fn size_of(&self, consumer: &str) -> Option<usize> {
        self.current.get(consumer).map(Vec::len)
    }

    fn key(&self, consumer: &str) -> SizeKey {
        SizeKey {
            size: self.size_of(consumer).unwrap_or(0),
            id: consumer.to_string(),
        }
    }

    fn unsort(&mut self, consumer: &str) {
        let key = self.key(consumer);
        self.sorted.remove(&key);
    }

    fn resort(&mut self, consumer: &str) {
        let key = self.key(consumer);
        self.sorted.insert(key);
    }

    pub(super) fn build(&mut self) -> BTreeMap<String, Vec<Tp>> {
        let prev = self.prepopulate_current_assignments();
        let assigned = self.assign_owned_partitions();
        let unassigned: Vec<Tp> = self
            .sorted_all_partitions
            .iter()
            .filter(|tp| !assigned.contains(*tp))
            .cloned()
            .collect();
        let consumers: Vec<String> = self.current.keys().cloned().collect();
        for c in consumers {
            self.resort(&c);
        }
        self.balance(&prev, unassigned);
        std::mem::take(&mut self.current)
    }

    /// `prepopulateCurrentAssignments`: owned partitions of members from older generations, the
    /// newest older claim winning.
    fn prepopulate_current_assignments(&self) -> PrevAssignment {
        let mut prev: PrevAssignment = BTreeMap::new();
        for &i in self.order {
            let m = &self.members[i];
            let generation = match m.generation {
                Some(g) if g < self.max_generation => g,
                None if self.max_generation > DEFAULT_GENERATION => DEFAULT_GENERATION,
                _ => continue,
            };
            for tp in member_data_partitions(self.kind, m) {
                let replace = match prev.get(&tp) {
                    Some((_, g)) => generation > *g,
                    None => true,
                };
                if replace {
                    prev.insert(tp, (m.id.clone(), generation));
                }
            }
        }
        prev
    }

    /// `assignOwnedPartitions`: keeps owned partitions whose topic the member still subscribes to.
    fn assign_owned_partitions(&mut self) -> BTreeSet<Tp> {
        let mut assigned = BTreeSet::new();
        let GeneralBuilder {
            current,
            partition_consumer,
            topic_consumers,
            members,
            member_index,
            revocation_required,
            ..
        } = self;
        for (consumer, list) in current.iter_mut() {
            let Some(&i) = member_index.get(consumer) else {
                continue;
            };
            let subscription = &members[i];
            list.retain(|tp| {
                if !topic_consumers.contains_key(&tp.topic) {
                    partition_consumer.remove(tp);
                    false
                } else if !subscription.topics.contains(&tp.topic) {
                    *revocation_required = true;
                    false
                } else {
                    assigned.insert(tp.clone());
                    true
                }
            });
        }
        assigned
    }

    fn max_assignment_size(&self, consumer: &str) -> usize {
        self.consumer_topics.get(consumer).map_or(0, |topics| {
            topics
                .iter()
                .map(|t| self.ppt.get(t).map_or(0, |&n| n as usize))
                .sum()
        })
    }

    fn can_topic_participate(&self, topic: &str) -> bool {
        self.topic_consumers.get(topic).map_or(0, Vec::len) >= 2
    }

    fn can_consumer_participate(&self, consumer: &str) -> bool {
        let Some(list) = self.current.get(consumer) else {
            return false;
        };
        if list.len() < self.max_assignment_size(consumer) {
            return true;
        }
        list.iter().any(|tp| self.can_topic_participate(&tp.topic))
    }

    fn subscribes(&self, consumer: &str, topic: &str) -> bool {
        self.consumer_topics
            .get(consumer)
            .is_some_and(|topics| topics.iter().any(|t| t == topic))
    }

    /// The first member of `sortedCurrentSubscriptions` (fewest partitions, then member id) that
    /// subscribes to `topic`, as `maybeAssignPartition` and `reassignPartition` look for it.
    fn least_loaded_subscriber(&self, topic: &str) -> Option<String> {
        self.sorted
            .iter()
            .find(|k| self.subscribes(&k.id, topic))
            .map(|k| k.id.clone())
    }

    /// `maybeAssignPartition`: to the least-loaded eligible member.
    fn maybe_assign_partition(&mut self, tp: &Tp) -> bool {
        let target = self.least_loaded_subscriber(&tp.topic);
        let Some(consumer) = target else {
            return false;
        };
        self.unsort(&consumer);
        if let Some(list) = self.current.get_mut(&consumer) {
            list.push(tp.clone());
        }
        self.partition_consumer.insert(tp.clone(), consumer.clone());
        self.resort(&consumer);
        true
    }

    fn balance(&mut self, prev: &PrevAssignment, mut unassigned: Vec<Tp>) {
        let initializing = match self.sorted.iter().next_back() {
            Some(k) => self.current.get(&k.id).is_none_or(Vec::is_empty),
            None => true,
        };

        for tp in unassigned.clone() {
            if self
                .topic_consumers
                .get(&tp.topic)
                .is_none_or(Vec::is_empty)
            {
                continue;
            }
            self.maybe_assign_partition(&tp);
        }

        // Partitions of topics with a single potential consumer cannot move.
        let mut fixed_topics: BTreeSet<String> = BTreeSet::new();
        for t in self.topic_consumers.keys() {
            if !self.can_topic_participate(t) {
                fixed_topics.insert(t.clone());
            }
        }
        self.sorted_all_partitions
            .retain(|tp| !fixed_topics.contains(&tp.topic));
        unassigned.retain(|tp| !fixed_topics.contains(&tp.topic));

        // Members that cannot take part are set aside.
        let mut fixed_assignments: BTreeMap<String, Vec<Tp>> = BTreeMap::new();
        let consumers: Vec<String> = self.consumer_topics.keys().cloned().collect();
        for consumer in consumers {
            if !self.can_consumer_participate(&consumer) {
                self.unsort(&consumer);
                if let Some(list) = self.current.remove(&consumer) {
                    fixed_assignments.insert(consumer, list);
                }
            }
        }

        let pre_balance_assignment = self.current.clone();
        let pre_balance_partition_consumer = self.partition_consumer.clone();

        if !self.revocation_required {
            self.perform_reassignments(&unassigned, prev);
        }
        let all = self.sorted_all_partitions.clone();
        let reassignment_performed = self.perform_reassignments(&all, prev);

        if !initializing
            && reassignment_performed
            && balance_score(&self.current) >= balance_score(&pre_balance_assignment)
        {
            self.current = pre_balance_assignment;
            self.partition_consumer = pre_balance_partition_consumer;
        }

        for (consumer, list) in fixed_assignments {
            self.current.insert(consumer.clone(), list);
            self.resort(&consumer);
        }
    }

    fn is_balanced(&self) -> bool {
        let (Some(first), Some(last)) = (self.sorted.iter().next(), self.sorted.iter().next_back())
        else {
            return true;
        };
        let min = self.size_of(&first.id).unwrap_or(0);
        let max = self.size_of(&last.id).unwrap_or(0);
        if min + 1 >= max {
            return true;
        }

        let mut owner_of: BTreeMap<&Tp, &str> = BTreeMap::new();
        for (consumer, list) in &self.current {
            for tp in list {
                owner_of.insert(tp, consumer.as_str());
            }
        }

        for key in &self.sorted {
            let consumer = key.id.as_str();
            let count = self.size_of(consumer).unwrap_or(0);
            if count == self.max_assignment_size(consumer) {
                continue;
            }
            let Some(topics) = self.consumer_topics.get(consumer) else {
                continue;
            };
            for topic in topics {
                let num_partitions = self.ppt.get(topic).copied().unwrap_or(0);
                for p in 0..num_partitions {
                    let tp = Tp::new(topic.clone(), p);
                    match owner_of.get(&tp) {
                        Some(&other) if other != consumer => {
                            let other_count = self.size_of(other).unwrap_or(0);
                            if count + 1 < other_count {
                                return false;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        true
    }

    fn perform_reassignments(&mut self, partitions: &[Tp], prev: &PrevAssignment) -> bool {
        // Kafka loops until nothing moves; the cap only guards against a non-terminating loop.
        let max_passes = 10_000usize;
        let mut reassignment_performed = false;
        for _ in 0..max_passes {
            let mut modified = false;
            for tp in partitions {
                if self.is_balanced() {
                    break;
                }
                let Some(consumer) = self.partition_consumer.get(tp).cloned() else {
                    continue;
                };
                let Some(consumer_size) = self.size_of(&consumer) else {
                    continue;
                };

                // Kafka would throw a NullPointerException when the previous owner is not in
                // the current assignment; the rule is skipped then.
                let back_to_previous_owner = prev.get(tp).and_then(|(prev_consumer, _)| {
                    let prev_size = self.size_of(prev_consumer)?;
                    (consumer_size > prev_size + 1).then(|| prev_consumer.clone())
                });
                if let Some(prev_consumer) = back_to_previous_owner {
                    self.reassign_partition_to(tp, &prev_consumer);
                    reassignment_performed = true;
                    modified = true;
                    continue;
                }

                let better_exists = self.topic_consumers.get(&tp.topic).is_some_and(|others| {
                    others.iter().any(|other| {
                        self.size_of(other)
                            .is_some_and(|other_size| consumer_size > other_size + 1)
                    })
                });
                if better_exists && self.reassign_partition(tp) {
                    reassignment_performed = true;
                    modified = true;
                }
            }
            if !modified {
                break;
            }
        }
        reassignment_performed
    }

    /// `reassignPartition(partition)`: to the least-loaded member subscribed to its topic.
    fn reassign_partition(&mut self, tp: &Tp) -> bool {
        let target = self.least_loaded_subscriber(&tp.topic);
        match target {
            Some(new_consumer) => {
                self.reassign_partition_to(tp, &new_consumer);
                true
            }
            None => false,
        }
    }

    fn reassign_partition_to(&mut self, tp: &Tp, new_consumer: &str) {
        let Some(consumer) = self.partition_consumer.get(tp).cloned() else {
            return;
        };
        let to_move = self
            .movements
            .actual_partition_to_move(tp, &consumer, new_consumer);
        self.process_partition_movement(&to_move, new_consumer);
    }

    fn process_partition_movement(&mut self, tp: &Tp, new_consumer: &str) {
        let Some(old_consumer) = self.partition_consumer.get(tp).cloned() else {
            return;
        };
        if !self.current.contains_key(&old_consumer) || !self.current.contains_key(new_consumer) {
            return;
        }
        self.unsort(&old_consumer);
        self.unsort(new_consumer);
        self.movements
            .move_partition(tp, &old_consumer, new_consumer);
        if let Some(list) = self.current.get_mut(&old_consumer) {
            remove_first(list, tp);
        }
        if let Some(list) = self.current.get_mut(new_consumer) {
            list.push(tp.clone());
        }
        self.partition_consumer
            .insert(tp.clone(), new_consumer.to_string());
        self.resort(new_consumer);
        self.resort(&old_consumer);
    }
}

/// `getBalanceScore`: sum of |size difference| over all member pairs.
fn balance_score(assignment: &BTreeMap<String, Vec<Tp>>) -> i64 {
    let sizes: Vec<i64> = assignment.values().map(|l| l.len() as i64).collect();
    let mut score = 0i64;
    for (i, a) in sizes.iter().enumerate() {
        for b in &sizes[i + 1..] {
            score += (a - b).abs();
        }
    }
    score
}
