//! Built-in scenarios. Each one teaches one Kafka lesson and says what to watch; the page links them as
//! `#preset=NAME` and the CLI runs them by name.

use super::*;

fn props(kv: &[(&str, &str)]) -> Props {
    // Inserts, not `collect()`: collecting into a B-tree sorts, and each sort is a copy in the page's wasm.
    let mut out = Props::new();
    for (k, v) in kv {
        out.insert(k.to_string(), v.to_string());
    }
    out
}

fn topic(name: &str, partitions: u32, rf: u32, config: &[(&str, &str)]) -> TopicSpec {
    TopicSpec {
        name: name.into(),
        partitions,
        replication_factor: rf,
        config: props(config),
    }
}

fn producer(config: &[(&str, &str)], keys: KeySpec, rate: u32, count: u32) -> ProducerSpec {
    ProducerSpec {
        config: props(config),
        workload: Workload {
            topic: "orders".into(),
            keys,
            rate_per_sec: rate,
            count,
            value_bytes: 100,
            ..Workload::default()
        },
    }
}

fn group(id: &str, members: usize, config: &[(&str, &str)]) -> GroupSpec {
    GroupSpec {
        group_id: id.into(),
        topics: vec!["orders".into()],
        members: (0..members).map(|_| MemberSpec::default()).collect(),
        config: props(config),
        processing_ms: 5,
        commit: CommitMode::Auto,
        poll_timeout_ms: 1000,
    }
}

fn at(ms: u64, action: Action) -> TimedAction {
    TimedAction { at_ms: ms, action }
}

fn keys(prefix: &str, n: u32) -> KeySpec {
    KeySpec::Cycle {
        prefix: prefix.into(),
        distinct: n,
    }
}

/// The scenario the page opens with.
pub fn default_scenario() -> Scenario {
    quickstart()
}

/// A producer, three brokers, a group of three: records flow end to end.
fn quickstart() -> Scenario {
    Scenario {
        title: "Quickstart: one producer, three brokers, one consumer group".into(),
        watch: "Records (dots) leave the producer, wait a few ms in a batch (linger.ms=5), travel to the partition \
                leader, are copied by the followers, and once every in-sync replica has them the high watermark (HW) \
                moves and the consumers can read them. Keys decide the partition: the same key always lands on the \
                same partition."
            .into(),
        seed: 42,
        topics: vec![topic("orders", 3, 3, &[])],
        producers: vec![producer(&[], keys("customer", 6), 20, 60)],
        consumer_groups: vec![group("billing", 3, &[("auto.offset.reset", "earliest")])],
        run_ms: 12_000,
        ..Scenario::default()
    }
}

fn acks_all_survives_broker_loss() -> Scenario {
    Scenario {
        title: "acks=all with min.insync.replicas=2 survives a broker loss".into(),
        watch: "Broker 1 crashes at 1.5 s. Its partitions get new leaders from the ISR once the controller fences it \
                (broker.session.timeout.ms=9000). Produces wait or retry in the meantime, but every acknowledged \
                record is still in the log at the end: lost_acked stays 0."
            .into(),
        seed: 7,
        topics: vec![topic("orders", 3, 3, &[("min.insync.replicas", "2")])],
        producers: vec![producer(&[("acks", "all")], keys("customer", 6), 50, 300)],
        consumer_groups: vec![group("billing", 2, &[("auto.offset.reset", "earliest")])],
        actions: vec![at(1500, Action::CrashBroker { broker: 1 })],
        run_ms: 30_000,
        ..Scenario::default()
    }
}

fn acks_1_data_loss() -> Scenario {
    Scenario {
        title: "acks=1 loses data when the leader dies before followers fetch".into(),
        watch: "Follower fetches from broker 1 are slowed so its followers lag. The leader acknowledges each batch as \
                soon as it is in its own log (acks=1), then crashes. A follower becomes leader without the newest \
                records; when broker 1 returns it truncates its log to the new leader's. Those records were \
                acknowledged and are gone: see lost_acked."
            .into(),
        seed: 11,
        topics: vec![topic("orders", 1, 3, &[])],
        producers: vec![producer(&[("acks", "1")], keys("customer", 4), 100, 400)],
        actions: vec![
            at(500, Action::SlowFollower { broker: 2, delay_ms: 1500 }),
            at(500, Action::SlowFollower { broker: 3, delay_ms: 1500 }),
            at(2000, Action::CrashBroker { broker: 1 }),
            at(2600, Action::SlowFollower { broker: 2, delay_ms: 0 }),
            at(2600, Action::SlowFollower { broker: 3, delay_ms: 0 }),
            at(15_000, Action::RestartBroker { broker: 1 }),
        ],
        run_ms: 25_000,
        ..Scenario::default()
    }
}

