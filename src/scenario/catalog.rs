//! The editor's catalog of the Kafka properties we simulate: for each scope (broker, topic, producer, consumer),
//! every key `config.rs` reads, with its Kafka 4.x default, unit, allowed values and a one-line description in our
//! words (after Kafka's own config docs). A test checks each entry against the parser in `config.rs`.

/// What values a property takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number in `[min, max]` (Kafka's `ConfigDef.Range.between`).
    Long {
        /// The smallest value allowed.
        min: u64,
        /// The largest value allowed.
        max: u64,
    },
    /// `true` or `false`.
    Bool,
    /// One of these (shown as a select; the first is not necessarily the default).
    Choice(&'static [&'static str]),
    /// A comma-separated list of these (e.g. `partition.assignment.strategy`).
    List(&'static [&'static str]),
    /// Free text (e.g. `client.id`, `group.instance.id`), empty = unset.
    Text,
}

/// One Kafka property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PropDef {
    /// Kafka's name.
    pub key: &'static str,
    /// Kafka 4.x default as text ("" = no default / unset).
    pub default: &'static str,
    /// Unit shown after the value ("ms", "bytes", "records", "" for none).
    pub unit: &'static str,
    /// Allowed values.
    pub kind: Kind,
    /// One line: what it does, in Kafka's terms.
    pub doc: &'static str,
}

const I32: u64 = i32::MAX as u64;
const I64: u64 = i64::MAX as u64;

/// Producer properties (`ProducerConfig`).
pub const PRODUCER: &[PropDef] = &[
    PropDef {
        key: "acks",
        default: "all",
        unit: "",
        kind: Kind::Choice(&["all", "-1", "0", "1"]),
        doc: "Replicas that must have a write before it is acknowledged: 0 none, 1 the leader, all (-1) the ISR.",
    },
    PropDef {
        key: "batch.size",
        default: "16384",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Target size of one partition's batch; a full batch is sent at once, 0 disables batching.",
    },
    PropDef {
        key: "linger.ms",
        default: "5",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "How long a batch waits for more records before it is sent; 5 since Kafka 4.0 (was 0).",
    },
    PropDef {
        key: "enable.idempotence",
        default: "true",
        unit: "",
        kind: Kind::Bool,
        doc: "Producer id and sequence numbers stop duplicates; silently off if acks isn't all unless set.",
    },
    PropDef {
        key: "max.in.flight.requests.per.connection",
        default: "5",
        unit: "requests",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "Unacknowledged requests per broker: at most 5 with idempotence; without it, over 1 lets retries reorder.",
    },
    PropDef {
        key: "retries",
        default: "2147483647",
        unit: "",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Times a failed batch is resent; delivery.timeout.ms is the real limit, and 0 turns idempotence off.",
    },
    PropDef {
        key: "delivery.timeout.ms",
        default: "120000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Time from send() to success or failure, retries included; at least linger.ms + request.timeout.ms.",
    },
    PropDef {
        key: "request.timeout.ms",
        default: "30000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "How long to wait for a broker's response before the request is retried or fails.",
    },
    PropDef {
        key: "retry.backoff.ms",
        default: "100",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "First wait before resending a failed request; it grows exponentially with each attempt.",
    },
    PropDef {
        key: "retry.backoff.max.ms",
        default: "1000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "Cap on the exponential retry backoff (with jitter), KIP-580.",
    },
    PropDef {
        key: "buffer.memory",
        default: "33554432",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "Memory for records not yet sent; when full, send() blocks up to max.block.ms.",
    },
    PropDef {
        key: "max.block.ms",
        default: "60000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "How long send() may block on a full buffer or missing metadata before it throws.",
    },
    PropDef {
        key: "max.request.size",
        default: "1048576",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Largest produce request, so also the largest record; bigger records fail with RecordTooLargeException.",
    },
    PropDef {
        key: "partitioner.class",
        default: "",
        unit: "",
        kind: Kind::Choice(&[
            "",
            "org.apache.kafka.clients.producer.RoundRobinPartitioner",
            "legacy-round-robin",
        ]),
        doc: "Unset: built-in (murmur2 of the key, sticky for null keys); or round-robin, or the pre-2.4 legacy one.",
    },
    PropDef {
        key: "partitioner.ignore.keys",
        default: "false",
        unit: "",
        kind: Kind::Bool,
        doc: "When true the key is not hashed: every record is placed like a null-key record.",
    },
    PropDef {
        key: "partitioner.adaptive.partitioning.enable",
        default: "true",
        unit: "",
        kind: Kind::Bool,
        doc: "The sticky partitioner favours brokers with shorter queues instead of choosing uniformly.",
    },
    PropDef {
        key: "partitioner.availability.timeout.ms",
        default: "0",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "With adaptive partitioning, skip partitions whose broker took no batch for this long; 0 = off.",
    },
    PropDef {
        key: "key.serializer",
        default: "string",
        unit: "",
        kind: Kind::Choice(&["string", "bytes", "integer", "json", "reject"]),
        doc: "How keys become bytes, which the partitioner hashes (integer: 4 bytes big-endian); or Kafka class names.",
    },
    PropDef {
        key: "value.serializer",
        default: "string",
        unit: "",
        kind: Kind::Choice(&["string", "bytes", "integer", "json", "reject"]),
        doc: "How values become bytes; reject makes every send() throw a SerializationException.",
    },
    PropDef {
        key: "compression.type",
        default: "none",
        unit: "",
        kind: Kind::Choice(&["none", "gzip", "snappy", "lz4", "zstd"]),
        doc: "Codec for each batch; shown but not simulated, batches are sized uncompressed.",
    },
    PropDef {
        key: "metadata.max.age.ms",
        default: "300000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "Refresh cluster metadata at least this often, even when no error asked for it.",
    },
    PropDef {
        key: "client.id",
        default: "",
        unit: "",
        kind: Kind::Text,
        doc: "Name sent with every request, for broker logs and quotas; Kafka generates producer-N if unset.",
    },
];

