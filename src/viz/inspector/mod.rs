//! The record inspector: one record's life in Kafka's words, and why its verdict is what it is.
//!
//! Models: what an engineer reads off the client and broker logs for one record: the partitioner's reasoning
//! (`toPositive(murmur2(key)) % partitions`, sticky, round-robin), the batch, every produce attempt (request,
//! broker, error, backoff, retry), the append on each replica and when the high watermark passed it, the callback
//! (`RecordMetadata` or the exception), each processing by a consumer and the commit that covered it. The verdict
//! comes from `engine::record_life` (the same as the guarantees ledger's, a test holds them equal); the sentence
//! that explains it picks the events behind it out of the life.

use crate::engine::ids::{NodeId, RecordId};
use crate::engine::protocol::Api;
use crate::engine::record_life::{LifeEvent, RecordLife, Verdict};
use crate::engine::time::Instant;
use crate::engine::trace::{PartitionReason, TraceEvent};
use crate::engine::Sim;
use crate::i18n::t;
use crate::kafka::acks::Acks;
pub use crate::viz::frame::record_name;
use crate::viz::frame::{fill, seconds};
use crate::viz::scene::{lifecycle_text, Scene};

mod attempts;
mod why;

pub use attempts::{copy_attempts, Attempt};
use why::why;

/// One line of the life.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// When.
    pub at: Instant,
    /// Which part of the pipeline: `producer`, `network`, `broker`, `callback`, `consumer`, `cluster`.
    pub stage: &'static str,
    /// What happened, in Kafka's words.
    pub text: String,
    /// A step that went wrong (an error, a loss, a truncation).
    pub bad: bool,
}

impl Step {
    /// `stage` in the page's language (`stage` itself is a CSS modifier).
    pub fn stage_label(&self) -> &'static str {
        match self.stage {
            "producer" => t("viz.inspector.stage.producer"),
            "network" => t("viz.inspector.stage.network"),
            "broker" => t("viz.inspector.stage.broker"),
            "callback" => t("viz.inspector.stage.callback"),
            "consumer" => t("viz.inspector.stage.consumer"),
            "cluster" => t("viz.inspector.stage.cluster"),
            other => other,
        }
    }
}

/// What the inspector shows for a record.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspection {
    /// The record.
    pub record: RecordId,
    /// "record #3 of producer-0".
    pub title: String,
    /// The verdicts, the most serious first.
    pub verdicts: Vec<Verdict>,
    /// Why the headline verdict, in one or two sentences.
    pub why: String,
    /// Key facts: (label, value).
    pub facts: Vec<(&'static str, String)>,
    /// The life, oldest first.
    pub steps: Vec<Step>,
}

impl Inspection {
    /// The headline verdict.
    pub fn verdict(&self) -> Verdict {
        self.verdicts[0]
    }
}

pub(super) fn acks_name(a: Acks) -> &'static str {
    match a {
        Acks::None => "acks=0",
        Acks::Leader => "acks=1",
        Acks::All => "acks=all",
    }
}

/// The inspector's view of `life` in `sim` (its run, at the same instant); `scene` names topics and groups.
pub fn inspect(life: &RecordLife, sim: &Sim, scene: &Scene) -> Inspection {
    let j = life.judge(sim);
    let id = life.record();
    let mut facts = Vec::new();
    for e in life.events() {
        if let TraceEvent::RecordSent {
            tp,
            reason,
            key,
            size_bytes,
            key_bytes,
            value_bytes,
            ..
        } = &e.what
        {
            facts.push((
                t("viz.inspector.fact.key"),
                match key {
                    Some(k) => format!("\"{k}\" ({} B)", key_bytes.unwrap_or(0)),
                    None => "null".to_string(),
                },
            ));
            facts.push((
                t("viz.inspector.fact.size"),
                fill(
                    t("viz.inspector.size"),
                    &[("value", value_bytes), ("size", size_bytes)],
                ),
            ));
            let partitions = sim.setup().topic(*tp).assignment.len();
            facts.push((
                t("viz.inspector.fact.partition"),
                format!(
                    "{} — {}",
                    scene.tp_name(*tp),
                    reason_text(*reason, partitions, tp.partition)
                ),
            ));
        }
    }
    if let Some(b) = life.events().iter().find_map(|e| match &e.what {
        TraceEvent::RecordBatched { batch, .. } => Some(batch.0),
        _ => None,
    }) {
        facts.push((
            t("viz.inspector.fact.batch"),
            fill(t("viz.inspector.batch"), &[("batch", &b)]),
        ));
    }
    facts.push((t("viz.inspector.fact.callback"), callback_text(life)));
    if let Some(b) = j.reference.map(|b| b.0) {
        let offsets: Vec<String> = j.offsets.iter().map(u64::to_string).collect();
        facts.push((
            t("viz.inspector.fact.in_log"),
            if offsets.is_empty() {
                fill(
                    t("viz.inspector.not_in_log"),
                    &[("broker", &b), ("hw", &j.high_watermark)],
                )
            } else {
                fill(
                    t("viz.inspector.in_log"),
                    &[
                        ("offsets", &offsets.join(", ")),
                        ("broker", &b),
                        ("hw", &j.high_watermark),
                    ],
                )
            },
        ));
    }
    let processed = life.processed();
    if !processed.is_empty() {
        let by: Vec<String> = processed
            .iter()
            .map(|(g, n)| format!("{} ×{n}", group_name(scene, g.0)))
            .collect();
        facts.push((t("viz.inspector.fact.processed"), by.join(", ")));
    }
    let steps = life
        .events()
        .iter()
        .filter_map(|e| step(e, scene))
        .collect();
    Inspection {
        record: id,
        title: record_name(id),
        why: why(life, &j, scene),
        verdicts: j.verdicts,
        facts,
        steps,
    }
}

