//! The render-oriented model of a run, built only from the trace.
//!
//! Models: what an operator would see on Kafka's dashboards (per-replica log end offset and high watermark, the
//! ISR, group state and generation, producer batches filling up), made exact because it is folded from the
//! engine's trace events rather than sampled.
//!
//! Rules:
//! - [`Scene::new`] takes only static structure from the [`Topology`] (brokers, replica assignment, producer
//!   configs, groups with their `group.id` and subscriptions, consumers); everything that changes comes through
//!   [`Scene::apply`].
//! - `apply` is total: an event naming an unknown broker, partition or consumer is ignored, never a panic.
//! - The scene never decides a protocol fact; it only records what the engine said happened.
//!
//! One file per part of the picture: `brokers` (process state), `partitions` (replica logs, HW, ISR, leaders),
//! `producers` (`send()` and callbacks, with the `accumulator` and the `sender` inside), `consumers`, `groups`,
//! `network`, `notes` and `totals`. Each adds the `handle_*` functions for its events to `impl Scene`;
//! [`Scene::apply`] only dispatches.
//!
//! Simplifications:
//! - A replica log keeps record ids only (no sizes, no timestamps).
//! - The list of notable events ([`Scene::notes`]) and the recently dropped messages are bounded.

mod brokers;
mod consumers;
mod groups;
pub mod log_marks;
mod network;
mod notes;
mod partitions;
mod producers;
mod totals;

pub use brokers::BrokerView;
pub use consumers::ConsumerView;
pub use groups::GroupView;
pub use network::{InFlight, MAX_DROPS};
pub use notes::{Note, MAX_NOTES};
pub use partitions::{PartitionView, ReplicaView};
pub use producers::{
    CallbackView, DeadLetter, OpenBatch, PartitionChoice, ProduceRequestView, ProducerView,
    Rejection, Serialized, MAX_DEAD_LETTERS,
};
pub use totals::Totals;

pub(crate) use consumers::lifecycle_text;

use crate::engine::ids::*;
use crate::engine::latency::{EndToEndLatency, LatencySummary};
use crate::engine::time::Instant;
use crate::engine::topology::Topology;
use crate::engine::trace::TraceEvent;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Render-oriented state, folded from the trace.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Time of the last applied event.
    pub now: Instant,
    /// Events applied.
    pub events: u64,
    /// Topic names by index.
    pub topic_names: Vec<String>,
    /// Brokers by index (`id - 1`).
    pub brokers: Vec<BrokerView>,
    /// Every partition, in setup order (topic, then partition).
    pub partitions: Vec<PartitionView>,
    /// Producers.
    pub producers: Vec<ProducerView>,
    /// Consumers over all groups.
    pub consumers: Vec<ConsumerView>,
    /// Consumer groups.
    pub groups: Vec<GroupView>,
    /// Messages on the wire.
    pub in_flight: BTreeMap<MessageId, InFlight>,
    /// Recently lost messages, with the time they were lost.
    pub dropped: VecDeque<(Instant, InFlight)>,
    /// Notable events, oldest first.
    pub notes: VecDeque<Note>,
    /// Cut links (from, to).
    pub cut_links: BTreeSet<(NodeId, NodeId)>,
    /// Totals.
    pub totals: Totals,
    /// Per group: end-to-end latency (`send()` → first processing), as the CLI report computes it; refreshed on
    /// every processed record up to 2,000 records per group, then whenever the count has grown by 2 %.
    pub group_latency: Vec<Option<LatencySummary>>,
    latency: EndToEndLatency,
    latency_counted: Vec<usize>,
    topic_offsets: Vec<usize>,
}

impl Scene {
    /// The static structure of a run: brokers, partitions with their replicas, clients and groups.
    pub fn new(topology: &Topology) -> Scene {
        let mut topic_offsets = Vec::with_capacity(topology.topics.len());
        let mut partitions = Vec::new();
        for (ti, t) in topology.topics.iter().enumerate() {
            topic_offsets.push(partitions.len());
            for (p, info) in t.partitions.iter().enumerate() {
                let tp = TopicPartition {
                    topic: TopicIdx(ti as u16),
                    partition: p as u32,
                };
                partitions.push(PartitionView::new(tp, format!("{}-{p}", t.name), info));
            }
        }
        // Groups up to the last one with a consumer: a trailing group without members is not drawn.
        let group_count = topology
            .consumers
            .iter()
            .map(|c| c.group.0 as usize + 1)
            .max()
            .unwrap_or(0);
        let all_topics: Vec<TopicIdx> = (0..topology.topics.len())
            .map(|t| TopicIdx(t as u16))
            .collect();
        Scene {
            now: Instant::ZERO,
            events: 0,
            topic_names: topology.topics.iter().map(|t| t.name.clone()).collect(),
            brokers: topology
                .brokers
                .iter()
                .map(|&id| BrokerView::new(id))
                .collect(),
            partitions,
            producers: topology
                .producers
                .iter()
                .enumerate()
                .map(|(i, c)| ProducerView::new(ProducerIdx(i as u16), c))
                .collect(),
            consumers: topology
                .consumers
                .iter()
                .enumerate()
                .map(|(i, c)| ConsumerView::new(ConsumerIdx(i as u16), c))
                .collect(),
            groups: (0..group_count)
                .map(|g| GroupView::new(GroupIdx(g as u16), topology.groups.get(g), &all_topics))
                .collect(),
            in_flight: BTreeMap::new(),
            dropped: VecDeque::new(),
            notes: VecDeque::new(),
            cut_links: BTreeSet::new(),
            totals: Totals::default(),
            group_latency: vec![None; group_count],
            latency: EndToEndLatency::default(),
            latency_counted: vec![0; group_count],
            topic_offsets,
        }
    }