fn acks_0_fire_and_forget() -> Scenario {
    Scenario {
        title: "acks=0: fire and forget through a leader crash".into(),
        watch: "With acks=0 every send completes at once with offset -1; the producer never hears from the broker. \
                When the leader of the partition crashes, records sent to it are simply gone, and the producer \
                cannot tell: they count as acked and lost."
            .into(),
        seed: 3,
        topics: vec![topic("orders", 1, 3, &[])],
        producers: vec![producer(&[("acks", "0")], keys("customer", 4), 100, 300)],
        actions: vec![at(1000, Action::CrashBroker { broker: 1 })],
        run_ms: 15_000,
        ..Scenario::default()
    }
}

fn min_isr_refuses_writes() -> Scenario {
    Scenario {
        title: "replication.factor=3, min.insync.replicas=3, one broker down: writes refused".into(),
        watch: "Broker 3 is down from the start. Once the controller fences it, the ISR shrinks to two, below \
                min.insync.replicas=3, so every acks=all produce is refused with NOT_ENOUGH_REPLICAS \
                (NotEnoughReplicasException, retriable). The producer retries until delivery.timeout.ms (here \
                15000 ms) and then fails the records with TimeoutException."
            .into(),
        seed: 5,
        topics: vec![topic("orders", 1, 3, &[("min.insync.replicas", "3")])],
        producers: vec![producer(&[("acks", "all"), ("delivery.timeout.ms", "15000"), ("request.timeout.ms", "5000")], keys("customer", 4), 10, 40)],
        actions: vec![at(0, Action::CrashBroker { broker: 3 })],
        run_ms: 30_000,
        ..Scenario::default()
    }
}

fn unclean_election() -> Scenario {
    Scenario {
        title: "Unclean leader election loses data".into(),
        watch: "Broker 2 falls out of the ISR (slow follower), then the leader (broker 1) crashes. With \
                unclean.leader.election.enable=true the controller elects the out-of-sync broker 2 anyway, so the \
                partition stays available but the records only broker 1 had are lost, even those acknowledged \
                with acks=all."
            .into(),
        seed: 13,
        cluster: ClusterSpec { brokers: 2, config: props(&[("replica.lag.time.max.ms", "2000")]) },
        topics: vec![topic("orders", 1, 2, &[("unclean.leader.election.enable", "true")])],
        producers: vec![producer(&[("acks", "all")], keys("customer", 4), 50, 400)],
        actions: vec![
            at(500, Action::SlowFollower { broker: 2, delay_ms: 60_000 }),
            at(6000, Action::CrashBroker { broker: 1 }),
            at(6100, Action::SlowFollower { broker: 2, delay_ms: 0 }),
            at(20_000, Action::RestartBroker { broker: 1 }),
        ],
        run_ms: 30_000,
        ..Scenario::default()
    }
}

fn slow_follower_isr() -> Scenario {
    Scenario {
        title: "A slow follower drops out of the ISR and comes back".into(),
        watch: "Broker 3's fetches are delayed by 4 s, longer than replica.lag.time.max.ms=3000, so the leader \
                removes it from the ISR (watch the ISR list). When it is healed it catches up to the high watermark \
                and is added back."
            .into(),
        seed: 17,
        cluster: ClusterSpec { brokers: 3, config: props(&[("replica.lag.time.max.ms", "3000")]) },
        topics: vec![topic("orders", 1, 3, &[])],
        producers: vec![producer(&[], keys("customer", 4), 50, 600)],
        actions: vec![
            at(1000, Action::SlowFollower { broker: 3, delay_ms: 4000 }),
            at(9000, Action::SlowFollower { broker: 3, delay_ms: 0 }),
        ],
        run_ms: 16_000,
        ..Scenario::default()
    }
}

