//! Engine throughput: simulated events/s and records/s on standard scenarios, and the benchmarks the issues ask for.
//! Run: `cargo bench --no-default-features --bench engine` (all), or one group by name:
//! `-- replication` (issue 3), `-- producer` (issue 4), `-- groups` (issue 5).
//! Figures are recorded in docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use kafka_playground::engine::trace::TraceEvent;
use kafka_playground::engine::{Report, Sim};
use std::time::Duration;

#[path = "scenarios.rs"]
mod scenarios;
use kafka_playground::scenario::{presets, Scenario};

fn standard() -> Scenario {
    // The replication bench's cluster at a lighter load: 20k keyed records at 20k/s, seed 1, 3 s.
    let mut s = scenarios::replication();
    s.seed = 1;
    s.run_ms = 3_000;
    let w = &mut s.producers[0].workload;
    w.rate_per_sec = 20_000;
    w.count = 20_000;
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    for (name, s) in [
        ("standard-5b-30p-rf3-20k", standard()),
        (
            "quickstart",
            presets::by_name("quickstart").expect("preset"),
        ),
    ] {
        let mut probe = Sim::new(&s).expect("valid");
        probe.set_keep_trace(false);
        probe.run_until(probe.end());
        // Delivered events (Sim::events): since ENGINE_VERSION 2, queue entries of re-armed or cancelled timers are
        // dropped uncounted, so events/s is lower than before for the same work.
        g.throughput(Throughput::Elements(probe.events()));
        g.bench_function(format!("{name} (events)"), |b| {
            b.iter(|| {
                let mut sim = Sim::new(&s).expect("valid");
                sim.set_keep_trace(false);
                sim.run_until(sim.end());
                sim.events()
            })
        });
    }
    g.finish();
}

/// What one untimed run of a scenario did: events, the report, and the rebalances the trace shows.
struct Probe {
    events: u64,
    report: Report,
    rebalances: u64,
}

/// Runs `s` once with the trace kept (drained every 100 ms of virtual time) to check what the timed runs measure.
fn probe(s: &Scenario) -> Probe {
    let mut sim = Sim::new(s).expect("valid scenario");
    let mut rebalances = 0;
    let end = sim.end();
    let mut t = sim.now();
    while t < end {
        t = (t + kafka_playground::engine::time::Duration::from_ms(100)).min(end);
        sim.run_until(t);
        while let Some(e) = sim.poll_trace() {
            if matches!(e, TraceEvent::RebalanceCompleted { .. }) {
                rebalances += 1;
            }
        }
    }
    let report = sim.report();
    assert_eq!(report.violation, None, "{s}: the run must be clean");
    Probe {
        events: sim.events(),
        report,
        rebalances,
    }
}

/// Ten samples of one run each: a run takes 0.5-3 s, so criterion's linear sampling (55 runs) would take minutes
/// per group. `secs` is a little above ten runs, so criterion does not warn.
fn flat(g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>, secs: u64) {
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(secs));
}

/// One timed run: the trace is hashed and folded into the ledger, but not kept (as the CLI runs).
fn run(s: &Scenario) -> u64 {
    let mut sim = Sim::new(s).expect("valid scenario");
    sim.set_keep_trace(false);
    sim.run_until(sim.end());
    sim.events()
}

/// Issue 3: 5 brokers, 30 partitions, RF 3, 100k records; throughput in records/s.
fn replication(c: &mut Criterion) {
    let s = scenarios::replication();
    let p = probe(&s);
    assert_eq!(
        p.report.records.acked,
        scenarios::REPLICATION_RECORDS,
        "every record must be acked within the run"
    );
    assert_eq!(p.report.records.lost_acked, 0);
    eprintln!(
        "replication: {} events and {} acked records per run",
        p.events, p.report.records.acked
    );
    let mut g = c.benchmark_group("replication");
    flat(&mut g, 9);
    g.throughput(Throughput::Elements(scenarios::REPLICATION_RECORDS));
    g.bench_function("5b-30p-rf3-100k (records)", |b| b.iter(|| run(&s)));
    g.finish();
}

