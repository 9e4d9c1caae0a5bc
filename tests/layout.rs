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

/// Goal: a large cluster's broker cards are strips of replica tiles (no log cells), small enough that 32 of them
/// fit in a few columns; small clusters keep their rows of log cells.
#[test]
fn large_clusters_draw_replica_tiles() {
    use kafka_playground::viz::frame;
    use kafka_playground::viz::layout::{STRIP_OVER, TILES_PER_ROW, TILE_PITCH};
    let json = r#"{
      "version": 1, "seed": 1,
      "cluster": { "brokers": 32 },
      "topics": [ { "name": "orders", "partitions": 256, "replication_factor": 3 } ],
      "producers": [ { "workload": { "topic": "orders", "rate_per_sec": 1000, "count": 500 } } ],
      "run_ms": 2000
    }"#;
    let mut sim = Sim::new(&Scenario::from_json(json).expect("valid")).expect("runs");
    let mut scene = Scene::new(&sim.topology());
    for l in [Layout::new(&scene), Layout::portrait(&scene)] {
        assert!(l.strip, "24 replicas a broker is more than {STRIP_OVER}");
        let lines = 24usize.div_ceil(TILES_PER_ROW) as f32;
        for b in &l.brokers {
            assert!(
                b.h <= 32.0 + lines * TILE_PITCH + 6.0 + 0.5,
                "a strip card is {} tall",
                b.h
            );
        }
        let columns = l
            .brokers
            .iter()
            .map(|b| b.x.to_bits())
            .collect::<std::collections::BTreeSet<_>>();
        assert!(
            l.portrait || columns.len() <= 6,
            "{} broker columns",
            columns.len()
        );
    }
    sim.run_until(sim.end());
    while let Some(e) = sim.poll_trace() {
        scene.apply(&e);
    }
    // Broker 1 expanded on the page: its log rows are back, every other broker keeps its tiles, nothing overlaps.
    let open = Layout::expanded(&scene, &[1]);
    assert!(!open.tiles(0) && open.tiles(1));
    assert!(
        open.brokers[0].h > 24.0 * 28.0,
        "broker-1 shows its 24 rows"
    );
    let f = frame(&scene, &open, sim.now());
    let b1 = &f.brokers[0];
    assert!(
        !b1.strip && b1.replicas.len() == 24,
        "broker-1 is drawn with rows"
    );
    assert!(
        b1.replicas
            .iter()
            .all(|r| r.cells_x == open.brokers[0].x + 104.0),
        "as log rows, not tiles"
    );
    assert!(f.brokers[1..].iter().all(|b| b.strip));
    check_layout("32 x 256 x 64, broker-1 expanded", &sim, &open);
    check_layout(
        "32 x 256 x 64, broker-1 expanded (portrait)",
        &sim,
        &Layout::portrait_expanded(&scene, &[1]),
    );
    let layout = Layout::new(&scene);
    let f = frame(&scene, &layout, sim.now());
    let tiles: usize = f.brokers.iter().map(|b| b.replicas.len()).sum();
    assert_eq!(tiles, 256 * 3, "one tile per replica");
    assert!(f.brokers.iter().all(|b| b.strip
        && b.replicas
            .iter()
            .all(|r| r.cells.is_empty() && r.markers.is_empty())));
    assert!(
        f.brokers
            .iter()
            .flat_map(|b| &b.replicas)
            .any(|r| r.log_end_offset > 0),
        "tiles carry the offsets"
    );

    let sim = Sim::new(&presets::default_scenario()).expect("valid");
    let small = Layout::new(&Scene::new(&sim.topology()));
    assert!(
        !small.strip && !small.compact_groups,
        "the quickstart keeps its log rows and full member cards"
    );
}

/// Goal: a group of 64 members on 256 partitions is drawn compact (16 table rows and a "+240 more" line, members
/// four to a row, two on a phone, no assignment lines), so the whole cluster fits a stage of reasonable proportions.
#[test]
fn large_groups_are_drawn_compact() {
    use kafka_playground::viz::frame;
    use kafka_playground::viz::layout::MAX_GROUP_ROWS;
    let s = scenarios::group_heavy();
    let sim = Sim::new(&s).expect("valid");
    let scene = Scene::new(&sim.topology());
    let l = Layout::new(&scene);
    assert!(l.compact_groups);
    assert!(
        l.height < 2.5 * l.width,
        "the stage is {}×{}",
        l.width,
        l.height
    );
    let f = frame(&scene, &l, sim.now());
    let g = &f.groups[0];
    assert_eq!(
        (g.rows.len(), g.more_rows),
        (MAX_GROUP_ROWS, 256 - MAX_GROUP_ROWS)
    );
    assert!(g.lines.is_empty(), "no assignment lines in a compact group");
    assert!(f.consumers.iter().all(|c| c.compact));
    let xs: std::collections::BTreeSet<u32> = l.consumers.iter().map(|c| c.x.to_bits()).collect();
    assert_eq!(xs.len(), 4, "members four to a row on a wide stage");
    let phone = Layout::portrait(&scene);
    let xs: std::collections::BTreeSet<u32> =
        phone.consumers.iter().map(|c| c.x.to_bits()).collect();
    assert_eq!(xs.len(), 2, "and two on a phone");
}