fn isolated_leader_fenced() -> Scenario {
    Scenario {
        title: "A network partition isolates a leader, which is then fenced by the new epoch".into(),
        watch: "Broker 1 is cut off from everyone at 1 s. It still believes it leads, but it cannot reach the \
                controller, whose session for it expires (broker.session.timeout.ms=9000): a new leader is elected \
                with a higher leader epoch. After the heal, broker 1 learns the new epoch, becomes a follower and \
                truncates anything only it had."
            .into(),
        seed: 19,
        topics: vec![topic("orders", 2, 3, &[("min.insync.replicas", "2")])],
        producers: vec![producer(&[("acks", "all"), ("request.timeout.ms", "5000")], keys("customer", 4), 20, 300)],
        actions: vec![at(1000, Action::IsolateBroker { broker: 1 }), at(16_000, Action::Heal)],
        run_ms: 25_000,
        ..Scenario::default()
    }
}

fn retry_reordering() -> Scenario {
    Scenario {
        title: "Retries reorder records: max.in.flight=3, idempotence off".into(),
        watch: "The leader fails the first produce with a retriable NOT_LEADER_OR_FOLLOWER while the next two \
                requests succeed. The failed batch is retried and lands after them: order 2 3 1. See reordered > 0 \
                in the report; with enable.idempotence=true (preset idempotence-keeps-order) this cannot happen."
            .into(),
        seed: 23,
        cluster: ClusterSpec { brokers: 1, config: Props::new() },
        topics: vec![topic("orders", 1, 1, &[])],
        producers: vec![producer(
            &[("enable.idempotence", "false"), ("max.in.flight.requests.per.connection", "3"), ("linger.ms", "0"), ("acks", "1")],
            keys("customer", 1),
            1000,
            300,
        )],
        actions: vec![at(300, Action::FailProduces { broker: 1, count: 1, error: "NOT_LEADER_OR_FOLLOWER".into() })],
        run_ms: 3000,
        ..Scenario::default()
    }
}

fn idempotence_keeps_order() -> Scenario {
    let mut s = retry_reordering();
    s.title = "Idempotence keeps order and drops the duplicate".into();
    s.watch = "Same fault as retry-reordering, but enable.idempotence=true (the default): the producer stamps each \
               batch with a sequence number, the broker refuses out-of-order sequences, and only the first \
               in-flight batch is retried, so the log keeps send order; a retried batch the broker already has is \
               recognised and not written twice."
        .into();
    s.producers[0].config = props(&[
        ("max.in.flight.requests.per.connection", "3"),
        ("linger.ms", "0"),
    ]);
    s.actions.push(at(
        350,
        Action::DropProduceResponses {
            producer: 0,
            count: 1,
        },
    ));
    s.producers[0]
        .config
        .insert("request.timeout.ms".into(), "1000".into());
    s
}

fn late_ack_duplicates() -> Scenario {
    Scenario {
        title: "A lost ack duplicates records without idempotence".into(),
        watch: "The broker appends a batch, then the connection breaks before its response reaches the producer. \
                The producer sees a NetworkException for every request in flight on that connection and retries \
                them, and the broker appends the same records again: duplicated > 0. Turn enable.idempotence on \
                and the broker recognises the sequence numbers instead (DuplicateBatchDropped)."
            .into(),
        seed: 29,
        cluster: ClusterSpec { brokers: 1, config: Props::new() },
        topics: vec![topic("orders", 1, 1, &[])],
        producers: vec![producer(&[("enable.idempotence", "false"), ("acks", "1"), ("request.timeout.ms", "2000")], keys("k", 1), 50, 40)],
        actions: vec![at(100, Action::DropProduceResponses { producer: 0, count: 1 })],
        run_ms: 6000,
        ..Scenario::default()
    }
}

fn batching_tradeoff() -> Scenario {
    Scenario {
        title: "Batching trade-off: linger.ms and batch.size".into(),
        watch: "Two producers send the same stream. Producer 0 uses linger.ms=0 (a request per record or so: low \
                latency, many requests); producer 1 waits linger.ms=50 and fills bigger batches (fewer requests, \
                higher latency). Compare batch-size-avg, records-per-request-avg and request-latency-avg."
            .into(),
        seed: 31,
        topics: vec![topic("orders", 3, 3, &[])],
        producers: vec![
            producer(&[("linger.ms", "0")], keys("customer", 12), 200, 400),
            producer(&[("linger.ms", "50")], keys("customer", 12), 200, 400),
        ],
        run_ms: 5000,
        ..Scenario::default()
    }
}

