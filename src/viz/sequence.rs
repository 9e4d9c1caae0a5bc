//! The message sequence diagram: a space-time diagram (ShiViz, Maelstrom) of a window of virtual time before the
//! instant shown: one lane per node, time going down, one arrow per message from its send to its delivery,
//! coloured by API, errors in red, lost messages ending in ✕. Where arrows are denser than a pixel row they are
//! drawn once with a count, and past [`MAX_ARROWS`] merged again over rows twice as tall (up to 9 times), so a busy
//! window stays drawable.
//!
//! Models: what a packet capture of the run's Kafka protocol would show (request and response of each API).
//!
//! Simplifications: the window's messages are followed by the timeline as the run plays, and replayed from the
//! checkpoint before the window after a seek (`Timeline::watch_messages`); a message still in flight at the instant shown is drawn up to it; the correlation id
//! is not on the wire model's messages, so an arrow names its message id and (for a Produce request) its records.

use crate::engine::ids::NodeId;
use crate::engine::protocol::Api;
use crate::engine::time::Instant;
use crate::viz::frame::{record_name, seconds};
use crate::viz::scene::Scene;
pub use crate::viz::timeline::messages::{Fate, Message, MessageLog};
use std::collections::BTreeMap;

/// The colour class of an API (`seq__arrow--{class}`).
pub fn api_class(api: Api) -> &'static str {
    match api {
        Api::Produce => "produce",
        Api::Fetch => "fetch",
        Api::ReplicaFetch => "replica-fetch",
        Api::Heartbeat => "heartbeat",
        Api::JoinGroup => "join-group",
        Api::SyncGroup => "sync-group",
        Api::OffsetCommit | Api::OffsetFetch => "offset-commit",
        _ => "metadata",
    }
}

/// A class's place in [`API_FILTERS`] (errors after them), for cheap keys.
fn class_index(class: &str) -> u8 {
    API_FILTERS
        .iter()
        .position(|(c, _)| *c == class)
        .unwrap_or(API_FILTERS.len()) as u8
}

/// The APIs the filter offers, by class, with their names.
pub const API_FILTERS: [(&str, &str); 8] = [
    ("produce", "Produce"),
    ("fetch", "Fetch (consumer)"),
    ("replica-fetch", "Fetch (replica)"),
    ("heartbeat", "Heartbeat"),
    ("join-group", "JoinGroup"),
    ("sync-group", "SyncGroup"),
    ("offset-commit", "OffsetCommit / OffsetFetch"),
    ("metadata", "Metadata, controller and other"),
];

/// Arrows drawn at most: past this, arrows of the same lanes, API and fate are merged over taller rows.
pub const MAX_ARROWS: usize = 250;
/// View box width.
pub const WIDTH: f32 = 280.0;
/// View box height.
pub const HEIGHT: f32 = 300.0;
/// Room for the lane names at the top.
pub const HEAD: f32 = 26.0;
/// Room for the time labels at the left.
pub const LEFT: f32 = 30.0;

/// One drawn arrow (possibly several messages drawn as one).
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// Start and end points.
    pub x1: f32,
    /// Start y.
    pub y1: f32,
    /// End x.
    pub x2: f32,
    /// End y.
    pub y2: f32,
    /// Colour class (`api_class`), or `error`.
    pub class: &'static str,
    /// Lost on the way (ends in ✕).
    pub lost: bool,
    /// Messages drawn as this arrow.
    pub count: usize,
    /// The first message (what a click shows).
    pub message: Message,
}

/// The diagram, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagram {
    /// Lanes: (x, name).
    pub lanes: Vec<(f32, String)>,
    /// The arrows.
    pub arrows: Vec<Arrow>,
    /// The window: from, to.
    pub from: Instant,
    /// Its end (the instant shown).
    pub to: Instant,
    /// Messages in the window before filtering and aggregation.
    pub messages: usize,
    /// Time ticks: (y, label).
    pub ticks: Vec<(f32, String)>,
}

/// Every node of the run, in lane order: producers, brokers, controller, consumers.
pub fn lanes(scene: &Scene) -> Vec<NodeId> {
    let mut v: Vec<NodeId> = scene
        .producers
        .iter()
        .map(|p| NodeId::Producer(p.idx))
        .collect();
    v.extend(scene.brokers.iter().map(|b| NodeId::Broker(b.id)));
    v.push(NodeId::Controller);
    v.extend(scene.consumers.iter().map(|c| NodeId::Consumer(c.idx)));
    v
}

