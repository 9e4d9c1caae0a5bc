//! Where a lesson's steps pause, and whether what they highlight is on the stage there. The page and the native
//! lesson test use the same plan: the lesson's scenario is run once to its end (a preset runs in milliseconds) and
//! each step's `wait` is looked up among the timeline's markers.

use super::frame::Frame;
use super::timeline::MarkerKind;
use super::timeline::Timeline;
use super::{frame, Layout};
use crate::engine::time::Instant;
use crate::i18n::{fill, t};
use crate::scenario::lesson::{self, Lesson};
use crate::scenario::Scenario;

/// A lesson, ready to play: its scenario and each step's pause instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// What the lesson runs.
    pub scenario: Scenario,
    /// Each step's pause instant, in step order (never decreasing).
    pub pauses: Vec<Instant>,
}

/// Plans `lesson`: runs its scenario and finds every step's pause instant; an error names the step whose event
/// never happens.
pub fn plan(lesson: &Lesson) -> Result<Plan, String> {
    let scenario = lesson::scenario(lesson)?;
    let mut run = Timeline::new(&scenario).map_err(|e| format!("lesson '{}': {e}", lesson.name))?;
    let end = run.sim().end();
    run.advance_to(end);
    let markers = run.markers();
    let mut pauses = Vec::with_capacity(lesson.steps.len());
    let mut prev = Instant(0);
    for (i, step) in lesson.steps.iter().enumerate() {
        let at = if let Some(ms) = step.at_ms {
            Instant::from_ms(ms).min(end)
        } else if let Some(w) = &step.wait {
            let kind = MarkerKind::ALL
                .into_iter()
                .find(|k| k.name() == w.marker)
                .ok_or_else(|| {
                    format!(
                        "lesson '{}' step {}: no marker kind '{}' (one of: {})",
                        lesson.name,
                        i + 1,
                        w.marker,
                        MarkerKind::ALL.map(|k| k.name()).join(", ")
                    )
                })?;
            markers
                .iter()
                .filter(|m| m.kind == kind && m.at > prev)
                .filter(|m| {
                    w.text
                        .as_ref()
                        .is_none_or(|t| m.english().contains(t.as_str()))
                })
                .nth(w.nth as usize - 1)
                .map(|m| m.at)
                .ok_or_else(|| {
                    format!(
                        "lesson '{}' step {}: the run has no {} '{}' marker{} after {} ms",
                        lesson.name,
                        i + 1,
                        ordinal(w.nth),
                        w.marker,
                        w.text
                            .as_ref()
                            .map(|t| format!(" saying '{t}'"))
                            .unwrap_or_default(),
                        prev.as_ms()
                    )
                })?
        } else {
            prev
        };
        if at < prev {
            return Err(format!(
                "lesson '{}' step {}: pauses at {} ms, before step {} ({} ms)",
                lesson.name,
                i + 1,
                at.as_ms(),
                i,
                prev.as_ms()
            ));
        }
        pauses.push(at);
        prev = at;
    }
    Ok(Plan { scenario, pauses })
}

fn ordinal(n: u32) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        n => format!("{n}th"),
    }
}

/// Every `data-testid` the stage draws for `f` (the cards' layer; `ui::components::stage` names them the same way),
/// the targets a lesson step may highlight.
pub fn stage_targets(f: &Frame) -> Vec<String> {
    let mut out = vec!["controller".to_string()];
    for b in &f.brokers {
        out.push(format!("broker-{}", b.id));
        out.extend(
            b.replicas
                .iter()
                .map(|r| format!("replica-{}-{}", b.id, r.partition)),
        );
        // The high watermark's bar, where the log row draws it.
        out.extend(
            b.replicas
                .iter()
                .filter(|r| r.hw_x.is_some())
                .map(|r| format!("hw-{}-{}", b.id, r.partition)),
        );
    }
    for p in &f.producers {
        let i = p.idx;
        out.push(format!("producer-{i}"));
        out.push(format!("producer-{i}-partitioner"));
        if !p.geom.compact {
            out.push(format!("producer-{i}-serializer"));
            out.push(format!("producer-{i}-callbacks"));
            out.extend(
                p.deques
                    .iter()
                    .map(|d| format!("producer-{i}-deque-{}", d.tp)),
            );
            out.extend(
                p.in_flight
                    .iter()
                    .map(|s| format!("producer-{i}-inflight-{}", s.broker)),
            );
        }
    }
    for g in &f.groups {
        out.push(format!("group-{}", g.idx));
        out.extend(
            g.rows
                .iter()
                .map(|r| format!("group-{}-partition-{}", g.idx, r.partition)),
        );
        out.extend(
            g.lines
                .iter()
                .map(|l| format!("assignment-{}", l.partition)),
        );
    }
    out.extend(f.consumers.iter().map(|c| format!("consumer-{}", c.idx)));
    out
}

