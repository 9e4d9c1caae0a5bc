//! Wasm timing run: the benchmark scenarios of `benches/engine.rs` compiled to wasm32 and timed in headless
//! Chromium (issue 4 asks for simulated records/s "natively and in wasm"). This is a measurement, not a test: every
//! case is `#[ignore]`d, so `cargo test --target wasm32-unknown-unknown` skips it, and it asserts nothing about time.
//!
//! Run (figures in docs/performance.md):
//! ```text
//! CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=600 \
//!   cargo test --profile bench --target wasm32-unknown-unknown --test wasm_bench -- --include-ignored --nocapture
//! ```
//! `--profile bench` is the speed-optimised build the native figures use; `--release` measures the page's
//! size-optimised build (`opt-level = "z"`). Each case prints one line per run: events, records, ms, records/s and
//! events/s, timed with `performance.now()` around `Sim::new` + `run_until(end)` with the trace not kept.
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::Sim;
use kafka_playground::scenario::Scenario;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

#[path = "../benches/scenarios.rs"]
mod scenarios;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs per case. The first is slower (V8 starts on its baseline compiler and tiers up while it runs), so the figures
/// in docs/performance.md come from the later runs; the first is printed too.
const RUNS: usize = 3;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .expect("window.performance in the browser")
}

/// Times `RUNS` runs of `s`, checking each run acked `records` records (0: no check), and logs the figures.
fn time_runs(name: &str, s: &Scenario, records: u64) {
    time_n_runs(name, s, records, RUNS);
}

/// Times `runs` runs (see [`time_runs`]).
fn time_n_runs(name: &str, s: &Scenario, records: u64, runs: usize) {
    for run in 1..=runs {
        let t0 = now_ms();
        let mut sim = Sim::new(s).expect("valid scenario");
        sim.set_keep_trace(false);
        sim.run_until(sim.end());
        let ms = now_ms() - t0;
        let report = sim.report();
        assert_eq!(report.violation, None);
        if records > 0 {
            assert_eq!(report.records.acked, records, "every record is acked");
        }
        let events = sim.events();
        // Linear memory only grows, so this is the peak of every run so far in this page.
        let memory_mib = core::arch::wasm32::memory_size(0) as f64 * 65_536.0 / 1_048_576.0;
        console_log!(
            "wasm {name} run {run}/{runs}: {events} events, {} acked records, {ms:.0} ms, {:.0} records/s, {:.0} events/s, linear memory {memory_mib:.1} MiB",
            report.records.acked,
            report.records.acked as f64 / ms * 1000.0,
            events as f64 / ms * 1000.0,
        );
    }
}

#[wasm_bindgen_test]
#[ignore = "a timing run; see the module doc for the command"]
fn producer_heavy_1m_records() {
    let s = scenarios::producer_heavy(scenarios::PRODUCER_RECORDS);
    time_runs("producer 10p-1M-linger5", &s, scenarios::PRODUCER_RECORDS);
}

#[wasm_bindgen_test]
#[ignore = "a timing run; see the module doc for the command"]
fn replication_100k_records() {
    time_runs(
        "replication 5b-30p-rf3-100k",
        &scenarios::replication(),
        scenarios::REPLICATION_RECORDS,
    );
}

#[wasm_bindgen_test]
#[ignore = "a timing run; see the module doc for the command"]
fn group_heavy_rebalances() {
    time_runs("groups 64c-256p-rebalances", &scenarios::group_heavy(), 0);
}

#[wasm_bindgen_test]
#[ignore = "a timing run; see the module doc for the command"]
fn pipeline_1m_records_1() {
    // Issue 12: 10 producers x 1,000 records/s for 100 s through 5 brokers (12 partitions, RF 3) and a group of 6.
    // One run per test: the page does not answer the test runner while a run goes on, and it gives up after 30 s.
    // The first prints the linear memory of one run (run it alone: `-- pipeline_1m_records_1`).
    time_n_runs("pipeline 1M", &scenarios::pipeline_for(100), 1_000_000, 1);
}

#[wasm_bindgen_test]
#[ignore = "a timing run; see the module doc for the command"]
fn pipeline_1m_records_2() {
    time_n_runs("pipeline 1M", &scenarios::pipeline_for(100), 1_000_000, 1);
}

#[wasm_bindgen_test]
#[ignore = "a timing run; see the module doc for the command"]
fn pipeline_600k_records() {
    // The issue's full-pipeline load (60 s); run alone (`-- pipeline_600k`) to read its linear memory.
    time_n_runs("pipeline 600k", &scenarios::pipeline(), 600_000, 1);
}

#[wasm_bindgen_test]
#[ignore = "a timing run; see the module doc for the command"]
fn timeline_seek_100k_records() {
    // Issue 14: seeks on the page's timeline in a 100k-record run (the pipeline for 10 s), played to the end first
    // (the page plays, or fast-forwards, before it can go back); 16 seeks over the run, back as often as forward.
    use kafka_playground::engine::time::Instant;
    use kafka_playground::viz::timeline::Timeline;
    let s = scenarios::pipeline_for(10);
    let t0 = now_ms();
    let mut tl = Timeline::new(&s).expect("valid scenario");
    tl.advance_to(Instant::from_ms(s.run_ms));
    let play_ms = now_ms() - t0;
    let end = s.run_ms * 1000;
    let mut ms: Vec<f64> = (0..16u64)
        .map(|i| {
            let t = Instant(end * ((i * 7) % 16) / 16 + 12_345);
            let t0 = now_ms();
            tl.seek(t);
            now_ms() - t0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    let memory_mib = core::arch::wasm32::memory_size(0) as f64 * 65_536.0 / 1_048_576.0;
    console_log!(
        "wasm timeline 100k: played to the end in {play_ms:.0} ms ({} events, {} checkpoints); 16 seeks: median {:.1} ms, max {:.1} ms; linear memory {memory_mib:.1} MiB",
        tl.sim().events(),
        tl.checkpoint_count(),
        ms[8],
        ms[15],
    );
}
