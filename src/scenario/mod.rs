//! Scenarios: what a user builds, runs and shares. Plain serde data, validated before a run.
//!
//! A scenario holds the seed, the cluster (brokers and their Kafka configs), topics, producers with their workload,
//! consumer groups with their members and processing, the network, timed actions (faults and interventions) and the
//! run length. Every Kafka config is a map of Kafka property names to string values, exactly as in a `.properties`
//! file; [`config`] validates them with Kafka 4.x defaults.
//!
//! See `docs/scenario.md` for the format with examples.
#![warn(missing_docs)]

pub mod action;
pub mod catalog;
pub mod codec;
pub mod compare;
pub mod config;
pub mod edit;
pub mod explain;
pub(crate) mod json;
pub mod lesson;
pub mod presets;
pub mod properties;
pub mod resolve;
pub mod share;

pub use action::Action;

use crate::kafka::ids::*;
use config::Props;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// The current scenario format version.
pub const SCENARIO_VERSION: u32 = 1;

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A complete, shareable simulation input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Format version ([`SCENARIO_VERSION`]).
    pub version: u32,
    /// Short title shown on the page.
    #[serde(skip_serializing_if = "is_default")]
    pub title: String,
    /// "What to watch": one paragraph shown beside the stage.
    #[serde(skip_serializing_if = "is_default")]
    pub watch: String,
    /// The seed of every random choice in the run.
    pub seed: u64,
    /// Brokers and broker configs.
    pub cluster: ClusterSpec,
    /// Network latency and loss.
    #[serde(skip_serializing_if = "is_default")]
    pub network: NetworkSpec,
    /// Topics.
    pub topics: Vec<TopicSpec>,
    /// Producers and their workloads.
    pub producers: Vec<ProducerSpec>,
    /// Consumer groups.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consumer_groups: Vec<GroupSpec>,
    /// Timed faults and interventions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<TimedAction>,
    /// How long to run, in virtual milliseconds.
    pub run_ms: u64,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            version: SCENARIO_VERSION,
            title: String::new(),
            watch: String::new(),
            seed: 1,
            cluster: ClusterSpec::default(),
            network: NetworkSpec::default(),
            topics: Vec::new(),
            producers: Vec::new(),
            consumer_groups: Vec::new(),
            actions: Vec::new(),
            run_ms: 10_000,
        }
    }
}

/// The brokers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ClusterSpec {
    /// Number of brokers, with `node.id` 1..=brokers.
    pub brokers: u32,
    /// Broker properties shared by all brokers.
    #[serde(skip_serializing_if = "Props::is_empty")]
    pub config: Props,
}

impl Default for ClusterSpec {
    fn default() -> Self {
        ClusterSpec {
            brokers: 3,
            config: Props::new(),
        }
    }
}

/// One-way latency between any two nodes: `latency_us + uniform(0..jitter_us)`, plus random loss.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkSpec {
    /// Minimum one-way delay, µs.
    pub latency_us: u64,
    /// Extra uniform jitter, µs.
    pub jitter_us: u64,
    /// Random message loss, parts per million (0 in presets).
    pub loss_ppm: u32,
}

impl Default for NetworkSpec {
    fn default() -> Self {
        NetworkSpec {
            latency_us: 1000,
            jitter_us: 500,
            loss_ppm: 0,
        }
    }
}

/// A topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TopicSpec {
    /// Topic name.
    pub name: String,
    /// Number of partitions.
    pub partitions: u32,
    /// `replication.factor`.
    pub replication_factor: u32,
    /// Topic-level properties (`min.insync.replicas`, `unclean.leader.election.enable`, `max.message.bytes`).
    #[serde(skip_serializing_if = "Props::is_empty")]
    pub config: Props,
}

impl Default for TopicSpec {
    fn default() -> Self {
        TopicSpec {
            name: "orders".into(),
            partitions: 3,
            replication_factor: 3,
            config: Props::new(),
        }
    }
}

