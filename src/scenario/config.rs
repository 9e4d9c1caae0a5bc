//! Kafka configs: `.properties`-style maps of Kafka property names to string values, validated into typed structs
//! with Kafka 4.x defaults (shared/KAFKA.md §1).
//!
//! Errors read like Kafka's `ConfigException`: "Invalid value X for configuration KEY: reason". Unknown keys are not
//! an error, but each one produces a warning, as Kafka logs "The configuration 'x' was supplied but isn't a known
//! config."
//!
//! Simplifications:
//! - `compression.type` is accepted and shown but batches are sized uncompressed.
//! - `group.protocol=consumer` (KIP-848) is refused with a clear error: the classic protocol is simulated.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A config map exactly as in a `.properties` file.
pub type Props = BTreeMap<String, String>;

/// A rejected config value, worded like Kafka's `ConfigException`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigError {
    /// The Kafka property name.
    pub key: String,
    /// The value given.
    pub value: String,
    /// What is allowed.
    pub reason: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Invalid value {} for configuration {}: {}",
            self.value, self.key, self.reason
        )
    }
}

/// Reads typed values out of a property map, remembering which keys were known.
struct Reader<'a> {
    map: &'a Props,
    known: Vec<&'static str>,
}

impl<'a> Reader<'a> {
    fn new(map: &'a Props) -> Self {
        Reader {
            map,
            known: Vec::new(),
        }
    }

