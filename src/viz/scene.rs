//! The render-oriented model of a run, built only from the trace.
//!
//! Models: what an operator would see on Kafka's dashboards (per-replica log end offset and high watermark, the
//! ISR, group state and generation, producer batches filling up), made exact because it is folded from the
//! engine's trace events rather than sampled.
//!
//! Rules:
//! - [`Scene::new`] takes only static structure from the [`Setup`] (brokers, replica assignment, producer
//!   configs, consumers); everything that changes comes through [`Scene::apply`].
//! - `apply` is total: an event naming an unknown broker, partition or consumer is ignored, never a panic.
//! - The scene never decides a protocol fact; it only records what the engine said happened.
//!
//! Simplifications:
//! - A replica log keeps record ids only (no sizes, no timestamps).
//! - The list of notable events ([`Scene::notes`]) and the recently dropped messages are bounded.

use crate::engine::ids::*;
use crate::engine::latency::{EndToEndLatency, LatencySummary};
use crate::engine::protocol::{Acks, Api, KafkaError};
use crate::engine::setup::Setup;
use crate::engine::time::Instant;
use crate::engine::trace::{PartitionReason, TraceEvent};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// At most this many notes are kept (the page lists them newest first).
pub const MAX_NOTES: usize = 40;
/// At most this many dropped messages are kept for the fading "lost" marker.
pub const MAX_DROPS: usize = 32;
/// At most this many failed records are listed per producer (newest first).
pub const MAX_DEAD_LETTERS: usize = 50;

/// A broker as the page draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerView {
    /// `node.id`.
    pub id: BrokerId,
    /// The process is running.
    pub alive: bool,
    /// It stopped through a controlled shutdown (rather than a crash).
    pub shut_down: bool,
    /// The controller fenced it (missed `broker.session.timeout.ms`).
    pub fenced: bool,
    /// Cut off from every other node (a network partition around it).
    pub isolated: bool,
    /// Extra delay added to its follower fetches (slow follower), ms.
    pub fetch_delay_ms: u64,
}

/// One replica of a partition, on one broker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplicaView {
    /// The broker hosting it.
    pub broker: BrokerId,
    /// Record ids by offset.
    pub log: Vec<RecordId>,
    /// This replica's high watermark.
    pub high_watermark: u64,
    /// Whether this broker believes it leads the partition.
    pub leader: bool,
    /// The leader epoch this broker last learned.
    pub leader_epoch: LeaderEpoch,
}

impl ReplicaView {
    /// `log_end_offset`: the offset the next append gets.
    pub fn log_end_offset(&self) -> u64 {
        self.log.len() as u64
    }
}

/// A partition: its replicas and the controller's view of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionView {
    /// The partition.
    pub tp: TopicPartition,
    /// `topic-N`.
    pub name: String,
    /// Replicas in assignment order (preferred leader first).
    pub replicas: Vec<ReplicaView>,
    /// The ISR as the controller last committed it.
    pub isr: Vec<BrokerId>,
    /// The leader the controller last elected (`None`: offline); the preferred replica before any election.
    pub leader: Option<BrokerId>,
    /// The leader epoch of that election.
    pub leader_epoch: LeaderEpoch,
    /// `min(min.insync.replicas, replication.factor)`.
    pub min_isr: usize,
    /// The last election was unclean (`unclean.leader.election.enable=true`).
    pub unclean: bool,
}

impl PartitionView {
    /// The replica on `broker`, if it hosts one.
    pub fn replica(&self, broker: BrokerId) -> Option<&ReplicaView> {
        self.replicas.iter().find(|r| r.broker == broker)
    }

    fn replica_mut(&mut self, broker: BrokerId) -> Option<&mut ReplicaView> {
        self.replicas.iter_mut().find(|r| r.broker == broker)
    }
}

/// A batch in a producer's `RecordAccumulator` (or drained and awaiting its produce response).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenBatch {
    /// Its partition.
    pub tp: TopicPartition,
    /// Bytes so far (compare with `batch.size`).
    pub bytes: u32,
    /// The records in it.
    pub records: Vec<RecordId>,
    /// When its first record went in: `linger.ms` counts from here (`ProducerBatch.createdMs`).
    pub created_at: Instant,
    /// Closed for appends: a newer batch follows it, or it was re-enqueued for a retry or split.
    pub closed: bool,
    /// Send attempts that failed and were retried.
    pub attempts: u32,
    /// A retried batch may not be drained before this (`retry.backoff.ms`, exponential with jitter).
    pub backoff_until: Option<Instant>,
}

/// A produce request the sender has in flight on one broker connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceRequestView {
    /// The leader it went to.
    pub broker: BrokerId,
    /// When it was sent.
    pub sent_at: Instant,
    /// The batches it carries.
    pub batches: Vec<BatchId>,
}

/// The last record that went through the serializers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Serialized {
    /// When.
    pub at: Instant,
    /// Serialized key length, bytes (`None`: null key).
    pub key_bytes: Option<u32>,
    /// Serialized value length, bytes.
    pub value_bytes: u32,
}

/// A record `send()` refused before it reached the accumulator (serializer or size check).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// When.
    pub at: Instant,
    /// The record.
    pub record: RecordId,
    /// `SerializationException` or `RecordTooLargeException`.
    pub error: KafkaError,
}

/// A producer callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallbackView {
    /// When it fired.
    pub at: Instant,
    /// The record.
    pub record: RecordId,
    /// Its partition, if it got one.
    pub tp: Option<TopicPartition>,
    /// `RecordMetadata.offset()` (−1 with acks=0), when it succeeded.
    pub offset: Option<i64>,
    /// `RecordMetadata.timestamp()` (the record's CreateTime), when it succeeded.
    pub timestamp: Option<Instant>,
    /// The exception, when it failed.
    pub error: Option<KafkaError>,
}

/// A record whose callback saw an exception, kept for later correction (the producer's dead-letter list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetter {
    /// When the callback fired.
    pub at: Instant,
    /// The record.
    pub record: RecordId,
    /// Its partition, if the partitioner had chosen one.
    pub tp: Option<TopicPartition>,
    /// The exception.
    pub error: KafkaError,
}

/// The partitioner's last choice, shown under the producer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionChoice {
    /// When.
    pub at: Instant,
    /// The partition chosen.
    pub tp: TopicPartition,
    /// Why.
    pub reason: PartitionReason,
    /// The record key, if any.
    pub key: Option<String>,
}

