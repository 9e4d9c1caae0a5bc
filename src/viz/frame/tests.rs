//! Goal: an in-flight message is drawn at its source when sent, strictly between its endpoints mid-flight, and
//! not at all once its delivery time has passed; record dots carry their record ids.
//! Method: a scene from the default preset's setup, with a hand-written `MessageSent`.
//! Kafka: none (drawing), following RaftScope's `messageSpec(from, to, frac)`.
use super::*;
use crate::engine::ids::*;
use crate::engine::protocol::{Acks, Api, KafkaError};
use crate::engine::trace::{PartitionReason, TraceEvent};
use crate::engine::Sim;
use crate::scenario::presets;
use crate::viz::layout::{Curve, LOG_SLOTS};
use crate::viz::scene::PartitionChoice;

fn scene_with_message() -> (Scene, Layout, Curve) {
    let sim = Sim::new(&presets::default_scenario()).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let layout = Layout::new(&scene);
    let from = NodeId::Producer(ProducerIdx(0));
    let to = NodeId::Broker(BrokerId(1));
    scene.apply(&TraceEvent::MessageSent {
        at: Instant::from_ms(10),
        id: MessageId(7),
        from,
        to,
        api: Api::Produce,
        response: false,
        deliver_at: Instant::from_ms(12),
        records: (0..11).map(|n| RecordId::new(ProducerIdx(0), n)).collect(),
        error: None,
        correlation_id: None,
    });
    let curve = layout.curve(from, to, false).expect("path");
    (scene, layout, curve)
}

#[test]
fn message_moves_from_source_to_destination() {
    let (scene, layout, curve) = scene_with_message();
    let at_send = frame(&scene, &layout, Instant::from_ms(10));
    let m = &at_send.messages[0];
    assert_eq!(m.at, curve.from, "at its source at sent_at");

    let mid = frame(&scene, &layout, Instant::from_ms(11));
    let m = &mid.messages[0];
    let (lo, hi) = (curve.from.x.min(curve.to.x), curve.from.x.max(curve.to.x));
    assert!(
        m.at.x > lo && m.at.x < hi,
        "strictly between the endpoints mid-flight: {:?}",
        m.at
    );
    assert!(m.progress > 0.0 && m.progress < 1.0);
    assert_eq!(m.dots.len(), MAX_DOTS_PER_MESSAGE);
    assert_eq!(m.more, 3);
    assert_eq!(m.dots[0].record_id, RecordId::new(ProducerIdx(0), 0).0);

    assert!(
        frame(&scene, &layout, Instant::from_ms(12))
            .messages
            .is_empty(),
        "gone at deliver_at"
    );
    assert!(
        frame(&scene, &layout, Instant::from_ms(13))
            .messages
            .is_empty(),
        "gone after deliver_at"
    );
}

#[test]
fn delivered_message_is_removed() {
    let (mut scene, layout, _) = scene_with_message();
    scene.apply(&TraceEvent::MessageDelivered {
        at: Instant::from_ms(12),
        id: MessageId(7),
    });
    assert!(frame(&scene, &layout, Instant::from_ms(11))
        .messages
        .is_empty());
}

#[test]
fn cells_carry_record_ids_and_hw() {
    let sim = Sim::new(&presets::default_scenario()).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let layout = Layout::new(&scene);
    let tp = scene.partitions[0].tp;
    let b = scene.partitions[0].replicas[0].broker;
    let at = Instant::from_ms(1);
    scene.apply(&TraceEvent::RecordsAppended {
        at,
        broker: b,
        tp,
        base_offset: 0,
        records: (0..20u64).map(RecordId).collect(),
        leader_epoch: LeaderEpoch(1),
    });
    scene.apply(&TraceEvent::HighWatermarkAdvanced {
        at,
        broker: b,
        tp,
        hw: 15,
    });
    let f = frame(&scene, &layout, at);
    let row = f.brokers[b.0 as usize - 1]
        .replicas
        .iter()
        .find(|r| r.partition == scene.partitions[0].name)
        .expect("row");
    assert_eq!(row.cells.len(), LOG_SLOTS);
    assert_eq!(row.log_end_offset, 20);
    assert_eq!(row.cells.last().map(|c| c.record_id), Some(19));
    let first = 20 - LOG_SLOTS;
    assert_eq!(row.first_offset, first as u64);
    assert_eq!(row.cells.iter().filter(|c| c.committed).count(), 15 - first);
    assert!(row.hw_x.is_some());
}

