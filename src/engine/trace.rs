//! The trace: everything that happened, in past tense, in the order it happened.
//!
//! Models: nothing in Kafka directly; it is what Kafka's logs and metrics would tell an observer, made exact. The
//! page animates from the trace alone, the ledger counts from it, and its hash pins a run's identity.
//!
//! The hash is a word-at-a-time multiplicative hash over `std::hash::Hash` of each event, with `usize`/`isize`
//! widened to 64 bits so that the hash is the same on x86_64 and wasm32.

use super::ids::*;
use super::protocol::{Acks, Api, KafkaError};
pub use super::record_ids::RecordIds;
use super::time::Instant;
use crate::kafka::group_state::GroupState;
use crate::kafka::offset_reset::OffsetResetStrategy;
use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// Why the partitioner picked a partition (shown on the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartitionReason {
    /// `ProducerRecord.partition` was set.
    Explicit,
    /// `toPositive(murmur2(key)) % partitions`; carries the murmur2 value.
    KeyHash(i32),
    /// The built-in uniform sticky partitioner.
    Sticky,
    /// `partitioner.class=RoundRobinPartitioner`.
    RoundRobin,
    /// The pre-2.4 `DefaultPartitioner` round-robin for null keys.
    LegacyRoundRobin,
}

/// What a consumer's application thread is doing in its `while (running) { poll(); process; commit }` loop. Ours:
/// Kafka keeps no such state; it is what a thread dump of the application would show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ConsumerPhase {
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

impl ConsumerPhase {
    /// The word the trace and the page use.
    pub fn name(self) -> &'static str {
        match self {
            ConsumerPhase::Stopped => "stopped",
            ConsumerPhase::Polling => "polling",
            ConsumerPhase::Processing => "processing",
            ConsumerPhase::Committing => "committing",
            ConsumerPhase::Closing => "closing",
            ConsumerPhase::Closed => "closed",
        }
    }
}

/// A step in the life of a consumer process. Ours: the Java client has no such event; these are what its
/// application (or the JVM) does to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConsumerLifecycle {
    /// The process started, at its start time or again after a crash, and looks for its group's coordinator.
    #[serde(rename = "started")]
    Started,
    /// The process died: nothing more is sent, and the coordinator finds out when the session times out.
    #[serde(rename = "crashed")]
    Crashed,
    /// `close()` finished: auto-committed if enabled, and LeaveGroup sent if the member is dynamic.
    #[serde(rename = "closed")]
    Closed,
    /// `wakeup()` was called: a blocked `poll()` throws `WakeupException` now, otherwise the next one does.
    #[serde(rename = "wakeup()")]
    Wakeup,
}

impl ConsumerLifecycle {
    /// The word the trace and the page use.
    pub fn name(self) -> &'static str {
        match self {
            ConsumerLifecycle::Started => "started",
            ConsumerLifecycle::Crashed => "crashed",
            ConsumerLifecycle::Closed => "closed",
            ConsumerLifecycle::Wakeup => "wakeup()",
        }
    }
}

/// Why the coordinator took a member out of its group. Kafka's coordinator passes free text to
/// `removeMemberAndUpdateClassicGroup` and only logs it ("removing member ... on heartbeat expiration."); ours
/// names the three ways a member goes here, in shorter words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberRemovalReason {
    /// A LeaveGroup request: a dynamic member's `close()`, or its heartbeat thread after `max.poll.interval.ms`.
    #[serde(rename = "LeaveGroup")]
    LeaveGroup,
    /// No heartbeat or JoinGroup within `session.timeout.ms`.
    #[serde(rename = "session.timeout.ms expired")]
    SessionTimeout,
    /// Not rejoined within the rebalance timeout (the members' largest `max.poll.interval.ms`).
    #[serde(rename = "rebalance timeout")]
    RebalanceTimeout,
}

impl MemberRemovalReason {
    /// The words the trace and the page use.
    pub fn name(self) -> &'static str {
        match self {
            MemberRemovalReason::LeaveGroup => "LeaveGroup",
            MemberRemovalReason::SessionTimeout => "session.timeout.ms expired",
            MemberRemovalReason::RebalanceTimeout => "rebalance timeout",
        }
    }
}

