//! Where a lesson's steps pause, and whether what they highlight is on the stage there. The page and the native
//! lesson test use the same plan: the lesson's scenario is run once to its end (a preset runs in milliseconds) and
//! each step's `wait` is looked up among the timeline's markers.

use super::frame::Frame;
use super::timeline::MarkerKind;
use super::timeline::Timeline;
use super::{frame, Layout};
use crate::engine::time::Instant;
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
