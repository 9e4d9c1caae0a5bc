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
use std::rc::Rc;

pub use crate::kafka::acks::Acks;
pub use crate::kafka::errors::KafkaError;

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
        /// Shared with the broker's metadata cache until it changes.
        partitions: Rc<[PartitionState]>,
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
    /// Whether this is a group API (`FindCoordinator` and the classic group protocol), which the group coordinator
    /// answers rather than the replica manager.
    pub fn is_group(self) -> bool {
        matches!(
            self,
            Api::FindCoordinator
                | Api::JoinGroup
                | Api::SyncGroup
                | Api::Heartbeat
                | Api::LeaveGroup
                | Api::OffsetCommit
                | Api::OffsetFetch
        )
    }

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

    /// The request's correlation id (a response echoes its request's), as Kafka's `RequestHeader` carries it;
    /// `None` for the KRaft controller's and inter-broker messages, which this model sends without one.
    pub fn correlation_id(&self) -> Option<u64> {
        use Message::*;
        match self {
            ProduceRequest { correlation_id, .. }
            | ProduceResponse { correlation_id, .. }
            | FetchRequest { correlation_id, .. }
            | FetchResponse { correlation_id, .. }
            | ListOffsetsRequest { correlation_id, .. }
            | ListOffsetsResponse { correlation_id, .. }
            | MetadataRequest { correlation_id }
            | MetadataResponse { correlation_id, .. }
            | FindCoordinatorRequest { correlation_id, .. }
            | FindCoordinatorResponse { correlation_id, .. }
            | JoinGroupRequest { correlation_id, .. }
            | JoinGroupResponse { correlation_id, .. }
            | SyncGroupRequest { correlation_id, .. }
            | SyncGroupResponse { correlation_id, .. }
            | HeartbeatRequest { correlation_id, .. }
            | HeartbeatResponse { correlation_id, .. }
            | LeaveGroupRequest { correlation_id, .. }
            | LeaveGroupResponse { correlation_id, .. }
            | OffsetCommitRequest { correlation_id, .. }
            | OffsetCommitResponse { correlation_id, .. }
            | OffsetFetchRequest { correlation_id, .. }
            | OffsetFetchResponse { correlation_id, .. } => Some(*correlation_id),
            _ => None,
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
