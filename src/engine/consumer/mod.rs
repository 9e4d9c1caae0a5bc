//! The Java consumer (classic group protocol): the application's `poll()` loop with per-record processing time,
//! fetching from partition leaders, positions and commits (auto and manual), group membership with a separate
//! heartbeat thread, `max.poll.interval.ms`, static membership, `wakeup()` and `close()`.
//!
//! Models: `ClassicKafkaConsumer`, `ConsumerCoordinator`, `AbstractCoordinator`, `Heartbeat`, `AbstractFetch`
//! (shared/KAFKA.md §6.1, §8). This file holds the consumer's state, its process lifecycle, the in-flight request
//! table (`ConsumerNetworkClient`) and the dispatch of responses and timers; the Kafka classes live in:
//! - `membership`: `ConsumerCoordinator` / `AbstractCoordinator` (FindCoordinator, JoinGroup, SyncGroup, LeaveGroup,
//!   eager and cooperative rebalances, the client-side assignor run by the leader);
//! - `heartbeat`: the heartbeat thread and `max.poll.interval.ms`;
//! - `poll_loop`: the application thread (`poll()`, processing, commit modes, `wakeup()`, `close()`);
//! - `fetcher`: `Fetcher` / `OffsetFetcher` (Metadata, Fetch, positions, `auto.offset.reset`);
//! - `offsets`: OffsetCommit (manual and auto-commit) and OffsetFetch.
//!
//! Simplifications:
//! - One fetch in flight per broker; a partition is fetched only when nothing of it is buffered (as Kafka does).
//! - Processing is sequential: each record takes `processing_ms` (plus a scripted spike) of the application thread.
//! - Offsets reset with `auto.offset.reset=latest` use the leader's high watermark from ListOffsets.

pub mod assign_input;
pub mod assignor;
mod fetcher;
mod heartbeat;
mod membership;
mod offsets;
mod poll_loop;

pub use membership::MemberState;

use super::ids::*;
use super::node::{Ctx, TimerKind};
use super::partition_map::PartitionMap;
use super::protocol::*;
use super::setup::Setup;
use super::time::{Duration, Instant};
use super::trace::{ConsumerLifecycle, ConsumerPhase, TraceEvent};
use crate::scenario::config::ConsumerConfig;
use crate::scenario::{CommitMode, GroupSpec};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// What an in-flight request is for, so its response (or its failure) reaches the right handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    Metadata,
    FindCoordinator,
    Join,
    Sync,
    Heartbeat,
    Commit { sync: bool },
    OffsetFetch,
    ListOffsets,
    Fetch,
    Leave,
}

/// A consumer client.
#[derive(Clone, Debug)]
pub struct Consumer {
    /// Its index.
    pub idx: ConsumerIdx,
    /// Its group.
    pub group: GroupIdx,
    /// Config.
    pub config: ConsumerConfig,
    topics: Vec<TopicIdx>,
    processing: Duration,
    commit_mode: CommitMode,
    poll_timeout: Duration,
    start_at: Instant,
    brokers: Vec<BrokerId>,
    partition_counts: BTreeMap<TopicIdx, u32>,
    topic_names: Vec<String>,
    /// Process alive.
    pub alive: bool,
    /// Application thread phase.
    pub phase: ConsumerPhase,
    leaders: PartitionMap<Option<BrokerId>>,
    broker_rr: usize,
    /// The coordinator, once found.
    pub coordinator: Option<BrokerId>,
    /// Member id.
    pub member_id: String,
    /// Generation.
    pub generation: GenerationId,
    /// Membership state.
    pub state: MemberState,
    rejoin_needed: bool,
    /// Owned partitions.
    pub assignment: Vec<TopicPartition>,
    /// Next offset to return per partition.
    pub positions: BTreeMap<TopicPartition, u64>,
    /// Last committed offsets this consumer knows of.
    pub committed: BTreeMap<TopicPartition, u64>,
    buffered: BTreeMap<TopicPartition, VecDeque<(u64, RecordId)>>,
    to_process: VecDeque<(TopicPartition, u64, RecordId)>,
    pending: BTreeMap<u64, (BrokerId, Pending)>,
    fetching: BTreeSet<BrokerId>,
    next_correlation: u64,
    last_poll: Instant,
    next_auto_commit: Instant,
    busy_until: Option<Instant>,
    paused_until: Option<Instant>,
    wakeup_pending: bool,
    poll_deadline: Instant,
    heartbeat_stopped: bool,
    after_commit: Option<AfterCommit>,
    /// Records processed.
    pub consumed: u64,
}

