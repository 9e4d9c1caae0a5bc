//! Validates a whole scenario: its shape ([`Scenario::validate_shape`]) and every Kafka config, resolved into the
//! typed configs of `config.rs`. The engine's `Setup` builds on this; the page's editor uses it to refuse an edit
//! before anything runs.

use super::config::{BrokerConfig, ConfigError, ConsumerConfig, ProducerConfig, TopicConfig};
use super::{Scenario, ScenarioError};

/// One consumer's effective config (group properties, then the member's overrides).
#[derive(Clone, Debug)]
pub struct ResolvedConsumer {
    /// Index of its group in `consumer_groups`.
    pub group: usize,
    /// Index within the group.
    pub member: usize,
    /// Effective config.
    pub config: ConsumerConfig,
}

/// Every config of a scenario, validated.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// The cluster's broker config.
    pub broker: BrokerConfig,
    /// Each topic's effective config, in order.
    pub topics: Vec<TopicConfig>,
    /// Each producer's config, in order.
    pub producers: Vec<ProducerConfig>,
    /// Every consumer over all groups, in the order the engine numbers them.
    pub consumers: Vec<ResolvedConsumer>,
    /// Unknown-key warnings, as Kafka logs "supplied but isn't a known config".
    pub warnings: Vec<String>,
}

impl Scenario {
    /// Checks the shape, then every config, and returns the typed configs or the first error (with its path).
    pub fn resolve(&self) -> Result<Resolved, ScenarioError> {
        self.validate_shape()?;
        let cfg_err = |path: String| move |error| ScenarioError::Config { path, error };
        let (broker, mut warnings) =
            BrokerConfig::parse(&self.cluster.config).map_err(cfg_err("cluster.config".into()))?;
        let mut topics = Vec::new();
        for (i, t) in self.topics.iter().enumerate() {
            let (config, w) = TopicConfig::parse(&t.config, &broker, &t.name)
                .map_err(cfg_err(format!("topics[{i}].config")))?;
            warnings.extend(w);
            topics.push(config);
        }
        let mut producers = Vec::new();
        for (i, p) in self.producers.iter().enumerate() {
            let (c, w) = ProducerConfig::parse(&p.config)
                .map_err(cfg_err(format!("producers[{i}].config")))?;
            warnings.extend(w);
            producers.push(c);
        }
        let mut consumers = Vec::new();
        for (gi, g) in self.consumer_groups.iter().enumerate() {
            for (mi, m) in g.members.iter().enumerate() {
                let mut props = g.config.clone();
                props.extend(m.config.clone());
                let (c, w) = ConsumerConfig::parse(&props).map_err(cfg_err(format!(
                    "consumer_groups[{gi}].members[{mi}].config"
                )))?;
                if mi == 0 {
                    warnings.extend(w);
                }
                // The coordinator answers INVALID_SESSION_TIMEOUT outside the broker's bounds; refuse it up front.
                if c.session_timeout_ms < broker.group_min_session_timeout_ms
                    || c.session_timeout_ms > broker.group_max_session_timeout_ms
                {
                    return Err(ScenarioError::Config {
                        path: format!("consumer_groups[{gi}].config"),
                        error: ConfigError {
                            key: "session.timeout.ms".into(),
                            value: c.session_timeout_ms.to_string(),
                            reason: format!(
                                "must be between the broker's group.min.session.timeout.ms ({}) and \
                                 group.max.session.timeout.ms ({}) (the coordinator answers INVALID_SESSION_TIMEOUT)",
                                broker.group_min_session_timeout_ms, broker.group_max_session_timeout_ms
                            ),
                        },
                    });
                }
                consumers.push(ResolvedConsumer {
                    group: gi,
                    member: mi,
                    config: c,
                });
            }
        }
        Ok(Resolved {
            broker,
            topics,
            producers,
            consumers,
            warnings,
        })
    }
}