/// Lays out `log`'s messages between `from` and `to` on the lanes of `nodes`, those touching `node` (if given) and
/// of API class `api` (if given).
pub fn diagram(
    log: &MessageLog,
    nodes: &[NodeId],
    from: Instant,
    to: Instant,
    node: Option<NodeId>,
    api: Option<&str>,
) -> Diagram {
    let pitch = (WIDTH - LEFT) / nodes.len().max(1) as f32;
    let lane_x = |i: usize| LEFT + pitch * (i as f32 + 0.5);
    let lanes_by_node: BTreeMap<NodeId, usize> =
        nodes.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let lane = |n: NodeId| lanes_by_node.get(&n).copied();
    let span = to.0.saturating_sub(from.0).max(1) as f32;
    let y_of = |t: Instant| {
        HEAD + (HEIGHT - HEAD - 4.0) * (t.0.saturating_sub(from.0) as f32 / span).min(1.0)
    };
    // One pass over the messages: those of the same lanes, API and fate sent within one pixel row are one arrow.
    let mut arrows: Vec<Arrow> = Vec::new();
    let mut keys: Vec<(u16, u16, u8, bool, u32)> = Vec::new();
    // Messages come in send order, so rows go down: only the current row's arrows can take a message.
    let mut row_start = 0;
    for m in &log.messages {
        if m.sent > to
            || node.is_some_and(|n| m.from != n && m.to != n)
            || api.is_some_and(|a| api_class(m.api) != a)
        {
            continue;
        }
        let (Some(l1), Some(l2)) = (lane(m.from), lane(m.to)) else {
            continue;
        };
        let (end, lost) = match m.fate {
            Fate::Delivered => (m.deliver_at, false),
            Fate::Dropped(at) => (at, true),
            Fate::InFlight => (to, false),
        };
        let (y1, y2) = (y_of(m.sent), y_of(end.min(to)));
        let class = if m.error.is_some() {
            "error"
        } else {
            api_class(m.api)
        };
        let key = (l1 as u16, l2 as u16, class_index(class), lost, y1 as u32);
        if keys.last().is_some_and(|k| k.4 != key.4) {
            row_start = keys.len();
        }
        if let Some(i) = keys[row_start..].iter().position(|k| *k == key) {
            arrows[row_start + i].count += 1;
            continue;
        }
        keys.push(key);
        arrows.push(Arrow {
            x1: lane_x(l1),
            y1,
            x2: lane_x(l2),
            y2,
            class,
            lost,
            count: 1,
            message: m.clone(),
        });
    }
    // Too many to draw smoothly: merge the arrows (not the messages again) over rows twice as tall, and again.
    let mut shift = 0;
    while arrows.len() > MAX_ARROWS && shift < 9 {
        shift += 1;
        let mut merged: Vec<Arrow> = Vec::new();
        let mut merged_keys = Vec::new();
        let mut index: BTreeMap<(u16, u16, u8, bool, u32), usize> = BTreeMap::new();
        for (a, k) in arrows.into_iter().zip(keys) {
            let coarse = (k.0, k.1, k.2, k.3, k.4 >> 1);
            match index.get(&coarse) {
                Some(&i) => merged[i].count += a.count,
                None => {
                    index.insert(coarse, merged.len());
                    merged_keys.push(coarse);
                    merged.push(a);
                }
            }
        }
        arrows = merged;
        keys = merged_keys;
    }
    let ticks = (0..=4)
        .map(|k| {
            let t = Instant(from.0 + (to.0.saturating_sub(from.0)) * k / 4);
            (y_of(t), seconds(t))
        })
        .collect();
    Diagram {
        lanes: nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (LEFT + pitch * (i as f32 + 0.5), n.to_string()))
            .collect(),
        arrows,
        from,
        to,
        messages: log.messages.iter().filter(|m| m.sent <= to).count(),
        ticks,
    }
}

