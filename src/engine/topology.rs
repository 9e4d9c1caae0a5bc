//! The static shape of a run, as an operator would describe the cluster before it starts: brokers, topics with
//! their replica placement, producer clients with the configs that shape their pipeline, and consumer groups with
//! their members.
//!
//! Models: what Kafka's Admin API reports about structure (`describeCluster` node ids, `describeTopics`
//! `TopicDescription` / `TopicPartitionInfo.replicas()`, `describeConsumerGroups` `groupId`), plus the client
//! configs (`acks`, `batch.size`, `linger.ms`, ...) the page shows on each client card. It is what a renderer needs
//! to lay out and label the stage, without reading the engine's internal [`Setup`](super::setup::Setup).
//!
//! Simplifications:
//! - Only the structure that never changes during a run: leaders, ISR and membership come from the trace.
//! - Producer and consumer configs are cut down to the keys the page draws.

use super::ids::{BrokerId, GroupIdx, TopicIdx, TopicPartition};
use super::protocol::Acks;
use super::Sim;

/// The structure of a run, fixed when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology {
    /// Broker ids (`node.id`), 1..=n.
    pub brokers: Vec<BrokerId>,
    /// Topics, by [`TopicIdx`].
    pub topics: Vec<TopicInfo>,
    /// Producer clients, by `ProducerIdx`.
    pub producers: Vec<ProducerInfo>,
    /// Consumer groups as the scenario declares them, by [`GroupIdx`].
    pub groups: Vec<GroupInfo>,
    /// Consumers over all groups, by `ConsumerIdx`.
    pub consumers: Vec<ConsumerInfo>,
}

/// A topic (Kafka's `TopicDescription`, structure only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicInfo {
    /// The topic name.
    pub name: String,
    /// Its partitions, by partition number.
    pub partitions: Vec<PartitionInfo>,
}

/// A partition's placement (Kafka's `TopicPartitionInfo.replicas()`), and the ISR size it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionInfo {
    /// Replicas in assignment order: the preferred leader first.
    pub replicas: Vec<BrokerId>,
    /// `min(min.insync.replicas, replication.factor)`: the ISR size `acks=all` needs.
    pub min_isr: usize,
}

/// A producer client: the configs its card shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProducerInfo {
    /// `acks`.
    pub acks: Acks,
    /// `batch.size`, bytes.
    pub batch_size: u64,
    /// `linger.ms`.
    pub linger_ms: u64,
    /// `enable.idempotence`.
    pub enable_idempotence: bool,
    /// `max.in.flight.requests.per.connection`.
    pub max_in_flight_requests_per_connection: u64,
    /// `retry.backoff.ms`.
    pub retry_backoff_ms: u64,
}

/// A consumer group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupInfo {
    /// `group.id`.
    pub group_id: String,
    /// The topics its members subscribe to, in the scenario's order.
    pub topics: Vec<TopicIdx>,
}

/// A consumer client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsumerInfo {
    /// Its group.
    pub group: GroupIdx,
    /// `session.timeout.ms` it joins with.
    pub session_timeout_ms: u64,
}

impl Sim {
    /// The static structure of this run (see [`Topology`]).
    pub fn topology(&self) -> Topology {
        let setup = self.setup();
        let topics = setup
            .topics
            .iter()
            .enumerate()
            .map(|(t, ts)| TopicInfo {
                name: ts.name.clone(),
                partitions: (0..ts.partitions)
                    .map(|p| {
                        let tp = TopicPartition {
                            topic: TopicIdx(t as u16),
                            partition: p,
                        };
                        PartitionInfo {
                            replicas: ts.assignment.get(p as usize).cloned().unwrap_or_default(),
                            min_isr: setup.min_isr(tp),
                        }
                    })
                    .collect(),
            })
            .collect();
        let producers = setup
            .producers
            .iter()
            .map(|c| ProducerInfo {
                acks: c.acks,
                batch_size: c.batch_size,
                linger_ms: c.linger_ms,
                enable_idempotence: c.enable_idempotence,
                max_in_flight_requests_per_connection: c.max_in_flight_requests_per_connection,
                retry_backoff_ms: c.retry_backoff_ms,
            })
            .collect();
        // Subscriptions name topics; validation has refused unknown names, so none is dropped here.
        let topic_idx = |name: &String| {
            setup
                .topics
                .iter()
                .position(|t| &t.name == name)
                .map(|t| TopicIdx(t as u16))
        };
        let groups = self
            .scenario()
            .consumer_groups
            .iter()
            .map(|g| GroupInfo {
                group_id: g.group_id.clone(),
                topics: g.topics.iter().filter_map(topic_idx).collect(),
            })
            .collect();
        let consumers = setup
            .consumers
            .iter()
            .map(|c| ConsumerInfo {
                group: c.group,
                session_timeout_ms: c.config.session_timeout_ms,
            })
            .collect();
        Topology {
            brokers: setup.brokers.clone(),
            topics,
            producers,
            groups,
            consumers,
        }
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the topology says what the setup and the scenario say: every partition with its replicas and
    //! effective min ISR, every group with its `group.id` and subscriptions, every consumer in its group.
    //! Method: build the default preset and compare with the setup it was validated into.
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn topology_matches_the_setup_and_the_scenario() {
        let scenario = presets::default_scenario();
        let sim = Sim::new(&scenario).expect("default preset is valid");
        let topo = sim.topology();
        let setup = sim.setup();
        assert_eq!(topo.brokers, setup.brokers);
        let mut tps = Vec::new();
        for (t, topic) in topo.topics.iter().enumerate() {
            assert_eq!(topic.name, setup.topics[t].name);
            for (p, info) in topic.partitions.iter().enumerate() {
                let tp = TopicPartition {
                    topic: TopicIdx(t as u16),
                    partition: p as u32,
                };
                assert_eq!(info.replicas, setup.topic(tp).assignment[p]);
                assert_eq!(info.min_isr, setup.min_isr(tp));
                tps.push(tp);
            }
        }
        assert_eq!(tps, setup.all_partitions());
        assert_eq!(topo.producers.len(), setup.producers.len());
        assert_eq!(topo.groups.len(), scenario.consumer_groups.len());
        for (g, spec) in topo.groups.iter().zip(&scenario.consumer_groups) {
            assert_eq!(g.group_id, spec.group_id);
            let names: Vec<&str> = g
                .topics
                .iter()
                .map(|t| topo.topics[t.0 as usize].name.as_str())
                .collect();
            assert_eq!(names, spec.topics);
        }
        let groups: Vec<GroupIdx> = topo.consumers.iter().map(|c| c.group).collect();
        let want: Vec<GroupIdx> = setup.consumers.iter().map(|c| c.group).collect();
        assert_eq!(groups, want);
    }
}