/// How record keys are chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KeySpec {
    /// Null keys (sticky / round-robin partitioning).
    #[default]
    None,
    /// Keys `"{prefix}-{i % distinct}"`.
    Cycle {
        /// Key prefix.
        prefix: String,
        /// Number of distinct keys.
        distinct: u32,
    },
    /// These keys, in turn.
    List(Vec<String>),
}

/// What a producer sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workload {
    /// Topic name.
    pub topic: String,
    /// Keys.
    #[serde(skip_serializing_if = "is_default")]
    pub keys: KeySpec,
    /// Explicit `ProducerRecord.partition` for every record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partition: Option<u32>,
    /// Serialized value size, bytes.
    pub value_bytes: u32,
    /// `send()` calls per second of virtual time.
    pub rate_per_sec: u32,
    /// Total records to send.
    pub count: u32,
    /// When the first send happens, ms.
    #[serde(skip_serializing_if = "is_default")]
    pub start_ms: u64,
    /// Send indexes (0-based) whose value the serializer rejects (`SerializationException`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reject: Vec<u32>,
    /// Send indexes whose value is this many bytes instead of `value_bytes` (for "record too large").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub oversize: Vec<(u32, u32)>,
    /// `ProducerRecord` headers sent with every record (key → UTF-8 value); they count in the record size.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
}

impl Default for Workload {
    fn default() -> Self {
        Workload {
            topic: "orders".into(),
            keys: KeySpec::None,
            partition: None,
            value_bytes: 100,
            rate_per_sec: 100,
            count: 20,
            start_ms: 0,
            reject: Vec::new(),
            oversize: Vec::new(),
            headers: BTreeMap::new(),
        }
    }
}

/// A producer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct ProducerSpec {
    /// Producer properties.
    #[serde(skip_serializing_if = "Props::is_empty")]
    pub config: Props,
    /// What it sends.
    pub workload: Workload,
}

/// When the consumer commits, in the application's poll loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum CommitMode {
    /// `enable.auto.commit` decides (default true): commit at the start of the next poll() when due.
    #[default]
    Auto,
    /// `commitSync()` after processing each poll's records (at-least-once).
    SyncAfterProcessing,
    /// `commitAsync()` after processing each poll's records.
    AsyncAfterProcessing,
    /// `commitSync()` before processing (at-most-once).
    SyncBeforeProcessing,
}

/// One consumer in a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MemberSpec {
    /// When the consumer starts, ms (0 = at the start). "Add a consumer at time t."
    #[serde(skip_serializing_if = "is_default")]
    pub start_ms: u64,
    /// Per-member property overrides (e.g. `group.instance.id`).
    #[serde(skip_serializing_if = "Props::is_empty")]
    pub config: Props,
}

/// A consumer group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupSpec {
    /// `group.id`.
    pub group_id: String,
    /// Subscribed topics.
    pub topics: Vec<String>,
    /// The members.
    pub members: Vec<MemberSpec>,
    /// Consumer properties shared by the members.
    #[serde(skip_serializing_if = "Props::is_empty")]
    pub config: Props,
    /// Time the application spends on each record, ms.
    pub processing_ms: u64,
    /// Commit strategy.
    #[serde(skip_serializing_if = "is_default")]
    pub commit: CommitMode,
    /// `poll(Duration.ofMillis(poll_timeout_ms))`.
    pub poll_timeout_ms: u64,
}

impl Default for GroupSpec {
    fn default() -> Self {
        GroupSpec {
            group_id: "billing".into(),
            topics: vec!["orders".into()],
            members: vec![MemberSpec::default()],
            config: Props::new(),
            processing_ms: 2,
            commit: CommitMode::Auto,
            poll_timeout_ms: 1000,
        }
    }
}

/// A fault or intervention at a point in virtual time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimedAction {
    /// When, ms.
    pub at_ms: u64,
    /// What.
    pub action: Action,
}

