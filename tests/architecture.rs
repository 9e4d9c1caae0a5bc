//! The purity firewall: engine and scenario never name browser crates, the wall clock, OS randomness or hash-map
//! iteration. Method: scan the source text. (The compile-time half is `cargo check --lib --no-default-features`.)

use std::path::Path;

fn scan(dir: &Path, hits: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            scan(&p, hits);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).expect("utf-8 source");
            for (i, line) in text.lines().enumerate() {
                let l = line.trim_start();
                if l.starts_with("//") {
                    continue;
                }
                for bad in [
                    "yew::",
                    "web_sys::",
                    "js_sys::",
                    "wasm_bindgen::",
                    "gloo::",
                    "std::time",
                    "thread_rng",
                    "rand::rng(",
                    "HashMap<",
                    "HashSet<",
                ] {
                    if l.contains(bad) {
                        hits.push(format!("{}:{}: {bad}", p.display(), i + 1));
                    }
                }
            }
        }
    }
}

#[test]
fn engine_scenario_and_viz_are_pure() {
    let mut hits = Vec::new();
    for d in ["src/engine", "src/scenario", "src/viz"] {
        scan(Path::new(d), &mut hits);
    }
    assert!(
        hits.is_empty(),
        "impure code in pure layers:\n{}",
        hits.join("\n")
    );
}
