//! A consumer card: running or not, the poll loop's phase, owned partitions and positions, rebalance tags, and
//! the coordinator's session timer counting down under it.
//!
//! Models: a `KafkaConsumer` seen from its application (`assignment()`, `position(tp)`, the rebalance listener's
//! revoked / assigned partitions) and from its group coordinator (the member's session, restarted by every
//! Heartbeat and JoinGroup, expiring after `session.timeout.ms`).
//!
//! Simplifications: the session countdown is drawn on the moving layer (it changes every frame); the card itself
//! only changes with the scene.

use super::text::{countdown, fill, fit_list};
use crate::engine::time::Instant;
use crate::i18n::t;
use crate::viz::layout::{Layout, Point, Rect};
use crate::viz::scene::{ConsumerView, Scene};

/// A heartbeat answer pulses the consumer for this long, µs of virtual time.
pub const PULSE_US: u64 = 300_000;
/// A member's "revoked …" / "assigned …" tag stays this long after the event, µs of virtual time.
pub const REBALANCE_TAG_US: u64 = 2_000_000;

/// A consumer card.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsumerSprite {
    /// Index.
    pub idx: u16,
    /// Card.
    pub rect: Rect,
    /// Running.
    pub alive: bool,
    /// "polling", "processing", "crashed"...
    pub phase: String,
    /// "owns orders-0, orders-2" or "owns nothing".
    pub assigned: String,
    /// "position orders-0@13".
    pub positions: String,
    /// Records processed.
    pub consumed: u64,
    /// A heartbeat was answered just now.
    pub pulse: bool,
    /// Owned partitions, `topic-N`, for the `data-assigned` hook.
    pub assigned_list: Vec<String>,
    /// Alive, in the group, group Stable, and no partition (more members than partitions).
    pub idle: bool,
    /// The coordinator counts it as a member.
    pub member: bool,
    /// "revoked orders-1" shortly after a revocation.
    pub revoked: Option<String>,
    /// "assigned orders-0" shortly after partitions were added.
    pub newly_assigned: Option<String>,
    /// A small card (a compact group: [`Layout::compact_groups`]): name, phase and counts only.
    pub compact: bool,
}

impl ConsumerSprite {
    /// `phase` in the page's language, for the card and its tooltip (`phase` itself is the `data-phase` hook).
    pub fn phase_text(&self) -> &str {
        match self.phase.as_str() {
            "stopped" => t("viz.consumer.phase.stopped"),
            "polling" => t("viz.consumer.phase.polling"),
            "processing" => t("viz.consumer.phase.processing"),
            "committing" => t("viz.consumer.phase.committing"),
            "closing" => t("viz.consumer.phase.closing"),
            "closed" => t("viz.consumer.phase.closed"),
            "started" => t("viz.consumer.phase.started"),
            "crashed" => t("viz.consumer.phase.crashed"),
            "not started" => t("viz.consumer.phase.not_started"),
            other => other,
        }
    }
}

/// The coordinator's session timer of one member: how long before `session.timeout.ms` runs out.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionSprite {
    /// The consumer.
    pub consumer: u16,
    /// Baseline-left of the label.
    pub at: Point,
    /// The bar's full extent (it shrinks from the right as time passes).
    pub bar: Rect,
    /// Time left, 0..1 of `session.timeout.ms`.
    pub fraction: f32,
    /// Time left, ms (0 once expired).
    pub left_ms: u64,
    /// `session.timeout.ms`.
    pub timeout_ms: u64,
    /// "session 8.2 s left" / "session expired".
    pub label: String,
}

/// `(time left, fraction left)` of a session timer restarted at `reset` with `timeout_ms`, at `now`.
pub fn session_left(reset: Instant, timeout_ms: u64, now: Instant) -> (u64, f32) {
    let total_us = timeout_ms.saturating_mul(1000);
    let left_us = (reset.0.saturating_add(total_us)).saturating_sub(now.0);
    let fraction = if total_us == 0 {
        0.0
    } else {
        (left_us.min(total_us) as f64 / total_us as f64) as f32
    };
    (left_us / 1000, fraction)
}

/// Which rebalance callback a member's tag shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RebalanceTag {
    Revoked,
    Assigned,
}

