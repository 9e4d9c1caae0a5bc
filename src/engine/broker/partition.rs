//! One partition replica on a broker, and the leader's duties for it: becoming leader or follower as the controller
//! says, tracking each follower's fetch position, growing and shrinking the ISR through AlterPartition, and moving
//! the high watermark.
//!
//! Models: `Partition.scala` (`makeLeader`, `makeFollower`, `updateFollowerFetchState`, `maybeExpandIsr`,
//! `maybeShrinkIsr`, `maybeIncrementLeaderHW`), `Replica.scala` (follower state) and the retry of
//! `AlterPartitionManager`.
//!
//! Simplifications:
//! - The ISR change is applied when the controller's metadata comes back, not from the AlterPartition response;
//!   while it is pending the leader counts the "maximal ISR" (KIP-497) for the high watermark.
//! - The high watermark does not move while the committed ISR is below `min.insync.replicas` (the 3.7 rule).

use super::log::PartitionLog;
use super::producer_state::ProducerStateManager;
use super::Broker;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::setup::Setup;
use crate::engine::time::{Duration, Instant};
use crate::engine::trace::TraceEvent;
use std::collections::BTreeMap;

/// What the leader knows of one follower (`Replica.scala` state).
#[derive(Clone, Debug)]
pub struct FollowerState {
    /// The follower's LEO as of its last fetch.
    pub log_end_offset: u64,
    /// `lastCaughtUpTimeMs`.
    pub last_caught_up: Instant,
    /// Time of its last fetch.
    pub last_fetch: Instant,
    /// The leader's LEO at that fetch.
    pub leader_leo_at_last_fetch: u64,
}

/// A replica's role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Leading the partition.
    Leader,
    /// Following `leader`.
    Follower(BrokerId),
    /// Neither (offline partition or not yet told).
    None,
}

/// One replica of a partition on this broker.
#[derive(Clone, Debug)]
pub struct Replica {
    /// The partition.
    pub tp: TopicPartition,
    /// Its log.
    pub log: PartitionLog,
    /// Current role.
    pub role: Role,
    /// The leader epoch as last known.
    pub leader_epoch: LeaderEpoch,
    /// The partition epoch as last known.
    pub partition_epoch: u32,
    /// Committed ISR (from the controller).
    pub isr: Vec<BrokerId>,
    /// An ISR change sent to the controller and not yet confirmed.
    pub pending_isr: Option<Vec<BrokerId>>,
    /// Assigned replicas.
    pub replicas: Vec<BrokerId>,
    /// Leader only: follower states.
    pub followers: BTreeMap<BrokerId, FollowerState>,
    /// Leader only: LEO when this leader epoch started.
    pub epoch_start_offset: u64,
    /// Idempotent producers.
    pub producers: ProducerStateManager,
}

impl Replica {
    pub(super) fn new(tp: TopicPartition) -> Replica {
        Replica {
            tp,
            log: PartitionLog::default(),
            role: Role::None,
            leader_epoch: LeaderEpoch(0),
            partition_epoch: 0,
            isr: Vec::new(),
            pending_isr: None,
            replicas: Vec::new(),
            followers: BTreeMap::new(),
            epoch_start_offset: 0,
            producers: ProducerStateManager::default(),
        }
    }

    /// What a process restart loses: the role (the controller's metadata gives it back), the followers' fetch
    /// state and any ISR change in flight. The log and the partition and leader epochs stay.
    pub(super) fn reset_volatile_state(&mut self) {
        self.role = Role::None;
        self.followers.clear();
        self.pending_isr = None;
    }

    /// ISR plus pending additions (KIP-497 "maximal ISR").
    pub fn maximal_isr(&self) -> impl Iterator<Item = BrokerId> + '_ {
        let pending = self.pending_isr.iter().flatten();
        self.isr
            .iter()
            .chain(pending.filter(|b| !self.isr.contains(b)))
            .copied()
    }

    /// Whether `b` is in [`Replica::maximal_isr`], without building it (asked per partition of every fetch).
    pub fn in_maximal_isr(&self, b: BrokerId) -> bool {
        self.isr.contains(&b) || self.pending_isr.as_ref().is_some_and(|p| p.contains(&b))
    }

    /// For a follower fetch: the diverging epoch, if the follower's last epoch ends earlier on the leader
    /// (KIP-320/KIP-595 `lastOffsetForLeaderEpoch`, as `Partition.fetchRecords` checks it).
    pub(super) fn diverging_epoch(&self, p: &FetchPartition) -> Option<(LeaderEpoch, u64)> {
        let last = p.last_fetched_epoch?;
        match self.log.end_offset_for_epoch(last) {
            Some((e, end)) if e != last || end < p.fetch_offset => Some((e, end)),
            Some(_) => None,
            None => Some((LeaderEpoch(0), 0)),
        }
    }
}

/// How long an AlterPartition request may go unanswered before the broker sends it again (the broker-to-controller
/// channel's `controller.socket.timeout.ms`; AlterPartitionManager retries until the controller answers).
const ALTER_PARTITION_TIMEOUT: Duration = Duration::from_ms(30_000);

