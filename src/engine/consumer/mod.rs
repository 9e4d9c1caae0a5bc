//! The Java consumer (classic group protocol): the application's `poll()` loop with per-record processing time,
//! fetching from partition leaders, positions and commits (auto and manual), group membership with a separate
//! heartbeat thread, `max.poll.interval.ms`, static membership, `wakeup()` and `close()`.
//!
//! Models: `ClassicKafkaConsumer`, `ConsumerCoordinator`, `AbstractCoordinator`, `Heartbeat`, `AbstractFetch`
//! (shared/KAFKA.md §6.1, §8).
//!
//! Simplifications:
//! - One fetch in flight per broker; a partition is fetched only when nothing of it is buffered (as Kafka does).
//! - Processing is sequential: each record takes `processing_ms` (plus a scripted spike) of the application thread.
//! - Offsets reset with `auto.offset.reset=latest` use the leader's high watermark from ListOffsets.

pub mod assign_input;
pub mod assignor;

use super::ids::*;
use super::node::{Ctx, TimerKind};
use super::protocol::*;
use super::setup::Setup;
use super::time::{Duration, Instant};
use super::trace::TraceEvent;
use crate::scenario::config::ConsumerConfig;
use crate::scenario::{CommitMode, GroupSpec};
use assignor::{assign, AssignorKind, MemberSubscription, TopicPartitionName};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

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

