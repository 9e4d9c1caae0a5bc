//! The classic group coordinator: JoinGroup / SyncGroup / Heartbeat / LeaveGroup, generations, session and
//! rebalance timeouts, static membership, committed offsets.
//!
//! Models: `GroupMetadataManager` + `ClassicGroup` (shared/KAFKA.md §6.1). The coordinator of a group is the leader of
//! `__consumer_offsets` partition `abs(groupId.hashCode) % offsets.topic.num.partitions`.
//!
//! Simplifications:
//! - `__consumer_offsets` is not simulated as a topic: group metadata and offsets live in one store that survives
//!   the coordinator's death (as they would, being replicated); a new coordinator reloads them and restarts the
//!   members' session timers, as Kafka does on loading a group.
//! - Pending members (after MEMBER_ID_REQUIRED) are not tracked separately.

use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::Duration;
use crate::engine::trace::TraceEvent;
use std::collections::{BTreeMap, BTreeSet};

/// `ClassicGroupState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupState {
    /// No members.
    Empty,
    /// Waiting for members to (re)join.
    PreparingRebalance,
    /// Waiting for the leader's SyncGroup.
    CompletingRebalance,
    /// Assignment in force.
    Stable,
}

impl GroupState {
    /// Kafka's name.
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
        }
    }
}

/// A group member as the coordinator sees it.
#[derive(Clone, Debug)]
pub struct Member {
    /// Member id.
    pub member_id: String,
    /// Static membership id.
    pub group_instance_id: Option<String>,
    /// The consumer node.
    pub client: NodeId,
    session_timeout: Duration,
    rebalance_timeout: Duration,
    protocols: Vec<String>,
    topics: Vec<TopicIdx>,
    owned: Vec<TopicPartition>,
    owned_generation: GenerationId,
    awaiting_join: Option<u64>,
    awaiting_sync: Option<u64>,
    /// The assignment from the last SyncGroup.
    pub assignment: Vec<TopicPartition>,
    slot: u32,
}

/// One group.
#[derive(Clone, Debug)]
pub struct Group {
    /// State.
    pub state: GroupState,
    /// Generation id.
    pub generation: GenerationId,
    /// Chosen assignor.
    pub protocol: String,
    /// Leader member id.
    pub leader: Option<String>,
    /// Members in join order.
    pub members: Vec<Member>,
    /// Committed offsets (the next offset to read).
    pub offsets: BTreeMap<TopicPartition, u64>,
    /// The broker currently hosting the group.
    pub host: Option<BrokerId>,
    initial_delay_until: Option<crate::engine::time::Instant>,
    next_slot: u32,
    next_member: u32,
    /// Member ids handed out with MEMBER_ID_REQUIRED and not yet used to join (KIP-394 pending members).
    pending_members: BTreeSet<String>,
}

/// All groups.
#[derive(Clone, Debug)]
pub struct GroupCoordinator {
    /// Groups by index.
    pub groups: Vec<Group>,
    names: Vec<String>,
    initial_delay: Duration,
}

/// Java's `String.hashCode`.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16()
        .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// `__consumer_offsets` partition for a group: `Utils.abs(groupId.hashCode) % partitions`.
pub fn offsets_partition(group_id: &str, partitions: u32) -> u32 {
    let h = java_string_hash(group_id);
    let abs = if h == i32::MIN { 0 } else { h.unsigned_abs() };
    abs % partitions.max(1)
}

impl GroupCoordinator {
    /// Empty groups.
    pub fn new(names: Vec<String>, initial_delay: Duration) -> GroupCoordinator {
        let groups = names
            .iter()
            .map(|_| Group {
                state: GroupState::Empty,
                generation: GenerationId(0),
                protocol: String::new(),
                leader: None,
                members: Vec::new(),
                offsets: BTreeMap::new(),
                host: None,
                initial_delay_until: None,
                next_slot: 0,
                next_member: 0,
                pending_members: BTreeSet::new(),
            })
            .collect();
        GroupCoordinator {
            groups,
            names,
            initial_delay,
        }
    }

    fn set_state(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx, s: GroupState) {
        let grp = &mut self.groups[g.0 as usize];
        if grp.state != s {
            grp.state = s;
            ctx.emit(TraceEvent::GroupStateChanged {
                at: ctx.now,
                group: g,
                state: s.name().into(),
                generation: grp.generation,
            });
        }
    }

    /// The group moved to `broker` (new coordinator): restart timers, forget in-flight requests.
    pub fn load(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx, broker: BrokerId) {
        let grp = &mut self.groups[g.0 as usize];
        if grp.host == Some(broker) {
            return;
        }
        grp.host = Some(broker);
        ctx.emit(TraceEvent::GroupLoaded {
            at: ctx.now,
            group: g,
            coordinator: broker,
        });
        let mut max_rebalance = Duration::ZERO;
        for m in grp.members.iter_mut() {
            m.awaiting_join = None;
            m.awaiting_sync = None;
            ctx.set_timer(TimerKind::GroupSessionExpiry(g, m.slot), m.session_timeout);
            max_rebalance = max_rebalance.max(m.rebalance_timeout);
        }
        if grp.state == GroupState::PreparingRebalance {
            ctx.set_timer(TimerKind::GroupRebalanceTimeout(g), max_rebalance);
        }
    }