fn buffer_full() -> Scenario {
    Scenario {
        title: "buffer.memory full: send() blocks until max.block.ms".into(),
        watch: "The only broker is down, so nothing drains. Batches pile up in the accumulator until buffer.memory \
                (64 KiB here) is used; then send() blocks. After max.block.ms=2000 the blocked send fails with \
                BufferExhaustedException, and queued batches later expire with TimeoutException."
            .into(),
        seed: 37,
        cluster: ClusterSpec { brokers: 1, config: Props::new() },
        topics: vec![topic("orders", 1, 1, &[])],
        producers: vec![producer(
            &[("buffer.memory", "65536"), ("max.block.ms", "2000"), ("batch.size", "16384"), ("delivery.timeout.ms", "8000"), ("request.timeout.ms", "3000"), ("linger.ms", "5")],
            keys("k", 1),
            400,
            1200,
        )],
        actions: vec![at(200, Action::CrashBroker { broker: 1 })],
        run_ms: 12_000,
        ..Scenario::default()
    }
}

fn record_too_large() -> Scenario {
    let mut s = Scenario {
        title: "A record larger than max.request.size".into(),
        watch: "Record 5 carries a 2 MB value. send() estimates its size before queueing and fails it at once with \
                RecordTooLargeException (it never reaches a batch); every other record is delivered."
            .into(),
        seed: 41,
        topics: vec![topic("orders", 1, 3, &[])],
        producers: vec![producer(&[], keys("k", 2), 20, 10)],
        run_ms: 3000,
        ..Scenario::default()
    };
    s.producers[0].workload.oversize = vec![(5, 2_000_000)];
    s
}

fn keyed_order() -> Scenario {
    Scenario {
        title: "Keyed records keep per-key order within a partition".into(),
        watch: "Each key hashes (murmur2) to one partition, so all records of a key land there in send order, and \
                a consumer reads them in that order. Different keys spread over partitions."
            .into(),
        seed: 43,
        topics: vec![topic("orders", 3, 3, &[])],
        producers: vec![producer(&[], keys("user", 5), 50, 100)],
        consumer_groups: vec![group("audit", 1, &[("auto.offset.reset", "earliest")])],
        run_ms: 8000,
        ..Scenario::default()
    }
}

fn sticky_vs_round_robin() -> Scenario {
    Scenario {
        title: "Null keys: uniform sticky vs round-robin".into(),
        watch: "Producer 0 uses the built-in partitioner: null-key records stick to one partition until about \
                batch.size bytes, giving few full batches. Producer 1 uses RoundRobinPartitioner: every record goes \
                to the next partition, giving many small batches. Compare batch-size-avg."
            .into(),
        seed: 47,
        topics: vec![topic("orders", 3, 3, &[])],
        producers: vec![
            producer(&[("batch.size", "2048")], KeySpec::None, 300, 300),
            producer(&[("batch.size", "2048"), ("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner")], KeySpec::None, 300, 300),
        ],
        run_ms: 3000,
        ..Scenario::default()
    }
}

fn consumer_dies() -> Scenario {
    Scenario {
        title: "3 partitions, 3 consumers, one dies: its partition moves".into(),
        watch: "Each consumer owns one partition. Consumer 1 crashes at 6 s without leaving the group. Its \
                heartbeats stop; after session.timeout.ms (10000 ms here) the coordinator removes it and rebalances, \
                and its partition moves to another member, which resumes from the last committed offset."
            .into(),
        seed: 53,
        topics: vec![topic("orders", 3, 3, &[])],
        producers: vec![producer(&[], keys("peter", 9), 20, 500)],
        consumer_groups: vec![group("peter-01", 3, &[("auto.offset.reset", "earliest"), ("session.timeout.ms", "10000")])],
        actions: vec![at(6000, Action::CrashConsumer { consumer: 1 })],
        run_ms: 26_000,
        ..Scenario::default()
    }
}

fn idle_consumer() -> Scenario {
    Scenario {
        title: "4 consumers on 3 partitions: one stays idle".into(),
        watch: "A partition is consumed by at most one member of a group, so the fourth consumer gets nothing and \
                sits idle: it is a hot standby that takes over if another member fails."
            .into(),
        seed: 59,
        topics: vec![topic("orders", 3, 3, &[])],
        producers: vec![producer(&[], keys("customer", 9), 20, 120)],
        consumer_groups: vec![group("billing", 4, &[("auto.offset.reset", "earliest")])],
        run_ms: 12_000,
        ..Scenario::default()
    }
}

