//! Pure geometry of the stage: where producers, brokers (with their replica logs), consumers and the controller go,
//! and the curve a message follows between two nodes.
//!
//! The stage reads left to right the way data flows in Kafka: producers in a left column, brokers in the middle
//! (each a card listing the partition replicas it hosts as small logs), consumer groups on the right, and the KRaft
//! controller small at the top of the broker column. Units are SVG user units; at the default preset the stage is
//! about 1000 × 560 and is scaled to fit the page (readable at 1280 × 800).
//!
//! Simplifications:
//! - The layout depends only on static structure (counts and replica assignment), so it is computed once per run.

use super::scene::Scene;
use crate::engine::ids::{BrokerId, NodeId, TopicIdx};

mod cards;
mod portrait;

use cards::{
    broker_card, broker_card_h, compact_groups, expanded_flags, group_column, lowest_bottom,
    max_partitions, producer_column, replica_rows, strip,
};

/// A point on the stage.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    /// x, user units.
    pub x: f32,
    /// y, user units.
    pub y: f32,
}

/// An axis-aligned rectangle.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// Whether `o` lies wholly inside this rectangle (a consumer card inside its group's box).
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }

    /// Whether the two rectangles share any area.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }

    /// Right edge.
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    /// Bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    /// The middle of the left edge.
    pub fn left_middle(&self) -> Point {
        Point {
            x: self.x,
            y: self.y + self.h / 2.0,
        }
    }
    /// The middle of the right edge.
    pub fn right_middle(&self) -> Point {
        Point {
            x: self.right(),
            y: self.y + self.h / 2.0,
        }
    }
    /// Centre.
    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2.0,
            y: self.y + self.h / 2.0,
        }
    }
}

/// A cubic Bézier curve: the path of a message.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    /// Start (the sender's edge).
    pub from: Point,
    /// First control point.
    pub c1: Point,
    /// Second control point.
    pub c2: Point,
    /// End (the receiver's edge).
    pub to: Point,
}

impl Curve {
    /// The quadratic curve through `ctrl`, as a cubic.
    pub fn quadratic(from: Point, ctrl: Point, to: Point) -> Curve {
        let towards = |p: Point| Point {
            x: p.x + (ctrl.x - p.x) * 2.0 / 3.0,
            y: p.y + (ctrl.y - p.y) * 2.0 / 3.0,
        };
        Curve {
            from,
            c1: towards(from),
            c2: towards(to),
            to,
        }
    }

    /// The point at `t` in `0..=1`.
    pub fn at(&self, t: f32) -> Point {
        let t = t.clamp(0.0, 1.0);
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        Point {
            x: a * self.from.x + b * self.c1.x + c * self.c2.x + d * self.to.x,
            y: a * self.from.y + b * self.c1.y + c * self.c2.y + d * self.to.y,
        }
    }

    /// SVG path data.
    pub fn svg_d(&self) -> String {
        format!(
            "M{:.1} {:.1} C{:.1} {:.1} {:.1} {:.1} {:.1} {:.1}",
            self.from.x,
            self.from.y,
            self.c1.x,
            self.c1.y,
            self.c2.x,
            self.c2.y,
            self.to.x,
            self.to.y
        )
    }
}

/// One replica row inside a broker card.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowGeom {
    /// Index into [`Scene::partitions`].
    pub partition: usize,
    /// Top of the row.
    pub y: f32,
    /// Left of the first log cell.
    pub cells_x: f32,
}

