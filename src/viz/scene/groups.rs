//! Consumer groups as their coordinator reports them: state, generation, the assignor chosen, committed offsets,
//! and what the page derives from them (owners, lag, idle members, end-to-end latency).
//!
//! Models: the classic group coordinator's `GroupMetadata` (state `Empty` / `PreparingRebalance` /
//! `CompletingRebalance` / `Stable`, generation id, protocol) and `__consumer_offsets` commits;
//! `kafka-consumer-groups.sh --describe` for owners and `LAG`.
//!
//! Simplifications: lag is measured against the leader replica's high watermark as the controller elected it (0
//! when offline); latency is refreshed on every record up to 2,000 per group, then on 2 % growth.

use super::Scene;
use crate::engine::broker::coordinator::GroupState;
use crate::engine::ids::*;
use crate::engine::time::Instant;
use crate::engine::topology::GroupInfo;
use crate::engine::trace::MemberRemovalReason;
use crate::i18n::{key, Words};
use std::collections::BTreeMap;

/// A consumer group, as its coordinator reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupView {
    /// Its index.
    pub idx: GroupIdx,
    /// `group.id`.
    pub name: String,
    /// The coordinator's group state.
    pub state: GroupState,
    /// The generation id.
    pub generation: GenerationId,
    /// Committed offsets.
    pub committed: BTreeMap<TopicPartition, u64>,
    /// Completed rebalances.
    pub rebalances: u32,
    /// When `state` last changed.
    pub state_since: Instant,
    /// The protocol (assignor) the last rebalance chose, e.g. `range`.
    pub protocol: String,
    /// Subscribed topics.
    pub topics: Vec<TopicIdx>,
}

impl GroupView {
    /// A group before any member joined. Without `info` (a group the topology does not describe), it is named
    /// `group-N` and subscribes to every topic.
    pub(super) fn new(
        idx: GroupIdx,
        info: Option<&GroupInfo>,
        all_topics: &[TopicIdx],
    ) -> GroupView {
        GroupView {
            idx,
            name: info.map_or_else(|| format!("group-{}", idx.0), |g| g.group_id.clone()),
            state: GroupState::Empty,
            generation: GenerationId::default(),
            committed: BTreeMap::new(),
            rebalances: 0,
            state_since: Instant::ZERO,
            protocol: String::new(),
            topics: info.map_or_else(|| all_topics.to_vec(), |g| g.topics.clone()),
        }
    }
}

impl Scene {
    /// The partitions a group subscribes to, in setup order.
    pub fn group_partitions(&self, group: GroupIdx) -> Vec<TopicPartition> {
        let Some(g) = self.groups.get(group.0 as usize) else {
            return Vec::new();
        };
        self.partitions
            .iter()
            .map(|p| p.tp)
            .filter(|tp| g.topics.contains(&tp.topic))
            .collect()
    }

    /// Consumer lag of a group on a partition, in records: leader HW − committed offset (0 committed when the
    /// group has none), as `kafka-consumer-groups.sh --describe` computes `LAG` from the log end it can read.
    pub fn lag(&self, group: GroupIdx, tp: TopicPartition) -> u64 {
        let committed = self
            .groups
            .get(group.0 as usize)
            .and_then(|g| g.committed.get(&tp).copied())
            .unwrap_or(0);
        self.leader_high_watermark(tp).saturating_sub(committed)
    }

    /// The member that owns a partition now in a group (alive, in the group, and listing it). A consumer the
    /// coordinator removed (its poll loop overran `max.poll.interval.ms`) still lists its old partitions until it
    /// rejoins, as Kafka's client does; while a member the coordinator counts lists the partition too, that one
    /// owns it.
    pub fn owner(&self, group: GroupIdx, tp: TopicPartition) -> Option<ConsumerIdx> {
        let listing = || {
            self.consumers
                .iter()
                .filter(move |c| c.group == group && c.alive() && c.assigned.contains(&tp))
        };
        listing()
            .find(|c| c.member_id.is_some())
            .or_else(|| listing().next())
            .map(|c| c.idx)
    }

    /// A member that is alive and counted by the coordinator, in a Stable group, with no partition: with more
    /// consumers than partitions, the extra ones wait as hot standbys.
    pub fn is_idle(&self, consumer: ConsumerIdx) -> bool {
        let Some(c) = self.consumers.get(consumer.0 as usize) else {
            return false;
        };
        let stable = self
            .groups
            .get(c.group.0 as usize)
            .is_some_and(|g| g.state == GroupState::Stable);
        c.alive() && c.member_id.is_some() && stable && c.assigned.is_empty()
    }

    pub(super) fn refresh_latency(&mut self, group: GroupIdx) {
        let g = group.0 as usize;
        let n = self.latency.count(group);
        let Some(counted) = self.latency_counted.get_mut(g) else {
            return;
        };
        if n != *counted && (n <= 2000 || (n - *counted) * 50 >= n) {
            *counted = n;
            self.group_latency[g] = self.latency.summary(group);
        }
    }

    pub(super) fn handle_offset_committed(
        &mut self,
        group: GroupIdx,
        tp: TopicPartition,
        offset: u64,
    ) {
        self.totals.commits += 1;
        if let Some(g) = self.groups.get_mut(group.0 as usize) {
            g.committed.insert(tp, offset);
        }
    }

    pub(super) fn handle_group_state_changed(
        &mut self,
        at: Instant,
        group: GroupIdx,
        state: GroupState,
        generation: GenerationId,
    ) {
        if let Some(g) = self.groups.get_mut(group.0 as usize) {
            if g.state != state {
                g.state_since = at;
            }
            g.state = state;
            g.generation = generation;
        }
        if state == GroupState::CompletingRebalance {
            // The end of the join phase restarts every member's session timer.
            self.restart_group_sessions(group, at);
        }
    }

    /// A new coordinator restarts every member's session timer when it loads the group.
    pub(super) fn handle_group_loaded(&mut self, at: Instant, group: GroupIdx) {
        self.restart_group_sessions(group, at);
    }

    pub(super) fn handle_member_removed(
        &mut self,
        at: Instant,
        group: GroupIdx,
        reason: MemberRemovalReason,
        member_id: &str,
    ) {
        let mut who = Words::new(key("viz.note.member"), &[]);
        for c in &mut self.consumers {
            if c.group == group && c.member_id.as_deref() == Some(member_id) {
                c.member_id = None;
                who = Words::plain(format_args!("consumer-{}", c.idx.0));
            }
        }
        let name = self
            .groups
            .get(group.0 as usize)
            .map(|g| g.name.clone())
            .unwrap_or_default();
        let text = Words::new(
            key("viz.note.member_removed"),
            &[("group", &name), ("reason", &reason.name())],
        )
        .with_words("member", who);
        self.note(at, None, text, false);
    }

    /// The leader's assignment is in force; each member's part follows as `PartitionsAssigned`.
    pub(super) fn handle_rebalance_completed(
        &mut self,
        at: Instant,
        group: GroupIdx,
        generation: GenerationId,
        protocol: &str,
    ) {
        self.totals.rebalances += 1;
        let mut name = String::new();
        if let Some(g) = self.groups.get_mut(group.0 as usize) {
            g.generation = generation;
            g.protocol = protocol.to_string();
            g.rebalances += 1;
            name = g.name.clone();
        }
        let text = Words::new(
            key("viz.note.rebalance_completed"),
            &[("group", &name), ("generation", &generation.0)],
        );
        self.note(at, None, text, false);
    }
}
