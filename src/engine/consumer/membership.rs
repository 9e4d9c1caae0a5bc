//! Group membership of the classic protocol: finding the coordinator, JoinGroup and SyncGroup, LeaveGroup, the eager
//! and cooperative rebalance protocols, and the generation reset after a membership error.
//!
//! Models: `AbstractCoordinator` (`ensureCoordinatorReady`, `joinGroupIfNeeded`, `JoinGroupResponseHandler`,
//! `SyncGroupResponseHandler`, `resetStateOnResponseError`, `maybeLeaveGroup`) and `ConsumerCoordinator`
//! (`onJoinPrepare`, `onLeaderElected` running the assignor on the client, `onJoinComplete`), KIP-429 for the
//! cooperative protocol.
//!
//! Simplifications:
//! - The subscription is the fixed topic list of the group spec; there is no pattern subscription.
//! - The rebalance listener is the trace: revoked, lost and assigned partitions become `PartitionsRevoked` and
//!   `PartitionsAssigned` events.

use super::assignor::{assign, AssignorKind, MemberSubscription, TopicPartitionName};
use super::{AfterCommit, Consumer, ConsumerPhase, Pending};
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::Duration;
use crate::engine::trace::TraceEvent;
use std::collections::{BTreeMap, BTreeSet};

/// Where the member is in the join protocol (named after what it awaits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberState {
    /// Not in the group.
    Unjoined,
    /// JoinGroup sent.
    AwaitingJoin,
    /// SyncGroup sent.
    AwaitingSync,
    /// Assignment in force.
    Stable,
}

impl Consumer {
    /// `AbstractCoordinator.requestRejoin`, and out of any join step: the next `poll()` sends JoinGroup.
    pub(super) fn request_rejoin(&mut self) {
        self.state = MemberState::Unjoined;
        self.rejoin_needed = true;
    }

    /// `AbstractCoordinator.resetStateOnResponseError`: UNKNOWN_MEMBER_ID (and a fenced static member) resets the
    /// member id and the generation, ILLEGAL_GENERATION the generation only; either way the member rejoins, and its
    /// partitions count as lost (`onJoinPrepare`).
    pub(super) fn reset_generation(&mut self, error: KafkaError) {
        if matches!(
            error,
            KafkaError::UnknownMemberId | KafkaError::FencedInstanceId
        ) {
            self.member_id.clear();
        }
        self.generation = GenerationId(-1);
        self.request_rejoin();
    }

    /// FindCoordinator, unless one is known or already being looked up.
    pub(super) fn find_coordinator(&mut self, ctx: &mut Ctx<'_>) {
        if self.has_pending(Pending::FindCoordinator) || self.coordinator.is_some() {
            return;
        }
        let g = self.group;
        self.request(ctx, None, Pending::FindCoordinator, |c| {
            Message::FindCoordinatorRequest {
                correlation_id: c,
                group: g,
            }
        });
    }