/// A producer client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerView {
    /// Its index.
    pub idx: ProducerIdx,
    /// `acks`.
    pub acks: Acks,
    /// `batch.size`, bytes.
    pub batch_size: u64,
    /// `linger.ms`.
    pub linger_ms: u64,
    /// `enable.idempotence`.
    pub enable_idempotence: bool,
    /// `max.in.flight.requests.per.connection`.
    pub max_in_flight: u64,
    /// `retry.backoff.ms`.
    pub retry_backoff_ms: u64,
    /// Batches in the accumulator (filling, or queued until drained), by id.
    pub batches: BTreeMap<BatchId, OpenBatch>,
    /// The accumulator's deques: batch ids per partition, head (next to drain) first.
    pub deques: BTreeMap<TopicPartition, VecDeque<BatchId>>,
    /// Drained batches whose request is in flight.
    pub sending: BTreeMap<BatchId, OpenBatch>,
    /// Batches of the request that completed last: their retry or split follows in the trace.
    completing: BTreeMap<BatchId, OpenBatch>,
    /// Produce requests in flight, by correlation id.
    pub requests: BTreeMap<u64, ProduceRequestView>,
    /// `send()` calls.
    pub sent: u64,
    /// Callbacks with metadata.
    pub acked: u64,
    /// Callbacks with an exception.
    pub failed: u64,
    /// Batch retries.
    pub retries: u64,
    /// `send()` is blocked on `buffer.memory`.
    pub blocked: bool,
    /// The last record through the serializers.
    pub last_serialized: Option<Serialized>,
    /// Records refused by `send()` before the accumulator.
    pub rejected: u64,
    /// The last of them.
    pub last_rejection: Option<Rejection>,
    /// The last partitioner decision.
    pub last_choice: Option<PartitionChoice>,
    /// The last exception a callback saw.
    pub last_error: Option<KafkaError>,
    /// The last callback.
    pub last_callback: Option<CallbackView>,
    /// Failed records, newest first, at most [`MAX_DEAD_LETTERS`].
    pub dead_letters: VecDeque<DeadLetter>,
}

impl ProducerView {
    /// The batch still accepting records on `tp` (the tail of its deque), if any.
    pub fn open_batch(&self, tp: TopicPartition) -> Option<&OpenBatch> {
        let id = self.deques.get(&tp)?.back()?;
        self.batches.get(id).filter(|b| !b.closed)
    }

    /// Batches on `tp` that are closed and wait to be drained (full, followed by a newer batch, or re-enqueued).
    pub fn queued(&self, tp: TopicPartition) -> usize {
        let n = self.deques.get(&tp).map_or(0, |d| d.len());
        n - usize::from(self.open_batch(tp).is_some())
    }

    /// Produce requests in flight to `broker`.
    pub fn in_flight_to(&self, broker: BrokerId) -> usize {
        self.requests
            .values()
            .filter(|r| r.broker == broker)
            .count()
    }

    fn remove_from_deque(&mut self, id: BatchId) -> Option<OpenBatch> {
        let b = self.batches.remove(&id)?;
        if let Some(d) = self.deques.get_mut(&b.tp) {
            d.retain(|x| *x != id);
            if d.is_empty() {
                self.deques.remove(&b.tp);
            }
        }
        Some(b)
    }

    /// A record left the accumulator without being drained (its batch expired in `delivery.timeout.ms`).
    fn forget_queued_record(&mut self, tp: TopicPartition, record: RecordId) {
        let ids: Vec<BatchId> = self
            .deques
            .get(&tp)
            .map(|d| d.iter().copied().collect())
            .unwrap_or_default();
        for id in ids {
            let Some(b) = self.batches.get_mut(&id) else {
                continue;
            };
            if let Some(pos) = b.records.iter().position(|r| *r == record) {
                b.records.remove(pos);
                if b.records.is_empty() {
                    self.remove_from_deque(id);
                }
                return;
            }
        }
    }

    fn push_dead_letter(&mut self, letter: DeadLetter) {
        self.dead_letters.push_front(letter);
        self.dead_letters.truncate(MAX_DEAD_LETTERS);
    }
}

/// A consumer client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerView {
    /// Its index over all groups.
    pub idx: ConsumerIdx,
    /// Its group.
    pub group: GroupIdx,
    /// `started`, `crashed`, `closed`, `wakeup()`, or `not started`.
    pub lifecycle: String,
    /// The poll loop's phase (`polling`, `processing`, ...).
    pub phase: String,
    /// Partitions it owns now.
    pub assigned: Vec<TopicPartition>,
    /// Next offset to consume, per partition (last consumed + 1).
    pub positions: BTreeMap<TopicPartition, u64>,
    /// Records processed.
    pub consumed: u64,
    /// The last heartbeat answer.
    pub last_heartbeat: Option<Instant>,
    /// The last error the application saw.
    pub last_error: Option<KafkaError>,
    /// `session.timeout.ms` it joins with.
    pub session_timeout_ms: u64,
    /// Its member id while the coordinator counts it as a member (`MemberJoined` .. `MemberRemoved`).
    pub member_id: Option<String>,
    /// When the coordinator last (re)started this member's session timer: a Heartbeat or JoinGroup request
    /// delivered to the coordinator, or the end of a join phase (Kafka's `completeAndScheduleNextHeartbeatExpiration`).
    pub session_reset_at: Option<Instant>,
    /// The last `PartitionsRevoked`: when, and what.
    pub last_revoked: Option<(Instant, Vec<TopicPartition>)>,
    /// The last `PartitionsAssigned` that added partitions: when, and the ones that are new to it.
    pub last_assigned: Option<(Instant, Vec<TopicPartition>)>,
}

impl ConsumerView {
    /// The process is running (started and neither crashed nor closed).
    pub fn alive(&self) -> bool {
        !matches!(
            self.lifecycle.as_str(),
            "crashed" | "closed" | "not started"
        )
    }
}

/// A consumer group, as its coordinator reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupView {
    /// Its index.
    pub idx: GroupIdx,
    /// `group.id` (set by the page through [`Scene::name_groups`]).
    pub name: String,
    /// `Empty`, `PreparingRebalance`, `CompletingRebalance`, `Stable`.
    pub state: String,
    /// The generation id.
    pub generation: GenerationId,
    /// Committed offsets.
    pub committed: BTreeMap<TopicPartition, u64>,
    /// Completed rebalances.
    pub rebalances: u32,
    /// The assignment of the last completed rebalance.
    pub assignment: Vec<(ConsumerIdx, Vec<TopicPartition>)>,
    /// When `state` last changed.
    pub state_since: Instant,
    /// The protocol (assignor) the last rebalance chose, e.g. `range`.
    pub protocol: String,
    /// Subscribed topics (set through [`Scene::subscribe_groups`]; every topic until then).
    pub topics: Vec<TopicIdx>,
}

/// A message on the simulated network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    /// Its id.
    pub id: MessageId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// When it left.
    pub sent_at: Instant,
    /// When it arrives unless dropped.
    pub deliver_at: Instant,
    /// The Kafka API.
    pub api: Api,
    /// A response rather than a request.
    pub response: bool,
    /// Records it carries.
    pub records: Vec<RecordId>,
    /// The error it carries, if a response.
    pub error: Option<KafkaError>,
}

