//! The metadata a broker holds: the partition states and live brokers the controller publishes, applied in order of
//! the controller's metadata offset, and served to clients that ask with a MetadataRequest.
//!
//! Models: `MetadataCache` and `BrokerMetadataPublisher` (which applies partition changes through
//! `ReplicaManager.applyDelta`, shared/KAFKA.md §8).
//!
//! Simplifications:
//! - The controller pushes whole partition states (`UpdateMetadata`) instead of a replicated metadata log; an update
//!   older than the last one applied is dropped.

use super::Broker;
use crate::engine::ids::*;
use crate::engine::node::Ctx;
use crate::engine::protocol::*;
use crate::engine::setup::Setup;

impl Broker {
    /// Applies the controller's metadata: each partition state may make this broker leader or follower.
    pub(super) fn handle_update_metadata(
        &mut self,
        ctx: &mut Ctx<'_>,
        setup: &Setup,
        partitions: Vec<PartitionState>,
        live_brokers: Vec<BrokerId>,
        metadata_offset: u64,
    ) {
        if metadata_offset < self.metadata_offset {
            return;
        }
        self.metadata_offset = metadata_offset;
        self.live_brokers = live_brokers;
        for p in partitions {
            self.apply_partition_state(ctx, setup, p);
        }
    }

    /// A client's MetadataRequest, answered from this broker's cache (possibly stale).
    pub(super) fn handle_metadata_request(
        &mut self,
        ctx: &mut Ctx<'_>,
        from: NodeId,
        correlation_id: u64,
    ) {
        ctx.send(
            from,
            Message::MetadataResponse {
                correlation_id,
                partitions: self
                    .metadata_snapshot
                    .get_or_insert_with(|| self.metadata.values().cloned().collect())
                    .clone(),
                live_brokers: self.live_brokers.clone(),
            },
        );
    }
}
