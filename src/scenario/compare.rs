//! A/B compare: the edits that make the second copy of a scenario ("B"), run on the same seed with the same faults.
//!
//! Models: what an engineer does to try a config change against the same incident: the same workload and the same
//! failures, one setting different. An edit sets one Kafka config key on every producer, every consumer group, every
//! topic or the cluster (`producers.acks=all`, `groups.enable.auto.commit=false`, `topics.min.insync.replicas=2`,
//! `cluster.unclean.leader.election.enable=true`); the values are checked when B is built, as for any scenario.
//!
//! The link carries the edits as `&compare=producers.acks=all;topics.min.insync.replicas=2`, so keys and values
//! are limited to the characters a fragment keeps as they are (letters, digits, `.`, `-`, `_`).

use super::Scenario;

/// At most this many edits.
pub const MAX_EDITS: usize = 16;

/// Where an edit applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every producer's config.
    Producers,
    /// Every consumer group's config (its members inherit it).
    Groups,
    /// Every topic's config.
    Topics,
    /// The brokers' config.
    Cluster,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::Producers => "producers",
            Scope::Groups => "groups",
            Scope::Topics => "topics",
            Scope::Cluster => "cluster",
        }
    }
}

/// One edit: a config key set to a value in one scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Where.
    pub scope: Scope,
    /// The Kafka config key (`acks`).
    pub key: String,
    /// Its value (`all`).
    pub value: String,
}

fn plain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
}

/// Reads edits from text: one per line or separated by `;`, each `scope.key=value`. Blank lines and `#` comments
/// are skipped. The error names the edit and says what is allowed.
pub fn parse(text: &str) -> Result<Vec<Edit>, String> {
    let mut edits = Vec::new();
    for raw in text.split(['\n', ';']) {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((path, value)) = line.split_once('=') else {
            return Err(format!(
                "'{line}': write scope.key=value, e.g. producers.acks=all"
            ));
        };
        let (path, value) = (path.trim(), value.trim());
        let Some((scope, key)) = path.split_once('.') else {
            return Err(format!(
                "'{line}': start with producers., groups., topics. or cluster."
            ));
        };
        let scope = match scope {
            "producers" => Scope::Producers,
            "groups" => Scope::Groups,
            "topics" => Scope::Topics,
            "cluster" => Scope::Cluster,
            other => {
                return Err(format!(
                    "'{line}': unknown scope '{other}': one of producers, groups, topics, cluster"
                ))
            }
        };
        if !plain(key) || !plain(value) {
            return Err(format!(
                "'{line}': keys and values are letters, digits, '.', '-' and '_' (at most 80)"
            ));
        }
        edits.push(Edit {
            scope,
            key: key.to_string(),
            value: value.to_string(),
        });
        if edits.len() > MAX_EDITS {
            return Err(format!("at most {MAX_EDITS} edits"));
        }
    }
    if edits.is_empty() {
        return Err("no edit: write one, e.g. producers.acks=all".to_string());
    }
    Ok(edits)
}

/// The edits as the link carries them: `producers.acks=all;topics.min.insync.replicas=2`.
pub fn to_text(edits: &[Edit]) -> String {
    edits
        .iter()
        .map(|e| format!("{}.{}={}", e.scope.name(), e.key, e.value))
        .collect::<Vec<_>>()
        .join(";")
}

/// Scenario B: `a` with the edits applied (same seed, workload and actions).
pub fn apply(a: &Scenario, edits: &[Edit]) -> Scenario {
    let mut b = a.clone();
    for e in edits {
        let (k, v) = (e.key.clone(), e.value.clone());
        match e.scope {
            Scope::Producers => {
                for p in &mut b.producers {
                    p.config.insert(k.clone(), v.clone());
                }
            }
            Scope::Groups => {
                for g in &mut b.consumer_groups {
                    g.config.insert(k.clone(), v.clone());
                }
            }
            Scope::Topics => {
                for t in &mut b.topics {
                    t.config.insert(k.clone(), v.clone());
                }
            }
            Scope::Cluster => {
                b.cluster.config.insert(k, v);
            }
        }
    }
    b
}

#[cfg(test)]
mod tests {
    //! Goal: edits read back from their link text, apply to every client of their scope, and bad ones are refused
    //! with what is allowed. Method: the `acks-1-data-loss` preset. Kafka: `acks`, `min.insync.replicas`.
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn edits_round_trip_and_apply_to_their_scope() {
        let e = parse("producers.acks=all\n# a comment\n; topics.min.insync.replicas=2")
            .expect("valid");
        assert_eq!(
            to_text(&e),
            "producers.acks=all;topics.min.insync.replicas=2"
        );
        assert_eq!(parse(&to_text(&e)).expect("reads back"), e);
        let a = presets::by_name("acks-1-data-loss").expect("preset");
        let b = apply(&a, &e);
        assert!(b
            .producers
            .iter()
            .all(|p| p.config.get("acks").map(String::as_str) == Some("all")));
        assert!(b
            .topics
            .iter()
            .all(|t| t.config.get("min.insync.replicas").map(String::as_str) == Some("2")));
        assert_eq!(
            (b.seed, &b.actions),
            (a.seed, &a.actions),
            "same seed, same faults"
        );
    }

    #[test]
    fn bad_edits_say_what_is_allowed() {
        for (text, says) in [
            ("acks=all", "start with producers."),
            ("brokers.acks=all", "unknown scope 'brokers'"),
            ("producers.acks", "write scope.key=value"),
            ("producers.acks=a&b", "letters, digits"),
            ("", "no edit"),
        ] {
            let err = parse(text).expect_err(text);
            assert!(err.contains(says), "{text:?}: {err}");
        }
    }
}