/// Distance between log cells.
pub const CELL_PITCH: f32 = 14.0;
/// Size of a log cell.
pub const CELL_SIZE: f32 = 11.0;
/// Height of a replica row.
pub const ROW_H: f32 = 28.0;
/// Height of a broker card's header.
pub const BROKER_HEADER_H: f32 = 32.0;
/// Log cells shown per replica (the newest ones).
pub const LOG_SLOTS: usize = 10;
/// A broker hosting more replicas than this turns every broker card into a strip of replica tiles (a large
/// cluster: 32 brokers × 256 partitions would otherwise draw ~7,700 log cells in 32 one-card columns).
pub const STRIP_OVER: usize = 16;
/// Distance between replica tiles in a strip.
pub const TILE_PITCH: f32 = 16.0;
/// Size of a replica tile.
pub const TILE_SIZE: f32 = 14.0;
/// Replica tiles per strip row.
pub const TILES_PER_ROW: usize = ((BROKER_W - 24.0) / TILE_PITCH) as usize;
/// Height of a producer card's header (name and config lines).
pub const PRODUCER_HEADER_H: f32 = 54.0;
/// Gap between two pipeline stages of a producer card (an arrow is drawn in it).
pub const STAGE_GAP: f32 = 8.0;
/// Height of a one-line stage title row (and of each text line in a stage).
pub const STAGE_LINE_H: f32 = 14.0;
/// Height of a partition row (one deque) in the accumulator stage.
pub const DEQUE_ROW_H: f32 = 17.0;
/// Height of a broker row (in-flight slots) in the sender stage.
pub const SENDER_ROW_H: f32 = 16.0;
/// At most this many deques (partitions) are listed per producer; the rest are counted.
pub const MAX_DEQUE_ROWS: usize = 6;
/// At most this many broker connections are listed per producer; the rest are counted.
pub const MAX_SENDER_ROWS: usize = 4;
/// Height of a compact producer card (used when the full pipelines of all producers do not fit).
pub const PRODUCER_COMPACT_H: f32 = 58.0;
/// The producer column may grow to this height before cards lose rows (then go compact).
pub const PRODUCER_COLUMN_H: f32 = 760.0;
/// Height of a consumer card.
pub const CONSUMER_H: f32 = 94.0;
/// Height of a group's header above its partition table (name, generation, phase steps, column titles).
pub const GROUP_HEADER_H: f32 = 64.0;
/// Height of one row of a group's partition table (`orders-0  consumer-2  99  4 records`).
pub const GROUP_ROW_H: f32 = 14.0;
/// A group with more members than this (or any group of a strip layout) is drawn compact: at most
/// [`MAX_GROUP_ROWS`] partition rows and a "+N more" line, members as small cards (four to a row on a wide stage, two
/// on a phone), no assignment lines.
pub const COMPACT_GROUP_OVER: usize = 12;
/// Partition rows of a compact group's table.
pub const MAX_GROUP_ROWS: usize = 16;
/// How a group's partition table is drawn: `(rows shown, partitions left for the "+N more" line)`. The layout sizes
/// the group box by it and the frame fills the rows by it, so both agree.
pub fn group_table_rows(partitions: usize, compact: bool) -> (usize, usize) {
    let shown = if compact {
        partitions.min(MAX_GROUP_ROWS)
    } else {
        partitions
    };
    (shown, partitions - shown)
}

/// Height of a compact member card.
pub const CONSUMER_COMPACT_H: f32 = 40.0;
/// Height of the end-to-end latency lines (a caption and the figures) under a group's partition table.
pub const GROUP_LATENCY_H: f32 = 32.0;

const MARGIN: f32 = 10.0;
/// Room under the lowest card for one error note flashing under it (`viz::frame::flashes`), so that a note under
/// a card at the bottom of its column is not cut off by the stage's edge.
pub const NOTE_ROOM: f32 = 18.0;
const TOP: f32 = 58.0;
const PRODUCER_W: f32 = 290.0;
const GAP_LEFT: f32 = 80.0;
const BROKER_W: f32 = 352.0;
const BROKER_COL_GAP: f32 = 22.0;
const GAP_RIGHT: f32 = 100.0;
const CONSUMER_W: f32 = 252.0;
const V_GAP: f32 = 14.0;
const MAX_COLUMN_H: f32 = 640.0;

/// Where the pipeline stages of a producer card go, relative to the card's top (all cards alike).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProducerGeom {
    /// Only a three-line summary fits (many producers).
    pub compact: bool,
    /// Partition rows in the accumulator stage.
    pub deque_rows: usize,
    /// A "+N more partitions" line follows the rows.
    pub more_deques: bool,
    /// Broker rows in the sender stage.
    pub sender_rows: usize,
    /// A "+N more brokers" line follows the rows.
    pub more_brokers: bool,
    /// Top of the serializer stage.
    pub serializer_y: f32,
    /// Top of the partitioner stage.
    pub partitioner_y: f32,
    /// Top of the accumulator stage.
    pub accumulator_y: f32,
    /// Top of the sender stage.
    pub sender_y: f32,
    /// Top of the callbacks stage.
    pub callbacks_y: f32,
    /// Card height.
    pub height: f32,
}

