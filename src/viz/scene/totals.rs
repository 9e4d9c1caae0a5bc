//! Running totals over the whole run, the counters the side panel lists.
//!
//! Models: the cluster-wide sums an operator reads off Kafka's client and broker metrics (`record-send-total`,
//! `records-consumed-total`, `UncleanLeaderElectionsPerSec`, ...), counted exactly from the trace.
//!
//! Simplifications: totals only ever grow; there are no rates or time windows.

/// Running totals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// `send()` calls.
    pub sent: u64,
    /// Producer callbacks with metadata.
    pub acked: u64,
    /// Producer callbacks with an exception.
    pub failed: u64,
    /// Records processed by consumers (`RecordConsumed`).
    pub consumed: u64,
    /// Accepted offset commits.
    pub commits: u64,
    /// Completed rebalances.
    pub rebalances: u64,
    /// Unclean leader elections.
    pub unclean_elections: u64,
    /// Records removed by log truncation.
    pub truncated: u64,
    /// Messages lost on the network.
    pub dropped: u64,
}
