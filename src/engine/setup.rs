//! The validated, resolved form of a scenario that every node reads: typed configs and replica placement.
//!
//! Models: Kafka's topic creation (replica assignment) and config resolution.
//!
//! Simplifications:
//! - Replica placement follows Kafka's rack-unaware `assignReplicasToBrokers` with start index and shift fixed at 0
//!   instead of random, so layouts are easy to read; the KRaft striped placer is not modelled.

use super::ids::*;
use crate::scenario::config::{BrokerConfig, ConsumerConfig, ProducerConfig, TopicConfig};
use crate::scenario::{Scenario, ScenarioError};

/// A topic, resolved.
#[derive(Clone, Debug)]
pub struct TopicSetup {
    /// Name.
    pub name: String,
    /// Partition count.
    pub partitions: u32,
    /// Replicas per partition, preferred leader first.
    pub assignment: Vec<Vec<BrokerId>>,
    /// Effective topic config.
    pub config: TopicConfig,
}

/// A consumer, resolved.
#[derive(Clone, Debug)]
pub struct ConsumerSetup {
    /// Its group.
    pub group: GroupIdx,
    /// Index within the group.
    pub member_index: u32,
    /// Effective consumer config.
    pub config: ConsumerConfig,
}

/// Everything validated.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Broker ids, 1..=n.
    pub brokers: Vec<BrokerId>,
    /// Broker config.
    pub broker: BrokerConfig,
    /// Topics.
    pub topics: Vec<TopicSetup>,
    /// Producer configs.
    pub producers: Vec<ProducerConfig>,
    /// Consumers over all groups.
    pub consumers: Vec<ConsumerSetup>,
    /// Warnings (unknown config keys).
    pub warnings: Vec<String>,
}

/// Kafka's rack-unaware replica assignment (`AdminUtils.assignReplicasToBrokers`), start index and shift 0.
pub fn assign_replicas(brokers: &[BrokerId], partitions: u32, rf: u32) -> Vec<Vec<BrokerId>> {
    let n = brokers.len();
    let mut shift = 0usize;
    (0..partitions as usize)
        .map(|p| {
            if p > 0 && p % n == 0 {
                shift += 1;
            }
            let first = p % n;
            let mut replicas = vec![brokers[first]];
            for j in 0..(rf as usize).saturating_sub(1) {
                let idx = (first + 1 + (shift + j) % (n - 1).max(1)) % n;
                replicas.push(brokers[idx]);
            }
            replicas
        })
        .collect()
}

impl Setup {
    /// Validates a scenario into a setup.
    pub fn new(s: &Scenario) -> Result<Setup, ScenarioError> {
        let r = s.resolve()?;
        let brokers: Vec<BrokerId> = (1..=s.cluster.brokers).map(BrokerId).collect();
        let topics = s
            .topics
            .iter()
            .zip(r.topics)
            .map(|(t, config)| TopicSetup {
                name: t.name.clone(),
                partitions: t.partitions,
                assignment: assign_replicas(&brokers, t.partitions, t.replication_factor),
                config,
            })
            .collect();
        let consumers = r
            .consumers
            .into_iter()
            .map(|c| ConsumerSetup {
                group: GroupIdx(c.group as u16),
                member_index: c.member as u32,
                config: c.config,
            })
            .collect();
        Ok(Setup {
            brokers,
            broker: r.broker,
            topics,
            producers: r.producers,
            consumers,
            warnings: r.warnings,
        })
    }

    /// Every topic-partition, in order.
    pub fn all_partitions(&self) -> Vec<TopicPartition> {
        self.topics
            .iter()
            .enumerate()
            .flat_map(|(t, ts)| {
                (0..ts.partitions).map(move |p| TopicPartition {
                    topic: TopicIdx(t as u16),
                    partition: p,
                })
            })
            .collect()
    }

    /// The topic of a partition.
    pub fn topic(&self, tp: TopicPartition) -> &TopicSetup {
        &self.topics[tp.topic.0 as usize]
    }

    /// `topic-N`.
    pub fn tp_name(&self, tp: TopicPartition) -> String {
        format!("{}-{}", self.topic(tp).name, tp.partition)
    }

    /// The effective `min(min.insync.replicas, replication factor)` Kafka checks against.
    pub fn min_isr(&self, tp: TopicPartition) -> usize {
        let t = self.topic(tp);
        (t.config.min_insync_replicas as usize).min(t.assignment[tp.partition as usize].len())
    }
}

#[cfg(test)]
mod tests {
    //! Goal: placement spreads leaders and followers as Kafka's rack-unaware assignment does.
    //! Kafka: AdminRackAwareTest / ReplicaAssignmentTest (rack-unaware case, fixed start index 0).
    use super::*;

    #[test]
    fn rack_unaware_assignment() {
        let b: Vec<BrokerId> = (1..=3).map(BrokerId).collect();
        let a = assign_replicas(&b, 6, 3);
        let ids: Vec<Vec<u32>> = a.iter().map(|r| r.iter().map(|x| x.0).collect()).collect();
        assert_eq!(
            ids,
            vec![
                vec![1, 2, 3],
                vec![2, 3, 1],
                vec![3, 1, 2],
                vec![1, 3, 2],
                vec![2, 1, 3],
                vec![3, 2, 1]
            ]
        );
        let single = assign_replicas(&b[..1], 2, 1);
        assert_eq!(single, vec![vec![BrokerId(1)], vec![BrokerId(1)]]);
    }
}
