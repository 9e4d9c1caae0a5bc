//! The editor's fields: every value of a scenario a user can type, named `{scope}-{key}` (the page's test ids add
//! `cfg-`): `cluster-brokers`, `topic-0-min.insync.replicas`, `producer-0-acks`, `group-1-members`,
//! `group-0-member-2-group.instance.id`, `action-3-at_ms`, `run-seed`.
//!
//! A key with a dot is a Kafka property of the scope (looked up in [`crate::scenario::catalog`]); the others are
//! fields of the scenario format (docs/scenario.md). [`set`] refuses what cannot be stored with a ConfigException-
//! style message; whether the scenario as a whole can run is [`Scenario::resolve`]'s call.

use crate::scenario::catalog::{self, PropDef};
use crate::scenario::config::Props;
use crate::scenario::{limits, Action, CommitMode, KeySpec, MemberSpec, Scenario};

/// Where a field lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Seed, run length, title.
    Run,
    /// Brokers, network and broker properties.
    Cluster,
    /// `topics[i]`.
    Topic(usize),
    /// `producers[i]` (config and workload).
    Producer(usize),
    /// `consumer_groups[i]`.
    Group(usize),
    /// `consumer_groups[g].members[m]`.
    Member(usize, usize),
    /// `actions[i]`.
    Action(usize),
}

const RUN_FIELDS: &[&str] = &["seed", "run_ms", "title"];
const CLUSTER_FIELDS: &[&str] = &["brokers", "latency_us", "jitter_us", "loss_ppm"];
const TOPIC_FIELDS: &[&str] = &["name", "partitions", "replication_factor"];
const PRODUCER_FIELDS: &[&str] = &[
    "topic",
    "keys",
    "key_prefix",
    "key_distinct",
    "key_list",
    "partition",
    "value_bytes",
    "rate_per_sec",
    "count",
    "start_ms",
    "headers",
    "reject",
    "oversize",
];
const GROUP_FIELDS: &[&str] = &[
    "group_id",
    "topics",
    "members",
    "processing_ms",
    "commit",
    "poll_timeout_ms",
];
const MEMBER_FIELDS: &[&str] = &["start_ms"];

/// The commit modes, as the format spells them.
pub const COMMIT_MODES: [&str; 4] = [
    "auto",
    "sync-after-processing",
    "async-after-processing",
    "sync-before-processing",
];

/// Largest one-way latency or jitter the editor accepts, µs (10 s).
pub const MAX_LATENCY_US: u64 = 10_000_000;

impl Scope {
    /// `cluster`, `topic-0`, `group-1-member-2`, ...
    pub fn id(&self) -> String {
        match self {
            Scope::Run => "run".into(),
            Scope::Cluster => "cluster".into(),
            Scope::Topic(i) => format!("topic-{i}"),
            Scope::Producer(i) => format!("producer-{i}"),
            Scope::Group(i) => format!("group-{i}"),
            Scope::Member(g, m) => format!("group-{g}-member-{m}"),
            Scope::Action(i) => format!("action-{i}"),
        }
    }

    /// Reads [`Scope::id`].
    pub fn parse(s: &str) -> Option<Scope> {
        Field::parse(&format!("{s}-x")).map(|f| f.scope)
    }

