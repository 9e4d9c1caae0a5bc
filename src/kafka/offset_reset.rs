//! `auto.offset.reset`: where a consumer starts reading a partition its group has no committed offset for.

use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// `OffsetResetStrategy`, named as the config value spells it. Kafka 4.0 deprecates that enum: the client parses the
/// config into its internal `AutoOffsetResetStrategy`, which adds `by_duration:<ISO-8601 duration>` (not simulated).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetResetStrategy {
    /// `earliest`: the log start offset, which Kafka asks of the leader (ListOffsets); ours starts at 0 unasked.
    Earliest,
    /// `latest` (the default): the log end offset, asked of the leader with ListOffsets.
    Latest,
    /// `none`: `poll()` throws `NoOffsetForPartitionException`.
    None,
}

impl OffsetResetStrategy {
    /// The config value.
    pub fn name(self) -> &'static str {
        match self {
            OffsetResetStrategy::Earliest => "earliest",
            OffsetResetStrategy::Latest => "latest",
            OffsetResetStrategy::None => "none",
        }
    }

    /// The strategy `auto.offset.reset=value` names (lower case, as the config parser leaves it).
    pub fn from_name(value: &str) -> Option<OffsetResetStrategy> {
        [
            OffsetResetStrategy::Earliest,
            OffsetResetStrategy::Latest,
            OffsetResetStrategy::None,
        ]
        .into_iter()
        .find(|s| s.name() == value)
    }
}

/// Hashes as its name: the trace carried the strategy as that text before it was an enum, and the trace hash pins
/// every run.
impl Hash for OffsetResetStrategy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}