/// Why a scenario cannot run. Names the field, and for configs the key, value and allowed range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// A Kafka config value was rejected.
    #[error("{path}: {error}")]
    Config {
        /// Where, e.g. `producers[0].config`.
        path: String,
        /// The ConfigException-like error.
        error: config::ConfigError,
    },
    /// The scenario is impossible (e.g. replication factor above the broker count).
    #[error("{path}: {reason}")]
    Invalid {
        /// Where.
        path: String,
        /// Why.
        reason: String,
    },
    /// The JSON or URL could not be read.
    #[error("{0}")]
    Decode(String),
}

/// Hard limits that keep a run bounded in a browser tab.
pub mod limits {
    /// Brokers.
    pub const MAX_BROKERS: u32 = 32;
    /// Partitions over all topics.
    pub const MAX_PARTITIONS: u32 = 4096;
    /// Records over all producers.
    pub const MAX_RECORDS: u64 = 5_000_000;
    /// Consumers over all groups.
    pub const MAX_CONSUMERS: usize = 256;
    /// Run length, ms (one day).
    pub const MAX_RUN_MS: u64 = 86_400_000;
}

fn invalid(path: impl Into<String>, reason: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid {
        path: path.into(),
        reason: reason.into(),
    }
}

/// The largest follower fetch delay the page's broker menu accepts, ms (10 minutes).
pub const MAX_FETCH_DELAY_MS: u64 = 600_000;

/// A typed follower fetch delay (`slow_follower`), ms: a whole number in `[0, MAX_FETCH_DELAY_MS]`, or a message in
/// the words of Kafka's `ConfigException`.
pub fn parse_fetch_delay_ms(typed: &str) -> Result<u64, String> {
    match typed.trim().parse::<u64>() {
        Ok(ms) if ms <= MAX_FETCH_DELAY_MS => Ok(ms),
        _ => Err(format!(
            "Invalid value {:?} for the fetch delay: must be a whole number of ms in [0,...,{MAX_FETCH_DELAY_MS}].",
            typed.trim()
        )),
    }
}

/// Parses `broker-N`, `producer-N`, `consumer-N`, `controller`.
pub fn parse_node(s: &str) -> Option<NodeId> {
    if s == "controller" {
        return Some(NodeId::Controller);
    }
    let (kind, n) = s.rsplit_once('-')?;
    let n: u32 = n.parse().ok()?;
    match kind {
        "broker" => Some(NodeId::Broker(BrokerId(n))),
        "producer" => Some(NodeId::Producer(ProducerIdx(u16::try_from(n).ok()?))),
        "consumer" => Some(NodeId::Consumer(ConsumerIdx(u16::try_from(n).ok()?))),
        _ => None,
    }
}

impl Scenario {
    /// Parses scenario JSON.
    pub fn from_json(s: &str) -> Result<Scenario, ScenarioError> {
        serde_json::from_str(s).map_err(|e| ScenarioError::Decode(format!("scenario JSON: {e}")))
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        json::pretty(self)
    }

    /// Total consumers over all groups, in the order the engine numbers them.
    pub fn consumer_count(&self) -> usize {
        self.consumer_groups.iter().map(|g| g.members.len()).sum()
    }

