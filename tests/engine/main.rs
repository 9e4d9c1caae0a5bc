//! Scripted scenario tests: every preset's lesson, checked through the same report the CLI prints.
//! Method: run each preset to its end with its fixed seed, check invariants after every event, then assert the
//! outcome the preset's "what to watch" promises.
//! Kafka: shared/KAFKA.md §3-8 (acks, ISR, elections, idempotence, groups).

use kafka_playground::engine::trace::TraceEvent;
use kafka_playground::engine::{Report, Sim};
use kafka_playground::scenario::presets;

mod consumer_fidelity;
mod editor;
mod group_view;
mod ledger;
mod record_life;
mod record_path;
#[path = "../common/splitmix.rs"]
mod splitmix;

fn run(name: &str) -> Report {
    let s = presets::by_name(name).expect("preset exists");
    let mut sim = Sim::new(&s).expect("preset is valid");
    sim.set_keep_trace(false);
    let end = sim.end();
    while sim.next_event_at().is_some_and(|t| t <= end) {
        sim.step();
        if let Err(v) = sim.check() {
            panic!("{name}: {v}");
        }
    }
    sim.run_until(end);
    sim.report()
}

#[test]
fn quickstart_delivers_everything_end_to_end() {
    let r = run("quickstart");
    assert_eq!(r.records.produced, 60);
    assert_eq!(r.records.acked, 60);
    assert_eq!(r.records.consumed, 60);
    assert_eq!(r.records.lost_acked, 0);
    assert_eq!(r.groups[0].state, "Stable");
    assert!(
        r.groups[0].lag.values().all(|l| *l == 0),
        "{:?}",
        r.groups[0].lag
    );
}

#[test]
fn acks_all_survives_broker_loss() {
    let r = run("acks-all-survives-broker-loss");
    assert_eq!(r.records.lost_acked, 0);
    assert!(r.records.acked > 0);
    // Broker 1 led orders-0; a follower from the ISR took over with a higher epoch.
    let p0 = &r.partitions[0];
    assert_ne!(p0.leader, Some(1));
    assert!(p0.leader_epoch >= 1);
    assert!(!p0.isr.contains(&1));
}

#[test]
fn acks_1_loses_acknowledged_records() {
    let r = run("acks-1-data-loss");
    assert!(r.records.lost_acked > 0, "{:?}", r.records);
    assert_eq!(
        r.unclean_elections, 0,
        "clean election, still loss: that is acks=1"
    );
}

#[test]
fn acks_0_completes_with_offset_minus_one_and_loses_silently() {
    let r = run("acks-0-fire-and-forget");
    assert_eq!(r.records.failed, 0);
    assert!(r.records.lost_acked > 0);
}

#[test]
fn min_isr_three_with_one_broker_down_refuses_writes() {
    let r = run("min-isr-refuses-writes");
    assert_eq!(r.records.acked, 0);
    assert!(
        r.errors
            .get("NotEnoughReplicasException")
            .copied()
            .unwrap_or(0)
            > 0,
        "{:?}",
        r.errors
    );
    assert_eq!(
        r.errors.get("TimeoutException").copied(),
        Some(r.records.produced)
    );
}

#[test]
fn unclean_election_loses_data() {
    let r = run("unclean-election-loses-data");
    assert_eq!(r.unclean_elections, 1);
    assert!(r.records.lost_acked > 0);
}

#[test]
fn slow_follower_leaves_and_rejoins_isr() {
    let s = presets::by_name("slow-follower-isr").expect("preset");
    let mut sim = Sim::new(&s).expect("valid");
    sim.run_until(sim.end());
    let mut shrunk = false;
    let mut expanded_after = false;
    while let Some(e) = sim.poll_trace() {
        if let kafka_playground::engine::trace::TraceEvent::IsrChanged {
            isr, shrunk: sh, ..
        } = e
        {
            if sh && !isr.iter().any(|b| b.0 == 3) {
                shrunk = true;
            }
            if shrunk && !sh && isr.iter().any(|b| b.0 == 3) {
                expanded_after = true;
            }
        }
    }
    assert!(shrunk && expanded_after);
    assert_eq!(sim.report().partitions[0].isr.len(), 3);
}