fn auto_commit_replay() -> Scenario {
    Scenario {
        title: "Auto-commit replays records after a crash".into(),
        watch: "enable.auto.commit commits positions only at the start of a poll() once auto.commit.interval.ms \
                (5000) has passed. Consumer 0 crashes between commits; the records it processed since the last \
                commit are processed again by the member that takes over: consumed_twice > 0 (at-least-once)."
            .into(),
        seed: 61,
        topics: vec![topic("orders", 2, 3, &[])],
        producers: vec![producer(&[], keys("customer", 8), 40, 600)],
        consumer_groups: vec![group("billing", 2, &[("auto.offset.reset", "earliest"), ("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000")])],
        actions: vec![at(9000, Action::CrashConsumer { consumer: 0 })],
        run_ms: 25_000,
        ..Scenario::default()
    }
}

fn slow_processing() -> Scenario {
    Scenario {
        title: "Slow processing exceeds max.poll.interval.ms".into(),
        watch: "Consumer 0's handler takes 20 s on one record, longer than max.poll.interval.ms=8000. Its heartbeat \
                thread keeps the session alive but notices that poll() was not called in time and leaves the group \
                (LeaveGroup): generation 2 gives both partitions to consumer 1. When consumer 0's handler finally \
                returns, its next poll() rejoins with a new member id and generation 3 splits the partitions again."
            .into(),
        seed: 67,
        topics: vec![topic("orders", 2, 3, &[])],
        producers: vec![producer(&[], keys("customer", 8), 20, 400)],
        consumer_groups: vec![group("billing", 2, &[("auto.offset.reset", "earliest"), ("max.poll.interval.ms", "8000")])],
        actions: vec![at(5000, Action::SlowProcessing { consumer: 0, ms: 20_000 })],
        run_ms: 30_000,
        ..Scenario::default()
    }
}

fn fetch_tuning() -> Scenario {
    Scenario {
        title: "fetch.min.bytes / fetch.max.wait.ms trade latency for throughput".into(),
        watch: "Group 'eager-fetch' keeps fetch.min.bytes=1: its fetch waits in the leader's purgatory only until \
                the high watermark moves past a new record, so a record reaches its handler about 5 ms after \
                send() (end-to-end latency p50 ≈ 5 ms in the group box and in the report). Group 'batched-fetch' \
                asks for fetch.min.bytes=50000 with fetch.max.wait.ms=500: 100 records/s never add up to 50 kB, so \
                every fetch is held the full 500 ms and returns ~50 records at once: p50 ≈ 380 ms, max ≈ 505 ms \
                (500 ms of purgatory plus the network). Fewer, larger responses for higher latency."
            .into(),
        seed: 71,
        topics: vec![topic("orders", 1, 3, &[])],
        producers: vec![ProducerSpec {
            // Start once both groups are stable (group.initial.rebalance.delay.ms is 3 s), so the latency
            // figures measure the fetch path alone.
            // linger.ms=0: each record leaves at once, so what remains is replication and the fetch path.
            workload: Workload {
                start_ms: 4000,
                ..producer(&[], keys("customer", 4), 100, 500).workload
            },
            ..producer(&[("linger.ms", "0")], keys("customer", 4), 100, 500)
        }],
        consumer_groups: vec![
            group("eager-fetch", 1, &[("auto.offset.reset", "earliest")]),
            group("batched-fetch", 1, &[("auto.offset.reset", "earliest"), ("fetch.min.bytes", "50000"), ("fetch.max.wait.ms", "500")]),
        ],
        run_ms: 10_000,
        ..Scenario::default()
    }
}

fn clean_shutdown() -> Scenario {
    Scenario {
        title: "Clean shutdown with wakeup() and close()".into(),
        watch: "At 8 s another thread calls wakeup(): the blocked poll() throws WakeupException, and the loop calls \
                close(), which commits the positions (auto-commit) and sends LeaveGroup. The coordinator rebalances \
                at once, without waiting for session.timeout.ms, and no record is processed twice."
            .into(),
        seed: 73,
        topics: vec![topic("orders", 2, 3, &[])],
        producers: vec![producer(&[], keys("customer", 8), 20, 300)],
        consumer_groups: vec![group("billing", 2, &[("auto.offset.reset", "earliest")])],
        actions: vec![at(8000, Action::CloseConsumer { consumer: 0 })],
        run_ms: 20_000,
        ..Scenario::default()
    }
}