/// What a click on an arrow shows.
pub fn describe(a: &Arrow) -> String {
    let m = &a.message;
    let kind = if m.response { "response" } else { "request" };
    let fate = match m.fate {
        Fate::Delivered => format!("delivered {}", seconds(m.deliver_at)),
        Fate::Dropped(at) => format!("lost {} ✕", seconds(at)),
        Fate::InFlight => format!("in flight, due {}", seconds(m.deliver_at)),
    };
    let records = match (m.first_record, m.records) {
        (Some(r), 1) => format!(" · carries {}", record_name(r)),
        (Some(r), n) => format!(" · carries {n} records from {}", record_name(r)),
        _ => String::new(),
    };
    let error = m
        .error
        .map_or_else(String::new, |e| format!(" · error {}", e.wire_name()));
    let more = if a.count > 1 {
        format!(" (and {} more like it within a pixel)", a.count - 1)
    } else {
        String::new()
    };
    format!(
        "{} {kind} {} → {} · message {} · sent {}, {fate}{records}{error}{more}",
        m.api.name(),
        m.from,
        m.to,
        m.id.0,
        seconds(m.sent)
    )
}

#[cfg(test)]
mod tests {
    //! Goal: the diagram's window holds exactly the messages a run sent in it, with their fates; filters keep only
    //! what they name; dense traffic is drawn as one arrow with a count; a lost message is marked.
    //! Method: `acks-1-data-loss` (a crash and slow followers: lost messages) on a `Timeline` that seeks back, against
    //! a fresh run folded in one pass. Kafka: the wire protocol's requests and responses per API.
    use super::*;
    use crate::engine::ids::MessageId;
    use crate::engine::trace::TraceEvent;
    use crate::engine::Sim;
    use crate::scenario::presets;
    use crate::viz::timeline::Timeline;

    #[test]
    fn the_window_is_what_the_run_sent_and_filters_keep_what_they_name() {
        let s = presets::by_name("acks-1-data-loss").expect("preset");
        let (from, to) = (Instant::from_ms(1_900), Instant::from_ms(2_400));
        let mut tl = Timeline::new(&s).expect("valid");
        tl.advance_to(Instant::from_ms(s.run_ms));
        tl.seek(to);
        let log = tl.messages_since(from);
        let mut sim = Sim::new(&s).expect("valid");
        let mut want = MessageLog::new(from);
        while sim.next_event_at().is_some_and(|t| t <= to) {
            sim.step();
            while let Some(e) = sim.poll_trace() {
                want.observe(&e);
            }
        }
        want.to = to;
        assert_eq!(log, want, "the replayed window is the run's");
        assert!(
            log.messages
                .iter()
                .any(|m| matches!(m.fate, Fate::Dropped(_))),
            "the crash loses messages"
        );

        let nodes = lanes(tl.scene());
        let all = diagram(&log, &nodes, from, to, None, None);
        assert_eq!(all.lanes.len(), nodes.len());
        let drawn: usize = all.arrows.iter().map(|a| a.count).sum();
        assert_eq!(
            drawn,
            log.messages.len(),
            "every message is drawn, alone or counted in an arrow"
        );
        assert!(
            all.arrows.iter().any(|a| a.lost),
            "a lost message ends in ✕"
        );
        let b1 = NodeId::Broker(crate::engine::ids::BrokerId(1));
        let only = diagram(&log, &nodes, from, to, Some(b1), Some("produce"));
        assert!(!only.arrows.is_empty());
        for a in &only.arrows {
            assert!(a.message.from == b1 || a.message.to == b1);
            assert_eq!(api_class(a.message.api), "produce");
        }
        let text = describe(&only.arrows[0]);
        assert!(text.starts_with("Produce "), "{text}");
    }

    #[test]
    fn dense_messages_are_one_arrow_with_a_count() {
        let mut log = MessageLog::new(Instant::ZERO);
        for k in 0..50u64 {
            log.observe(&TraceEvent::MessageSent {
                at: Instant(1_000 + k),
                id: MessageId(k),
                from: NodeId::Controller,
                to: NodeId::Broker(crate::engine::ids::BrokerId(1)),
                api: Api::UpdateMetadata,
                response: false,
                deliver_at: Instant(2_000 + k),
                records: Vec::new(),
                error: None,
            });
        }
        let nodes = [
            NodeId::Controller,
            NodeId::Broker(crate::engine::ids::BrokerId(1)),
        ];
        let d = diagram(
            &log,
            &nodes,
            Instant::ZERO,
            Instant::from_ms(1_000),
            None,
            None,
        );
        assert_eq!(d.arrows.len(), 1);
        assert_eq!(d.arrows[0].count, 50);
        assert!(describe(&d.arrows[0]).ends_with("(and 49 more like it within a pixel)"));
    }
}
