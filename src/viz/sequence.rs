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
use crate::i18n::t;
use crate::viz::frame::{fill, record_name, seconds};
use crate::viz::scene::Scene;
pub use crate::viz::timeline::messages::{Fate, Message, MessageLog};

/// The colour class of an API (`seq__arrow--{class}`).
pub fn api_class(api: Api) -> &'static str {
    API_FILTERS[class_of(api) as usize].0
}

/// An API's place in [`API_FILTERS`].
fn class_of(api: Api) -> u8 {
    match api {
        Api::Produce => 0,
        Api::Fetch => 1,
        Api::ReplicaFetch => 2,
        Api::Heartbeat => 3,
        Api::JoinGroup => 4,
        Api::SyncGroup => 5,
        Api::OffsetCommit | Api::OffsetFetch => 6,
        _ => 7,
    }
}

/// A class's place in [`API_FILTERS`] (past them when it is none of theirs).
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

/// The filter's name for an API class of [`API_FILTERS`], in the page's language (Kafka's API names stay).
pub fn api_filter_name(class: &str) -> &'static str {
    match class {
        "fetch" => t("viz.sequence.api.fetch"),
        "replica-fetch" => t("viz.sequence.api.replica_fetch"),
        "metadata" => t("viz.sequence.api.other"),
        _ => API_FILTERS
            .iter()
            .find(|(c, _)| *c == class)
            .map_or("", |(_, name)| *name),
    }
}

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
#[derive(Clone, Debug, Default, PartialEq)]
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
    /// Arrows not drawn (the rarest lane pairs) when even one row for the whole window left too many.
    pub hidden: usize,
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

/// A lane's index by node, without a search: dense tables per node kind.
struct LaneIndex {
    producers: Vec<u16>,
    brokers: Vec<u16>,
    consumers: Vec<u16>,
    controller: u16,
}

const NO_LANE: u16 = u16::MAX;

impl LaneIndex {
    fn new(nodes: &[NodeId]) -> LaneIndex {
        let mut ix = LaneIndex {
            producers: Vec::new(),
            brokers: Vec::new(),
            consumers: Vec::new(),
            controller: NO_LANE,
        };
        let put = |v: &mut Vec<u16>, at: usize, lane: usize| {
            if v.len() <= at {
                v.resize(at + 1, NO_LANE);
            }
            v[at] = lane as u16;
        };
        for (lane, n) in nodes.iter().enumerate() {
            match *n {
                NodeId::Producer(p) => put(&mut ix.producers, p.0 as usize, lane),
                NodeId::Broker(b) => put(&mut ix.brokers, b.0 as usize, lane),
                NodeId::Consumer(c) => put(&mut ix.consumers, c.0 as usize, lane),
                NodeId::Controller => ix.controller = lane as u16,
            }
        }
        ix
    }

    fn of(&self, n: NodeId) -> Option<usize> {
        let l = match n {
            NodeId::Producer(p) => self.producers.get(p.0 as usize).copied(),
            NodeId::Broker(b) => self.brokers.get(b.0 as usize).copied(),
            NodeId::Consumer(c) => self.consumers.get(c.0 as usize).copied(),
            NodeId::Controller => Some(self.controller),
        };
        l.filter(|l| *l != NO_LANE).map(usize::from)
    }
}

