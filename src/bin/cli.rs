//! `kafka-playground`: run scenarios headless and print a JSON report; compute partitions and assignments.
//! See docs/cli.md.

use kafka_playground::engine::consumer::assign_input::{parse_member, parse_topic, to_json};
use kafka_playground::engine::consumer::assignor::{
    assign, AssignorKind, MemberSubscription, TopicPartitionName,
};
use kafka_playground::engine::producer::partitioner::{murmur2, partition_for_key};
use kafka_playground::engine::time::Instant;
use kafka_playground::engine::Sim;
use kafka_playground::scenario::{codec, presets, Scenario};
use std::collections::BTreeMap;
use std::process::ExitCode;

#[path = "cli/lessons.rs"]
mod lessons;
#[path = "cli/swarm.rs"]
mod swarm;

const USAGE: &str = "usage:
  kafka-playground run <scenario.json | URL | #s=... | preset-name> [--until-ms N] [--trace FILE.jsonl]
  kafka-playground partition --partitions N KEY...
  kafka-playground assign --strategy range|roundrobin|sticky|cooperative-sticky --topic NAME:PARTITIONS... --member ID:TOPIC[,TOPIC]...
  kafka-playground assign --input FILE.json
  kafka-playground presets
  kafka-playground link <scenario.json | preset-name>   (prints the page's #s=... fragment for it)
  kafka-playground swarm [--from SEED] [--seeds N] [--jobs N] [--links]
  kafka-playground lessons [FILE.json...]   (each lesson's pause points; fails on a step that cannot be planned)
  kafka-playground markers <scenario.json | URL | preset-name> [--at-ms N]   (the run's timeline markers)";

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

fn load(arg: &str) -> Result<Scenario, String> {
    if let Some(p) = presets::by_name(arg) {
        return Ok(p);
    }
    if arg.contains("s=") || arg.contains("preset=") {
        return match codec::parse_fragment(arg).map_err(|e| e.to_string())? {
            (Some(s), _) => Ok(s),
            (None, _) => Err("the link names no scenario".into()),
        };
    }
    let text = std::fs::read_to_string(arg).map_err(|e| {
        format!(
            "'{arg}' is not a preset ({}), a #s= link, or a readable file: {e}",
            presets::names().join(", ")
        )
    })?;
    Scenario::from_json(&text).map_err(|e| e.to_string())
}

fn run(args: &[String]) -> ExitCode {
    let Some(target) = args.first() else {
        return fail(USAGE);
    };
    let mut until = None;
    let mut trace_file: Option<String> = None;
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--until-ms" => match args.get(i + 1).and_then(|v| v.parse::<u64>().ok()) {
                Some(v) => {
                    until = Some(v);
                    i += 2;
                }
                None => return fail("--until-ms needs a whole number of milliseconds"),
            },
            "--trace" => match args.get(i + 1) {
                Some(f) => {
                    trace_file = Some(f.clone());
                    i += 2;
                }
                None => return fail("--trace needs a file name"),
            },
            other => return fail(format!("unknown option '{other}'\n{USAGE}")),
        }
    }
    let scenario = match load(target) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let mut sim = match Sim::new(&scenario) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    for w in sim.warnings() {
        eprintln!("warning: {w}");
    }
    let end = until.map(Instant::from_ms).unwrap_or(sim.end());
    match &trace_file {
        None => {
            sim.set_keep_trace(false);
            sim.run_until(end);
        }
        Some(f) => {
            let mut out = String::new();
            while sim.next_event_at().is_some_and(|t| t <= end) {
                sim.step();
                while let Some(e) = sim.poll_trace() {
                    out.push_str(&serde_json::to_string(&e).unwrap_or_default());
                    out.push('\n');
                }
            }
            sim.run_until(end);
            if let Err(e) = std::fs::write(f, out) {
                return fail(format!("cannot write {f}: {e}"));
            }
        }
    }
    match serde_json::to_string_pretty(&sim.report()) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The page's fragment for a scenario (checked first: a scenario the engine refuses gets its error, not a link).
fn link(args: &[String]) -> ExitCode {
    let [arg] = args else {
        return fail(USAGE);
    };
    let s = match load(arg) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    if let Err(e) = Sim::new(&s) {
        return fail(e);
    }
    println!("#s={}", codec::encode(&s));
    ExitCode::SUCCESS
}

fn partition(args: &[String]) -> ExitCode {
    let mut n = None;
    let mut keys = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--partitions" {
            n = args
                .get(i + 1)
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|v| *v > 0);
            if n.is_none() {
                return fail("--partitions needs a positive whole number");
            }
            i += 2;
        } else {
            keys.push(args[i].clone());
            i += 1;
        }
    }
    let Some(n) = n else {
        return fail(format!("missing --partitions\n{USAGE}"));
    };
    if keys.is_empty() {
        return fail("give at least one KEY");
    }
    let out: Vec<serde_json::Value> = keys
        .iter()
        .map(|k| serde_json::json!({"key": k, "murmur2": murmur2(k.as_bytes()), "partition": partition_for_key(k.as_bytes(), n)}))
        .collect();
    println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    ExitCode::SUCCESS
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignInput {
    strategy: String,
    topics: BTreeMap<String, u32>,
    members: BTreeMap<String, AssignMember>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignMember {
    topics: Vec<String>,
    #[serde(default)]
    group_instance_id: Option<String>,
    #[serde(default)]
    owned_partitions: Vec<String>,
    #[serde(default)]
    generation: Option<i32>,
}

fn assign_cmd(args: &[String]) -> ExitCode {
    let mut strategy = None;
    let mut topics = BTreeMap::new();
    let mut members = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let val = args.get(i + 1).cloned().unwrap_or_default();
        match args[i].as_str() {
            "--input" => {
                let text = match std::fs::read_to_string(&val) {
                    Ok(t) => t,
                    Err(e) => return fail(format!("cannot read {val}: {e}")),
                };
                let inp: AssignInput = match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(e) => return fail(format!("{val}: {e}")),
                };
                strategy = Some(inp.strategy);
                topics = inp.topics;
                for (id, m) in inp.members {
                    let mut owned = Vec::new();
                    for o in &m.owned_partitions {
                        match TopicPartitionName::parse(o) {
                            Some(tp) => owned.push(tp),
                            None => {
                                return fail(format!(
                                    "owned partition '{o}' is not of the form topic-N"
                                ))
                            }
                        }
                    }
                    members.push(MemberSubscription {
                        member_id: id,
                        group_instance_id: m.group_instance_id,
                        topics: m.topics,
                        owned_partitions: owned,
                        generation: m.generation,
                    });
                }
            }
            "--strategy" => strategy = Some(val),
            "--topic" => match parse_topic(&val) {
                Some((t, n)) => {
                    topics.insert(t, n);
                }
                None => return fail(format!("--topic expects NAME:PARTITIONS, got '{val}'")),
            },
            "--member" => match parse_member(&val) {
                Some(m) => members.push(m),
                None => return fail(format!("--member expects ID:TOPIC[,TOPIC], got '{val}'")),
            },
            other => return fail(format!("unknown option '{other}'\n{USAGE}")),
        }
        i += 2;
    }
    let Some(strategy) = strategy else {
        return fail(format!("missing --strategy\n{USAGE}"));
    };
    let Some(kind) = AssignorKind::from_name(&strategy) else {
        return fail(format!(
            "unknown strategy '{strategy}' (range, roundrobin, sticky, cooperative-sticky)"
        ));
    };
    println!("{}", to_json(&assign(kind, &topics, &members)));
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("partition") => partition(&args[1..]),
        Some("assign") => assign_cmd(&args[1..]),
        Some("swarm") => swarm::run(&args[1..]),
        Some("link") => link(&args[1..]),
        #[cfg(not(target_arch = "wasm32"))]
        Some("lessons") => lessons::lessons(&args[1..]),
        Some("markers") => match args.get(1).map(|a| load(a)) {
            Some(Ok(s)) => {
                let at = args
                    .iter()
                    .position(|a| a == "--at-ms")
                    .and_then(|i| args.get(i + 1))
                    .and_then(|v| v.parse().ok());
                lessons::markers(&s, at)
            }
            Some(Err(e)) => fail(e),
            None => fail(USAGE),
        },
        Some("presets") => {
            for (name, s) in presets::all() {
                println!("{name:32} {}", s.title);
            }
            ExitCode::SUCCESS
        }
        _ => fail(USAGE),
    }
}