    /// The Kafka properties this scope takes.
    pub fn catalog(&self) -> &'static [PropDef] {
        match self {
            Scope::Cluster => catalog::BROKER,
            Scope::Topic(_) => catalog::TOPIC,
            Scope::Producer(_) => catalog::PRODUCER,
            Scope::Group(_) | Scope::Member(..) => catalog::CONSUMER,
            Scope::Run | Scope::Action(_) => &[],
        }
    }

    /// The scope's fields of the scenario format (not Kafka properties). Actions have one per action field.
    pub fn fields(&self) -> &'static [&'static str] {
        match self {
            Scope::Run => RUN_FIELDS,
            Scope::Cluster => CLUSTER_FIELDS,
            Scope::Topic(_) => TOPIC_FIELDS,
            Scope::Producer(_) => PRODUCER_FIELDS,
            Scope::Group(_) => GROUP_FIELDS,
            Scope::Member(..) => MEMBER_FIELDS,
            Scope::Action(_) => &[],
        }
    }

    /// Whether the scenario has this scope.
    pub fn exists(&self, s: &Scenario) -> bool {
        match *self {
            Scope::Run | Scope::Cluster => true,
            Scope::Topic(i) => i < s.topics.len(),
            Scope::Producer(i) => i < s.producers.len(),
            Scope::Group(i) => i < s.consumer_groups.len(),
            Scope::Member(g, m) => s
                .consumer_groups
                .get(g)
                .is_some_and(|g| m < g.members.len()),
            Scope::Action(i) => i < s.actions.len(),
        }
    }

    /// The scope's property map.
    pub fn props<'a>(&self, s: &'a Scenario) -> Option<&'a Props> {
        match *self {
            Scope::Cluster => Some(&s.cluster.config),
            Scope::Topic(i) => s.topics.get(i).map(|t| &t.config),
            Scope::Producer(i) => s.producers.get(i).map(|p| &p.config),
            Scope::Group(i) => s.consumer_groups.get(i).map(|g| &g.config),
            Scope::Member(g, m) => s
                .consumer_groups
                .get(g)
                .and_then(|g| g.members.get(m))
                .map(|m| &m.config),
            Scope::Run | Scope::Action(_) => None,
        }
    }

    /// The scope's property map, to change.
    pub fn props_mut<'a>(&self, s: &'a mut Scenario) -> Option<&'a mut Props> {
        match *self {
            Scope::Cluster => Some(&mut s.cluster.config),
            Scope::Topic(i) => s.topics.get_mut(i).map(|t| &mut t.config),
            Scope::Producer(i) => s.producers.get_mut(i).map(|p| &mut p.config),
            Scope::Group(i) => s.consumer_groups.get_mut(i).map(|g| &mut g.config),
            Scope::Member(g, m) => s
                .consumer_groups
                .get_mut(g)
                .and_then(|g| g.members.get_mut(m))
                .map(|m| &mut m.config),
            Scope::Run | Scope::Action(_) => None,
        }
    }
}

/// One editable value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Field {
    /// Where.
    pub scope: Scope,
    /// A Kafka property name (with dots) or a scenario field name.
    pub key: String,
}

impl Field {
    /// A field.
    pub fn new(scope: Scope, key: &str) -> Field {
        Field {
            scope,
            key: key.to_string(),
        }
    }

    /// `{scope}-{key}`.
    pub fn id(&self) -> String {
        format!("{}-{}", self.scope.id(), self.key)
    }

    /// Reads [`Field::id`].
    pub fn parse(id: &str) -> Option<Field> {
        let num = |s: &str| s.parse::<usize>().ok();
        let (kind, rest) = id.split_once('-')?;
        let (scope, key) = match kind {
            "run" => (Scope::Run, rest),
            "cluster" => (Scope::Cluster, rest),
            "topic" | "producer" | "group" | "action" => {
                let (n, key) = rest.split_once('-')?;
                let n = num(n)?;
                match kind {
                    "topic" => (Scope::Topic(n), key),
                    "producer" => (Scope::Producer(n), key),
                    "action" => (Scope::Action(n), key),
                    _ => match key.strip_prefix("member-").and_then(|r| r.split_once('-')) {
                        Some((m, key)) => (Scope::Member(n, num(m)?), key),
                        None => (Scope::Group(n), key),
                    },
                }
            }
            _ => return None,
        };
        (!key.is_empty()).then(|| Field::new(scope, key))
    }

    /// A Kafka property (as opposed to a field of the scenario format).
    pub fn is_property(&self) -> bool {
        !matches!(self.scope, Scope::Run | Scope::Action(_))
            && !self.scope.fields().contains(&self.key.as_str())
    }

    /// The catalog entry of a property field.
    pub fn def(&self) -> Option<&'static PropDef> {
        self.scope.catalog().iter().find(|d| d.key == self.key)
    }
}

/// A refusal in the words of Kafka's `ConfigException`.
pub fn invalid(key: &str, value: &str, reason: impl std::fmt::Display) -> String {
    format!("Invalid value {value} for configuration {key}: {reason}")
}

