//! The partitioner stage of a producer card: why the last record went to its partition, in Kafka's terms.
//!
//! Models: `KafkaProducer.partition()` (shared/KAFKA.md §2): `toPositive(murmur2(serialized key)) % partitions` for
//! a key (`BuiltInPartitioner.partitionForKey`), uniform sticky for a null key (switching after about `batch.size`
//! bytes, KIP-794), the record's explicit partition, `RoundRobinPartitioner`, and the pre-2.4
//! `DefaultPartitioner`'s round-robin for null keys.
//!
//! Simplifications: long keys are shortened to 18 characters.

use super::text::bytes;
use crate::engine::trace::PartitionReason;
use crate::viz::scene::PartitionChoice;

/// Why the partitioner chose a partition, in Kafka's terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionerText {
    /// "→ orders-2".
    pub result: String,
    /// One or two lines of reasoning, e.g. `murmur2("peter-5") = 765346580`, `→ 765346580 % 3 = 2`.
    pub why: Vec<String>,
}

impl PartitionerText {
    /// Everything on one line (the test hook's `data-text`).
    pub fn one_line(&self) -> String {
        std::iter::once(self.result.as_str())
            .chain(self.why.iter().map(|s| s.as_str()))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn short_key(k: &str) -> String {
    const MAX: usize = 18;
    if k.chars().count() > MAX {
        format!("{}…", k.chars().take(MAX - 1).collect::<String>())
    } else {
        k.to_string()
    }
}

/// Why the partitioner chose `choice.tp`, the way `KafkaProducer.partition()` decides (shared/KAFKA.md §2):
/// `toPositive(murmur2(serialized key)) % partitions` for a key, uniform sticky for a null key (switching after
/// about `batch.size` bytes), or the record's explicit partition.
pub fn partitioner_text(
    choice: &PartitionChoice,
    partitions: u32,
    batch_size: u64,
    tp_name: &str,
) -> PartitionerText {
    let result = format!("→ {tp_name}");
    let why = match (&choice.key, choice.reason) {
        (key, PartitionReason::KeyHash(h)) => {
            let positive = (h as u32) & 0x7fff_ffff;
            let n = partitions.max(1);
            let first = match key {
                Some(k) => format!("murmur2(\"{}\") = {h}", short_key(k)),
                None => format!("murmur2(key) = {h}"),
            };
            let second = if h >= 0 {
                format!("→ {positive} % {n} = {}", positive % n)
            } else {
                format!("→ toPositive {positive} % {n} = {}", positive % n)
            };
            vec![first, second]
        }
        (_, PartitionReason::Sticky) => vec![
            format!("null key: sticky → {tp_name}"),
            format!("(switches after ~batch.size = {})", bytes(batch_size)),
        ],
        (_, PartitionReason::Explicit) => vec![
            format!("explicit partition {}", choice.tp.partition),
            "(ProducerRecord.partition set)".to_string(),
        ],
        (_, PartitionReason::RoundRobin) => vec![
            format!("round-robin → {tp_name}"),
            "(RoundRobinPartitioner, key ignored)".to_string(),
        ],
        (_, PartitionReason::LegacyRoundRobin) => vec![
            format!("round-robin → {tp_name}"),
            "(pre-2.4 DefaultPartitioner, null key)".to_string(),
        ],
    };
    PartitionerText { result, why }
}