/// Sends each proposed ISR (partition, leader epoch, partition epoch, new ISR) to the controller as AlterPartition.
fn propose_isr_changes(
    ctx: &mut Ctx<'_>,
    changes: Vec<(TopicPartition, LeaderEpoch, u32, Vec<BrokerId>)>,
) {
    for (tp, leader_epoch, partition_epoch, new_isr) in changes {
        ctx.set_timer(
            TimerKind::AlterPartitionTimeout(tp),
            ALTER_PARTITION_TIMEOUT,
        );
        ctx.send(
            NodeId::Controller,
            Message::AlterPartitionRequest {
                tp,
                leader_epoch,
                partition_epoch,
                new_isr,
            },
        );
    }
}

impl Broker {
    /// Becomes leader or follower as the controller says (`Partition.makeLeader` / `makeFollower`).
    pub(super) fn apply_partition_state(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        p: PartitionState,
    ) {
        let tp = p.tp;
        self.metadata.insert(tp, p.clone());
        self.metadata_snapshot = None;
        // A role or epoch change may complete the fetches parked on this partition (checked at the end).
        self.fetch_moved(tp);
        let me = self.id;
        let now = ctx.now;
        let Some(r) = self.replicas.get_mut(&tp) else {
            return;
        };
        let new_epoch = p.leader_epoch > r.leader_epoch || r.role == Role::None;
        let newer_partition_state = p.partition_epoch > r.partition_epoch;
        r.partition_epoch = p.partition_epoch;
        r.replicas = p.replicas.clone();
        if p.leader == Some(me) {
            r.isr = p.isr.clone();
            // A newer partition state commits or supersedes any proposal in flight (Partition.makeLeader /
            // the AlterPartition response): the leader computes the next change from the committed ISR.
            if newer_partition_state || r.pending_isr.as_ref().is_some_and(|pi| *pi == r.isr) {
                r.pending_isr = None;
            }
            if new_epoch || r.role != Role::Leader {
                r.role = Role::Leader;
                r.leader_epoch = p.leader_epoch;
                r.pending_isr = None;
                r.epoch_start_offset = r.log.log_end_offset();
                r.log.assign_epoch_start(p.leader_epoch);
                // Inserts, not `collect()`: collecting into a B-tree sorts, and each sort is a copy in the page's wasm.
                r.followers = BTreeMap::new();
                for b in p.replicas.iter().filter(|b| **b != me) {
                    let follower = FollowerState {
                        log_end_offset: 0,
                        last_caught_up: now,
                        last_fetch: now,
                        leader_leo_at_last_fetch: 0,
                    };
                    r.followers.insert(*b, follower);
                }
                r.producers.rebuild(&r.log);
                ctx.emit(TraceEvent::ReplicaRoleChanged {
                    at: now,
                    broker: me,
                    tp,
                    leader: true,
                    leader_epoch: p.leader_epoch,
                });
            }
            self.maybe_advance_hw(ctx, setup, tp);
        } else {
            let was_leader = r.role == Role::Leader;
            let role = match p.leader {
                Some(l) => Role::Follower(l),
                None => Role::None,
            };
            let changed = r.role != role || new_epoch;
            r.role = role.clone();
            r.leader_epoch = r.leader_epoch.max(p.leader_epoch);
            r.isr = p.isr.clone();
            r.followers.clear();
            r.pending_isr = None;
            if changed {
                ctx.emit(TraceEvent::ReplicaRoleChanged {
                    at: now,
                    broker: me,
                    tp,
                    leader: false,
                    leader_epoch: p.leader_epoch,
                });
            }
            if was_leader {
                self.fail_parked_for(ctx, tp);
            }
            if let Role::Follower(l) = role {
                self.add_fetcher(ctx, setup, l);
            }
        }
        // A leader or epoch change may complete parked fetches: one on a partition this broker no longer leads
        // answers NOT_LEADER_OR_FOLLOWER, a follower's may now diverge (DelayedFetch.tryComplete, cases B and C).
        self.try_complete_fetches(ctx);
    }

    /// A follower fetched `partitions` from this leader: update its fetch state, propose it back into the ISR once
    /// caught up, and move the high watermark (`Partition.updateFollowerFetchState`).
    pub(super) fn update_follower_fetch_state(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        follower: BrokerId,
        partitions: &[FetchPartition],
    ) {
        let now = ctx.now;
        let f = follower;
        let mut isr_changes = Vec::new();
        for p in partitions {
            let Some(r) = self.replicas.get_mut(&p.tp) else {
                continue;
            };
            if r.role != Role::Leader || r.diverging_epoch(p).is_some() {
                continue;
            }
            let leo = r.log.log_end_offset();
            if let Some(st) = r.followers.get_mut(&f) {
                // Replica.updateFetchStateOrThrow: the lastCaughtUpTimeMs rule.
                if p.fetch_offset >= leo {
                    st.last_caught_up = now;
                } else if p.fetch_offset >= st.leader_leo_at_last_fetch {
                    st.last_caught_up = st.last_caught_up.max(st.last_fetch);
                }
                st.leader_leo_at_last_fetch = leo;
                st.last_fetch = now;
                st.log_end_offset = p.fetch_offset.min(leo);
            }
            // Partition.maybeExpandIsr: caught up to the HW and into this leader's epoch.
            let hw = r.log.high_watermark;
            let in_isr = r.in_maximal_isr(f);
            if !in_isr
                && r.pending_isr.is_none()
                && p.fetch_offset >= hw
                && p.fetch_offset >= r.epoch_start_offset
            {
                let mut isr = r.isr.clone();
                isr.push(f);
                crate::kafka::sort::sort(&mut isr);
                r.pending_isr = Some(isr.clone());
                isr_changes.push((p.tp, r.leader_epoch, r.partition_epoch, isr));
            }
        }
        propose_isr_changes(ctx, isr_changes);
        for p in partitions {
            self.maybe_advance_hw(ctx, setup, p.tp);
        }
    }

