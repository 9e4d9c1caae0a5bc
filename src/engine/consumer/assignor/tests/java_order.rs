//! Goal: the Java order helpers give the orders Java 17 gives: `String.hashCode`,
//! `String.compareTo`, `HashMap` capacity growth and bucket order (`put` and
//! `computeIfAbsent`), and the first element of a `HashSet<TopicPartition>`.
//! Method: the expected values are Java's (hash codes, and the orders Java 17 prints for the
//! same keys and calls) or follow from Java's bucket rule.
//! Kafka: none (JDK `java.util.HashMap`, `java.lang.String`).

use super::*;
use crate::engine::consumer::assignor::java_order::{
    java_bucket, java_cmp, java_compute_if_absent_order, java_default_capacity, java_hash_order,
    java_string_hash, java_tp_hash, JavaTpHashSet,
};
use std::cmp::Ordering;

#[test]
fn java_hash_order_of_consumer_ids_matches_java() {
    let ids = ["consumer1", "consumer2", "consumer3", "consumer4"];
    let order = java_hash_order(ids.iter().map(|s| (java_string_hash(s), *s)).collect());
    assert_eq!(
        order,
        vec!["consumer4", "consumer3", "consumer2", "consumer1"]
    );
    assert_eq!(java_string_hash("consumer1"), -421004549);
    assert_eq!(java_string_hash("hello"), 99162322);
    assert_eq!(java_string_hash(""), 0);
    let topics = java_hash_order(vec![
        (java_string_hash("topic2"), "topic2"),
        (java_string_hash("topic1"), "topic1"),
    ]);
    assert_eq!(topics, vec!["topic1", "topic2"]);
}

#[test]
fn java_hash_map_capacity_growth_and_bucket_ties() {
    assert_eq!(java_default_capacity(0), 16);
    assert_eq!(java_default_capacity(12), 16);
    assert_eq!(java_default_capacity(13), 32);
    assert_eq!(java_default_capacity(25), 64);
    // "Aa" and "BB" have the same String.hashCode: insertion order decides.
    assert_eq!(java_string_hash("Aa"), java_string_hash("BB"));
    let a = java_hash_order(vec![
        (java_string_hash("BB"), "BB"),
        (java_string_hash("Aa"), "Aa"),
    ]);
    assert_eq!(a, vec!["BB", "Aa"]);
    // String.compareTo works on UTF-16 code units, not code points.
    assert_eq!(java_cmp("\u{FFFF}", "\u{10000}"), Ordering::Greater);
    assert_eq!(java_cmp("a", "ab"), Ordering::Less);
}

#[test]
fn java_compute_if_absent_order_matches_java() {
    // Expected orders printed by Java 17's HashMap.computeIfAbsent for the same calls.
    assert_eq!(
        java_compute_if_absent_order(["BB", "topic", "topic1", "x"]),
        vec!["topic1", "BB", "x", "topic"]
    );
    let keys = [
        "a-b-c18",
        "orders-v222",
        "t232",
        "topic9",
        "Aa52",
        "orders-v254",
        "t27",
        "topic243",
        "events8",
        "topic223",
        "topic313",
        "topic36",
        "events27",
    ];
    assert_eq!(
        java_compute_if_absent_order(keys),
        vec![
            "orders-v222",
            "topic243",
            "a-b-c18",
            "Aa52",
            "topic223",
            "topic313",
            "orders-v254",
            "t27",
            "topic9",
            "t232",
            "events27",
            "topic36",
            "events8",
        ]
    );
    // One more call, for a key already present, finds size 13 > 12 and resizes to 32.
    let mut with_repeat = keys.to_vec();
    with_repeat.push("a-b-c18");
    assert_eq!(
        java_compute_if_absent_order(with_repeat),
        vec![
            "orders-v222",
            "Aa52",
            "orders-v254",
            "topic9",
            "t232",
            "events27",
            "topic36",
            "events8",
            "topic243",
            "a-b-c18",
            "topic223",
            "topic313",
            "t27",
        ]
    );
}

#[test]
fn java_hash_set_first_follows_buckets() {
    let mut set = JavaTpHashSet::new();
    for p in [5u32, 1, 3] {
        set.add(Tp::new("t", p));
    }
    let expected = [5u32, 1, 3]
        .iter()
        .map(|&p| Tp::new("t", p))
        .min_by_key(|t| java_bucket(java_tp_hash(t), 16));
    assert_eq!(set.first(), expected.as_ref());
    set.remove(&Tp::new("t", 1));
    set.remove(&Tp::new("t", 3));
    assert_eq!(set.first(), Some(&Tp::new("t", 5)));
}
