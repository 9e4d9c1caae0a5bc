//! Goal: the page's guarantees ledger at any instant says what the CLI report says for a run stopped there.
//! Method: for every preset at three instants, seek the page's `Timeline` there (after playing the whole run, so
//! the seek restores a checkpoint) and compare its ledger with the report of a fresh run whose `run_ms` ends at that
//! instant, as `kafka-playground run` would print it; then check each list against the record's own history.
//! Kafka: the guarantees of `acks`, `min.insync.replicas` and idempotence (see `engine/guarantees.rs`).
use kafka_playground::engine::time::Instant;
use kafka_playground::engine::Sim;
use kafka_playground::scenario::presets;
use kafka_playground::viz::timeline::Timeline;

#[test]
fn the_ledger_at_an_instant_is_the_report_of_a_run_stopped_there() {
    let mut nonzero = [0u32; 5];
    for name in presets::names() {
        let scenario = presets::by_name(name).expect("preset");
        let mut tl = Timeline::new(&scenario).expect("valid");
        tl.advance_to(Instant::from_ms(scenario.run_ms));
        for frac in [100u64, 25, 60] {
            let ms = scenario.run_ms * frac / 100;
            tl.seek(Instant::from_ms(ms));
            let page = tl.sim().guarantees();
            let mut stopped = scenario.clone();
            stopped.run_ms = ms;
            let mut cli = Sim::new(&stopped).expect("valid");
            cli.set_keep_trace(false);
            cli.run_until(cli.end());
            let report = cli.report();
            assert_eq!(page.counts, report.records, "{name} at {ms} ms");
            assert_eq!(
                page,
                cli.guarantees(),
                "{name} at {ms} ms: the same records"
            );
            for (i, n) in [
                page.counts.lost_acked,
                page.counts.duplicated,
                page.counts.reordered,
                page.counts.consumed_twice,
                page.counts.failed,
            ]
            .iter()
            .enumerate()
            {
                nonzero[i] += u32::from(*n > 0);
            }
        }
    }
    // The presets show every kind of broken guarantee somewhere, so the comparison above compared real lists.
    assert!(
        nonzero.iter().all(|n| *n > 0),
        "instants with lost, duplicated, reordered, consumed twice, failed: {nonzero:?}"
    );
}

#[test]
fn each_listed_record_has_the_history_its_verdict_says() {
    for name in [
        "acks-1-data-loss",
        "late-ack-duplicates",
        "retry-reordering",
        "auto-commit-replay",
    ] {
        let scenario = presets::by_name(name).expect("preset");
        let mut sim = Sim::new(&scenario).expect("valid");
        sim.run_until(sim.end());
        let mut acked = std::collections::BTreeSet::new();
        let mut processed = std::collections::BTreeMap::new();
        while let Some(e) = sim.poll_trace() {
            use kafka_playground::engine::trace::TraceEvent::*;
            match e {
                RecordAcked { record, .. } => {
                    acked.insert(record);
                }
                RecordConsumed { record, group, .. } => {
                    *processed.entry((group, record)).or_insert(0u32) += 1;
                }
                _ => {}
            }
        }
        let g = sim.guarantees();
        for r in &g.lost_acked {
            assert!(acked.contains(r), "{name}: lost {r:?} was acknowledged");
        }
        for (group, r, n) in &g.consumed_twice {
            assert!(*n > 1);
            assert_eq!(
                processed.get(&(*group, *r)),
                Some(n),
                "{name}: {r:?} processed {n} times"
            );
        }
    }
}