impl ProducerGeom {
    /// Two lines: serializer sizes, then a refusal if any.
    pub const SERIALIZER_H: f32 = 2.0 * STAGE_LINE_H + 4.0;
    /// Three lines: the result, then why.
    pub const PARTITIONER_H: f32 = 3.0 * STAGE_LINE_H + 4.0;
    /// Two lines: counts, then the last callback.
    pub const CALLBACKS_H: f32 = 2.0 * STAGE_LINE_H + 4.0;

    /// The full pipeline with `deque_rows` partition rows and `sender_rows` broker rows.
    pub fn full(
        deque_rows: usize,
        more_deques: bool,
        sender_rows: usize,
        more_brokers: bool,
    ) -> ProducerGeom {
        let more = |b: bool| if b { STAGE_LINE_H } else { 0.0 };
        let serializer_y = PRODUCER_HEADER_H;
        let partitioner_y = serializer_y + Self::SERIALIZER_H + STAGE_GAP;
        let accumulator_y = partitioner_y + Self::PARTITIONER_H + STAGE_GAP;
        let accumulator_h =
            STAGE_LINE_H + 4.0 + DEQUE_ROW_H * deque_rows as f32 + more(more_deques) + 3.0;
        let sender_y = accumulator_y + accumulator_h + STAGE_GAP;
        // Title, broker rows, the "+N more" line, and the retry line.
        let sender_h = STAGE_LINE_H
            + 4.0
            + SENDER_ROW_H * sender_rows as f32
            + more(more_brokers)
            + STAGE_LINE_H
            + 3.0;
        let callbacks_y = sender_y + sender_h + STAGE_GAP;
        ProducerGeom {
            compact: false,
            deque_rows,
            more_deques,
            sender_rows,
            more_brokers,
            serializer_y,
            partitioner_y,
            accumulator_y,
            sender_y,
            callbacks_y,
            height: callbacks_y + Self::CALLBACKS_H + 6.0,
        }
    }

    /// The three-line summary card.
    pub fn compact() -> ProducerGeom {
        ProducerGeom {
            compact: true,
            deque_rows: 0,
            more_deques: false,
            sender_rows: 0,
            more_brokers: false,
            serializer_y: 0.0,
            partitioner_y: 0.0,
            accumulator_y: 0.0,
            sender_y: 0.0,
            callbacks_y: 0.0,
            height: PRODUCER_COMPACT_H,
        }
    }

    /// The richest card for `producers` cards in a column of `budget` height, for topics of up to `partitions`
    /// partitions and `brokers` brokers: drop partition rows first, then broker rows, then go compact.
    pub fn fit(producers: usize, partitions: usize, brokers: usize, budget: f32) -> ProducerGeom {
        let n = producers.max(1) as f32;
        let fits = |g: &ProducerGeom| n * g.height + (n - 1.0) * V_GAP <= budget;
        let mut d = partitions.clamp(1, MAX_DEQUE_ROWS);
        let mut b = brokers.clamp(1, MAX_SENDER_ROWS);
        loop {
            let g = ProducerGeom::full(d, partitions > d, b, brokers > b);
            if fits(&g) {
                return g;
            }
            if d > 1 {
                d -= 1;
            } else if b > 1 {
                b -= 1;
            } else {
                return ProducerGeom::compact();
            }
        }
    }
}