/// What the application thread is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Not started or dead.
    Stopped,
    /// Blocked in `poll()` until records arrive or the timeout.
    Polling,
    /// Processing records.
    Processing,
    /// Blocked in `commitSync()`.
    Committing,
    /// `close()` in progress.
    Closing,
    /// Closed.
    Closed,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Stopped => "stopped",
            Phase::Polling => "polling",
            Phase::Processing => "processing",
            Phase::Committing => "committing",
            Phase::Closing => "closing",
            Phase::Closed => "closed",
        }
    }
}

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
    pub phase: Phase,
    leaders: BTreeMap<TopicPartition, Option<BrokerId>>,
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
            partition_counts: setup
                .topics
                .iter()
                .enumerate()
                .map(|(i, t)| (TopicIdx(i as u16), t.partitions))
                .collect(),
            topic_names: setup.topics.iter().map(|t| t.name.clone()).collect(),
            alive: false,
            phase: Phase::Stopped,
            leaders: BTreeMap::new(),
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

    fn auto_commit(&self) -> bool {
        self.commit_mode == CommitMode::Auto && self.config.enable_auto_commit
    }

    fn set_phase(&mut self, ctx: &mut Ctx<'_>, p: Phase) {
        if self.phase != p {
            self.phase = p;
            ctx.emit(TraceEvent::ConsumerPhaseChanged {
                at: ctx.now,
                consumer: self.idx,
                phase: p.name().into(),
            });
        }
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
            what: "started".into(),
        });
        self.request(ctx, None, Pending::Metadata, |c| Message::MetadataRequest {
            correlation_id: c,
        });
        self.find_coordinator(ctx);
        ctx.set_timer(
            TimerKind::Heartbeat,
            Duration::from_ms(self.config.heartbeat_interval_ms),
        );
        self.set_phase(ctx, Phase::Polling);
        ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
    }

    /// The process dies: nothing is sent.
    pub fn crash(&mut self, ctx: &mut Ctx<'_>) {
        self.alive = false;
        self.set_phase(ctx, Phase::Stopped);
        ctx.emit(TraceEvent::ConsumerLifecycle {
            at: ctx.now,
            consumer: self.idx,
            what: "crashed".into(),
        });
    }

    /// `wakeup()`: a blocked poll throws WakeupException now, otherwise the next one does.
    pub fn wakeup(&mut self, ctx: &mut Ctx<'_>) {
        ctx.emit(TraceEvent::ConsumerLifecycle {
            at: ctx.now,
            consumer: self.idx,
            what: "wakeup()".into(),
        });
        if self.phase == Phase::Polling {
            ctx.emit(TraceEvent::ConsumerErrored {
                at: ctx.now,
                consumer: self.idx,
                error: KafkaError::Wakeup,
            });
        } else {
            self.wakeup_pending = true;
        }
    }

    /// `wakeup()` then `close()`: commit if auto-commit, then LeaveGroup (dynamic members only).
    pub fn close(&mut self, ctx: &mut Ctx<'_>) {
        if !self.alive || matches!(self.phase, Phase::Closing | Phase::Closed) {
            return;
        }
        self.wakeup(ctx);
        self.wakeup_pending = false;
        self.set_phase(ctx, Phase::Closing);
        ctx.cancel_timer(TimerKind::PollLoop);
        if self.auto_commit() && self.state == MemberState::Stable && !self.positions.is_empty() {
            self.commit(ctx, true, AfterCommit::Leave);
        } else {
            self.leave_and_close(ctx);
        }
    }

    fn leave_and_close(&mut self, ctx: &mut Ctx<'_>) {
        if self.config.group_instance_id.is_none() && !self.member_id.is_empty() {
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
        if !self.assignment.is_empty() {
            ctx.emit(TraceEvent::PartitionsRevoked {
                at: ctx.now,
                consumer: self.idx,
                partitions: self.assignment.clone(),
            });
        }
        self.assignment.clear();
        self.alive = false;
        self.set_phase(ctx, Phase::Closed);
        ctx.emit(TraceEvent::ConsumerLifecycle {
            at: ctx.now,
            consumer: self.idx,
            what: "closed".into(),
        });
    }

    /// A slow handler: the record being processed now takes until `until` (heartbeats go on). A thread already held
    /// longer stays held: stalls overlap, they never shorten one another.
    pub fn slow_until(&mut self, ctx: &mut Ctx<'_>, until: Instant) {
        self.busy_until = Some(self.busy_until.map_or(until, |u| u.max(until)));
        self.emit_stalled(ctx, until, false);
    }

    /// A stop-the-world pause: no thread runs until `until`.
    pub fn pause(&mut self, ctx: &mut Ctx<'_>, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |u| u.max(until)));
        self.emit_stalled(ctx, until, true);
    }

    fn emit_stalled(&self, ctx: &mut Ctx<'_>, until: Instant, gc: bool) {
        if self.alive {
            ctx.emit(TraceEvent::ConsumerStalled {
                at: ctx.now,
                consumer: self.idx,
                until,
                gc,
            });
        }
    }

    /// The application's processing time per record (`processing_ms`).
    pub fn processing(&self) -> Duration {
        self.processing
    }

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

    /// `AbstractCoordinator.resetStateOnResponseError`: UNKNOWN_MEMBER_ID (and a fenced static member) resets the
    /// member id and the generation, ILLEGAL_GENERATION the generation only; either way the member rejoins, and its
    /// partitions count as lost (`onJoinPrepare`).
    fn reset_generation(&mut self, error: KafkaError) {
        if matches!(
            error,
            KafkaError::UnknownMemberId | KafkaError::FencedInstanceId
        ) {
            self.member_id.clear();
        }
        self.generation = GenerationId(-1);
        self.state = MemberState::Unjoined;
        self.rejoin_needed = true;
    }

    fn has_pending(&self, kind: Pending) -> bool {
        self.pending.values().any(|(_, k)| *k == kind)
    }

    fn find_coordinator(&mut self, ctx: &mut Ctx<'_>) {
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

    fn coordinator_lost(&mut self, ctx: &mut Ctx<'_>) {
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
                    self.state = MemberState::Unjoined;
                    self.rejoin_needed = true;
                }
            }
        }
        ctx.set_timer(
            TimerKind::CoordinatorRetry,
            Duration::from_ms(self.config.retry_backoff_ms),
        );
    }

    /// Handles a timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind, setup: &Setup) {
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
            TimerKind::PollLoop => match self.busy_until {
                // The application thread is stuck in the handler; poll() is not called.
                Some(until) if ctx.now < until => ctx.set_timer_at(TimerKind::PollLoop, until),
                _ => {
                    self.busy_until = None;
                    self.poll_step(ctx, setup)
                }
            },
            TimerKind::Heartbeat => self.heartbeat_tick(ctx),
            TimerKind::CoordinatorRetry => {
                self.find_coordinator(ctx);
                if !self.has_pending(Pending::Metadata)
                    && self.leaders.values().any(|l| l.is_none())
                {
                    self.request(ctx, None, Pending::Metadata, |c| Message::MetadataRequest {
                        correlation_id: c,
                    });
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
                    self.state = MemberState::Unjoined;
                    self.rejoin_needed = true;
                }
            }
        }
    }

    fn refresh_metadata(&mut self, ctx: &mut Ctx<'_>) {
        if !self.has_pending(Pending::Metadata) {
            self.request(ctx, None, Pending::Metadata, |c| Message::MetadataRequest {
                correlation_id: c,
            });
        }
    }

    /// The heartbeat thread: heartbeats, and the `max.poll.interval.ms` check (`Heartbeat.pollTimeoutExpired`).
    fn heartbeat_tick(&mut self, ctx: &mut Ctx<'_>) {
        let interval = Duration::from_ms(self.config.heartbeat_interval_ms);
        ctx.set_timer(TimerKind::Heartbeat, interval);
        if matches!(self.phase, Phase::Closing | Phase::Closed) {
            return;
        }
        let stuck = ctx.now.saturating_since(self.last_poll)
            > Duration::from_ms(self.config.max_poll_interval_ms);
        if stuck && self.state == MemberState::Stable && !self.heartbeat_stopped {
            ctx.emit(TraceEvent::PollTimeoutExpired {
                at: ctx.now,
                consumer: self.idx,
            });
            if self.config.group_instance_id.is_none() {
                // A dynamic member leaves at once (AbstractCoordinator.maybeLeaveGroup).
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
                self.member_id.clear();
                self.generation = GenerationId(-1);
                self.state = MemberState::Unjoined;
                self.rejoin_needed = true;
            } else {
                // A static member just stops heartbeating; the session timeout decides.
                self.heartbeat_stopped = true;
            }
            return;
        }
        if self.heartbeat_stopped || self.has_pending(Pending::Heartbeat) {
            return;
        }
        if let (Some(co), MemberState::Stable | MemberState::AwaitingSync) =
            (self.coordinator, self.state)
        {
            let (g, gen, m) = (self.group, self.generation, self.member_id.clone());
            self.request(ctx, Some(co), Pending::Heartbeat, |c| {
                Message::HeartbeatRequest {
                    correlation_id: c,
                    group: g,
                    generation: gen,
                    member_id: m,
                }
            });
        }
    }

    /// One turn of the application's loop: `poll()` then process, then `poll()` again.
    fn poll_step(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        match self.phase {
            Phase::Processing => return self.process_next(ctx),
            Phase::Polling => {}
            _ => return,
        }
        // Start of poll(): coordinator work first.
        self.last_poll = ctx.now;
        self.heartbeat_stopped = false;
        if self.wakeup_pending {
            self.wakeup_pending = false;
            ctx.emit(TraceEvent::ConsumerErrored {
                at: ctx.now,
                consumer: self.idx,
                error: KafkaError::Wakeup,
            });
        }
        if self.auto_commit()
            && self.state == MemberState::Stable
            && ctx.now >= self.next_auto_commit
            && !self.positions.is_empty()
        {
            // Auto-commit happens at the start of poll(), asynchronously, for what earlier polls returned.
            self.next_auto_commit =
                ctx.now + Duration::from_ms(self.config.auto_commit_interval_ms);
            self.commit(ctx, false, AfterCommit::NextPoll);
        }
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
                    return;
                }
                self.send_join(ctx, setup);
            } else {
                self.find_coordinator(ctx);
            }
        }
        // Return buffered records, up to max.poll.records.
        let mut out = Vec::new();
        let max = self.config.max_poll_records as usize;
        let tps: Vec<TopicPartition> = self.buffered.keys().copied().collect();
        for tp in tps {
            if !self.assignment.contains(&tp) {
                self.buffered.remove(&tp);
                continue;
            }
            let Some(q) = self.buffered.get_mut(&tp) else {
                continue;
            };
            while out.len() < max {
                let Some((o, id)) = q.pop_front() else { break };
                if Some(&o) == self.positions.get(&tp) {
                    out.push((tp, o, id));
                    self.positions.insert(tp, o + 1);
                }
            }
            if q.is_empty() {
                self.buffered.remove(&tp);
            }
        }
        self.send_fetches(ctx);
        if out.is_empty() {
            // Block until records arrive or the poll timeout.
            if ctx.now >= self.poll_deadline {
                self.poll_deadline = ctx.now + self.poll_timeout;
            }
            ctx.set_timer_at(TimerKind::PollLoop, self.poll_deadline);
            return;
        }
        self.poll_deadline = Instant::ZERO;
        ctx.emit(TraceEvent::RecordsPolled {
            at: ctx.now,
            consumer: self.idx,
            records: out.clone(),
        });
        self.to_process = out.into();
        self.set_phase(ctx, Phase::Processing);
        if self.commit_mode == CommitMode::SyncBeforeProcessing {
            self.commit(ctx, true, AfterCommit::Process);
        } else {
            self.schedule_processing(ctx);
        }
    }

    fn schedule_processing(&mut self, ctx: &mut Ctx<'_>) {
        // A slow handler (`busy_until`) or a pause stretches this when the timer fires; nothing shortens it.
        ctx.set_timer(TimerKind::PollLoop, self.processing);
    }

    fn process_next(&mut self, ctx: &mut Ctx<'_>) {
        if let Some((tp, offset, record)) = self.to_process.pop_front() {
            self.consumed += 1;
            ctx.emit(TraceEvent::RecordConsumed {
                at: ctx.now,
                consumer: self.idx,
                group: self.group,
                tp,
                offset,
                record,
            });
        }
        if !self.to_process.is_empty() {
            self.schedule_processing(ctx);
            return;
        }
        self.set_phase(ctx, Phase::Polling);
        match self.commit_mode {
            CommitMode::SyncAfterProcessing => self.commit(ctx, true, AfterCommit::NextPoll),
            CommitMode::AsyncAfterProcessing => {
                self.commit(ctx, false, AfterCommit::NextPoll);
                ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
            }
            _ => ctx.set_timer(TimerKind::PollLoop, Duration::ZERO),
        }
    }

    fn commit(&mut self, ctx: &mut Ctx<'_>, sync: bool, after: AfterCommit) {
        let offsets: Vec<(TopicPartition, u64)> = self
            .positions
            .iter()
            .filter(|(tp, o)| self.assignment.contains(tp) && self.committed.get(tp) != Some(o))
            .map(|(tp, o)| (*tp, *o))
            .collect();
        let Some(co) = self
            .coordinator
            .filter(|_| !offsets.is_empty() && !self.member_id.is_empty())
        else {
            if sync {
                self.continue_after_commit(ctx, after);
            }
            return;
        };
        let (g, gen, m) = (self.group, self.generation, self.member_id.clone());
        self.request(ctx, Some(co), Pending::Commit { sync }, |c| {
            Message::OffsetCommitRequest {
                correlation_id: c,
                group: g,
                generation: gen,
                member_id: m,
                offsets,
            }
        });
        if sync {
            self.after_commit = Some(after);
            if self.phase != Phase::Closing {
                self.set_phase(ctx, Phase::Committing);
            }
        }
    }

    fn continue_after_commit(&mut self, ctx: &mut Ctx<'_>, after: AfterCommit) {
        match after {
            AfterCommit::Process => {
                self.set_phase(ctx, Phase::Processing);
                self.schedule_processing(ctx);
            }
            AfterCommit::NextPoll => {
                self.set_phase(ctx, Phase::Polling);
                ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
            }
            AfterCommit::Join => {
                self.set_phase(ctx, Phase::Polling);
                // The commit is done; revoke and rejoin on this same poll.
                self.state = MemberState::Unjoined;
                ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
            }
            AfterCommit::Leave => self.leave_and_close(ctx),
        }
    }

    fn commit_failed(&mut self, ctx: &mut Ctx<'_>, e: KafkaError, sync: bool) {
        let error = match e {
            KafkaError::UnknownMemberId | KafkaError::IllegalGeneration => KafkaError::CommitFailed,
            other => other,
        };
        ctx.emit(TraceEvent::CommitFailed {
            at: ctx.now,
            consumer: self.idx,
            error,
        });
        if sync {
            if let Some(a) = self.after_commit.take() {
                self.continue_after_commit(ctx, a);
            }
        }
    }
}