    fn raw(&mut self, key: &'static str) -> Option<&'a str> {
        self.known.push(key);
        self.map.get(key).map(|v| v.trim())
    }

    fn is_set(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    fn err(key: &str, value: &str, reason: impl Into<String>) -> ConfigError {
        ConfigError {
            key: key.to_string(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// A Kafka LONG/INT with an inclusive range, like `ConfigDef.Range.between`.
    fn long(
        &mut self,
        key: &'static str,
        default: u64,
        min: u64,
        max: u64,
    ) -> Result<u64, ConfigError> {
        match self.raw(key) {
            None => Ok(default),
            Some(v) => {
                let n: i128 = v
                    .parse()
                    .map_err(|_| Self::err(key, v, "Expected value to be a number."))?;
                if n < min as i128 {
                    Err(Self::err(key, v, format!("Value must be at least {min}")))
                } else if n > max as i128 {
                    Err(Self::err(
                        key,
                        v,
                        format!("Value must be no more than {max}"),
                    ))
                } else {
                    Ok(n as u64)
                }
            }
        }
    }

    fn boolean(&mut self, key: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.raw(key) {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(Self::err(
                key,
                v,
                "Expected value to be either true or false",
            )),
        }
    }

    fn choice(
        &mut self,
        key: &'static str,
        default: &'static str,
        allowed: &[&str],
    ) -> Result<String, ConfigError> {
        match self.raw(key) {
            None => Ok(default.to_string()),
            Some(v) => {
                let lower = v.to_ascii_lowercase();
                if allowed.iter().any(|a| *a == lower) {
                    Ok(lower)
                } else {
                    Err(Self::err(
                        key,
                        v,
                        format!("String must be one of: {}", allowed.join(", ")),
                    ))
                }
            }
        }
    }

    fn string(&mut self, key: &'static str) -> Option<String> {
        self.raw(key)
            .map(|s| s.to_string())
            .filter(|s| !s.is_empty())
    }

    /// Warnings for keys nobody asked about.
    fn unknown(&self, scope: &str) -> Vec<String> {
        self.map
            .keys()
            .filter(|k| !self.known.contains(&k.as_str()))
            .map(|k| {
                format!("{scope}: the configuration '{k}' was supplied but isn't a known config.")
            })
            .collect()
    }
}

const I32_MAX: u64 = i32::MAX as u64;
const I64_MAX: u64 = i64::MAX as u64;

pub use crate::kafka::offset_reset::OffsetResetStrategy;
pub use crate::kafka::partitioners::PartitionerKind;

/// Producer configs (`ProducerConfig.java`), Kafka 4.x defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ProducerConfig {
    pub acks: crate::kafka::acks::Acks,
    pub batch_size: u64,
    pub linger_ms: u64,
    pub buffer_memory: u64,
    pub max_block_ms: u64,
    pub retries: u64,
    pub retry_backoff_ms: u64,
    pub retry_backoff_max_ms: u64,
    pub delivery_timeout_ms: u64,
    pub request_timeout_ms: u64,
    pub max_in_flight_requests_per_connection: u64,
    pub enable_idempotence: bool,
    pub max_request_size: u64,
    pub partitioner: PartitionerKind,
    pub partitioner_adaptive_partitioning_enable: bool,
    pub partitioner_availability_timeout_ms: u64,
    pub partitioner_ignore_keys: bool,
    pub compression_type: String,
    pub key_serializer: String,
    pub value_serializer: String,
    pub metadata_max_age_ms: u64,
    pub client_id: Option<String>,
}

impl ProducerConfig {
    /// Validates a producer property map. Returns the config and warnings, or the first `ConfigException`.
    pub fn parse(props: &Props) -> Result<(ProducerConfig, Vec<String>), ConfigError> {
        use crate::kafka::acks::Acks;
        let mut r = Reader::new(props);
        let acks = match r.raw("acks") {
            None => Acks::All,
            Some("all") | Some("-1") => Acks::All,
            Some("1") => Acks::Leader,
            Some("0") => Acks::None,
            Some(v) => {
                return Err(Reader::err(
                    "acks",
                    v,
                    "String must be one of: all, -1, 0, 1",
                ))
            }
        };
        let batch_size = r.long("batch.size", 16384, 0, I32_MAX)?;
        let linger_ms = r.long("linger.ms", 5, 0, I64_MAX)?;
        let buffer_memory = r.long("buffer.memory", 33_554_432, 0, I64_MAX)?;
        let max_block_ms = r.long("max.block.ms", 60_000, 0, I64_MAX)?;
        let retries = r.long("retries", I32_MAX, 0, I32_MAX)?;
        let retry_backoff_ms = r.long("retry.backoff.ms", 100, 0, I64_MAX)?;
        let retry_backoff_max_ms = r.long("retry.backoff.max.ms", 1000, 0, I64_MAX)?;
        let delivery_timeout_ms = r.long("delivery.timeout.ms", 120_000, 0, I32_MAX)?;
        let request_timeout_ms = r.long("request.timeout.ms", 30_000, 0, I32_MAX)?;
        let max_in_flight = r.long("max.in.flight.requests.per.connection", 5, 1, I32_MAX)?;
        let idempotence_set = r.is_set("enable.idempotence");
        let mut enable_idempotence = r.boolean("enable.idempotence", true)?;
        let max_request_size = r.long("max.request.size", 1_048_576, 0, I32_MAX)?;
        let partitioner = match r.string("partitioner.class").as_deref() {
            None => PartitionerKind::BuiltIn,
            Some(c) if c.ends_with("RoundRobinPartitioner") => PartitionerKind::RoundRobin,
            Some(c) if c == "legacy-round-robin" || c.ends_with("internals.DefaultPartitioner") => {
                PartitionerKind::LegacyRoundRobin
            }
            Some(c) => {
                return Err(Reader::err(
                    "partitioner.class",
                    c,
                    "Class not simulated; use org.apache.kafka.clients.producer.RoundRobinPartitioner, \
                     legacy-round-robin, or leave it unset for the built-in partitioner",
                ))
            }
        };
        let adaptive = r.boolean("partitioner.adaptive.partitioning.enable", true)?;
        let availability = r.long("partitioner.availability.timeout.ms", 0, 0, I64_MAX)?;
        let ignore_keys = r.boolean("partitioner.ignore.keys", false)?;
        let compression_type = r.choice(
            "compression.type",
            "none",
            &["none", "gzip", "snappy", "lz4", "zstd"],
        )?;
        let key_serializer = serializer_name(&mut r, "key.serializer")?;
        let value_serializer = serializer_name(&mut r, "value.serializer")?;
        let metadata_max_age_ms = r.long("metadata.max.age.ms", 300_000, 0, I64_MAX)?;
        let client_id = r.string("client.id");
        // Idempotence rules of ProducerConfig.postProcessAndValidateIdempotenceConfigs (Kafka 4.x).
        if retries == 0 || acks != Acks::All {
            if idempotence_set && enable_idempotence {
                let (k, v) = if retries == 0 {
                    ("retries", "0".to_string())
                } else {
                    ("acks", acks_str(acks))
                };
                return Err(ConfigError {
                    key: k.into(),
                    value: v,
                    reason: "Must set acks to all and retries to a value greater than 0 in order to use the \
                             idempotent producer. Otherwise we cannot guarantee idempotence."
                        .into(),
                });
            }
            enable_idempotence = false;
        }
        if enable_idempotence && max_in_flight > 5 {
            return Err(Reader::err(
                "max.in.flight.requests.per.connection",
                &max_in_flight.to_string(),
                "Must be set to at most 5 when using the idempotent producer.",
            ));
        }
        // KafkaProducer.configureDeliveryTimeout.
        let mut delivery_timeout_ms = delivery_timeout_ms;
        if delivery_timeout_ms < linger_ms + request_timeout_ms {
            if r.is_set("delivery.timeout.ms") {
                return Err(Reader::err(
                    "delivery.timeout.ms",
                    &delivery_timeout_ms.to_string(),
                    "should be equal to or larger than linger.ms + request.timeout.ms",
                ));
            }
            delivery_timeout_ms = linger_ms + request_timeout_ms;
        }
        let mut warnings = r.unknown("producer");
        if compression_type != "none" {
            warnings.push(format!(
                "producer: compression.type={compression_type} is shown but not simulated; batches are sized uncompressed."
            ));
        }
        Ok((
            ProducerConfig {
                acks,
                batch_size,
                linger_ms,
                buffer_memory,
                max_block_ms,
                retries,
                retry_backoff_ms,
                retry_backoff_max_ms,
                delivery_timeout_ms,
                request_timeout_ms,
                max_in_flight_requests_per_connection: max_in_flight,
                enable_idempotence,
                max_request_size,
                partitioner,
                partitioner_adaptive_partitioning_enable: adaptive,
                partitioner_availability_timeout_ms: availability,
                partitioner_ignore_keys: ignore_keys,
                compression_type,
                key_serializer,
                value_serializer,
                metadata_max_age_ms,
                client_id,
            },
            warnings,
        ))
    }
}

fn acks_str(a: crate::kafka::acks::Acks) -> String {
    match a {
        crate::kafka::acks::Acks::None => "0".into(),
        crate::kafka::acks::Acks::Leader => "1".into(),
        crate::kafka::acks::Acks::All => "all".into(),
    }
}

/// The serializers we simulate, by our short names.
const SERIALIZERS: [&str; 5] = ["string", "bytes", "integer", "json", "reject"];

/// Our short serializer name for a Kafka class name (`org.apache.kafka.common.serialization.StringSerializer` →
/// `string`, `ByteArraySerializer` → `bytes`) or a short name; `None` if we do not simulate it.
pub fn serializer_short_name(v: &str) -> Option<String> {
    let short = v
        .trim()
        .rsplit('.')
        .next()
        .unwrap_or(v)
        .to_ascii_lowercase();
    let short = short
        .strip_suffix("serializer")
        .unwrap_or(&short)
        .to_string();
    let short = if short == "bytearray" {
        "bytes".to_string()
    } else {
        short
    };
    SERIALIZERS.contains(&short.as_str()).then_some(short)
}

/// Accepts our short serializer names and Kafka's class names (`...StringSerializer`).
fn serializer_name(r: &mut Reader<'_>, key: &'static str) -> Result<String, ConfigError> {
    match r.string(key) {
        None => Ok("string".into()),
        Some(v) => serializer_short_name(&v).ok_or_else(|| {
            Reader::err(
                key,
                &v,
                format!("Serializer must be one of: {}", SERIALIZERS.join(", ")),
            )
        }),
    }
}

/// Broker configs (cluster-wide; topic overrides in [`TopicConfig`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct BrokerConfig {
    pub min_insync_replicas: u64,
    pub replica_lag_time_max_ms: u64,
    pub unclean_leader_election_enable: bool,
    pub message_max_bytes: u64,
    pub replica_fetch_wait_max_ms: u64,
    pub replica_fetch_min_bytes: u64,
    pub replica_fetch_max_bytes: u64,
    pub replica_fetch_backoff_ms: u64,
    pub broker_session_timeout_ms: u64,
    pub broker_heartbeat_interval_ms: u64,
    pub group_initial_rebalance_delay_ms: u64,
    pub group_min_session_timeout_ms: u64,
    pub group_max_session_timeout_ms: u64,
    pub offsets_topic_num_partitions: u64,
}

impl BrokerConfig {
    /// Validates the cluster's broker properties.
    pub fn parse(props: &Props) -> Result<(BrokerConfig, Vec<String>), ConfigError> {
        let mut r = Reader::new(props);
        let c = BrokerConfig {
            min_insync_replicas: r.long("min.insync.replicas", 1, 1, I32_MAX)?,
            replica_lag_time_max_ms: r.long("replica.lag.time.max.ms", 30_000, 1, I64_MAX)?,
            unclean_leader_election_enable: r.boolean("unclean.leader.election.enable", false)?,
            message_max_bytes: r.long("message.max.bytes", 1_048_588, 0, I32_MAX)?,
            replica_fetch_wait_max_ms: r.long("replica.fetch.wait.max.ms", 500, 0, I32_MAX)?,
            replica_fetch_min_bytes: r.long("replica.fetch.min.bytes", 1, 1, I32_MAX)?,
            replica_fetch_max_bytes: r.long("replica.fetch.max.bytes", 1_048_576, 0, I32_MAX)?,
            replica_fetch_backoff_ms: r.long("replica.fetch.backoff.ms", 1000, 0, I32_MAX)?,
            broker_session_timeout_ms: r.long("broker.session.timeout.ms", 9000, 1, I32_MAX)?,
            broker_heartbeat_interval_ms: r.long(
                "broker.heartbeat.interval.ms",
                2000,
                1,
                I32_MAX,
            )?,
            group_initial_rebalance_delay_ms: r.long(
                "group.initial.rebalance.delay.ms",
                3000,
                0,
                I32_MAX,
            )?,
            group_min_session_timeout_ms: r.long(
                "group.min.session.timeout.ms",
                6000,
                0,
                I32_MAX,
            )?,
            group_max_session_timeout_ms: r.long(
                "group.max.session.timeout.ms",
                1_800_000,
                0,
                I32_MAX,
            )?,
            offsets_topic_num_partitions: r.long("offsets.topic.num.partitions", 50, 1, I32_MAX)?,
        };
        if c.broker_heartbeat_interval_ms >= c.broker_session_timeout_ms {
            return Err(Reader::err(
                "broker.heartbeat.interval.ms",
                &c.broker_heartbeat_interval_ms.to_string(),
                "must be less than broker.session.timeout.ms",
            ));
        }
        Ok((c, r.unknown("broker")))
    }
}

/// Topic-level overrides (`LogConfig`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct TopicConfig {
    pub min_insync_replicas: u64,
    pub unclean_leader_election_enable: bool,
    pub max_message_bytes: u64,
}

impl TopicConfig {
    /// Validates topic properties, falling back to the broker's values.
    pub fn parse(
        props: &Props,
        broker: &BrokerConfig,
        topic: &str,
    ) -> Result<(TopicConfig, Vec<String>), ConfigError> {
        let mut r = Reader::new(props);
        let c = TopicConfig {
            min_insync_replicas: r.long(
                "min.insync.replicas",
                broker.min_insync_replicas,
                1,
                I32_MAX,
            )?,
            unclean_leader_election_enable: r.boolean(
                "unclean.leader.election.enable",
                broker.unclean_leader_election_enable,
            )?,
            max_message_bytes: r.long("max.message.bytes", broker.message_max_bytes, 0, I32_MAX)?,
        };
        Ok((c, r.unknown(&format!("topic {topic}"))))
    }
}

/// Consumer configs (`ConsumerConfig.java`), Kafka 4.x defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ConsumerConfig {
    pub fetch_min_bytes: u64,
    pub fetch_max_wait_ms: u64,
    pub fetch_max_bytes: u64,
    pub max_partition_fetch_bytes: u64,
    pub max_poll_records: u64,
    pub enable_auto_commit: bool,
    pub auto_commit_interval_ms: u64,
    pub auto_offset_reset: OffsetResetStrategy,
    pub session_timeout_ms: u64,
    pub heartbeat_interval_ms: u64,
    pub max_poll_interval_ms: u64,
    pub partition_assignment_strategy: Vec<crate::kafka::assignors::AssignorKind>,
    pub group_instance_id: Option<String>,
    pub request_timeout_ms: u64,
    pub retry_backoff_ms: u64,
    pub default_api_timeout_ms: u64,
    pub client_id: Option<String>,
}

impl ConsumerConfig {
    /// Validates a consumer property map.
    pub fn parse(props: &Props) -> Result<(ConsumerConfig, Vec<String>), ConfigError> {
        use crate::kafka::assignors::AssignorKind;
        let mut r = Reader::new(props);
        // group.id is given by the group spec; accept it here too so copied .properties files work.
        let _ = r.raw("group.id");
        let _ = r.choice(
            "isolation.level",
            "read_uncommitted",
            &["read_uncommitted", "read_committed"],
        )?;
        let _ = r
            .choice("group.protocol", "classic", &["classic"])
            .map_err(|mut e| {
                e.reason =
                    "only group.protocol=classic is simulated (KIP-848 'consumer' is not yet)"
                        .into();
                e
            })?;
        let strategies = match r.raw("partition.assignment.strategy") {
            None => vec![AssignorKind::Range, AssignorKind::CooperativeSticky],
            Some(v) => {
                let mut out = Vec::new();
                for part in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    match AssignorKind::from_name(part) {
                        Some(k) => out.push(k),
                        None => {
                            return Err(Reader::err(
                                "partition.assignment.strategy",
                                v,
                                "each entry must be one of: range, roundrobin, sticky, cooperative-sticky (or the \
                                 Java class name)",
                            ))
                        }
                    }
                }
                if out.is_empty() {
                    return Err(Reader::err(
                        "partition.assignment.strategy",
                        v,
                        "must list at least one assignor",
                    ));
                }
                out
            }
        };
        let c = ConsumerConfig {
            fetch_min_bytes: r.long("fetch.min.bytes", 1, 0, I32_MAX)?,
            fetch_max_wait_ms: r.long("fetch.max.wait.ms", 500, 0, I32_MAX)?,
            fetch_max_bytes: r.long("fetch.max.bytes", 52_428_800, 0, I32_MAX)?,
            max_partition_fetch_bytes: r.long(
                "max.partition.fetch.bytes",
                1_048_576,
                0,
                I32_MAX,
            )?,
            max_poll_records: r.long("max.poll.records", 500, 1, I32_MAX)?,
            enable_auto_commit: r.boolean("enable.auto.commit", true)?,
            auto_commit_interval_ms: r.long("auto.commit.interval.ms", 5000, 0, I32_MAX)?,
            // Only the three names pass `choice` (ConfigDef's ValidString): the fallback is never taken.
            auto_offset_reset: OffsetResetStrategy::from_name(&r.choice(
                "auto.offset.reset",
                "latest",
                &["latest", "earliest", "none"],
            )?)
            .unwrap_or(OffsetResetStrategy::Latest),
            session_timeout_ms: r.long("session.timeout.ms", 45_000, 1, I32_MAX)?,
            heartbeat_interval_ms: r.long("heartbeat.interval.ms", 3000, 1, I32_MAX)?,
            max_poll_interval_ms: r.long("max.poll.interval.ms", 300_000, 1, I32_MAX)?,
            partition_assignment_strategy: strategies,
            group_instance_id: r.string("group.instance.id"),
            request_timeout_ms: r.long("request.timeout.ms", 30_000, 0, I32_MAX)?,
            retry_backoff_ms: r.long("retry.backoff.ms", 100, 0, I64_MAX)?,
            default_api_timeout_ms: r.long("default.api.timeout.ms", 60_000, 0, I32_MAX)?,
            client_id: r.string("client.id"),
        };
        // AbstractCoordinator: heartbeat.interval.ms must be lower than session.timeout.ms.
        if c.heartbeat_interval_ms >= c.session_timeout_ms {
            return Err(Reader::err(
                "heartbeat.interval.ms",
                &c.heartbeat_interval_ms.to_string(),
                format!(
                    "Heartbeat must be set lower than the session timeout (session.timeout.ms = {})",
                    c.session_timeout_ms
                ),
            ));
        }
        Ok((c, r.unknown("consumer")))
    }

