//! Kafka API messages exchanged by the simulated nodes, and Kafka's error vocabulary.
//!
//! Models: the request/response pairs of the Kafka protocol that matter for producing, replicating and consuming
//! (`Produce`, `Fetch`, `ListOffsets`, `Metadata`, `FindCoordinator`, `JoinGroup`, `SyncGroup`, `Heartbeat`,
//! `LeaveGroup`, `OffsetCommit`, `OffsetFetch`) plus the KRaft broker-controller traffic (`BrokerHeartbeat`,
//! `AlterPartition`, `ControlledShutdown`) and the metadata the controller publishes.
//!
//! Simplifications:
//! - Messages carry record ids and sizes, not bytes; there is no compression and no CRC.
//! - The controller pushes metadata to brokers (`UpdateMetadata`) instead of brokers replaying the metadata log.
//! - `Disconnected` is made up by the network when the peer's process dies (the TCP connection closes).

use super::ids::*;
use super::time::Duration;
use serde::{Deserialize, Serialize};

/// Kafka errors, named as Kafka names them: wire error codes (`Errors.java`) and client-side exceptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum KafkaError {
    /// NOT_LEADER_OR_FOLLOWER (6).
    NotLeaderOrFollower,
    /// NOT_ENOUGH_REPLICAS (19): the ISR is below `min.insync.replicas`; nothing was written.
    NotEnoughReplicas,
    /// NOT_ENOUGH_REPLICAS_AFTER_APPEND (20): written, but the ISR shrank below `min.insync.replicas`.
    NotEnoughReplicasAfterAppend,
    /// REQUEST_TIMED_OUT (7): the broker's purgatory expired, or the client's `request.timeout.ms` did.
    RequestTimedOut,
    /// MESSAGE_TOO_LARGE (10).
    MessageTooLarge,
    /// OUT_OF_ORDER_SEQUENCE_NUMBER (45).
    OutOfOrderSequenceNumber,
    /// DUPLICATE_SEQUENCE_NUMBER (46).
    DuplicateSequenceNumber,
    /// INVALID_PRODUCER_EPOCH (47).
    InvalidProducerEpoch,
    /// UNKNOWN_TOPIC_OR_PARTITION (3).
    UnknownTopicOrPartition,
    /// LEADER_NOT_AVAILABLE (5).
    LeaderNotAvailable,
    /// FENCED_LEADER_EPOCH (74).
    FencedLeaderEpoch,
    /// NETWORK_EXCEPTION (13): the connection closed with the request in flight.
    NetworkException,
    /// OFFSET_OUT_OF_RANGE (1).
    OffsetOutOfRange,
    /// UNKNOWN_MEMBER_ID (25).
    UnknownMemberId,
    /// ILLEGAL_GENERATION (22).
    IllegalGeneration,
    /// REBALANCE_IN_PROGRESS (27).
    RebalanceInProgress,
    /// MEMBER_ID_REQUIRED (79).
    MemberIdRequired,
    /// NOT_COORDINATOR (16).
    NotCoordinator,
    /// COORDINATOR_NOT_AVAILABLE (15).
    CoordinatorNotAvailable,
    /// FENCED_INSTANCE_ID (82).
    FencedInstanceId,
    /// Client side: `delivery.timeout.ms` or `max.block.ms` ran out (`TimeoutException`).
    Timeout,
    /// Client side: no buffer memory within `max.block.ms` (`BufferExhaustedException`).
    BufferExhausted,
    /// Client side: the record is larger than `max.request.size` or `buffer.memory`.
    RecordTooLarge,
    /// Client side: the serializer refused the record.
    Serialization,
    /// Consumer: a commit failed because the member is no longer part of the generation.
    CommitFailed,
    /// Consumer: `auto.offset.reset=none` and no committed offset.
    NoOffsetForPartition,
    /// Consumer: `wakeup()` interrupted a blocking call.
    Wakeup,
}

