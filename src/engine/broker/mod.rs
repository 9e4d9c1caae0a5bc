//! A Kafka broker: partition replicas (leader and follower), produce and fetch handling, ISR maintenance and the
//! high watermark, purgatories for `acks=all` produces and long-poll fetches, and its heartbeat to the controller.
//!
//! Models: `ReplicaManager`, `Partition`, `DelayedProduce`, `DelayedFetch`, `AbstractFetcherThread`,
//! `BrokerLifecycleManager` (shared/KAFKA.md §5, §8). This file holds the [`Broker`] value and the dispatch of its
//! requests and timers (`KafkaApis`); each concept lives in its own file:
//! - [`partition`]: one replica's state, becoming leader or follower, ISR shrink and expand, the high watermark;
//! - [`produce`]: `ReplicaManager.appendRecords` and the produce purgatory;
//! - [`fetch`]: `ReplicaManager.fetchMessages`, the fetch purgatory, ListOffsets;
//! - [`replica_fetcher`]: a follower's `ReplicaFetcherThread`;
//! - [`producer_state`]: `ProducerStateManager`, the idempotence state per producer id;
//! - [`lifecycle`]: start, crash, heartbeat and controlled shutdown;
//! - [`metadata`]: the metadata the controller publishes, and the answer to a client's MetadataRequest.
//!
//! Simplifications:
//! - One follower fetch session per (follower, leader) pair; it fetches all partitions it follows on that leader.
//! - The ISR change is sent to the controller (AlterPartition) and applied when the controller's metadata comes back;
//!   while pending, the leader uses the "maximal ISR" (KIP-497) for the high watermark.
//! - The log survives a crash intact; volatile state (purgatories, fetch sessions, follower state) does not.
//! - Producer state (the last 5 batches per producer id) is rebuilt from the log after truncation and on leadership.

pub mod controller;
pub mod coordinator;
pub mod fetch;
pub mod lifecycle;
pub mod log;
pub mod metadata;
pub mod partition;
pub mod produce;
pub mod producer_state;
pub mod replica_fetcher;

use super::ids::*;
use super::node::{Ctx, TimerKind};
use super::partition_map::PartitionMap;
use super::protocol::*;
use super::setup::Setup;
use super::time::Duration;
use fetch::DelayedFetch;
use produce::DelayedProduce;
use replica_fetcher::Fetcher;
use std::collections::BTreeMap;
use std::rc::Rc;

pub use crate::kafka::errors::parse_injectable_error;
pub use partition::{FollowerState, Replica, Role};
pub use producer_state::{ProducerEntry, ProducerStateManager, NUM_BATCHES_TO_RETAIN};

/// A broker.
#[derive(Clone, Debug)]
pub struct Broker {
    /// Its id.
    pub id: BrokerId,
    /// Whether the process is running.
    pub alive: bool,
    /// Bumped on every restart (the broker epoch).
    pub incarnation: u32,
    /// Replicas hosted here.
    pub replicas: PartitionMap<Replica>,
    /// The latest metadata from the controller.
    pub metadata: PartitionMap<PartitionState>,
    /// Live brokers according to that metadata.
    pub live_brokers: Vec<BrokerId>,
    /// Extra delay on every fetch this broker sends as a follower (slow follower fault).
    pub fetch_delay: Duration,
    /// Scripted fault: fail the next N produces with this error.
    pub fail_produces: Option<(u32, KafkaError)>,
    /// Controlled shutdown requested.
    pub shutting_down: bool,
    /// The controller's metadata offset of the last `UpdateMetadata` applied (0 after a restart).
    pub metadata_offset: u64,
    /// `metadata` as one list, shared by every MetadataResponse until the metadata changes (answering a client
    /// copied every partition's ISR and replicas).
    metadata_snapshot: Option<Rc<[PartitionState]>>,
    delayed_produce: BTreeMap<u64, DelayedProduce>,
    delayed_fetch: BTreeMap<u64, DelayedFetch>,
    /// Parked fetches by partition, as `DelayedOperationPurgatory` watches them by key (ids of answered fetches are
    /// dropped lazily, when the partition is next checked).
    fetch_watch: PartitionMap<Vec<u64>>,
    /// Partitions whose log end, high watermark, role or epoch moved since parked fetches were last checked.
    fetch_dirty: Vec<TopicPartition>,
    // One counter for both purgatories: a parked request's id names its expiry timer.
    next_delayed: u64,
    fetchers: BTreeMap<BrokerId, Fetcher>,
    next_correlation: u64,
}

