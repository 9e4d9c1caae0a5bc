//! Group membership: members joining (a new dynamic member first gets its id, KIP-394; a known member rejoins; a
//! static member, KIP-345, takes over its entry under a new member id), heartbeating, leaving, and being removed
//! when its session times out.
//!
//! Models: `GroupCoordinator.handleJoinGroup` / `doNewMemberJoinGroup` / `doStaticMemberJoinGroup`,
//! `handleHeartbeat`, `handleLeaveGroup`, `onExpireHeartbeat` (shared/KAFKA.md §6.1).
//!
//! Simplifications:
//! - Member ids handed out with MEMBER_ID_REQUIRED are remembered until they are used; Kafka also expires such
//!   pending members after `session.timeout.ms`.
//! - A static member that rejoins while the group is Stable gets the current generation back at once; its stored
//!   protocols and subscription are kept as they were.

use super::{consumer_of, join_error, GroupCoordinator, GroupState, Member};
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::trace::{MemberRemovalReason, TraceEvent};

impl GroupCoordinator {
    /// JoinGroup: find or add the member, then start or join a rebalance.
    pub(super) fn handle_join_group(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message) {
        let Message::JoinGroupRequest {
            correlation_id,
            group,
            member_id,
            group_instance_id,
            session_timeout,
            rebalance_timeout,
            protocols,
            topics,
            owned,
            generation,
        } = msg
        else {
            return;
        };
        let g = group;
        let gi = g.0 as usize;
        let client_name = self.names[gi].clone();
        let grp = &mut self.groups[gi];
        let known = grp
            .members
            .iter()
            .position(|m| m.member_id == member_id && !member_id.is_empty());
        let static_idx = group_instance_id.as_ref().and_then(|iid| {
            grp.members
                .iter()
                .position(|m| m.group_instance_id.as_ref() == Some(iid))
        });
        let idx = match (known, static_idx) {
            (Some(i), _) => i,
            (None, Some(i)) => {
                // A static member restarted: it takes over its old entry under a new member id.
                grp.next_member += 1;
                let new_id = format!(
                    "{}-{}-{}",
                    client_name,
                    group_instance_id.clone().unwrap_or_default(),
                    grp.next_member
                );
                let old = std::mem::replace(&mut grp.members[i].member_id, new_id.clone());
                if grp.leader.as_deref() == Some(old.as_str()) {
                    grp.leader = Some(new_id.clone());
                }
                grp.members[i].client = from;
                ctx.set_timer(
                    TimerKind::GroupSessionExpiry(g, grp.members[i].slot),
                    grp.members[i].session_timeout,
                );
                if grp.state == GroupState::Stable {
                    // No rebalance: hand back the current generation; SyncGroup returns the old assignment.
                    let m = &grp.members[i];
                    let resp = Message::JoinGroupResponse {
                        correlation_id,
                        error: None,
                        generation: grp.generation,
                        protocol: grp.protocol.clone(),
                        leader: grp.leader.clone().unwrap_or_default(),
                        member_id: m.member_id.clone(),
                        members: Vec::new(),
                    };
                    ctx.emit(TraceEvent::MemberJoined {
                        at: ctx.now,
                        group: g,
                        member_id: new_id,
                        consumer: consumer_of(from),
                    });
                    ctx.send(from, resp);
                    return;
                }
                i
            }
            (None, None) if member_id.is_empty() && group_instance_id.is_none() => {
                // KIP-394: a new dynamic member first gets its id and must rejoin with it.
                grp.next_member += 1;
                let id = format!("{}-member-{}", client_name, grp.next_member);
                grp.pending_members.insert(id.clone());
                ctx.send(
                    from,
                    Message::JoinGroupResponse {
                        correlation_id,
                        error: Some(KafkaError::MemberIdRequired),
                        generation: GenerationId(-1),
                        protocol: String::new(),
                        leader: String::new(),
                        member_id: id,
                        members: Vec::new(),
                    },
                );
                return;
            }
            // GroupCoordinator.doJoinGroup: an id that is neither a member nor pending (it expired, or was
            // removed after a poll timeout) is UNKNOWN_MEMBER_ID; the client resets it and joins afresh.
            (None, None) if !member_id.is_empty() && !grp.pending_members.remove(&member_id) => {
                ctx.send(
                    from,
                    join_error(correlation_id, KafkaError::UnknownMemberId, &member_id),
                );
                return;
            }
            (None, None) => {
                let member_id = if member_id.is_empty() {
                    grp.next_member += 1;
                    format!(
                        "{}-{}-{}",
                        client_name,
                        group_instance_id.clone().unwrap_or_default(),
                        grp.next_member
                    )
                } else {
                    member_id
                };
                grp.next_slot += 1;
                grp.members.push(Member {
                    member_id: member_id.clone(),
                    group_instance_id: group_instance_id.clone(),
                    client: from,
                    session_timeout,
                    rebalance_timeout,
                    protocols: protocols.clone(),
                    topics: topics.clone(),
                    owned: Vec::new(),
                    owned_generation: GenerationId(-1),
                    awaiting_join: None,
                    awaiting_sync: None,
                    assignment: Vec::new(),
                    slot: grp.next_slot,
                });
                ctx.emit(TraceEvent::MemberJoined {
                    at: ctx.now,
                    group: g,
                    member_id,
                    consumer: consumer_of(from),
                });
                grp.members.len() - 1
            }
        };
        let m = &mut grp.members[idx];
        m.client = from;
        m.awaiting_join = Some(correlation_id);
        m.protocols = protocols;
        m.topics = topics;
        m.owned = owned;
        m.owned_generation = generation;
        m.session_timeout = session_timeout;
        m.rebalance_timeout = rebalance_timeout;
        ctx.set_timer(TimerKind::GroupSessionExpiry(g, m.slot), session_timeout);
        match grp.state {
            GroupState::PreparingRebalance => {
                if grp.initial_delay_until.is_some() {
                    // group.initial.rebalance.delay.ms is extended by each new join, within the rebalance timeout.
                    let until = ctx.now + self.initial_delay;
                    self.groups[gi].initial_delay_until = Some(until);
                    ctx.set_timer_at(TimerKind::GroupInitialDelay(g), until);
                }
                self.try_complete_join(ctx, g);
            }
            _ => self.prepare_rebalance(ctx, g),
        }
    }