    /// Checks everything that is not a Kafka config: counts, names and references.
    pub fn validate_shape(&self) -> Result<(), ScenarioError> {
        if self.version == 0 || self.version > SCENARIO_VERSION {
            return Err(invalid(
                "version",
                format!(
                    "unsupported scenario version {} (this build reads 1..={SCENARIO_VERSION})",
                    self.version
                ),
            ));
        }
        let b = self.cluster.brokers;
        if b == 0 || b > limits::MAX_BROKERS {
            return Err(invalid(
                "cluster.brokers",
                format!("must be between 1 and {}", limits::MAX_BROKERS),
            ));
        }
        if self.run_ms == 0 || self.run_ms > limits::MAX_RUN_MS {
            return Err(invalid(
                "run_ms",
                format!("must be between 1 and {}", limits::MAX_RUN_MS),
            ));
        }
        let mut total_partitions = 0u32;
        for (i, t) in self.topics.iter().enumerate() {
            let p = format!("topics[{i}]");
            if t.name.is_empty()
                || t.name.len() > 249
                || !t
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
            {
                return Err(invalid(
                    format!("{p}.name"),
                    "topic names use 1-249 characters of [a-zA-Z0-9._-]",
                ));
            }
            if self.topics[..i].iter().any(|o| o.name == t.name) {
                return Err(invalid(
                    format!("{p}.name"),
                    format!("duplicate topic '{}'", t.name),
                ));
            }
            if t.partitions == 0 {
                return Err(invalid(format!("{p}.partitions"), "must be at least 1"));
            }
            if t.replication_factor == 0 || t.replication_factor > b {
                return Err(invalid(
                    format!("{p}.replication_factor"),
                    format!("must be between 1 and the number of brokers ({b}): Kafka refuses with InvalidReplicationFactorException"),
                ));
            }
            total_partitions = total_partitions.saturating_add(t.partitions);
        }
        if total_partitions > limits::MAX_PARTITIONS {
            return Err(invalid(
                "topics",
                format!("at most {} partitions in all", limits::MAX_PARTITIONS),
            ));
        }
        let topic_exists = |name: &str| self.topics.iter().any(|t| t.name == name);
        let mut records = 0u64;
        if self.producers.len() > 64 {
            return Err(invalid("producers", "at most 64 producers"));
        }
        for (i, pr) in self.producers.iter().enumerate() {
            let w = &pr.workload;
            let p = format!("producers[{i}].workload");
            if !topic_exists(&w.topic) {
                return Err(invalid(
                    format!("{p}.topic"),
                    format!("unknown topic '{}'", w.topic),
                ));
            }
            if w.rate_per_sec == 0 || w.rate_per_sec > 1_000_000 {
                return Err(invalid(
                    format!("{p}.rate_per_sec"),
                    "must be between 1 and 1000000",
                ));
            }
            if let KeySpec::Cycle { distinct: 0, .. } = w.keys {
                return Err(invalid(format!("{p}.keys"), "distinct must be at least 1"));
            }
            if let KeySpec::List(l) = &w.keys {
                if l.is_empty() {
                    return Err(invalid(format!("{p}.keys"), "the key list is empty"));
                }
            }
            records += w.count as u64;
        }
        if records > limits::MAX_RECORDS {
            return Err(invalid(
                "producers",
                format!("at most {} records in all", limits::MAX_RECORDS),
            ));
        }
        if self.consumer_count() > limits::MAX_CONSUMERS {
            return Err(invalid(
                "consumer_groups",
                format!("at most {} consumers in all", limits::MAX_CONSUMERS),
            ));
        }
        for (i, g) in self.consumer_groups.iter().enumerate() {
            let p = format!("consumer_groups[{i}]");
            if g.group_id.is_empty() {
                return Err(invalid(
                    format!("{p}.group_id"),
                    "group.id must not be empty",
                ));
            }
            if self.consumer_groups[..i]
                .iter()
                .any(|o| o.group_id == g.group_id)
            {
                return Err(invalid(
                    format!("{p}.group_id"),
                    format!("duplicate group '{}'", g.group_id),
                ));
            }
            for t in &g.topics {
                if !topic_exists(t) {
                    return Err(invalid(
                        format!("{p}.topics"),
                        format!("unknown topic '{t}'"),
                    ));
                }
            }
            if g.poll_timeout_ms == 0 {
                return Err(invalid(
                    format!("{p}.poll_timeout_ms"),
                    "must be at least 1",
                ));
            }
        }
        for (i, a) in self.actions.iter().enumerate() {
            self.check_action(&format!("actions[{i}]"), a)?;
        }
        Ok(())
    }

