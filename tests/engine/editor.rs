//! Goal: what the page's editor applies runs exactly as its link replays it, and the edits the lessons rely
//! on change the outcome the way Kafka would.
//! Method: edit presets through `scenario::edit::Draft` (the page's model), encode the fragment, decode it, run both
//! and compare trace hashes; run the edited scenarios and compare reports with the preset's.
//! Kafka: shared/KAFKA.md §3 (acks), §7 (groups: more consumers than partitions leave one idle).

use crate::splitmix::Gen;
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

#[test]
fn random_edits_never_panic_and_what_applies_runs() {
    // Random field edits, additions and removals on random presets: the editor never panics, and whatever it
    // accepts the engine accepts too and runs without an invariant violation for a while.
    use kafka_playground::scenario::edit::{Field, Scope};
    use kafka_playground::scenario::Action;
    let names = presets::names();
    let texts = [
        "0",
        "1",
        "2",
        "3",
        "5",
        "-1",
        "100",
        "4097",
        "99999999999999999999",
        "",
        " ",
        "all",
        "none",
        "cycle",
        "list",
        "true",
        "false",
        "abc",
        "카프카",
        "a=b",
        "1:2",
        "orders",
        "billing",
        "range",
        "sticky",
        "broker-1",
        "consumer-0",
        "sync-after-processing",
        "NOT_ENOUGH_REPLICAS",
        "86400001",
        "30000",
    ];
    let mut g = Gen(0x0065_6469_7421);
    let mut applied = 0;
    for case in 0..3000 {
        let preset = names[(g.next() % names.len() as u64) as usize];
        let mut d = Draft::new(presets::by_name(preset).expect("preset"));
        for _ in 0..(1 + g.next() % 6) {
            let i = (g.next() % 3) as usize;
            let scope = match g.next() % 7 {
                0 => Scope::Run,
                1 => Scope::Cluster,
                2 => Scope::Topic(i),
                3 => Scope::Producer(i),
                4 => Scope::Group(i),
                5 => Scope::Member(i, (g.next() % 4) as usize),
                _ => Scope::Action(i),
            };
            match g.next() % 10 {
                0 => d.add_topic(),
                1 => d.add_producer(),
                2 => d.add_group(),
                3 => d.remove(scope),
                4 => drop(d.add_action(g.pick(&Action::KINDS), g.next() % 20_000)),
                _ => {
                    let keys: Vec<&str> = scope
                        .fields()
                        .iter()
                        .copied()
                        .chain(scope.catalog().iter().map(|c| c.key))
                        .chain([
                            "broker", "consumer", "producer", "ms", "delay_ms", "count", "error",
                            "from",
                        ])
                        .collect();
                    let key = g.pick(&keys);
                    d.input(&Field::new(scope, key).id(), g.pick(&texts));
                }
            }
        }
        if let Ok(s) = d.apply() {
            applied += 1;
            let mut sim = Sim::new(&s).unwrap_or_else(|e| {
                panic!("case {case} ({preset}): the editor accepted what the engine refuses: {e}")
            });
            sim.set_keep_trace(false);
            sim.run_until(kafka_playground::engine::time::Instant::from_ms(
                300.min(s.run_ms),
            ));
            assert_eq!(sim.check(), Ok(()), "case {case} ({preset})");
        }
    }
    eprintln!("{applied} of 3000 random edit sequences applied and ran");
    assert!(
        applied > 600,
        "only {applied} of 3000 edit sequences applied"
    );
}