impl KafkaError {
    /// The Java exception a client sees for this error, as reported by the CLI and shown on the page.
    pub fn exception_name(self) -> &'static str {
        use KafkaError::*;
        match self {
            NotLeaderOrFollower => "NotLeaderOrFollowerException",
            NotEnoughReplicas => "NotEnoughReplicasException",
            NotEnoughReplicasAfterAppend => "NotEnoughReplicasAfterAppendException",
            RequestTimedOut | Timeout => "TimeoutException",
            MessageTooLarge | RecordTooLarge => "RecordTooLargeException",
            OutOfOrderSequenceNumber => "OutOfOrderSequenceException",
            DuplicateSequenceNumber => "DuplicateSequenceException",
            InvalidProducerEpoch => "InvalidProducerEpochException",
            UnknownTopicOrPartition => "UnknownTopicOrPartitionException",
            LeaderNotAvailable => "LeaderNotAvailableException",
            FencedLeaderEpoch => "FencedLeaderEpochException",
            NetworkException => "NetworkException",
            OffsetOutOfRange => "OffsetOutOfRangeException",
            UnknownMemberId => "UnknownMemberIdException",
            IllegalGeneration => "IllegalGenerationException",
            RebalanceInProgress => "RebalanceInProgressException",
            MemberIdRequired => "MemberIdRequiredException",
            NotCoordinator => "NotCoordinatorException",
            CoordinatorNotAvailable => "CoordinatorNotAvailableException",
            FencedInstanceId => "FencedInstanceIdException",
            BufferExhausted => "BufferExhaustedException",
            Serialization => "SerializationException",
            CommitFailed => "CommitFailedException",
            NoOffsetForPartition => "NoOffsetForPartitionException",
            Wakeup => "WakeupException",
        }
    }

    /// The wire name (`Errors.java`) where one exists.
    pub fn wire_name(self) -> &'static str {
        use KafkaError::*;
        match self {
            NotLeaderOrFollower => "NOT_LEADER_OR_FOLLOWER",
            NotEnoughReplicas => "NOT_ENOUGH_REPLICAS",
            NotEnoughReplicasAfterAppend => "NOT_ENOUGH_REPLICAS_AFTER_APPEND",
            RequestTimedOut => "REQUEST_TIMED_OUT",
            MessageTooLarge => "MESSAGE_TOO_LARGE",
            OutOfOrderSequenceNumber => "OUT_OF_ORDER_SEQUENCE_NUMBER",
            DuplicateSequenceNumber => "DUPLICATE_SEQUENCE_NUMBER",
            InvalidProducerEpoch => "INVALID_PRODUCER_EPOCH",
            UnknownTopicOrPartition => "UNKNOWN_TOPIC_OR_PARTITION",
            LeaderNotAvailable => "LEADER_NOT_AVAILABLE",
            FencedLeaderEpoch => "FENCED_LEADER_EPOCH",
            NetworkException => "NETWORK_EXCEPTION",
            OffsetOutOfRange => "OFFSET_OUT_OF_RANGE",
            UnknownMemberId => "UNKNOWN_MEMBER_ID",
            IllegalGeneration => "ILLEGAL_GENERATION",
            RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            MemberIdRequired => "MEMBER_ID_REQUIRED",
            NotCoordinator => "NOT_COORDINATOR",
            CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            FencedInstanceId => "FENCED_INSTANCE_ID",
            other => other.exception_name(),
        }
    }

    /// Whether the Java client treats it as a `RetriableException` (KAFKA.md §4.3).
    pub fn is_retriable(self) -> bool {
        use KafkaError::*;
        matches!(
            self,
            NotLeaderOrFollower
                | NotEnoughReplicas
                | NotEnoughReplicasAfterAppend
                | RequestTimedOut
                | UnknownTopicOrPartition
                | LeaderNotAvailable
                | FencedLeaderEpoch
                | NetworkException
                | NotCoordinator
                | CoordinatorNotAvailable
        )
    }

    /// Whether the error means the client's metadata is stale (`InvalidMetadataException` and `NetworkException`).
    pub fn invalidates_metadata(self) -> bool {
        use KafkaError::*;
        matches!(
            self,
            NotLeaderOrFollower
                | UnknownTopicOrPartition
                | LeaderNotAvailable
                | FencedLeaderEpoch
                | NetworkException
        )
    }
}

/// `acks` as the producer sends it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Acks {
    /// `acks=0`: no response at all.
    None,
    /// `acks=1`: the leader's append is enough.
    Leader,
    /// `acks=all` (`-1`): every ISR member, with at least `min.insync.replicas`.
    All,
}

/// One record as the producer ships it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WireRecord {
    /// The record followed across the pipeline.
    pub id: RecordId,
    /// Serialized size in the v2 record format, bytes.
    pub size_bytes: u32,
}

