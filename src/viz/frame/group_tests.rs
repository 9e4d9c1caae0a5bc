//! Goal: the group drawing tells the truth about the coordinator: a crashed member's session countdown reaches
//! zero exactly when the coordinator removes it, lag is leader HW − committed offset, idle members are marked,
//! and every owned partition has one assignment line.
//! Method: run the `consumer-dies` and `idle-consumer` presets through the engine and fold their traces; plus a
//! hand-written trace for lag and offset markers.
//! Kafka: classic group coordinator session expiry (`session.timeout.ms`); `kafka-consumer-groups.sh` LAG.
use super::*;
use crate::engine::ids::*;
use crate::engine::trace::{ConsumerLifecycle, TraceEvent};
use crate::engine::Sim;
use crate::scenario::presets;
use crate::viz::layout::CELL_PITCH;

#[test]
fn countdown_labels() {
    assert_eq!(countdown(850), "850 ms");
    assert_eq!(countdown(8_250), "8.2 s");
    assert_eq!(countdown(41_999), "41 s");
    let tps = |n: usize| (0..n).map(|i| format!("orders-{i}")).collect::<Vec<_>>();
    assert_eq!(fit_list(tps(1), 5), "orders-0");
    assert_eq!(fit_list(tps(3), 28), "orders-0, orders-1, orders-2");
    assert_eq!(fit_list(tps(4), 28), "orders-0, orders-1, orders-2 +1");
    assert_eq!(fit_list(Vec::new(), 28), "");
    let (left, f) = session_left(Instant::from_ms(1_000), 10_000, Instant::from_ms(6_000));
    assert_eq!((left, f), (5_000, 0.5));
    assert_eq!(
        session_left(Instant::from_ms(1_000), 10_000, Instant::from_ms(20_000)),
        (0, 0.0)
    );
}

#[test]
fn crashed_member_countdown_runs_out_when_the_coordinator_removes_it() {
    let scenario = presets::by_name("consumer-dies").expect("preset");
    let mut sim = Sim::new(&scenario).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let layout = Layout::new(&scene);
    let crashed = ConsumerIdx(1);
    let mut before_removal: Option<Scene> = None;
    let mut removed_at = None;
    while let Some(t) = sim.step() {
        let prev = scene.clone();
        while let Some(e) = sim.poll_trace() {
            scene.apply(&e);
        }
        let was = prev.consumers[1].member_id.is_some();
        if was
            && scene.consumers[1].member_id.is_none()
            && prev.consumers[1].lifecycle == Some(ConsumerLifecycle::Crashed)
        {
            before_removal = Some(prev);
            removed_at = Some(t);
            break;
        }
        if t > Instant::from_ms(30_000) {
            break;
        }
    }
    let (prev, removed_at) = (
        before_removal.expect("consumer-1 is removed"),
        removed_at.expect("time"),
    );
    let reset = prev.consumers[1].session_reset_at.expect("had a session");
    // The countdown and the coordinator agree to the microsecond.
    assert_eq!(removed_at.0, reset.0 + 10_000_000);
    let crash = Instant::from_ms(6_000);
    assert!(
        removed_at.0 - crash.0 >= 10_000_000 - 3_000_000,
        "removed after session.timeout.ms, not before"
    );
    let s_at = |sc: &Scene, t: Instant| {
        frame(sc, &layout, t)
            .sessions
            .into_iter()
            .find(|s| s.consumer == crashed.0)
            .expect("session shown while a member")
    };
    let early = s_at(&prev, crash);
    let late = s_at(&prev, Instant(removed_at.0 - 1_000));
    assert!(early.left_ms > 5_000 && early.fraction > 0.5, "{early:?}");
    assert!(late.left_ms <= 1 && late.fraction < 0.01, "{late:?}");
    assert_eq!(s_at(&prev, removed_at).label, "session expired");
    // Once removed, no countdown; the survivors still have one, well above zero.
    let after = frame(&scene, &layout, removed_at);
    assert!(after.sessions.iter().all(|s| s.consumer != crashed.0));
    assert!(after.sessions.iter().any(|s| s.left_ms > 1_000));
}