    /// The "isr-expiration" task, every `replica.lag.time.max.ms / 2`.
    pub(super) fn handle_isr_expiry(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        self.maybe_shrink_isr(ctx, setup);
        schedule_isr_expiry(ctx, setup);
    }

    /// Drop followers not caught up within `replica.lag.time.max.ms` (`Partition.maybeShrinkIsr`).
    fn maybe_shrink_isr(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        let now = ctx.now;
        let lag = Duration::from_ms(setup.broker.replica_lag_time_max_ms);
        let me = self.id;
        let mut changes = Vec::new();
        for r in self.replicas.values_mut() {
            if r.role != Role::Leader || r.pending_isr.is_some() {
                continue;
            }
            let leo = r.log.log_end_offset();
            let out: Vec<BrokerId> = r
                .isr
                .iter()
                .copied()
                .filter(|b| *b != me)
                .filter(|b| match r.followers.get(b) {
                    Some(f) => {
                        f.log_end_offset != leo && now.saturating_since(f.last_caught_up) > lag
                    }
                    None => true,
                })
                .collect();
            if !out.is_empty() {
                let isr: Vec<BrokerId> =
                    r.isr.iter().copied().filter(|b| !out.contains(b)).collect();
                r.pending_isr = Some(isr.clone());
                changes.push((r.tp, r.leader_epoch, r.partition_epoch, isr));
            }
        }
        propose_isr_changes(ctx, changes);
    }

    /// `Partition.maybeIncrementLeaderHW`, with the 3.7 rule: no movement while the ISR is below min ISR.
    pub(super) fn maybe_advance_hw(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        tp: TopicPartition,
    ) -> bool {
        let min_isr = setup.min_isr(tp);
        let me = self.id;
        let Some(r) = self.replicas.get_mut(&tp) else {
            return false;
        };
        if r.role != Role::Leader || r.isr.len() < min_isr {
            return false;
        }
        let mut candidate = r.log.log_end_offset();
        for b in r.maximal_isr() {
            if b == me {
                continue;
            }
            let leo = r.followers.get(&b).map(|f| f.log_end_offset).unwrap_or(0);
            candidate = candidate.min(leo);
        }
        if candidate <= r.log.high_watermark {
            return false;
        }
        r.log.high_watermark = candidate;
        ctx.emit(TraceEvent::HighWatermarkAdvanced {
            at: ctx.now,
            broker: me,
            tp,
            hw: candidate,
        });
        // Partition.maybeIncrementLeaderHW → tryCompleteDelayedRequests: a moved HW may complete parked produces
        // (acks=all) and parked consumer fetches (which read up to the HW).
        self.complete_produces(ctx, setup, tp);
        self.fetch_moved(tp);
        self.try_complete_fetches(ctx);
        true
    }

    /// A refused ISR change is dropped; the next expiry or fetch proposes again.
    pub(super) fn handle_alter_partition_error(
        &mut self,
        tp: TopicPartition,
        partition_epoch: u32,
    ) {
        // Only the answer to the proposal in flight clears it: a pending proposal is always based on the current
        // partition epoch (a newer state clears it), so an older rejection is for one superseded.
        if let Some(r) = self.replicas.get_mut(&tp) {
            if r.partition_epoch == partition_epoch {
                r.pending_isr = None;
            }
        }
    }

    /// Unanswered (the request or its answer was lost): propose the same ISR again.
    pub(super) fn handle_alter_partition_timeout(&mut self, ctx: &mut Ctx<'_>, tp: TopicPartition) {
        let again = self.replicas.get(&tp).and_then(|r| {
            let isr = r.pending_isr.clone().filter(|_| r.role == Role::Leader)?;
            Some((tp, r.leader_epoch, r.partition_epoch, isr))
        });
        propose_isr_changes(ctx, again.into_iter().collect());
    }
}

/// Arms the next run of the "isr-expiration" task (`ReplicaManager.startup` schedules it every
/// `replica.lag.time.max.ms / 2`).
pub(super) fn schedule_isr_expiry(ctx: &mut Ctx<'_>, setup: &Setup) {
    ctx.set_timer(
        TimerKind::IsrExpiry,
        Duration::from_ms(setup.broker.replica_lag_time_max_ms / 2),
    );
}
