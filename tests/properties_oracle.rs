//! Goal: our `.properties` reader (src/scenario/properties.rs, written for the page's bundle) reads every file as
//! the `java-properties` crate does, and what we write reads back with it.
//! Method: 20,000 generated files from an alphabet of the characters that matter to `Properties.load` (separators,
//! comment marks, backslashes, `\u` escapes, the three line ends, whitespace), compared key by key; then our writer's
//! output for generated maps, read by the oracle.
//! Kafka: clients read their config files with `java.util.Properties.load`; shared/KAFKA.md §1.
#![cfg(not(target_arch = "wasm32"))]

use kafka_playground::scenario::config::Props;
use kafka_playground::scenario::properties;
use std::collections::HashMap;

#[path = "common/splitmix.rs"]
mod splitmix;
use splitmix::Gen;

const PIECES: &[&str] = &[
    "a",
    "b",
    "linger.ms",
    "acks",
    "5",
    " ",
    "  ",
    "\t",
    "\x0c",
    "=",
    ":",
    "#",
    "!",
    "\\",
    "\\\\",
    "\\ ",
    "\\=",
    "\\:",
    "\\n",
    "\\t",
    "\\u0041",
    "\\u00e9",
    "\\uAC00",
    "\n",
    "\r",
    "\r\n",
    "\\\n",
    "\\\r\n",
    "x y",
    "all",
];

fn oracle(text: &str) -> Option<HashMap<String, String>> {
    java_properties::read(text.as_bytes()).ok()
}

/// The two places where the crate reads differently from Java's `Properties.LineReader`; our unit tests in
/// src/scenario/properties.rs pin Java's behaviour there:
/// - a continuation into the end of the text (a backslash last, or before the last line end): the crate drops the
///   whole line, Java only the backslash (`if (precedingBackslash) len--;` at end of input);
/// - a continuation line whose first non-blank character is `#` or `!`: the crate reads a comment, Java reads text
///   (only the first natural line of a logical line can start a comment).
fn departs_from_java(text: &str) -> bool {
    let odd = |s: &str| s.chars().rev().take_while(|c| *c == '\\').count() % 2 == 1;
    if odd(text)
        || odd(text
            .strip_suffix("\r\n")
            .or(text.strip_suffix(['\n', '\r']))
            .unwrap_or(""))
    {
        return true;
    }
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split(['\n', '\r']).collect();
    lines.windows(2).any(|w| {
        odd(w[0])
            && w[1]
                .trim_start_matches([' ', '\t', '\x0c'])
                .starts_with(['#', '!'])
    })
}

#[test]
fn reader_agrees_with_the_oracle_on_generated_files() {
    let mut g = Gen(0x006b_6166_6b61);
    let mut compared = 0;
    let mut skipped = 0;
    for case in 0..20_000 {
        let len = 1 + g.next() % 24;
        let text: String = (0..len).map(|_| g.pick(PIECES)).collect();
        if departs_from_java(&text) {
            skipped += 1;
            continue;
        }
        let ours = properties::load(&text);
        match (ours, oracle(&text)) {
            (Ok(ours), Some(theirs)) => {
                let theirs: Props = theirs.into_iter().collect();
                assert_eq!(ours, theirs, "case {case}: {text:?}");
                compared += 1;
            }
            (Err(_), None) => {}
            (ours, theirs) => panic!("case {case}: {text:?}: ours {ours:?}, oracle {theirs:?}"),
        }
    }
    assert!(
        compared > 12_000,
        "only {compared} files were valid ({skipped} skipped)"
    );
}

#[test]
fn writer_output_reads_back_with_the_oracle() {
    let mut g = Gen(0x0077_7269_7465);
    let chars = [
        "a", "Z", "0", " ", "=", ":", "#", "!", "\\", "\t", "\n", "\r", "\x0c", ".", "-", "é", "카",
    ];
    for case in 0..5_000 {
        let mut p = Props::new();
        for _ in 0..(g.next() % 5) {
            let k: String = (0..(1 + g.next() % 8)).map(|_| g.pick(&chars)).collect();
            let v: String = (0..(g.next() % 10)).map(|_| g.pick(&chars)).collect();
            p.insert(k, v);
        }
        let text = properties::store(&p, &["header".into()]);
        assert_eq!(
            properties::load(&text).expect("ours reads ours"),
            p,
            "case {case}"
        );
        // The oracle reads ISO-8859-1 bytes: compare it on the ASCII maps.
        if text.is_ascii() {
            let theirs: Props = oracle(&text)
                .expect("oracle reads ours")
                .into_iter()
                .collect();
            assert_eq!(theirs, p, "case {case}: {text:?}");
        }
    }
}