/// Lays out `log`'s messages between `from` and `to` on the lanes of `nodes`, those touching `node` (if given) and
/// of API class `api` (if given).
///
/// One pass over the messages, each placed in O(1): messages come in send order, so pixel rows go down, and an
/// arrow of the current row is found in a table by (lanes, colour, lost) stamped with its row. Past [`MAX_ARROWS`]
/// the arrows (not the messages) are merged over rows twice as tall the same way. Only the arrows drawn copy their
/// first message.
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
    let lanes = LaneIndex::new(nodes);
    let span = to.0.saturating_sub(from.0).max(1) as f32;
    let y_of = |t: Instant| {
        HEAD + (HEIGHT - HEAD - 4.0) * (t.0.saturating_sub(from.0) as f32 / span).min(1.0)
    };
    let api_filter = api.map(class_index);
    let node_lane = node.map(|n| lanes.of(n));
    // Slots of the (lanes, colour, lost) table: colours are the API classes and "error".
    let mut table = Cells::new(nodes.len());
    let mut keys: Vec<Key> = Vec::new();
    let mut firsts: Vec<usize> = Vec::new();
    let mut arrows: Vec<Arrow> = Vec::new();
    for (i, m) in log.messages.iter().enumerate() {
        if m.sent > to {
            break;
        }
        let class = class_of(m.api);
        if api_filter.is_some_and(|a| a != class) {
            continue;
        }
        let (Some(l1), Some(l2)) = (lanes.of(m.from), lanes.of(m.to)) else {
            continue;
        };
        if node_lane.is_some_and(|nl| nl != Some(l1) && nl != Some(l2)) {
            continue;
        }
        let (end, lost) = match m.fate {
            Fate::Delivered => (m.deliver_at, false),
            Fate::Dropped(at) => (at, true),
            Fate::InFlight => (to, false),
        };
        let (y1, y2) = (y_of(m.sent), y_of(end.min(to)));
        let colour = if m.error.is_some() {
            API_FILTERS.len() as u8
        } else {
            class
        };
        let key = Key {
            l1: l1 as u16,
            l2: l2 as u16,
            colour,
            lost,
            row: y1 as u32,
        };
        let cell = table.cell(&key);
        if cell.0 == stamp(0, key.row) {
            arrows[cell.1 as usize].count += 1;
            continue;
        }
        *cell = (stamp(0, key.row), arrows.len() as u32);
        keys.push(key);
        firsts.push(i);
        arrows.push(Arrow {
            x1: lane_x(l1),
            y1,
            x2: lane_x(l2),
            y2,
            class: if m.error.is_some() {
                "error"
            } else {
                API_FILTERS[class as usize].0
            },
            lost,
            count: 1,
            message: Message::PLACEHOLDER,
        });
    }
    // Too many to draw smoothly: merge the arrows (not the messages again) over rows twice as tall, and again, up
    // to one row for the whole window (the rows fit 9 bits).
    let mut shift = 0;
    while arrows.len() > MAX_ARROWS && shift < 9 {
        shift += 1;
        let (mut merged, mut merged_keys, mut merged_firsts) = (Vec::new(), Vec::new(), Vec::new());
        for ((a, mut k), f) in arrows.into_iter().zip(keys).zip(firsts) {
            k.row >>= 1;
            let cell = table.cell(&k);
            if cell.0 == stamp(shift, k.row) {
                let into: &mut Arrow = &mut merged[cell.1 as usize];
                into.count += a.count;
                continue;
            }
            *cell = (stamp(shift, k.row), merged.len() as u32);
            merged.push(a);
            merged_keys.push(k);
            merged_firsts.push(f);
        }
        arrows = merged;
        keys = merged_keys;
        firsts = merged_firsts;
    }
    // Still too many (a hundred lanes talk in many pairs): draw lost and failed messages and then the busiest
    // pairs, in time order, and say how many are not drawn.
    let mut hidden = 0;
    if arrows.len() > MAX_ARROWS {
        let mut by_count: Vec<usize> = (0..arrows.len()).collect();
        crate::kafka::sort::sort_by_key(&mut by_count, |&i| {
            let a = &arrows[i];
            (!(a.lost || a.class == "error"), std::cmp::Reverse(a.count))
        });
        let mut keep = vec![false; arrows.len()];
        for &i in &by_count[..MAX_ARROWS] {
            keep[i] = true;
        }
        let mut i = 0;
        arrows.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        let mut i = 0;
        firsts.retain(|_| {
            i += 1;
            keep[i - 1]
        });
        hidden = keep.iter().filter(|k| !**k).count();
    }
    for (a, f) in arrows.iter_mut().zip(firsts) {
        a.message = log.messages[f].clone();
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
        messages: log.messages.partition_point(|m| m.sent <= to),
        ticks,
        hidden,
    }
}

