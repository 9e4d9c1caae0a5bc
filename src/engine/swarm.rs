//! Random-but-valid scenarios for deterministic simulation testing (TigerBeetle `options_swarm`): a seed picks the
//! cluster size, topics, producer configs, group configs and a fault schedule. Faults come alone, in bursts (several
//! within one second), and in patterns that stress Kafka's hardest paths: the group coordinator's broker dying
//! during a rebalance, a broker restarting while it truncates, a consumer dying between processing and commit.

use super::broker::coordinator::offsets_partition;
use super::ids::BrokerId;
use super::rng::SimRng;
use super::setup::assign_replicas;
use crate::scenario::config::Props;
use crate::scenario::*;

/// The broker that first coordinates group `group_id` (the preferred leader of its `__consumer_offsets` partition).
fn first_coordinator(brokers: u32, group_id: &str) -> u32 {
    let ids: Vec<BrokerId> = (1..=brokers).map(BrokerId).collect();
    let p = offsets_partition(group_id, 50);
    let replicas = assign_replicas(&ids, p + 1, brokers.min(3));
    replicas[p as usize].first().map_or(1, |b| b.0)
}

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
    let commit = match r.below(4) {
        0 => CommitMode::Auto,
        1 => CommitMode::SyncAfterProcessing,
        2 => CommitMode::SyncBeforeProcessing,
        _ => CommitMode::AsyncAfterProcessing,
    };
    let fault_ms = 12_000;
    let mut actions = Vec::new();
    let n_faults = r.below(9);
    // A third of the runs put their faults in one burst: several at once.
    let burst = (r.below(3) == 0).then(|| 500 + r.below(fault_ms - 1000));
    for _ in 0..n_faults {
        let at_ms = match burst {
            Some(t) => t + r.below(1000),
            None => 500 + r.below(fault_ms),
        };
        let b = 1 + r.below(brokers as u64) as u32;
        let action = match r.below(14) {
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
            12 => Action::WakeupConsumer {
                consumer: r.below(members as u64) as u16,
            },
            _ => Action::SlowProcessing {
                consumer: r.below(members as u64) as u16,
                ms: r.below(20_000),
            },
        };
        actions.push(TimedAction { at_ms, action });
    }
    let mut member_specs: Vec<MemberSpec> = (0..members).map(|_| MemberSpec::default()).collect();
    let coordinator = first_coordinator(brokers, "g");
    let pattern = if unclean && r.below(2) == 0 {
        1
    } else {
        r.below(4)
    };
    match pattern {
        // The coordinator's broker dies while the group rebalances: a member joins late (or one crashes), and
        // within a few hundred ms the coordinator goes down, so the next coordinator must load the group mid-join.
        0 => {
            let t = 3500 + r.below(6000);
            if r.below(2) == 0 {
                member_specs.push(MemberSpec {
                    start_ms: t,
                    ..MemberSpec::default()
                });
            } else {
                actions.push(TimedAction {
                    at_ms: t,
                    action: Action::CloseConsumer { consumer: 0 },
                });
            }
            let down = if r.below(2) == 0 {
                Action::CrashBroker {
                    broker: coordinator,
                }
            } else {
                Action::ShutdownBroker {
                    broker: coordinator,
                }
            };
            actions.push(TimedAction {
                at_ms: t + r.below(400),
                action: down,
            });
        }
        // Followers fall behind, a leader dies with records they never fetched, a lagging follower takes over, and
        // the old leader restarts (maybe twice in a row) while it truncates its divergent tail and catches up.
        // With unclean.leader.election.enable the followers lag long enough to leave the ISR first, so the only
        // replicas left to elect are out of sync: an unclean election, with whatever producer is running.
        1 => {
            let b = 1 + r.below(brokers as u64) as u32;
            let t = 4000 + r.below(6000);
            let (slow_at, delay) = if unclean {
                cluster_cfg.insert("replica.lag.time.max.ms".into(), "2000".into());
                (t - 3500, 3000 + r.below(2000))
            } else {
                (t - 400, 200 + r.below(1500))
            };
            for f in (1..=brokers).filter(|f| *f != b) {
                actions.push(TimedAction {
                    at_ms: slow_at,
                    action: Action::SlowFollower {
                        broker: f,
                        delay_ms: delay,
                    },
                });
            }
            actions.push(TimedAction {
                at_ms: t,
                action: Action::CrashBroker { broker: b },
            });
            let back = t + 500 + r.below(2500);
            for k in 0..1 + r.below(2) {
                let at = back + k * (20 + r.below(300));
                if k > 0 {
                    actions.push(TimedAction {
                        at_ms: at,
                        action: Action::CrashBroker { broker: b },
                    });
                }
                actions.push(TimedAction {
                    at_ms: at + 1 + r.below(100),
                    action: Action::RestartBroker { broker: b },
                });
            }
        }
        // A consumer dies in the middle of its poll loop (often between processing and commit): the next owner
        // processes what it had not committed again.
        2 => {
            let c = r.below(members as u64) as u16;
            actions.push(TimedAction {
                at_ms: 3500 + r.below(8000),
                action: Action::CrashConsumer { consumer: c },
            });
        }
        _ => {}
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
    for c in 0..member_specs.len() {
        actions.push(TimedAction {
            at_ms: fault_ms + 1000,
            action: Action::RestartConsumer { consumer: c as u16 },
        });
    }
    let rate_per_sec = 10 + r.below(90) as u32;
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
                // Sending lasts 3-14 s, so faults of the first 13 s meet records in flight.
                rate_per_sec,
                count: (rate_per_sec as u64 * (3000 + r.below(11_000)) / 1000).max(20) as u32,
                ..Workload::default()
            },
        }],
        consumer_groups: vec![GroupSpec {
            group_id: "g".into(),
            topics: vec!["orders".into()],
            members: member_specs,
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
