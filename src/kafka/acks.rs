//! `acks`: how many replicas must have a write before the leader answers (`ProducerConfig.ACKS_CONFIG`).

use serde::{Deserialize, Serialize};

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
