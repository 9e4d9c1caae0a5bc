//! The sentence under the inspector's verdict: which events of the record's life made it lost, duplicated,
//! processed twice or delivered once, in Kafka's words.

use super::{callback_text, copy_attempts, record_name, step};
use crate::engine::record_life::{Judgement, LifeEvent, RecordLife, Verdict};
use crate::engine::trace::TraceEvent;
use crate::i18n::{fill, t};
use crate::viz::frame::seconds;
use crate::viz::scene::Scene;

/// The sentence behind the headline verdict.
pub(super) fn why(life: &RecordLife, j: &Judgement, scene: &Scene) -> String {
    let ev = life.events();
    let find = |f: &dyn Fn(&TraceEvent) -> bool| {
        ev.iter()
            .map(|e| &e.what)
            .filter(|e| f(e))
            .collect::<Vec<_>>()
    };
    match j.verdict() {
        Verdict::Lost => {
            let leader = j.reference.map_or_else(
                || t("viz.inspector.why.no_broker").to_string(),
                |b| format!("broker-{}", b.0),
            );
            let mut s = fill(
                t("viz.inspector.why.lost"),
                &[("callback", &callback_text(life)), ("leader", &leader)],
            );
            for e in find(&|e| matches!(e, TraceEvent::LeaderElected { .. })) {
                if let TraceEvent::LeaderElected {
                    at,
                    leader: Some(b),
                    leader_epoch,
                    unclean,
                    ..
                } = e
                {
                    let had = life.copies().iter().any(|c| c.0 == *b);
                    if !had || *unclean {
                        s.push(' ');
                        s.push_str(&fill(
                            if *unclean {
                                t("viz.inspector.why.elected_unclean")
                            } else {
                                t("viz.inspector.why.elected")
                            },
                            &[
                                ("at", &seconds(*at)),
                                ("broker", &b.0),
                                ("epoch", &leader_epoch.0),
                            ],
                        ));
                        break;
                    }
                }
            }
            for e in find(&|e| matches!(e, TraceEvent::LogTruncated { .. })) {
                if let TraceEvent::LogTruncated { at, broker, to, .. } = e {
                    s.push(' ');
                    s.push_str(&fill(
                        t("viz.inspector.why.truncated"),
                        &[("broker", &broker.0), ("at", &seconds(*at)), ("to", to)],
                    ));
                }
            }
            s
        }
        Verdict::Failed => fill(
            t("viz.inspector.why.failed"),
            &[(
                "exception",
                &life
                    .failed()
                    .map_or(t("viz.inspector.why.an_exception"), |e| e.exception_name()),
            )],
        ),
        Verdict::Duplicated => {
            let retries = find(&|e| matches!(e, TraceEvent::BatchRetried { .. })).len();
            let broker = j.reference.map_or(0, |b| b.0);
            let copies: Vec<String> = copy_attempts(life, j)
                .into_iter()
                .map(|(offset, from)| match from {
                    Some(a) => fill(
                        t("viz.inspector.why.copy_from_attempt"),
                        &[
                            ("offset", &offset),
                            ("attempt", &a.attempt),
                            (
                                "correlation_id",
                                &a.correlation_id
                                    .map_or_else(|| "?".to_string(), |c| c.to_string()),
                            ),
                            ("sent", &seconds(a.sent)),
                        ],
                    ),
                    None => fill(
                        t("viz.inspector.why.copy_replicated"),
                        &[("offset", &offset)],
                    ),
                })
                .collect();
            fill(
                if retries == 1 {
                    t("viz.inspector.why.duplicated_one")
                } else {
                    t("viz.inspector.why.duplicated_many")
                },
                &[
                    ("n", &j.offsets.len()),
                    ("broker", &broker),
                    ("copies", &copies.join("; ")),
                    ("retries", &retries),
                ],
            )
        }
        Verdict::Reordered => {
            let Some((later, at)) = j.behind else {
                return t("viz.inspector.why.reordered_unknown").to_string();
            };
            fill(
                t("viz.inspector.why.reordered"),
                &[
                    ("offset", &j.offsets.first().copied().unwrap_or(0)),
                    ("later", &record_name(later)),
                    ("later_offset", &at),
                ],
            )
        }
        Verdict::ConsumedTwice => {
            let times: Vec<String> = find(&|e| matches!(e, TraceEvent::RecordConsumed { .. }))
                .iter()
                .filter_map(|e| match e {
                    TraceEvent::RecordConsumed { at, consumer, .. } => Some(fill(
                        t("viz.inspector.why.consumed_by"),
                        &[("consumer", &consumer.0), ("at", &seconds(*at))],
                    )),
                    _ => None,
                })
                .collect();
            let cause = find(&|e| {
                matches!(
                    e,
                    TraceEvent::ConsumerLifecycle { .. } | TraceEvent::RebalanceCompleted { .. }
                )
            })
            .first()
            .and_then(|e| {
                step(
                    &LifeEvent {
                        event: 0,
                        what: (*e).clone(),
                    },
                    scene,
                )
            })
            .map_or_else(String::new, |s| {
                format!(
                    " {}",
                    fill(
                        t("viz.inspector.why.consumed_cause"),
                        &[("step", &s.text), ("at", &seconds(s.at))]
                    )
                )
            });
            fill(
                t("viz.inspector.why.consumed_twice"),
                &[
                    ("n", &times.len()),
                    ("by", &times.join(", ")),
                    ("cause", &cause),
                ],
            )
        }
        Verdict::Pending => {
            let last = ev.iter().rev().find_map(|e| step(e, scene));
            let last = last.map_or_else(String::new, |s| {
                fill(
                    t("viz.inspector.why.pending_last"),
                    &[("step", &s.text), ("at", &seconds(s.at))],
                )
            });
            fill(t("viz.inspector.why.pending"), &[("last", &last)])
        }
        Verdict::Safe if j.offsets.iter().any(|o| *o < j.high_watermark) => fill(
            t("viz.inspector.why.safe_committed"),
            &[("callback", &callback_text(life))],
        ),
        Verdict::Safe => fill(
            t("viz.inspector.why.safe_uncommitted"),
            &[
                ("callback", &callback_text(life)),
                ("hw", &j.high_watermark),
            ],
        ),
    }
}
