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

// ------------------------------------------------------------------------------------------------ layering

/// The layers, lowest first: a module may use its own layer and the ones before it, never a later one.
const LAYERS: [&str; 6] = ["i18n", "kafka", "scenario", "engine", "viz", "ui"];

/// Every `.rs` file under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable source dir")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
    out
}

/// The module path of a source file: `src/engine/broker/mod.rs` → `[engine, broker]`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix("src").expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// Absolute module paths a file names: `crate::a::b`, and `super::…` resolved against the file's module.
fn references(file: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(file).expect("utf-8 source");
    let me = module_of(file);
    let mut out = Vec::new();
    let ident = |s: &str| -> Vec<String> {
        s.split("::")
            .map(|seg| {
                seg.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .take_while(|seg| !seg.is_empty())
            .collect()
    };
    for line in text.lines() {
        let l = line.trim_start();
        if l.starts_with("//") {
            continue;
        }
        for (i, _) in l.match_indices("crate::") {
            let before = l[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            out.push(ident(&l[i + "crate::".len()..]));
        }
        for (i, _) in l.match_indices("super::") {
            let before = l[..i].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut base = me.clone();
            let mut rest = &l[i..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
            base.extend(ident(rest));
            out.push(base);
        }
    }
    out
}

#[test]
fn layers_only_use_the_layers_below() {
    let mut bad = Vec::new();
    for (rank, layer) in LAYERS.iter().enumerate() {
        for file in rust_files(&Path::new("src").join(layer)) {
            for r in references(&file) {
                if let Some(pos) = r
                    .first()
                    .and_then(|top| LAYERS.iter().position(|l| l == top))
                {
                    if pos > rank {
                        bad.push(format!("{}: {layer} uses {}", file.display(), r.join("::")));
                    }
                }
            }
        }
    }
    bad.dedup();
    assert!(
        bad.is_empty(),
        "layer order is {} (each may use only those before it):\n{}",
        LAYERS.join(" ← "),
        bad.join("\n")
    );
}

/// Sibling modules of one parent that use each other, directly or around a loop, as "a -> b -> a".
fn sibling_cycles(parent: &[String], files: &[std::path::PathBuf]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let depth = parent.len();
    let child_of = |m: &[String]| -> Option<String> {
        (m.len() > depth && m[..depth] == *parent).then(|| m[depth].clone())
    };
    let children: BTreeSet<String> = files
        .iter()
        .filter_map(|f| child_of(&module_of(f)))
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let Some(from) = child_of(&module_of(f)) else {
            continue;
        };
        for r in references(f) {
            if let Some(to) = child_of(&r).filter(|t| *t != from && children.contains(t)) {
                edges.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    let mut cycles = Vec::new();
    for start in &children {
        // Depth-first search back to `start` through children greater than it (each cycle reported once).
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                if next == start {
                    let mut p = path.clone();
                    p.push(start.clone());
                    let prefix = if parent.is_empty() {
                        String::new()
                    } else {
                        format!("{}: ", parent.join("::"))
                    };
                    cycles.push(format!("{prefix}{}", p.join(" -> ")));
                } else if next > start && !path.contains(next) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    cycles
}

#[test]
fn no_import_cycle_between_sibling_modules() {
    let files = rust_files(Path::new("src"))
        .into_iter()
        .filter(|f| !f.starts_with("src/bin"))
        .collect::<Vec<_>>();
    let mut parents: std::collections::BTreeSet<Vec<String>> = files
        .iter()
        .map(|f| {
            let mut m = module_of(f);
            m.pop();
            m
        })
        .collect();
    parents.insert(Vec::new());
    let mut cycles = Vec::new();
    for parent in &parents {
        cycles.extend(sibling_cycles(parent, &files));
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

/// Lines of a source file before its first `#[cfg(test)]` (test modules may be long; the code they test may not).
fn lines_before_tests(file: &Path) -> usize {
    let text = std::fs::read_to_string(file).expect("utf-8 source");
    text.lines()
        .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
        .count()
}

#[test]
fn no_source_file_is_over_700_lines_before_its_tests() {
    let too_long: Vec<String> = rust_files(Path::new("src"))
        .into_iter()
        .filter(|f| {
            // Whole files of tests (`tests.rs`, `tests/…`) are exempt, like the test modules inside files.
            !f.components().any(|c| c.as_os_str() == "tests")
                && f.file_name().is_some_and(|n| n != "tests.rs")
        })
        .filter_map(|f| {
            let n = lines_before_tests(&f);
            (n > 700).then(|| format!("{}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "one concept per file, at most 700 lines before the tests:\n{}",
        too_long.join("\n")
    );
}
