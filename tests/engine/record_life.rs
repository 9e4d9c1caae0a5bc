//! Goal: the record inspector's verdict for every record equals the guarantees ledger's, and the life it shows is
//! the same whether the run was played, sought back or sought forward.
//! Method: for every preset, fold one `RecordLife` per record from the trace as the run plays (a life starts at
//! the record's `SendBlocked` or `RecordSent`), and at three instants compare each life's verdicts, worked out from its own events
//! and the replica logs, with the verdicts the ledger's lists give (`Sim::guarantees`, one pass over every log).
//! Then inspect records on the page's `Timeline`, seek back and forth, and compare the life it follows with the
//! one folded in a single pass.
//! Kafka: a record is lost when acknowledged and not in the leader's log below the HW (KAFKA.md §4), duplicated
//! or reordered by retries without idempotence (§5), processed twice after a crash or rebalance before the commit
//! (§7).
use kafka_playground::engine::guarantees::{is_acked, Guarantees};
use kafka_playground::engine::ids::RecordId;
use kafka_playground::engine::record_life::{RecordLife, Verdict};
use kafka_playground::engine::time::Instant;
use kafka_playground::engine::trace::TraceEvent;
use kafka_playground::engine::Sim;
use kafka_playground::scenario::presets;
use kafka_playground::viz::timeline::Timeline;
use std::collections::BTreeMap;

/// The verdicts the ledger's lists give a record, the most serious first.
fn ledger_verdicts(sim: &Sim, g: &Guarantees, id: RecordId) -> Vec<Verdict> {
    let acked = is_acked(sim, id);
    let failed = g.failed.contains(&id);
    let mut v = Vec::new();
    if g.lost_acked.contains(&id) {
        v.push(Verdict::Lost);
    }
    if failed {
        v.push(Verdict::Failed);
    }
    if g.duplicated.contains(&id) {
        v.push(Verdict::Duplicated);
    }
    if g.reordered.contains(&id) {
        v.push(Verdict::Reordered);
    }
    if g.consumed_twice.iter().any(|(_, r, _)| *r == id) {
        v.push(Verdict::ConsumedTwice);
    }
    if !acked && !failed {
        v.push(Verdict::Pending);
    }
    if v.is_empty() {
        v.push(Verdict::Safe);
    }
    v
}

/// Every record's life, folded in one pass of the run to `t`.
fn lives_to(sim: &mut Sim, lives: &mut BTreeMap<RecordId, RecordLife>, t: Instant) {
    while sim.next_event_at().is_some_and(|at| at <= t) {
        sim.step();
        while let Some(e) = sim.poll_trace() {
            // A life starts when send() is called: blocked (metadata, buffer.memory) or sent.
            if let TraceEvent::SendBlocked { record, .. } | TraceEvent::RecordSent { record, .. } =
                &e
            {
                lives
                    .entry(*record)
                    .or_insert_with(|| RecordLife::new(*record));
            }
            for life in lives.values_mut() {
                life.observe(sim.events(), &e);
            }
        }
    }
    sim.run_until(t);
}

#[test]
fn every_records_verdict_is_the_ledgers() {
    let mut seen: BTreeMap<Verdict, u32> = BTreeMap::new();
    for name in presets::names() {
        let scenario = presets::by_name(name).expect("preset");
        let mut sim = Sim::new(&scenario).expect("valid");
        let mut lives = BTreeMap::new();
        for frac in [25u64, 60, 100] {
            lives_to(
                &mut sim,
                &mut lives,
                Instant::from_ms(scenario.run_ms * frac / 100),
            );
            let g = sim.guarantees();
            for (id, life) in &lives {
                let j = life.judge(&sim);
                assert_eq!(
                    j.verdicts,
                    ledger_verdicts(&sim, &g, *id),
                    "{name} at {frac}%: record {} of producer-{}",
                    id.send_index(),
                    id.producer().0
                );
                for v in &j.verdicts {
                    *seen.entry(*v).or_default() += 1;
                }
            }
        }
    }
    // The presets give every verdict to some record, so the comparison compared each kind.
    for v in Verdict::ALL {
        assert!(
            seen.get(&v).is_some_and(|n| *n > 0),
            "no record was {v:?}: {seen:?}"
        );
    }
}