/// A cell is valid for one merge pass and one row (rows fit 16 bits: the view box is 300 high), so no pass has to
/// clear the table.
fn stamp(pass: u32, row: u32) -> u32 {
    (pass << 16) | (row & 0xffff)
}

/// The (lanes, colour, lost) cells: the arrow of the current row each one holds, with its stamp. Only the lane
/// pairs that talk get cells (a dense pair index of 4 bytes per pair, then a block of cells per pair seen).
struct Cells {
    lanes: usize,
    pair: Vec<u32>,
    cells: Vec<(u32, u32)>,
}

/// Cells per lane pair: a colour (the API classes and "error") times lost or not.
const CELLS_PER_PAIR: usize = (API_FILTERS.len() + 1) * 2;

impl Cells {
    fn new(lanes: usize) -> Cells {
        let lanes = lanes.max(1);
        Cells {
            lanes,
            pair: vec![u32::MAX; lanes * lanes],
            cells: Vec::new(),
        }
    }

    fn cell(&mut self, k: &Key) -> &mut (u32, u32) {
        let p = &mut self.pair[k.l1 as usize * self.lanes + k.l2 as usize];
        if *p == u32::MAX {
            *p = self.cells.len() as u32;
            self.cells
                .resize(self.cells.len() + CELLS_PER_PAIR, (u32::MAX, 0));
        }
        &mut self.cells[*p as usize + k.colour as usize * 2 + k.lost as usize]
    }
}

/// Where an arrow is drawn and what it merges: the same lanes, colour and fate within one row.
#[derive(Clone, Copy)]
struct Key {
    l1: u16,
    l2: u16,
    colour: u8,
    lost: bool,
    row: u32,
}