    /// Builds a scene from a whole trace (or a prefix of one).
    pub fn from_trace<'a, I: IntoIterator<Item = &'a TraceEvent>>(
        topology: &Topology,
        events: I,
    ) -> Scene {
        let mut s = Scene::new(topology);
        for e in events {
            s.apply(e);
        }
        s
    }

    /// The end-to-end latencies (`send()` → first processing) of `group`, µs, in the order they were measured.
    pub fn e2e_samples(&self, group: GroupIdx) -> &[u64] {
        self.latency.samples(group)
    }

    /// Every node of the run but `me`, by name (`broker-2`, `controller`, `producer-0`, `consumer-1`): the other
    /// ends a link from `me` can be cut to.
    pub fn node_names_except(&self, me: NodeId) -> Vec<String> {
        let brokers = self.brokers.iter().map(|b| NodeId::Broker(b.id));
        let producers = self.producers.iter().map(|p| NodeId::Producer(p.idx));
        let consumers = self.consumers.iter().map(|c| NodeId::Consumer(c.idx));
        brokers
            .chain(std::iter::once(NodeId::Controller))
            .chain(producers)
            .chain(consumers)
            .filter(|n| *n != me)
            .map(|n| n.to_string())
            .collect()
    }

    /// Folds one trace event into the scene.
    pub fn apply(&mut self, event: &TraceEvent) {
        use TraceEvent::*;
        self.now = self.now.max(event.at());
        self.events += 1;
        self.latency.observe(event);
        if let RecordConsumed { group, .. } = event {
            self.refresh_latency(*group);
        }
        match event {
            // Producer: send(), the accumulator, the sender, callbacks.
            RecordSent {
                at,
                record,
                tp,
                reason,
                key,
                key_bytes,
                value_bytes,
                ..
            } => self.handle_record_sent(*at, *record, *tp, *reason, key, *key_bytes, *value_bytes),
            RecordBatched {
                at,
                record,
                batch,
                tp,
                batch_bytes,
                new_batch,
            } => self.handle_record_batched(*at, *record, *batch, *tp, *batch_bytes, *new_batch),
            SendBlocked { producer, .. } => self.handle_send_blocked(*producer),
            BatchesDrained {
                at,
                producer,
                broker,
                batches,
                correlation_id,
            } => self.handle_batches_drained(*at, *producer, *broker, batches, *correlation_id),
            ProduceRequestCompleted {
                at,
                producer,
                broker,
                correlation_id,
                error,
            } => self.handle_produce_request_completed(
                *at,
                *producer,
                *broker,
                *correlation_id,
                *error,
            ),
            BatchRetried {
                at,
                producer,
                batch,
                tp,
                error,
                attempt,
                backoff_until,
            } => self.handle_batch_retried(
                *at,
                *producer,
                *batch,
                *tp,
                *error,
                *attempt,
                *backoff_until,
            ),
            BatchSplit {
                at,
                producer,
                batch,
                tp,
                into,
            } => self.handle_batch_split(*at, *producer, *batch, *tp, into),
            ProducerEpochBumped { .. } => {}
            RecordAcked {
                at,
                record,
                tp,
                offset,
                timestamp,
                ..
            } => self.handle_record_acked(*at, *record, *tp, *offset, *timestamp),
            RecordFailed {
                at,
                record,
                tp,
                error,
            } => self.handle_record_failed(*at, *record, *tp, *error),

            // The network.
            MessageSent {
                at,
                id,
                from,
                to,
                api,
                response,
                deliver_at,
                records,
                error,
                ..
            } => self.handle_message_sent(InFlight {
                id: *id,
                from: *from,
                to: *to,
                sent_at: *at,
                deliver_at: *deliver_at,
                api: *api,
                response: *response,
                records: records.clone(),
                error: *error,
            }),
            MessageDelivered { at, id } => self.handle_message_delivered(*at, *id),
            MessageDropped { at, id } => self.handle_message_dropped(*at, *id),
            LinkChanged { at, from, to, cut } => self.handle_link_changed(*at, *from, *to, *cut),

            // Partitions: replica logs, HW, ISR, leaders.
            RecordsAppended {
                broker,
                tp,
                base_offset,
                records,
                leader_epoch,
                ..
            } => {
                for (i, record) in records.iter().enumerate() {
                    let offset = base_offset + i as u64;
                    self.handle_record_appended(*broker, *tp, offset, *record, *leader_epoch);
                }
            }
            DuplicateBatchDropped { .. } => {}
            HighWatermarkAdvanced { broker, tp, hw, .. } => {
                self.handle_high_watermark_advanced(*broker, *tp, *hw)
            }
            LogTruncated {
                at,
                broker,
                tp,
                to,
                removed,
            } => self.handle_log_truncated(*at, *broker, *tp, *to, removed),
            IsrChanged {
                at,
                tp,
                isr,
                shrunk,
            } => self.handle_isr_changed(*at, *tp, isr, *shrunk),
            LeaderElected {
                at,
                tp,
                leader,
                leader_epoch,
                unclean,
            } => self.handle_leader_elected(*at, *tp, *leader, *leader_epoch, *unclean),
            ReplicaRoleChanged {
                broker,
                tp,
                leader,
                leader_epoch,
                ..
            } => self.handle_replica_role_changed(*broker, *tp, *leader, *leader_epoch),
            ProduceParked { .. } => {}
            ProduceErrored {
                at,
                broker,
                tp,
                error,
            } => self.handle_produce_errored(*at, *broker, *tp, *error),

            // Broker processes.
            BrokerCrashed { at, broker } => self.handle_broker_stopped(*at, *broker, false),
            BrokerShutDown { at, broker } => self.handle_broker_stopped(*at, *broker, true),
            BrokerRestarted { at, broker } => self.handle_broker_restarted(*at, *broker),
            BrokerFenced { at, broker } => self.handle_broker_fenced(*at, *broker),
            BrokerUnfenced { broker, .. } => self.handle_broker_unfenced(*broker),
            FollowerSlowed {
                broker,
                extra_delay_us,
                ..
            } => self.handle_follower_slowed(*broker, *extra_delay_us),
            BrokerIsolated {
                at,
                broker,
                isolated,
            } => self.handle_broker_isolated(*at, *broker, *isolated),

            // Consumers.
            RecordsPolled { .. } => {}
            RecordConsumed {
                consumer,
                tp,
                offset,
                ..
            } => self.handle_record_consumed(*consumer, *tp, *offset),
            CommitFailed {
                at,
                consumer,
                error,
            }
            | ConsumerErrored {
                at,
                consumer,
                error,
            } => self.handle_consumer_error(*at, *consumer, *error),
            OffsetReset {
                consumer,
                tp,
                offset,
                ..
            } => self.handle_offset_reset(*consumer, *tp, *offset),
            MemberJoined {
                at,
                member_id,
                consumer,
                ..
            } => self.handle_member_joined(*at, member_id, *consumer),
            PartitionsAssigned {
                at,
                consumer,
                partitions,
            } => self.handle_partitions_assigned(*at, *consumer, partitions),
            PartitionsRevoked {
                at,
                consumer,
                partitions,
            } => self.handle_partitions_revoked(*at, *consumer, partitions),
            HeartbeatAnswered { at, consumer, .. } => {
                self.handle_heartbeat_answered(*at, *consumer)
            }
            ConsumerPhaseChanged {
                consumer, phase, ..
            } => self.handle_consumer_phase_changed(*consumer, *phase),
            ConsumerLifecycle { at, consumer, what } => {
                self.handle_consumer_lifecycle(*at, *consumer, *what)
            }
            PollTimeoutExpired { at, consumer } => self.handle_poll_timeout_expired(*at, *consumer),
            ConsumerStalled {
                at,
                consumer,
                until,
                gc,
            } => self.handle_consumer_stalled(*at, *consumer, *until, *gc),

            // Groups, as their coordinator reports them.
            OffsetCommitted {
                group, tp, offset, ..
            } => self.handle_offset_committed(*group, *tp, *offset),
            GroupStateChanged {
                at,
                group,
                state,
                generation,
            } => self.handle_group_state_changed(*at, *group, *state, *generation),
            GroupLoaded { at, group, .. } => self.handle_group_loaded(*at, *group),
            MemberRemoved {
                at,
                group,
                reason,
                member_id,
            } => self.handle_member_removed(*at, *group, *reason, member_id),
            RebalanceCompleted {
                at,
                group,
                generation,
                protocol,
                ..
            } => self.handle_rebalance_completed(*at, *group, *generation, protocol),

            // The scenario script.
            ActionApplied { at, action } => self.handle_action_applied(*at, action),
        }
    }
}

#[cfg(test)]
mod tests;
