//! The moving layer: messages travelling between nodes with their record dots, and the markers of messages just
//! lost.
//!
//! Models: each Kafka request or response as it crosses the simulated network. A message is drawn along its path
//! at `progress = (now - sent_at) / (deliver_at - sent_at)`, the way RaftScope's `messageSpec(from, to, frac)`
//! does; its records ride on it as dots, so one record can be followed hop by hop by its id.
//!
//! Simplifications: at most [`MAX_DOTS_PER_MESSAGE`] dots per message, with a count for the rest; a lost message's
//! marker fades over [`DROP_US`].

use crate::engine::ids::RecordId;
use crate::engine::protocol::Api;
use crate::engine::time::Instant;
use crate::viz::layout::{Curve, Layout, Point};
use crate::viz::scene::{Scene, MAX_DROPS};

/// Record dots drawn on one message; the rest are counted in [`MessageSprite::more`].
pub const MAX_DOTS_PER_MESSAGE: usize = 8;
/// How long a lost message's marker stays, µs of virtual time.
pub const DROP_US: u64 = 600_000;

/// What kind of traffic a message is (one colour each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Traffic {
    /// Produce requests and responses.
    Produce,
    /// Consumer fetches.
    Fetch,
    /// Follower fetches (replication).
    Replication,
    /// Group membership and offsets.
    Group,
    /// Metadata and controller traffic.
    Control,
}

impl Traffic {
    /// BEM modifier.
    pub fn name(self) -> &'static str {
        match self {
            Traffic::Produce => "produce",
            Traffic::Fetch => "fetch",
            Traffic::Replication => "replication",
            Traffic::Group => "group",
            Traffic::Control => "control",
        }
    }

    fn of(api: Api) -> Traffic {
        match api {
            Api::Produce => Traffic::Produce,
            Api::Fetch | Api::ListOffsets => Traffic::Fetch,
            Api::ReplicaFetch => Traffic::Replication,
            a if a.is_group() => Traffic::Group,
            _ => Traffic::Control,
        }
    }
}

/// A record dot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RecordDot {
    /// The record (stable through every hop).
    pub record_id: u64,
    /// Position.
    pub at: Point,
    /// The producer that sent it (for its colour).
    pub producer: u16,
}

/// A message in flight.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageSprite {
    /// Message id (a stable key).
    pub id: u64,
    /// Where it is now.
    pub at: Point,
    /// Its path.
    pub path: Curve,
    /// Progress, 0..1.
    pub progress: f32,
    /// The Kafka API name.
    pub api: &'static str,
    /// Response rather than request.
    pub response: bool,
    /// Kind of traffic.
    pub traffic: Traffic,
    /// The error it carries (wire name), drawn red.
    pub error: Option<&'static str>,
    /// Up to [`MAX_DOTS_PER_MESSAGE`] record dots, around `at`.
    pub dots: Vec<RecordDot>,
    /// Records not drawn.
    pub more: usize,
}

/// A message that was just lost.
#[derive(Clone, Debug, PartialEq)]
pub struct DropSprite {
    /// Message id.
    pub id: u64,
    /// Where it was lost.
    pub at: Point,
    /// 0 (just lost) .. 1 (about to vanish).
    pub age: f32,
    /// The Kafka API name.
    pub api: &'static str,
}

fn progress(now: Instant, sent_at: Instant, deliver_at: Instant) -> f32 {
    let total = deliver_at.0.saturating_sub(sent_at.0);
    if total == 0 {
        return 1.0;
    }
    let done = now.0.saturating_sub(sent_at.0).min(total);
    // Integer ratio in parts per 10^6 first, so the float conversion never loses the ordering.
    ((done as u128 * 1_000_000 / total as u128) as f32) / 1_000_000.0
}

/// Up to [`MAX_DOTS_PER_MESSAGE`] dots in a 4-wide grid around `center`, and the number of records left out.
pub(super) fn dots_around(center: Point, records: &[RecordId]) -> (Vec<RecordDot>, usize) {
    let shown = records.len().min(MAX_DOTS_PER_MESSAGE);
    let dots = records[..shown]
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let (col, row) = ((k % 4) as f32, (k / 4) as f32);
            RecordDot {
                record_id: r.0,
                at: Point {
                    x: center.x + (col - 1.5) * 5.5,
                    y: center.y + (row - 0.5) * 5.5,
                },
                producer: r.producer().0,
            }
        })
        .collect();
    (dots, records.len() - shown)
}

