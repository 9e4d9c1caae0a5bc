//! The timeline's markers: the moments worth jumping to, in Kafka's words.
//!
//! Models: what an operator would look for first in a run's logs: the faults that were injected, the produce errors
//! clients saw (refusals, retries, failed callbacks), leader elections, ISR changes, consumer-group rebalances, and log truncations (where acknowledged
//! records can be lost: a follower that becomes leader without them, or a replica that truncates to the new leader).
//!
//! The event log lists these and a few more, in the same words: brokers coming back, group membership and state,
//! consumer lifecycle and errors.
//!
//! A marker keeps its text as catalogue words (`viz.marker.text.*`), shown in the page's language when drawn;
//! lessons and the CLI match markers by the English ([`Marker::english`]), whatever the page's language.
//!
//! A duplicate copy or a record out of send order is marked when the leader writes it (`guarantee_marker`, from
//! the scene's log marks).
//!
//! Simplifications: at most [`MAX_MARKERS`] markers are kept per run; a duplicate is marked only when its first
//! copy is among the last 4,096 offsets of the leader's log (`scene::log_marks`).

use crate::engine::ids::{BrokerId, NodeId};
use crate::engine::time::Instant;
use crate::engine::trace::TraceEvent;
use crate::i18n::{fill, key, t, Lang, Words};
use crate::scenario::action::Action;
use crate::viz::scene::Scene;

/// At most this many markers are kept (a long run with a flapping ISR would otherwise keep one per change).
pub const MAX_MARKERS: usize = 10_000;

/// What kind of moment a marker is (`data-kind` on the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// A scripted action or an intervention from the page ran (crash, restart, cut link, ...).
    Fault,
    /// A produce error: the broker refused a batch, the producer retries one, or a record's callback got an
    /// exception.
    Error,
    /// The controller elected a partition leader.
    Election,
    /// A partition's ISR shrank or expanded.
    Isr,
    /// A consumer group completed a rebalance.
    Rebalance,
    /// A replica truncated records from its log.
    Truncation,
    /// A leader wrote a record out of send order or a second copy of it (a broken guarantee, also marked on the
    /// log row).
    Guarantee,
    /// A broker came back: restarted, or unfenced by the controller (event log only).
    Broker,
    /// A consumer group's membership or state changed (event log only).
    Group,
    /// A consumer started, crashed, closed, was woken up, or saw an error (event log only).
    Consumer,
}

impl MarkerKind {
    /// Every kind (the event log's filter).
    pub const ALL: [MarkerKind; 10] = [
        MarkerKind::Fault,
        MarkerKind::Error,
        MarkerKind::Election,
        MarkerKind::Isr,
        MarkerKind::Rebalance,
        MarkerKind::Truncation,
        MarkerKind::Guarantee,
        MarkerKind::Broker,
        MarkerKind::Group,
        MarkerKind::Consumer,
    ];

    /// The kinds drawn on the timeline, in legend order (one lane each): the first seven.
    pub const ON_TIMELINE: &'static [MarkerKind] = Self::ALL.split_at(7).0;

    /// Whether the timeline draws it (the others are in the event log only).
    pub fn on_timeline(self) -> bool {
        Self::ON_TIMELINE.contains(&self)
    }

    /// The `data-kind` value and CSS modifier.
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Fault => "fault",
            MarkerKind::Error => "error",
            MarkerKind::Election => "election",
            MarkerKind::Isr => "isr",
            MarkerKind::Rebalance => "rebalance",
            MarkerKind::Truncation => "truncation",
            MarkerKind::Guarantee => "guarantee",
            MarkerKind::Broker => "broker",
            MarkerKind::Group => "group",
            MarkerKind::Consumer => "consumer",
        }
    }

    /// The legend's words.
    pub fn label(self) -> &'static str {
        match self {
            MarkerKind::Fault => t("viz.marker.fault"),
            MarkerKind::Error => t("viz.marker.error"),
            MarkerKind::Election => t("viz.marker.election"),
            MarkerKind::Isr => t("viz.marker.isr"),
            MarkerKind::Rebalance => t("viz.marker.rebalance"),
            MarkerKind::Truncation => t("viz.marker.truncation"),
            MarkerKind::Guarantee => t("viz.marker.guarantee"),
            MarkerKind::Broker => t("viz.marker.broker"),
            MarkerKind::Group => t("viz.marker.group"),
            MarkerKind::Consumer => t("viz.marker.consumer"),
        }
    }
}

