//! The producer's view of the cluster: which broker leads each partition of its topic, fetched with a Metadata
//! request and refreshed when a response error or a lost connection invalidates it.
//!
//! Models: the producer's `Metadata` / `ProducerMetadata` and `NetworkClient.DefaultMetadataUpdater`,
//! `Cluster.availablePartitionsForTopic` (shared/KAFKA.md §3).
//!
//! Simplifications:
//! - One Metadata request at a time, to one broker; on a timeout (`request.timeout.ms`, at most 5 s) or an answer
//!   with leaders missing the next request goes to the next broker in the list.
//! - No periodic `metadata.max.age.ms` refresh: metadata is refetched only when something shows it stale.

use super::Producer;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::Duration;

impl Producer {
    /// Sends a Metadata request unless one is in flight.
    pub(super) fn request_metadata(&mut self, ctx: &mut Ctx<'_>) {
        if self.metadata_in_flight.is_some() {
            return;
        }
        self.next_correlation += 1;
        self.metadata_in_flight = Some(self.next_correlation);
        let b = self.brokers[self.metadata_broker % self.brokers.len()];
        ctx.send(
            NodeId::Broker(b),
            Message::MetadataRequest {
                correlation_id: self.next_correlation,
            },
        );
        ctx.set_timer(
            TimerKind::MetadataRetry,
            Duration::from_ms(self.config.request_timeout_ms.min(5000)),
        );
    }

    /// The Metadata answer: record the leaders of our topic, retry after `retry.backoff.ms` while some are missing,
    /// then let a blocked `send()` and the Sender go on.
    pub(super) fn handle_metadata_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        correlation_id: u64,
        partitions: &[PartitionState],
    ) {
        if self.metadata_in_flight != Some(correlation_id) {
            return;
        }
        self.metadata_in_flight = None;
        ctx.cancel_timer(TimerKind::MetadataRetry);
        for p in partitions.iter().filter(|p| p.tp.topic == self.topic) {
            self.leaders.insert(p.tp, p.leader);
        }
        if partitions.iter().any(|p| p.tp.topic == self.topic) {
            self.metadata_known = true;
        }
        if !self.metadata_known || self.leaders.values().any(|l| l.is_none()) {
            self.metadata_broker += 1;
            ctx.set_timer(
                TimerKind::MetadataRetry,
                Duration::from_ms(self.config.retry_backoff_ms.max(1)),
            );
        }
        self.unblock(ctx);
        self.run_sender(ctx);
    }

    /// The Metadata request timed out (try the next broker) or the backoff after an incomplete answer ran out.
    pub(super) fn handle_metadata_retry(&mut self, ctx: &mut Ctx<'_>) {
        if self.metadata_in_flight.take().is_some() {
            self.metadata_broker += 1;
        }
        let missing = !self.metadata_known || self.leaders.values().any(|l| l.is_none());
        if missing || self.blocked.is_some() {
            self.request_metadata(ctx);
        }
    }

    /// `Cluster.availablePartitionsForTopic`: the partitions of our topic with a known leader.
    pub(super) fn available_partitions(&self) -> Vec<u32> {
        (0..self.partitions)
            .filter(|p| {
                self.leaders
                    .get(&TopicPartition {
                        topic: self.topic,
                        partition: *p,
                    })
                    .is_some_and(|l| l.is_some())
            })
            .collect()
    }
}
