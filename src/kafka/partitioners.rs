//! The producer partitioners we simulate (`partitioner.class`); the partitioning itself is in
//! `engine::producer::partitioner`.

use serde::{Deserialize, Serialize};

/// How null-key (and, with `partitioner.class`, all) records are spread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartitionerKind {
    /// The built-in partitioner: murmur2 for keys, uniform sticky for null keys (3.3+).
    BuiltIn,
    /// `org.apache.kafka.clients.producer.RoundRobinPartitioner`.
    RoundRobin,
    /// The pre-2.4 `DefaultPartitioner`: murmur2 for keys, round-robin for null keys (named legacy option).
    LegacyRoundRobin,
}
