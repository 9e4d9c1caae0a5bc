//! The scenarios of the issue benchmarks (issues 3, 4 and 5), shared by the native criterion bench
//! (`benches/engine.rs`) and the wasm32 timing run in Chromium (`tests/wasm_bench.rs`), so both measure the same run.
//!
//! Each builder states what the issue asked for; `benches/engine.rs` checks once per run that the scenario does it
//! (records acked, rebalances completed) before timing it.
// Each including crate uses a subset of the builders.
#![allow(dead_code)]

use kafka_playground::scenario::{
    Action, ClusterSpec, CommitMode, GroupSpec, KeySpec, MemberSpec, ProducerSpec, Scenario,
    TimedAction, TopicSpec, Workload,
};

fn props(kv: &[(&str, &str)]) -> kafka_playground::scenario::config::Props {
    kv.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Issue 3: 5 brokers, 30 partitions, replication factor 3, 100,000 keyed records (acks=all, the Kafka 4.x
/// default), one producer at 50,000 records/s with linger.ms=5; 4 s of virtual time leaves room for the last acks.
pub const REPLICATION_RECORDS: u64 = 100_000;

/// See [`REPLICATION_RECORDS`].
pub fn replication() -> Scenario {
    Scenario {
        seed: 3,
        cluster: ClusterSpec {
            brokers: 5,
            ..Default::default()
        },
        topics: vec![TopicSpec {
            name: "orders".into(),
            partitions: 30,
            replication_factor: 3,
            ..Default::default()
        }],
        producers: vec![ProducerSpec {
            config: props(&[("linger.ms", "5")]),
            workload: Workload {
                topic: "orders".into(),
                keys: KeySpec::Cycle {
                    prefix: "k".into(),
                    distinct: 1000,
                },
                rate_per_sec: 50_000,
                count: REPLICATION_RECORDS as u32,
                value_bytes: 100,
                ..Default::default()
            },
        }],
        run_ms: 4_000,
        ..Scenario::default()
    }
}

/// Issue 4: 10 producers with linger.ms=5 send `records` small (10-byte, null-key) records in all to a 3-broker
/// cluster (12 partitions, RF 3), each at 50,000 records/s. 1,000,000 records is the figure; the wasm run
/// may use fewer (it says so).
pub const PRODUCER_RECORDS: u64 = 1_000_000;

/// See [`PRODUCER_RECORDS`]. `records` must be a multiple of 10.
pub fn producer_heavy(records: u64) -> Scenario {
    assert_eq!(records % 10, 0, "10 producers share the records evenly");
    let per_producer = (records / 10) as u32;
    // 50,000 records/s each: the sends end after per_producer / 50 ms; one more second drains the acks.
    let run_ms = u64::from(per_producer) / 50 + 1_000;
    Scenario {
        seed: 4,
        cluster: ClusterSpec {
            brokers: 3,
            ..Default::default()
        },
        topics: vec![TopicSpec {
            name: "events".into(),
            partitions: 12,
            replication_factor: 3,
            ..Default::default()
        }],
        producers: (0..10)
            .map(|_| ProducerSpec {
                config: props(&[("linger.ms", "5")]),
                workload: Workload {
                    topic: "events".into(),
                    keys: KeySpec::None,
                    rate_per_sec: 50_000,
                    count: per_producer,
                    value_bytes: 10,
                    ..Default::default()
                },
            })
            .collect(),
        run_ms,
        ..Scenario::default()
    }
}

/// Issue 5: one group of 64 consumers on a 256-partition topic (3 brokers, RF 1) with a light producer, and
/// repeated rebalances: from 5 s on, every 2 s one consumer is closed (LeaveGroup: the coordinator rebalances at
/// once) and restarted 1 s later (JoinGroup: another rebalance), over 60 s of virtual time.
pub const GROUP_CONSUMERS: usize = 64;
/// Closes (each followed by a restart) in [`group_heavy`].
pub const GROUP_BOUNCES: u64 = 27;

/// See [`GROUP_CONSUMERS`].
pub fn group_heavy() -> Scenario {
    let mut actions = Vec::new();
    for i in 0..GROUP_BOUNCES {
        let at = 5_000 + 2_000 * i;
        let consumer = (i * 7 % GROUP_CONSUMERS as u64) as u16;
        actions.push(TimedAction {
            at_ms: at,
            action: Action::CloseConsumer { consumer },
        });
        actions.push(TimedAction {
            at_ms: at + 1_000,
            action: Action::RestartConsumer { consumer },
        });
    }
    Scenario {
        seed: 5,
        cluster: ClusterSpec {
            brokers: 3,
            ..Default::default()
        },
        topics: vec![TopicSpec {
            name: "orders".into(),
            partitions: 256,
            replication_factor: 1,
            ..Default::default()
        }],
        producers: vec![ProducerSpec {
            config: props(&[("linger.ms", "5")]),
            workload: Workload {
                topic: "orders".into(),
                keys: KeySpec::None,
                rate_per_sec: 1_000,
                count: 60_000,
                value_bytes: 100,
                ..Default::default()
            },
        }],
        consumer_groups: vec![GroupSpec {
            group_id: "billing".into(),
            topics: vec!["orders".into()],
            members: (0..GROUP_CONSUMERS)
                .map(|_| MemberSpec::default())
                .collect(),
            config: props(&[
                ("auto.offset.reset", "earliest"),
                ("heartbeat.interval.ms", "500"),
            ]),
            processing_ms: 1,
            commit: CommitMode::Auto,
            poll_timeout_ms: 100,
        }],
        actions,
        run_ms: 60_000,
        ..Scenario::default()
    }
}

/// Issue 12's full pipeline: 10 producers × 1,000 keyed records/s for 60 s (600,000 records, acks=all, linger.ms=5)
/// into 5 brokers (12 partitions, RF 3), read by a group of 6 consumers (1 ms per record, auto commit); 61 s of
/// virtual time lets the last records reach the group.
pub const PIPELINE_RECORDS: u64 = 600_000;

/// See [`PIPELINE_RECORDS`].
pub fn pipeline() -> Scenario {
    pipeline_for(PIPELINE_RECORDS / 10_000)
}

/// The full pipeline for `seconds` of production (10,000 records a second), one second more to drain; a shorter
/// run keeps callgrind quick.
pub fn pipeline_for(seconds: u64) -> Scenario {
    Scenario {
        seed: 12,
        cluster: ClusterSpec {
            brokers: 5,
            ..Default::default()
        },
        topics: vec![TopicSpec {
            name: "orders".into(),
            partitions: 12,
            replication_factor: 3,
            ..Default::default()
        }],
        producers: (0..10)
            .map(|i| ProducerSpec {
                config: props(&[("linger.ms", "5")]),
                workload: Workload {
                    topic: "orders".into(),
                    keys: KeySpec::Cycle {
                        prefix: format!("p{i}"),
                        distinct: 100,
                    },
                    rate_per_sec: 1_000,
                    count: (seconds * 1_000) as u32,
                    value_bytes: 100,
                    ..Default::default()
                },
            })
            .collect(),
        consumer_groups: vec![GroupSpec {
            group_id: "billing".into(),
            topics: vec!["orders".into()],
            members: (0..6).map(|_| MemberSpec::default()).collect(),
            config: props(&[("auto.offset.reset", "earliest")]),
            processing_ms: 0,
            commit: CommitMode::Auto,
            poll_timeout_ms: 100,
        }],
        run_ms: (seconds + 1) * 1_000,
        ..Scenario::default()
    }
}