/// Positions of everything on the stage.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Stage width.
    pub width: f32,
    /// Stage height.
    pub height: f32,
    /// The controller.
    pub controller: Rect,
    /// Broker cards by index (`id - 1`).
    pub brokers: Vec<Rect>,
    /// Replica rows per broker index.
    pub rows: Vec<Vec<RowGeom>>,
    /// Producer cards.
    pub producers: Vec<Rect>,
    /// The stages inside each producer card.
    pub producer: ProducerGeom,
    /// Group boxes.
    pub groups: Vec<Rect>,
    /// Top of each group's partition table (one row per subscribed partition, [`GROUP_ROW_H`] apart).
    pub group_rows_y: Vec<f32>,
    /// Consumer cards (over all groups).
    pub consumers: Vec<Rect>,
    /// Everything in one column, top to bottom (a phone): see [`Layout::portrait`].
    pub portrait: bool,
    /// Broker cards are strips of replica tiles, not rows of log cells (see [`STRIP_OVER`]).
    pub strip: bool,
    /// By broker index: its card shows log rows although the layout is a strip one (expanded on the page).
    pub expanded: Vec<bool>,
    /// Groups are drawn compact (see [`COMPACT_GROUP_OVER`]).
    pub compact_groups: bool,
}

impl Layout {
    /// Every card on the stage: the controller, brokers, producers, groups and consumers.
    pub fn cards(&self) -> impl Iterator<Item = &Rect> + '_ {
        std::iter::once(&self.controller)
            .chain(&self.brokers)
            .chain(&self.producers)
            .chain(&self.groups)
            .chain(&self.consumers)
    }

    /// Lays out a run's static structure, left to right.
    pub fn new(scene: &Scene) -> Layout {
        Layout::expanded(scene, &[])
    }

    /// Left to right, with the cards of `expanded` brokers (`node.id`s) showing their log rows in a strip layout.
    pub fn expanded(scene: &Scene, expanded: &[u32]) -> Layout {
        // Broker cards: one row per hosted replica, packed into columns no taller than MAX_COLUMN_H.
        let broker_x0 = MARGIN + PRODUCER_W + GAP_LEFT;
        let mut brokers = Vec::with_capacity(scene.brokers.len());
        let mut row_geoms = Vec::with_capacity(scene.brokers.len());
        let (mut col, mut y) = (0usize, TOP);
        let replicas = replica_rows(scene);
        let strip = strip(&replicas);
        let expanded = expanded_flags(scene, strip, expanded);
        for (bi, list) in replicas.iter().enumerate() {
            let tiles = strip && !expanded[bi];
            let h = broker_card_h(list, tiles);
            if y > TOP && y + h > TOP + MAX_COLUMN_H {
                col += 1;
                y = TOP;
            }
            let x = broker_x0 + col as f32 * (BROKER_W + BROKER_COL_GAP);
            let (rect, rows) = broker_card(x, y, list, tiles);
            brokers.push(rect);
            row_geoms.push(rows);
            y += h + V_GAP;
        }
        let columns = col + 1;
        let brokers_right =
            broker_x0 + columns as f32 * BROKER_W + (columns - 1) as f32 * BROKER_COL_GAP;
        let controller = Rect {
            x: broker_x0 + BROKER_W / 2.0 - 80.0,
            y: 10.0,
            w: 160.0,
            h: 30.0,
        };

        let broker_column_h = brokers.iter().map(|r| r.bottom() - TOP).fold(0.0, f32::max);
        let producer = ProducerGeom::fit(
            scene.producers.len(),
            max_partitions(scene),
            scene.brokers.len(),
            PRODUCER_COLUMN_H.max(broker_column_h),
        );
        let producers = producer_column(scene, &producer, MARGIN, TOP);

        let cons_x = brokers_right + GAP_RIGHT;
        let compact = compact_groups(scene, strip);
        // A wide stage has room for a compact group four members across.
        let (groups, group_rows_y, consumers) = group_column(scene, cons_x, TOP, compact, 4);
        let groups_w = groups.iter().map(|g| g.w).fold(CONSUMER_W, f32::max);
        let bottom = lowest_bottom(&[&brokers, &producers, &groups]);
        Layout {
            width: cons_x + groups_w + MARGIN,
            height: bottom + NOTE_ROOM + MARGIN,
            controller,
            brokers,
            rows: row_geoms,
            producers,
            producer,
            groups,
            group_rows_y,
            consumers,
            portrait: false,
            strip,
            expanded,
            compact_groups: compact,
        }
    }

    /// Where a partition's row is drawn on a broker card: the row's vertical middle at the card's right edge (left in
    /// portrait, where the groups are below).
    pub fn replica_anchor(&self, broker: BrokerId, partition: usize) -> Option<Point> {
        let bi = (broker.0 as usize).checked_sub(1)?;
        let card = self.brokers.get(bi)?;
        let row = self
            .rows
            .get(bi)?
            .iter()
            .find(|r| r.partition == partition)?;
        Some(Point {
            x: if self.portrait { card.x } else { card.right() },
            y: row.y
                + if self.tiles(bi) {
                    TILE_SIZE / 2.0
                } else {
                    13.5
                },
        })
    }

    /// Whether broker index `bi` is drawn as a strip of replica tiles.
    pub fn tiles(&self, bi: usize) -> bool {
        self.strip && !self.expanded.get(bi).copied().unwrap_or(false)
    }

    /// The line from a replica row's anchor to a consumer card: across the gap between the columns, or, in
    /// portrait, out into the left lane and back.
    pub fn assignment_curve(&self, from: Point, to: Point) -> Curve {
        let ctrl = if self.portrait {
            Point {
                x: from.x.min(to.x) - 40.0,
                y: (from.y + to.y) / 2.0,
            }
        } else {
            Point {
                x: (from.x + to.x) / 2.0,
                y: to.y,
            }
        };
        Curve::quadratic(from, ctrl, to)
    }

    /// The card of a node.
    pub fn node_rect(&self, node: NodeId) -> Option<Rect> {
        match node {
            NodeId::Controller => Some(self.controller),
            NodeId::Broker(BrokerId(id)) => {
                self.brokers.get((id as usize).checked_sub(1)?).copied()
            }
            NodeId::Producer(p) => self.producers.get(p.0 as usize).copied(),
            NodeId::Consumer(c) => self.consumers.get(c.0 as usize).copied(),
        }
    }

    /// The path a message follows from `from` to `to`. Requests and responses bend to opposite sides so a
    /// round trip reads as two lanes.
    pub fn curve(&self, from: NodeId, to: NodeId, response: bool) -> Option<Curve> {
        let a = self.node_rect(from)?;
        let b = self.node_rect(to)?;
        if self.portrait {
            return Some(self.lane_curve((from, a), (to, b), response));
        }
        let lane = if response { 1.0 } else { -1.0 };
        if b.x >= a.right() || a.x >= b.right() {
            // Different columns: edge to facing edge, bent slightly.
            let (p0, p1) = if b.x >= a.right() {
                (
                    Point {
                        x: a.right(),
                        y: a.center().y,
                    },
                    Point {
                        x: b.x,
                        y: b.center().y,
                    },
                )
            } else {
                (
                    Point {
                        x: a.x,
                        y: a.center().y,
                    },
                    Point {
                        x: b.right(),
                        y: b.center().y,
                    },
                )
            };
            let (dx, dy) = (p1.x - p0.x, p1.y - p0.y);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let bend = 12.0 * lane;
            let ctrl = Point {
                x: (p0.x + p1.x) / 2.0 - dy / len * bend,
                y: (p0.y + p1.y) / 2.0 + dx / len * bend,
            };
            return Some(Curve::quadratic(p0, ctrl, p1));
        }
        // Same column (replication between brokers, controller traffic): arc out to one side.
        let dy = (a.center().y - b.center().y).abs();
        let bulge = 34.0 + dy * 0.12 + if response { 16.0 } else { 0.0 };
        let controller = from == NodeId::Controller || to == NodeId::Controller;
        let (p0, p1, cx) = if controller {
            (
                Point {
                    x: a.x,
                    y: a.center().y,
                },
                Point {
                    x: b.x,
                    y: b.center().y,
                },
                a.x.min(b.x) - bulge,
            )
        } else {
            (
                Point {
                    x: a.right(),
                    y: a.center().y,
                },
                Point {
                    x: b.right(),
                    y: b.center().y,
                },
                a.right().max(b.right()) + bulge,
            )
        };
        Some(Curve::quadratic(
            p0,
            Point {
                x: cx,
                y: (p0.y + p1.y) / 2.0,
            },
            p1,
        ))
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the stage reads left to right (producers, brokers, consumers), cards do not overlap, and every pair of
    //! nodes has a message path that starts and ends on their cards' edges.
    //! Method: lay out the default preset and check the geometry.
    use super::*;
    use crate::engine::ids::{ConsumerIdx, ProducerIdx};
    use crate::engine::Sim;
    use crate::scenario::presets;

    #[test]
    fn columns_and_no_overlap() {
        let sim = Sim::new(&presets::default_scenario()).expect("valid");
        let l = Layout::new(&Scene::new(&sim.topology()));
        let b0 = l.brokers[0];
        for p in &l.producers {
            assert!(p.right() < b0.x);
        }
        for c in &l.consumers {
            assert!(c.x > b0.right());
        }
        for (i, a) in l.brokers.iter().enumerate() {
            for b in &l.brokers[i + 1..] {
                assert!(!a.overlaps(b));
            }
            assert!(!a.overlaps(&l.controller));
        }
        assert!(l.width > 0.0 && l.height > 0.0);
    }

    #[test]
    fn curves_touch_both_cards() {
        let sim = Sim::new(&presets::default_scenario()).expect("valid");
        let l = Layout::new(&Scene::new(&sim.topology()));
        let mut nodes = vec![NodeId::Controller];
        nodes.extend((1..=l.brokers.len() as u32).map(|b| NodeId::Broker(BrokerId(b))));
        nodes.extend((0..l.producers.len() as u16).map(|p| NodeId::Producer(ProducerIdx(p))));
        nodes.extend((0..l.consumers.len() as u16).map(|c| NodeId::Consumer(ConsumerIdx(c))));
        for &a in &nodes {
            for &b in &nodes {
                if a == b {
                    continue;
                }
                let c = l.curve(a, b, false).expect("path");
                let (ra, rb) = (l.node_rect(a).expect("a"), l.node_rect(b).expect("b"));
                assert!(c.from.x == ra.x || c.from.x == ra.right());
                assert!(c.to.x == rb.x || c.to.x == rb.right());
            }
        }
    }

    /// Goal: producer cards show the whole pipeline when they fit the column, lose partition rows first (with a
    /// "+N more" line), then broker rows, and go compact for many producers; cards never overlap.
    #[test]
    fn producer_cards_fit_the_column() {
        let g = ProducerGeom::fit(1, 3, 3, PRODUCER_COLUMN_H);
        assert_eq!(
            (g.compact, g.deque_rows, g.more_deques, g.sender_rows),
            (false, 3, false, 3)
        );
        assert!(g.serializer_y < g.partitioner_y && g.partitioner_y < g.accumulator_y);
        assert!(
            g.accumulator_y < g.sender_y && g.sender_y < g.callbacks_y && g.callbacks_y < g.height
        );
        let g = ProducerGeom::fit(1, 30, 3, PRODUCER_COLUMN_H);
        assert_eq!((g.deque_rows, g.more_deques), (MAX_DEQUE_ROWS, true));
        let g2 = ProducerGeom::fit(2, 3, 3, PRODUCER_COLUMN_H);
        assert!(!g2.compact && 2.0 * g2.height + V_GAP <= PRODUCER_COLUMN_H);
        let g = ProducerGeom::fit(2, 30, 3, PRODUCER_COLUMN_H);
        assert!(!g.compact && g.deque_rows < MAX_DEQUE_ROWS && g.more_deques);
        assert!(2.0 * g.height + V_GAP <= PRODUCER_COLUMN_H);
        let g = ProducerGeom::fit(10, 3, 3, PRODUCER_COLUMN_H);
        assert!(g.compact);
        assert!(10.0 * g.height + 9.0 * V_GAP <= PRODUCER_COLUMN_H);

        let sim = Sim::new(&presets::by_name("batching-tradeoff").expect("preset")).expect("valid");
        let l = Layout::new(&Scene::new(&sim.topology()));
        assert_eq!(l.producers.len(), 2);
        assert!(l.producers[0].bottom() < l.producers[1].y);
        assert_eq!(l.producers[0].h, l.producer.height);
        assert!(l.producers[1].right() < l.brokers[0].x);
    }
}
