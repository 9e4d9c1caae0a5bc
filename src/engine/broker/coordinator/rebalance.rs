//! The rebalance state machine of a classic group: PreparingRebalance waits for every member to (re)join (or for
//! the rebalance timeout), completing the join bumps the generation, chooses the protocol and a leader, and hands the
//! leader the members; CompletingRebalance waits for the leader's SyncGroup with the assignment; Stable follows.
//!
//! Models: `GroupCoordinator.prepareRebalance` / `maybeCompleteJoin` / `onCompleteJoin` / `handleSyncGroup`,
//! `ClassicGroup.selectProtocol`, `InitialDelayedJoin` (`group.initial.rebalance.delay.ms`), shared/KAFKA.md §6.1.
//!
//! Simplifications:
//! - No `Dead` state: groups are fixed by the scenario and never deleted.
//! - The leader's SyncGroup answers every member waiting at once; members that sync later get the stored
//!   assignment.

use super::{consumer_of, sync_error, GroupCoordinator, GroupState};
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::Duration;
use crate::engine::trace::{MemberRemovalReason, TraceEvent};
use std::collections::BTreeMap;

impl GroupCoordinator {
    /// SyncGroup: the leader brings the assignment, which completes the rebalance; the others wait for it.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn handle_sync_group(
        &mut self,
        ctx: &mut Ctx<'_>,
        from: NodeId,
        correlation_id: u64,
        g: GroupIdx,
        generation: GenerationId,
        member_id: String,
        assignments: Vec<(String, Vec<TopicPartition>)>,
    ) {
        let grp = &mut self.groups[g.0 as usize];
        let Some(idx) = grp.member_index(from, &member_id) else {
            ctx.send(
                from,
                sync_error(correlation_id, KafkaError::UnknownMemberId),
            );
            return;
        };
        if generation != grp.generation {
            ctx.send(
                from,
                sync_error(correlation_id, KafkaError::IllegalGeneration),
            );
            return;
        }
        match grp.state {
            GroupState::PreparingRebalance | GroupState::Empty => {
                ctx.send(
                    from,
                    sync_error(correlation_id, KafkaError::RebalanceInProgress),
                );
            }
            GroupState::Stable => {
                let a = grp.members[idx].assignment.clone();
                ctx.send(
                    from,
                    Message::SyncGroupResponse {
                        correlation_id,
                        error: None,
                        assignment: a,
                    },
                );
            }
            GroupState::CompletingRebalance => {
                grp.members[idx].awaiting_sync = Some(correlation_id);
                if grp.leader.as_deref() == Some(member_id.as_str()) {
                    for m in grp.members.iter_mut() {
                        m.assignment = assignments
                            .iter()
                            .find(|(id, _)| *id == m.member_id)
                            .map(|(_, a)| a.clone())
                            .unwrap_or_default();
                    }
                    let assignment = grp
                        .members
                        .iter()
                        .map(|m| (consumer_of(m.client), m.assignment.clone()))
                        .collect();
                    let (generation, protocol) = (grp.generation, grp.protocol.clone());
                    for m in grp.members.iter_mut() {
                        if let Some(c) = m.awaiting_sync.take() {
                            ctx.send(
                                m.client,
                                Message::SyncGroupResponse {
                                    correlation_id: c,
                                    error: None,
                                    assignment: m.assignment.clone(),
                                },
                            );
                        }
                    }
                    self.set_state(ctx, g, GroupState::Stable);
                    ctx.emit(TraceEvent::RebalanceCompleted {
                        at: ctx.now,
                        group: g,
                        generation,
                        protocol,
                        assignment,
                    });
                }
            }
        }
    }

    /// `group.initial.rebalance.delay.ms` passed: the first rebalance of an empty group may complete.
    pub(super) fn end_initial_delay(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx) {
        self.groups[g.0 as usize].initial_delay_until = None;
        self.try_complete_join(ctx, g);
    }

    /// The rebalance timeout passed: members that did not rejoin within it are dropped, the join completes.
    pub(super) fn expire_rebalance(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx) {
        let late: Vec<String> = self.groups[g.0 as usize]
            .members
            .iter()
            .filter(|m| m.awaiting_join.is_none())
            .map(|m| m.member_id.clone())
            .collect();
        for id in late {
            self.drop_member(ctx, g, &id, MemberRemovalReason::RebalanceTimeout);
        }
        self.groups[g.0 as usize].initial_delay_until = None;
        self.complete_join(ctx, g);
    }

    /// Starts a rebalance: pending syncs fail with REBALANCE_IN_PROGRESS, the rebalance timeout starts, and the first
    /// rebalance of an empty group waits `group.initial.rebalance.delay.ms` for more members.
    pub(super) fn prepare_rebalance(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx) {
        let was_empty = self.groups[g.0 as usize].state == GroupState::Empty;
        let grp = &mut self.groups[g.0 as usize];
        // Pending syncs learn of the new rebalance at once.
        for m in grp.members.iter_mut() {
            if let Some(c) = m.awaiting_sync.take() {
                ctx.send(m.client, sync_error(c, KafkaError::RebalanceInProgress));
            }
        }
        let rebalance_timeout = grp
            .members
            .iter()
            .map(|m| m.rebalance_timeout)
            .max()
            .unwrap_or(Duration::ZERO);
        if grp.members.is_empty() {
            self.set_state(ctx, g, GroupState::Empty);
            return;
        }
        self.set_state(ctx, g, GroupState::PreparingRebalance);
        ctx.set_timer(TimerKind::GroupRebalanceTimeout(g), rebalance_timeout);
        if was_empty && self.initial_delay > Duration::ZERO {
            let until = ctx.now + self.initial_delay;
            self.groups[g.0 as usize].initial_delay_until = Some(until);
            ctx.set_timer_at(TimerKind::GroupInitialDelay(g), until);
        } else {
            self.try_complete_join(ctx, g);
        }
    }

    /// `maybeCompleteJoin`: the join completes once every member has rejoined and no initial delay is running.
    pub(super) fn try_complete_join(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx) {
        let grp = &self.groups[g.0 as usize];
        if grp.state != GroupState::PreparingRebalance || grp.initial_delay_until.is_some() {
            return;
        }
        if grp.members.iter().all(|m| m.awaiting_join.is_some()) {
            self.complete_join(ctx, g);
        }
    }

    /// `onCompleteJoin`: the next generation, its protocol and leader; every waiting member gets its JoinGroup
    /// answer (the leader with the members' subscriptions).
    fn complete_join(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx) {
        ctx.cancel_timer(TimerKind::GroupRebalanceTimeout(g));
        ctx.cancel_timer(TimerKind::GroupInitialDelay(g));
        let grp = &mut self.groups[g.0 as usize];
        if grp.state != GroupState::PreparingRebalance {
            return;
        }
        grp.generation = GenerationId(grp.generation.0 + 1);
        if grp.members.is_empty() {
            self.set_state(ctx, g, GroupState::Empty);
            return;
        }
        // ClassicGroup.selectProtocol: candidates every member supports; each votes its first candidate.
        let candidates: Vec<String> = grp.members[0]
            .protocols
            .iter()
            .filter(|p| grp.members.iter().all(|m| m.protocols.contains(p)))
            .cloned()
            .collect();
        let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
        for m in &grp.members {
            if let Some(p) = m.protocols.iter().find(|p| candidates.contains(p)) {
                *votes.entry(p.as_str()).or_default() += 1;
            }
        }
        let best = votes.values().copied().max().unwrap_or(0);
        let protocol = candidates
            .iter()
            .find(|c| votes.get(c.as_str()) == Some(&best))
            .cloned()
            .unwrap_or_default();
        grp.protocol = protocol.clone();
        if grp
            .leader
            .as_ref()
            .is_none_or(|l| grp.members.iter().all(|m| &m.member_id != l))
        {
            grp.leader = grp.members.first().map(|m| m.member_id.clone());
        }
        let leader = grp.leader.clone().unwrap_or_default();
        let members: Vec<JoinedMember> = grp
            .members
            .iter()
            .map(|m| JoinedMember {
                member_id: m.member_id.clone(),
                group_instance_id: m.group_instance_id.clone(),
                topics: m.topics.clone(),
                owned: m.owned.clone(),
                generation: m.owned_generation,
            })
            .collect();
        let generation = grp.generation;
        for m in grp.members.iter_mut() {
            if let Some(c) = m.awaiting_join.take() {
                let is_leader = m.member_id == leader;
                ctx.send(
                    m.client,
                    Message::JoinGroupResponse {
                        correlation_id: c,
                        error: None,
                        generation,
                        protocol: protocol.clone(),
                        leader: leader.clone(),
                        member_id: m.member_id.clone(),
                        members: if is_leader {
                            members.clone()
                        } else {
                            Vec::new()
                        },
                    },
                );
            }
            ctx.set_timer(TimerKind::GroupSessionExpiry(g, m.slot), m.session_timeout);
        }
        self.set_state(ctx, g, GroupState::CompletingRebalance);
    }
}
