//! The text forms of an assignor's input, shared by `kafka-playground assign` and the page's assignment calculator,
//! so both read `orders:3` and `consumer-0: orders,payments` the same way and print the same JSON.
//!
//! Models: the input the group leader hands to `ConsumerPartitionAssignor.assign` (partition counts from metadata,
//! one subscription per member), typed by hand.
//!
//! Simplifications:
//! - Only topics and subscriptions: owned partitions, generations and `group.instance.id` come from the CLI's JSON
//!   input (`--input`), not from this text form.
//! - [`calculate`] bounds the input ([`MAX_PARTITIONS`], [`MAX_MEMBERS`]) so a typo cannot freeze the page.

use super::assignor::{assign, AssignorKind, MemberSubscription, TopicPartitionName};
use std::collections::BTreeMap;

/// Most partitions (over all topics) [`calculate`] accepts.
pub const MAX_PARTITIONS: u32 = 2_000;
/// Most members [`calculate`] accepts.
pub const MAX_MEMBERS: usize = 200;

/// `NAME:PARTITIONS` (the CLI's `--topic`), e.g. `orders:3`; surrounding spaces are ignored. `None` when it is not
/// of that form (the partition count must be a whole number).
pub fn parse_topic(s: &str) -> Option<(String, u32)> {
    let (t, n) = s.trim().rsplit_once(':')?;
    let (t, n) = (t.trim(), n.trim());
    if t.is_empty() {
        return None;
    }
    Some((t.to_string(), n.parse::<u32>().ok()?))
}

/// `ID:TOPIC[,TOPIC]` (the CLI's `--member`), e.g. `consumer-0: orders,payments`; spaces around names are
/// ignored. `None` when the id is empty or there is no `:`.
pub fn parse_member(s: &str) -> Option<MemberSubscription> {
    let (id, ts) = s.trim().split_once(':')?;
    let id = id.trim();
    if id.is_empty() {
        return None;
    }
    Some(MemberSubscription {
        member_id: id.into(),
        topics: ts
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        ..Default::default()
    })
}

/// The CLI's output: `{member: ["topic-N", ...]}` as pretty JSON.
pub fn to_json(result: &BTreeMap<String, Vec<TopicPartitionName>>) -> String {
    // Inserts, not `collect()`: collecting into a B-tree sorts, and each sort is a copy in the page's wasm.
    let mut out: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (m, tps) in result {
        out.insert(m.as_str(), tps.iter().map(|t| t.to_string()).collect());
    }
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

/// What the calculator computed: each member's partitions, and notes on the input Kafka accepts but a user may not
/// expect (a subscription to a topic that is not listed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calculation {
    /// Member id → its partitions.
    pub assignment: BTreeMap<String, Vec<TopicPartitionName>>,
    /// One line per oddity, e.g. `consumer-1 subscribes to 'audit', which is not listed: ...`.
    pub notes: Vec<String>,
}

/// The assignment calculator: a strategy name, topics as `orders:3, payments:2` (commas or new lines), members one
/// per line as `consumer-0: orders,payments`. Returns the assignment, or a message naming the first bad piece.
/// A member may subscribe to a topic that is not listed: as in Kafka (`AbstractPartitionAssignor` hands the
/// assignor only topics with metadata), it gets nothing of that topic, and a note says so.
pub fn calculate(strategy: &str, topics: &str, members: &str) -> Result<Calculation, String> {
    let kind = AssignorKind::from_name(strategy).ok_or_else(|| {
        format!("unknown strategy '{strategy}' (range, roundrobin, sticky, cooperative-sticky)")
    })?;
    let mut parsed_topics = BTreeMap::new();
    let mut total: u32 = 0;
    for item in topics.split([',', '\n']).filter(|s| !s.trim().is_empty()) {
        let (t, n) = parse_topic(item).ok_or_else(|| {
            format!(
                "topic '{}' is not NAME:PARTITIONS (e.g. orders:3)",
                item.trim()
            )
        })?;
        if parsed_topics.insert(t.clone(), n).is_some() {
            return Err(format!("topic '{t}' is listed twice"));
        }
        total = total.saturating_add(n);
    }
    if parsed_topics.is_empty() {
        return Err("give at least one topic, e.g. orders:3".into());
    }
    if total > MAX_PARTITIONS {
        return Err(format!(
            "{total} partitions in all: the calculator takes at most {MAX_PARTITIONS}"
        ));
    }
    let mut subs = Vec::new();
    let mut notes = Vec::new();
    for (i, line) in members.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let m = parse_member(line).ok_or_else(|| {
            format!(
                "member line {}: '{}' is not ID: TOPIC[,TOPIC] (e.g. consumer-0: orders)",
                i + 1,
                line.trim()
            )
        })?;
        for t in m.topics.iter().filter(|t| !parsed_topics.contains_key(*t)) {
            notes.push(format!(
                "{} subscribes to '{t}', which is not listed: a topic without metadata gets no partitions (as in Kafka)",
                m.member_id
            ));
        }
        if subs
            .iter()
            .any(|s: &MemberSubscription| s.member_id == m.member_id)
        {
            return Err(format!(
                "member line {}: '{}' is listed twice",
                i + 1,
                m.member_id
            ));
        }
        subs.push(m);
    }
    if subs.is_empty() {
        return Err("give at least one member, e.g. consumer-0: orders".into());
    }
    if subs.len() > MAX_MEMBERS {
        return Err(format!(
            "{} members: the calculator takes at most {MAX_MEMBERS}",
            subs.len()
        ));
    }
    Ok(Calculation {
        assignment: assign(kind, &parsed_topics, &subs),
        notes,
    })
}