/// Where the application thread goes once a `commitSync()` returns (or fails).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AfterCommit {
    Process,
    NextPoll,
    Join,
    Leave,
}

impl Consumer {
    /// A consumer of `spec`.
    pub fn new(idx: ConsumerIdx, setup: &Setup, spec: &GroupSpec, member_index: usize) -> Consumer {
        let cs = &setup.consumers[idx.0 as usize];
        let topics: Vec<TopicIdx> = spec
            .topics
            .iter()
            .filter_map(|t| {
                setup
                    .topics
                    .iter()
                    .position(|x| &x.name == t)
                    .map(|i| TopicIdx(i as u16))
            })
            .collect();
        Consumer {
            idx,
            group: cs.group,
            config: cs.config.clone(),
            topics,
            processing: Duration::from_ms(spec.processing_ms),
            commit_mode: spec.commit,
            poll_timeout: Duration::from_ms(spec.poll_timeout_ms),
            start_at: Instant::from_ms(spec.members[member_index].start_ms),
            brokers: setup.brokers.clone(),
            // Inserts, not `collect()`, which sorts (one more sort in the page's wasm).
            partition_counts: {
                let mut counts = BTreeMap::new();
                for (i, t) in setup.topics.iter().enumerate() {
                    counts.insert(TopicIdx(i as u16), t.partitions);
                }
                counts
            },
            topic_names: setup.topics.iter().map(|t| t.name.clone()).collect(),
            alive: false,
            phase: ConsumerPhase::Stopped,
            leaders: PartitionMap::default(),
            broker_rr: idx.0 as usize,
            coordinator: None,
            member_id: String::new(),
            generation: GenerationId(-1),
            state: MemberState::Unjoined,
            rejoin_needed: true,
            assignment: Vec::new(),
            positions: BTreeMap::new(),
            committed: BTreeMap::new(),
            buffered: BTreeMap::new(),
            to_process: VecDeque::new(),
            pending: BTreeMap::new(),
            fetching: BTreeSet::new(),
            next_correlation: 0,
            last_poll: Instant::ZERO,
            next_auto_commit: Instant::ZERO,
            busy_until: None,
            paused_until: None,
            wakeup_pending: false,
            poll_deadline: Instant::ZERO,
            heartbeat_stopped: false,
            after_commit: None,
            consumed: 0,
        }
    }

    /// When the consumer starts.
    pub fn start_at(&self) -> Instant {
        self.start_at
    }

    /// The application's processing time per record (`processing_ms`).
    pub fn processing(&self) -> Duration {
        self.processing
    }

    /// Whether the consumer has nothing buffered or in processing.
    pub fn drained(&self) -> bool {
        self.to_process.is_empty() && self.buffered.values().all(|q| q.is_empty())
    }

    /// Starts (or restarts) the process.
    pub fn start(&mut self, ctx: &mut Ctx<'_>) {
        let keep_generation = self.config.group_instance_id.is_some();
        let idx = self.idx;
        *self = Consumer {
            consumed: self.consumed,
            ..self.clone()
        };
        self.alive = true;
        self.pending.clear();
        self.fetching.clear();
        self.buffered.clear();
        self.to_process.clear();
        self.assignment.clear();
        self.positions.clear();
        self.coordinator = None;
        self.member_id = String::new();
        if !keep_generation {
            self.generation = GenerationId(-1);
        }
        self.state = MemberState::Unjoined;
        self.rejoin_needed = true;
        self.paused_until = None;
        self.busy_until = None;
        self.wakeup_pending = false;
        self.heartbeat_stopped = false;
        self.after_commit = None;
        self.last_poll = ctx.now;
        ctx.emit(TraceEvent::ConsumerLifecycle {
            at: ctx.now,
            consumer: idx,
            what: ConsumerLifecycle::Started,
        });
        self.refresh_metadata(ctx);
        self.find_coordinator(ctx);
        ctx.set_timer(
            TimerKind::Heartbeat,
            Duration::from_ms(self.config.heartbeat_interval_ms),
        );
        self.set_phase(ctx, ConsumerPhase::Polling);
        ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
    }

