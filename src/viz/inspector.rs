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
use crate::engine::record_life::{Judgement, LifeEvent, RecordLife, Verdict};
use crate::engine::time::Instant;
use crate::engine::trace::{PartitionReason, TraceEvent};
use crate::engine::Sim;
use crate::kafka::acks::Acks;
pub use crate::viz::frame::record_name;
use crate::viz::frame::seconds;
use crate::viz::scene::Scene;

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

fn acks_name(a: Acks) -> &'static str {
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
                "key",
                match key {
                    Some(k) => format!("\"{k}\" ({} B)", key_bytes.unwrap_or(0)),
                    None => "null".to_string(),
                },
            ));
            facts.push((
                "size",
                format!("value {value_bytes} B · estimated {size_bytes} B (checked against max.request.size)"),
            ));
            let partitions = sim.setup().topic(*tp).assignment.len();
            facts.push((
                "partition",
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
        facts.push(("batch", format!("batch {b}")));
    }
    facts.push(("callback", callback_text(life)));
    if let Some(b) = j.reference.map(|b| b.0) {
        let offsets: Vec<String> = j.offsets.iter().map(u64::to_string).collect();
        facts.push((
            "in the log",
            if offsets.is_empty() {
                format!(
                    "not in the log of broker-{b} (the leader) · HW {}",
                    j.high_watermark
                )
            } else {
                format!(
                    "offset {} on broker-{b} (the leader) · HW {}",
                    offsets.join(", "),
                    j.high_watermark
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
        facts.push(("processed", by.join(", ")));
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

fn group_name(scene: &Scene, g: u16) -> String {
    scene
        .groups
        .get(g as usize)
        .map_or_else(|| format!("group-{g}"), |g| g.name.clone())
}

fn reason_text(r: PartitionReason, partitions: usize, chosen: u32) -> String {
    match r {
        PartitionReason::Explicit => "ProducerRecord.partition was set".to_string(),
        PartitionReason::KeyHash(h) => format!(
            "murmur2(key) = {h}; toPositive({h}) % {partitions} = {chosen}"
        ),
        PartitionReason::Sticky => {
            "null key: the sticky partitioner's current partition (it moves on when a batch is full or sent)".to_string()
        }
        PartitionReason::RoundRobin => "RoundRobinPartitioner: the next partition in turn".to_string(),
        PartitionReason::LegacyRoundRobin => "null key: the pre-2.4 DefaultPartitioner's round-robin".to_string(),
    }
}

fn callback_text(life: &RecordLife) -> String {
    for e in life.events() {
        match &e.what {
            TraceEvent::RecordAcked {
                at,
                offset,
                timestamp,
                acks,
                ..
            } => {
                return format!(
                    "RecordMetadata(offset {offset}, timestamp {}) at {} with {}",
                    seconds(*timestamp),
                    seconds(*at),
                    acks_name(*acks)
                )
            }
            TraceEvent::RecordFailed { at, error, .. } => {
                return format!("{} at {}", error.exception_name(), seconds(*at))
            }
            _ => {}
        }
    }
    "not called yet".to_string()
}

/// The line for one life event (`None`: nothing worth a line).
fn step(e: &LifeEvent, scene: &Scene) -> Option<Step> {
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
        SendBlocked { .. } => line("producer", "send() blocks: waiting for metadata or buffer.memory (at most max.block.ms)".into(), false),
        RecordSent { tp, .. } => line("producer", format!("send(): serialized, partitioned to {}", scene.tp_name(*tp)), false),
        RecordBatched { batch, new_batch, batch_bytes, .. } => line(
            "producer",
            format!("RecordAccumulator: {} batch {} ({batch_bytes} B of batch.size)", if *new_batch { "opened" } else { "appended to" }, batch.0),
            false,
        ),
        BatchSplit { batch, into, .. } => line(
            "producer",
            format!("batch {} split after MESSAGE_TOO_LARGE into batches {}", batch.0, into.iter().map(|b| b.0.to_string()).collect::<Vec<_>>().join(", ")),
            true,
        ),
        BatchesDrained { broker, correlation_id, .. } => line(
            "producer",
            format!("Sender drained its batch into a Produce request to broker-{} (correlation id {correlation_id})", broker.0),
            false,
        ),
        MessageSent { from, to, api, response, .. } => {
            let text = match (api, response, to) {
                (Api::Produce, false, _) => format!("Produce request {from} → {to}"),
                (Api::ReplicaFetch, _, _) | (Api::Fetch, true, NodeId::Broker(_)) => {
                    format!("replicated: Fetch response {from} → {to}")
                }
                (Api::Fetch, _, _) => format!("Fetch response {from} → {to}"),
                _ => format!("{} {} {from} → {to}", api.name(), if *response { "response" } else { "request" }),
            };
            line("network", text, false)
        }
        MessageDelivered { .. } => None,
        MessageDropped { .. } => line("network", "a message carrying it was lost (cut link or dead receiver)".into(), true),
        RecordAppended { broker, offset, leader_epoch, .. } => line(
            "broker",
            format!("broker-{} appended it at offset {offset} (leader epoch {})", broker.0, leader_epoch.0),
            false,
        ),
        DuplicateBatchDropped { broker, .. } => line(
            "broker",
            format!("broker-{} recognised the retried batch by its sequence number and did not write it again", broker.0),
            false,
        ),
        BatchRetried { error, attempt, backoff_until, .. } => line(
            "producer",
            format!("batch retried after {} (attempt {attempt}), not before {} (retry.backoff.ms)", error.wire_name(), seconds(*backoff_until)),
            true,
        ),
        ProduceRequestCompleted { broker, error, .. } => match error {
            None => line("network", format!("Produce response from broker-{} arrived", broker.0), false),
            Some(err) => line("producer", format!("the request to broker-{} ended: {}", broker.0, err.wire_name()), true),
        },
        HighWatermarkAdvanced { broker, hw, .. } => line(
            "broker",
            format!("high watermark on broker-{} passed it (HW {hw}): committed there", broker.0),
            false,
        ),
        LogTruncated { broker, to, .. } => line(
            "broker",
            format!("broker-{} truncated its log to offset {to} and removed it (its log diverged from the new leader's)", broker.0),
            true,
        ),
        LeaderElected { tp, leader, leader_epoch, unclean, .. } => line(
            "cluster",
            match leader {
                Some(b) => format!("{}: broker-{} elected leader, leader epoch {}{}", scene.tp_name(*tp), b.0, leader_epoch.0, if *unclean { " (unclean election)" } else { "" }),
                None => format!("{}: no leader (offline)", scene.tp_name(*tp)),
            },
            *unclean,
        ),
        IsrChanged { tp, isr, shrunk, .. } => line(
            "cluster",
            format!("{}: ISR {} to [{}]", scene.tp_name(*tp), if *shrunk { "shrank" } else { "expanded" }, isr.iter().map(|b| b.0.to_string()).collect::<Vec<_>>().join(",")),
            false,
        ),
        BrokerCrashed { broker, .. } => line("cluster", format!("broker-{} crashed", broker.0), true),
        BrokerRestarted { broker, .. } => line("cluster", format!("broker-{} restarted", broker.0), false),
        BrokerShutDown { broker, .. } => line("cluster", format!("broker-{} shut down (controlled)", broker.0), false),
        RecordAcked { offset, acks, .. } => line("callback", format!("callback: RecordMetadata(offset {offset}) with {}", acks_name(*acks)), false),
        RecordFailed { error, .. } => line("callback", format!("callback: {}", error.exception_name()), true),
        RecordsPolled { consumer, records, .. } => line(
            "consumer",
            format!("consumer-{}'s poll() returned it ({} @ {})", consumer.0, records.first().map_or_else(String::new, |r| scene.tp_name(r.0)), records.first().map_or(0, |r| r.1)),
            false,
        ),
        RecordConsumed { consumer, group, .. } => line(
            "consumer",
            format!("consumer-{} processed it (group {})", consumer.0, group_name(scene, group.0)),
            false,
        ),
        OffsetCommitted { group, tp, offset, .. } => line(
            "consumer",
            format!("group {} committed offset {offset} on {}: the commit covers it", group_name(scene, group.0), scene.tp_name(*tp)),
            false,
        ),
        ConsumerLifecycle { consumer, what, .. } => line(
            "consumer",
            format!("consumer-{} {}", consumer.0, what.name()),
            matches!(what, crate::engine::trace::ConsumerLifecycle::Crashed),
        ),
        PartitionsRevoked { consumer, .. } => line("consumer", format!("consumer-{} revoked its partitions (rebalance)", consumer.0), false),
        RebalanceCompleted { group, generation, .. } => line(
            "consumer",
            format!("group {} rebalanced (generation {})", group_name(scene, group.0), generation.0),
            false,
        ),
        _ => None,
    }
}

/// The sentence behind the headline verdict.
fn why(life: &RecordLife, j: &Judgement, scene: &Scene) -> String {
    let ev = life.events();
    let find = |f: &dyn Fn(&TraceEvent) -> bool| {
        ev.iter()
            .map(|e| &e.what)
            .filter(|e| f(e))
            .collect::<Vec<_>>()
    };
    match j.verdict() {
        Verdict::Lost => {
            let leader = j.reference.map_or_else(|| "no broker".to_string(), |b| format!("broker-{}", b.0));
            let mut s = format!("Acknowledged ({}), but not in the log of {leader}, the leader now.", callback_text(life));
            for e in find(&|e| matches!(e, TraceEvent::LeaderElected { .. })) {
                if let TraceEvent::LeaderElected { at, leader: Some(b), leader_epoch, unclean, .. } = e {
                    let had = life.copies().iter().any(|c| c.0 == *b);
                    if !had || *unclean {
                        s.push_str(&format!(
                            " At {} broker-{} was elected leader (leader epoch {}{}) without it.",
                            seconds(*at),
                            b.0,
                            leader_epoch.0,
                            if *unclean { ", an unclean election" } else { "" }
                        ));
                        break;
                    }
                }
            }
            for e in find(&|e| matches!(e, TraceEvent::LogTruncated { .. })) {
                if let TraceEvent::LogTruncated { at, broker, to, .. } = e {
                    s.push_str(&format!(" broker-{} truncated it at {} (to offset {to}) when it followed the new leader.", broker.0, seconds(*at)));
                }
            }
            s
        }
        Verdict::Failed => format!("Its callback got {}: the producer gave up on it (see the attempts below).", life.failed().map_or("an exception", |e| e.exception_name())),
        Verdict::Duplicated => {
            let retries = find(&|e| matches!(e, TraceEvent::BatchRetried { .. })).len();
            let broker = j.reference.map_or(0, |b| b.0);
            let copies: Vec<String> = copy_attempts(life, j)
                .into_iter()
                .map(|(offset, from)| match from {
                    Some(a) => format!(
                        "offset {offset} from attempt {} (Produce request, correlation id {}, sent {})",
                        a.attempt,
                        a.correlation_id.map_or_else(|| "?".to_string(), |c| c.to_string()),
                        seconds(a.sent)
                    ),
                    None => format!("offset {offset} (copied from the leader by replication)"),
                })
                .collect();
            format!(
                "{} copies in broker-{broker}'s log: {}. Its batch was sent again ({retries} retr{}) after the broker had already written it, and without enable.idempotence the broker cannot tell a retry from a new batch.",
                j.offsets.len(),
                copies.join("; "),
                if retries == 1 { "y" } else { "ies" }
            )
        }
        Verdict::Reordered => {
            let Some((later, at)) = j.behind else {
                return "After a later-sent record of the same producer in its partition's log.".to_string();
            };
            format!(
                "At offset {}, behind {} (sent later, at offset {at}): its batch was retried while a later batch, in flight at the same time (max.in.flight.requests.per.connection > 1), was written first. enable.idempotence=true keeps send order.",
                j.offsets.first().copied().unwrap_or(0),
                record_name(later)
            )
        }
        Verdict::ConsumedTwice => {
            let times: Vec<String> = find(&|e| matches!(e, TraceEvent::RecordConsumed { .. }))
                .iter()
                .filter_map(|e| match e {
                    TraceEvent::RecordConsumed { at, consumer, .. } => Some(format!("consumer-{} at {}", consumer.0, seconds(*at))),
                    _ => None,
                })
                .collect();
            let cause = find(&|e| matches!(e, TraceEvent::ConsumerLifecycle { .. } | TraceEvent::RebalanceCompleted { .. }))
                .first()
                .and_then(|e| step(&LifeEvent { event: 0, what: (*e).clone() }, scene))
                .map_or_else(String::new, |s| format!(" {} at {} before a commit covered it, so its partition was read again from the last committed offset.", s.text, seconds(s.at)));
            format!("Processed {} times: by {}.{cause}", times.len(), times.join(", "))
        }
        Verdict::Pending => {
            let last = ev.iter().rev().find_map(|e| step(e, scene));
            format!("Not acknowledged yet{}.", last.map_or_else(String::new, |s| format!("; last: {} at {}", s.text, seconds(s.at))))
        }
        Verdict::Safe if j.offsets.iter().any(|o| *o < j.high_watermark) => format!(
            "Acknowledged ({}), in the leader's log below the high watermark (committed), once and in send order.",
            callback_text(life)
        ),
        Verdict::Safe => format!(
            "Acknowledged ({}) and in the leader's log, but not yet below its high watermark ({}): not committed, so a leader failure now would lose it.",
            callback_text(life),
            j.high_watermark
        ),
    }
}

/// The produce attempt a copy of the record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// 1 for the first produce request that carried the record, 2 for its first retry, ...
    pub attempt: usize,
    /// That request's correlation id.
    pub correlation_id: Option<u64>,
    /// When it was sent.
    pub sent: Instant,
}

/// Each of the record's copies in the reference replica's log, with the produce request whose handling appended it
/// (`None`: the replica got it by replication, as a follower).
///
/// The leader appends while it handles a produce request, so the copy's `RecordAppended` follows the delivery of
/// that request in the same engine step; attempts are numbered in the order the requests were sent.
pub fn copy_attempts(life: &RecordLife, j: &Judgement) -> Vec<(u64, Option<Attempt>)> {
    let Some(reference) = j.reference else {
        return Vec::new();
    };
    let mut attempts: Vec<(crate::engine::ids::MessageId, NodeId, Attempt)> = Vec::new();
    let mut delivered: Option<usize> = None;
    let mut out = Vec::new();
    for e in life.events() {
        match &e.what {
            TraceEvent::MessageSent {
                id,
                to,
                api: Api::Produce,
                response: false,
                at,
                correlation_id,
                ..
            } => attempts.push((
                *id,
                *to,
                Attempt {
                    attempt: attempts.len() + 1,
                    correlation_id: *correlation_id,
                    sent: *at,
                },
            )),
            TraceEvent::MessageDelivered { id, .. } => {
                delivered = attempts.iter().position(|a| a.0 == *id);
            }
            TraceEvent::RecordAppended { broker, offset, .. }
                if *broker == reference && j.offsets.contains(offset) =>
            {
                let from = delivered
                    .map(|i| attempts[i])
                    .filter(|a| a.1 == NodeId::Broker(reference))
                    .map(|a| a.2);
                // A truncated offset written again is the later copy.
                match out
                    .iter_mut()
                    .find(|c: &&mut (u64, Option<Attempt>)| c.0 == *offset)
                {
                    Some(c) => c.1 = from,
                    None => out.push((*offset, from)),
                }
            }
            _ => {}
        }
    }
    out
}