pub(super) fn group_name(scene: &Scene, g: u16) -> String {
    scene
        .groups
        .get(g as usize)
        .map_or_else(|| format!("group-{g}"), |g| g.name.clone())
}

pub(super) fn reason_text(r: PartitionReason, partitions: usize, chosen: u32) -> String {
    match r {
        PartitionReason::Explicit => t("viz.inspector.reason.explicit").to_string(),
        PartitionReason::KeyHash(h) => {
            format!("murmur2(key) = {h}; toPositive({h}) % {partitions} = {chosen}")
        }
        PartitionReason::Sticky => t("viz.inspector.reason.sticky").to_string(),
        PartitionReason::RoundRobin => t("viz.inspector.reason.round_robin").to_string(),
        PartitionReason::LegacyRoundRobin => t("viz.inspector.reason.legacy").to_string(),
    }
}

pub(super) fn callback_text(life: &RecordLife) -> String {
    for e in life.events() {
        match &e.what {
            TraceEvent::RecordAcked {
                at,
                offset,
                timestamp,
                acks,
                ..
            } => {
                return fill(
                    t("viz.inspector.callback.acked"),
                    &[
                        ("offset", offset),
                        ("timestamp", &seconds(*timestamp)),
                        ("at", &seconds(*at)),
                        ("acks", &acks_name(*acks)),
                    ],
                )
            }
            TraceEvent::RecordFailed { at, error, .. } => {
                return fill(
                    t("viz.inspector.callback.failed"),
                    &[
                        ("exception", &error.exception_name()),
                        ("at", &seconds(*at)),
                    ],
                )
            }
            _ => {}
        }
    }
    t("viz.inspector.callback.not_called").to_string()
}

/// The line for one life event (`None`: nothing worth a line).
/// The timeline marker's words for a cluster event, in the page's language.
fn marker_text(what: &TraceEvent, scene: &Scene) -> String {
    crate::viz::timeline::marker_of(what, scene).map_or_else(String::new, |(_, _, w)| w.text())
}

