//! The classic group's states, as the group coordinator keeps them (`ClassicGroupState`; `GroupState` in the Scala
//! coordinator before 3.7). The state machine itself is in `engine::broker::coordinator`.

use serde::{Deserialize, Serialize};
use std::hash::{Hash, Hasher};

/// `ClassicGroupState`, named as its `toString()` names it (what `kafka-consumer-groups.sh --describe --state`
/// prints). Kafka's fifth state, `Dead` (the group deleted or migrated away), is not simulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum GroupState {
    /// No members.
    Empty,
    /// Waiting for members to (re)join.
    PreparingRebalance,
    /// Waiting for the leader's SyncGroup.
    CompletingRebalance,
    /// Assignment in force.
    Stable,
}

impl GroupState {
    /// Kafka's name.
    pub fn name(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
        }
    }
}

/// Hashes as its name: the trace carried the state as that text before it was an enum, and the trace hash pins
/// every run.
impl Hash for GroupState {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}