/// Something worth telling the user (an error, an election, a crash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// When.
    pub at: Instant,
    /// Where to flash it on the stage.
    pub node: Option<NodeId>,
    /// What, in Kafka's words.
    pub text: String,
    /// Drawn red (an error the client or broker saw).
    pub error: bool,
}

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
    /// The static structure of a run: brokers, partitions with their replicas, clients.
    pub fn new(setup: &Setup) -> Scene {
        let mut topic_offsets = Vec::with_capacity(setup.topics.len());
        let mut partitions = Vec::new();
        for (ti, t) in setup.topics.iter().enumerate() {
            topic_offsets.push(partitions.len());
            for p in 0..t.partitions {
                let tp = TopicPartition {
                    topic: TopicIdx(ti as u16),
                    partition: p,
                };
                let assigned = t.assignment.get(p as usize).cloned().unwrap_or_default();
                partitions.push(PartitionView {
                    tp,
                    name: format!("{}-{}", t.name, p),
                    replicas: assigned
                        .iter()
                        .map(|&broker| ReplicaView {
                            broker,
                            log: Vec::new(),
                            high_watermark: 0,
                            leader: false,
                            leader_epoch: LeaderEpoch::default(),
                        })
                        .collect(),
                    isr: assigned.clone(),
                    // The controller starts with the preferred replica leading, at leader epoch 0, without an election.
                    leader: assigned.first().copied(),
                    leader_epoch: LeaderEpoch::default(),
                    min_isr: (t.config.min_insync_replicas as usize).min(assigned.len()),
                    unclean: false,
                });
            }
        }
        let group_count = setup
            .consumers
            .iter()
            .map(|c| c.group.0 as usize + 1)
            .max()
            .unwrap_or(0);
        Scene {
            now: Instant::ZERO,
            events: 0,
            topic_names: setup.topics.iter().map(|t| t.name.clone()).collect(),
            brokers: setup
                .brokers
                .iter()
                .map(|&id| BrokerView {
                    id,
                    alive: true,
                    shut_down: false,
                    fenced: false,
                    isolated: false,
                    fetch_delay_ms: 0,
                })
                .collect(),
            partitions,
            producers: setup
                .producers
                .iter()
                .enumerate()
                .map(|(i, c)| ProducerView {
                    idx: ProducerIdx(i as u16),
                    acks: c.acks,
                    batch_size: c.batch_size,
                    linger_ms: c.linger_ms,
                    enable_idempotence: c.enable_idempotence,
                    max_in_flight: c.max_in_flight_requests_per_connection,
                    retry_backoff_ms: c.retry_backoff_ms,
                    batches: BTreeMap::new(),
                    deques: BTreeMap::new(),
                    sending: BTreeMap::new(),
                    completing: BTreeMap::new(),
                    requests: BTreeMap::new(),
                    sent: 0,
                    acked: 0,
                    failed: 0,
                    retries: 0,
                    blocked: false,
                    last_serialized: None,
                    rejected: 0,
                    last_rejection: None,
                    last_choice: None,
                    last_error: None,
                    last_callback: None,
                    dead_letters: VecDeque::new(),
                })
                .collect(),
            consumers: setup
                .consumers
                .iter()
                .enumerate()
                .map(|(i, c)| ConsumerView {
                    idx: ConsumerIdx(i as u16),
                    group: c.group,
                    lifecycle: "not started".into(),
                    phase: "stopped".into(),
                    assigned: Vec::new(),
                    positions: BTreeMap::new(),
                    consumed: 0,
                    last_heartbeat: None,
                    last_error: None,
                    session_timeout_ms: c.config.session_timeout_ms,
                    member_id: None,
                    session_reset_at: None,
                    last_revoked: None,
                    last_assigned: None,
                })
                .collect(),
            groups: (0..group_count)
                .map(|g| GroupView {
                    idx: GroupIdx(g as u16),
                    name: format!("group-{g}"),
                    state: "Empty".into(),
                    generation: GenerationId::default(),
                    committed: BTreeMap::new(),
                    rebalances: 0,
                    assignment: Vec::new(),
                    state_since: Instant::ZERO,
                    protocol: String::new(),
                    topics: (0..setup.topics.len())
                        .map(|t| TopicIdx(t as u16))
                        .collect(),
                })
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

    /// Gives the groups their `group.id`s (the setup numbers them; the scenario names them).
    pub fn name_groups<I: IntoIterator<Item = String>>(&mut self, names: I) {
        for (g, name) in self.groups.iter_mut().zip(names) {
            g.name = name;
        }
    }

    /// Gives the groups their subscriptions (topic names; unknown names are ignored), one list per group.
    pub fn subscribe_groups<I: IntoIterator<Item = Vec<String>>>(&mut self, topics: I) {
        for (g, names) in self.groups.iter_mut().zip(topics) {
            g.topics = names
                .iter()
                .filter_map(|n| self.topic_names.iter().position(|t| t == n))
                .map(|t| TopicIdx(t as u16))
                .collect();
        }
    }

    /// The partitions a group subscribes to, in setup order.
    pub fn group_partitions(&self, group: GroupIdx) -> Vec<TopicPartition> {
        let Some(g) = self.groups.get(group.0 as usize) else {
            return Vec::new();
        };
        self.partitions
            .iter()
            .map(|p| p.tp)
            .filter(|tp| g.topics.contains(&tp.topic))
            .collect()
    }

    /// The high watermark of the partition's current leader replica (as the controller elected it), or 0 when
    /// offline; the same reference the CLI report uses for lag.
    pub fn leader_high_watermark(&self, tp: TopicPartition) -> u64 {
        self.partition(tp)
            .and_then(|p| p.replica(p.leader?))
            .map(|r| r.high_watermark)
            .unwrap_or(0)
    }

    /// Consumer lag of a group on a partition, in records: leader HW − committed offset (0 committed when the
    /// group has none), as `kafka-consumer-groups.sh --describe` computes `LAG` from the log end it can read.
    pub fn lag(&self, group: GroupIdx, tp: TopicPartition) -> u64 {
        let committed = self
            .groups
            .get(group.0 as usize)
            .and_then(|g| g.committed.get(&tp).copied())
            .unwrap_or(0);
        self.leader_high_watermark(tp).saturating_sub(committed)
    }

    /// The member that owns a partition now in a group (alive, in the group, and listing it).
    pub fn owner(&self, group: GroupIdx, tp: TopicPartition) -> Option<ConsumerIdx> {
        self.consumers
            .iter()
            .find(|c| c.group == group && c.alive() && c.assigned.contains(&tp))
            .map(|c| c.idx)
    }

    /// A member that is alive and counted by the coordinator, in a Stable group, with no partition: with more
    /// consumers than partitions, the extra ones wait as hot standbys.
    pub fn is_idle(&self, consumer: ConsumerIdx) -> bool {
        let Some(c) = self.consumers.get(consumer.0 as usize) else {
            return false;
        };
        let stable = self
            .groups
            .get(c.group.0 as usize)
            .is_some_and(|g| g.state == "Stable");
        c.alive() && c.member_id.is_some() && stable && c.assigned.is_empty()
    }

    /// Index of a partition in [`Scene::partitions`].
    pub fn partition_index(&self, tp: TopicPartition) -> Option<usize> {
        let base = *self.topic_offsets.get(tp.topic.0 as usize)?;
        let i = base + tp.partition as usize;
        (self.partitions.get(i)?.tp == tp).then_some(i)
    }

    /// The number of partitions of a topic (0 if unknown).
    pub fn partition_count(&self, topic: TopicIdx) -> u32 {
        let t = topic.0 as usize;
        let Some(&base) = self.topic_offsets.get(t) else {
            return 0;
        };
        let end = self
            .topic_offsets
            .get(t + 1)
            .copied()
            .unwrap_or(self.partitions.len());
        end.saturating_sub(base) as u32
    }

    /// The partition, if it exists.
    pub fn partition(&self, tp: TopicPartition) -> Option<&PartitionView> {
        self.partition_index(tp).map(|i| &self.partitions[i])
    }

    fn partition_mut(&mut self, tp: TopicPartition) -> Option<&mut PartitionView> {
        let i = self.partition_index(tp)?;
        self.partitions.get_mut(i)
    }

    /// `topic-N` for a partition (or `?-N` if unknown).
    pub fn tp_name(&self, tp: TopicPartition) -> String {
        match self.topic_names.get(tp.topic.0 as usize) {
            Some(t) => format!("{t}-{}", tp.partition),
            None => format!("?-{}", tp.partition),
        }
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

    /// The broker, if it exists.
    pub fn broker(&self, id: BrokerId) -> Option<&BrokerView> {
        self.brokers.get((id.0 as usize).checked_sub(1)?)
    }

    fn broker_mut(&mut self, id: BrokerId) -> Option<&mut BrokerView> {
        self.brokers.get_mut((id.0 as usize).checked_sub(1)?)
    }

    fn note(&mut self, at: Instant, node: Option<NodeId>, text: String, error: bool) {
        self.notes.push_back(Note {
            at,
            node,
            text,
            error,
        });
        while self.notes.len() > MAX_NOTES {
            self.notes.pop_front();
        }
    }

    fn refresh_latency(&mut self, group: GroupIdx) {
        let g = group.0 as usize;
        let n = self.latency.count(group);
        let Some(counted) = self.latency_counted.get_mut(g) else {
            return;
        };
        if n != *counted && (n <= 2000 || (n - *counted) * 50 >= n) {
            *counted = n;
            self.group_latency[g] = self.latency.summary(group);
        }
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
            RecordSent {
                at,
                record,
                tp,
                reason,
                key,
                key_bytes,
                value_bytes,
                ..
            } => {
                self.totals.sent += 1;
                if let Some(p) = self.producers.get_mut(record.producer().0 as usize) {
                    p.sent += 1;
                    p.last_serialized = Some(Serialized {
                        at: *at,
                        key_bytes: *key_bytes,
                        value_bytes: *value_bytes,
                    });
                    p.last_choice = Some(PartitionChoice {
                        at: *at,
                        tp: *tp,
                        reason: *reason,
                        key: key.clone(),
                    });
                }
            }
            RecordBatched {
                at,
                record,
                batch,
                tp,
                batch_bytes,
                new_batch,
            } => {
                if let Some(p) = self.producers.get_mut(record.producer().0 as usize) {
                    p.blocked = false;
                    if *new_batch || !p.batches.contains_key(batch) {
                        // The previous tail is closed for appends once a new batch is added behind it.
                        if let Some(prev) = p.deques.get(tp).and_then(|d| d.back()).copied() {
                            if let Some(b) = p.batches.get_mut(&prev) {
                                b.closed = true;
                            }
                        }
                        p.deques.entry(*tp).or_default().push_back(*batch);
                    }
                    let b = p.batches.entry(*batch).or_insert_with(|| OpenBatch {
                        tp: *tp,
                        bytes: 0,
                        records: Vec::new(),
                        created_at: *at,
                        closed: false,
                        attempts: 0,
                        backoff_until: None,
                    });
                    b.bytes = *batch_bytes;
                    b.records.push(*record);
                }
            }
            SendBlocked { producer, .. } => {
                if let Some(p) = self.producers.get_mut(producer.0 as usize) {
                    p.blocked = true;
                }
            }
            BatchesDrained {
                at,
                producer,
                broker,
                batches,
                correlation_id,
            } => {
                if let Some(p) = self.producers.get_mut(producer.0 as usize) {
                    let fire_and_forget = p.acks == Acks::None;
                    for id in batches {
                        let b = p.remove_from_deque(*id);
                        // acks=0: the batch completes as soon as it is sent; nothing stays in flight.
                        if let (Some(b), false) = (b, fire_and_forget) {
                            p.sending.insert(*id, b);
                        }
                    }
                    if !fire_and_forget {
                        p.requests.insert(
                            *correlation_id,
                            ProduceRequestView {
                                broker: *broker,
                                sent_at: *at,
                                batches: batches.clone(),
                            },
                        );
                    }
                }
            }
            ProduceRequestCompleted {
                at,
                producer,
                broker,
                correlation_id,
                error,
            } => {
                if let Some(p) = self.producers.get_mut(producer.0 as usize) {
                    p.completing.clear();
                    if let Some(r) = p.requests.remove(correlation_id) {
                        for id in r.batches {
                            if let Some(b) = p.sending.remove(&id) {
                                p.completing.insert(id, b);
                            }
                        }
                    }
                }
                if let Some(e) = error {
                    let text =
                        format!("{} on the connection to broker-{}", e.wire_name(), broker.0);
                    self.note(*at, Some(NodeId::Producer(*producer)), text, true);
                }
            }
            BatchRetried {
                at,
                producer,
                batch,
                tp,
                error,
                attempt,
                backoff_until,
            } => {
                if let Some(p) = self.producers.get_mut(producer.0 as usize) {
                    p.retries += 1;
                    let mut b = p
                        .completing
                        .remove(batch)
                        .or_else(|| p.sending.remove(batch))
                        .unwrap_or(OpenBatch {
                            tp: *tp,
                            bytes: 0,
                            records: Vec::new(),
                            created_at: *at,
                            closed: true,
                            attempts: 0,
                            backoff_until: None,
                        });
                    b.closed = true;
                    b.attempts = *attempt;
                    b.backoff_until = Some(*backoff_until);
                    // RecordAccumulator.reenqueue: back at the head of the deque.
                    p.deques.entry(*tp).or_default().push_front(*batch);
                    p.batches.insert(*batch, b);
                }
                let text = format!("retry #{attempt} after {}", error.wire_name());
                self.note(*at, Some(NodeId::Producer(*producer)), text, true);
            }
            BatchSplit {
                at,
                producer,
                batch,
                tp,
                into,
            } => {
                if let Some(p) = self.producers.get_mut(producer.0 as usize) {
                    let old = p
                        .completing
                        .remove(batch)
                        .or_else(|| p.sending.remove(batch));
                    let (records, bytes, created_at, attempts) = old
                        .map(|b| (b.records, b.bytes, b.created_at, b.attempts))
                        .unwrap_or((Vec::new(), 0, *at, 0));
                    // The trace names the pieces, not their records: spread the records evenly for the picture.
                    let k = into.len().max(1);
                    let per = records.len().div_ceil(k).max(1);
                    let dq = p.deques.entry(*tp).or_default();
                    for (i, id) in into.iter().enumerate().rev() {
                        dq.push_front(*id);
                        let piece: Vec<RecordId> =
                            records.iter().skip(i * per).take(per).copied().collect();
                        p.batches.insert(
                            *id,
                            OpenBatch {
                                tp: *tp,
                                bytes: bytes / k as u32,
                                records: piece,
                                created_at,
                                closed: true,
                                attempts,
                                backoff_until: None,
                            },
                        );
                    }
                }
            }
            ProducerEpochBumped { .. } => {}
            RecordAcked {
                at,
                record,
                tp,
                offset,
                timestamp,
                ..
            } => {
                self.totals.acked += 1;
                if let Some(p) = self.producers.get_mut(record.producer().0 as usize) {
                    p.acked += 1;
                    p.last_callback = Some(CallbackView {
                        at: *at,
                        record: *record,
                        tp: Some(*tp),
                        offset: Some(*offset),
                        timestamp: Some(*timestamp),
                        error: None,
                    });
                }
            }
            RecordFailed {
                at,
                record,
                tp,
                error,
            } => {
                self.totals.failed += 1;
                let producer = record.producer();
                if let Some(p) = self.producers.get_mut(producer.0 as usize) {
                    p.failed += 1;
                    p.last_error = Some(*error);
                    p.last_callback = Some(CallbackView {
                        at: *at,
                        record: *record,
                        tp: *tp,
                        offset: None,
                        timestamp: None,
                        error: Some(*error),
                    });
                    p.push_dead_letter(DeadLetter {
                        at: *at,
                        record: *record,
                        tp: *tp,
                        error: *error,
                    });
                    match tp {
                        Some(tp) => p.forget_queued_record(*tp, *record),
                        None if matches!(
                            error,
                            KafkaError::Serialization | KafkaError::RecordTooLarge
                        ) =>
                        {
                            p.rejected += 1;
                            p.last_rejection = Some(Rejection {
                                at: *at,
                                record: *record,
                                error: *error,
                            });
                        }
                        None => {}
                    }
                }
                let on = tp
                    .map(|tp| format!(" ({})", self.tp_name(tp)))
                    .unwrap_or_default();
                self.note(
                    *at,
                    Some(NodeId::Producer(producer)),
                    format!("{}{on}", error.exception_name()),
                    true,
                );
            }
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
            } => {
                self.in_flight.insert(
                    *id,
                    InFlight {
                        id: *id,
                        from: *from,
                        to: *to,
                        sent_at: *at,
                        deliver_at: *deliver_at,
                        api: *api,
                        response: *response,
                        records: records.clone(),
                        error: *error,
                    },
                );
            }
            MessageDelivered { at, id } => {
                if let Some(m) = self.in_flight.remove(id) {
                    // The coordinator restarts a member's session timer on every Heartbeat and JoinGroup it receives.
                    if let (NodeId::Consumer(c), NodeId::Broker(_), false) =
                        (m.from, m.to, m.response)
                    {
                        if matches!(m.api, Api::Heartbeat | Api::JoinGroup) {
                            if let Some(c) = self.consumers.get_mut(c.0 as usize) {
                                c.session_reset_at = Some(*at);
                            }
                        }
                    }
                }
            }
            MessageDropped { at, id } => {
                self.totals.dropped += 1;
                if let Some(m) = self.in_flight.remove(id) {
                    self.dropped.push_back((*at, m));
                    while self.dropped.len() > MAX_DROPS {
                        self.dropped.pop_front();
                    }
                }
            }
            RecordAppended {
                broker,
                tp,
                offset,
                record,
                leader_epoch,
                ..
            } => {
                if let Some(r) = self.partition_mut(*tp).and_then(|p| p.replica_mut(*broker)) {
                    let at = (*offset).min(r.log.len() as u64) as usize;
                    r.log.truncate(at);
                    r.log.push(*record);
                    r.leader_epoch = r.leader_epoch.max(*leader_epoch);
                }
            }
            DuplicateBatchDropped { .. } => {}
            HighWatermarkAdvanced { broker, tp, hw, .. } => {
                if let Some(r) = self.partition_mut(*tp).and_then(|p| p.replica_mut(*broker)) {
                    r.high_watermark = *hw;
                }
            }
            LogTruncated {
                at,
                broker,
                tp,
                to,
                removed,
            } => {
                let mut cut = 0;
                if let Some(r) = self.partition_mut(*tp).and_then(|p| p.replica_mut(*broker)) {
                    let before = r.log.len();
                    r.log.truncate(*to as usize);
                    r.high_watermark = r.high_watermark.min(*to);
                    cut = before - r.log.len();
                }
                let n = removed.len().max(cut);
                if n > 0 {
                    self.totals.truncated += n as u64;
                    let text = format!(
                        "{} truncated to offset {to}: {n} record(s) removed",
                        self.tp_name(*tp)
                    );
                    self.note(*at, Some(NodeId::Broker(*broker)), text, true);
                }
            }
            IsrChanged {
                at,
                tp,
                isr,
                shrunk,
            } => {
                let name = self.tp_name(*tp);
                if let Some(p) = self.partition_mut(*tp) {
                    p.isr = isr.clone();
                }
                let ids: Vec<String> = isr.iter().map(|b| b.0.to_string()).collect();
                let verb = if *shrunk { "ISR shrank" } else { "ISR grew" };
                self.note(
                    *at,
                    None,
                    format!("{name}: {verb} to [{}]", ids.join(", ")),
                    false,
                );
            }
            LeaderElected {
                at,
                tp,
                leader,
                leader_epoch,
                unclean,
            } => {
                let name = self.tp_name(*tp);
                if let Some(p) = self.partition_mut(*tp) {
                    p.leader = *leader;
                    p.leader_epoch = *leader_epoch;
                    p.unclean = *unclean;
                }
                if *unclean {
                    self.totals.unclean_elections += 1;
                }
                let text = match leader {
                    Some(b) if *unclean => format!(
                        "{name}: UNCLEAN election of broker-{} (leader epoch {})",
                        b.0, leader_epoch.0
                    ),
                    Some(b) => format!(
                        "{name}: broker-{} elected leader (leader epoch {})",
                        b.0, leader_epoch.0
                    ),
                    None => format!("{name}: offline, no eligible leader"),
                };
                self.note(
                    *at,
                    leader.map(NodeId::Broker),
                    text,
                    *unclean || leader.is_none(),
                );
            }
            ReplicaRoleChanged {
                broker,
                tp,
                leader,
                leader_epoch,
                ..
            } => {
                if let Some(r) = self.partition_mut(*tp).and_then(|p| p.replica_mut(*broker)) {
                    r.leader = *leader;
                    r.leader_epoch = *leader_epoch;
                }
            }
            ProduceParked { .. } => {}
            ProduceErrored {
                at,
                broker,
                tp,
                error,
            } => {
                let text = format!("{} on {}", error.wire_name(), self.tp_name(*tp));
                self.note(*at, Some(NodeId::Broker(*broker)), text, true);
            }
            BrokerCrashed { at, broker } => {
                if let Some(b) = self.broker_mut(*broker) {
                    b.alive = false;
                    b.shut_down = false;
                }
                self.clear_leadership(*broker);
                self.note(
                    *at,
                    Some(NodeId::Broker(*broker)),
                    format!("broker-{} crashed", broker.0),
                    true,
                );
            }
            BrokerShutDown { at, broker } => {
                if let Some(b) = self.broker_mut(*broker) {
                    b.alive = false;
                    b.shut_down = true;
                }
                self.clear_leadership(*broker);
                self.note(
                    *at,
                    Some(NodeId::Broker(*broker)),
                    format!("broker-{} shut down (controlled)", broker.0),
                    false,
                );
            }
            BrokerRestarted { at, broker } => {
                if let Some(b) = self.broker_mut(*broker) {
                    b.alive = true;
                    b.shut_down = false;
                }
                self.note(
                    *at,
                    Some(NodeId::Broker(*broker)),
                    format!("broker-{} restarted", broker.0),
                    false,
                );
            }
            BrokerFenced { at, broker } => {
                if let Some(b) = self.broker_mut(*broker) {
                    b.fenced = true;
                }
                self.note(
                    *at,
                    Some(NodeId::Broker(*broker)),
                    format!("broker-{} fenced by the controller", broker.0),
                    true,
                );
            }
            BrokerUnfenced { broker, .. } => {
                if let Some(b) = self.broker_mut(*broker) {
                    b.fenced = false;
                }
            }
            LinkChanged { at, from, to, cut } => {
                if *cut {
                    self.cut_links.insert((*from, *to));
                } else {
                    self.cut_links.remove(&(*from, *to));
                }
                let text = format!("link {from} → {to} {}", if *cut { "cut" } else { "healed" });
                self.note(*at, None, text, *cut);
            }
            FollowerSlowed {
                broker,
                extra_delay_us,
                ..
            } => {
                if let Some(b) = self.broker_mut(*broker) {
                    b.fetch_delay_ms = extra_delay_us / 1000;
                }
            }
            RecordsPolled { .. } => {}
            RecordConsumed {
                consumer,
                tp,
                offset,
                ..
            } => {
                self.totals.consumed += 1;
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.consumed += 1;
                    c.positions.insert(*tp, offset + 1);
                }
            }
            OffsetCommitted {
                group, tp, offset, ..
            } => {
                self.totals.commits += 1;
                if let Some(g) = self.groups.get_mut(group.0 as usize) {
                    g.committed.insert(*tp, *offset);
                }
            }
            CommitFailed {
                at,
                consumer,
                error,
            }
            | ConsumerErrored {
                at,
                consumer,
                error,
            } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.last_error = Some(*error);
                }
                self.note(
                    *at,
                    Some(NodeId::Consumer(*consumer)),
                    error.exception_name().to_string(),
                    true,
                );
            }
            OffsetReset {
                consumer,
                tp,
                offset,
                ..
            } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.positions.insert(*tp, *offset);
                }
            }
            GroupStateChanged {
                at,
                group,
                state,
                generation,
            } => {
                if let Some(g) = self.groups.get_mut(group.0 as usize) {
                    if g.state != *state {
                        g.state_since = *at;
                    }
                    g.state = state.clone();
                    g.generation = *generation;
                }
                if state == "CompletingRebalance" {
                    // The end of the join phase restarts every member's session timer.
                    for c in &mut self.consumers {
                        if c.group == *group && c.member_id.is_some() {
                            c.session_reset_at = Some(*at);
                        }
                    }
                }
            }
            GroupLoaded { at, group, .. } => {
                // A new coordinator restarts every member's session timer when it loads the group.
                for c in &mut self.consumers {
                    if c.group == *group && c.member_id.is_some() {
                        c.session_reset_at = Some(*at);
                    }
                }
            }
            MemberJoined {
                at,
                member_id,
                consumer,
                ..
            } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.member_id = Some(member_id.clone());
                    c.session_reset_at = Some(*at);
                }
            }
            MemberRemoved {
                at,
                group,
                reason,
                member_id,
            } => {
                let mut who = String::from("member");
                for c in &mut self.consumers {
                    if c.group == *group && c.member_id.as_deref() == Some(member_id.as_str()) {
                        c.member_id = None;
                        who = format!("consumer-{}", c.idx.0);
                    }
                }
                let name = self
                    .groups
                    .get(group.0 as usize)
                    .map(|g| g.name.clone())
                    .unwrap_or_default();
                self.note(
                    *at,
                    None,
                    format!("{name}: {who} removed ({reason})"),
                    false,
                );
            }
            RebalanceCompleted {
                at,
                group,
                generation,
                protocol,
                assignment,
            } => {
                self.totals.rebalances += 1;
                let mut name = String::new();
                if let Some(g) = self.groups.get_mut(group.0 as usize) {
                    g.generation = *generation;
                    g.protocol = protocol.clone();
                    g.rebalances += 1;
                    g.assignment = assignment.clone();
                    name = g.name.clone();
                }
                self.note(
                    *at,
                    None,
                    format!("{name}: rebalance completed, generation {}", generation.0),
                    false,
                );
            }
            PartitionsAssigned {
                at,
                consumer,
                partitions,
            } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    let added: Vec<TopicPartition> = partitions
                        .iter()
                        .filter(|tp| !c.assigned.contains(tp))
                        .copied()
                        .collect();
                    if !added.is_empty() {
                        c.last_assigned = Some((*at, added));
                    }
                    c.assigned = partitions.clone();
                }
            }
            PartitionsRevoked {
                at,
                consumer,
                partitions,
            } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.assigned.retain(|tp| !partitions.contains(tp));
                    if !partitions.is_empty() {
                        c.last_revoked = Some((*at, partitions.clone()));
                    }
                }
            }
            HeartbeatAnswered { at, consumer, .. } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.last_heartbeat = Some(*at);
                }
            }
            ConsumerPhaseChanged {
                consumer, phase, ..
            } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.phase = phase.clone();
                }
            }
            ConsumerLifecycle { at, consumer, what } => {
                if let Some(c) = self.consumers.get_mut(consumer.0 as usize) {
                    c.lifecycle = what.clone();
                    if what == "crashed" || what == "closed" {
                        c.assigned.clear();
                        c.phase = what.clone();
                    }
                }
                if what != "started" {
                    self.note(
                        *at,
                        Some(NodeId::Consumer(*consumer)),
                        format!("consumer-{} {what}", consumer.0),
                        what == "crashed",
                    );
                }
            }
            PollTimeoutExpired { at, consumer } => {
                let text = "max.poll.interval.ms expired: leaving the group".to_string();
                self.note(*at, Some(NodeId::Consumer(*consumer)), text, true);
            }
            ActionApplied { at, action } => {
                self.note(*at, None, format!("action: {action}"), false);
            }
            ConsumerStalled {
                at,
                consumer,
                until,
                gc,
            } => {
                let what = if *gc {
                    "stop-the-world pause"
                } else {
                    "slow record handler"
                };
                let ms = until.saturating_since(*at).as_ms();
                let text = format!("{what}: the poll loop is held for {ms} ms");
                self.note(*at, Some(NodeId::Consumer(*consumer)), text, false);
            }
            BrokerIsolated {
                at,
                broker,
                isolated,
            } => {
                if let Some(b) = self.broker_mut(*broker) {
                    b.isolated = *isolated;
                }
                let text = if *isolated {
                    format!("broker-{} isolated from every node", broker.0)
                } else {
                    format!("broker-{} reconnected", broker.0)
                };
                self.note(*at, Some(NodeId::Broker(*broker)), text, *isolated);
            }
        }
    }

    /// A dead broker leads nothing, whatever it believed before it died.
    fn clear_leadership(&mut self, broker: BrokerId) {
        for p in &mut self.partitions {
            if let Some(r) = p.replica_mut(broker) {
                r.leader = false;
            }
        }
    }

    /// Builds a scene from a whole trace (or a prefix of one).
    pub fn from_trace<'a, I: IntoIterator<Item = &'a TraceEvent>>(
        setup: &Setup,
        events: I,
    ) -> Scene {
        let mut s = Scene::new(setup);
        for e in events {
            s.apply(e);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the scene is a pure fold of the trace, so a scene rebuilt from a prefix equals the scene applied
    //! incrementally up to the same point; and replica logs, HW and ISR follow the events.
    //! Method: run the default preset in the engine, keep the trace, compare folds; plus hand-written events.
    //! Kafka: replication design (HW <= LEO; truncation after a leader change).
    use super::*;
    use crate::engine::Sim;
    use crate::scenario::presets;

    fn trace_of(ms: u64) -> (Setup, Vec<TraceEvent>, Vec<Scene>) {
        let scenario = presets::default_scenario();
        let mut sim = Sim::new(&scenario).expect("default preset is valid");
        let setup = sim.setup().clone();
        let mut scene = Scene::new(&setup);
        let mut events = Vec::new();
        let mut snapshots = Vec::new();
        for step_ms in (0..=ms).step_by(50) {
            sim.run_until(Instant::from_ms(step_ms));
            while let Some(e) = sim.poll_trace() {
                scene.apply(&e);
                events.push(e);
            }
            snapshots.push(scene.clone());
        }
        (setup, events, snapshots)
    }

    #[test]
    fn prefix_rebuild_equals_incremental() {
        let (setup, events, snapshots) = trace_of(2_000);
        assert!(!events.is_empty(), "the default preset produces a trace");
        for snap in &snapshots {
            let prefix = &events[..snap.events as usize];
            assert_eq!(&Scene::from_trace(&setup, prefix), snap);
        }
        let last = snapshots.last().expect("snapshots");
        for p in &last.partitions {
            for r in &p.replicas {
                assert!(
                    r.high_watermark <= r.log_end_offset(),
                    "HW <= LEO on {} broker-{}",
                    p.name,
                    r.broker.0
                );
            }
        }
    }

    #[test]
    fn logs_follow_appends_and_truncation() {
        let scenario = presets::default_scenario();
        let sim = Sim::new(&scenario).expect("valid");
        let mut s = Scene::new(sim.setup());
        let tp = s.partitions[0].tp;
        let b = s.partitions[0].replicas[0].broker;
        let at = Instant::from_ms(1);
        for o in 0..3 {
            s.apply(&TraceEvent::RecordAppended {
                at,
                broker: b,
                tp,
                offset: o,
                record: RecordId(o),
                leader_epoch: LeaderEpoch(0),
            });
        }
        s.apply(&TraceEvent::HighWatermarkAdvanced {
            at,
            broker: b,
            tp,
            hw: 2,
        });
        let r = s.partitions[0].replica(b).expect("replica");
        assert_eq!((r.log_end_offset(), r.high_watermark), (3, 2));
        s.apply(&TraceEvent::LogTruncated {
            at,
            broker: b,
            tp,
            to: 1,
            removed: vec![RecordId(1), RecordId(2)],
        });
        let r = s.partitions[0].replica(b).expect("replica");
        assert_eq!((r.log_end_offset(), r.high_watermark), (1, 1));
        assert_eq!(s.totals.truncated, 2);
        // Unknown ids are ignored, not a panic.
        s.apply(&TraceEvent::BrokerCrashed {
            at,
            broker: BrokerId(99),
        });
        s.apply(&TraceEvent::HighWatermarkAdvanced {
            at,
            broker: b,
            tp: TopicPartition {
                topic: TopicIdx(9),
                partition: 0,
            },
            hw: 1,
        });
    }

    /// Goal: the producer's accumulator and sender as folded from the trace equal the engine's own state after
    /// every event: the same batches queued per partition, the same open batch size, and the same batches in
    /// flight per broker connection; the in-flight request count never exceeds
    /// `max.in.flight.requests.per.connection`.
    /// Method: step producer presets (batching, retries with reordering, idempotence, a lost response retried
    /// after `request.timeout.ms`) and compare after each event.
    /// Kafka: RecordAccumulator deques (shared/KAFKA.md §3), NetworkClient in-flight limits (§4.2).
    #[test]
    fn producer_pipeline_matches_the_engine() {
        for name in [
            "batching-tradeoff",
            "retry-reordering",
            "idempotence-keeps-order",
            "late-ack-duplicates",
            "sticky-vs-round-robin",
        ] {
            let scenario = presets::by_name(name).expect("preset");
            let mut sim = Sim::new(&scenario).expect("valid");
            let mut scene = Scene::new(sim.setup());
            let (mut max_seen, mut completions) = (0usize, 0usize);
            while sim.step().is_some() && sim.now() <= sim.end() {
                while let Some(e) = sim.poll_trace() {
                    if matches!(e, TraceEvent::ProduceRequestCompleted { .. }) {
                        completions += 1;
                    }
                    scene.apply(&e);
                }
                let view = sim.view();
                for (engine, p) in view.producers.iter().zip(&scene.producers) {
                    for (tp, dq) in &engine.accumulator.deques {
                        let mut want: Vec<BatchId> = dq.iter().map(|b| b.id).collect();
                        let mut got: Vec<BatchId> = p
                            .deques
                            .get(tp)
                            .map(|d| d.iter().copied().collect())
                            .unwrap_or_default();
                        want.sort();
                        got.sort();
                        assert_eq!(got, want, "{name}: deque of {tp:?} at {}", sim.now());
                        if let Some(tail) = dq.back().filter(|b| !b.closed && b.attempts == 0) {
                            if let Some(open) = p.open_batch(*tp) {
                                assert_eq!(open.bytes, tail.size_bytes, "{name}: open batch bytes");
                            }
                        }
                    }
                    let mut want = engine.in_flight_batches();
                    let mut got: Vec<(BrokerId, BatchId)> = p
                        .requests
                        .values()
                        .flat_map(|r| r.batches.iter().map(move |b| (r.broker, *b)))
                        .filter(|(_, b)| p.sending.contains_key(b))
                        .collect();
                    want.sort();
                    got.sort();
                    assert_eq!(got, want, "{name}: in-flight batches at {}", sim.now());
                    for b in &scene.brokers {
                        let n = p.in_flight_to(b.id);
                        assert!(n as u64 <= p.max_in_flight, "{name}: {n} in flight");
                        max_seen = max_seen.max(n);
                    }
                }
            }
            assert!(
                max_seen >= 1,
                "{name}: a request was in flight at some point"
            );
            assert!(completions > 0, "{name}: requests completed");
            for p in &scene.producers {
                assert!(p.requests.is_empty(), "{name}: every request completed");
            }
        }
    }

    fn producer_scene() -> Scene {
        let sim = Sim::new(&presets::by_name("batching-tradeoff").expect("preset")).expect("valid");
        Scene::new(sim.setup())
    }

    fn batched(
        s: &mut Scene,
        ms: u64,
        n: u64,
        batch: u64,
        tp: TopicPartition,
        bytes: u32,
        new: bool,
    ) {
        s.apply(&TraceEvent::RecordBatched {
            at: Instant::from_ms(ms),
            record: RecordId::new(ProducerIdx(0), n),
            batch: BatchId(batch),
            tp,
            batch_bytes: bytes,
            new_batch: new,
        });
    }

    /// Goal: queued batches, in-flight requests per broker (up on a request, down on its response or on a
    /// client-side timeout) and a retried batch going back to its deque, from hand-written events.
    #[test]
    fn queued_and_in_flight_counts() {
        let mut s = producer_scene();
        let tp = s.partitions[0].tp;
        let b1 = BrokerId(1);
        batched(&mut s, 1, 0, 1, tp, 150, true);
        batched(&mut s, 2, 1, 1, tp, 240, false);
        let p = &s.producers[0];
        assert_eq!(
            (p.queued(tp), p.open_batch(tp).map(|b| b.bytes)),
            (0, Some(240))
        );
        batched(&mut s, 3, 2, 2, tp, 150, true);
        let p = &s.producers[0];
        assert_eq!(
            p.queued(tp),
            1,
            "the first batch is closed once a second one follows it"
        );
        assert_eq!(p.open_batch(tp).map(|b| b.records.len()), Some(1));

        let drained = |s: &mut Scene, ms: u64, batch: u64, c: u64| {
            s.apply(&TraceEvent::BatchesDrained {
                at: Instant::from_ms(ms),
                producer: ProducerIdx(0),
                broker: b1,
                batches: vec![BatchId(batch)],
                correlation_id: c,
            })
        };
        let completed = |s: &mut Scene, ms: u64, c: u64, error: Option<KafkaError>| {
            s.apply(&TraceEvent::ProduceRequestCompleted {
                at: Instant::from_ms(ms),
                producer: ProducerIdx(0),
                broker: b1,
                correlation_id: c,
                error,
            })
        };
        drained(&mut s, 4, 1, 1);
        assert_eq!(
            (s.producers[0].queued(tp), s.producers[0].in_flight_to(b1)),
            (0, 1)
        );
        drained(&mut s, 5, 2, 2);
        assert_eq!(s.producers[0].in_flight_to(b1), 2);
        assert!(s.producers[0].open_batch(tp).is_none());
        completed(&mut s, 9, 1, None);
        assert_eq!(s.producers[0].in_flight_to(b1), 1, "down on the response");
        completed(&mut s, 30, 2, Some(KafkaError::RequestTimedOut));
        assert_eq!(
            s.producers[0].in_flight_to(b1),
            0,
            "down on request.timeout.ms"
        );
        s.apply(&TraceEvent::BatchRetried {
            at: Instant::from_ms(30),
            producer: ProducerIdx(0),
            batch: BatchId(2),
            tp,
            error: KafkaError::RequestTimedOut,
            attempt: 1,
            backoff_until: Instant::from_ms(130),
        });
        let p = &s.producers[0];
        assert_eq!(
            p.queued(tp),
            1,
            "the retried batch is back at the head of its deque"
        );
        assert_eq!(p.batches[&BatchId(2)].records.len(), 1, "with its records");
        assert_eq!(
            p.batches[&BatchId(2)].backoff_until,
            Some(Instant::from_ms(130))
        );

        // acks=0: a drained batch completes at once, so nothing stays in flight.
        let mut s = producer_scene();
        s.producers[0].acks = Acks::None;
        batched(&mut s, 1, 0, 1, tp, 150, true);
        drained(&mut s, 2, 1, 1);
        assert_eq!(s.producers[0].in_flight_to(b1), 0);
    }

    /// Goal: the dead-letter list keeps the newest failed records first and at most MAX_DEAD_LETTERS of them.
    #[test]
    fn dead_letters_are_bounded_and_newest_first() {
        let mut s = producer_scene();
        let tp = s.partitions[1].tp;
        let total = MAX_DEAD_LETTERS as u64 + 7;
        for n in 0..total {
            s.apply(&TraceEvent::RecordFailed {
                at: Instant::from_ms(n),
                record: RecordId::new(ProducerIdx(1), n),
                tp: (n % 2 == 1).then_some(tp),
                error: if n == total - 1 {
                    KafkaError::RecordTooLarge
                } else {
                    KafkaError::Timeout
                },
            });
        }
        let p = &s.producers[1];
        assert_eq!(p.failed, total);
        assert_eq!(p.dead_letters.len(), MAX_DEAD_LETTERS);
        assert_eq!(p.dead_letters[0].record.send_index(), total - 1);
        assert_eq!(p.dead_letters[0].error, KafkaError::RecordTooLarge);
        assert_eq!(
            p.dead_letters.back().map(|d| d.record.send_index()),
            Some(total - MAX_DEAD_LETTERS as u64)
        );
        assert!(s.producers[0].dead_letters.is_empty(), "per producer");
        assert_eq!(
            p.rejected, 1,
            "RecordTooLarge without a partition is a send() refusal"
        );
    }
}