/// Consumer properties (`ConsumerConfig`); `group.id` comes from the group itself.
pub const CONSUMER: &[PropDef] = &[
    PropDef {
        key: "auto.offset.reset",
        default: "latest",
        unit: "",
        kind: Kind::Choice(&["latest", "earliest", "none"]),
        doc: "Where to start without a committed offset: the log end, its start, or none (poll() throws).",
    },
    PropDef {
        key: "enable.auto.commit",
        default: "true",
        unit: "",
        kind: Kind::Bool,
        doc: "poll() commits the offsets of records it returned earlier, every auto.commit.interval.ms.",
    },
    PropDef {
        key: "auto.commit.interval.ms",
        default: "5000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "How often auto-commit commits, checked on each poll() and when the consumer closes.",
    },
    PropDef {
        key: "partition.assignment.strategy",
        default: "range,cooperative-sticky",
        unit: "",
        kind: Kind::List(&["range", "roundrobin", "sticky", "cooperative-sticky"]),
        doc: "Assignors in preference order; the group picks one all members list; eager unless all are cooperative.",
    },
    PropDef {
        key: "group.instance.id",
        default: "",
        unit: "",
        kind: Kind::Text,
        doc: "Static membership: a member back within session.timeout.ms keeps its partitions, no rebalance.",
    },
    PropDef {
        key: "session.timeout.ms",
        default: "45000",
        unit: "ms",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "With no heartbeat for this long the coordinator removes the member and rebalances; 45 s since 3.0.",
    },
    PropDef {
        key: "heartbeat.interval.ms",
        default: "3000",
        unit: "ms",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "How often the background thread heartbeats the coordinator; must be below session.timeout.ms.",
    },
    PropDef {
        key: "max.poll.interval.ms",
        default: "300000",
        unit: "ms",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "Longest gap allowed between poll() calls; past it the member drops out and the group rebalances.",
    },
    PropDef {
        key: "max.poll.records",
        default: "500",
        unit: "records",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "Most records a single poll() returns; the rest stay buffered for the next call.",
    },
    PropDef {
        key: "fetch.min.bytes",
        default: "1",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "The broker holds a fetch until this much data is ready or fetch.max.wait.ms has passed.",
    },
    PropDef {
        key: "fetch.max.wait.ms",
        default: "500",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Longest the broker holds a fetch while waiting for fetch.min.bytes.",
    },
    PropDef {
        key: "fetch.max.bytes",
        default: "52428800",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Soft cap on one fetch response; a first batch bigger than it is still returned.",
    },
    PropDef {
        key: "max.partition.fetch.bytes",
        default: "1048576",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Soft cap per partition in a fetch response; a first batch bigger than it is still returned.",
    },
    PropDef {
        key: "isolation.level",
        default: "read_uncommitted",
        unit: "",
        kind: Kind::Choice(&["read_uncommitted", "read_committed"]),
        doc: "Whether records of open or aborted transactions are hidden; accepted, but no transactions are simulated.",
    },
    PropDef {
        key: "group.protocol",
        default: "classic",
        unit: "",
        kind: Kind::Choice(&["classic"]),
        doc: "Rebalance protocol; only classic is simulated, Kafka 4.0's KIP-848 consumer protocol is refused.",
    },
    PropDef {
        key: "request.timeout.ms",
        default: "30000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "How long to wait for a broker's response before the request is retried or fails.",
    },
    PropDef {
        key: "retry.backoff.ms",
        default: "100",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I64 },
        doc: "Wait before retrying a failed request, such as a fetch or a commit.",
    },
    PropDef {
        key: "default.api.timeout.ms",
        default: "60000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Timeout of blocking calls given none, such as commitSync(), position() and committed().",
    },
    PropDef {
        key: "client.id",
        default: "",
        unit: "",
        kind: Kind::Text,
        doc: "Name sent with every request, for broker logs and quotas; Kafka generates consumer-<group>-N if unset.",
    },
];