#[test]
fn cut_links_are_drawn_once_per_pair_and_isolation_is_a_status() {
    let sim = Sim::new(&presets::default_scenario()).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let layout = Layout::new(&scene);
    let (b1, b2, b3) = (
        NodeId::Broker(BrokerId(1)),
        NodeId::Broker(BrokerId(2)),
        NodeId::Broker(BrokerId(3)),
    );
    let at = Instant::from_ms(5);
    for (from, to) in [(b1, b2), (b2, b1), (b3, b1)] {
        scene.apply(&TraceEvent::LinkChanged {
            at,
            from,
            to,
            cut: true,
        });
    }
    let f = frame(&scene, &layout, at);
    let drawn: Vec<(&str, &str, &str)> = f
        .cut_links
        .iter()
        .map(|c| (c.a.as_str(), c.b.as_str(), c.direction.as_str()))
        .collect();
    assert_eq!(
        drawn,
        vec![
            ("broker-1", "broker-2", "both ways"),
            ("broker-3", "broker-1", "broker-3 → broker-1 only"),
        ]
    );
    // A cut link is not an isolation: every broker is still drawn up.
    assert!(f.brokers.iter().all(|b| b.status == NodeStatus::Up));
    scene.apply(&TraceEvent::BrokerIsolated {
        at,
        broker: BrokerId(2),
        isolated: true,
    });
    let f = frame(&scene, &layout, at);
    assert_eq!(f.brokers[1].status, NodeStatus::Isolated);
    assert_eq!(f.brokers[0].status, NodeStatus::Up);
    // Healing removes the drawing.
    for (from, to) in [(b1, b2), (b2, b1), (b3, b1)] {
        scene.apply(&TraceEvent::LinkChanged {
            at,
            from,
            to,
            cut: false,
        });
    }
    assert!(frame(&scene, &layout, at).cut_links.is_empty());
}

fn batching_scene() -> (Scene, Layout) {
    let sim = Sim::new(&presets::by_name("batching-tradeoff").expect("preset")).expect("valid");
    let scene = Scene::new(&sim.topology());
    let layout = Layout::new(&scene);
    (scene, layout)
}

/// Goal: the linger.ms countdown counts from the batch's first record, reaches "ready" at linger.ms, and is
/// "ready" at once when the batch is full; it is drawn for the partition row with the batch.
/// Kafka: RecordAccumulator.batchReady (waitedTimeMs >= lingerMs, or full).
#[test]
fn linger_countdown_follows_sim_time() {
    let (mut scene, layout) = batching_scene();
    let tp = scene.partitions[2].tp;
    assert_eq!(scene.producers[1].linger_ms, 50);
    let rec = |n| RecordId::new(ProducerIdx(1), n);
    scene.apply(&TraceEvent::RecordBatched {
        at: Instant::from_ms(10),
        record: rec(0),
        batch: BatchId(1),
        tp,
        batch_bytes: 180,
        new_batch: true,
    });
    scene.apply(&TraceEvent::RecordBatched {
        at: Instant::from_ms(25),
        record: rec(1),
        batch: BatchId(1),
        tp,
        batch_bytes: 270,
        new_batch: false,
    });
    let p = &scene.producers[1];
    assert_eq!(linger_left_us(p, tp, Instant::from_ms(30)), Some(30_000));
    assert_eq!(linger_left_us(p, tp, Instant::from_ms(60)), Some(0));
    assert_eq!(linger_left_us(p, tp, Instant::from_ms(99)), Some(0));
    assert_eq!(
        linger_left_us(p, scene.partitions[0].tp, Instant::from_ms(30)),
        None
    );

    let f = frame(&scene, &layout, Instant::from_ms(30));
    let c = f
        .countdowns
        .iter()
        .find(|c| c.testid == "producer-1-linger-orders-2")
        .expect("countdown drawn");
    assert_eq!((c.left_ms, c.text.as_str()), (30, "30 ms"));
    let d = f.producers[1]
        .deques
        .iter()
        .find(|d| d.tp == "orders-2")
        .expect("row");
    assert_eq!((d.bytes, d.records, d.queued), (270, 2, 0));
    assert_eq!(d.label, "270 B / 16 KiB");
    assert_eq!(
        f.producers[1].dots.len(),
        2,
        "one dot per record of the open batch"
    );
    assert_eq!(
        frame(&scene, &layout, Instant::from_ms(61)).countdowns[0].text,
        "ready"
    );

    // Full (batch.size reached): ready before linger.ms.
    scene.apply(&TraceEvent::RecordBatched {
        at: Instant::from_ms(26),
        record: rec(2),
        batch: BatchId(1),
        tp,
        batch_bytes: 16_384,
        new_batch: false,
    });
    assert_eq!(
        linger_left_us(&scene.producers[1], tp, Instant::from_ms(30)),
        Some(0)
    );
}