/// One moment on the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// When.
    pub at: Instant,
    /// The engine's event count after the event that made it (markers past a fork are dropped by it).
    pub event: u64,
    /// What kind.
    pub kind: MarkerKind,
    /// The node it happened on, if one (the event log's node filter).
    pub node: Option<NodeId>,
    /// What happened, in Kafka's words (the marker's tooltip), as catalogue words: see [`Marker::text`].
    pub words: Words,
}

impl Marker {
    /// What happened, in the page's language (the event log, the tooltips, the live region).
    pub fn text(&self) -> String {
        self.words.text()
    }

    /// What happened, in English whatever the page's language: lessons and the CLI look markers up by these words.
    pub fn english(&self) -> String {
        self.words.text_in(Lang::En)
    }
}

/// The marker for `e`, if it is one: its kind, the node it happened on, and what happened; `scene` names topics
/// and groups.
pub fn marker_of(e: &TraceEvent, scene: &Scene) -> Option<(MarkerKind, Option<NodeId>, Words)> {
    use crate::engine::trace::ConsumerLifecycle as Life;
    use MarkerKind as K;
    use TraceEvent::*;
    let broker = |b: &BrokerId| Some(NodeId::Broker(*b));
    let group = |g: &crate::engine::ids::GroupIdx| {
        scene
            .groups
            .get(g.0 as usize)
            .map_or_else(|| format!("group-{}", g.0), |g| g.name.clone())
    };
    Some(match e {
        ActionApplied { action, .. } => (K::Fault, None, Action::words_of(action)),
        BrokerFenced { broker: b, .. } => (
            K::Fault,
            broker(b),
            Words::new(key("viz.marker.text.fenced"), &[("broker", &b.0)]),
        ),
        ProduceErrored {
            broker: b,
            tp,
            error,
            ..
        } => (
            K::Error,
            broker(b),
            Words::new(
                key("viz.marker.text.produce_refused"),
                &[
                    ("broker", &b.0),
                    ("partition", &scene.tp_name(*tp)),
                    ("error", &error.exception_name()),
                ],
            ),
        ),
        BatchRetried {
            producer,
            tp,
            error,
            attempt,
            ..
        } => (
            K::Error,
            Some(NodeId::Producer(*producer)),
            Words::new(
                key("viz.marker.text.batch_retried"),
                &[
                    ("producer", &producer.0),
                    ("partition", &scene.tp_name(*tp)),
                    ("error", &error.exception_name()),
                    ("attempt", attempt),
                ],
            ),
        ),
        RecordFailed { record, error, .. } => (
            K::Error,
            Some(NodeId::Producer(record.producer())),
            Words::new(
                key("viz.marker.text.record_failed"),
                &[
                    ("n", &record.send_index()),
                    ("producer", &record.producer().0),
                    ("error", &error.exception_name()),
                ],
            ),
        ),
        LeaderElected {
            tp,
            leader,
            leader_epoch,
            unclean,
            ..
        } => (
            K::Election,
            Some(NodeId::Controller),
            match leader {
                Some(b) => Words::new(
                    if *unclean {
                        key("viz.marker.text.elected_unclean")
                    } else {
                        key("viz.marker.text.elected")
                    },
                    &[
                        ("partition", &scene.tp_name(*tp)),
                        ("broker", &b.0),
                        ("epoch", &leader_epoch.0),
                    ],
                ),
                None => Words::new(
                    key("viz.marker.text.offline"),
                    &[("partition", &scene.tp_name(*tp))],
                ),
            },
        ),
        IsrChanged {
            tp, isr, shrunk, ..
        } => (
            K::Isr,
            Some(NodeId::Controller),
            Words::new(
                if *shrunk {
                    key("viz.marker.text.isr_shrank")
                } else {
                    key("viz.marker.text.isr_expanded")
                },
                &[
                    ("partition", &scene.tp_name(*tp)),
                    (
                        "isr",
                        &isr.iter()
                            .map(|b| b.0.to_string())
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                ],
            ),
        ),
        RebalanceCompleted {
            group: g,
            generation,
            ..
        } => (
            K::Rebalance,
            None,
            Words::new(
                key("viz.marker.text.rebalance_completed"),
                &[("group", &group(g)), ("generation", &generation.0)],
            ),
        ),
        LogTruncated {
            broker: b,
            tp,
            to,
            removed,
            ..
        } if !removed.is_empty() => (
            K::Truncation,
            broker(b),
            Words::new(
                if removed.len() == 1 {
                    key("viz.marker.text.truncated_one")
                } else {
                    key("viz.marker.text.truncated")
                },
                &[
                    ("broker", &b.0),
                    ("partition", &scene.tp_name(*tp)),
                    ("to", to),
                    ("n", &removed.len()),
                ],
            ),
        ),
        BrokerRestarted { broker: b, .. } => (
            K::Broker,
            broker(b),
            Words::new(key("viz.marker.text.restarted"), &[("broker", &b.0)]),
        ),
        BrokerUnfenced { broker: b, .. } => (
            K::Broker,
            broker(b),
            Words::new(key("viz.marker.text.unfenced"), &[("broker", &b.0)]),
        ),
        MemberJoined {
            group: g, consumer, ..
        } => (
            K::Group,
            Some(NodeId::Consumer(*consumer)),
            Words::new(
                key("viz.marker.text.joined"),
                &[("consumer", &consumer.0), ("group", &group(g))],
            ),
        ),
        MemberRemoved {
            group: g,
            member_id,
            reason,
            ..
        } => (
            K::Group,
            None,
            Words::new(
                key("viz.marker.text.member_removed"),
                &[
                    ("group", &group(g)),
                    ("member", member_id),
                    ("reason", &reason.name()),
                ],
            ),
        ),
        GroupStateChanged {
            group: g,
            state,
            generation,
            ..
        } => (
            K::Group,
            None,
            Words::new(
                key("viz.marker.text.group_state"),
                &[
                    ("group", &group(g)),
                    ("state", &state.name()),
                    ("generation", &generation.0),
                ],
            ),
        ),
        ConsumerLifecycle { consumer, what, .. } => (
            K::Consumer,
            Some(NodeId::Consumer(*consumer)),
            Words::new(
                match what {
                    Life::Started => key("viz.marker.text.consumer_started"),
                    Life::Crashed => key("viz.marker.text.consumer_crashed"),
                    Life::Closed => key("viz.marker.text.consumer_closed"),
                    Life::Wakeup => key("viz.marker.text.consumer_wakeup"),
                },
                &[("consumer", &consumer.0)],
            ),
        ),
        PollTimeoutExpired { consumer, .. } => (
            K::Consumer,
            Some(NodeId::Consumer(*consumer)),
            Words::new(
                key("viz.marker.text.poll_timeout"),
                &[("consumer", &consumer.0)],
            ),
        ),
        CommitFailed {
            consumer, error, ..
        } => (
            K::Consumer,
            Some(NodeId::Consumer(*consumer)),
            Words::new(
                key("viz.marker.text.commit_failed"),
                &[
                    ("consumer", &consumer.0),
                    ("error", &error.exception_name()),
                ],
            ),
        ),
        ConsumerErrored {
            consumer, error, ..
        } => (
            K::Consumer,
            Some(NodeId::Consumer(*consumer)),
            Words::new(
                key("viz.marker.text.consumer_error"),
                &[
                    ("consumer", &consumer.0),
                    ("error", &error.exception_name()),
                ],
            ),
        ),
        _ => return None,
    })
}

/// Markers of one kind close together on the timeline, drawn as one mark.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkerSpot {
    /// The kind (one lane per kind).
    pub kind: MarkerKind,
    /// The first marker's instant (a click jumps there).
    pub at: Instant,
    /// Where, as a percentage of the run.
    pub left_pct: f32,
    /// How many markers it stands for.
    pub count: usize,
    /// The tooltip: the first few markers' texts, then how many more, in the page's language (made when drawn).
    pub text: String,
}