    /// The process dies: nothing is sent.
    pub fn crash(&mut self, ctx: &mut Ctx<'_>) {
        self.alive = false;
        self.set_phase(ctx, ConsumerPhase::Stopped);
        ctx.emit(TraceEvent::ConsumerLifecycle {
            at: ctx.now,
            consumer: self.idx,
            what: ConsumerLifecycle::Crashed,
        });
    }

    /// Sends a request (to `to`, or round-robin over the bootstrap brokers) and arms its `request.timeout.ms`.
    fn request(
        &mut self,
        ctx: &mut Ctx<'_>,
        to: Option<BrokerId>,
        kind: Pending,
        make: impl FnOnce(u64) -> Message,
    ) -> u64 {
        self.next_correlation += 1;
        let c = self.next_correlation;
        let to = to.unwrap_or_else(|| {
            self.broker_rr += 1;
            self.brokers[self.broker_rr % self.brokers.len()]
        });
        self.pending.insert(c, (to, kind));
        ctx.send(NodeId::Broker(to), make(c));
        let timeout = if kind == Pending::Join {
            // The JoinGroup request may wait a whole rebalance: max(request.timeout.ms, max.poll.interval.ms + 5 s).
            Duration::from_ms(
                self.config
                    .request_timeout_ms
                    .max(self.config.max_poll_interval_ms + 5000),
            )
        } else if kind == Pending::Fetch {
            Duration::from_ms(self.config.request_timeout_ms + self.config.fetch_max_wait_ms)
        } else {
            Duration::from_ms(self.config.request_timeout_ms)
        };
        ctx.set_timer(TimerKind::ConsumerRequestTimeout(c), timeout);
        c
    }

    fn has_pending(&self, kind: Pending) -> bool {
        self.pending.values().any(|(_, k)| *k == kind)
    }