    /// Heartbeat: restart the member's session timer; tell it of a rebalance or a stale generation.
    pub(super) fn handle_heartbeat(
        &mut self,
        ctx: &mut Ctx<'_>,
        from: NodeId,
        correlation_id: u64,
        g: GroupIdx,
        generation: GenerationId,
        member_id: String,
    ) {
        let grp = &mut self.groups[g.0 as usize];
        let error = match grp.member_index(from, &member_id).map(|i| &grp.members[i]) {
            None => Some(KafkaError::UnknownMemberId),
            Some(m) => {
                ctx.set_timer(TimerKind::GroupSessionExpiry(g, m.slot), m.session_timeout);
                if grp.state == GroupState::PreparingRebalance {
                    Some(KafkaError::RebalanceInProgress)
                } else if generation != grp.generation {
                    Some(KafkaError::IllegalGeneration)
                } else if grp.state == GroupState::CompletingRebalance {
                    Some(KafkaError::RebalanceInProgress)
                } else {
                    None
                }
            }
        };
        ctx.send(
            from,
            Message::HeartbeatResponse {
                correlation_id,
                error,
            },
        );
    }

    /// LeaveGroup: the member goes at once (a consumer's `close()`), and the group rebalances without it.
    pub(super) fn handle_leave_group(
        &mut self,
        ctx: &mut Ctx<'_>,
        from: NodeId,
        correlation_id: u64,
        g: GroupIdx,
        member_id: String,
    ) {
        let known = self.groups[g.0 as usize]
            .members
            .iter()
            .any(|m| m.member_id == member_id);
        ctx.send(
            from,
            Message::LeaveGroupResponse {
                correlation_id,
                error: (!known).then_some(KafkaError::UnknownMemberId),
            },
        );
        if known {
            self.remove_member(ctx, g, &member_id, MemberRemovalReason::LeaveGroup);
        }
    }

    /// `session.timeout.ms` passed without a heartbeat or join from the member in `slot`.
    pub(super) fn expire_session(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx, slot: u32) {
        let id = self.groups[g.0 as usize]
            .members
            .iter()
            .find(|m| m.slot == slot)
            .map(|m| m.member_id.clone());
        if let Some(id) = id {
            self.remove_member(ctx, g, &id, MemberRemovalReason::SessionTimeout);
        }
    }

    /// Takes a member out of the group (answering a join it has in flight with UNKNOWN_MEMBER_ID), without
    /// starting a rebalance.
    pub(super) fn drop_member(
        &mut self,
        ctx: &mut Ctx<'_>,
        g: GroupIdx,
        member_id: &str,
        reason: MemberRemovalReason,
    ) {
        let grp = &mut self.groups[g.0 as usize];
        if let Some(i) = grp.members.iter().position(|m| m.member_id == member_id) {
            let m = grp.members.remove(i);
            ctx.cancel_timer(TimerKind::GroupSessionExpiry(g, m.slot));
            if let Some(c) = m.awaiting_join {
                ctx.send(
                    m.client,
                    join_error(c, KafkaError::UnknownMemberId, member_id),
                );
            }
            if grp.leader.as_deref() == Some(member_id) {
                grp.leader = None;
            }
            ctx.emit(TraceEvent::MemberRemoved {
                at: ctx.now,
                group: g,
                member_id: member_id.into(),
                reason,
            });
        }
    }

    /// Takes a member out and rebalances the others (`GroupCoordinator.removeMemberAndUpdateGroup`).
    fn remove_member(
        &mut self,
        ctx: &mut Ctx<'_>,
        g: GroupIdx,
        member_id: &str,
        reason: MemberRemovalReason,
    ) {
        self.drop_member(ctx, g, member_id, reason);
        match self.groups[g.0 as usize].state {
            GroupState::Stable | GroupState::CompletingRebalance => self.prepare_rebalance(ctx, g),
            GroupState::PreparingRebalance => self.try_complete_join(ctx, g),
            GroupState::Empty => {}
        }
    }
}