    /// Handles a group request addressed to this coordinator.
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message) {
        match msg {
            Message::JoinGroupRequest {
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
            } => {
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
                    (None, None)
                        if !member_id.is_empty() && !grp.pending_members.remove(&member_id) =>
                    {
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
            Message::SyncGroupRequest {
                correlation_id,
                group: g,
                generation,
                member_id,
                assignments,
            } => {
                let grp = &mut self.groups[g.0 as usize];
                let Some(idx) = grp.members.iter().position(|m| m.member_id == member_id) else {
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
            Message::HeartbeatRequest {
                correlation_id,
                group: g,
                generation,
                member_id,
            } => {
                let grp = &mut self.groups[g.0 as usize];
                let error = match grp.members.iter().find(|m| m.member_id == member_id) {
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
            Message::LeaveGroupRequest {
                correlation_id,
                group: g,
                member_id,
            } => {
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
                    self.remove_member(ctx, g, &member_id, "LeaveGroup");
                }
            }
            Message::OffsetCommitRequest {
                correlation_id,
                group: g,
                generation,
                member_id,
                offsets,
            } => {
                let grp = &mut self.groups[g.0 as usize];
                let error = if generation.0 < 0 && member_id.is_empty() {
                    None
                } else if !grp.members.iter().any(|m| m.member_id == member_id) {
                    Some(KafkaError::UnknownMemberId)
                } else if generation != grp.generation {
                    Some(KafkaError::IllegalGeneration)
                } else if grp.state == GroupState::CompletingRebalance {
                    Some(KafkaError::RebalanceInProgress)
                } else {
                    None
                };
                if error.is_none() {
                    for (tp, o) in &offsets {
                        grp.offsets.insert(*tp, *o);
                        ctx.emit(TraceEvent::OffsetCommitted {
                            at: ctx.now,
                            group: g,
                            consumer: consumer_of(from),
                            tp: *tp,
                            offset: *o,
                        });
                    }
                }
                ctx.send(
                    from,
                    Message::OffsetCommitResponse {
                        correlation_id,
                        error,
                        offsets,
                    },
                );
            }
            Message::OffsetFetchRequest {
                correlation_id,
                group: g,
                tps,
            } => {
                let grp = &self.groups[g.0 as usize];
                let offsets = tps
                    .into_iter()
                    .map(|tp| (tp, grp.offsets.get(&tp).copied()))
                    .collect();
                ctx.send(
                    from,
                    Message::OffsetFetchResponse {
                        correlation_id,
                        error: None,
                        offsets,
                    },
                );
            }
            _ => {}
        }
    }

    /// Handles a coordinator timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind) {
        match kind {
            TimerKind::GroupSessionExpiry(g, slot) => {
                let id = self.groups[g.0 as usize]
                    .members
                    .iter()
                    .find(|m| m.slot == slot)
                    .map(|m| m.member_id.clone());
                if let Some(id) = id {
                    self.remove_member(ctx, g, &id, "session.timeout.ms expired");
                }
            }
            TimerKind::GroupInitialDelay(g) => {
                self.groups[g.0 as usize].initial_delay_until = None;
                self.try_complete_join(ctx, g);
            }
            TimerKind::GroupRebalanceTimeout(g) => {
                // Members that did not rejoin within the rebalance timeout are dropped.
                let late: Vec<String> = self.groups[g.0 as usize]
                    .members
                    .iter()
                    .filter(|m| m.awaiting_join.is_none())
                    .map(|m| m.member_id.clone())
                    .collect();
                for id in late {
                    self.drop_member(ctx, g, &id, "rebalance timeout");
                }
                self.groups[g.0 as usize].initial_delay_until = None;
                self.complete_join(ctx, g);
            }
            _ => {}
        }
    }

    fn drop_member(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx, member_id: &str, reason: &str) {
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
                reason: reason.into(),
            });
        }
    }

    fn remove_member(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx, member_id: &str, reason: &str) {
        self.drop_member(ctx, g, member_id, reason);
        match self.groups[g.0 as usize].state {
            GroupState::Stable | GroupState::CompletingRebalance => self.prepare_rebalance(ctx, g),
            GroupState::PreparingRebalance => self.try_complete_join(ctx, g),
            GroupState::Empty => {}
        }
    }

    fn prepare_rebalance(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx) {
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

    fn try_complete_join(&mut self, ctx: &mut Ctx<'_>, g: GroupIdx) {
        let grp = &self.groups[g.0 as usize];
        if grp.state != GroupState::PreparingRebalance || grp.initial_delay_until.is_some() {
            return;
        }
        if grp.members.iter().all(|m| m.awaiting_join.is_some()) {
            self.complete_join(ctx, g);
        }
    }

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

fn consumer_of(n: NodeId) -> ConsumerIdx {
    match n {
        NodeId::Consumer(c) => c,
        _ => ConsumerIdx(u16::MAX),
    }
}

fn join_error(correlation_id: u64, e: KafkaError, member_id: &str) -> Message {
    Message::JoinGroupResponse {
        correlation_id,
        error: Some(e),
        generation: GenerationId(-1),
        protocol: String::new(),
        leader: String::new(),
        member_id: member_id.into(),
        members: Vec::new(),
    }
}

fn sync_error(correlation_id: u64, e: KafkaError) -> Message {
    Message::SyncGroupResponse {
        correlation_id,
        error: Some(e),
        assignment: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the coordinator is placed where Kafka places it.
    //! Kafka: GroupCoordinator.partitionFor (Utils.abs(groupId.hashCode) % offsets partitions).
    use super::*;

    #[test]
    fn java_hash_and_offsets_partition() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("a"), 97);
        assert_eq!(java_string_hash("hello"), 99162322);
        // "polygenelubricants".hashCode() == Integer.MIN_VALUE, and Utils.abs maps it to 0.
        assert_eq!(java_string_hash("polygenelubricants"), i32::MIN);
        assert_eq!(offsets_partition("polygenelubricants", 50), 0);
        assert_eq!(offsets_partition("hello", 50), 99162322 % 50);
    }
}
