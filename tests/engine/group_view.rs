//! The group view tells the coordinator's truth across a coordinator failover. Goal: when the group's coordinator
//! broker dies and another one loads the group, the page's session countdown restarts with the new coordinator's
//! timer, so a crashed member's bar runs out exactly when the new coordinator removes it; and the group box shows the
//! same end-to-end latency as the report.
//! Kafka: GroupMetadataManager loading a group on a new coordinator reschedules every member's heartbeat expiry.

use kafka_playground::engine::ids::ConsumerIdx;
use kafka_playground::engine::time::Instant;
use kafka_playground::engine::trace::TraceEvent;
use kafka_playground::engine::Sim;
use kafka_playground::scenario::{presets, Action};
use kafka_playground::viz::scene::Scene;

#[test]
fn session_countdown_restarts_when_a_new_coordinator_loads_the_group() {
    let scenario = presets::by_name("consumer-dies").expect("preset");
    let mut sim = Sim::new(&scenario).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let crashed = ConsumerIdx(1);
    let mut crashed_coordinator = false;
    let mut loaded_at = None;
    let mut removal = None;
    while let Some(t) = sim.step() {
        let before = scene.consumers[1].session_reset_at;
        let mut removed = false;
        while let Some(e) = sim.poll_trace() {
            if let TraceEvent::GroupLoaded { at, .. } = &e {
                if crashed_coordinator {
                    loaded_at = Some(*at);
                }
            }
            if let TraceEvent::MemberRemoved { .. } = &e {
                removed = scene.consumers[1].member_id.is_some();
            }
            scene.apply(&e);
        }
        // consumer-1 crashes at 6 s; one second later its coordinator's broker dies too.
        if !crashed_coordinator && t >= Instant::from_ms(7_000) {
            let co = sim
                .coordinator_of(kafka_playground::engine::ids::GroupIdx(0))
                .expect("a coordinator");
            sim.apply(Action::CrashBroker { broker: co.0 })
                .expect("the coordinator is a broker of the run");
            crashed_coordinator = true;
        }
        if removed && scene.consumers[1].member_id.is_none() {
            removal = Some((t, before));
            break;
        }
        if t > Instant::from_ms(60_000) {
            break;
        }
    }
    let loaded_at = loaded_at.expect("a new coordinator loaded the group");
    let (removed_at, reset) = removal.expect("consumer-1 is removed");
    let reset = reset.expect("the countdown ran");
    assert_eq!(
        reset, loaded_at,
        "the countdown restarted when the group was loaded"
    );
    // session.timeout.ms of the preset is 10 s: the bar and the new coordinator agree to the microsecond.
    assert_eq!(removed_at.0, reset.0 + 10_000_000);
    assert!(scene.consumers[crashed.0 as usize].member_id.is_none());
}

#[test]
fn group_box_latency_equals_the_report() {
    let scenario = presets::by_name("fetch-tuning").expect("preset");
    let mut sim = Sim::new(&scenario).expect("valid");
    let mut scene = Scene::new(&sim.topology());
    let end = sim.end();
    sim.run_until(end);
    while let Some(e) = sim.poll_trace() {
        scene.apply(&e);
    }
    let r = sim.report();
    for (g, report) in r.groups.iter().enumerate() {
        // 500 records per group: under the 2,000 records the page refreshes on every record.
        assert_eq!(scene.group_latency[g], report.e2e_latency_ms, "group {g}");
    }
}