    /// The rebalance protocol the group will use: cooperative only if every listed assignor supports it.
    pub fn cooperative(&self) -> bool {
        self.partition_assignment_strategy
            .iter()
            .all(|k| k.supports_cooperative())
    }
}

#[cfg(test)]
mod tests {
    //! Goal: defaults are Kafka 4.x's, bad values fail like ConfigException, unknown keys warn.
    //! Kafka: ProducerConfig.java, ConsumerConfig.java, postProcessAndValidateIdempotenceConfigs.
    use super::*;
    use crate::kafka::acks::Acks;

    fn props(kv: &[(&str, &str)]) -> Props {
        kv.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn producer_defaults_are_kafka_4() {
        let (c, w) = ProducerConfig::parse(&Props::new()).expect("defaults are valid");
        assert!(w.is_empty());
        assert_eq!(c.acks, Acks::All);
        assert_eq!(c.linger_ms, 5);
        assert_eq!(c.batch_size, 16384);
        assert!(c.enable_idempotence);
        assert_eq!(c.delivery_timeout_ms, 120_000);
        assert_eq!(c.max_in_flight_requests_per_connection, 5);
    }

    #[test]
    fn invalid_value_names_key_and_range() {
        let e = ProducerConfig::parse(&props(&[("linger.ms", "-1")])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Invalid value -1 for configuration linger.ms: Value must be at least 0"
        );
        let e = ProducerConfig::parse(&props(&[("acks", "2")])).unwrap_err();
        assert_eq!(e.key, "acks");
        let e = ProducerConfig::parse(&props(&[("batch.size", "lots")])).unwrap_err();
        assert!(e.to_string().contains("batch.size"));
    }

    #[test]
    fn idempotence_rules() {
        // acks=1 with default idempotence: silently off.
        let (c, _) = ProducerConfig::parse(&props(&[("acks", "1")])).expect("valid");
        assert!(!c.enable_idempotence);
        // acks=1 with explicit idempotence: ConfigException.
        assert!(
            ProducerConfig::parse(&props(&[("acks", "1"), ("enable.idempotence", "true")]))
                .is_err()
        );
        // [4.0] max.in.flight > 5 with idempotence on (even by default) is an error.
        assert!(
            ProducerConfig::parse(&props(&[("max.in.flight.requests.per.connection", "6")]))
                .is_err()
        );
        let (c, _) = ProducerConfig::parse(&props(&[
            ("max.in.flight.requests.per.connection", "6"),
            ("enable.idempotence", "false"),
        ]))
        .expect("valid without idempotence");
        assert_eq!(c.max_in_flight_requests_per_connection, 6);
    }

    #[test]
    fn delivery_timeout_is_raised_or_rejected() {
        let (c, _) =
            ProducerConfig::parse(&props(&[("request.timeout.ms", "200000")])).expect("valid");
        assert_eq!(c.delivery_timeout_ms, 200_005);
        assert!(ProducerConfig::parse(&props(&[
            ("delivery.timeout.ms", "10"),
            ("linger.ms", "20")
        ]))
        .is_err());
    }

    #[test]
    fn unknown_keys_warn() {
        let (_, w) = ProducerConfig::parse(&props(&[("lingr.ms", "5")])).expect("valid");
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("lingr.ms"));
    }

    #[test]
    fn consumer_defaults_and_checks() {
        let (c, _) = ConsumerConfig::parse(&Props::new()).expect("valid");
        assert_eq!(c.session_timeout_ms, 45_000);
        assert_eq!(c.auto_offset_reset, OffsetResetStrategy::Latest);
        assert!(
            !c.cooperative(),
            "range + cooperative-sticky means eager range"
        );
        assert!(ConsumerConfig::parse(&props(&[("heartbeat.interval.ms", "50000")])).is_err());
        let (c, _) = ConsumerConfig::parse(&props(&[(
            "partition.assignment.strategy",
            "cooperative-sticky",
        )]))
        .expect("valid");
        assert!(c.cooperative());
        assert!(ConsumerConfig::parse(&props(&[("group.protocol", "consumer")])).is_err());
    }
}