/// Broker properties, shared by every broker (`KafkaConfig`).
pub const BROKER: &[PropDef] = &[
    PropDef {
        key: "min.insync.replicas",
        default: "1",
        unit: "replicas",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "Fewest in-sync replicas for an acks=all write; with fewer it fails with NOT_ENOUGH_REPLICAS.",
    },
    PropDef {
        key: "unclean.leader.election.enable",
        default: "false",
        unit: "",
        kind: Kind::Bool,
        doc: "Let an out-of-sync replica lead when no ISR member is left: available again, but data is lost.",
    },
    PropDef {
        key: "replica.lag.time.max.ms",
        default: "30000",
        unit: "ms",
        kind: Kind::Long { min: 1, max: I64 },
        doc: "A follower that has not caught up to the leader's log end for this long is removed from the ISR.",
    },
    PropDef {
        key: "message.max.bytes",
        default: "1048588",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Largest record batch the broker accepts; topics override it with max.message.bytes.",
    },
    PropDef {
        key: "replica.fetch.wait.max.ms",
        default: "500",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Longest a leader holds a follower's fetch with no new data; keep it below replica.lag.time.max.ms.",
    },
    PropDef {
        key: "replica.fetch.min.bytes",
        default: "1",
        unit: "bytes",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "Data a follower's fetch waits for before the leader answers, up to replica.fetch.wait.max.ms.",
    },
    PropDef {
        key: "replica.fetch.max.bytes",
        default: "1048576",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Soft cap per partition in a follower's fetch; a first batch bigger than it is still returned.",
    },
    PropDef {
        key: "replica.fetch.backoff.ms",
        default: "1000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Pause before a follower fetches a partition again after its fetch failed.",
    },
    PropDef {
        key: "broker.session.timeout.ms",
        default: "9000",
        unit: "ms",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "KRaft: a broker without a heartbeat to the controller for this long is fenced and loses leadership.",
    },
    PropDef {
        key: "broker.heartbeat.interval.ms",
        default: "2000",
        unit: "ms",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "How often a broker heartbeats the KRaft controller; must be below broker.session.timeout.ms.",
    },
    PropDef {
        key: "group.initial.rebalance.delay.ms",
        default: "3000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "The coordinator waits this long for more members before an empty group's first rebalance.",
    },
    PropDef {
        key: "group.min.session.timeout.ms",
        default: "6000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Smallest session.timeout.ms a consumer may ask for; below it JoinGroup fails.",
    },
    PropDef {
        key: "group.max.session.timeout.ms",
        default: "1800000",
        unit: "ms",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Largest session.timeout.ms a consumer may ask for; above it JoinGroup fails.",
    },
    PropDef {
        key: "offsets.topic.num.partitions",
        default: "50",
        unit: "partitions",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "Partitions of __consumer_offsets; a group's coordinator leads partition hash(group.id) % n.",
    },
];

/// Topic-level overrides (`LogConfig`); unset means the broker's value.
pub const TOPIC: &[PropDef] = &[
    PropDef {
        key: "min.insync.replicas",
        default: "1",
        unit: "replicas",
        kind: Kind::Long { min: 1, max: I32 },
        doc: "Fewest in-sync replicas for an acks=all write to this topic; overrides the broker's value.",
    },
    PropDef {
        key: "unclean.leader.election.enable",
        default: "false",
        unit: "",
        kind: Kind::Bool,
        doc: "May an out-of-sync replica lead this topic when no ISR member is left, losing data.",
    },
    PropDef {
        key: "max.message.bytes",
        default: "1048588",
        unit: "bytes",
        kind: Kind::Long { min: 0, max: I32 },
        doc: "Largest record batch this topic accepts; the topic-level name of the broker's message.max.bytes.",
    },
];