/// The stage's targets at each step's pause, in step order (the lesson test checks every highlight against them).
pub fn targets_at_pauses(plan: &Plan) -> Result<Vec<Vec<String>>, String> {
    let mut run = Timeline::new(&plan.scenario).map_err(|e| e.to_string())?;
    let layout = Layout::new(run.scene());
    let mut out = Vec::with_capacity(plan.pauses.len());
    for &at in &plan.pauses {
        run.advance_to(at);
        out.push(stage_targets(&frame(run.scene(), &layout, at)));
    }
    Ok(out)
}

/// A highlight target (a stage test hook, as `stage_targets` lists them) in words, for the lesson panel: "the
/// orders-0 replica on broker-2" rather than `replica-2-orders-0`. Group names come from `frame`; an id of no known
/// shape stays as it is.
pub fn target_words(id: &str, frame: Option<&Frame>) -> String {
    let split = |rest: &str| {
        rest.split_once('-')
            .map(|(a, b)| (a.to_string(), b.to_string()))
    };
    let group_name = |n: &str| {
        frame
            .and_then(|f| f.groups.iter().find(|g| g.idx.to_string() == n))
            .map_or_else(|| format!("group-{n}"), |g| g.name.clone())
    };
    if id == "controller" {
        return t("lesson.target.controller").to_string();
    }
    if let Some((b, p)) = id.strip_prefix("replica-").and_then(split) {
        return fill(
            t("lesson.target.replica"),
            &[("broker", &b), ("partition", &p)],
        );
    }
    if let Some((b, p)) = id.strip_prefix("hw-").and_then(split) {
        return fill(t("lesson.target.hw"), &[("broker", &b), ("partition", &p)]);
    }
    if let Some(p) = id.strip_prefix("assignment-") {
        return fill(t("lesson.target.assignment"), &[("partition", &p)]);
    }
    if let Some((n, rest)) = id.strip_prefix("producer-").and_then(split) {
        let words = match rest.split_once('-') {
            Some(("deque", p)) => fill(
                t("lesson.target.deque"),
                &[("producer", &n), ("partition", &p)],
            ),
            Some(("inflight", b)) => fill(
                t("lesson.target.inflight"),
                &[("producer", &n), ("broker", &b)],
            ),
            _ => match rest.as_str() {
                "callbacks" => fill(t("lesson.target.callbacks"), &[("producer", &n)]),
                "partitioner" => fill(t("lesson.target.partitioner"), &[("producer", &n)]),
                "serializer" => fill(t("lesson.target.serializer"), &[("producer", &n)]),
                _ => id.to_string(),
            },
        };
        return words;
    }
    if let Some((n, rest)) = id.strip_prefix("group-").and_then(split) {
        if let Some(p) = rest.strip_prefix("partition-") {
            return fill(
                t("lesson.target.group_row"),
                &[("group", &group_name(&n)), ("partition", &p)],
            );
        }
    }
    if let Some(n) = id.strip_prefix("group-") {
        return fill(t("lesson.target.group"), &[("group", &group_name(n))]);
    }
    id.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{set_lang, Lang};

    #[test]
    fn every_highlight_of_every_lesson_reads_as_words_in_both_languages() {
        for l in lesson::all().iter() {
            for s in &l.steps {
                for id in &s.highlight {
                    for lang in [Lang::En, Lang::Ko] {
                        set_lang(lang);
                        let w = target_words(id, None);
                        let plain = id.starts_with("broker-")
                            || id.starts_with("consumer-")
                            || (id.starts_with("producer-")
                                && id[9..].chars().all(|c| c.is_ascii_digit()));
                        assert!(plain || w != *id, "{}: '{id}' has no words", l.name);
                        assert!(!w.contains('{'), "{w}");
                    }
                    set_lang(Lang::En);
                }
            }
        }
        assert_eq!(
            target_words("replica-2-orders-0", None),
            "the orders-0 replica on broker-2"
        );
        assert_eq!(target_words("no-such-hook", None), "no-such-hook");
    }
}