fn cooperative_rebalance() -> Scenario {
    Scenario {
        title: "Eager vs cooperative rebalancing".into(),
        watch: "Two groups read the same topic; a third member joins each at 8 s. 'eager' (range) revokes every \
                partition from everyone before reassigning: all members stop. 'cooperative' \
                (cooperative-sticky) keeps what does not move, revokes only the partitions that change owner, and \
                assigns them in a second rebalance."
            .into(),
        seed: 79,
        topics: vec![topic("orders", 6, 3, &[])],
        producers: vec![producer(&[], keys("customer", 12), 40, 600)],
        consumer_groups: vec![
            GroupSpec {
                members: vec![MemberSpec::default(), MemberSpec::default(), MemberSpec { start_ms: 8000, ..MemberSpec::default() }],
                ..group("eager", 0, &[("auto.offset.reset", "earliest"), ("partition.assignment.strategy", "range")])
            },
            GroupSpec {
                members: vec![MemberSpec::default(), MemberSpec::default(), MemberSpec { start_ms: 8000, ..MemberSpec::default() }],
                ..group("cooperative", 0, &[("auto.offset.reset", "earliest"), ("partition.assignment.strategy", "cooperative-sticky")])
            },
        ],
        run_ms: 20_000,
        ..Scenario::default()
    }
}

fn static_membership() -> Scenario {
    Scenario {
        title: "Static membership avoids a rebalance on restart".into(),
        watch: "Both members set group.instance.id. Consumer 0 crashes at 6 s and restarts at 9 s, within \
                session.timeout.ms (15000): it rejoins under its instance id and gets its old partitions back \
                without a rebalance; the generation does not change."
            .into(),
        seed: 83,
        topics: vec![topic("orders", 2, 3, &[])],
        producers: vec![producer(&[], keys("customer", 8), 20, 400)],
        consumer_groups: vec![GroupSpec {
            members: vec![
                MemberSpec { start_ms: 0, config: props(&[("group.instance.id", "billing-a")]) },
                MemberSpec { start_ms: 0, config: props(&[("group.instance.id", "billing-b")]) },
            ],
            ..group("billing", 0, &[("auto.offset.reset", "earliest"), ("session.timeout.ms", "15000")])
        }],
        actions: vec![at(6000, Action::CrashConsumer { consumer: 0 }), at(9000, Action::RestartConsumer { consumer: 0 })],
        run_ms: 20_000,
        ..Scenario::default()
    }
}

/// Every preset, by name, in the order the page lists them.
pub fn all() -> Vec<(&'static str, Scenario)> {
    vec![
        ("quickstart", quickstart()),
        (
            "acks-all-survives-broker-loss",
            acks_all_survives_broker_loss(),
        ),
        ("acks-1-data-loss", acks_1_data_loss()),
        ("acks-0-fire-and-forget", acks_0_fire_and_forget()),
        ("min-isr-refuses-writes", min_isr_refuses_writes()),
        ("unclean-election-loses-data", unclean_election()),
        ("slow-follower-isr", slow_follower_isr()),
        ("isolated-leader-fenced", isolated_leader_fenced()),
        ("retry-reordering", retry_reordering()),
        ("idempotence-keeps-order", idempotence_keeps_order()),
        ("late-ack-duplicates", late_ack_duplicates()),
        ("batching-tradeoff", batching_tradeoff()),
        ("buffer-full-blocks", buffer_full()),
        ("record-too-large", record_too_large()),
        ("keyed-order", keyed_order()),
        ("sticky-vs-round-robin", sticky_vs_round_robin()),
        ("consumer-dies", consumer_dies()),
        ("idle-consumer", idle_consumer()),
        ("auto-commit-replay", auto_commit_replay()),
        ("slow-processing", slow_processing()),
        ("fetch-tuning", fetch_tuning()),
        ("clean-shutdown", clean_shutdown()),
        ("eager-vs-cooperative", cooperative_rebalance()),
        ("static-membership", static_membership()),
    ]
}

/// A preset by name.
pub fn by_name(name: &str) -> Option<Scenario> {
    all().into_iter().find(|(n, _)| *n == name).map(|(_, s)| s)
}

/// Preset names.
pub fn names() -> Vec<&'static str> {
    all().into_iter().map(|(n, _)| n).collect()
}
