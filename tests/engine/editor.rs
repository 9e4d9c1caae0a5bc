//! Goal: what the page's editor applies runs exactly as its link replays it, and the edits the lessons rely
//! on change the outcome the way Kafka would.
//! Method: edit presets through `scenario::edit::Draft` (the page's model), encode the fragment, decode it, run both
//! and compare trace hashes; run the edited scenarios and compare reports with the preset's.
//! Kafka: shared/KAFKA.md §3 (acks), §7 (groups: more consumers than partitions leave one idle).

use kafka_playground::engine::{Report, Sim};
use kafka_playground::scenario::codec::{parse_fragment, to_fragment, ViewOptions};
use kafka_playground::scenario::edit::Draft;
use kafka_playground::scenario::{presets, Scenario};

fn report(s: &Scenario) -> Report {
    let mut sim = Sim::new(s).expect("valid");
    sim.set_keep_trace(false);
    let end = sim.end();
    sim.run_until(end);
    assert_eq!(sim.check(), Ok(()));
    sim.report()
}

fn edited(preset: &str, edits: &[(&str, &str)]) -> Scenario {
    let mut d = Draft::new(presets::by_name(preset).expect("preset"));
    for (id, v) in edits {
        d.input(id, v);
    }
    d.apply()
        .unwrap_or_else(|_| panic!("{preset}: {:?} {:?}", d.errors, d.error))
}

#[test]
fn edits_replay_from_their_link_with_the_same_trace() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "quickstart",
            &[("producer-0-acks", "1"), ("group-0-members", "5")],
        ),
        (
            "acks-all-survives-broker-loss",
            &[("producer-0-linger.ms", "50"), ("run-seed", "99")],
        ),
        (
            "consumer-dies",
            &[
                ("group-0-processing_ms", "20"),
                ("cluster-latency_us", "3000"),
            ],
        ),
        (
            "batching-tradeoff",
            &[
                ("producer-0-batch.size", "1024"),
                ("topic-0-partitions", "6"),
            ],
        ),
    ];
    for (preset, edits) in cases {
        let s = edited(preset, edits);
        let view = ViewOptions {
            from: Some(preset.to_string()),
            ..ViewOptions::default()
        };
        let (back, v) =
            parse_fragment(&format!("#{}", to_fragment(&s, &view))).expect("reads back");
        let back = back.expect("a scenario");
        assert_eq!(v.from.as_deref(), Some(*preset));
        let (a, b) = (report(&s), report(&back));
        assert_eq!(a.trace_hash, b.trace_hash, "{preset}");
        assert_ne!(
            a.trace_hash,
            report(&presets::by_name(preset).expect("p")).trace_hash,
            "{preset}: the edit changed the run"
        );
    }
}

#[test]
fn acks_1_loses_acknowledged_records_where_acks_all_lost_none() {
    // The leader dies while its followers lag: with acks=all nothing it acknowledged is lost (the followers had it
    // before the ack); switched to acks=1, acknowledged records vanish when the new leader truncates broker 1.
    let preset = "acks-1-data-loss";
    let all = report(&edited(preset, &[("producer-0-acks", "all")]));
    assert_eq!(all.records.lost_acked, 0, "{:?}", all.records);
    let one = report(&edited(
        preset,
        &[("producer-0-acks", "all"), ("producer-0-acks", "1")],
    ));
    assert!(one.records.lost_acked > 0, "{:?}", one.records);
}

#[test]
fn a_fourth_consumer_on_three_partitions_is_idle() {
    let s = edited("quickstart", &[("group-0-members", "4")]);
    assert_eq!(s.topics[0].partitions, 3);
    let r = report(&s);
    let g = &r.groups[0];
    let idle = g.members.iter().filter(|m| m.assigned.is_empty()).count();
    assert_eq!((g.members.len(), idle), (4, 1), "{g:?}");
}
