//! A Kafka broker: partition replicas (leader and follower), produce and fetch handling, ISR maintenance and the
//! high watermark, purgatories for `acks=all` produces and long-poll fetches, and its heartbeat to the controller.
//!
//! Models: `ReplicaManager`, `Partition`, `DelayedProduce`, `DelayedFetch`, `AbstractFetcherThread`,
//! `BrokerLifecycleManager` (shared/KAFKA.md §5, §8).
//!
//! Simplifications:
//! - One follower fetch session per (follower, leader) pair; it fetches all partitions it follows on that leader.
//! - The ISR change is sent to the controller (AlterPartition) and applied when the controller's metadata comes back;
//!   while pending, the leader uses the "maximal ISR" (KIP-497) for the high watermark.
//! - The log survives a crash intact; volatile state (purgatories, fetch sessions, follower state) does not.
//! - Producer state (the last 5 batches per producer id) is rebuilt from the log after truncation and on leadership.

pub mod controller;
pub mod coordinator;
pub mod log;

use super::ids::*;
use super::node::{Ctx, TimerKind};
use super::protocol::*;
use super::setup::Setup;
use super::time::{Duration, Instant};
use super::trace::TraceEvent;
use log::{LogEntry, PartitionLog, ProducerStamp};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`.
pub const NUM_BATCHES_TO_RETAIN: usize = 5;

pub use crate::kafka::errors::parse_injectable_error;

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

/// Idempotence state for one producer id on one partition.
#[derive(Clone, Debug, Default)]
pub struct ProducerEntry {
    /// Producer epoch.
    pub epoch: u16,
    /// (first sequence, last sequence, base offset) of the last batches.
    pub batches: VecDeque<(i32, i32, u64)>,
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
    pub producers: BTreeMap<i64, ProducerEntry>,
}

impl Replica {
    fn new(tp: TopicPartition) -> Replica {
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
            producers: BTreeMap::new(),
        }
    }

    /// ISR plus pending additions (KIP-497 "maximal ISR").
    pub fn maximal_isr(&self) -> Vec<BrokerId> {
        let mut m = self.isr.clone();
        if let Some(p) = &self.pending_isr {
            for b in p {
                if !m.contains(b) {
                    m.push(*b);
                }
            }
        }
        m
    }

    /// Whether `b` is in [`Replica::maximal_isr`], without building it (asked per partition of every fetch).
    pub fn in_maximal_isr(&self, b: BrokerId) -> bool {
        self.isr.contains(&b) || self.pending_isr.as_ref().is_some_and(|p| p.contains(&b))
    }

    fn record_producer_batch(&mut self, stamp: ProducerStamp, base_offset: u64) {
        let e = self.producers.entry(stamp.producer_id).or_default();
        if stamp.epoch > e.epoch {
            e.epoch = stamp.epoch;
            e.batches.clear();
        }
        if e.batches.back().is_some_and(|b| b.0 == stamp.base_sequence) {
            return;
        }
        e.batches
            .push_back((stamp.base_sequence, stamp.last_sequence, base_offset));
        while e.batches.len() > NUM_BATCHES_TO_RETAIN {
            e.batches.pop_front();
        }
    }

    fn rebuild_producer_state(&mut self) {
        self.producers.clear();
        let stamps: Vec<(ProducerStamp, u64)> = self
            .log
            .entries()
            .iter()
            .enumerate()
            .filter_map(|(o, e)| e.stamp.map(|s| (s, o as u64)))
            .collect();
        for (s, o) in stamps {
            self.record_producer_batch(s, o);
        }
    }
}

#[derive(Clone, Debug)]
struct DelayedProduce {
    client: NodeId,
    correlation_id: u64,
    /// Per batch: result so far, and the offset the HW must reach.
    parts: Vec<(ProducePartitionResult, Option<u64>)>,
}

#[derive(Clone, Debug)]
struct DelayedFetch {
    client: NodeId,
    correlation_id: u64,
    replica: Option<BrokerId>,
    min_bytes: u32,
    max_bytes: u32,
    partitions: Vec<FetchPartition>,
}

#[derive(Clone, Debug, Default)]
struct Fetcher {
    in_flight: bool,
    correlation_id: u64,
}

/// A broker.
#[derive(Clone, Debug)]
pub struct Broker {
    /// Its id.
    pub id: BrokerId,
    /// Whether the process is running.
    pub alive: bool,
    /// Bumped on every restart (the broker epoch).
    pub incarnation: u32,
    /// Replicas hosted here.
    pub replicas: BTreeMap<TopicPartition, Replica>,
    /// The latest metadata from the controller.
    pub metadata: BTreeMap<TopicPartition, PartitionState>,
    /// Live brokers according to that metadata.
    pub live_brokers: Vec<BrokerId>,
    /// Extra delay on every fetch this broker sends as a follower (slow follower fault).
    pub fetch_delay: Duration,
    /// Scripted fault: fail the next N produces with this error.
    pub fail_produces: Option<(u32, KafkaError)>,
    /// Controlled shutdown requested.
    pub shutting_down: bool,
    /// The controller's metadata offset of the last `UpdateMetadata` applied (0 after a restart).
    pub metadata_offset: u64,
    delayed_produce: BTreeMap<u64, DelayedProduce>,
    delayed_fetch: BTreeMap<u64, DelayedFetch>,
    next_delayed: u64,
    fetchers: BTreeMap<BrokerId, Fetcher>,
    next_correlation: u64,
}

impl Broker {
    /// A broker hosting its assigned replicas, empty.
    pub fn new(id: BrokerId, setup: &Setup) -> Broker {
        let mut replicas = BTreeMap::new();
        for tp in setup.all_partitions() {
            if setup.topic(tp).assignment[tp.partition as usize].contains(&id) {
                replicas.insert(tp, Replica::new(tp));
            }
        }
        Broker {
            id,
            alive: true,
            incarnation: 0,
            replicas,
            metadata: BTreeMap::new(),
            live_brokers: Vec::new(),
            fetch_delay: Duration::ZERO,
            fail_produces: None,
            shutting_down: false,
            metadata_offset: 0,
            delayed_produce: BTreeMap::new(),
            delayed_fetch: BTreeMap::new(),
            next_delayed: 0,
            fetchers: BTreeMap::new(),
            next_correlation: 0,
        }
    }

    /// Start (or restart) the process: heartbeat to the controller and run the ISR expiry task.
    pub fn start(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        self.alive = true;
        self.shutting_down = false;
        self.incarnation += 1;
        self.metadata.clear();
        self.metadata_offset = 0;
        self.live_brokers.clear();
        self.delayed_fetch.clear();
        self.delayed_produce.clear();
        self.fetchers.clear();
        for r in self.replicas.values_mut() {
            r.role = Role::None;
            r.followers.clear();
            r.pending_isr = None;
        }
        self.send_heartbeat(ctx, setup);
        ctx.set_timer(
            TimerKind::IsrExpiry,
            Duration::from_ms(setup.broker.replica_lag_time_max_ms / 2),
        );
    }

    /// The process dies. Volatile state goes; the log stays.
    pub fn crash(&mut self) {
        self.alive = false;
        self.delayed_fetch.clear();
        self.delayed_produce.clear();
        self.fetchers.clear();
        for r in self.replicas.values_mut() {
            r.role = Role::None;
            r.followers.clear();
            r.pending_isr = None;
        }
    }

    fn send_heartbeat(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        ctx.send(
            NodeId::Controller,
            Message::BrokerHeartbeatRequest {
                broker: self.id,
                incarnation: self.incarnation,
                metadata_offset: self.metadata_offset,
            },
        );
        ctx.set_timer(
            TimerKind::BrokerHeartbeat,
            Duration::from_ms(setup.broker.broker_heartbeat_interval_ms),
        );
    }

    /// Handles a timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind, setup: &Setup) {
        match kind {
            TimerKind::BrokerHeartbeat => self.send_heartbeat(ctx, setup),
            TimerKind::IsrExpiry => {
                self.maybe_shrink_isr(ctx, setup);
                ctx.set_timer(
                    TimerKind::IsrExpiry,
                    Duration::from_ms(setup.broker.replica_lag_time_max_ms / 2),
                );
            }
            TimerKind::ReplicaFetch(leader) => self.send_replica_fetch(ctx, setup, leader),
            TimerKind::ReplicaFetchTimeout(leader) => {
                if let Some(f) = self.fetchers.get_mut(&leader) {
                    f.in_flight = false;
                }
                ctx.set_timer(
                    TimerKind::ReplicaFetch(leader),
                    Duration::from_ms(setup.broker.replica_fetch_backoff_ms),
                );
            }
            TimerKind::DelayedProduceExpiry(id) => {
                if let Some(mut d) = self.delayed_produce.remove(&id) {
                    for (res, req) in d.parts.iter_mut() {
                        if req.is_some() {
                            res.error = Some(KafkaError::RequestTimedOut);
                            *req = None;
                        }
                    }
                    self.respond_produce(ctx, d);
                }
            }
            TimerKind::AlterPartitionTimeout(tp) => {
                // Unanswered (the request or its answer was lost): propose the same ISR again.
                let again = self.replicas.get(&tp).and_then(|r| {
                    let isr = r.pending_isr.clone().filter(|_| r.role == Role::Leader)?;
                    Some((tp, r.leader_epoch, r.partition_epoch, isr))
                });
                propose_isr_changes(ctx, again.into_iter().collect());
            }
            TimerKind::DelayedFetchExpiry(id) => {
                if let Some(d) = self.delayed_fetch.remove(&id) {
                    self.complete_fetch(ctx, setup, d);
                }
            }
            _ => {}
        }
    }

    /// Handles a message.
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message, setup: &Setup) {
        match msg {
            Message::UpdateMetadata {
                partitions,
                live_brokers,
                metadata_offset,
            } => {
                if metadata_offset < self.metadata_offset {
                    return;
                }
                self.metadata_offset = metadata_offset;
                self.live_brokers = live_brokers;
                for p in partitions {
                    self.apply_partition_state(ctx, setup, p);
                }
            }
            Message::ControlledShutdownResponse if self.shutting_down => {
                self.crash();
                ctx.emit(TraceEvent::BrokerShutDown {
                    at: ctx.now,
                    broker: self.id,
                });
            }
            // A refused ISR change is dropped; the next expiry or fetch proposes again.
            Message::AlterPartitionResponse {
                tp,
                error: Some(_),
                partition_epoch,
            } => {
                // Only the answer to the proposal in flight clears it: a pending proposal is always based on the
                // current partition epoch (a newer state clears it), so an older rejection is for one superseded.
                if let Some(r) = self.replicas.get_mut(&tp) {
                    if r.partition_epoch == partition_epoch {
                        r.pending_isr = None;
                    }
                }
            }
            Message::ProduceRequest {
                correlation_id,
                acks,
                timeout,
                batches,
            } => self.handle_produce(ctx, setup, from, correlation_id, acks, timeout, batches),
            Message::FetchRequest {
                correlation_id,
                replica,
                max_wait,
                min_bytes,
                max_bytes,
                partitions,
            } => self.handle_fetch(
                ctx,
                setup,
                from,
                correlation_id,
                replica,
                max_wait,
                min_bytes,
                max_bytes,
                partitions,
            ),
            Message::FetchResponse {
                correlation_id,
                partitions,
            } => {
                if let NodeId::Broker(leader) = from {
                    self.handle_replica_fetch_response(
                        ctx,
                        setup,
                        leader,
                        correlation_id,
                        partitions,
                    );
                }
            }
            Message::ListOffsetsRequest {
                correlation_id,
                tps,
            } => {
                let offsets = tps
                    .into_iter()
                    .map(|(tp, latest)| match self.replicas.get(&tp) {
                        Some(r) if r.role == Role::Leader => {
                            (tp, None, if latest { r.log.high_watermark } else { 0 })
                        }
                        _ => (tp, Some(KafkaError::NotLeaderOrFollower), 0),
                    })
                    .collect();
                ctx.send(
                    from,
                    Message::ListOffsetsResponse {
                        correlation_id,
                        offsets,
                    },
                );
            }
            Message::MetadataRequest { correlation_id } => {
                ctx.send(
                    from,
                    Message::MetadataResponse {
                        correlation_id,
                        partitions: self.metadata.values().cloned().collect(),
                        live_brokers: self.live_brokers.clone(),
                    },
                );
            }
            Message::Disconnected => {
                if let NodeId::Broker(leader) = from {
                    if self.fetchers.get(&leader).is_some_and(|f| f.in_flight) {
                        ctx.cancel_timer(TimerKind::ReplicaFetchTimeout(leader));
                        if let Some(f) = self.fetchers.get_mut(&leader) {
                            f.in_flight = false;
                        }
                        ctx.set_timer(
                            TimerKind::ReplicaFetch(leader),
                            Duration::from_ms(setup.broker.replica_fetch_backoff_ms),
                        );
                    }
                }
            }
            _ => {}
        }
    }

    /// Becomes leader or follower as the controller says (`Partition.makeLeader` / `makeFollower`).
    fn apply_partition_state(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, p: PartitionState) {
        let tp = p.tp;
        self.metadata.insert(tp, p.clone());
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
                r.followers = p
                    .replicas
                    .iter()
                    .filter(|b| **b != me)
                    .map(|b| {
                        (
                            *b,
                            FollowerState {
                                log_end_offset: 0,
                                last_caught_up: now,
                                last_fetch: now,
                                leader_leo_at_last_fetch: 0,
                            },
                        )
                    })
                    .collect();
                r.rebuild_producer_state();
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
                let f = self.fetchers.entry(l).or_default();
                if !f.in_flight {
                    self.send_replica_fetch(ctx, setup, l);
                }
            }
        }
        // A leader or epoch change may complete parked fetches: one on a partition this broker no longer leads
        // answers NOT_LEADER_OR_FOLLOWER, a follower's may now diverge (DelayedFetch.tryComplete, cases B and C).
        self.try_complete_fetches(ctx, setup);
    }

    /// Leadership lost: answer parked produces for this partition with NOT_LEADER_OR_FOLLOWER.
    fn fail_parked_for(&mut self, ctx: &mut Ctx<'_>, tp: TopicPartition) {
        let ids: Vec<u64> = self.delayed_produce.keys().copied().collect();
        for id in ids {
            let mut done = false;
            if let Some(d) = self.delayed_produce.get_mut(&id) {
                for (res, req) in d.parts.iter_mut() {
                    if res.tp == tp && req.is_some() {
                        res.error = Some(KafkaError::NotLeaderOrFollower);
                        *req = None;
                    }
                }
                done = d.parts.iter().all(|(_, r)| r.is_none());
            }
            if done {
                if let Some(d) = self.delayed_produce.remove(&id) {
                    ctx.cancel_timer(TimerKind::DelayedProduceExpiry(id));
                    self.respond_produce(ctx, d);
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_produce(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        client: NodeId,
        correlation_id: u64,
        acks: Acks,
        timeout: Duration,
        batches: Vec<WireBatch>,
    ) {
        let now = ctx.now;
        let me = self.id;
        let mut parts = Vec::new();
        for b in batches {
            let mut res = ProducePartitionResult {
                tp: b.tp,
                batch_id: b.batch_id,
                error: None,
                base_offset: 0,
            };
            let mut required = None;
            let injected = match self.fail_produces {
                Some((n, e)) if n > 0 => {
                    self.fail_produces = if n > 1 { Some((n - 1, e)) } else { None };
                    Some(e)
                }
                _ => None,
            };
            let min_isr = setup.min_isr(b.tp);
            let max_message_bytes = setup.topic(b.tp).config.max_message_bytes;
            let r = self.replicas.get_mut(&b.tp);
            let error = match &r {
                _ if injected.is_some() => injected,
                None => Some(KafkaError::NotLeaderOrFollower),
                Some(r) if r.role != Role::Leader => Some(KafkaError::NotLeaderOrFollower),
                Some(_) if b.size_bytes as u64 > max_message_bytes => {
                    Some(KafkaError::MessageTooLarge)
                }
                // Partition.appendRecordsToLeader: refuse before writing when the ISR is too small.
                Some(r) if acks == Acks::All && r.isr.len() < min_isr => {
                    Some(KafkaError::NotEnoughReplicas)
                }
                Some(_) => None,
            };
            if let Some(e) = error {
                res.error = Some(e);
                ctx.emit(TraceEvent::ProduceErrored {
                    at: now,
                    broker: me,
                    tp: b.tp,
                    error: e,
                });
                parts.push((res, None));
                continue;
            }
            let Some(r) = r else { continue };
            // Idempotence checks (UnifiedLog.analyzeAndValidateProducerState).
            let n = b.records.len() as i32;
            let stamp = b.producer.map(|(pid, epoch)| ProducerStamp {
                producer_id: pid.0,
                epoch,
                base_sequence: b.base_sequence,
                last_sequence: b.base_sequence.wrapping_add(n - 1),
            });
            if let Some(s) = stamp {
                if let Some(e) = r.producers.get(&s.producer_id) {
                    if s.epoch < e.epoch {
                        res.error = Some(KafkaError::InvalidProducerEpoch);
                    } else if s.epoch == e.epoch {
                        if let Some(dup) = e
                            .batches
                            .iter()
                            .find(|x| x.0 == s.base_sequence && x.1 == s.last_sequence)
                        {
                            // A retry of a batch already written: answer with the original offsets, append nothing.
                            res.base_offset = dup.2;
                            ctx.emit(TraceEvent::DuplicateBatchDropped {
                                at: now,
                                broker: me,
                                tp: b.tp,
                                batch: b.batch_id,
                            });
                            let hw_ok = r.log.high_watermark > dup.2 + (n as u64).saturating_sub(1);
                            let req = (acks == Acks::All && !hw_ok).then_some(dup.2 + n as u64);
                            parts.push((res, req));
                            continue;
                        }
                        let last = e.batches.back().map(|x| x.1).unwrap_or(-1);
                        let expected = if last == i32::MAX { 0 } else { last + 1 };
                        if s.base_sequence != expected {
                            res.error = Some(KafkaError::OutOfOrderSequenceNumber);
                        }
                    } else if s.base_sequence != 0 {
                        res.error = Some(KafkaError::OutOfOrderSequenceNumber);
                    }
                }
                if let Some(e) = res.error {
                    ctx.emit(TraceEvent::ProduceErrored {
                        at: now,
                        broker: me,
                        tp: b.tp,
                        error: e,
                    });
                    parts.push((res, None));
                    continue;
                }
            }
            let epoch = r.leader_epoch;
            let base = r.log.log_end_offset();
            for rec in &b.records {
                let offset = r.log.append(LogEntry {
                    record: LogRecord {
                        id: rec.id,
                        size_bytes: rec.size_bytes,
                        leader_epoch: epoch,
                    },
                    stamp,
                });
                ctx.emit(TraceEvent::RecordAppended {
                    at: now,
                    broker: me,
                    tp: b.tp,
                    offset,
                    record: rec.id,
                    leader_epoch: epoch,
                });
            }
            if let Some(s) = stamp {
                r.record_producer_batch(s, base);
            }
            res.base_offset = base;
            let required = if acks == Acks::All {
                Some(r.log.log_end_offset())
            } else {
                required.take()
            };
            if let Some(req) = required {
                ctx.emit(TraceEvent::ProduceParked {
                    at: now,
                    broker: me,
                    tp: b.tp,
                    required_offset: req,
                });
            }
            parts.push((res, required));
        }
        let touched: BTreeSet<TopicPartition> = parts.iter().map(|(r, _)| r.tp).collect();
        let id = self.next_delayed;
        self.next_delayed += 1;
        let d = DelayedProduce {
            client,
            correlation_id,
            parts,
        };
        if acks == Acks::None {
            // acks=0: the broker never answers.
        } else if d.parts.iter().all(|(_, r)| r.is_none()) {
            self.respond_produce(ctx, d);
        } else {
            self.delayed_produce.insert(id, d);
            ctx.set_timer(TimerKind::DelayedProduceExpiry(id), timeout);
        }
        for tp in touched {
            self.maybe_advance_hw(ctx, setup, tp);
        }
        self.try_complete_fetches(ctx, setup);
    }

    fn respond_produce(&mut self, ctx: &mut Ctx<'_>, d: DelayedProduce) {
        let results = d.parts.into_iter().map(|(r, _)| r).collect();
        ctx.send(
            d.client,
            Message::ProduceResponse {
                correlation_id: d.correlation_id,
                results,
            },
        );
    }

    /// `Partition.maybeIncrementLeaderHW`, with the 3.7 rule: no movement while the ISR is below min ISR.
    fn maybe_advance_hw(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, tp: TopicPartition) -> bool {
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
        self.try_complete_fetches(ctx, setup);
        true
    }

    /// `DelayedProduce.tryComplete` for parked requests on `tp`.
    fn complete_produces(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, tp: TopicPartition) {
        let min_isr = setup.min_isr(tp);
        let Some(r) = self.replicas.get(&tp) else {
            return;
        };
        let hw = r.log.high_watermark;
        let isr_ok = r.maximal_isr().len() >= min_isr;
        let mut done = Vec::new();
        for (id, d) in self.delayed_produce.iter_mut() {
            for (res, req) in d.parts.iter_mut() {
                if res.tp == tp && req.is_some_and(|o| hw >= o) {
                    if !isr_ok {
                        res.error = Some(KafkaError::NotEnoughReplicasAfterAppend);
                    }
                    *req = None;
                }
            }
            if d.parts.iter().all(|(_, r)| r.is_none()) {
                done.push(*id);
            }
        }
        for id in done {
            if let Some(d) = self.delayed_produce.remove(&id) {
                ctx.cancel_timer(TimerKind::DelayedProduceExpiry(id));
                self.respond_produce(ctx, d);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_fetch(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        client: NodeId,
        correlation_id: u64,
        replica: Option<BrokerId>,
        max_wait: Duration,
        min_bytes: u32,
        max_bytes: u32,
        partitions: Vec<FetchPartition>,
    ) {
        let now = ctx.now;
        let mut isr_changes = Vec::new();
        if let Some(f) = replica {
            for p in &partitions {
                let Some(r) = self.replicas.get_mut(&p.tp) else {
                    continue;
                };
                if r.role != Role::Leader || diverging(r, p).is_some() {
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
                    isr.sort();
                    r.pending_isr = Some(isr.clone());
                    isr_changes.push((p.tp, r.leader_epoch, r.partition_epoch, isr));
                }
            }
            propose_isr_changes(ctx, isr_changes);
            for p in &partitions {
                self.maybe_advance_hw(ctx, setup, p.tp);
            }
        }
        let d = DelayedFetch {
            client,
            correlation_id,
            replica,
            min_bytes,
            max_bytes,
            partitions,
        };
        if max_wait == Duration::ZERO || self.fetch_ready(&d) {
            self.complete_fetch(ctx, setup, d);
        } else {
            let id = self.next_delayed;
            self.next_delayed += 1;
            self.delayed_fetch.insert(id, d);
            ctx.set_timer(TimerKind::DelayedFetchExpiry(id), max_wait);
        }
    }

    /// Parked fetches that could be answered now: none, after every event (an invariant of the many-seed run).
    pub fn parked_fetches_ready(&self) -> usize {
        self.delayed_fetch
            .values()
            .filter(|d| self.fetch_ready(d))
            .count()
    }

    /// Parked produces whose every waiting partition has reached its required offset: none, after every event.
    pub fn parked_produces_ready(&self) -> usize {
        self.delayed_produce
            .values()
            .filter(|d| {
                d.parts.iter().all(|(res, req)| match req {
                    None => true,
                    // Done once the HW reaches it, or (with an error) once this broker no longer leads it.
                    Some(o) => self
                        .replicas
                        .get(&res.tp)
                        .is_none_or(|r| r.role != Role::Leader || r.log.high_watermark >= *o),
                })
            })
            .count()
    }

    /// Whether a fetch can be answered now: enough bytes, an error, or a divergence (`DelayedFetch.tryComplete`).
    fn fetch_ready(&self, d: &DelayedFetch) -> bool {
        let mut bytes = 0u64;
        for p in &d.partitions {
            let Some(r) = self.replicas.get(&p.tp) else {
                return true;
            };
            if r.role != Role::Leader {
                return true;
            }
            if d.replica.is_some() && diverging(r, p).is_some() {
                return true;
            }
            let bound = if d.replica.is_some() {
                r.log.log_end_offset()
            } else {
                r.log.high_watermark
            };
            if p.fetch_offset > r.log.log_end_offset() {
                return true;
            }
            bytes += r
                .log
                .bytes_between(p.fetch_offset, bound)
                .min(p.partition_max_bytes as u64);
        }
        bytes >= d.min_bytes.max(1) as u64
    }

    fn try_complete_fetches(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        let ready: Vec<u64> = self
            .delayed_fetch
            .iter()
            .filter(|(_, d)| self.fetch_ready(d))
            .map(|(id, _)| *id)
            .collect();
        for id in ready {
            if let Some(d) = self.delayed_fetch.remove(&id) {
                ctx.cancel_timer(TimerKind::DelayedFetchExpiry(id));
                self.complete_fetch(ctx, setup, d);
            }
        }
    }

    fn complete_fetch(&mut self, ctx: &mut Ctx<'_>, _setup: &Setup, d: DelayedFetch) {
        let mut remaining = d.max_bytes as u64;
        let mut first = true;
        let mut out = Vec::new();
        for p in &d.partitions {
            let mut data = FetchPartitionData {
                tp: p.tp,
                error: None,
                high_watermark: 0,
                base_offset: p.fetch_offset,
                records: Vec::new(),
                diverging_epoch: None,
            };
            match self.replicas.get(&p.tp) {
                Some(r) if r.role == Role::Leader => {
                    data.high_watermark = r.log.high_watermark;
                    if d.replica.is_some() {
                        if let Some(div) = diverging(r, p) {
                            data.diverging_epoch = Some(div);
                            out.push(data);
                            continue;
                        }
                    }
                    if p.fetch_offset > r.log.log_end_offset() {
                        data.error = Some(KafkaError::OffsetOutOfRange);
                    } else {
                        let bound = if d.replica.is_some() {
                            r.log.log_end_offset()
                        } else {
                            r.log.high_watermark
                        };
                        // The first non-empty partition may exceed the limits ("at least one batch", KIP-74).
                        let limit = (p.partition_max_bytes as u64).min(remaining);
                        let recs = r.log.read(
                            p.fetch_offset,
                            bound,
                            if first { limit.max(1) } else { limit },
                        );
                        let recs = if !first
                            && recs
                                .first()
                                .is_some_and(|x| x.record.size_bytes as u64 > limit)
                        {
                            Vec::new()
                        } else {
                            recs
                        };
                        let bytes: u64 = recs.iter().map(|x| x.record.size_bytes as u64).sum();
                        remaining = remaining.saturating_sub(bytes);
                        if !recs.is_empty() {
                            first = false;
                        }
                        data.records = recs;
                    }
                }
                _ => data.error = Some(KafkaError::NotLeaderOrFollower),
            }
            out.push(data);
        }
        ctx.send(
            d.client,
            Message::FetchResponse {
                correlation_id: d.correlation_id,
                partitions: out,
            },
        );
    }

    /// The follower's fetch loop (`ReplicaFetcherThread`): one request for every partition it follows on `leader`.
    fn send_replica_fetch(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, leader: BrokerId) {
        let parts: Vec<FetchPartition> = self
            .replicas
            .values()
            .filter(|r| r.role == Role::Follower(leader))
            .map(|r| FetchPartition {
                tp: r.tp,
                fetch_offset: r.log.log_end_offset(),
                last_fetched_epoch: r.log.last_record_epoch(),
                partition_max_bytes: setup.broker.replica_fetch_max_bytes as u32,
            })
            .collect();
        let f = self.fetchers.entry(leader).or_default();
        if parts.is_empty() || f.in_flight {
            return;
        }
        self.next_correlation += 1;
        f.in_flight = true;
        f.correlation_id = self.next_correlation;
        let msg = Message::FetchRequest {
            correlation_id: self.next_correlation,
            replica: Some(self.id),
            max_wait: Duration::from_ms(setup.broker.replica_fetch_wait_max_ms),
            min_bytes: setup.broker.replica_fetch_min_bytes as u32,
            max_bytes: 10_485_760,
            partitions: parts,
        };
        ctx.send_delayed(NodeId::Broker(leader), msg, self.fetch_delay);
        // replica.socket.timeout.ms (30 s) bounds a fetch that never comes back (partitioned leader).
        ctx.set_timer(
            TimerKind::ReplicaFetchTimeout(leader),
            Duration::from_ms(30_000) + self.fetch_delay,
        );
    }

    fn handle_replica_fetch_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        leader: BrokerId,
        correlation_id: u64,
        partitions: Vec<FetchPartitionData>,
    ) {
        let now = ctx.now;
        let me = self.id;
        match self.fetchers.get_mut(&leader) {
            Some(f) if f.in_flight && f.correlation_id == correlation_id => f.in_flight = false,
            _ => return,
        }
        ctx.cancel_timer(TimerKind::ReplicaFetchTimeout(leader));
        for p in partitions {
            let Some(r) = self.replicas.get_mut(&p.tp) else {
                continue;
            };
            if r.role != Role::Follower(leader) || p.error.is_some() {
                continue;
            }
            if let Some((epoch, leader_end)) = p.diverging_epoch {
                // KIP-279: truncate to min(leader's end offset for the epoch, ours for the same epoch).
                let ours = r.log.end_offset_for_epoch(epoch).map(|(e, end)| {
                    if e == epoch {
                        end
                    } else {
                        end.min(leader_end)
                    }
                });
                let to = leader_end
                    .min(ours.unwrap_or(0))
                    .min(r.log.log_end_offset());
                let removed = r.log.truncate_to(to);
                if !removed.is_empty() {
                    r.rebuild_producer_state();
                    ctx.emit(TraceEvent::LogTruncated {
                        at: now,
                        broker: me,
                        tp: p.tp,
                        to,
                        removed: removed.iter().map(|e| e.record.id).collect(),
                    });
                }
                continue;
            }
            if p.base_offset != r.log.log_end_offset() {
                continue;
            }
            for entry in p.records {
                let offset = r.log.append(entry);
                // UnifiedLog.appendAsFollower updates the producer state too (origin REPLICATION): a follower that
                // becomes leader knows every sequence the old leader wrote, and drops their retries as duplicates.
                if let Some(s) = entry.stamp {
                    r.record_producer_batch(s, offset);
                }
                ctx.emit(TraceEvent::RecordAppended {
                    at: now,
                    broker: me,
                    tp: p.tp,
                    offset,
                    record: entry.record.id,
                    leader_epoch: entry.record.leader_epoch,
                });
            }
            // Followers learn the HW from the leader, bounded by their own LEO.
            let hw = p.high_watermark.min(r.log.log_end_offset());
            if hw > r.log.high_watermark {
                r.log.high_watermark = hw;
                ctx.emit(TraceEvent::HighWatermarkAdvanced {
                    at: now,
                    broker: me,
                    tp: p.tp,
                    hw,
                });
            }
        }
        // Fetch again at once; the leader's purgatory (replica.fetch.wait.max.ms) paces the loop.
        self.send_replica_fetch(ctx, setup, leader);
    }

    /// The "isr-expiration" task: drop followers not caught up within `replica.lag.time.max.ms`.
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

    /// A replica, for views and invariants.
    pub fn replica(&self, tp: TopicPartition) -> Option<&Replica> {
        self.replicas.get(&tp)
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

/// For a follower fetch: the diverging epoch, if the follower's last epoch ends earlier on the leader.
fn diverging(r: &Replica, p: &FetchPartition) -> Option<(LeaderEpoch, u64)> {
    let last = p.last_fetched_epoch?;
    match r.log.end_offset_for_epoch(last) {
        Some((e, end)) if e != last || end < p.fetch_offset => Some((e, end)),
        Some(_) => None,
        None => Some((LeaderEpoch(0), 0)),
    }
}
