//! Random-but-valid scenarios for deterministic simulation testing (TigerBeetle `options_swarm`): a seed picks the
//! cluster size, topics, producer configs, group configs and a fault schedule.

use super::*;
use crate::engine::rng::SimRng;

fn pick<'a>(r: &mut SimRng, xs: &[&'a str]) -> &'a str {
    xs[r.below(xs.len() as u64) as usize]
}

/// A random scenario for `seed`, with faults during the first `fault_ms` and everything healed after.
pub fn swarm(seed: u64) -> Scenario {
    let mut r = SimRng::derive(seed, 0xdead);
    let brokers = 1 + r.below(4) as u32;
    let rf = 1 + r.below(brokers.min(3) as u64) as u32;
    let partitions = 1 + r.below(4) as u32;
    let min_isr = 1 + r.below(rf as u64);
    let unclean = r.below(5) == 0;
    let mut tcfg = Props::new();
    tcfg.insert("min.insync.replicas".into(), min_isr.to_string());
    if unclean {
        tcfg.insert("unclean.leader.election.enable".into(), "true".into());
    }
    let mut cluster_cfg = Props::new();
    cluster_cfg.insert(
        "replica.lag.time.max.ms".into(),
        pick(&mut r, &["2000", "5000", "30000"]).into(),
    );
    let acks = pick(&mut r, &["0", "1", "all", "all"]);
    let mut pcfg = Props::new();
    pcfg.insert("acks".into(), acks.into());
    pcfg.insert("linger.ms".into(), pick(&mut r, &["0", "5", "20"]).into());
    pcfg.insert("batch.size".into(), pick(&mut r, &["1024", "16384"]).into());
    pcfg.insert(
        "request.timeout.ms".into(),
        pick(&mut r, &["2000", "5000"]).into(),
    );
    pcfg.insert("delivery.timeout.ms".into(), "30000".into());
    if acks == "all" && r.below(2) == 0 {
        pcfg.insert("enable.idempotence".into(), "true".into());
    } else {
        pcfg.insert("enable.idempotence".into(), "false".into());
        pcfg.insert(
            "max.in.flight.requests.per.connection".into(),
            pick(&mut r, &["1", "3", "5"]).into(),
        );
    }
    let members = 1 + r.below(3) as usize;
    let mut gcfg = Props::new();
    gcfg.insert("auto.offset.reset".into(), "earliest".into());
    gcfg.insert("session.timeout.ms".into(), "6000".into());
    gcfg.insert("heartbeat.interval.ms".into(), "1000".into());
    gcfg.insert(
        "max.poll.interval.ms".into(),
        pick(&mut r, &["8000", "300000"]).into(),
    );
    gcfg.insert(
        "partition.assignment.strategy".into(),
        pick(
            &mut r,
            &["range", "roundrobin", "sticky", "cooperative-sticky"],
        )
        .into(),
    );
    let commit = match r.below(3) {
        0 => CommitMode::Auto,
        1 => CommitMode::SyncAfterProcessing,
        _ => CommitMode::AsyncAfterProcessing,
    };
    let fault_ms = 12_000;
    let mut actions = Vec::new();
    let n_faults = r.below(7);
    for _ in 0..n_faults {
        let at_ms = 500 + r.below(fault_ms);
        let b = 1 + r.below(brokers as u64) as u32;
        let action = match r.below(13) {
            0 => Action::CrashBroker { broker: b },
            1 => Action::RestartBroker { broker: b },
            2 => Action::IsolateBroker { broker: b },
            3 => Action::SlowFollower {
                broker: b,
                delay_ms: r.below(6000),
            },
            4 => Action::CrashConsumer {
                consumer: r.below(members as u64) as u16,
            },
            5 => Action::ShutdownBroker { broker: b },
            // Producer faults: lost or late responses (after the broker appended), retriable errors.
            6 => Action::DropProduceResponses {
                producer: 0,
                count: 1 + r.below(3) as u32,
            },
            7 => Action::DelayProduceResponses {
                producer: 0,
                count: 1 + r.below(3) as u32,
                delay_ms: r.below(40_000),
            },
            8 => Action::FailProduces {
                broker: b,
                count: 1 + r.below(3) as u32,
                error: pick(
                    &mut r,
                    &[
                        "NOT_LEADER_OR_FOLLOWER",
                        "NOT_ENOUGH_REPLICAS",
                        "REQUEST_TIMED_OUT",
                        "LEADER_NOT_AVAILABLE",
                    ],
                )
                .into(),
            },
            // Consumer faults: cut off from a broker (maybe its coordinator), a GC pause, a graceful close,
            // a slow handler.
            9 => Action::CutLink {
                from: format!("consumer-{}", r.below(members as u64)),
                to: format!("broker-{b}"),
                one_way: r.below(2) == 0,
            },
            10 => Action::PauseConsumer {
                consumer: r.below(members as u64) as u16,
                ms: r.below(15_000),
            },
            11 => Action::CloseConsumer {
                consumer: r.below(members as u64) as u16,
            },
            _ => Action::SlowProcessing {
                consumer: r.below(members as u64) as u16,
                ms: r.below(20_000),
            },
        };
        actions.push(TimedAction { at_ms, action });
    }
    actions.sort_by_key(|a| a.at_ms);
    // Liveness phase: everything heals and restarts.
    actions.push(TimedAction {
        at_ms: fault_ms + 1000,
        action: Action::Heal,
    });
    for b in 1..=brokers {
        actions.push(TimedAction {
            at_ms: fault_ms + 1000,
            action: Action::RestartBroker { broker: b },
        });
        actions.push(TimedAction {
            at_ms: fault_ms + 1000,
            action: Action::SlowFollower {
                broker: b,
                delay_ms: 0,
            },
        });
    }
    for c in 0..members {
        actions.push(TimedAction {
            at_ms: fault_ms + 1000,
            action: Action::RestartConsumer { consumer: c as u16 },
        });
    }
    Scenario {
        title: format!("swarm seed {seed}"),
        seed,
        cluster: ClusterSpec {
            brokers,
            config: cluster_cfg,
        },
        network: NetworkSpec {
            latency_us: 200 + r.below(2000),
            jitter_us: r.below(2000),
            loss_ppm: 0,
        },
        topics: vec![TopicSpec {
            name: "orders".into(),
            partitions,
            replication_factor: rf,
            config: tcfg,
        }],
        producers: vec![ProducerSpec {
            config: pcfg,
            workload: Workload {
                topic: "orders".into(),
                keys: if r.below(2) == 0 {
                    KeySpec::None
                } else {
                    KeySpec::Cycle {
                        prefix: "k".into(),
                        distinct: 7,
                    }
                },
                value_bytes: 50 + r.below(200) as u32,
                rate_per_sec: 20 + r.below(200) as u32,
                count: 50 + r.below(300) as u32,
                ..Workload::default()
            },
        }],
        consumer_groups: vec![GroupSpec {
            group_id: "g".into(),
            topics: vec!["orders".into()],
            members: (0..members).map(|_| MemberSpec::default()).collect(),
            config: gcfg,
            processing_ms: r.below(10),
            commit,
            poll_timeout_ms: 500,
        }],
        actions,
        run_ms: fault_ms + 40_000,
        ..Scenario::default()
    }
}