/// Goal: the partitioner explains its choice in Kafka's terms: murmur2 of the key and toPositive(…) % n for a
/// key (with toPositive shown when murmur2 is negative), sticky for a null key, the explicit partition.
/// Kafka: KafkaProducer.partition, BuiltInPartitioner.partitionForKey, Utils.toPositive (shared/KAFKA.md §2).
#[test]
fn partitioner_explanations() {
    use crate::engine::producer::partitioner::{murmur2, partition_for_key};
    let tp = |p| TopicPartition {
        topic: TopicIdx(0),
        partition: p,
    };
    let choice = |key: Option<&str>, reason, p| PartitionChoice {
        at: Instant::ZERO,
        tp: tp(p),
        reason,
        key: key.map(std::rc::Rc::from),
    };
    // Positive hash.
    let h = murmur2(b"peter-5");
    assert!(h >= 0);
    let p = partition_for_key(b"peter-5", 3);
    let t = partitioner_text(
        &choice(Some("peter-5"), PartitionReason::KeyHash(h), p),
        3,
        16_384,
        "orders-2",
    );
    assert_eq!(t.result, "→ orders-2");
    assert_eq!(
        t.one_line(),
        format!("→ orders-2 murmur2(\"peter-5\") = {h} → {h} % 3 = {p}")
    );
    // Kafka's UtilsTest vector: murmur2("21") = -973932308, so toPositive applies.
    let h = murmur2(b"21");
    assert_eq!(h, -973_932_308);
    let p = partition_for_key(b"21", 3);
    let t = partitioner_text(
        &choice(Some("21"), PartitionReason::KeyHash(h), p),
        3,
        16_384,
        "x",
    );
    assert_eq!(t.why[0], "murmur2(\"21\") = -973932308");
    assert_eq!(
        t.why[1],
        format!("→ toPositive {} % 3 = {p}", 1_173_551_340)
    );
    assert_eq!(1_173_551_340 % 3, p);
    let t = partitioner_text(
        &choice(None, PartitionReason::Sticky, 1),
        3,
        16_384,
        "orders-1",
    );
    assert_eq!(t.why[0], "null key: sticky → orders-1");
    assert!(t.why[1].contains("batch.size = 16 KiB"));
    let t = partitioner_text(
        &choice(Some("k"), PartitionReason::Explicit, 2),
        3,
        16_384,
        "orders-2",
    );
    assert_eq!(t.why[0], "explicit partition 2");
    let t = partitioner_text(
        &choice(None, PartitionReason::RoundRobin, 0),
        3,
        16_384,
        "orders-0",
    );
    assert_eq!(t.why[0], "round-robin → orders-0");
}