    /// Whether `a` can run in this scenario: it names existing nodes and stays within a run's limits. `p` names it
    /// in the error (`actions[3]`).
    pub fn check_action(&self, p: &str, a: &TimedAction) -> Result<(), ScenarioError> {
        let b = self.cluster.brokers;
        let consumers = self.consumer_count() as u32;
        let producers = self.producers.len() as u32;
        let broker_ok = |n: u32| n >= 1 && n <= b;
        let bad = match &a.action {
            Action::CrashBroker { broker }
            | Action::RestartBroker { broker }
            | Action::ShutdownBroker { broker }
            | Action::IsolateBroker { broker }
            | Action::SlowFollower { broker, .. }
            | Action::FailProduces { broker, .. } => {
                (!broker_ok(*broker)).then(|| format!("no broker-{broker} (brokers are 1..={b})"))
            }
            Action::CutLink { from, to, .. } => {
                let ok = |s: &str| match parse_node(s) {
                    Some(NodeId::Broker(x)) => broker_ok(x.0),
                    Some(NodeId::Producer(x)) => (x.0 as u32) < producers,
                    Some(NodeId::Consumer(x)) => (x.0 as u32) < consumers,
                    Some(NodeId::Controller) => true,
                    None => false,
                };
                (!ok(from) || !ok(to) || from == to).then(|| {
                    format!("cannot cut '{from}' from '{to}': name two different existing nodes")
                })
            }
            Action::DropProduceResponses { producer, .. }
            | Action::DelayProduceResponses { producer, .. } => {
                ((*producer as u32) >= producers).then(|| format!("no producer-{producer}"))
            }
            Action::CrashConsumer { consumer }
            | Action::CloseConsumer { consumer }
            | Action::WakeupConsumer { consumer }
            | Action::SlowProcessing { consumer, .. }
            | Action::PauseConsumer { consumer, .. }
            | Action::RestartConsumer { consumer } => {
                ((*consumer as u32) >= consumers).then(|| format!("no consumer-{consumer}"))
            }
            Action::Heal => None,
        };
        if let Some(reason) = bad {
            return Err(invalid(format!("{p}.action"), reason));
        }
        let max = limits::MAX_RUN_MS;
        let too_long = match &a.action {
            Action::SlowFollower { delay_ms: d, .. }
            | Action::DelayProduceResponses { delay_ms: d, .. } => Some(("delay_ms", *d)),
            Action::SlowProcessing { ms, .. } | Action::PauseConsumer { ms, .. } => {
                Some(("ms", *ms))
            }
            _ => None,
        };
        if let Some((field, v)) = too_long.filter(|(_, v)| *v > max) {
            return Err(invalid(
                format!("{p}.action.{field}"),
                format!("{v} ms is longer than a run can be: at most {max} (one day)"),
            ));
        }
        if a.at_ms > max {
            return Err(invalid(
                format!("{p}.at_ms"),
                format!("must be at most {max} (one day)"),
            ));
        }
        if let Action::FailProduces { error, .. } = &a.action {
            if crate::kafka::errors::parse_injectable_error(error).is_none() {
                return Err(invalid(format!("{p}.action.error"), "one of NOT_LEADER_OR_FOLLOWER, NOT_ENOUGH_REPLICAS, REQUEST_TIMED_OUT, LEADER_NOT_AVAILABLE, MESSAGE_TOO_LARGE"));
            }
        }
        Ok(())
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (seed {})",
            if self.title.is_empty() {
                "scenario"
            } else {
                &self.title
            },
            self.seed
        )
    }
}

#[cfg(test)]
mod tests {
    //! Goal: a typed fetch delay is accepted only as a bounded whole number of ms, with a ConfigException-style
    //! message otherwise (the broker menu shows it and keeps the text).
    use super::*;

    #[test]
    fn fetch_delay_is_a_bounded_whole_number_of_ms() {
        assert_eq!(parse_fetch_delay_ms(" 5000 "), Ok(5000));
        assert_eq!(parse_fetch_delay_ms("600000"), Ok(MAX_FETCH_DELAY_MS));
        for bad in ["-5", "600001", "1.5", "", "soon"] {
            let e = parse_fetch_delay_ms(bad).expect_err(bad);
            assert!(e.contains("[0,...,600000]"), "{bad}: {e}");
        }
    }
}