#[test]
fn idle_member_and_assignment_lines() {
    let scenario = presets::by_name("idle-consumer").expect("preset");
    let mut sim = Sim::new(&scenario).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let layout = Layout::new(&scene);
    sim.run_until(Instant::from_ms(10_000));
    while let Some(e) = sim.poll_trace() {
        scene.apply(&e);
    }
    let f = frame(&scene, &layout, sim.now());
    let idle: Vec<&ConsumerSprite> = f.consumers.iter().filter(|c| c.idle).collect();
    assert_eq!(idle.len(), 1, "4 consumers on 3 partitions: one idle");
    assert!(idle[0].assigned_list.is_empty() && idle[0].alive && idle[0].member);
    assert_eq!(idle[0].assigned, "idle (no partition)");
    let g = &f.groups[0];
    assert_eq!(g.phase, "stable");
    assert_eq!(g.rows.len(), 3);
    assert_eq!(g.lines.len(), 3, "one line per owned partition");
    for row in &g.rows {
        let owner = row.owner.expect("every partition owned");
        assert!(f.consumers[owner as usize]
            .assigned_list
            .contains(&row.partition));
        assert!(g
            .lines
            .iter()
            .any(|l| l.partition == row.partition && l.consumer == owner));
        assert_eq!(row.lag, row.high_watermark - row.committed.unwrap_or(0));
    }
    for l in &g.lines {
        let card = layout.consumers[l.consumer as usize];
        assert_eq!(l.path.to.x, card.x, "line ends on the owner's card");
    }
}

#[test]
fn lag_rows_and_offset_markers() {
    let scenario = presets::by_name("consumer-dies").expect("preset");
    let sim = Sim::new(&scenario).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let layout = Layout::new(&scene);
    let tp = scene.partitions[0].tp;
    let leader = scene.partitions[0].replicas[0].broker;
    let at = Instant::from_ms(1);
    scene.apply(&TraceEvent::LeaderElected {
        at,
        tp,
        leader: Some(leader),
        leader_epoch: LeaderEpoch(1),
        unclean: false,
    });
    scene.apply(&TraceEvent::ReplicaRoleChanged {
        at,
        broker: leader,
        tp,
        leader: true,
        leader_epoch: LeaderEpoch(1),
    });
    scene.apply(&TraceEvent::RecordsAppended {
        at,
        broker: leader,
        tp,
        base_offset: 0,
        records: (0..12u64).map(RecordId).collect(),
        leader_epoch: LeaderEpoch(1),
    });
    scene.apply(&TraceEvent::HighWatermarkAdvanced {
        at,
        broker: leader,
        tp,
        hw: 12,
    });
    scene.apply(&TraceEvent::OffsetCommitted {
        at,
        group: GroupIdx(0),
        consumer: ConsumerIdx(0),
        tp,
        offset: 7,
    });
    assert_eq!(scene.lag(GroupIdx(0), tp), 5);
    let f = frame(&scene, &layout, at);
    let row = &f.groups[0].rows[0];
    assert_eq!(
        row.text,
        format!(
            "{} → no owner · committed 7 · lag 5 records",
            scene.partitions[0].name
        )
    );
    let rep = f.brokers[leader.0 as usize - 1]
        .replicas
        .iter()
        .find(|r| r.partition == scene.partitions[0].name)
        .expect("leader row");
    let m = rep
        .markers
        .iter()
        .find(|m| m.kind == MarkerKind::Committed)
        .expect("committed mark");
    // 12 records, 10 drawn from offset 2: offset 7 is the boundary after 5 cells.
    assert_eq!((m.offset, m.clipped), (7, false));
    assert_eq!(m.x, rep.cells_x + 5.0 * CELL_PITCH - 1.5);
    assert_eq!(offset_x(rep.cells_x, 2, 1), (rep.cells_x - 1.5, true));
    // Followers carry no marks.
    let follower = scene.partitions[0].replicas[1].broker;
    assert!(f.brokers[follower.0 as usize - 1]
        .replicas
        .iter()
        .all(|r| r.markers.is_empty()));
}