/// Goal: sender slots show the requests in flight per broker connection, capped drawing for a large
/// max.in.flight; callbacks show metadata, offset −1 for acks=0, and the exception; the dead-letter groups
/// are per producer, bounded and newest first.
#[test]
fn sender_callbacks_and_dead_letters() {
    let (mut scene, layout) = batching_scene();
    let tp = scene.partitions[0].tp;
    scene.apply(&TraceEvent::RecordBatched {
        at: Instant::from_ms(1),
        record: RecordId::new(ProducerIdx(0), 0),
        batch: BatchId(1),
        tp,
        batch_bytes: 180,
        new_batch: true,
    });
    scene.apply(&TraceEvent::BatchesDrained {
        at: Instant::from_ms(2),
        producer: ProducerIdx(0),
        broker: BrokerId(2),
        batches: vec![BatchId(1)],
        correlation_id: 5,
    });
    let f = frame(&scene, &layout, Instant::from_ms(3));
    let p = &f.producers[0];
    assert!(!p.geom.compact);
    let b2 = p
        .in_flight
        .iter()
        .find(|s| s.broker == 2)
        .expect("broker-2 row");
    assert_eq!((b2.in_flight, b2.max, b2.slots), (1, 5, 5));
    assert_eq!(b2.label, "1 / 5 in flight");
    assert_eq!(p.in_flight_total, 1);
    scene.apply(&TraceEvent::RecordAcked {
        at: Instant::from_ms(4),
        record: RecordId::new(ProducerIdx(0), 0),
        tp,
        offset: 69,
        timestamp: Instant::from_ms(2),
        acks: Acks::All,
    });
    let f = frame(&scene, &layout, Instant::from_ms(4));
    assert_eq!(
        f.producers[0].last_callback,
        "last: orders-0@69 · timestamp 0.002 s"
    );
    scene.apply(&TraceEvent::RecordAcked {
        at: Instant::from_ms(5),
        record: RecordId::new(ProducerIdx(0), 1),
        tp,
        offset: -1,
        timestamp: Instant::from_ms(3),
        acks: Acks::None,
    });
    let f = frame(&scene, &layout, Instant::from_ms(5));
    assert!(f.producers[0].last_callback.contains("offset −1"));
    for n in 0..15 {
        scene.apply(&TraceEvent::RecordFailed {
            at: Instant::from_ms(10 + n),
            record: RecordId::new(ProducerIdx(1), n),
            tp: Some(tp),
            error: KafkaError::Timeout,
        });
    }
    let f = frame(&scene, &layout, Instant::from_ms(30));
    assert_eq!(
        f.producers[1].last_callback,
        "last: TimeoutException (record #14, orders-0)"
    );
    assert!(f.producers[1].last_callback_error);
    let groups = dead_letter_groups(&scene, 10);
    assert_eq!(groups.len(), 1);
    assert_eq!(
        (groups[0].producer, groups[0].failed, groups[0].rows.len()),
        (1, 15, 10)
    );
    assert_eq!(groups[0].rows[0].send_index, 14);
    assert_eq!(groups[0].rows[0].exception, "TimeoutException");
    assert_eq!(groups[0].rows[0].partition.as_deref(), Some("orders-0"));
    assert_eq!(groups[0].rows[0].at, "0.024 s");
}

