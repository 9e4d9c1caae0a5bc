//! Issue 13: no two cards of the stage overlap, for every preset and for the large loads (10 producers on 5 brokers
//! and a group of 6; 64 consumers on 256 partitions; 32 brokers × 256 partitions × 64 consumers). A consumer's card
//! sits inside its group's box, so that pair is checked for containment instead. The drawing in Chromium is checked
//! by the e2e screenshots; this checks the rectangles the page draws from.

use kafka_playground::engine::Sim;
use kafka_playground::scenario::{presets, Scenario};
use kafka_playground::viz::layout::Rect;
use kafka_playground::viz::{Layout, Scene};

#[path = "../benches/scenarios.rs"]
mod scenarios;

fn overlap(a: &Rect, b: &Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

fn inside(inner: &Rect, outer: &Rect) -> bool {
    inner.x >= outer.x
        && inner.y >= outer.y
        && inner.right() <= outer.right()
        && inner.bottom() <= outer.bottom()
}

/// Every pair of cards that must not overlap, named for the failure message, in both the wide layout and the
/// phone's one-column one.
fn check(name: &str, s: &Scenario) {
    let sim = Sim::new(s).unwrap_or_else(|e| panic!("{name}: {e}"));
    let scene = Scene::new(&sim.topology());
    check_layout(name, &sim, &Layout::new(&scene));
    check_layout(
        &format!("{name} (portrait)"),
        &sim,
        &Layout::portrait(&scene),
    );
}

fn check_layout(name: &str, sim: &Sim, l: &Layout) {
    let mut cards: Vec<(String, Rect)> = vec![("controller".into(), l.controller)];
    cards.extend(
        l.brokers
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("broker-{}", i + 1), *r)),
    );
    cards.extend(
        l.producers
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("producer-{i}"), *r)),
    );
    cards.extend(
        l.groups
            .iter()
            .enumerate()
            .map(|(i, r)| (format!("group-{i}"), *r)),
    );
    for (i, (a_name, a)) in cards.iter().enumerate() {
        assert!(
            a.w > 0.0 && a.h > 0.0 && a.right() <= l.width + 0.5 && a.bottom() <= l.height + 0.5,
            "{name}: {a_name} {a:?} lies on the {}×{} stage",
            l.width,
            l.height
        );
        for (b_name, b) in &cards[i + 1..] {
            assert!(
                !overlap(a, b),
                "{name}: {a_name} {a:?} overlaps {b_name} {b:?}"
            );
        }
    }
    // Consumers: inside their group's box, clear of each other and of every other card.
    let groups_of: Vec<usize> = sim
        .topology()
        .consumers
        .iter()
        .map(|c| c.group.0 as usize)
        .collect();
    for (c, r) in l.consumers.iter().enumerate() {
        if let Some(&g) = groups_of.get(c) {
            assert!(
                inside(r, &l.groups[g]),
                "{name}: consumer-{c} {r:?} outside group-{g} {:?}",
                l.groups[g]
            );
        }
        for (d, q) in l.consumers.iter().enumerate().skip(c + 1) {
            assert!(!overlap(r, q), "{name}: consumer-{c} overlaps consumer-{d}");
        }
        for (other, q) in cards.iter().filter(|(n, _)| !n.starts_with("group-")) {
            assert!(!overlap(r, q), "{name}: consumer-{c} overlaps {other}");
        }
    }
}

#[test]
fn no_card_overlaps_another_in_any_preset() {
    for (name, s) in presets::all() {
        check(name, &s);
    }
}

#[test]
fn no_card_overlaps_another_in_the_large_loads() {
    check(
        "pipeline (10 producers, 5 brokers, 6 consumers)",
        &scenarios::pipeline(),
    );
    check(
        "groups (64 consumers, 256 partitions)",
        &scenarios::group_heavy(),
    );
    let json = r#"{
      "version": 1, "seed": 1,
      "cluster": { "brokers": 32 },
      "topics": [ { "name": "orders", "partitions": 256, "replication_factor": 3 } ],
      "producers": [ { "workload": { "topic": "orders", "rate_per_sec": 100, "count": 10 } } ],
      "consumer_groups": [ { "group_id": "g", "topics": ["orders"], "members": [MEMBERS] } ],
      "run_ms": 1000
    }"#
    .replace("MEMBERS", &vec!["{}"; 64].join(", "));
    check(
        "32 brokers x 256 partitions x 64 consumers",
        &Scenario::from_json(&json).expect("valid scenario"),
    );
}
