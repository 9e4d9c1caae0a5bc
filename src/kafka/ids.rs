//! Identifiers, each its own type so that a broker id is never passed where a leader epoch is meant.
//!
//! Models: Kafka's `node.id`, `TopicPartition`, leader epochs, group generations and producer ids.
//!
//! Simplifications:
//! - Topics are referred to by their index in the scenario (`TopicIdx`); names live in the scenario.
//! - Offsets are plain `u64` positions in a partition log (no log start offset, no compaction).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A broker's `node.id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BrokerId(pub u32);

/// Index of a topic in `Scenario::topics`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicIdx(pub u16);

/// A topic-partition, by topic index and partition number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TopicPartition {
    /// The topic (index into the scenario's topics).
    pub topic: TopicIdx,
    /// The partition number within the topic.
    pub partition: u32,
}

/// Index of a producer in `Scenario::producers`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProducerIdx(pub u16);

/// Index of a consumer (over all groups, in scenario order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ConsumerIdx(pub u16);

/// Index of a consumer group in `Scenario::consumer_groups`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct GroupIdx(pub u16);

/// Every actor that sends and receives messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeId {
    /// The KRaft controller quorum, modelled as one node that never fails.
    Controller,
    /// A broker.
    Broker(BrokerId),
    /// A producer client.
    Producer(ProducerIdx),
    /// A consumer client.
    Consumer(ConsumerIdx),
}

impl NodeId {
    /// A stable number for deriving this node's random stream.
    pub fn stream_id(self) -> u64 {
        match self {
            NodeId::Controller => 1,
            NodeId::Broker(b) => 0x1_0000 + b.0 as u64,
            NodeId::Producer(p) => 0x2_0000 + p.0 as u64,
            NodeId::Consumer(c) => 0x3_0000 + c.0 as u64,
        }
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeId::Controller => write!(f, "controller"),
            NodeId::Broker(b) => write!(f, "broker-{}", b.0),
            NodeId::Producer(p) => write!(f, "producer-{}", p.0),
            NodeId::Consumer(c) => write!(f, "consumer-{}", c.0),
        }
    }
}

/// A partition's leader epoch (KIP-101): bumped on every leader change.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct LeaderEpoch(pub u32);

/// A consumer group's generation id.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct GenerationId(pub i32);

/// One record, followed through every hop from `send()` to `poll()`. Stable across the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RecordId(pub u64);

impl RecordId {
    /// The id of the `n`th record sent by `producer`.
    pub fn new(producer: ProducerIdx, n: u64) -> RecordId {
        RecordId(((producer.0 as u64) << 40) | n)
    }

    /// The producer that sent this record.
    pub fn producer(self) -> ProducerIdx {
        ProducerIdx((self.0 >> 40) as u16)
    }

    /// Its position in the producer's send order.
    pub fn send_index(self) -> u64 {
        self.0 & ((1 << 40) - 1)
    }
}

/// Kafka's producer id for an idempotent producer (from InitProducerId).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ProducerId(pub i64);

/// A producer batch, unique within its producer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BatchId(pub u64);

/// One message on the simulated network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MessageId(pub u64);