#[cfg(test)]
mod tests {
    //! Goal: the calculator's text form gives Kafka's assignments and a clear error (never a panic) for bad input.
    //! Method: the examples of shared/KAFKA.md §7 through [`calculate`], and a list of malformed inputs.
    //! Kafka: `RangeAssignor` / `RoundRobinAssignor` javadoc examples.
    use super::*;

    fn names(r: &Calculation, m: &str) -> Vec<String> {
        r.assignment[m].iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn range_and_round_robin_examples() {
        // RangeAssignor: 2 consumers, orders:3 -> the first member (by member id) gets the extra partition.
        let r = calculate(
            "range",
            "orders:3",
            "consumer-0: orders\nconsumer-1: orders",
        )
        .expect("ok");
        assert_eq!(names(&r, "consumer-0"), ["orders-0", "orders-1"]);
        assert_eq!(names(&r, "consumer-1"), ["orders-2"]);
        // Two topics of 3 partitions: range is per topic, round robin walks all partitions.
        let m = "C0: t0, t1\nC1: t0,t1";
        let r = calculate("range", "t0:3, t1:3", m).expect("ok");
        assert_eq!(names(&r, "C0"), ["t0-0", "t0-1", "t1-0", "t1-1"]);
        assert_eq!(names(&r, "C1"), ["t0-2", "t1-2"]);
        let r = calculate("roundrobin", "t0:3\nt1:3", m).expect("ok");
        assert_eq!(names(&r, "C0"), ["t0-0", "t0-2", "t1-1"]);
        assert_eq!(names(&r, "C1"), ["t0-1", "t1-0", "t1-2"]);
        // More members than partitions: the extra member is listed with nothing.
        let r = calculate("cooperative-sticky", "orders:1", "a: orders\nb: orders").expect("ok");
        assert_eq!(r.assignment.values().map(Vec::len).sum::<usize>(), 1);
        assert_eq!(r.assignment.len(), 2);
        assert!(to_json(&r.assignment).contains("\"a\""));
        assert!(r.notes.is_empty());
    }

    #[test]
    fn a_subscription_to_an_unlisted_topic_gets_nothing_of_it() {
        // AbstractPartitionAssignor.assign(Cluster, ...) drops subscribed topics without metadata.
        let r =
            calculate("range", "orders:2", "c: orders\nd: audit").expect("accepted, as Kafka does");
        assert_eq!(names(&r, "c"), ["orders-0", "orders-1"]);
        assert!(names(&r, "d").is_empty());
        assert_eq!(r.notes.len(), 1);
        assert!(
            r.notes[0].starts_with("d subscribes to 'audit'"),
            "{:?}",
            r.notes
        );
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let cases = [
            ("ranges", "orders:3", "c: orders", "unknown strategy"),
            ("range", "orders", "c: orders", "NAME:PARTITIONS"),
            ("range", "orders:-1", "c: orders", "NAME:PARTITIONS"),
            ("range", ":3", "c: orders", "NAME:PARTITIONS"),
            ("range", "", "c: orders", "at least one topic"),
            ("range", "a:3, a:4", "c: a", "twice"),
            ("range", "a:999999", "c: a", "at most"),
            ("range", "a:3", "", "at least one member"),
            ("range", "a:3", "c orders", "line 1"),
            ("range", "a:3", ": a", "line 1"),
            ("range", "a:3", "c: a\nc: a", "twice"),
        ];
        for (strategy, topics, members, want) in cases {
            let e = calculate(strategy, topics, members).expect_err(topics);
            assert!(e.contains(want), "{strategy} {topics} {members}: {e}");
        }
    }

    #[test]
    fn cli_forms() {
        assert_eq!(parse_topic(" orders : 3 "), Some(("orders".into(), 3)));
        assert_eq!(parse_topic("a:b:2"), Some(("a:b".into(), 2)));
        assert_eq!(parse_topic("orders:x"), None);
        let m = parse_member("c1:orders,,audit").expect("member");
        assert_eq!(
            (m.member_id.as_str(), m.topics),
            ("c1", vec!["orders".to_string(), "audit".into()])
        );
        assert!(parse_member("orders").is_none());
    }
}