/// The newer of a member's last revocation and last assignment, while it is recent: which, and its text.
fn rebalance_tag(scene: &Scene, c: &ConsumerView, now: Instant) -> Option<(RebalanceTag, String)> {
    let (tag, (at, tps)) = match (&c.last_revoked, &c.last_assigned) {
        (Some(r), Some(a)) if a.0 >= r.0 => (RebalanceTag::Assigned, a),
        (Some(r), _) => (RebalanceTag::Revoked, r),
        (None, Some(a)) => (RebalanceTag::Assigned, a),
        (None, None) => return None,
    };
    let key = match tag {
        RebalanceTag::Revoked => t("viz.consumer.revoked"),
        RebalanceTag::Assigned => t("viz.consumer.assigned"),
    };
    (c.alive() && now >= *at && now.0 - at.0 < REBALANCE_TAG_US).then(|| {
        let names = fit_list(tps.iter().map(|tp| scene.tp_name(*tp)).collect(), 28);
        (tag, fill(key, &[("partitions", &names)]))
    })
}

/// Every consumer card the layout has room for.
pub(super) fn consumer_sprites(
    scene: &Scene,
    layout: &Layout,
    now: Instant,
) -> Vec<ConsumerSprite> {
    scene
        .consumers
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let rect = *layout.consumers.get(i)?;
            Some(consumer_sprite(scene, c, rect, now, layout.compact_groups))
        })
        .collect()
}

fn consumer_sprite(
    scene: &Scene,
    c: &ConsumerView,
    rect: Rect,
    now: Instant,
    compact: bool,
) -> ConsumerSprite {
    let owned = fit_list(c.assigned.iter().map(|tp| scene.tp_name(*tp)).collect(), 32);
    let positions = fit_list(
        c.assigned
            .iter()
            .filter_map(|tp| {
                c.positions
                    .get(tp)
                    .map(|o| format!("{}@{o}", scene.tp_name(*tp)))
            })
            .collect(),
        28,
    );
    let idle = scene.is_idle(c.idx);
    let tag = rebalance_tag(scene, c, now);
    let tag_text = |want: RebalanceTag| {
        tag.as_ref()
            .filter(|(k, _)| *k == want)
            .map(|(_, t)| t.clone())
    };
    ConsumerSprite {
        idx: c.idx.0,
        rect,
        alive: c.alive(),
        phase: if c.alive() {
            c.phase.name().to_string()
        } else {
            c.lifecycle.map_or("not started", |l| l.name()).to_string()
        },
        assigned: if idle {
            t("viz.consumer.idle").into()
        } else if owned.is_empty() {
            t("viz.consumer.owns_none").into()
        } else {
            fill(t("viz.consumer.owns"), &[("partitions", &owned)])
        },
        positions: if positions.is_empty() {
            String::new()
        } else {
            format!("position {positions}")
        },
        consumed: c.consumed,
        pulse: c
            .last_heartbeat
            .is_some_and(|t| now.0.saturating_sub(t.0) < PULSE_US),
        assigned_list: c.assigned.iter().map(|tp| scene.tp_name(*tp)).collect(),
        idle,
        member: c.member_id.is_some(),
        revoked: tag_text(RebalanceTag::Revoked),
        newly_assigned: tag_text(RebalanceTag::Assigned),
        compact,
    }
}

/// The coordinator's view: a member's session runs from its last Heartbeat/JoinGroup until `session.timeout.ms`.
pub(super) fn session_sprites(scene: &Scene, layout: &Layout, now: Instant) -> Vec<SessionSprite> {
    scene
        .consumers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.member_id.is_some())
        .filter_map(|(i, c)| {
            let rect = *layout.consumers.get(i)?;
            let reset = c.session_reset_at?;
            let (left_ms, fraction) = session_left(reset, c.session_timeout_ms, now);
            if layout.compact_groups {
                // A small card: the bar along its bottom edge, the time left in its tooltip.
                return Some(SessionSprite {
                    consumer: c.idx.0,
                    at: Point {
                        x: rect.x + 6.0,
                        y: rect.bottom() - 4.0,
                    },
                    bar: Rect {
                        x: rect.x + 6.0,
                        y: rect.bottom() - 6.0,
                        w: (rect.w - 12.0).max(1.0),
                        h: 3.0,
                    },
                    fraction,
                    left_ms,
                    timeout_ms: c.session_timeout_ms,
                    label: String::new(),
                });
            }
            let bar_x = rect.x + 112.0;
            Some(SessionSprite {
                consumer: c.idx.0,
                at: Point {
                    x: rect.x + 10.0,
                    y: rect.y + 87.0,
                },
                bar: Rect {
                    x: bar_x,
                    y: rect.y + 81.0,
                    w: (rect.right() - 10.0 - bar_x).max(1.0),
                    h: 5.0,
                },
                fraction,
                left_ms,
                timeout_ms: c.session_timeout_ms,
                label: if left_ms == 0 {
                    t("viz.consumer.session_expired").into()
                } else {
                    fill(
                        t("viz.consumer.session_left"),
                        &[("time", &countdown(left_ms))],
                    )
                },
            })
        })
        .collect()
}
