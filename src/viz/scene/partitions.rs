//! Partitions: each replica's log, high watermark and leader belief, and the controller's ISR and leader.
//!
//! Models: Kafka's `Partition` / `UnifiedLog` as seen from outside: appends, high-watermark advances, truncation
//! after a leader change (KIP-101 leader epochs), ISR shrink and expand (`replica.lag.time.max.ms`), clean and
//! unclean leader elections (`unclean.leader.election.enable`).
//!
//! Simplifications: a replica log keeps record ids only; the controller's view starts with the preferred replica
//! leading at epoch 0 and the whole assignment in the ISR, as a freshly created topic does.

use super::log_marks::LogMarks;
use super::Scene;
use crate::engine::ids::*;
use crate::engine::protocol::KafkaError;
use crate::engine::time::Instant;
use crate::engine::topology::PartitionInfo;
use crate::i18n::{key, Words};

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
    /// Out-of-order runs, duplicate copies and truncated records of this log.
    pub marks: LogMarks,
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
}

impl PartitionView {
    /// A new partition: empty logs, the whole assignment in the ISR.
    pub(super) fn new(tp: TopicPartition, name: String, info: &PartitionInfo) -> PartitionView {
        PartitionView {
            tp,
            name,
            replicas: info
                .replicas
                .iter()
                .map(|&broker| ReplicaView {
                    broker,
                    log: Vec::new(),
                    high_watermark: 0,
                    leader: false,
                    leader_epoch: LeaderEpoch::default(),
                    marks: LogMarks::default(),
                })
                .collect(),
            isr: info.replicas.clone(),
            // The controller starts with the preferred replica leading, at leader epoch 0, without an election.
            leader: info.replicas.first().copied(),
            leader_epoch: LeaderEpoch::default(),
            min_isr: info.min_isr,
        }
    }

    /// The replica on `broker`, if it hosts one.
    pub fn replica(&self, broker: BrokerId) -> Option<&ReplicaView> {
        self.replicas.iter().find(|r| r.broker == broker)
    }

    fn replica_mut(&mut self, broker: BrokerId) -> Option<&mut ReplicaView> {
        self.replicas.iter_mut().find(|r| r.broker == broker)
    }
}

impl Scene {
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

    fn replica_mut(&mut self, tp: TopicPartition, broker: BrokerId) -> Option<&mut ReplicaView> {
        self.partition_mut(tp)?.replica_mut(broker)
    }

    /// `topic-N` for a partition (or `?-N` if unknown).
    pub fn tp_name(&self, tp: TopicPartition) -> String {
        match self.topic_names.get(tp.topic.0 as usize) {
            Some(t) => format!("{t}-{}", tp.partition),
            None => format!("?-{}", tp.partition),
        }
    }

    /// The high watermark of the partition's current leader replica (as the controller elected it), or 0 when
    /// offline; the same reference the CLI report uses for lag.
    pub fn leader_high_watermark(&self, tp: TopicPartition) -> u64 {
        self.partition(tp)
            .and_then(|p| p.replica(p.leader?))
            .map(|r| r.high_watermark)
            .unwrap_or(0)
    }

    /// A dead broker leads nothing, whatever it believed before it died.
    pub(super) fn clear_leadership(&mut self, broker: BrokerId) {
        for p in &mut self.partitions {
            if let Some(r) = p.replica_mut(broker) {
                r.leader = false;
            }
        }
    }

    /// An append at `offset` replaces whatever the log held from there (a follower re-fetching after truncation).
    pub(super) fn handle_record_appended(
        &mut self,
        broker: BrokerId,
        tp: TopicPartition,
        offset: u64,
        record: RecordId,
        leader_epoch: LeaderEpoch,
    ) {
        if let Some(r) = self.replica_mut(tp, broker) {
            let at = offset.min(r.log.len() as u64) as usize;
            if at < r.log.len() {
                r.log.truncate(at);
                r.marks.cut(&r.log);
            }
            r.log.push(record);
            r.marks.appended(&r.log);
            r.leader_epoch = r.leader_epoch.max(leader_epoch);
        }
    }

    pub(super) fn handle_high_watermark_advanced(
        &mut self,
        broker: BrokerId,
        tp: TopicPartition,
        hw: u64,
    ) {
        if let Some(r) = self.replica_mut(tp, broker) {
            r.high_watermark = hw;
        }
    }

    pub(super) fn handle_log_truncated(
        &mut self,
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        to: u64,
        removed: &[RecordId],
    ) {
        let mut cut = 0;
        if let Some(r) = self.replica_mut(tp, broker) {
            let before = r.log.len();
            r.log.truncate(to as usize);
            r.high_watermark = r.high_watermark.min(to);
            cut = before - r.log.len();
            r.marks.truncated(&r.log, to, removed);
        }
        let n = removed.len().max(cut);
        if n > 0 {
            self.totals.truncated += n as u64;
            let text = Words::new(
                key("viz.note.truncated"),
                &[("partition", &self.tp_name(tp)), ("to", &to), ("n", &n)],
            );
            self.note(at, Some(NodeId::Broker(broker)), text, true);
        }
    }

    pub(super) fn handle_isr_changed(
        &mut self,
        at: Instant,
        tp: TopicPartition,
        isr: &[BrokerId],
        shrunk: bool,
    ) {
        let name = self.tp_name(tp);
        if let Some(p) = self.partition_mut(tp) {
            p.isr = isr.to_vec();
        }
        let ids: Vec<String> = isr.iter().map(|b| b.0.to_string()).collect();
        let k = if shrunk {
            key("viz.note.isr_shrank")
        } else {
            key("viz.note.isr_grew")
        };
        let text = Words::new(k, &[("partition", &name), ("isr", &ids.join(", "))]);
        self.note(at, None, text, false);
    }

    pub(super) fn handle_leader_elected(
        &mut self,
        at: Instant,
        tp: TopicPartition,
        leader: Option<BrokerId>,
        leader_epoch: LeaderEpoch,
        unclean: bool,
    ) {
        let name = self.tp_name(tp);
        if let Some(p) = self.partition_mut(tp) {
            p.leader = leader;
            p.leader_epoch = leader_epoch;
        }
        if unclean {
            self.totals.unclean_elections += 1;
        }
        let text = match leader {
            Some(b) => Words::new(
                if unclean {
                    key("viz.note.unclean_election")
                } else {
                    key("viz.note.elected")
                },
                &[
                    ("partition", &name),
                    ("broker", &b.0),
                    ("epoch", &leader_epoch.0),
                ],
            ),
            None => Words::new(key("viz.note.offline"), &[("partition", &name)]),
        };
        self.note(
            at,
            leader.map(NodeId::Broker),
            text,
            unclean || leader.is_none(),
        );
    }

    /// `LeaderAndIsr` reached the broker: what it believes, which may lag the controller.
    pub(super) fn handle_replica_role_changed(
        &mut self,
        broker: BrokerId,
        tp: TopicPartition,
        leader: bool,
        leader_epoch: LeaderEpoch,
    ) {
        if let Some(r) = self.replica_mut(tp, broker) {
            r.leader = leader;
            r.leader_epoch = leader_epoch;
        }
    }

    pub(super) fn handle_produce_errored(
        &mut self,
        at: Instant,
        broker: BrokerId,
        tp: TopicPartition,
        error: KafkaError,
    ) {
        let text = Words::new(
            key("viz.note.produce_error"),
            &[
                ("error", &error.wire_name()),
                ("partition", &self.tp_name(tp)),
            ],
        );
        self.note(at, Some(NodeId::Broker(broker)), text, true);
    }
}
