//! Runs one benchmark scenario once, untimed, for instruction counts under callgrind (repeatable where wall-clock
//! time on a shared 2-core machine is not). Prints events and the trace hash, so a speed-up can be checked to leave
//! the run unchanged.
//!
//! ```text
//! cargo build --profile bench --no-default-features --example bench_once
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.producer target/release/examples/bench_once producer 100000
//! ```
//! Scenarios: `replication`, `producer [RECORDS]` (default 1,000,000; a multiple of 10), `groups`, `pipeline
//! [SECONDS]` (issue 12's full pipeline: 600,000 records through 5 brokers and a group of 6; or 10,000 a second for
//! SECONDS).

use kafka_playground::engine::Sim;

#[path = "../benches/scenarios.rs"]
mod scenarios;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scenario = match args.first().map(String::as_str) {
        Some("replication") => scenarios::replication(),
        Some("producer") => {
            let records = args
                .get(1)
                .map(|n| n.parse().expect("RECORDS is a number"))
                .unwrap_or(scenarios::PRODUCER_RECORDS);
            scenarios::producer_heavy(records)
        }
        Some("groups") => scenarios::group_heavy(),
        Some("pipeline") => match args.get(1) {
            Some(s) => scenarios::pipeline_for(s.parse().expect("SECONDS is a number")),
            None => scenarios::pipeline(),
        },
        _ => {
            eprintln!(
                "usage: bench_once replication | producer [RECORDS] | groups | pipeline [SECONDS]"
            );
            std::process::exit(2);
        }
    };
    let mut sim = Sim::new(&scenario).expect("valid scenario");
    sim.set_keep_trace(false);
    sim.run_until(sim.end());
    let r = sim.report();
    println!(
        "events {} trace_hash {} acked {} consumed {}",
        sim.events(),
        sim.trace_hash(),
        r.records.acked,
        r.records.consumed
    );
}