    pub(super) fn handle_find_coordinator_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        error: Option<KafkaError>,
        coordinator: Option<BrokerId>,
    ) {
        match (error, coordinator) {
            (None, Some(b)) => {
                self.coordinator = Some(b);
                if self.phase == ConsumerPhase::Polling {
                    ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
                }
            }
            _ => ctx.set_timer(
                TimerKind::CoordinatorRetry,
                Duration::from_ms(self.config.retry_backoff_ms),
            ),
        }
    }

    /// `AbstractCoordinator.markCoordinatorUnknown`: the group requests in flight fail (a sync commit with
    /// COORDINATOR_NOT_AVAILABLE), a join in progress starts over, and FindCoordinator is retried after
    /// `retry.backoff.ms`.
    pub(super) fn coordinator_lost(&mut self, ctx: &mut Ctx<'_>) {
        self.coordinator = None;
        let lost: Vec<u64> = self
            .pending
            .iter()
            .filter(|(_, (_, k))| {
                matches!(
                    k,
                    Pending::Join
                        | Pending::Sync
                        | Pending::Heartbeat
                        | Pending::Commit { .. }
                        | Pending::OffsetFetch
                )
            })
            .map(|(c, _)| *c)
            .collect();
        for c in lost {
            if let Some((_, k)) = self.pending.remove(&c) {
                ctx.cancel_timer(TimerKind::ConsumerRequestTimeout(c));
                if let Pending::Commit { sync } = k {
                    self.commit_failed(ctx, KafkaError::CoordinatorNotAvailable, sync);
                }
                if matches!(k, Pending::Join | Pending::Sync) {
                    self.request_rejoin();
                }
            }
        }
        ctx.set_timer(
            TimerKind::CoordinatorRetry,
            Duration::from_ms(self.config.retry_backoff_ms),
        );
    }

    /// The coordinator part of `poll()` (`ConsumerCoordinator.poll`): find the coordinator, or rejoin if needed.
    /// Returns `false` when `poll()` stops here because the eager protocol commits before revoking.
    pub(super) fn ensure_active_group(&mut self, ctx: &mut Ctx<'_>) -> bool {
        if self.rejoin_needed
            && self.state != MemberState::AwaitingJoin
            && self.state != MemberState::AwaitingSync
        {
            if self.coordinator.is_some() {
                let eager = !self.config.cooperative();
                if eager
                    && self.auto_commit()
                    && !self.assignment.is_empty()
                    && !self.positions.is_empty()
                    && self.state == MemberState::Stable
                {
                    // onJoinPrepare: commit before revoking (eager protocol).
                    self.commit(ctx, true, AfterCommit::Join);
                    return false;
                }
                self.send_join(ctx);
            } else {
                self.find_coordinator(ctx);
            }
        }
        true
    }

    pub(super) fn send_join(&mut self, ctx: &mut Ctx<'_>) {
        let Some(co) = self.coordinator else { return };
        // ConsumerCoordinator.onJoinPrepare. Eager: revoke everything before rejoining. Cooperative: keep what is owned,
        // unless the generation or member id was reset (session expired, poll timeout, fenced): then every owned
        // partition is lost (onPartitionsLost), its position forgotten, and the next owner starts from the committed
        // offset.
        let lost = self.generation == GenerationId(-1) || self.member_id.is_empty();
        if (lost || !self.config.cooperative()) && !self.assignment.is_empty() {
            ctx.emit(TraceEvent::PartitionsRevoked {
                at: ctx.now,
                consumer: self.idx,
                partitions: self.assignment.clone(),
            });
            self.assignment.clear();
            self.buffered.clear();
            self.positions.clear();
        }
        self.state = MemberState::AwaitingJoin;
        self.rejoin_needed = false;
        let protocols: Vec<String> = self
            .config
            .partition_assignment_strategy
            .iter()
            .map(|k| k.name().to_string())
            .collect();
        let (g, m, iid, topics, owned, gen) = (
            self.group,
            self.member_id.clone(),
            self.config.group_instance_id.clone(),
            self.topics.clone(),
            self.assignment.clone(),
            self.generation,
        );
        let (st, rt) = (
            Duration::from_ms(self.config.session_timeout_ms),
            Duration::from_ms(self.config.max_poll_interval_ms),
        );
        self.request(ctx, Some(co), Pending::Join, |c| {
            Message::JoinGroupRequest {
                correlation_id: c,
                group: g,
                member_id: m,
                group_instance_id: iid,
                session_timeout: st,
                rebalance_timeout: rt,
                protocols,
                topics,
                owned,
                generation: gen,
            }
        });
    }

    /// `JoinGroupResponseHandler`: a new member learns its id and joins again (KIP-394); on success the leader runs
    /// the assignor and every member sends SyncGroup. `response` is a `Message::JoinGroupResponse`.
    pub(super) fn handle_join_group_response(&mut self, ctx: &mut Ctx<'_>, response: Message) {
        let Message::JoinGroupResponse {
            error,
            generation,
            protocol,
            leader,
            member_id,
            members,
            ..
        } = response
        else {
            return;
        };
        match error {
            Some(KafkaError::MemberIdRequired) => {
                self.member_id = member_id;
                self.state = MemberState::Unjoined;
                self.send_join(ctx);
            }
            Some(KafkaError::UnknownMemberId) => {
                self.member_id.clear();
                self.request_rejoin();
            }
            Some(KafkaError::NotCoordinator) | Some(KafkaError::CoordinatorNotAvailable) => {
                self.request_rejoin();
                self.coordinator_lost(ctx);
            }
            Some(_) => self.request_rejoin(),
            None => {
                self.member_id = member_id;
                self.generation = generation;
                self.state = MemberState::AwaitingSync;
                let assignments = if leader == self.member_id && !members.is_empty() {
                    self.run_assignor(&protocol, &members)
                } else {
                    Vec::new()
                };
                let Some(co) = self.coordinator else { return };
                let (g, gen, m) = (self.group, self.generation, self.member_id.clone());
                self.request(ctx, Some(co), Pending::Sync, |c| {
                    Message::SyncGroupRequest {
                        correlation_id: c,
                        group: g,
                        generation: gen,
                        member_id: m,
                        assignments,
                    }
                });
            }
        }
        if self.phase == ConsumerPhase::Polling && self.state == MemberState::Unjoined {
            ctx.set_timer(
                TimerKind::PollLoop,
                Duration::from_ms(self.config.retry_backoff_ms),
            );
        }
    }

    /// `SyncGroupResponseHandler` and `ConsumerCoordinator.onJoinComplete`: the new assignment is in force; what was
    /// revoked is dropped, and partitions without a position get their committed offset fetched.
    pub(super) fn handle_sync_group_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        error: Option<KafkaError>,
        assignment: Vec<TopicPartition>,
    ) {
        match error {
            None => {
                // Inserts (`extend`), not `collect()`, which sorts (one more sort in the page's wasm).
                let mut old: BTreeSet<TopicPartition> = BTreeSet::new();
                old.extend(&self.assignment);
                let mut new: BTreeSet<TopicPartition> = BTreeSet::new();
                new.extend(&assignment);
                let revoked: Vec<TopicPartition> = old.difference(&new).copied().collect();
                let added: Vec<TopicPartition> = new.difference(&old).copied().collect();
                if !revoked.is_empty() {
                    // Cooperative: give up only what moves, then rejoin so it can be assigned.
                    ctx.emit(TraceEvent::PartitionsRevoked {
                        at: ctx.now,
                        consumer: self.idx,
                        partitions: revoked.clone(),
                    });
                    for tp in &revoked {
                        self.positions.remove(tp);
                        self.buffered.remove(tp);
                    }
                    self.rejoin_needed = true;
                }
                self.assignment = assignment;
                self.state = MemberState::Stable;
                self.next_auto_commit =
                    ctx.now + Duration::from_ms(self.config.auto_commit_interval_ms);
                ctx.emit(TraceEvent::PartitionsAssigned {
                    at: ctx.now,
                    consumer: self.idx,
                    partitions: self.assignment.clone(),
                });
                let mut unknown: BTreeSet<TopicPartition> = BTreeSet::new();
                unknown.extend(added);
                unknown.extend(
                    self.assignment
                        .iter()
                        .copied()
                        .filter(|tp| !self.positions.contains_key(tp)),
                );
                let unknown: Vec<TopicPartition> = unknown.into_iter().collect();
                self.fetch_offsets_for(ctx, unknown);
                if self.phase == ConsumerPhase::Polling {
                    ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
                }
            }
            Some(e @ (KafkaError::UnknownMemberId | KafkaError::IllegalGeneration)) => {
                self.reset_generation(e)
            }
            Some(_) => self.request_rejoin(),
        }
    }

    /// LeaveGroup to the coordinator, if one is known; the answer is not awaited.
    pub(super) fn send_leave_group(&mut self, ctx: &mut Ctx<'_>) {
        if let Some(co) = self.coordinator {
            let (g, m) = (self.group, self.member_id.clone());
            self.request(ctx, Some(co), Pending::Leave, |c| {
                Message::LeaveGroupRequest {
                    correlation_id: c,
                    group: g,
                    member_id: m,
                }
            });
        }
    }

    fn tp_name(&self, tp: TopicPartition) -> TopicPartitionName {
        TopicPartitionName {
            topic: self.topic_names[tp.topic.0 as usize].clone(),
            partition: tp.partition,
        }
    }

    fn tp_from_name(&self, n: &TopicPartitionName) -> Option<TopicPartition> {
        let t = self.topic_names.iter().position(|x| *x == n.topic)?;
        Some(TopicPartition {
            topic: TopicIdx(t as u16),
            partition: n.partition,
        })
    }

    /// The leader runs the assignor on the client (classic protocol).
    fn run_assignor(
        &self,
        protocol: &str,
        members: &[JoinedMember],
    ) -> Vec<(String, Vec<TopicPartition>)> {
        let kind = AssignorKind::from_name(protocol).unwrap_or(AssignorKind::Range);
        // Inserts, not `collect()`: collecting into a B-tree sorts, and each sort is a copy in the page's wasm.
        let mut counts: BTreeMap<String, u32> = BTreeMap::new();
        for (t, n) in &self.partition_counts {
            counts.insert(self.topic_names[t.0 as usize].clone(), *n);
        }
        let subs: Vec<MemberSubscription> = members
            .iter()
            .map(|m| MemberSubscription {
                member_id: m.member_id.clone(),
                group_instance_id: m.group_instance_id.clone(),
                topics: m
                    .topics
                    .iter()
                    .map(|t| self.topic_names[t.0 as usize].clone())
                    .collect(),
                owned_partitions: m.owned.iter().map(|tp| self.tp_name(*tp)).collect(),
                generation: (m.generation.0 >= 0).then_some(m.generation.0),
            })
            .collect();
        assign(kind, &counts, &subs)
            .into_iter()
            .map(|(m, tps)| (m, tps.iter().filter_map(|n| self.tp_from_name(n)).collect()))
            .collect()
    }
}