#[test]
fn isolated_leader_is_fenced_by_a_new_epoch() {
    let r = run("isolated-leader-fenced");
    assert!(r.partitions.iter().any(|p| p.leader_epoch >= 1));
    assert_eq!(
        r.records.lost_acked, 0,
        "acks=all, min.insync.replicas=2: the isolated leader cannot ack alone"
    );
}

#[test]
fn retries_reorder_without_idempotence() {
    let r = run("retry-reordering");
    assert!(r.records.reordered > 0);
    assert_eq!(r.records.acked, r.records.produced);
}

#[test]
fn idempotence_keeps_order_and_no_duplicates() {
    let r = run("idempotence-keeps-order");
    assert_eq!(r.records.reordered, 0);
    assert_eq!(r.records.duplicated, 0);
    assert_eq!(r.records.acked, r.records.produced);
}

#[test]
fn lost_ack_duplicates_without_idempotence() {
    let r = run("late-ack-duplicates");
    assert!(r.records.duplicated > 0);
}

#[test]
fn batching_trade_off_shows_in_metrics() {
    let r = run("batching-tradeoff");
    let (p0, p1) = (&r.producers[0], &r.producers[1]);
    assert!(p1.batch_size_avg > p0.batch_size_avg);
    assert!(p1.records_per_request_avg > p0.records_per_request_avg);
}

#[test]
fn full_buffer_blocks_then_fails() {
    let r = run("buffer-full-blocks");
    assert!(
        r.errors.contains_key("BufferExhaustedException"),
        "{:?}",
        r.errors
    );
}

#[test]
fn a_blocked_send_resumes_when_expired_batches_free_buffer_memory() {
    // BufferPool.deallocate wakes the thread blocked in allocate(): memory freed by batches that expire with
    // delivery.timeout.ms lets the blocked send() go on at once, long before max.block.ms.
    let mut s = presets::by_name("buffer-full-blocks").expect("preset");
    s.producers[0]
        .config
        .insert("max.block.ms".into(), "60000".into());
    let mut sim = Sim::new(&s).expect("valid");
    sim.run_until(sim.end());
    let trace: Vec<TraceEvent> = std::iter::from_fn(|| sim.poll_trace()).collect();
    let expired = trace
        .iter()
        .find_map(|e| match e {
            TraceEvent::RecordFailed { at, .. } => Some(*at),
            _ => None,
        })
        .expect("queued batches expire");
    // The send() blocked on memory when the first batch expired (an earlier block waited for metadata).
    let blocked = trace
        .iter()
        .filter_map(|e| match e {
            TraceEvent::SendBlocked { at, record, .. } if *at < expired => Some((*at, *record)),
            _ => None,
        })
        .next_back()
        .expect("send() blocks on a full buffer");
    assert!(
        expired.saturating_since(blocked.0).as_ms() > 1_000,
        "it was blocked for a while"
    );
    let resumed = trace.iter().find_map(|e| match e {
        TraceEvent::RecordBatched { at, record, .. } if *record == blocked.1 => Some(*at),
        _ => None,
    });
    assert_eq!(
        resumed,
        Some(expired),
        "the blocked send() resumes when the first expiry frees memory"
    );
    assert!(!sim.report().errors.contains_key("BufferExhaustedException"));
}

#[test]
fn oversized_record_fails_before_queueing() {
    let r = run("record-too-large");
    assert_eq!(r.errors.get("RecordTooLargeException"), Some(&1));
    assert_eq!(r.records.acked, r.records.produced - 1);
}

#[test]
fn round_robin_makes_smaller_batches_than_sticky() {
    let r = run("sticky-vs-round-robin");
    assert!(r.producers[0].batch_size_avg > r.producers[1].batch_size_avg);
}

#[test]
fn dead_consumer_partition_moves_after_session_timeout() {
    let r = run("consumer-dies");
    let g = &r.groups[0];
    assert!(g.generation >= 2);
    let assigned: usize = g.members.iter().map(|m| m.assigned.len()).sum();
    assert_eq!(assigned, 3);
    assert!(g.members[1].assigned.is_empty());
    assert_eq!(r.records.consumed, r.records.produced);
}

#[test]
fn extra_consumer_is_idle() {
    let r = run("idle-consumer");
    let idle = r.groups[0]
        .members
        .iter()
        .filter(|m| m.assigned.is_empty())
        .count();
    assert_eq!(idle, 1);
}

#[test]
fn auto_commit_replays_after_crash() {
    let r = run("auto-commit-replay");
    assert!(r.records.consumed_twice > 0);
    assert_eq!(r.records.consumed, r.records.produced);
}

