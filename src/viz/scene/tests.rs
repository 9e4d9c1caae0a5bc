//! Goal: the scene is a pure fold of the trace, so a scene rebuilt from a prefix equals the scene applied
//! incrementally up to the same point; and replica logs, HW and ISR follow the events.
//! Method: run the default preset in the engine, keep the trace, compare folds; plus hand-written events.
//! Kafka: replication design (HW <= LEO; truncation after a leader change).
use super::*;
use crate::engine::protocol::{Acks, KafkaError};
use crate::engine::Sim;
use crate::scenario::presets;

fn trace_of(ms: u64) -> (Topology, Vec<TraceEvent>, Vec<Scene>) {
    let scenario = presets::default_scenario();
    let mut sim = Sim::new(&scenario).expect("default preset is valid");
    let topology = sim.topology();
    let mut scene = Scene::new(&topology);
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
    (topology, events, snapshots)
}

#[test]
fn prefix_rebuild_equals_incremental() {
    let (topology, events, snapshots) = trace_of(2_000);
    assert!(!events.is_empty(), "the default preset produces a trace");
    for snap in &snapshots {
        let prefix = &events[..snap.events as usize];
        assert_eq!(&Scene::from_trace(&topology, prefix), snap);
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
    let mut s = Scene::new(&sim.topology());
    let tp = s.partitions[0].tp;
    let b = s.partitions[0].replicas[0].broker;
    let at = Instant::from_ms(1);
    s.apply(&TraceEvent::RecordsAppended {
        at,
        broker: b,
        tp,
        base_offset: 0,
        records: (0..3).map(RecordId).collect(),
        leader_epoch: LeaderEpoch(0),
    });
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
        let mut scene = Scene::new(&sim.topology());
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
                for (tp, dq) in engine.accumulator.deques().iter() {
                    let mut want: Vec<BatchId> = dq.iter().map(|b| b.id).collect();
                    let mut got: Vec<BatchId> = p
                        .deques
                        .get(&tp)
                        .map(|d| d.iter().copied().collect())
                        .unwrap_or_default();
                    want.sort();
                    got.sort();
                    assert_eq!(got, want, "{name}: deque of {tp:?} at {}", sim.now());
                    if let Some(tail) = dq.back().filter(|b| !b.closed && b.attempts == 0) {
                        if let Some(open) = p.open_batch(tp) {
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
    Scene::new(&sim.topology())
}

fn batched(s: &mut Scene, ms: u64, n: u64, batch: u64, tp: TopicPartition, bytes: u32, new: bool) {
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

/// Goal: the stage names as a partition's owner a member the coordinator counts now, not a consumer it removed
/// that still lists the partition (Kafka: a consumer kicked out for `max.poll.interval.ms` keeps its assignment
/// until it rejoins). Method: every preset with a group, sampled every 250 ms, against the coordinator's members.
#[test]
fn a_partitions_owner_is_a_member_the_coordinator_counts() {
    use crate::engine::ids::NodeId;
    for (name, scenario) in presets::all() {
        if scenario.consumer_groups.is_empty() {
            continue;
        }
        let mut sim = Sim::new(&scenario).expect("presets are valid");
        let mut scene = Scene::new(&sim.topology());
        for ms in (0..=scenario.run_ms).step_by(250) {
            sim.run_until(Instant::from_ms(ms));
            while let Some(e) = sim.poll_trace() {
                scene.apply(&e);
            }
            let view = sim.view();
            for (gi, g) in view.coordinator.groups.iter().enumerate() {
                let counted = |c: &ConsumerView| {
                    c.alive()
                        && g.members
                            .iter()
                            .any(|m| m.client == NodeId::Consumer(c.idx))
                };
                for c in scene.consumers.iter().filter(|c| c.group.0 as usize == gi) {
                    if !counted(c) {
                        continue;
                    }
                    for tp in &c.assigned {
                        let owner = scene.owner(c.group, *tp).expect("someone lists it");
                        assert!(
                            counted(&scene.consumers[owner.0 as usize]),
                            "{name} at {ms} ms: consumer-{} shown owning a partition consumer-{} owns as a member",
                            owner.0,
                            c.idx.0
                        );
                    }
                }
            }
        }
    }
}