/// The tutorial's "2 3 1" can be read off the leader's log row of `retry-reordering` at the instant the retried
/// batch lands; `late-ack-duplicates` marks both copies with "="; in `acks-1-data-loss` the replica that truncated
/// acknowledged records says how many.
#[test]
fn broken_guarantees_are_marked_on_the_log_rows() {
    use crate::viz::scene::log_marks::CellMark;
    let cells_when = |name: &str, want: &dyn Fn(&Frame) -> bool| -> Frame {
        let s = presets::by_name(name).expect("preset");
        let mut sim = Sim::new(&s).expect("valid");
        let mut scene = Scene::new(&sim.topology());
        let layout = Layout::new(&scene);
        while sim.step().is_some() {
            while let Some(e) = sim.poll_trace() {
                scene.apply(&e);
            }
            let f = frame(&scene, &layout, sim.now());
            if want(&f) {
                return f;
            }
        }
        panic!("{name}: never marked");
    };
    let marks = |f: &Frame| -> Vec<Vec<Option<CellMark>>> {
        f.brokers
            .iter()
            .flat_map(|b| {
                b.replicas
                    .iter()
                    .map(|r| r.cells.iter().map(|c| c.mark).collect())
            })
            .collect()
    };
    let f = cells_when("retry-reordering", &|f| {
        marks(f)
            .iter()
            .any(|row| row.contains(&Some(CellMark::Order(1))))
    });
    let row = marks(&f)
        .into_iter()
        .find(|row| row.contains(&Some(CellMark::Order(1))))
        .expect("a marked row");
    let order: Vec<u8> = row
        .iter()
        .filter_map(|m| match m {
            Some(CellMark::Order(k)) => Some(*k),
            _ => None,
        })
        .collect();
    assert_eq!(order, vec![2, 3, 1], "{row:?}");

    let f = cells_when("late-ack-duplicates", &|f| {
        marks(f)
            .iter()
            .any(|row| row.contains(&Some(CellMark::Copy)))
    });
    let row: Vec<&CellSprite> = f
        .brokers
        .iter()
        .flat_map(|b| &b.replicas)
        .find(|r| r.cells.iter().any(|c| c.mark == Some(CellMark::Copy)))
        .map(|r| r.cells.iter().collect())
        .expect("a marked row");
    let copies: Vec<u64> = row
        .iter()
        .filter(|c| c.mark == Some(CellMark::Copy))
        .map(|c| c.record_id)
        .collect();
    for id in &copies {
        assert_eq!(
            copies.iter().filter(|r| *r == id).count(),
            2,
            "both copies of {id}: {copies:?}"
        );
    }

    let f = cells_when("acks-1-data-loss", &|f| {
        f.brokers
            .iter()
            .any(|b| b.replicas.iter().any(|r| r.truncated > 0))
    });
    let r = f
        .brokers
        .iter()
        .flat_map(|b| &b.replicas)
        .find(|r| r.truncated > 0)
        .expect("a truncating replica");
    assert!(
        r.truncated_title
            .contains("truncated from this replica: record #"),
        "{}",
        r.truncated_title
    );
}

/// Error notes flash under their card and stay readable: in every preset, every note drawn lies inside the stage and
/// off every other card (a card's title is never covered), and the producer's retry note in `acks-1-data-loss`
/// (a producer card at the bottom of its column) is drawn whole, not cut off by the stage's edge.
#[test]
fn error_notes_stay_on_the_stage_and_off_other_cards() {
    let mut retry_drawn = false;
    for (name, s) in presets::all() {
        let mut sim = Sim::new(&s).expect("valid");
        let mut scene = Scene::new(&sim.topology());
        let layout = Layout::new(&scene);
        while sim.step().is_some() && sim.now().0 <= 30_000_000 {
            while let Some(e) = sim.poll_trace() {
                scene.apply(&e);
            }
            for f in frame(&scene, &layout, sim.now()).flashes {
                // The text's baseline is at `y + 10`, descenders to `y + 13`.
                assert!(
                    f.at.y + 13.0 <= layout.height,
                    "{name}: '{}' at y {} past the stage's height {}",
                    f.text,
                    f.at.y,
                    layout.height
                );
                let label = crate::viz::layout::Rect {
                    x: f.at.x,
                    y: f.at.y,
                    w: f.text.chars().count() as f32 * 6.0,
                    h: 10.0,
                };
                let on = layout.cards().filter(|c| c.overlaps(&label)).count();
                // Only the group box around a consumer's card may hold a consumer's note.
                assert!(
                    on <= usize::from(layout.groups.iter().any(|g| g.overlaps(&label))),
                    "{name}: '{}' covers a card",
                    f.text
                );
                retry_drawn |= name == "acks-1-data-loss" && f.text.starts_with("retry #");
            }
        }
    }
    assert!(
        retry_drawn,
        "acks-1-data-loss: the producer's retry note was never drawn"
    );
}