impl Consumer {
    fn send_join(&mut self, ctx: &mut Ctx<'_>, _setup: &Setup) {
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
        let counts: BTreeMap<String, u32> = self
            .partition_counts
            .iter()
            .map(|(t, n)| (self.topic_names[t.0 as usize].clone(), *n))
            .collect();
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

    /// Fetch from each leader that has an assigned partition with a position and nothing buffered.
    fn send_fetches(&mut self, ctx: &mut Ctx<'_>) {
        if self.state != MemberState::Stable
            && self.config.cooperative()
            && self.assignment.is_empty()
        {
            return;
        }
        let mut by_leader: BTreeMap<BrokerId, Vec<FetchPartition>> = BTreeMap::new();
        let mut need_metadata = false;
        for tp in &self.assignment {
            let Some(pos) = self.positions.get(tp) else {
                continue;
            };
            if self.buffered.get(tp).is_some_and(|q| !q.is_empty()) {
                continue;
            }
            match self.leaders.get(tp).copied().flatten() {
                Some(l) if !self.fetching.contains(&l) => {
                    by_leader.entry(l).or_default().push(FetchPartition {
                        tp: *tp,
                        fetch_offset: *pos,
                        last_fetched_epoch: None,
                        partition_max_bytes: self.config.max_partition_fetch_bytes as u32,
                    })
                }
                Some(_) => {}
                None => need_metadata = true,
            }
        }
        if need_metadata {
            self.refresh_metadata(ctx);
        }
        for (l, parts) in by_leader {
            self.fetching.insert(l);
            let (w, minb, maxb) = (
                Duration::from_ms(self.config.fetch_max_wait_ms),
                self.config.fetch_min_bytes as u32,
                self.config.fetch_max_bytes as u32,
            );
            self.request(ctx, Some(l), Pending::Fetch, |c| Message::FetchRequest {
                correlation_id: c,
                replica: None,
                max_wait: w,
                min_bytes: minb,
                max_bytes: maxb,
                partitions: parts,
            });
        }
    }

    fn fetch_offsets_for(&mut self, ctx: &mut Ctx<'_>, tps: Vec<TopicPartition>) {
        let Some(co) = self.coordinator else { return };
        if tps.is_empty() {
            return;
        }
        let g = self.group;
        self.request(ctx, Some(co), Pending::OffsetFetch, |c| {
            Message::OffsetFetchRequest {
                correlation_id: c,
                group: g,
                tps,
            }
        });
    }

    /// Handles a message.
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message, setup: &Setup) {
        if !self.alive {
            return;
        }
        let NodeId::Broker(broker) = from else { return };
        if let Message::Disconnected = msg {
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
            return;
        }
        let c = correlation_of(&msg);
        let Some((_, kind)) = self.pending.remove(&c) else {
            return;
        };
        ctx.cancel_timer(TimerKind::ConsumerRequestTimeout(c));
        let now = ctx.now;
        match msg {
            Message::MetadataResponse { partitions, .. } => {
                for p in partitions {
                    if self.topics.contains(&p.tp.topic) {
                        self.leaders.insert(p.tp, p.leader);
                    }
                }
                self.send_fetches(ctx);
            }
            Message::FindCoordinatorResponse {
                error, coordinator, ..
            } => match (error, coordinator) {
                (None, Some(b)) => {
                    self.coordinator = Some(b);
                    if self.phase == Phase::Polling {
                        ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
                    }
                }
                _ => ctx.set_timer(
                    TimerKind::CoordinatorRetry,
                    Duration::from_ms(self.config.retry_backoff_ms),
                ),
            },
            // AbstractCoordinator: a JoinGroup or SyncGroup answer that arrives after the member left that step
            // (its generation was reset meanwhile, a poll timeout, a lost coordinator) is dropped; it rejoins.
            Message::SyncGroupResponse { .. } if self.state != MemberState::AwaitingSync => {}
            Message::JoinGroupResponse { .. } if self.state != MemberState::AwaitingJoin => {}
            Message::JoinGroupResponse {
                error,
                generation,
                protocol,
                leader,
                member_id,
                members,
                ..
            } => {
                match error {
                    Some(KafkaError::MemberIdRequired) => {
                        self.member_id = member_id;
                        self.state = MemberState::Unjoined;
                        self.send_join(ctx, setup);
                    }
                    Some(KafkaError::UnknownMemberId) => {
                        self.member_id.clear();
                        self.state = MemberState::Unjoined;
                        self.rejoin_needed = true;
                    }
                    Some(KafkaError::NotCoordinator)
                    | Some(KafkaError::CoordinatorNotAvailable) => {
                        self.state = MemberState::Unjoined;
                        self.rejoin_needed = true;
                        self.coordinator_lost(ctx);
                    }
                    Some(_) => {
                        self.state = MemberState::Unjoined;
                        self.rejoin_needed = true;
                    }
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
                if self.phase == Phase::Polling && self.state == MemberState::Unjoined {
                    ctx.set_timer(
                        TimerKind::PollLoop,
                        Duration::from_ms(self.config.retry_backoff_ms),
                    );
                }
            }
            Message::SyncGroupResponse {
                error, assignment, ..
            } => {
                match error {
                    None => {
                        let old: BTreeSet<TopicPartition> =
                            self.assignment.iter().copied().collect();
                        let new: BTreeSet<TopicPartition> = assignment.iter().copied().collect();
                        let revoked: Vec<TopicPartition> = old.difference(&new).copied().collect();
                        let added: Vec<TopicPartition> = new.difference(&old).copied().collect();
                        if !revoked.is_empty() {
                            // Cooperative: give up only what moves, then rejoin so it can be assigned.
                            ctx.emit(TraceEvent::PartitionsRevoked {
                                at: now,
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
                            now + Duration::from_ms(self.config.auto_commit_interval_ms);
                        ctx.emit(TraceEvent::PartitionsAssigned {
                            at: now,
                            consumer: self.idx,
                            partitions: self.assignment.clone(),
                        });
                        let unknown: Vec<TopicPartition> = added
                            .into_iter()
                            .chain(
                                self.assignment
                                    .iter()
                                    .copied()
                                    .filter(|tp| !self.positions.contains_key(tp)),
                            )
                            .collect::<BTreeSet<_>>()
                            .into_iter()
                            .collect();
                        self.fetch_offsets_for(ctx, unknown);
                        if self.phase == Phase::Polling {
                            ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
                        }
                    }
                    Some(e @ (KafkaError::UnknownMemberId | KafkaError::IllegalGeneration)) => {
                        self.reset_generation(e)
                    }
                    Some(_) => {
                        self.state = MemberState::Unjoined;
                        self.rejoin_needed = true;
                    }
                }
            }
            Message::HeartbeatResponse { error, .. } => {
                ctx.emit(TraceEvent::HeartbeatAnswered {
                    at: now,
                    consumer: self.idx,
                    error,
                });
                match error {
                    None => {}
                    Some(KafkaError::RebalanceInProgress) => self.rejoin_needed = true,
                    Some(
                        e @ (KafkaError::UnknownMemberId
                        | KafkaError::FencedInstanceId
                        | KafkaError::IllegalGeneration),
                    ) => self.reset_generation(e),
                    Some(KafkaError::NotCoordinator)
                    | Some(KafkaError::CoordinatorNotAvailable) => self.coordinator_lost(ctx),
                    Some(_) => {}
                }
            }
            Message::OffsetCommitResponse { error, offsets, .. } => {
                let sync = matches!(kind, Pending::Commit { sync: true });
                match error {
                    None => {
                        for (tp, o) in offsets {
                            self.committed.insert(tp, o);
                        }
                        if sync {
                            if let Some(a) = self.after_commit.take() {
                                self.continue_after_commit(ctx, a);
                            }
                        }
                    }
                    Some(e) => {
                        if matches!(
                            e,
                            KafkaError::UnknownMemberId | KafkaError::IllegalGeneration
                        ) {
                            // OffsetCommitResponseHandler: resetGenerationOnResponseError, then CommitFailedException.
                            self.reset_generation(e);
                        } else if e == KafkaError::RebalanceInProgress {
                            self.rejoin_needed = true;
                        }
                        if matches!(
                            e,
                            KafkaError::NotCoordinator | KafkaError::CoordinatorNotAvailable
                        ) {
                            self.coordinator_lost(ctx);
                        }
                        self.commit_failed(ctx, e, sync);
                    }
                }
            }
            Message::OffsetFetchResponse { offsets, .. } => {
                let mut latest = Vec::new();
                for (tp, o) in offsets {
                    if !self.assignment.contains(&tp) {
                        continue;
                    }
                    match o {
                        Some(o) => {
                            self.committed.insert(tp, o);
                            self.positions.insert(tp, o);
                        }
                        None => match self.config.auto_offset_reset.as_str() {
                            "earliest" => {
                                self.positions.insert(tp, 0);
                                ctx.emit(TraceEvent::OffsetReset {
                                    at: now,
                                    consumer: self.idx,
                                    tp,
                                    offset: 0,
                                    strategy: "earliest".into(),
                                });
                            }
                            "latest" => latest.push(tp),
                            _ => ctx.emit(TraceEvent::ConsumerErrored {
                                at: now,
                                consumer: self.idx,
                                error: KafkaError::NoOffsetForPartition,
                            }),
                        },
                    }
                }
                let mut by_leader: BTreeMap<BrokerId, Vec<(TopicPartition, bool)>> =
                    BTreeMap::new();
                for tp in latest {
                    match self.leaders.get(&tp).copied().flatten() {
                        Some(l) => by_leader.entry(l).or_default().push((tp, true)),
                        None => self.refresh_metadata(ctx),
                    }
                }
                for (l, tps) in by_leader {
                    self.request(ctx, Some(l), Pending::ListOffsets, |c| {
                        Message::ListOffsetsRequest {
                            correlation_id: c,
                            tps,
                        }
                    });
                }
                self.send_fetches(ctx);
            }
            Message::ListOffsetsResponse { offsets, .. } => {
                for (tp, e, o) in offsets {
                    if e.is_none()
                        && self.assignment.contains(&tp)
                        && !self.positions.contains_key(&tp)
                    {
                        self.positions.insert(tp, o);
                        ctx.emit(TraceEvent::OffsetReset {
                            at: now,
                            consumer: self.idx,
                            tp,
                            offset: o,
                            strategy: "latest".into(),
                        });
                    } else if e.is_some() {
                        self.refresh_metadata(ctx);
                        let missing: Vec<TopicPartition> = vec![tp];
                        self.fetch_offsets_for(ctx, missing);
                    }
                }
                self.send_fetches(ctx);
            }
            Message::FetchResponse { partitions, .. } => {
                self.fetching.remove(&broker);
                let mut refresh = false;
                for p in partitions {
                    if let Some(e) = p.error {
                        refresh |= e.invalidates_metadata();
                        continue;
                    }
                    let Some(pos) = self.positions.get(&p.tp).copied() else {
                        continue;
                    };
                    if !self.assignment.contains(&p.tp) {
                        continue;
                    }
                    let q = self.buffered.entry(p.tp).or_default();
                    for (i, r) in p.records.iter().enumerate() {
                        let o = p.base_offset + i as u64;
                        if o >= pos && q.back().is_none_or(|(last, _)| *last < o) {
                            q.push_back((o, r.record.id));
                        }
                    }
                }
                if refresh {
                    self.refresh_metadata(ctx);
                    ctx.set_timer(
                        TimerKind::FetchRetry,
                        Duration::from_ms(self.config.retry_backoff_ms),
                    );
                }
                if self.phase == Phase::Polling && self.buffered.values().any(|q| !q.is_empty()) {
                    ctx.set_timer(TimerKind::PollLoop, Duration::ZERO);
                } else {
                    self.send_fetches(ctx);
                }
            }
            _ => {}
        }
    }

    /// Whether the consumer has nothing buffered or in processing.
    pub fn drained(&self) -> bool {
        self.to_process.is_empty() && self.buffered.values().all(|q| q.is_empty())
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