    /// Handles a timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind, _setup: &Setup) {
        if !self.alive && kind != TimerKind::ConsumerStart {
            return;
        }
        if let Some(until) = self.paused_until {
            if ctx.now < until && kind != TimerKind::ConsumerStart {
                // Stop-the-world: every thread resumes where it was after the pause.
                if let TimerKind::ConsumerRequestTimeout(_) = kind {
                } else {
                    ctx.set_timer_at(kind, until);
                    return;
                }
            } else {
                self.paused_until = None;
            }
        }
        match kind {
            TimerKind::ConsumerStart => self.start(ctx),
            TimerKind::PollLoop => self.handle_poll_loop_timer(ctx),
            TimerKind::Heartbeat => self.heartbeat_tick(ctx),
            TimerKind::PollTimeoutCheck => {
                self.check_poll_timeout(ctx);
            }
            TimerKind::CoordinatorRetry => {
                self.find_coordinator(ctx);
                if self.leaders.values().any(|l| l.is_none()) {
                    self.refresh_metadata(ctx);
                }
            }
            TimerKind::FetchRetry => self.send_fetches(ctx),
            TimerKind::ConsumerRequestTimeout(c) => {
                if let Some((b, k)) = self.pending.remove(&c) {
                    self.request_failed(ctx, b, k, KafkaError::RequestTimedOut);
                }
            }
            _ => {}
        }
    }

    /// Handles a message.
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message, _setup: &Setup) {
        if !self.alive {
            return;
        }
        let NodeId::Broker(broker) = from else { return };
        if let Message::Disconnected = msg {
            return self.handle_disconnected(ctx, broker);
        }
        let c = correlation_of(&msg);
        let Some((_, kind)) = self.pending.remove(&c) else {
            return;
        };
        ctx.cancel_timer(TimerKind::ConsumerRequestTimeout(c));
        match msg {
            Message::MetadataResponse { partitions, .. } => {
                self.handle_metadata_response(ctx, &partitions)
            }
            Message::FindCoordinatorResponse {
                error, coordinator, ..
            } => self.handle_find_coordinator_response(ctx, error, coordinator),
            // AbstractCoordinator: a JoinGroup or SyncGroup answer that arrives after the member left that step
            // (its generation was reset meanwhile, a poll timeout, a lost coordinator) is dropped; it rejoins.
            Message::SyncGroupResponse { .. } if self.state != MemberState::AwaitingSync => {}
            Message::JoinGroupResponse { .. } if self.state != MemberState::AwaitingJoin => {}
            Message::JoinGroupResponse { .. } => self.handle_join_group_response(ctx, msg),
            Message::SyncGroupResponse {
                error, assignment, ..
            } => self.handle_sync_group_response(ctx, error, assignment),
            Message::HeartbeatResponse { error, .. } => self.handle_heartbeat_response(ctx, error),
            Message::OffsetCommitResponse { error, offsets, .. } => {
                let sync = matches!(kind, Pending::Commit { sync: true });
                self.handle_offset_commit_response(ctx, sync, error, offsets)
            }
            Message::OffsetFetchResponse { offsets, .. } => {
                self.handle_offset_fetch_response(ctx, offsets)
            }
            Message::ListOffsetsResponse { offsets, .. } => {
                self.handle_list_offsets_response(ctx, offsets)
            }
            Message::FetchResponse { partitions, .. } => {
                self.handle_fetch_response(ctx, broker, partitions)
            }
            _ => {}
        }
    }

    /// The connection to `broker` closed: every request in flight to it fails (`NetworkClient.handleDisconnections`).
    fn handle_disconnected(&mut self, ctx: &mut Ctx<'_>, broker: BrokerId) {
        let lost: Vec<(u64, Pending)> = self
            .pending
            .iter()
            .filter(|(_, (b, _))| *b == broker)
            .map(|(c, (_, k))| (*c, *k))
            .collect();
        for (c, k) in lost {
            self.pending.remove(&c);
            ctx.cancel_timer(TimerKind::ConsumerRequestTimeout(c));
            self.request_failed(ctx, broker, k, KafkaError::NetworkException);
        }
    }

    /// A request timed out or its connection closed: retry after `retry.backoff.ms`, or give up the coordinator.
    fn request_failed(&mut self, ctx: &mut Ctx<'_>, broker: BrokerId, k: Pending, e: KafkaError) {
        match k {
            Pending::Fetch => {
                self.fetching.remove(&broker);
                self.refresh_metadata(ctx);
                ctx.set_timer(
                    TimerKind::FetchRetry,
                    Duration::from_ms(self.config.retry_backoff_ms),
                );
            }
            Pending::Metadata | Pending::ListOffsets => {
                ctx.set_timer(
                    TimerKind::CoordinatorRetry,
                    Duration::from_ms(self.config.retry_backoff_ms),
                );
                if k == Pending::ListOffsets {
                    self.refresh_metadata(ctx);
                }
            }
            Pending::FindCoordinator => {
                ctx.set_timer(
                    TimerKind::CoordinatorRetry,
                    Duration::from_ms(self.config.retry_backoff_ms),
                );
            }
            Pending::Commit { sync } => {
                self.commit_failed(ctx, e, sync);
                self.coordinator_lost(ctx);
            }
            Pending::Leave => {}
            _ => {
                if Some(broker) == self.coordinator {
                    self.coordinator_lost(ctx);
                }
                if matches!(k, Pending::Join | Pending::Sync) {
                    self.request_rejoin();
                }
            }
        }
    }
}

fn correlation_of(m: &Message) -> u64 {
    use Message::*;
    match m {
        MetadataResponse { correlation_id, .. }
        | FindCoordinatorResponse { correlation_id, .. }
        | JoinGroupResponse { correlation_id, .. }
        | SyncGroupResponse { correlation_id, .. }
        | HeartbeatResponse { correlation_id, .. }
        | LeaveGroupResponse { correlation_id, .. }
        | OffsetCommitResponse { correlation_id, .. }
        | OffsetFetchResponse { correlation_id, .. }
        | ListOffsetsResponse { correlation_id, .. }
        | FetchResponse { correlation_id, .. } => *correlation_id,
        _ => u64::MAX,
    }
}
