//! `kafka-playground swarm`: many swarm seeds on every core, past every failure, with a replay link per failure and a
//! coverage summary of faults and Kafka outcomes. Progress goes to stderr, results to stdout.

use kafka_playground::engine::dst::{judge, Coverage, Verdict};
use kafka_playground::engine::swarm::swarm;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Instant as WallClock;

const USAGE: &str = "  kafka-playground swarm [--from SEED] [--seeds N] [--jobs N] [--links]
    (defaults: 1, 1000, every core; --links prints every seed's replay link, not only the failures')";

struct Options {
    from: u64,
    seeds: u64,
    jobs: usize,
    links: bool,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        from: 1,
        seeds: 1000,
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        links: false,
    };
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1);
        let num = |what: &str| {
            value
                .and_then(|v| v.parse::<u64>().ok())
                .ok_or_else(|| format!("{} needs a whole number ({what})", args[i]))
        };
        match args[i].as_str() {
            "--links" => {
                o.links = true;
                i += 1;
                continue;
            }
            "--from" => o.from = num("the first seed")?,
            "--seeds" => o.seeds = num("how many seeds")?,
            "--jobs" => o.jobs = num("worker threads")?.clamp(1, 256) as usize,
            other => return Err(format!("unknown option '{other}'\nusage:\n{USAGE}")),
        }
        i += 2;
    }
    if o.from.checked_add(o.seeds).is_none() {
        return Err("--from + --seeds overflows a 64-bit seed".into());
    }
    Ok(o)
}

pub fn run(args: &[String]) -> ExitCode {
    let o = match parse(args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let started = WallClock::now();
    let next = AtomicU64::new(o.from);
    let end = o.from + o.seeds;
    let (tx, rx) = mpsc::channel::<Verdict>();
    let mut failures: Vec<Verdict> = Vec::new();
    let mut coverage = Coverage::default();
    std::thread::scope(|scope| {
        for _ in 0..o.jobs {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || loop {
                let seed = next.fetch_add(1, Ordering::Relaxed);
                if seed >= end {
                    break;
                }
                if tx.send(judge(&swarm(seed))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut done = 0u64;
        let mut last_report = WallClock::now();
        for v in rx {
            done += 1;
            coverage.merge(&v.coverage);
            if o.links && v.failure.is_none() {
                println!("ok seed {} · {}", v.seed, v.replay);
            }
            if let Some(f) = &v.failure {
                println!(
                    "FAIL seed {} · {} at {:.3} ms · {}\n  replay: {}\n  regression line: {}  {}  {}",
                    v.seed,
                    f.property,
                    f.at_us as f64 / 1000.0,
                    f.detail,
                    v.replay,
                    v.seed,
                    v.replay,
                    f.property
                );
                failures.push(v);
            }
            if last_report.elapsed().as_secs_f64() >= 2.0 || done == o.seeds {
                last_report = WallClock::now();
                let rate = done as f64 / started.elapsed().as_secs_f64().max(1e-9);
                eprintln!(
                    "swarm: {done}/{} seeds, {} failed, {rate:.0} seeds/s",
                    o.seeds,
                    failures.len()
                );
            }
        }
    });
    failures.sort_by_key(|v| v.seed);
    println!(
        "\nswarm: seeds {}..={} ({} seeds, {} jobs) in {:.1} s: {} failed",
        o.from,
        end.saturating_sub(1),
        o.seeds,
        o.jobs,
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    let mut by_property: std::collections::BTreeMap<&str, Vec<u64>> = Default::default();
    for v in &failures {
        if let Some(f) = &v.failure {
            by_property.entry(&f.property).or_default().push(v.seed);
        }
    }
    for (p, seeds) in &by_property {
        println!("  {p}: {} seed(s): {:?}", seeds.len(), seeds);
    }
    println!(
        "\ncoverage over {} runs — faults scheduled (actions):",
        coverage.runs
    );
    for (k, n) in &coverage.faults {
        println!("  {k:28} {n:>9}");
    }
    println!("Kafka outcomes (occurrences · runs with it):");
    for (k, n) in &coverage.outcomes {
        let runs = coverage.outcome_runs.get(k).copied().unwrap_or(0);
        println!("  {k:28} {n:>9} · {runs:>7} runs");
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
