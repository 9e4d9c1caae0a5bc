//! Golden traces: each preset's trace hash and event count, pinned with ENGINE_VERSION. A behaviour change shows
//! up here; review it, then rewrite with `UPDATE_GOLDEN=1 cargo test --test golden`. The browser test compares the
//! same hashes computed in wasm (cross-target determinism).

use kafka_playground::engine::{Sim, ENGINE_VERSION};
use kafka_playground::scenario::presets;

#[test]
fn preset_traces_match_golden() {
    let update = std::env::var("UPDATE_GOLDEN").is_ok();
    let mut mismatches = Vec::new();
    for (name, s) in presets::all() {
        let mut sim = Sim::new(&s).expect("valid preset");
        sim.set_keep_trace(false);
        sim.run_until(sim.end());
        let line = format!("{}\n", sim.trace_hash());
        let summary = format!(
            "engine v{ENGINE_VERSION} events {} hash {}",
            sim.events(),
            sim.trace_hash()
        );
        let path = format!("tests/golden/{name}.hash");
        if update {
            std::fs::write(&path, &line).expect("write golden");
            std::fs::write(format!("tests/golden/{name}.txt"), format!("{summary}\n"))
                .expect("write golden");
        } else {
            let want = std::fs::read_to_string(&path).unwrap_or_default();
            if want != line {
                mismatches.push(format!("{name}: golden {} now {}", want.trim(), summary));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "trace changed (UPDATE_GOLDEN=1 to accept):\n{}",
        mismatches.join("\n")
    );
}
