//! Browser tests: the engine compiled to wasm32 and run in headless Chromium (STYLE.md §8.6).
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test browser` (`scripts/test.sh` does):
//! `.cargo/config.toml` makes `wasm-bindgen-test-runner` the runner, and it drives Chromium through
//! `$CHROMEDRIVER`.
//!
//! The main check is cross-target determinism (STYLE.md rule 2): a preset run to its end in the
//! browser must give the very trace hash that the native golden test recorded in
//! `tests/golden/<name>.hash`. A difference means some code path depends on the target
//! (pointer width, float formatting, hash-map order, ...).
#![cfg(target_arch = "wasm32")]

use kafka_playground::engine::Sim;
use kafka_playground::scenario::{codec, presets};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Runs preset `name` to its end, draining the trace as the UI does, and returns the final hash.
fn run_preset_to_end(name: &str) -> String {
    let scenario = presets::by_name(name).expect("the preset exists");
    run_to_end(&scenario)
}

fn run_to_end(scenario: &kafka_playground::scenario::Scenario) -> String {
    let mut sim = Sim::new(scenario).expect("the preset is a valid scenario");
    let end = sim.end();
    sim.run_until(end);
    let mut events = 0_u64;
    while sim.poll_trace().is_some() {
        events += 1;
    }
    assert!(events > 0, "the run produced no trace events");
    sim.trace_hash()
}

/// Compares the wasm hash of a preset with the native golden hash.
fn assert_matches_native_golden(name: &str, golden: &str) {
    let native = golden.trim();
    assert!(!native.is_empty(), "tests/golden/{name}.hash is empty");
    let wasm = run_preset_to_end(name);
    assert_eq!(
        wasm, native,
        "preset {name:?}: the trace hash in wasm32 differs from the native golden hash \
         (tests/golden/{name}.hash); the engine is not deterministic across targets"
    );
}

#[wasm_bindgen_test]
fn quickstart_hash_matches_native_golden() {
    assert_matches_native_golden("quickstart", include_str!("golden/quickstart.hash"));
}

#[wasm_bindgen_test]
fn acks_all_survives_broker_loss_hash_matches_native_golden() {
    assert_matches_native_golden(
        "acks-all-survives-broker-loss",
        include_str!("golden/acks-all-survives-broker-loss.hash"),
    );
}

/// A shared link is decoded in the browser: the decoded scenario must replay to the same hash.
#[wasm_bindgen_test]
fn url_round_trip_replays_the_same_trace() {
    let scenario = presets::by_name("acks-all-survives-broker-loss").expect("the preset exists");
    let decoded = codec::decode(&codec::encode(&scenario)).expect("an encoded scenario decodes");
    assert_eq!(run_to_end(&decoded), run_to_end(&scenario));
}

/// A hostile or truncated link is an `Err`, never a panic (a panic would kill the wasm instance).
#[wasm_bindgen_test]
fn garbage_link_is_an_error_not_a_panic() {
    for garbage in [
        "garbage",
        "",
        ".",
        "1.",
        "1.!!!!",
        "1.AAAA",
        "99.eJwDAAAAAAE",
        "x.y.z",
    ] {
        assert!(
            codec::decode(garbage).is_err(),
            "decode({garbage:?}) should be an error"
        );
    }
}

/// Issue 14: in the browser too, a seek on the timeline leaves the run where playing there would (same trace hash
/// and event count), for every preset at several instants, back and forward.
#[wasm_bindgen_test]
fn timeline_seek_equals_play_for_every_preset() {
    use kafka_playground::engine::time::Instant;
    use kafka_playground::viz::timeline::Timeline;
    for name in presets::names() {
        let scenario = presets::by_name(name).expect("the preset exists");
        let end = Instant::from_ms(scenario.run_ms);
        let mut tl = Timeline::new(&scenario).expect("valid preset");
        tl.advance_to(end);
        for frac in [90u64, 10, 55, 30] {
            let t = Instant(end.0 * frac / 100 + 777);
            tl.seek(t);
            let mut played = Timeline::new(&scenario).expect("valid preset");
            let mut at = 0;
            while at < t.0 {
                at = (at + 16_000).min(t.0);
                played.advance_to(Instant(at));
            }
            assert_eq!(
                (tl.sim().trace_hash(), tl.sim().events()),
                (played.sim().trace_hash(), played.sim().events()),
                "{name} at {frac}%"
            );
        }
        // After a step, a step back then a step forward comes back to the same state.
        if !tl.step() {
            continue;
        }
        let here = (tl.sim().trace_hash(), tl.sim().events());
        if tl.step_back() {
            assert!(tl.step());
            assert_eq!(
                (tl.sim().trace_hash(), tl.sim().events()),
                here,
                "{name} step back, step"
            );
        }
    }
}
