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
    for run in 1..=RUNS {
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
        console_log!(
            "wasm {name} run {run}/{RUNS}: {events} events, {} acked records, {ms:.0} ms, {:.0} records/s, {:.0} events/s",
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