impl Broker {
    /// A broker hosting its assigned replicas, empty.
    pub fn new(id: BrokerId, setup: &Setup) -> Broker {
        let mut replicas = PartitionMap::default();
        for tp in setup.all_partitions() {
            if setup.topic(tp).assignment[tp.partition as usize].contains(&id) {
                replicas.insert(tp, Replica::new(tp));
            }
        }
        Broker {
            id,
            alive: true,
            incarnation: 0,
            replicas,
            metadata: PartitionMap::default(),
            live_brokers: Vec::new(),
            fetch_delay: Duration::ZERO,
            fail_produces: None,
            shutting_down: false,
            metadata_offset: 0,
            metadata_snapshot: None,
            delayed_produce: BTreeMap::new(),
            delayed_fetch: BTreeMap::new(),
            fetch_watch: PartitionMap::default(),
            fetch_dirty: Vec::new(),
            next_delayed: 0,
            fetchers: BTreeMap::new(),
            next_correlation: 0,
        }
    }

    /// Handles a timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind, setup: &Setup) {
        match kind {
            TimerKind::BrokerHeartbeat => self.send_heartbeat(ctx, setup),
            TimerKind::IsrExpiry => self.handle_isr_expiry(ctx, setup),
            TimerKind::ReplicaFetch(leader) => self.send_replica_fetch(ctx, setup, leader),
            TimerKind::ReplicaFetchTimeout(leader) => {
                self.handle_replica_fetch_timeout(ctx, setup, leader)
            }
            TimerKind::DelayedProduceExpiry(id) => self.expire_delayed_produce(ctx, id),
            TimerKind::AlterPartitionTimeout(tp) => self.handle_alter_partition_timeout(ctx, tp),
            TimerKind::DelayedFetchExpiry(id) => self.expire_delayed_fetch(ctx, id),
            _ => {}
        }
    }

    /// Handles a message (`KafkaApis.handle`).
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message, setup: &Setup) {
        match msg {
            Message::UpdateMetadata {
                partitions,
                live_brokers,
                metadata_offset,
            } => self.handle_update_metadata(ctx, setup, partitions, live_brokers, metadata_offset),
            Message::ControlledShutdownResponse if self.shutting_down => {
                self.handle_controlled_shutdown_response(ctx)
            }
            Message::AlterPartitionResponse {
                tp,
                error: Some(_),
                partition_epoch,
            } => self.handle_alter_partition_error(tp, partition_epoch),
            Message::ProduceRequest {
                correlation_id,
                acks,
                timeout,
                batches,
            } => self.handle_produce(ctx, setup, from, correlation_id, acks, timeout, batches),
            Message::FetchRequest {
                correlation_id,
                replica,
                max_wait,
                min_bytes,
                max_bytes,
                partitions,
            } => self.handle_fetch(
                ctx,
                setup,
                from,
                correlation_id,
                replica,
                max_wait,
                min_bytes,
                max_bytes,
                partitions,
            ),
            Message::FetchResponse {
                correlation_id,
                partitions,
            } => {
                if let NodeId::Broker(leader) = from {
                    self.handle_replica_fetch_response(
                        ctx,
                        setup,
                        leader,
                        correlation_id,
                        partitions,
                    );
                }
            }
            Message::ListOffsetsRequest {
                correlation_id,
                tps,
            } => self.handle_list_offsets(ctx, from, correlation_id, tps),
            Message::MetadataRequest { correlation_id } => {
                self.handle_metadata_request(ctx, from, correlation_id)
            }
            Message::Disconnected => {
                if let NodeId::Broker(leader) = from {
                    self.handle_leader_disconnected(ctx, setup, leader);
                }
            }
            _ => {}
        }
    }

    /// A replica, for views and invariants.
    pub fn replica(&self, tp: TopicPartition) -> Option<&Replica> {
        self.replicas.get(&tp)
    }
}