/// Issue 4: 10 producers, 1M small records, linger.ms=5; throughput in records/s.
fn producer(c: &mut Criterion) {
    let s = scenarios::producer_heavy(scenarios::PRODUCER_RECORDS);
    let p = probe(&s);
    assert_eq!(
        p.report.records.acked,
        scenarios::PRODUCER_RECORDS,
        "every record must be acked within the run"
    );
    eprintln!(
        "producer: {} events and {} acked records per run",
        p.events, p.report.records.acked
    );
    let mut g = c.benchmark_group("producer");
    flat(&mut g, 35);
    g.throughput(Throughput::Elements(scenarios::PRODUCER_RECORDS));
    g.bench_function("10p-1M-linger5 (records)", |b| b.iter(|| run(&s)));
    g.finish();
}

/// Issue 5: 64 consumers, 256 partitions, a consumer closed and restarted every 2 s; throughput in events/s.
fn groups(c: &mut Criterion) {
    let s = scenarios::group_heavy();
    let p = probe(&s);
    // Each close and each restart must cause a rebalance of its own (plus the first one at the start).
    assert!(
        p.rebalances > 2 * scenarios::GROUP_BOUNCES,
        "expected more than {} rebalances, saw {}",
        2 * scenarios::GROUP_BOUNCES,
        p.rebalances
    );
    let g0 = &p.report.groups[0];
    assert_eq!(g0.state, "Stable", "the group settles at the end");
    eprintln!(
        "groups: {} events, {} rebalances (generation {}), {} records consumed per run",
        p.events, p.rebalances, g0.generation, p.report.records.consumed
    );
    let mut g = c.benchmark_group("groups");
    flat(&mut g, 18);
    g.throughput(Throughput::Elements(p.events));
    g.bench_function("64c-256p-rebalances (events)", |b| b.iter(|| run(&s)));
    g.finish();
}

/// Issue 14: a seek on the page's timeline in a 100k-record run (the full pipeline for 10 s), played to its end
/// first so every checkpoint exists; each iteration seeks to the next of 16 instants spread over the run, in an
/// order that goes back as often as forward. The issue asks for at most 150 ms.
fn timeline_seek(c: &mut Criterion) {
    use kafka_playground::engine::time::Instant;
    use kafka_playground::viz::timeline::Timeline;
    let s = scenarios::pipeline_for(10);
    let mut tl = Timeline::new(&s).expect("valid scenario");
    tl.advance_to(Instant::from_ms(s.run_ms));
    eprintln!(
        "timeline: {} events, {} checkpoints",
        tl.sim().events(),
        tl.checkpoint_count()
    );
    let end = s.run_ms * 1000;
    let instants: Vec<Instant> = (0..16u64)
        .map(|i| Instant(end * ((i * 7) % 16) / 16 + 12_345))
        .collect();
    let mut i = 0;
    let mut g = c.benchmark_group("timeline");
    g.sample_size(16);
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("seek in a 100k-record pipeline", |b| {
        b.iter(|| {
            i = (i + 1) % instants.len();
            tl.seek(instants[i]);
            tl.sim().events()
        })
    });
    g.finish();
}

/// Issue 14: laying out the message sequence diagram's 1 s window at the end of 3 s of the full pipeline (10
/// producers x 1,000 records/s, 5 brokers, a group of 6: ~24k messages on 22 lanes), as the page does at most
/// twice a second while it plays.
fn sequence_layout(c: &mut Criterion) {
    use kafka_playground::engine::time::Instant;
    use kafka_playground::viz::sequence::{diagram, lanes};
    use kafka_playground::viz::timeline::Timeline;
    let mut s = scenarios::pipeline_for(3);
    s.run_ms = 3_000;
    let mut tl = Timeline::new(&s).expect("valid scenario");
    tl.watch_messages(Some(1_000_000));
    tl.advance_to(Instant::from_ms(3_000));
    let log = tl.watched_messages().expect("watched").clone();
    let nodes = lanes(tl.scene());
    eprintln!(
        "sequence: {} messages in the window, {} lanes",
        log.messages.len(),
        nodes.len()
    );
    let mut g = c.benchmark_group("sequence");
    g.sample_size(20);
    g.bench_function("lay out a 1 s window of the full pipeline", |b| {
        b.iter(|| {
            diagram(&log, &nodes, log.from, log.to, None, None)
                .arrows
                .len()
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    bench,
    replication,
    producer,
    groups,
    timeline_seek,
    sequence_layout
);
criterion_main!(benches);