/// A whole number in `[min, max]`, or a ConfigException-style refusal naming `key`.
pub fn parse_number(key: &str, text: &str, min: u64, max: u64) -> Result<u64, String> {
    let t = text.trim();
    let n: i128 = t
        .parse()
        .map_err(|_| invalid(key, t, "Expected value to be a number."))?;
    if n < min as i128 {
        Err(invalid(key, t, format!("Value must be at least {min}")))
    } else if n > max as i128 {
        Err(invalid(key, t, format!("Value must be no more than {max}")))
    } else {
        Ok(n as u64)
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn join<T: ToString>(items: impl IntoIterator<Item = T>) -> String {
    items
        .into_iter()
        .map(|t| t.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The current value of a field as text; `None` when the scope does not exist or the field does not apply (e.g.
/// `key_prefix` while keys are `none`). An unset property reads as its Kafka default.
pub fn get(s: &Scenario, f: &Field) -> Option<String> {
    if !f.scope.exists(s) {
        return None;
    }
    if f.is_property() {
        let set = f.scope.props(s).and_then(|p| p.get(&f.key)).cloned();
        return set.or_else(|| default_of(s, f));
    }
    let k = f.key.as_str();
    Some(match f.scope {
        Scope::Run => match k {
            "seed" => s.seed.to_string(),
            "run_ms" => s.run_ms.to_string(),
            "title" => s.title.clone(),
            _ => return None,
        },
        Scope::Cluster => match k {
            "brokers" => s.cluster.brokers.to_string(),
            "latency_us" => s.network.latency_us.to_string(),
            "jitter_us" => s.network.jitter_us.to_string(),
            "loss_ppm" => s.network.loss_ppm.to_string(),
            _ => return None,
        },
        Scope::Topic(i) => {
            let t = &s.topics[i];
            match k {
                "name" => t.name.clone(),
                "partitions" => t.partitions.to_string(),
                "replication_factor" => t.replication_factor.to_string(),
                _ => return None,
            }
        }
        Scope::Producer(i) => {
            let w = &s.producers[i].workload;
            match (k, &w.keys) {
                ("topic", _) => w.topic.clone(),
                ("keys", KeySpec::None) => "none".into(),
                ("keys", KeySpec::Cycle { .. }) => "cycle".into(),
                ("keys", KeySpec::List(_)) => "list".into(),
                ("key_prefix", KeySpec::Cycle { prefix, .. }) => prefix.clone(),
                ("key_distinct", KeySpec::Cycle { distinct, .. }) => distinct.to_string(),
                ("key_list", KeySpec::List(l)) => l.join(", "),
                ("partition", _) => w.partition.map(|p| p.to_string()).unwrap_or_default(),
                ("value_bytes", _) => w.value_bytes.to_string(),
                ("rate_per_sec", _) => w.rate_per_sec.to_string(),
                ("count", _) => w.count.to_string(),
                ("start_ms", _) => w.start_ms.to_string(),
                ("headers", _) => join(w.headers.iter().map(|(k, v)| format!("{k}={v}"))),
                ("reject", _) => join(&w.reject),
                ("oversize", _) => join(w.oversize.iter().map(|(i, b)| format!("{i}:{b}"))),
                _ => return None,
            }
        }
        Scope::Group(i) => {
            let g = &s.consumer_groups[i];
            match k {
                "group_id" => g.group_id.clone(),
                "topics" => g.topics.join(", "),
                "members" => g.members.len().to_string(),
                "processing_ms" => g.processing_ms.to_string(),
                "commit" => COMMIT_MODES[g.commit as usize].to_string(),
                "poll_timeout_ms" => g.poll_timeout_ms.to_string(),
                _ => return None,
            }
        }
        Scope::Member(g, m) => match k {
            "start_ms" => s.consumer_groups[g].members[m].start_ms.to_string(),
            _ => return None,
        },
        Scope::Action(i) => {
            let a = &s.actions[i];
            if k == "at_ms" {
                return Some(a.at_ms.to_string());
            }
            let v = crate::scenario::json::action_value(&a.action)?;
            match v.get(k)? {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            }
        }
    })
}

/// What an unset property means here: the catalog's Kafka default, or for a topic the cluster's broker value, or
/// for a member the group's value.
pub fn default_of(s: &Scenario, f: &Field) -> Option<String> {
    let def = f.def()?;
    match f.scope {
        Scope::Topic(_) => {
            let broker_key = if f.key == "max.message.bytes" {
                "message.max.bytes"
            } else {
                f.key.as_str()
            };
            s.cluster
                .config
                .get(broker_key)
                .cloned()
                .or_else(|| Some(def.default.to_string()))
        }
        Scope::Member(g, _) => s.consumer_groups[g]
            .config
            .get(&f.key)
            .cloned()
            .or_else(|| Some(def.default.to_string())),
        _ => Some(def.default.to_string()),
    }
}

/// Stores typed text in a field. An empty property value unsets it (back to the default); whether a property
/// value is valid is checked when the whole scenario is resolved.
pub fn set(s: &mut Scenario, f: &Field, text: &str) -> Result<(), String> {
    if !f.scope.exists(s) {
        return Err(format!("{} no longer exists", f.scope.id()));
    }
    if f.is_property() {
        let props = f.scope.props_mut(s).ok_or("no properties here")?;
        let v = text.trim();
        if v.is_empty() {
            props.remove(&f.key);
        } else {
            props.insert(f.key.clone(), v.to_string());
        }
        return Ok(());
    }
    let k = f.key.as_str();
    let day = limits::MAX_RUN_MS;
    let t = text.trim();
    match f.scope {
        Scope::Run => match k {
            "seed" => s.seed = parse_number(k, t, 0, u64::MAX)?,
            "run_ms" => s.run_ms = parse_number(k, t, 1, day)?,
            "title" => s.title = text.chars().take(200).collect(),
            _ => return Err(format!("unknown field {k}")),
        },
        Scope::Cluster => match k {
            "brokers" => {
                s.cluster.brokers = parse_number(k, t, 1, limits::MAX_BROKERS as u64)? as u32
            }
            "latency_us" => s.network.latency_us = parse_number(k, t, 0, MAX_LATENCY_US)?,
            "jitter_us" => s.network.jitter_us = parse_number(k, t, 0, MAX_LATENCY_US)?,
            "loss_ppm" => s.network.loss_ppm = parse_number(k, t, 0, 1_000_000)? as u32,
            _ => return Err(format!("unknown field {k}")),
        },
        Scope::Topic(i) => {
            let topic = &mut s.topics[i];
            match k {
                "name" => topic.name = t.to_string(),
                "partitions" => {
                    topic.partitions = parse_number(k, t, 1, limits::MAX_PARTITIONS as u64)? as u32
                }
                "replication_factor" => {
                    topic.replication_factor =
                        parse_number(k, t, 1, limits::MAX_BROKERS as u64)? as u32
                }
                _ => return Err(format!("unknown field {k}")),
            }
        }
        Scope::Producer(i) => set_workload(&mut s.producers[i].workload, k, t)?,
        Scope::Group(i) => {
            let g = &mut s.consumer_groups[i];
            match k {
                "group_id" => g.group_id = t.to_string(),
                "topics" => g.topics = list(t),
                "members" => {
                    let n = parse_number(k, t, 0, limits::MAX_CONSUMERS as u64)? as usize;
                    g.members.resize_with(n, MemberSpec::default);
                }
                "processing_ms" => g.processing_ms = parse_number(k, t, 0, day)?,
                "commit" => {
                    g.commit = match COMMIT_MODES.iter().position(|m| *m == t) {
                        Some(0) => CommitMode::Auto,
                        Some(1) => CommitMode::SyncAfterProcessing,
                        Some(2) => CommitMode::AsyncAfterProcessing,
                        Some(3) => CommitMode::SyncBeforeProcessing,
                        _ => {
                            return Err(invalid(
                                k,
                                t,
                                format!("String must be one of: {}", COMMIT_MODES.join(", ")),
                            ))
                        }
                    }
                }
                "poll_timeout_ms" => g.poll_timeout_ms = parse_number(k, t, 1, day)?,
                _ => return Err(format!("unknown field {k}")),
            }
        }
        Scope::Member(g, m) => match k {
            "start_ms" => s.consumer_groups[g].members[m].start_ms = parse_number(k, t, 0, day)?,
            _ => return Err(format!("unknown field {k}")),
        },
        Scope::Action(i) => set_action(&mut s.actions[i], k, t)?,
    }
    Ok(())
}

fn set_workload(w: &mut crate::scenario::Workload, k: &str, t: &str) -> Result<(), String> {
    let day = limits::MAX_RUN_MS;
    match k {
        "topic" => w.topic = t.to_string(),
        "keys" => {
            w.keys = match (t, &w.keys) {
                ("none", _) => KeySpec::None,
                ("cycle", KeySpec::Cycle { .. }) | ("list", KeySpec::List(_)) => w.keys.clone(),
                ("cycle", _) => KeySpec::Cycle {
                    prefix: "key".into(),
                    distinct: 10,
                },
                ("list", _) => KeySpec::List(vec!["a".into(), "b".into(), "c".into()]),
                _ => return Err(invalid(k, t, "String must be one of: none, cycle, list")),
            }
        }
        "key_prefix" | "key_distinct" => match &mut w.keys {
            KeySpec::Cycle { prefix, distinct } => {
                if k == "key_prefix" {
                    *prefix = t.to_string();
                } else {
                    *distinct = parse_number(k, t, 1, 1_000_000)? as u32;
                }
            }
            _ => return Err(format!("{k} applies only when keys = cycle")),
        },
        "key_list" => match &mut w.keys {
            KeySpec::List(l) => {
                let keys = list(t);
                if keys.is_empty() {
                    return Err(invalid(k, t, "List must name at least one key"));
                }
                *l = keys;
            }
            _ => return Err(format!("{k} applies only when keys = list")),
        },
        "partition" => {
            w.partition = if t.is_empty() {
                None
            } else {
                Some(parse_number(k, t, 0, limits::MAX_PARTITIONS as u64 - 1)? as u32)
            }
        }
        "value_bytes" => w.value_bytes = parse_number(k, t, 0, 100_000_000)? as u32,
        "rate_per_sec" => w.rate_per_sec = parse_number(k, t, 1, 1_000_000)? as u32,
        "count" => w.count = parse_number(k, t, 0, limits::MAX_RECORDS)? as u32,
        "start_ms" => w.start_ms = parse_number(k, t, 0, day)?,
        "headers" => {
            let mut h = std::collections::BTreeMap::new();
            for pair in list(t) {
                let (hk, hv) = pair.split_once('=').ok_or_else(|| {
                    invalid(k, &pair, "Expected key=value pairs separated by commas")
                })?;
                h.insert(hk.trim().to_string(), hv.trim().to_string());
            }
            w.headers = h;
        }
        "reject" => {
            w.reject = list(t)
                .iter()
                .map(|i| parse_number(k, i, 0, u32::MAX as u64).map(|n| n as u32))
                .collect::<Result<_, _>>()?
        }
        "oversize" => {
            w.oversize = list(t)
                .iter()
                .map(|pair| {
                    let (i, b) = pair.split_once(':').ok_or_else(|| {
                        invalid(k, pair, "Expected index:bytes pairs separated by commas")
                    })?;
                    Ok((
                        parse_number(k, i, 0, u32::MAX as u64)? as u32,
                        parse_number(k, b, 0, 100_000_000)? as u32,
                    ))
                })
                .collect::<Result<_, String>>()?
        }
        _ => return Err(format!("unknown field {k}")),
    }
    Ok(())
}

fn set_action(a: &mut crate::scenario::TimedAction, k: &str, t: &str) -> Result<(), String> {
    if k == "at_ms" {
        a.at_ms = parse_number(k, t, 0, limits::MAX_RUN_MS)?;
        return Ok(());
    }
    // Writing an action to JSON cannot fail (strings, whole numbers and flags).
    let mut v = crate::scenario::json::action_value(&a.action)
        .ok_or_else(|| format!("{} cannot be written as JSON", a.action.kind()))?;
    let slot = v
        .get_mut(k)
        .ok_or_else(|| format!("{} has no field {k}", a.action.kind()))?;
    *slot = match slot {
        serde_json::Value::Number(_) => {
            serde_json::Value::from(parse_number(k, t, 0, u32::MAX as u64)?)
        }
        serde_json::Value::Bool(_) => match t {
            "true" => true.into(),
            "false" => false.into(),
            _ => return Err(invalid(k, t, "Expected value to be either true or false")),
        },
        _ => serde_json::Value::String(t.to_string()),
    };
    a.action = crate::scenario::json::from_value::<Action>(&v).map_err(|e| invalid(k, t, e))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Goal: every field id reads back, every field that a test id names can be read and written, and bad text is
    //! refused with the key and the allowed range.
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn ids_round_trip() {
        for id in [
            "cluster-brokers",
            "run-seed",
            "topic-0-min.insync.replicas",
            "producer-12-acks",
            "group-1-members",
            "group-0-member-2-group.instance.id",
            "group-0-member-2-start_ms",
            "action-3-at_ms",
        ] {
            let f = Field::parse(id).expect(id);
            assert_eq!(f.id(), id);
        }
        for bad in [
            "",
            "cluster",
            "cluster-",
            "topic-x-name",
            "nope-1-x",
            "group-0-member-x-start_ms",
        ] {
            assert_eq!(Field::parse(bad), None, "{bad}");
        }
        assert!(Field::parse("producer-0-acks").expect("acks").is_property());
        assert!(!Field::parse("producer-0-rate_per_sec")
            .expect("rate")
            .is_property());
    }

    #[test]
    fn set_and_get_every_scenario_field() {
        let mut s = presets::default_scenario();
        s.actions.push(crate::scenario::TimedAction {
            at_ms: 10,
            action: Action::SlowFollower {
                broker: 1,
                delay_ms: 5,
            },
        });
        let cases = [
            ("run-seed", "99"),
            ("run-run_ms", "12000"),
            ("cluster-brokers", "5"),
            ("cluster-latency_us", "2000"),
            ("topic-0-partitions", "6"),
            ("topic-0-min.insync.replicas", "2"),
            ("producer-0-acks", "1"),
            ("producer-0-rate_per_sec", "250"),
            ("producer-0-count", "40"),
            ("producer-0-partition", "1"),
            ("producer-0-headers", "a=1, b=2"),
            ("producer-0-reject", "1, 4"),
            ("producer-0-oversize", "2:2000000"),
            ("action-0-at_ms", "500"),
            ("action-0-broker", "2"),
            ("action-0-delay_ms", "7000"),
        ];
        for (id, v) in cases {
            let f = Field::parse(id).expect(id);
            set(&mut s, &f, v).expect(id);
            assert_eq!(get(&s, &f).as_deref(), Some(v), "{id}");
        }
        let f = Field::parse("producer-0-keys").expect("keys");
        set(&mut s, &f, "none").expect("none");
        set(&mut s, &f, "cycle").expect("cycle");
        set(
            &mut s,
            &Field::parse("producer-0-key_distinct").expect("d"),
            "4",
        )
        .expect("distinct");
        assert_eq!(
            s.producers[0].workload.keys,
            KeySpec::Cycle {
                prefix: "key".into(),
                distinct: 4
            }
        );
        // An empty property value unsets it: it reads as the default again.
        let acks = Field::parse("producer-0-acks").expect("acks");
        set(&mut s, &acks, "").expect("unset");
        assert_eq!(get(&s, &acks).as_deref(), Some("all"));
        assert!(!s.producers[0].config.contains_key("acks"));
    }

    #[test]
    fn bad_text_names_key_and_range() {
        let mut s = presets::default_scenario();
        s.producers[0].workload.keys = KeySpec::None;
        let before = s.clone();
        for (id, v, want) in [
            (
                "cluster-brokers",
                "0",
                "Invalid value 0 for configuration brokers: Value must be at least 1",
            ),
            ("cluster-brokers", "33", "Value must be no more than 32"),
            (
                "topic-0-partitions",
                "many",
                "Expected value to be a number.",
            ),
            ("producer-0-keys", "random", "one of: none, cycle, list"),
            ("producer-0-key_prefix", "x", "only when keys = cycle"),
            ("producer-0-headers", "novalue", "key=value"),
            ("run-run_ms", "86400001", "no more than 86400000"),
        ] {
            let e = set(&mut s, &Field::parse(id).expect(id), v).expect_err(id);
            assert!(e.contains(want), "{id}={v}: {e}");
        }
        assert_eq!(s, before, "a refused value changes nothing");
        assert!(set(
            &mut s,
            &Field::parse("topic-9-partitions").expect("id"),
            "3"
        )
        .is_err());
    }
}