/// The catalog of a scope by name: "producer", "consumer", "broker", "topic".
pub fn scope(name: &str) -> &'static [PropDef] {
    match name {
        "producer" => PRODUCER,
        "consumer" => CONSUMER,
        "broker" => BROKER,
        "topic" => TOPIC,
        _ => &[],
    }
}

/// The entry for a key in a scope.
pub fn find(scope_name: &str, key: &str) -> Option<&'static PropDef> {
    scope(scope_name).iter().find(|d| d.key == key)
}

/// The scopes by name, in the editor's order.
pub const SCOPES: [(&str, &[PropDef]); 4] = [
    ("producer", PRODUCER),
    ("consumer", CONSUMER),
    ("broker", BROKER),
    ("topic", TOPIC),
];

/// `def`'s one line in the page's language: the catalogue's `config.doc.SCOPE.KEY`, whose English is `doc` (a test
/// holds them equal); "" for a definition that is in no scope.
pub fn doc_text(def: &PropDef) -> &'static str {
    let Some((scope, _)) = SCOPES
        .iter()
        .find(|(_, defs)| defs.iter().any(|d| d.key == def.key && d.doc == def.doc))
    else {
        return "";
    };
    let key = format!("config.doc.{scope}.{}", def.key);
    // `t` falls back to English; every config has its line (tests/i18n.rs).
    crate::i18n::t(&key)
}

#[cfg(test)]
mod tests {
    //! Goal: the editor's catalog says what the parser in `config.rs` does: each default, set explicitly, gives the
    //! same config as leaving the key unset; each range's ends are the parser's; no key is unknown to it.
    use super::*;
    use crate::scenario::config::{
        BrokerConfig, ConsumerConfig, ProducerConfig, Props, TopicConfig,
    };

    /// Parses one scope's properties, giving the config as comparable text and the warnings.
    fn parse(scope_name: &str, props: &Props) -> Result<(String, Vec<String>), String> {
        let broker = BrokerConfig::parse(&Props::new()).expect("defaults").0;
        let r = match scope_name {
            "producer" => ProducerConfig::parse(props).map(|(c, w)| (format!("{c:?}"), w)),
            "consumer" => ConsumerConfig::parse(props).map(|(c, w)| (format!("{c:?}"), w)),
            "broker" => BrokerConfig::parse(props).map(|(c, w)| (format!("{c:?}"), w)),
            _ => TopicConfig::parse(props, &broker, "t").map(|(c, w)| (format!("{c:?}"), w)),
        };
        r.map_err(|e| e.to_string())
    }

    #[test]
    fn defaults_ranges_and_keys_match_the_parser() {
        for scope_name in ["producer", "consumer", "broker", "topic"] {
            let (unset, _) = parse(scope_name, &Props::new()).expect("defaults are valid");
            let mut all = Props::new();
            for d in scope(scope_name) {
                let one: Props = [(d.key.to_string(), d.default.to_string())].into();
                let (explicit, w) =
                    parse(scope_name, &one).unwrap_or_else(|e| panic!("{}: {e}", d.key));
                assert_eq!(
                    explicit, unset,
                    "{scope_name} {}: the default differs",
                    d.key
                );
                assert!(w.is_empty(), "{scope_name} {}: {w:?}", d.key);
                all.insert(d.key.to_string(), d.default.to_string());
                match d.kind {
                    Kind::Long { min, max } => {
                        if min > 0 {
                            let below: Props = [(d.key.to_string(), (min - 1).to_string())].into();
                            let e = parse(scope_name, &below).expect_err(d.key);
                            assert!(e.contains(&format!("at least {min}")), "{}: {e}", d.key);
                        }
                        let above: Props =
                            [(d.key.to_string(), (max as u128 + 1).to_string())].into();
                        let e = parse(scope_name, &above).expect_err(d.key);
                        assert!(e.contains(d.key), "{}: {e}", d.key);
                    }
                    Kind::Bool => {
                        let bad: Props = [(d.key.to_string(), "maybe".to_string())].into();
                        assert!(parse(scope_name, &bad).is_err(), "{}", d.key);
                    }
                    Kind::Choice(values) | Kind::List(values) => {
                        assert!(
                            values.contains(&d.default) || d.default.contains(','),
                            "{}",
                            d.key
                        );
                    }
                    Kind::Text => {}
                }
                assert!(!d.doc.is_empty() && d.doc.len() <= 120, "{}", d.key);
            }
            let (_, w) = parse(scope_name, &all).expect("all defaults together are valid");
            assert!(w.is_empty(), "{scope_name}: {w:?}");
        }
        assert!(find("producer", "linger.ms").is_some());
        assert!(
            find("consumer", "group.id").is_none(),
            "the group spec gives group.id"
        );
    }
}
