//! `kafka-playground lessons`: every lesson's plan (each step's pause and whether its highlights are on the stage
//! there); `kafka-playground markers <scenario>`: a run's timeline markers, what a step's `wait` can name.

#[cfg(not(target_arch = "wasm32"))]
use kafka_playground::scenario::lesson;
#[cfg(not(target_arch = "wasm32"))]
use kafka_playground::viz::lesson::plan;
use kafka_playground::viz::lesson::targets_at_pauses;
use kafka_playground::viz::timeline::Timeline;
use std::process::ExitCode;

/// Prints each lesson's steps with their pause instants; fails if one cannot be planned or highlights a missing
/// target.
/// With file arguments, reads and checks those lesson files instead of the built-in ones (for writing a lesson
/// without rebuilding).
/// Native only: the lessons are compiled in natively, and the page fetches them (cargo also builds this binary for
/// wasm32, beside the browser tests, where it never runs).
#[cfg(not(target_arch = "wasm32"))]
pub fn lessons(files: &[String]) -> ExitCode {
    let mut bad = 0;
    let mut list: Vec<lesson::Lesson> = Vec::new();
    for f in files {
        let stem = std::path::Path::new(f)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let parsed = std::fs::read_to_string(f)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<lesson::Lesson>(&t).map_err(|e| e.to_string()))
            .and_then(|l| lesson::schema::check(&l, stem).map(|_| l));
        match parsed {
            Ok(l) => list.push(l),
            Err(e) => {
                println!("{f}: error: {e}");
                bad += 1;
            }
        }
    }
    let all = if files.is_empty() {
        lesson::all().to_vec()
    } else {
        list
    };
    for l in all.iter() {
        println!(
            "{} (§{}, preset {}{})",
            l.name,
            l.section,
            l.preset,
            if l.edits.is_empty() {
                String::new()
            } else {
                format!(", edits {}", l.edits)
            }
        );
        let p = match plan(l) {
            Ok(p) => p,
            Err(e) => {
                println!("  error: {e}");
                bad += 1;
                continue;
            }
        };
        let targets = targets_at_pauses(&p).unwrap_or_default();
        for (i, s) in l.steps.iter().enumerate() {
            let missing: Vec<&String> = s
                .highlight
                .iter()
                .filter(|h| !targets.get(i).is_some_and(|t| t.contains(h)))
                .collect();
            println!(
                "  step {}: pause at {} ms{}",
                i + 1,
                p.pauses[i].as_ms(),
                if missing.is_empty() {
                    String::new()
                } else {
                    format!("  MISSING highlight {missing:?}")
                }
            );
            bad += usize::from(!missing.is_empty());
        }
    }
    if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints every timeline marker of a run (`at ms`, kind, text) and the stage's targets at `--at-ms`, if given.
pub fn markers(scenario: &kafka_playground::scenario::Scenario, at_ms: Option<u64>) -> ExitCode {
    let mut run = match Timeline::new(scenario) {
        Ok(r) => r,
        Err(e) => return super::fail(e),
    };
    let end = run.sim().end();
    run.advance_to(end);
    for m in run.markers() {
        println!(
            "{:>9.3} ms  {:<10} {}",
            m.at.0 as f64 / 1000.0,
            m.kind.name(),
            m.english()
        );
    }
    if let Some(ms) = at_ms {
        let p = kafka_playground::viz::lesson::Plan {
            scenario: scenario.clone(),
            pauses: vec![kafka_playground::engine::time::Instant::from_ms(ms)],
        };
        let t = targets_at_pauses(&p).unwrap_or_default();
        println!(
            "stage targets at {ms} ms: {}",
            t.first().map(|t| t.join(" ")).unwrap_or_default()
        );
    }
    ExitCode::SUCCESS
}