pub(super) fn step(e: &LifeEvent, scene: &Scene) -> Option<Step> {
    use TraceEvent::*;
    let line = |stage: &'static str, text: String, bad: bool| {
        Some(Step {
            at: e.what.at(),
            stage,
            text,
            bad,
        })
    };
    match &e.what {
        SendBlocked { .. } => line(
            "producer",
            t("viz.inspector.step.send_blocked").into(),
            false,
        ),
        RecordSent { tp, .. } => line(
            "producer",
            fill(
                t("viz.inspector.step.sent"),
                &[("partition", &scene.tp_name(*tp))],
            ),
            false,
        ),
        RecordBatched {
            batch,
            new_batch,
            batch_bytes,
            ..
        } => line(
            "producer",
            fill(
                if *new_batch {
                    t("viz.inspector.step.batch_opened")
                } else {
                    t("viz.inspector.step.batch_appended")
                },
                &[("batch", &batch.0), ("bytes", batch_bytes)],
            ),
            false,
        ),
        BatchSplit { batch, into, .. } => line(
            "producer",
            fill(
                t("viz.inspector.step.batch_split"),
                &[
                    ("batch", &batch.0),
                    (
                        "into",
                        &into
                            .iter()
                            .map(|b| b.0.to_string())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ],
            ),
            true,
        ),
        BatchesDrained {
            broker,
            correlation_id,
            ..
        } => line(
            "producer",
            fill(
                t("viz.inspector.step.drained"),
                &[("broker", &broker.0), ("correlation_id", correlation_id)],
            ),
            false,
        ),
        MessageSent {
            from,
            to,
            api,
            response,
            ..
        } => {
            let key = match (api, response, to) {
                (Api::Produce, false, _) => t("viz.inspector.step.produce_request"),
                (Api::ReplicaFetch, _, _) | (Api::Fetch, true, NodeId::Broker(_)) => {
                    t("viz.inspector.step.replicated")
                }
                (Api::Fetch, _, _) => t("viz.inspector.step.fetch_response"),
                _ if *response => t("viz.inspector.step.api_response"),
                _ => t("viz.inspector.step.api_request"),
            };
            line(
                "network",
                fill(key, &[("api", &api.name()), ("from", from), ("to", to)]),
                false,
            )
        }
        MessageDelivered { .. } => None,
        MessageDropped { .. } => line("network", t("viz.inspector.step.dropped").into(), true),
        // The record's life carries the append cut down to the record: `base_offset` is its offset.
        RecordsAppended {
            broker,
            base_offset: offset,
            leader_epoch,
            ..
        } => line(
            "broker",
            fill(
                t("viz.inspector.step.appended"),
                &[
                    ("broker", &broker.0),
                    ("offset", offset),
                    ("epoch", &leader_epoch.0),
                ],
            ),
            false,
        ),
        DuplicateBatchDropped { broker, .. } => line(
            "broker",
            fill(
                t("viz.inspector.step.duplicate_dropped"),
                &[("broker", &broker.0)],
            ),
            false,
        ),
        BatchRetried {
            error,
            attempt,
            backoff_until,
            ..
        } => line(
            "producer",
            fill(
                t("viz.inspector.step.retried"),
                &[
                    ("error", &error.wire_name()),
                    ("attempt", attempt),
                    ("until", &seconds(*backoff_until)),
                ],
            ),
            true,
        ),
        ProduceRequestCompleted { broker, error, .. } => match error {
            None => line(
                "network",
                fill(
                    t("viz.inspector.step.produce_response"),
                    &[("broker", &broker.0)],
                ),
                false,
            ),
            Some(err) => line(
                "producer",
                fill(
                    t("viz.inspector.step.request_ended"),
                    &[("broker", &broker.0), ("error", &err.wire_name())],
                ),
                true,
            ),
        },
        HighWatermarkAdvanced { broker, hw, .. } => line(
            "broker",
            fill(
                t("viz.inspector.step.hw_passed"),
                &[("broker", &broker.0), ("hw", hw)],
            ),
            false,
        ),
        LogTruncated { broker, to, .. } => line(
            "broker",
            fill(
                t("viz.inspector.step.truncated"),
                &[("broker", &broker.0), ("to", to)],
            ),
            true,
        ),
        // The cluster's moments read as the timeline names them (the same words).
        LeaderElected { unclean, .. } => line("cluster", marker_text(&e.what, scene), *unclean),
        IsrChanged { .. } => line("cluster", marker_text(&e.what, scene), false),
        BrokerCrashed { broker, .. } => line(
            "cluster",
            fill(
                t("viz.inspector.step.broker_crashed"),
                &[("broker", &broker.0)],
            ),
            true,
        ),
        BrokerRestarted { .. } => line("cluster", marker_text(&e.what, scene), false),
        BrokerShutDown { broker, .. } => line(
            "cluster",
            fill(
                t("viz.inspector.step.broker_shut_down"),
                &[("broker", &broker.0)],
            ),
            false,
        ),
        RecordAcked { offset, acks, .. } => line(
            "callback",
            fill(
                t("viz.inspector.step.acked"),
                &[("offset", offset), ("acks", &acks_name(*acks))],
            ),
            false,
        ),
        RecordFailed { error, .. } => line(
            "callback",
            fill(
                t("viz.inspector.step.failed"),
                &[("exception", &error.exception_name())],
            ),
            true,
        ),
        RecordsPolled {
            consumer, records, ..
        } => line(
            "consumer",
            fill(
                t("viz.inspector.step.polled"),
                &[
                    ("consumer", &consumer.0),
                    (
                        "partition",
                        &records
                            .first()
                            .map_or_else(String::new, |r| scene.tp_name(r.0)),
                    ),
                    ("offset", &records.first().map_or(0, |r| r.1)),
                ],
            ),
            false,
        ),
        RecordConsumed {
            consumer, group, ..
        } => line(
            "consumer",
            fill(
                t("viz.inspector.step.processed"),
                &[
                    ("consumer", &consumer.0),
                    ("group", &group_name(scene, group.0)),
                ],
            ),
            false,
        ),
        OffsetCommitted {
            group, tp, offset, ..
        } => line(
            "consumer",
            fill(
                t("viz.inspector.step.committed"),
                &[
                    ("group", &group_name(scene, group.0)),
                    ("offset", offset),
                    ("partition", &scene.tp_name(*tp)),
                ],
            ),
            false,
        ),
        ConsumerLifecycle { consumer, what, .. } => line(
            "consumer",
            lifecycle_text(*consumer, *what),
            matches!(what, crate::engine::trace::ConsumerLifecycle::Crashed),
        ),
        PartitionsRevoked { consumer, .. } => line(
            "consumer",
            fill(
                t("viz.inspector.step.revoked"),
                &[("consumer", &consumer.0)],
            ),
            false,
        ),
        RebalanceCompleted {
            group, generation, ..
        } => line(
            "consumer",
            fill(
                t("viz.inspector.step.rebalanced"),
                &[
                    ("group", &group_name(scene, group.0)),
                    ("generation", &generation.0),
                ],
            ),
            false,
        ),
        _ => None,
    }
}