/// A producer batch on the wire (one per partition per request).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WireBatch {
    /// The partition.
    pub tp: TopicPartition,
    /// The producer-side batch id, for following it on the page.
    pub batch_id: BatchId,
    /// Producer id and epoch when idempotent.
    pub producer: Option<(ProducerId, u16)>,
    /// Base sequence when idempotent, else -1.
    pub base_sequence: i32,
    /// The records.
    pub records: Vec<WireRecord>,
    /// Size of the batch (61-byte header plus records), bytes.
    pub size_bytes: u32,
}

/// The idempotent producer's fields of the batch a record came in (`RecordBatch` header: producer id, epoch, base
/// sequence), kept with each record so that every replica, leader or follower, can rebuild the producer state
/// (`ProducerStateManager`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProducerStamp {
    /// Kafka producer id.
    pub producer_id: i64,
    /// Producer epoch.
    pub epoch: u16,
    /// Base sequence of the batch the record came in.
    pub base_sequence: i32,
    /// Last sequence of that batch.
    pub last_sequence: i32,
}

/// A record as the log stores it and a fetch response carries it: the record and its batch's producer stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LogEntry {
    /// The record.
    pub record: LogRecord,
    /// Idempotent producer info (`None` for a non-idempotent producer).
    pub stamp: Option<ProducerStamp>,
}

/// One record in a partition log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LogRecord {
    /// The record.
    pub id: RecordId,
    /// Its size, bytes.
    pub size_bytes: u32,
    /// The leader epoch it was written in (KIP-101).
    pub leader_epoch: LeaderEpoch,
}

/// Result of one partition in a produce response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProducePartitionResult {
    /// The partition.
    pub tp: TopicPartition,
    /// The batch this answers.
    pub batch_id: BatchId,
    /// None on success.
    pub error: Option<KafkaError>,
    /// Offset of the first record on success.
    pub base_offset: u64,
}

/// One partition requested in a fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FetchPartition {
    /// The partition.
    pub tp: TopicPartition,
    /// Next offset wanted (for a follower, its LEO).
    pub fetch_offset: u64,
    /// Epoch of the last record the fetcher has (followers; for divergence checks).
    pub last_fetched_epoch: Option<LeaderEpoch>,
    /// `max.partition.fetch.bytes` / `replica.fetch.max.bytes`.
    pub partition_max_bytes: u32,
}

/// One partition of a fetch response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FetchPartitionData {
    /// The partition.
    pub tp: TopicPartition,
    /// None on success.
    pub error: Option<KafkaError>,
    /// The leader's high watermark.
    pub high_watermark: u64,
    /// Offset of `records[0]`.
    pub base_offset: u64,
    /// Records from `base_offset`, with their batches' producer stamps (a follower replicates those too).
    pub records: Vec<LogEntry>,
    /// For a follower whose log diverged: (epoch, end offset of that epoch on the leader).
    pub diverging_epoch: Option<(LeaderEpoch, u64)>,
}

/// Metadata about one partition, as the controller publishes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartitionState {
    /// The partition.
    pub tp: TopicPartition,
    /// The leader, or None when offline.
    pub leader: Option<BrokerId>,
    /// The leader epoch.
    pub leader_epoch: LeaderEpoch,
    /// Bumped on every change (ISR or leader).
    pub partition_epoch: u32,
    /// In-sync replicas.
    pub isr: Vec<BrokerId>,
    /// Assigned replicas, preferred leader first.
    pub replicas: Vec<BrokerId>,
}

/// A member as the coordinator describes it to the group leader in a JoinGroup response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct JoinedMember {
    /// Member id.
    pub member_id: String,
    /// `group.instance.id` for static members.
    pub group_instance_id: Option<String>,
    /// Subscribed topics.
    pub topics: Vec<TopicIdx>,
    /// Partitions the member owned (cooperative and sticky assignors).
    pub owned: Vec<TopicPartition>,
    /// Generation those were owned in.
    pub generation: GenerationId,
}

