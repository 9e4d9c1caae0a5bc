//! Kafka's error vocabulary: wire error codes (`Errors.java`) and the client-side exceptions, with the names the
//! Java client reports; and the errors a scripted fault may inject.

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

/// Errors a scripted fault may make a broker return for produces.
pub fn parse_injectable_error(s: &str) -> Option<KafkaError> {
    match s {
        "NOT_LEADER_OR_FOLLOWER" => Some(KafkaError::NotLeaderOrFollower),
        "NOT_ENOUGH_REPLICAS" => Some(KafkaError::NotEnoughReplicas),
        "REQUEST_TIMED_OUT" => Some(KafkaError::RequestTimedOut),
        "LEADER_NOT_AVAILABLE" => Some(KafkaError::LeaderNotAvailable),
        "MESSAGE_TOO_LARGE" => Some(KafkaError::MessageTooLarge),
        _ => None,
    }
}
