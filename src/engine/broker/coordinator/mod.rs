//! The classic group coordinator: JoinGroup / SyncGroup / Heartbeat / LeaveGroup, generations, session and
//! rebalance timeouts, static membership, committed offsets.
//!
//! Models: `GroupMetadataManager` + `ClassicGroup` (shared/KAFKA.md §6.1). The coordinator of a group is the leader of
//! `__consumer_offsets` partition `abs(groupId.hashCode) % offsets.topic.num.partitions`. This file holds the
//! groups, their loading on a new coordinator and the dispatch of group requests and timers; the protocol lives in
//! [`membership`] (join, leave, heartbeat, session expiry), [`rebalance`] (the rebalance state machine and
//! SyncGroup) and [`offsets`] (OffsetCommit / OffsetFetch).
//!
//! Simplifications:
//! - `__consumer_offsets` is not simulated as a topic: group metadata and offsets live in one store that survives
//!   the coordinator's death (as they would, being replicated); a new coordinator reloads them and restarts the
//!   members' session timers, as Kafka does on loading a group.

pub mod membership;
pub mod offsets;
pub mod rebalance;

use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::{Duration, Instant};
use crate::engine::trace::TraceEvent;
pub use crate::kafka::group_state::GroupState;
use std::collections::{BTreeMap, BTreeSet};

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
    initial_delay_until: Option<Instant>,
    next_slot: u32,
    next_member: u32,
    /// Member ids handed out with MEMBER_ID_REQUIRED and not yet used to join (KIP-394 pending members).
    pending_members: BTreeSet<String>,
}

impl Group {
    /// Where the member with this id is. A request comes from the member's own client, so that client's members
    /// are tried first: member ids are unique in a group (the coordinator hands them out from a counter), so this
    /// finds the member a scan by id alone would, without comparing the id with every other member's.
    fn member_index(&self, from: NodeId, member_id: &str) -> Option<usize> {
        self.members
            .iter()
            .position(|m| m.client == from && m.member_id == member_id)
            .or_else(|| self.members.iter().position(|m| m.member_id == member_id))
    }
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
                state: s,
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
            Message::JoinGroupRequest { .. } => self.handle_join_group(ctx, from, msg),
            Message::SyncGroupRequest {
                correlation_id,
                group,
                generation,
                member_id,
                assignments,
            } => self.handle_sync_group(
                ctx,
                from,
                correlation_id,
                group,
                generation,
                member_id,
                assignments,
            ),
            Message::HeartbeatRequest {
                correlation_id,
                group,
                generation,
                member_id,
            } => self.handle_heartbeat(ctx, from, correlation_id, group, generation, member_id),
            Message::LeaveGroupRequest {
                correlation_id,
                group,
                member_id,
            } => self.handle_leave_group(ctx, from, correlation_id, group, member_id),
            Message::OffsetCommitRequest {
                correlation_id,
                group,
                generation,
                member_id,
                offsets,
            } => self.handle_offset_commit(
                ctx,
                from,
                correlation_id,
                group,
                generation,
                member_id,
                offsets,
            ),
            Message::OffsetFetchRequest {
                correlation_id,
                group,
                tps,
            } => self.handle_offset_fetch(ctx, from, correlation_id, group, tps),
            _ => {}
        }
    }

    /// Handles a coordinator timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind) {
        match kind {
            TimerKind::GroupSessionExpiry(g, slot) => self.expire_session(ctx, g, slot),
            TimerKind::GroupInitialDelay(g) => self.end_initial_delay(ctx, g),
            TimerKind::GroupRebalanceTimeout(g) => self.expire_rebalance(ctx, g),
            _ => {}
        }
    }
}

/// The response to a group request that fails with `error` before the coordinator looks at it (NOT_COORDINATOR):
/// the request's correlation id, and no generation, assignment or offsets (an OffsetCommit echoes its offsets).
pub fn error_response(msg: Message, error: KafkaError) -> Message {
    let c = match &msg {
        Message::JoinGroupRequest { correlation_id, .. }
        | Message::SyncGroupRequest { correlation_id, .. }
        | Message::HeartbeatRequest { correlation_id, .. }
        | Message::LeaveGroupRequest { correlation_id, .. }
        | Message::OffsetCommitRequest { correlation_id, .. }
        | Message::OffsetFetchRequest { correlation_id, .. } => *correlation_id,
        _ => 0,
    };
    let e = Some(error);
    match msg {
        Message::JoinGroupRequest { member_id, .. } => join_error(c, error, &member_id),
        Message::SyncGroupRequest { .. } => sync_error(c, error),
        Message::HeartbeatRequest { .. } => Message::HeartbeatResponse {
            correlation_id: c,
            error: e,
        },
        Message::LeaveGroupRequest { .. } => Message::LeaveGroupResponse {
            correlation_id: c,
            error: e,
        },
        Message::OffsetCommitRequest { offsets, .. } => Message::OffsetCommitResponse {
            correlation_id: c,
            error: e,
            offsets,
        },
        _ => Message::OffsetFetchResponse {
            correlation_id: c,
            error: e,
            offsets: Vec::new(),
        },
    }
}

/// The consumer a request came from (`u16::MAX` for anything else, which never sends group requests).
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