/// A request or response.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Message {
    ProduceRequest {
        correlation_id: u64,
        acks: Acks,
        timeout: Duration,
        batches: Vec<WireBatch>,
    },
    ProduceResponse {
        correlation_id: u64,
        results: Vec<ProducePartitionResult>,
    },
    FetchRequest {
        correlation_id: u64,
        replica: Option<BrokerId>,
        max_wait: Duration,
        min_bytes: u32,
        max_bytes: u32,
        partitions: Vec<FetchPartition>,
    },
    FetchResponse {
        correlation_id: u64,
        partitions: Vec<FetchPartitionData>,
    },
    ListOffsetsRequest {
        correlation_id: u64,
        tps: Vec<(TopicPartition, bool)>,
    },
    ListOffsetsResponse {
        correlation_id: u64,
        offsets: Vec<(TopicPartition, Option<KafkaError>, u64)>,
    },
    MetadataRequest {
        correlation_id: u64,
    },
    MetadataResponse {
        correlation_id: u64,
        partitions: Vec<PartitionState>,
        live_brokers: Vec<BrokerId>,
    },
    FindCoordinatorRequest {
        correlation_id: u64,
        group: GroupIdx,
    },
    FindCoordinatorResponse {
        correlation_id: u64,
        error: Option<KafkaError>,
        coordinator: Option<BrokerId>,
    },
    JoinGroupRequest {
        correlation_id: u64,
        group: GroupIdx,
        member_id: String,
        group_instance_id: Option<String>,
        session_timeout: Duration,
        rebalance_timeout: Duration,
        protocols: Vec<String>,
        topics: Vec<TopicIdx>,
        owned: Vec<TopicPartition>,
        generation: GenerationId,
    },
    JoinGroupResponse {
        correlation_id: u64,
        error: Option<KafkaError>,
        generation: GenerationId,
        protocol: String,
        leader: String,
        member_id: String,
        members: Vec<JoinedMember>,
    },
    SyncGroupRequest {
        correlation_id: u64,
        group: GroupIdx,
        generation: GenerationId,
        member_id: String,
        assignments: Vec<(String, Vec<TopicPartition>)>,
    },
    SyncGroupResponse {
        correlation_id: u64,
        error: Option<KafkaError>,
        assignment: Vec<TopicPartition>,
    },
    HeartbeatRequest {
        correlation_id: u64,
        group: GroupIdx,
        generation: GenerationId,
        member_id: String,
    },
    HeartbeatResponse {
        correlation_id: u64,
        error: Option<KafkaError>,
    },
    LeaveGroupRequest {
        correlation_id: u64,
        group: GroupIdx,
        member_id: String,
    },
    LeaveGroupResponse {
        correlation_id: u64,
        error: Option<KafkaError>,
    },
    OffsetCommitRequest {
        correlation_id: u64,
        group: GroupIdx,
        generation: GenerationId,
        member_id: String,
        offsets: Vec<(TopicPartition, u64)>,
    },
    OffsetCommitResponse {
        correlation_id: u64,
        error: Option<KafkaError>,
        offsets: Vec<(TopicPartition, u64)>,
    },
    OffsetFetchRequest {
        correlation_id: u64,
        group: GroupIdx,
        tps: Vec<TopicPartition>,
    },
    OffsetFetchResponse {
        correlation_id: u64,
        error: Option<KafkaError>,
        offsets: Vec<(TopicPartition, Option<u64>)>,
    },
    BrokerHeartbeatRequest {
        broker: BrokerId,
        incarnation: u32,
        /// The metadata offset the broker has applied (KRaft's `currentMetadataOffset`).
        metadata_offset: u64,
    },
    BrokerHeartbeatResponse {
        fenced: bool,
    },
    ControlledShutdownRequest {
        broker: BrokerId,
    },
    ControlledShutdownResponse,
    AlterPartitionRequest {
        tp: TopicPartition,
        leader_epoch: LeaderEpoch,
        partition_epoch: u32,
        new_isr: Vec<BrokerId>,
    },
    AlterPartitionResponse {
        tp: TopicPartition,
        error: Option<KafkaError>,
        /// The partition epoch the answered proposal was based on.
        partition_epoch: u32,
    },
    UpdateMetadata {
        partitions: Vec<PartitionState>,
        live_brokers: Vec<BrokerId>,
        /// The controller's metadata offset this state is as of.
        metadata_offset: u64,
    },
    Disconnected,
}

/// The Kafka API a message belongs to, for the trace and the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum Api {
    Produce,
    Fetch,
    ReplicaFetch,
    ListOffsets,
    Metadata,
    FindCoordinator,
    JoinGroup,
    SyncGroup,
    Heartbeat,
    LeaveGroup,
    OffsetCommit,
    OffsetFetch,
    BrokerHeartbeat,
    ControlledShutdown,
    AlterPartition,
    UpdateMetadata,
    Disconnect,
}