/// Every message still on the wire at `now`, where it is along its path.
pub(super) fn message_sprites(scene: &Scene, layout: &Layout, now: Instant) -> Vec<MessageSprite> {
    scene
        .in_flight
        .values()
        .filter(|m| now < m.deliver_at)
        .filter_map(|m| {
            let path = layout.curve(m.from, m.to, m.response)?;
            let t = progress(now, m.sent_at, m.deliver_at);
            let at = path.at(t);
            let (dots, more) = dots_around(at, &m.records);
            Some(MessageSprite {
                id: m.id.0,
                at,
                path,
                progress: t,
                api: m.api.name(),
                response: m.response,
                traffic: Traffic::of(m.api),
                error: m.error.map(|e| e.wire_name()),
                dots,
                more,
            })
        })
        .collect()
}

/// Messages lost within the last [`DROP_US`], where they were when lost.
pub(super) fn drop_sprites(scene: &Scene, layout: &Layout, now: Instant) -> Vec<DropSprite> {
    scene
        .dropped
        .iter()
        .rev()
        .take(MAX_DROPS)
        .filter(|(at, _)| now >= *at && now.0 - at.0 < DROP_US)
        .filter_map(|(at, m)| {
            let path = layout.curve(m.from, m.to, m.response)?;
            let point = path.at(progress(*at, m.sent_at, m.deliver_at));
            Some(DropSprite {
                id: m.id.0,
                at: point,
                age: (now.0 - at.0) as f32 / DROP_US as f32,
                api: m.api.name(),
            })
        })
        .collect()
}

/// What a click at `p` (stage units) on the moving layer hits: the record dot nearest to it within `radius`, and
/// the message carrying it. The motion layer is a canvas, so this stands in for a click handler per dot.
pub fn record_at(
    messages: &[MessageSprite],
    p: Point,
    radius: f32,
) -> Option<(&MessageSprite, &RecordDot)> {
    let d2 = |q: Point| (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y);
    messages
        .iter()
        .flat_map(|m| m.dots.iter().map(move |d| (m, d)))
        .filter(|(_, d)| d2(d.at) <= radius * radius)
        .min_by(|a, b| d2(a.1.at).total_cmp(&d2(b.1.at)))
}

#[cfg(test)]
mod tests {
    //! Goal: a click finds the record dot under it, the nearest of several, and nothing off the dots.
    use super::*;

    fn message(id: u64, at: Point, records: &[u64]) -> MessageSprite {
        let records: Vec<RecordId> = records.iter().map(|r| RecordId(*r)).collect();
        let (dots, more) = dots_around(at, &records);
        MessageSprite {
            id,
            at,
            path: Curve::quadratic(at, at, at),
            progress: 0.5,
            api: "Produce",
            response: false,
            traffic: Traffic::Produce,
            error: None,
            dots,
            more,
        }
    }

    #[test]
    fn a_click_finds_the_nearest_dot() {
        let ms = vec![
            message(1, Point { x: 100.0, y: 100.0 }, &[10, 11, 12]),
            message(2, Point { x: 300.0, y: 50.0 }, &[20]),
        ];
        // The dots of message 1 sit 5.5 units apart; each one is found at its own position.
        for d in &ms[0].dots {
            let (m, hit) = record_at(&ms, d.at, 3.0).expect("a dot");
            assert_eq!((m.id, hit.record_id), (1, d.record_id));
        }
        let lone = ms[1].dots[0].at;
        let near = Point {
            x: lone.x + 1.5,
            y: lone.y - 1.5,
        };
        let (m, hit) = record_at(&ms, near, 3.0).expect("a dot");
        assert_eq!((m.id, hit.record_id), (2, 20));
        assert!(record_at(&ms, Point { x: 200.0, y: 200.0 }, 3.0).is_none());
    }
}