/// What a click on an arrow shows.
pub fn describe(a: &Arrow) -> String {
    let m = &a.message;
    let kind = if m.response {
        t("viz.sequence.response")
    } else {
        t("viz.sequence.request")
    };
    let fate = match m.fate {
        Fate::Delivered => fill(
            t("viz.sequence.delivered"),
            &[("at", &seconds(m.deliver_at))],
        ),
        Fate::Dropped(at) => fill(t("viz.sequence.lost"), &[("at", &seconds(at))]),
        Fate::InFlight => fill(
            t("viz.sequence.in_flight"),
            &[("at", &seconds(m.deliver_at))],
        ),
    };
    let records = match (m.first_record, m.records) {
        (Some(r), 1) => format!(
            " · {}",
            fill(t("viz.sequence.carries"), &[("record", &record_name(r))])
        ),
        (Some(r), n) => format!(
            " · {}",
            fill(
                t("viz.sequence.carries_many"),
                &[("n", &n), ("record", &record_name(r))],
            )
        ),
        _ => String::new(),
    };
    let error = m.error.map_or_else(String::new, |e| {
        format!(
            " · {}",
            fill(t("viz.sequence.error"), &[("error", &e.wire_name())])
        )
    });
    let correlation = m
        .correlation_id
        .map_or_else(String::new, |c| format!(" · correlation id {c}"));
    let more = if a.count > 1 {
        format!(
            " {}",
            fill(t("viz.sequence.more"), &[("n", &(a.count - 1))])
        )
    } else {
        String::new()
    };
    fill(
        t("viz.sequence.message"),
        &[
            ("api", &m.api.name()),
            ("kind", &kind),
            ("from", &m.from),
            ("to", &m.to),
            ("correlation", &correlation),
            ("id", &m.id.0),
            ("sent", &seconds(m.sent)),
            ("fate", &fate),
            ("records", &records),
            ("error", &error),
            ("more", &more),
        ],
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
        assert!(
            text.contains(" · correlation id "),
            "a client's request names its correlation id: {text}"
        );
    }

    /// The one-pass layout against a plain fold: per (sender, receiver, colour, lost), the arrows' counts add up
    /// to the window's messages, merged or not, with and without filters; and no arrow is drawn twice for one
    /// message.
    #[test]
    fn the_layout_counts_every_message_once_by_lanes_colour_and_fate() {
        use std::collections::BTreeMap;
        // 3,650 messages in its 5 s window: merged down to fewer than MAX_ARROWS arrows.
        let s = presets::by_name("fetch-tuning").expect("preset");
        let mut tl = Timeline::new(&s).expect("valid");
        tl.watch_messages(Some(5_000_000));
        tl.advance_to(Instant::from_ms(9_500));
        let log = tl.watched_messages().expect("watched").clone();
        let nodes = lanes(tl.scene());
        type Fold = BTreeMap<(NodeId, NodeId, &'static str, bool), usize>;
        let colour = |m: &Message| {
            if m.error.is_some() {
                "error"
            } else {
                api_class(m.api)
            }
        };
        for (node, api) in [
            (None, None),
            (Some(nodes[1]), None),
            (None, Some("replica-fetch")),
            (Some(nodes[0]), Some("produce")),
        ] {
            let d = diagram(&log, &nodes, log.from, log.to, node, api);
            assert!(d.arrows.len() <= MAX_ARROWS || node.is_some() || api.is_some());
            let mut want = Fold::new();
            for m in &log.messages {
                let lost = matches!(m.fate, Fate::Dropped(_));
                if node.is_some_and(|n| m.from != n && m.to != n)
                    || api.is_some_and(|a| api_class(m.api) != a)
                {
                    continue;
                }
                *want.entry((m.from, m.to, colour(m), lost)).or_default() += 1;
            }
            let mut got = Fold::new();
            for a in &d.arrows {
                assert_eq!(
                    a.class,
                    colour(&a.message),
                    "an arrow is its first message's colour"
                );
                *got.entry((a.message.from, a.message.to, a.class, a.lost))
                    .or_default() += a.count;
            }
            assert_eq!(got, want, "node {node:?}, api {api:?}");
        }
        let all = diagram(&log, &nodes, log.from, log.to, None, None);
        assert!(
            log.messages.len() > 10 * MAX_ARROWS,
            "a window busy enough to merge"
        );
        assert!(all.arrows.len() <= MAX_ARROWS);
        assert!(all.arrows.iter().any(|a| a.count > 1));
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
                correlation_id: Some(k),
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

    /// More lane pairs than arrows allowed, even merged over the whole window: the busiest are drawn, the rest are
    /// counted as hidden.
    #[test]
    fn too_many_lane_pairs_draw_the_busiest_and_count_the_rest() {
        use crate::engine::ids::{BrokerId, ConsumerIdx};
        let mut log = MessageLog::new(Instant::ZERO);
        let mut id = 0;
        let mut nodes: Vec<NodeId> = (1..=20).map(|b| NodeId::Broker(BrokerId(b))).collect();
        nodes.extend((0..20).map(|c| NodeId::Consumer(ConsumerIdx(c))));
        for b in 1..=20u32 {
            for c in 0..20u16 {
                // Consumer 0 talks to every broker three times, the others once.
                for _ in 0..if c == 0 { 3 } else { 1 } {
                    id += 1;
                    log.observe(&TraceEvent::MessageSent {
                        at: Instant(id),
                        id: MessageId(id),
                        from: NodeId::Consumer(ConsumerIdx(c)),
                        to: NodeId::Broker(BrokerId(b)),
                        api: Api::Heartbeat,
                        response: false,
                        deliver_at: Instant(id + 1),
                        records: Vec::new(),
                        error: None,
                        correlation_id: Some(id),
                    });
                }
            }
        }
        let d = diagram(&log, &nodes, Instant::ZERO, Instant::from_ms(1), None, None);
        assert_eq!(d.arrows.len(), MAX_ARROWS);
        assert_eq!(d.hidden, 400 - MAX_ARROWS, "400 pairs, one arrow each");
        assert!(
            d.arrows
                .iter()
                .filter(|a| a.message.from == NodeId::Consumer(ConsumerIdx(0)))
                .all(|a| a.count == 3)
                && d.arrows.iter().filter(|a| a.count == 3).count() == 20,
            "the busiest pairs are kept"
        );
    }
}