impl Api {
    /// Kafka's API name.
    pub fn name(self) -> &'static str {
        match self {
            Api::Produce => "Produce",
            Api::Fetch => "Fetch",
            Api::ReplicaFetch => "Fetch (replica)",
            Api::ListOffsets => "ListOffsets",
            Api::Metadata => "Metadata",
            Api::FindCoordinator => "FindCoordinator",
            Api::JoinGroup => "JoinGroup",
            Api::SyncGroup => "SyncGroup",
            Api::Heartbeat => "Heartbeat",
            Api::LeaveGroup => "LeaveGroup",
            Api::OffsetCommit => "OffsetCommit",
            Api::OffsetFetch => "OffsetFetch",
            Api::BrokerHeartbeat => "BrokerHeartbeat",
            Api::ControlledShutdown => "ControlledShutdown",
            Api::AlterPartition => "AlterPartition",
            Api::UpdateMetadata => "UpdateMetadata",
            Api::Disconnect => "Disconnect",
        }
    }
}

impl Message {
    /// Which API this is, and whether it is a response.
    pub fn api(&self) -> (Api, bool) {
        use Message::*;
        match self {
            ProduceRequest { .. } => (Api::Produce, false),
            ProduceResponse { .. } => (Api::Produce, true),
            FetchRequest {
                replica: Some(_), ..
            } => (Api::ReplicaFetch, false),
            FetchRequest { .. } => (Api::Fetch, false),
            FetchResponse { .. } => (Api::Fetch, true),
            ListOffsetsRequest { .. } => (Api::ListOffsets, false),
            ListOffsetsResponse { .. } => (Api::ListOffsets, true),
            MetadataRequest { .. } => (Api::Metadata, false),
            MetadataResponse { .. } => (Api::Metadata, true),
            FindCoordinatorRequest { .. } => (Api::FindCoordinator, false),
            FindCoordinatorResponse { .. } => (Api::FindCoordinator, true),
            JoinGroupRequest { .. } => (Api::JoinGroup, false),
            JoinGroupResponse { .. } => (Api::JoinGroup, true),
            SyncGroupRequest { .. } => (Api::SyncGroup, false),
            SyncGroupResponse { .. } => (Api::SyncGroup, true),
            HeartbeatRequest { .. } => (Api::Heartbeat, false),
            HeartbeatResponse { .. } => (Api::Heartbeat, true),
            LeaveGroupRequest { .. } => (Api::LeaveGroup, false),
            LeaveGroupResponse { .. } => (Api::LeaveGroup, true),
            OffsetCommitRequest { .. } => (Api::OffsetCommit, false),
            OffsetCommitResponse { .. } => (Api::OffsetCommit, true),
            OffsetFetchRequest { .. } => (Api::OffsetFetch, false),
            OffsetFetchResponse { .. } => (Api::OffsetFetch, true),
            BrokerHeartbeatRequest { .. } => (Api::BrokerHeartbeat, false),
            BrokerHeartbeatResponse { .. } => (Api::BrokerHeartbeat, true),
            ControlledShutdownRequest { .. } => (Api::ControlledShutdown, false),
            ControlledShutdownResponse => (Api::ControlledShutdown, true),
            AlterPartitionRequest { .. } => (Api::AlterPartition, false),
            AlterPartitionResponse { .. } => (Api::AlterPartition, true),
            UpdateMetadata { .. } => (Api::UpdateMetadata, false),
            Disconnected => (Api::Disconnect, false),
        }
    }

    /// The records this message carries, so the page can move their dots along it.
    pub fn record_ids(&self) -> Vec<RecordId> {
        match self {
            Message::ProduceRequest { batches, .. } => batches
                .iter()
                .flat_map(|b| b.records.iter().map(|r| r.id))
                .collect(),
            Message::FetchResponse { partitions, .. } => partitions
                .iter()
                .flat_map(|p| p.records.iter().map(|r| r.record.id))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The first error a response carries, for flashing it on the page.
    pub fn error(&self) -> Option<KafkaError> {
        use Message::*;
        match self {
            ProduceResponse { results, .. } => results.iter().find_map(|r| r.error),
            FetchResponse { partitions, .. } => partitions.iter().find_map(|p| p.error),
            ListOffsetsResponse { offsets, .. } => offsets.iter().find_map(|o| o.1),
            FindCoordinatorResponse { error, .. }
            | JoinGroupResponse { error, .. }
            | SyncGroupResponse { error, .. }
            | HeartbeatResponse { error, .. }
            | LeaveGroupResponse { error, .. }
            | OffsetCommitResponse { error, .. }
            | OffsetFetchResponse { error, .. }
            | AlterPartitionResponse { error, .. } => *error,
            _ => None,
        }
    }
}