#[test]
fn the_followed_life_is_the_same_after_seeking_back_and_forth() {
    for (name, picks) in [
        ("acks-1-data-loss", 6u64),
        ("retry-reordering", 4),
        ("auto-commit-replay", 4),
        ("record-too-large", 4),
    ] {
        let scenario = presets::by_name(name).expect("preset");
        let end = Instant::from_ms(scenario.run_ms);
        let mid = Instant::from_ms(scenario.run_ms * 45 / 100);
        let mut sim = Sim::new(&scenario).expect("valid");
        let mut at_mid = BTreeMap::new();
        lives_to(&mut sim, &mut at_mid, mid);
        let mut at_end = at_mid.clone();
        lives_to(&mut sim, &mut at_end, end);
        let ids: Vec<RecordId> = at_end.keys().copied().collect();
        assert!(!ids.is_empty(), "{name} sends records");
        let mut tl = Timeline::new(&scenario).expect("valid");
        tl.advance_to(end);
        for k in 0..picks {
            let id = ids[(k as usize * 7919) % ids.len()];
            tl.seek(end);
            tl.inspect(id);
            let followed = |tl: &Timeline| tl.inspected().expect("inspected").events().to_vec();
            assert_eq!(
                followed(&tl),
                at_end[&id].events(),
                "{name}: record {id:?} at the end"
            );
            tl.seek(mid);
            let want = at_mid.get(&id).map_or(&[][..], |l| l.events());
            assert_eq!(
                followed(&tl),
                want,
                "{name}: record {id:?} after seeking back"
            );
            tl.step_back();
            tl.seek(end);
            assert_eq!(
                followed(&tl),
                at_end[&id].events(),
                "{name}: record {id:?} after seeking forward"
            );
            assert_eq!(
                tl.inspected().expect("inspected").judge(tl.sim()),
                at_end[&id].judge(&sim),
                "{name}: record {id:?}"
            );
        }
        tl.stop_inspecting();
        assert!(tl.inspected().is_none());
    }
}

/// The inspector's words for the tutorial's three broken guarantees: a lost record names the election and the
/// truncation, a reordered one the later record it sits behind, a duplicate its copies; and every record of every
/// preset can be inspected at the end of its run.
#[test]
fn the_inspector_explains_each_verdict() {
    use kafka_playground::viz::inspector::{copy_attempts, inspect};
    use kafka_playground::viz::scene::Scene;
    let mut explained: BTreeMap<Verdict, String> = BTreeMap::new();
    // Duplicates whose copies were each appended by a different produce attempt.
    let mut by_attempts = 0;
    for name in presets::names() {
        let scenario = presets::by_name(name).expect("preset");
        let mut sim = Sim::new(&scenario).expect("valid");
        let mut scene = Scene::new(&sim.topology());
        let mut lives = BTreeMap::new();
        let end = sim.end();
        while sim.next_event_at().is_some_and(|at| at <= end) {
            sim.step();
            while let Some(e) = sim.poll_trace() {
                if let TraceEvent::SendBlocked { record, .. }
                | TraceEvent::RecordSent { record, .. } = &e
                {
                    lives
                        .entry(*record)
                        .or_insert_with(|| RecordLife::new(*record));
                }
                for life in lives.values_mut() {
                    life.observe(sim.events(), &e);
                }
                scene.apply(&e);
            }
        }
        for life in lives.values() {
            let i = inspect(life, &sim, &scene);
            assert!(
                !i.steps.is_empty() && !i.why.is_empty(),
                "{name}: {}",
                i.title
            );
            explained
                .entry(i.verdict())
                .or_insert(format!("{name}: {}", i.why));
            let j = life.judge(&sim);
            if j.verdicts.contains(&Verdict::Duplicated) {
                let copies = copy_attempts(life, &j);
                let mut offsets: Vec<u64> = copies.iter().map(|c| c.0).collect();
                offsets.sort_unstable();
                assert_eq!(offsets, j.offsets, "{name}: each copy once: {}", i.title);
                let mut attempts: Vec<usize> = copies
                    .iter()
                    .filter_map(|c| c.1.map(|a| a.attempt))
                    .collect();
                attempts.dedup();
                if attempts.len() == copies.len() {
                    by_attempts += 1;
                    assert!(i.why.contains("from attempt 2"), "{name}: {}", i.why);
                }
            }
        }
    }
    assert!(
        by_attempts > 0,
        "a duplicate's copies are matched to the produce attempts that appended them"
    );
    let says = |v: Verdict, words: &[&str]| {
        let why = explained
            .get(&v)
            .unwrap_or_else(|| panic!("no {v:?} record"));
        for w in words {
            assert!(why.contains(w), "{v:?}: {why:?} should say {w:?}");
        }
    };
    says(
        Verdict::Lost,
        &["Acknowledged", "without it", "truncated it"],
    );
    says(
        Verdict::Reordered,
        &["behind record #", "max.in.flight.requests.per.connection"],
    );
    says(Verdict::Duplicated, &["copies", "enable.idempotence"]);
    says(Verdict::ConsumedTwice, &["Processed 2 times"]);
    says(Verdict::Failed, &["Exception"]);
}