/// Tooltip lines per spot before "and N more".
const SPOT_LINES: usize = 3;

/// The markers bucketed into `buckets` equal slices of the run per kind, so that a thousand ISR changes draw as a
/// few marks and no two marks of a lane overlap.
pub fn marker_spots(markers: &[Marker], end: Instant, buckets: u32) -> Vec<MarkerSpot> {
    let end_us = end.0.max(1) as f64;
    let bucket_of = |at: Instant| ((at.0 as f64 / end_us * buckets as f64) as u32).min(buckets);
    let mut spots: Vec<(u32, MarkerSpot, Vec<String>)> = Vec::new();
    for m in markers.iter().filter(|m| m.kind.on_timeline()) {
        let b = bucket_of(m.at);
        match spots
            .iter_mut()
            .rev()
            .find(|(sb, s, _)| s.kind == m.kind && *sb == b)
        {
            Some((_, s, lines)) => {
                s.count += 1;
                if lines.len() < SPOT_LINES {
                    lines.push(m.text());
                }
            }
            None => spots.push((
                b,
                MarkerSpot {
                    kind: m.kind,
                    at: m.at,
                    left_pct: (m.at.0 as f64 / end_us * 100.0).min(100.0) as f32,
                    count: 1,
                    text: String::new(),
                },
                vec![m.text()],
            )),
        }
    }
    spots
        .into_iter()
        .map(|(_, mut s, lines)| {
            s.text = format!(
                "t = {}: {}",
                crate::viz::frame::seconds(s.at),
                lines.join("; ")
            );
            if s.count > lines.len() {
                s.text.push_str("; ");
                s.text.push_str(&fill(
                    t("viz.marker.more"),
                    &[("n", &(s.count - lines.len()))],
                ));
            }
            s
        })
        .collect()
}

