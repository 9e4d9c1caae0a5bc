//! The command-line runner's `link` command: the fragment it prints opens the same scenario on the page, and a
//! scenario the engine refuses gets an error, not a link.

use kafka_playground::scenario::{codec, presets};
use std::process::Command;

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kafka-playground"))
        .args(args)
        .output()
        .expect("the CLI runs")
}

#[test]
fn link_prints_a_fragment_that_decodes_to_the_scenario() {
    let out = cli(&["link", "quickstart"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fragment = String::from_utf8(out.stdout).expect("utf-8");
    let (decoded, _) = codec::parse_fragment(fragment.trim()).expect("a fragment the page parses");
    assert_eq!(decoded, presets::by_name("quickstart"));
}

#[test]
fn link_refuses_an_impossible_scenario() {
    let dir = std::env::temp_dir().join(format!("kp-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bad.json");
    // Replication factor 3 on a single broker.
    std::fs::write(
        &file,
        r#"{"version":1,"cluster":{"brokers":1},"topics":[{"name":"t","partitions":1,"replication_factor":3}]}"#,
    )
    .expect("write");
    let out = cli(&["link", file.to_str().expect("path")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("error:") && err.contains("replication"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