#[test]
fn slow_processing_triggers_rebalance() {
    // The whole story from the trace: the poll timeout, the partitions moving, and the rejoin.
    let s = presets::by_name("slow-processing").expect("preset exists");
    let mut sim = Sim::new(&s).expect("preset is valid");
    let end = sim.end();
    sim.run_until(end);
    let mut expired = Vec::new();
    let mut generations = Vec::new();
    while let Some(e) = sim.poll_trace() {
        match e {
            TraceEvent::PollTimeoutExpired { consumer, .. } => expired.push(consumer.0),
            TraceEvent::RebalanceCompleted {
                generation,
                assignment,
                ..
            } => {
                let owners: Vec<(u16, usize)> =
                    assignment.iter().map(|(c, tps)| (c.0, tps.len())).collect();
                generations.push((generation.0, owners));
            }
            _ => {}
        }
    }
    assert_eq!(
        expired,
        vec![0],
        "only consumer 0 exceeds max.poll.interval.ms"
    );
    let owners = |g: i32| {
        let mut o = generations
            .iter()
            .find(|(n, _)| *n == g)
            .map(|(_, o)| o.clone())
            .unwrap_or_else(|| panic!("no generation {g} in {generations:?}"));
        o.sort();
        o
    };
    assert_eq!(owners(1), vec![(0, 1), (1, 1)], "{generations:?}");
    assert_eq!(
        owners(2),
        vec![(1, 2)],
        "consumer 1 takes both partitions: {generations:?}"
    );
    assert_eq!(owners(3), vec![(0, 1), (1, 1)], "consumer 0 rejoins");
    let r = sim.report();
    assert_eq!(r.groups[0].generation, 3);
    assert_eq!(r.groups[0].state, "Stable");
}

#[test]
fn clean_shutdown_rebalances_without_duplicates() {
    let r = run("clean-shutdown");
    assert_eq!(r.records.consumed_twice, 0);
    assert!(r.groups[0].generation >= 2);
    assert_eq!(r.errors.get("WakeupException"), Some(&1));
}

#[test]
fn cooperative_needs_a_second_rebalance() {
    let r = run("eager-vs-cooperative");
    let eager = &r.groups[0];
    let coop = &r.groups[1];
    assert!(
        coop.generation > eager.generation,
        "cooperative {} vs eager {}",
        coop.generation,
        eager.generation
    );
}

#[test]
fn static_member_restart_keeps_generation() {
    let r = run("static-membership");
    assert_eq!(r.groups[0].generation, 1);
}

#[test]
fn every_preset_runs_clean() {
    for name in presets::names() {
        let r = run(name);
        assert_eq!(r.violation, None, "{name}");
    }
}

#[test]
fn headers_count_in_record_and_batch_sizes_and_callbacks_carry_create_time() {
    // ProducerRecord headers are encoded in every record (DefaultRecord.sizeOfBodyInBytes): one header
    // "trace-id" -> "abcdefgh" adds 1 (key length) + 8 + 1 (value length) + 8 = 18 bytes to each record.
    let first_batch_bytes = |headers: &[(&str, &str)]| {
        let mut s = presets::by_name("quickstart").expect("preset exists");
        s.producers[0].workload.headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut sim = Sim::new(&s).expect("valid");
        let end = sim.end();
        sim.run_until(end);
        let mut first = None;
        let mut sent = Vec::new();
        while let Some(e) = sim.poll_trace() {
            match e {
                TraceEvent::RecordBatched { batch_bytes, .. } if first.is_none() => {
                    first = Some(batch_bytes)
                }
                TraceEvent::RecordSent { at, record, .. } => sent.push((record, at, None)),
                TraceEvent::RecordAcked {
                    record, timestamp, ..
                } => {
                    if let Some(a) = sent.iter_mut().find(|a| a.0 == record) {
                        a.2 = Some(timestamp);
                    }
                }
                _ => {}
            }
        }
        // RecordMetadata.timestamp() is the CreateTime: when send() was called.
        assert!(!sent.is_empty());
        assert!(sent.iter().all(|(_, at, ts)| *ts == Some(*at)));
        first.expect("a record was batched")
    };
    assert_eq!(
        first_batch_bytes(&[("trace-id", "abcdefgh")]),
        first_batch_bytes(&[]) + 18
    );
}