/// A marker for each record the leader of its partition just wrote out of send order or a second time, if `e` is
/// an append on the leader; `scene` is the state just after `e` (its log marks found them). A leader appends one
/// producer's batch, in send order, so a later record of the batch never changes an earlier one's mark.
pub fn guarantee_marker(e: &TraceEvent, scene: &Scene) -> Vec<(MarkerKind, Option<NodeId>, Words)> {
    use crate::viz::scene::log_marks::CellMark;
    let TraceEvent::RecordsAppended {
        broker,
        tp,
        base_offset,
        records,
        ..
    } = e
    else {
        return Vec::new();
    };
    let Some(p) = scene.partition(*tp).filter(|p| p.leader == Some(*broker)) else {
        return Vec::new();
    };
    let Some(replica) = p.replica(*broker) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let offset = base_offset + i as u64;
        let k = match replica.marks.at(offset) {
            Some(CellMark::Copy) => key("viz.marker.text.guarantee_copy"),
            Some(CellMark::Order(_)) => key("viz.marker.text.guarantee_order"),
            None => continue,
        };
        found.push((
            MarkerKind::Guarantee,
            Some(NodeId::Broker(*broker)),
            Words::new(
                k,
                &[
                    ("broker", &broker.0),
                    ("n", &record.send_index()),
                    ("producer", &record.producer().0),
                    ("offset", &offset),
                    ("partition", &scene.tp_name(*tp)),
                ],
            ),
        ));
    }
    found
}