// These states hash as their names: the trace carried them as that text before they were enums, and the trace hash
// pins every run (tests/golden).
impl Hash for ConsumerPhase {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl Hash for ConsumerLifecycle {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl Hash for MemberRemovalReason {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum TraceEvent {
    /// `send()` was called and the partition chosen.
    RecordSent {
        at: Instant,
        record: RecordId,
        tp: TopicPartition,
        reason: PartitionReason,
        /// Shared with the producer's cache of cycled keys: no string is copied per record. Hashes and serializes
        /// as the `String` it was.
        key: Option<Rc<str>>,
        /// The upper-bound size estimate checked against `max.request.size` / `buffer.memory`.
        size_bytes: u32,
        /// Serialized key length (`None`: null key).
        key_bytes: Option<u32>,
        /// Serialized value length.
        value_bytes: u32,
    },
    /// The record went into a batch in the accumulator.
    RecordBatched {
        at: Instant,
        record: RecordId,
        batch: BatchId,
        tp: TopicPartition,
        batch_bytes: u32,
        new_batch: bool,
    },
    /// `send()` is blocked waiting for `buffer.memory`.
    SendBlocked {
        at: Instant,
        producer: ProducerIdx,
        record: RecordId,
    },
    /// The sender drained these batches into one produce request.
    BatchesDrained {
        at: Instant,
        producer: ProducerIdx,
        broker: BrokerId,
        batches: Vec<BatchId>,
        correlation_id: u64,
    },
    /// A batch is put back at the head of its deque for a retry.
    BatchRetried {
        at: Instant,
        producer: ProducerIdx,
        batch: BatchId,
        tp: TopicPartition,
        error: KafkaError,
        attempt: u32,
        /// It may be drained again from then on (`retry.backoff.ms` with exponential backoff and jitter).
        backoff_until: Instant,
    },
    /// A batch was split after MESSAGE_TOO_LARGE.
    BatchSplit {
        at: Instant,
        producer: ProducerIdx,
        batch: BatchId,
        tp: TopicPartition,
        into: Vec<BatchId>,
    },
    /// A produce request left the producer's in-flight requests for its broker connection: its response arrived
    /// (`error: None`; per-partition errors follow as batch events), or the client gave up on it
    /// (`REQUEST_TIMED_OUT` after `request.timeout.ms`, `NETWORK_EXCEPTION` on a disconnect).
    ProduceRequestCompleted {
        at: Instant,
        producer: ProducerIdx,
        broker: BrokerId,
        correlation_id: u64,
        error: Option<KafkaError>,
    },
    /// The producer callback fired with metadata.
    RecordAcked {
        at: Instant,
        record: RecordId,
        tp: TopicPartition,
        offset: i64,
        /// `RecordMetadata.timestamp()`: the record's CreateTime (when `send()` was called).
        timestamp: Instant,
        acks: Acks,
    },
    /// The producer callback fired with an exception.
    RecordFailed {
        at: Instant,
        record: RecordId,
        tp: Option<TopicPartition>,
        error: KafkaError,
    },
    /// The producer bumped its epoch and reset sequences (idempotent producer).
    ProducerEpochBumped {
        at: Instant,
        producer: ProducerIdx,
        epoch: u16,
    },
    /// A message left `from`; it arrives at `deliver_at` unless dropped.
    MessageSent {
        at: Instant,
        id: MessageId,
        from: NodeId,
        to: NodeId,
        api: Api,
        response: bool,
        deliver_at: Instant,
        records: Vec<RecordId>,
        error: Option<KafkaError>,
        /// The request header's correlation id (a response carries its request's); `None` where the model sends
        /// none (controller and inter-broker traffic).
        correlation_id: Option<u64>,
    },
    /// The message arrived.
    MessageDelivered { at: Instant, id: MessageId },
    /// The message was lost (partition, cut link, dead receiver).
    MessageDropped { at: Instant, id: MessageId },
    /// A replica appended records to its log, as Kafka appends a batch: `records[i]` is at `base_offset + i`. On a
    /// leader, one produce batch; on a follower, the records of one fetch response written in one leader epoch.
    RecordsAppended {
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        base_offset: u64,
        records: RecordIds,
        /// The leader epoch the records were written in (`PartitionLeaderEpoch` of their batches).
        leader_epoch: LeaderEpoch,
    },
    /// An idempotent leader recognised a retried batch and did not append it again.
    DuplicateBatchDropped {
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        batch: BatchId,
    },
    /// A replica's high watermark moved.
    HighWatermarkAdvanced {
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        hw: u64,
    },
    /// A replica truncated its log (divergence after a leader change).
    LogTruncated {
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        to: u64,
        removed: Vec<RecordId>,
    },
    /// The partition's ISR changed (committed by the controller).
    IsrChanged {
        at: Instant,
        tp: TopicPartition,
        isr: Vec<BrokerId>,
        shrunk: bool,
    },
    /// The controller elected a leader (or none: offline).
    LeaderElected {
        at: Instant,
        tp: TopicPartition,
        leader: Option<BrokerId>,
        leader_epoch: LeaderEpoch,
        unclean: bool,
    },
    /// A broker's role for a partition changed after metadata arrived.
    ReplicaRoleChanged {
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        leader: bool,
        leader_epoch: LeaderEpoch,
    },
    /// A produce request waits in purgatory for the ISR (acks=all).
    ProduceParked {
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        required_offset: u64,
    },
    /// The broker refused or failed a produce for a partition.
    ProduceErrored {
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        error: KafkaError,
    },
    /// A broker process died.
    BrokerCrashed { at: Instant, broker: BrokerId },
    /// A broker process started again.
    BrokerRestarted { at: Instant, broker: BrokerId },
    /// A broker shut down after moving its leaderships away.
    BrokerShutDown { at: Instant, broker: BrokerId },
    /// The controller fenced a broker (missed `broker.session.timeout.ms`).
    BrokerFenced { at: Instant, broker: BrokerId },
    /// The controller unfenced a broker.
    BrokerUnfenced { at: Instant, broker: BrokerId },
    /// The network between two nodes changed.
    LinkChanged {
        at: Instant,
        from: NodeId,
        to: NodeId,
        cut: bool,
    },
    /// A follower's fetch delay was set (slow follower), in µs.
    FollowerSlowed {
        at: Instant,
        broker: BrokerId,
        extra_delay_us: u64,
    },
    /// A consumer's poll() returned records to the application.
    RecordsPolled {
        at: Instant,
        consumer: ConsumerIdx,
        records: Vec<(TopicPartition, u64, RecordId)>,
    },
    /// The application finished processing a record.
    RecordConsumed {
        at: Instant,
        consumer: ConsumerIdx,
        group: GroupIdx,
        tp: TopicPartition,
        offset: u64,
        record: RecordId,
    },
    /// A commit was accepted by the coordinator.
    OffsetCommitted {
        at: Instant,
        group: GroupIdx,
        consumer: ConsumerIdx,
        tp: TopicPartition,
        offset: u64,
    },
    /// A commit failed.
    CommitFailed {
        at: Instant,
        consumer: ConsumerIdx,
        error: KafkaError,
    },
    /// The consumer's position was reset (no committed offset).
    OffsetReset {
        at: Instant,
        consumer: ConsumerIdx,
        tp: TopicPartition,
        offset: u64,
        /// `Earliest` or `Latest`: `None` throws instead of resetting.
        strategy: OffsetResetStrategy,
    },
    /// A consumer-side error surfaced to the application.
    ConsumerErrored {
        at: Instant,
        consumer: ConsumerIdx,
        error: KafkaError,
    },
    /// The group moved to a new state.
    GroupStateChanged {
        at: Instant,
        group: GroupIdx,
        state: GroupState,
        generation: GenerationId,
    },
    /// A member joined (or rejoined) the group.
    MemberJoined {
        at: Instant,
        group: GroupIdx,
        member_id: String,
        consumer: ConsumerIdx,
    },
    /// A member left or was removed from the group.
    MemberRemoved {
        at: Instant,
        group: GroupIdx,
        member_id: String,
        reason: MemberRemovalReason,
    },
    /// A rebalance completed: the new assignment.
    RebalanceCompleted {
        at: Instant,
        group: GroupIdx,
        generation: GenerationId,
        /// The protocol (assignor) name the coordinator chose among those every member announced in JoinGroup. Text,
        /// as in Kafka: to the coordinator these names are opaque (any client-side assignor may announce one), and
        /// it is empty when the members share none (Kafka would refuse such a join: INCONSISTENT_GROUP_PROTOCOL).
        protocol: String,
        assignment: Vec<(ConsumerIdx, Vec<TopicPartition>)>,
    },
    /// A consumer's owned partitions changed (after revoke or assign).
    PartitionsAssigned {
        at: Instant,
        consumer: ConsumerIdx,
        partitions: Vec<TopicPartition>,
    },
    /// A consumer revoked partitions before a rebalance.
    PartitionsRevoked {
        at: Instant,
        consumer: ConsumerIdx,
        partitions: Vec<TopicPartition>,
    },
    /// A heartbeat was answered (the page pulses it).
    HeartbeatAnswered {
        at: Instant,
        consumer: ConsumerIdx,
        error: Option<KafkaError>,
    },
    /// The consumer's poll loop changed phase.
    ConsumerPhaseChanged {
        at: Instant,
        consumer: ConsumerIdx,
        phase: ConsumerPhase,
    },
    /// A consumer started, crashed, closed or was woken up.
    ConsumerLifecycle {
        at: Instant,
        consumer: ConsumerIdx,
        what: ConsumerLifecycle,
    },
    /// `max.poll.interval.ms` passed without a poll().
    PollTimeoutExpired { at: Instant, consumer: ConsumerIdx },
    /// A timed action from the scenario script ran.
    ActionApplied { at: Instant, action: String },
    /// A broker was cut off from every other node (`isolated`), or that isolation was healed.
    /// (Last in the enum so the hash of every earlier variant stays the same.)
    BrokerIsolated {
        at: Instant,
        broker: BrokerId,
        isolated: bool,
    },
    /// The application thread of a consumer is held up until `until`: a slow record handler (`gc: false`, the
    /// heartbeat thread goes on) or a stop-the-world pause (`gc: true`, every thread stops).
    ConsumerStalled {
        at: Instant,
        consumer: ConsumerIdx,
        until: Instant,
        gc: bool,
    },
    /// A broker became the group's coordinator and loaded it (after the previous coordinator failed, or at first
    /// use): every member's session timer restarts.
    GroupLoaded {
        at: Instant,
        group: GroupIdx,
        coordinator: BrokerId,
    },
}

impl TraceEvent {
    /// When it happened.
    pub fn at(&self) -> Instant {
        use TraceEvent::*;
        match self {
            RecordSent { at, .. }
            | RecordBatched { at, .. }
            | SendBlocked { at, .. }
            | BatchesDrained { at, .. }
            | BatchRetried { at, .. }
            | BatchSplit { at, .. }
            | ProduceRequestCompleted { at, .. }
            | RecordAcked { at, .. }
            | RecordFailed { at, .. }
            | ProducerEpochBumped { at, .. }
            | MessageSent { at, .. }
            | MessageDelivered { at, .. }
            | MessageDropped { at, .. }
            | RecordsAppended { at, .. }
            | DuplicateBatchDropped { at, .. }
            | HighWatermarkAdvanced { at, .. }
            | LogTruncated { at, .. }
            | IsrChanged { at, .. }
            | LeaderElected { at, .. }
            | ReplicaRoleChanged { at, .. }
            | ProduceParked { at, .. }
            | ProduceErrored { at, .. }
            | BrokerCrashed { at, .. }
            | BrokerRestarted { at, .. }
            | BrokerShutDown { at, .. }
            | BrokerFenced { at, .. }
            | BrokerUnfenced { at, .. }
            | LinkChanged { at, .. }
            | FollowerSlowed { at, .. }
            | RecordsPolled { at, .. }
            | RecordConsumed { at, .. }
            | OffsetCommitted { at, .. }
            | CommitFailed { at, .. }
            | OffsetReset { at, .. }
            | ConsumerErrored { at, .. }
            | GroupStateChanged { at, .. }
            | MemberJoined { at, .. }
            | MemberRemoved { at, .. }
            | RebalanceCompleted { at, .. }
            | PartitionsAssigned { at, .. }
            | PartitionsRevoked { at, .. }
            | HeartbeatAnswered { at, .. }
            | ConsumerPhaseChanged { at, .. }
            | ConsumerLifecycle { at, .. }
            | PollTimeoutExpired { at, .. }
            | ActionApplied { at, .. }
            | BrokerIsolated { at, .. }
            | ConsumerStalled { at, .. }
            | GroupLoaded { at, .. } => *at,
        }
    }
}

/// A word-at-a-time multiplicative hash (FxHash's step: rotate, xor, multiply) over `Hash`, with platform-independent
/// widths. Byte-at-a-time FNV-1a (engine version 2) cost about 6 % of a run; every integer is now one step.
#[derive(Clone, Debug)]
pub struct TraceHasher(u64);

impl Default for TraceHasher {
    fn default() -> Self {
        TraceHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl TraceHasher {
    #[inline]
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for TraceHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.mix(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" + "\0" apart from "a".
            self.mix(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.mix(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.mix(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.mix(i);
    }
    // usize is 4 bytes on wasm32 and 8 on x86_64: widen so both hash alike.
    fn write_usize(&mut self, i: usize) {
        self.mix(i as u64);
    }
    fn write_isize(&mut self, i: isize) {
        self.mix(i as i64 as u64);
    }
    fn write_i64(&mut self, i: i64) {
        self.mix(i as u64);
    }
    fn write_i32(&mut self, i: i32) {
        self.mix(i as i64 as u64);
    }
}

impl TraceHasher {
    /// Folds one event into the hash.
    pub fn add(&mut self, event: &TraceEvent) {
        event.hash(self);
    }

    /// The hash as 16 hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the trace's state enums hash and serialize exactly as the text the trace carried before they were
    //! enums, so every golden trace hash and every saved JSON trace stays valid.
    //! Method: each variant against the old text, written out here as the engine emitted it: the `TraceHasher`
    //! hash of the variant equals that of the text as a `String`; serde writes the text and reads it back.
    //! Kafka: the group states are `ClassicGroupState.toString()`; `auto.offset.reset` values are the config's.
    use super::*;
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    fn hash_of<T: Hash>(v: &T) -> u64 {
        let mut h = TraceHasher::default();
        v.hash(&mut h);
        h.finish()
    }

    fn same_as_old_text<T>(all: &[T], old: fn(T) -> &'static str)
    where
        T: Copy + Debug + PartialEq + Hash + Serialize + DeserializeOwned,
    {
        for &v in all {
            let text = old(v);
            assert_eq!(
                hash_of(&v),
                hash_of(&text.to_string()),
                "{v:?} hashes as {text:?}"
            );
            let json = serde_json::to_string(&v).expect("serializes");
            assert_eq!(
                json,
                serde_json::to_string(text).expect("a string"),
                "{v:?}"
            );
            assert_eq!(serde_json::from_str::<T>(&json).expect("reads back"), v);
        }
    }

    #[test]
    fn group_state_is_its_old_text() {
        use GroupState::*;
        same_as_old_text(
            &[Empty, PreparingRebalance, CompletingRebalance, Stable],
            |s| match s {
                Empty => "Empty",
                PreparingRebalance => "PreparingRebalance",
                CompletingRebalance => "CompletingRebalance",
                Stable => "Stable",
            },
        );
    }

    #[test]
    fn consumer_phase_is_its_old_text() {
        use ConsumerPhase::*;
        same_as_old_text(
            &[Stopped, Polling, Processing, Committing, Closing, Closed],
            |p| match p {
                Stopped => "stopped",
                Polling => "polling",
                Processing => "processing",
                Committing => "committing",
                Closing => "closing",
                Closed => "closed",
            },
        );
    }

    #[test]
    fn consumer_lifecycle_is_its_old_text() {
        use ConsumerLifecycle::*;
        same_as_old_text(&[Started, Crashed, Closed, Wakeup], |l| match l {
            Started => "started",
            Crashed => "crashed",
            Closed => "closed",
            Wakeup => "wakeup()",
        });
    }

    #[test]
    fn member_removal_reason_is_its_old_text() {
        use MemberRemovalReason::*;
        same_as_old_text(
            &[LeaveGroup, SessionTimeout, RebalanceTimeout],
            |r| match r {
                LeaveGroup => "LeaveGroup",
                SessionTimeout => "session.timeout.ms expired",
                RebalanceTimeout => "rebalance timeout",
            },
        );
    }

    #[test]
    fn offset_reset_strategy_is_its_old_text() {
        use OffsetResetStrategy::*;
        same_as_old_text(&[Earliest, Latest, None], |s| match s {
            Earliest => "earliest",
            Latest => "latest",
            // Never in the trace (`none` throws instead of resetting); the config value.
            None => "none",
        });
        for s in [Earliest, Latest, None] {
            assert_eq!(OffsetResetStrategy::from_name(s.name()), Some(s));
        }
    }

    /// Whole traces of the group presets (crashes, session timeouts, LeaveGroup, `close()`, both rebalance
    /// protocols) read back from their JSON as themselves.
    #[test]
    fn group_preset_traces_read_back_from_json() {
        use crate::engine::Sim;
        use crate::scenario::presets;
        for name in ["consumer-dies", "clean-shutdown", "eager-vs-cooperative"] {
            let mut sim = Sim::new(&presets::by_name(name).expect("preset")).expect("valid");
            sim.run_until(sim.end());
            while let Some(e) = sim.poll_trace() {
                let json = serde_json::to_string(&e).expect("serializes");
                let back: TraceEvent = serde_json::from_str(&json).expect("reads back");
                assert_eq!(back, e, "{name}: {json}");
            }
        }
    }
}
