//! Where group requests go: every broker answers FindCoordinator with the coordinator of the group, and only that
//! broker serves the group's JoinGroup, SyncGroup, Heartbeat, LeaveGroup, OffsetCommit and OffsetFetch (any other
//! broker answers NOT_COORDINATOR). The group state itself is one store, the `GroupCoordinator`, that the coordinator
//! broker of the moment loads (`GroupCoordinator::load`).
//!
//! Models: `KafkaApis.handleFindCoordinatorRequest`, `GroupCoordinator.partitionFor` and `isCoordinatorForGroup`
//! (shared/KAFKA.md §6.1).
//!
//! Simplifications:
//! - The coordinator is the first replica of the group's `__consumer_offsets` partition that the controller holds
//!   unfenced and not shutting down, as if that partition's leadership always sat on its first live replica; the
//!   partition itself is not simulated.
//! - A broker that stops being coordinator keeps no copy: the next one loads the store, and the group's timers fire
//!   only on the broker that hosts it.

use super::broker::coordinator::{self, offsets_partition};
use super::ids::*;
use super::node::{Ctx, TimerKind};
use super::protocol::{KafkaError, Message};
use super::setup::{assign_replicas, Setup};
use super::Sim;
use crate::scenario::Scenario;

/// The replicas of each group's `__consumer_offsets` partition, by group index. Both inputs are fixed for a run, so
/// the placement is computed once instead of on every group request.
pub(super) fn offsets_replicas(scenario: &Scenario, setup: &Setup) -> Vec<Vec<BrokerId>> {
    let parts = setup.broker.offsets_topic_num_partitions as u32;
    let rf = setup.brokers.len().min(3) as u32;
    scenario
        .consumer_groups
        .iter()
        .map(|g| {
            let p = offsets_partition(&g.group_id, parts);
            assign_replicas(&setup.brokers, p + 1, rf).swap_remove(p as usize)
        })
        .collect()
}

/// Whether a message is a group request, which goes to the group coordinator rather than the broker's replica
/// manager.
pub(super) fn is_group_request(msg: &Message) -> bool {
    let (api, response) = msg.api();
    api.is_group() && !response
}

/// The group a coordinator timer belongs to.
pub(super) fn group_timer(kind: TimerKind) -> Option<GroupIdx> {
    match kind {
        TimerKind::GroupSessionExpiry(g, _)
        | TimerKind::GroupRebalanceTimeout(g)
        | TimerKind::GroupInitialDelay(g) => Some(g),
        _ => None,
    }
}

impl Sim {
    /// The coordinator of a group: the first live replica of its `__consumer_offsets` partition.
    pub fn coordinator_of(&self, g: GroupIdx) -> Option<BrokerId> {
        self.offsets_replicas[g.0 as usize]
            .iter()
            .copied()
            .find(|b| {
                self.controller
                    .brokers
                    .get(b)
                    .is_some_and(|r| !r.fenced && !r.shutting_down)
            })
    }

    /// Broker `b` received a group request: FindCoordinator is answered by any broker; the rest only by the group's
    /// coordinator, which loads the group first if it has just become its coordinator.
    pub(super) fn group_request(
        &mut self,
        ctx: &mut Ctx<'_>,
        b: BrokerId,
        from: NodeId,
        msg: Message,
    ) {
        let group = match &msg {
            Message::FindCoordinatorRequest { group, .. }
            | Message::JoinGroupRequest { group, .. }
            | Message::SyncGroupRequest { group, .. }
            | Message::HeartbeatRequest { group, .. }
            | Message::LeaveGroupRequest { group, .. }
            | Message::OffsetCommitRequest { group, .. }
            | Message::OffsetFetchRequest { group, .. } => *group,
            _ => return,
        };
        let coord = self.coordinator_of(group);
        if let Message::FindCoordinatorRequest { correlation_id, .. } = msg {
            let error = coord
                .is_none()
                .then_some(KafkaError::CoordinatorNotAvailable);
            ctx.send(
                from,
                Message::FindCoordinatorResponse {
                    correlation_id,
                    error,
                    coordinator: coord,
                },
            );
            return;
        }
        if coord != Some(b) {
            ctx.send(
                from,
                coordinator::error_response(msg, KafkaError::NotCoordinator),
            );
            return;
        }
        self.coordinator.load(ctx, group, b);
        self.coordinator.on_message(ctx, from, msg);
    }

    /// A coordinator timer of group `g` on broker `b`: it fires only if `b` still hosts the group.
    pub(super) fn fire_group_timer(&mut self, b: BrokerId, g: GroupIdx, kind: TimerKind) {
        if self.coordinator.groups[g.0 as usize].host == Some(b) {
            self.with_node(NodeId::Broker(b), |w, ctx| {
                w.coordinator.on_timer(ctx, kind)
            });
        }
    }
}
