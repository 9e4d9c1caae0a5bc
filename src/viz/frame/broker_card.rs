//! A broker card: the broker's health and, one row per hosted replica, the newest cells of its log with the high
//! watermark, its role, and the consumer offsets drawn on a leader's log.
//!
//! Models: what `kafka-log-dirs.sh` and `kafka-topics.sh --describe` tell about a broker (leader of how many
//! partitions, which replicas are in the ISR, log end offset and high watermark per replica), and the committed
//! offset / position of each group reading a partition.
//!
//! Simplifications: at most [`LOG_SLOTS`] cells per replica, the newest; offsets older than the drawn cells are
//! pinned at the left end. In a large cluster ([`Layout::strip`]) a replica is one tile showing its role, with its
//! high watermark and log end offset in its tooltip, and no cells.

use super::text::fill;
use crate::engine::ids::TopicPartition;
use crate::i18n::t;
use crate::viz::layout::{Layout, Point, Rect, RowGeom, CELL_PITCH, LOG_SLOTS};
use crate::viz::scene::log_marks::{CellMark, LogMarks};
use crate::viz::scene::{BrokerView, Scene};

/// Node health, one colour each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeStatus {
    /// Running and reachable.
    Up,
    /// Running but cut off from every other node.
    Isolated,
    /// Running but fenced by the controller.
    Fenced,
    /// Not running.
    Down,
}

impl NodeStatus {
    /// BEM modifier / label.
    pub fn name(self) -> &'static str {
        match self {
            NodeStatus::Up => "up",
            NodeStatus::Isolated => "isolated",
            NodeStatus::Fenced => "fenced",
            NodeStatus::Down => "down",
        }
    }

    fn of(b: &BrokerView) -> NodeStatus {
        if !b.alive {
            NodeStatus::Down
        } else if b.fenced {
            NodeStatus::Fenced
        } else if b.isolated {
            NodeStatus::Isolated
        } else {
            NodeStatus::Up
        }
    }
}

/// A replica's role as drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaRole {
    /// Leads the partition.
    Leader,
    /// In the ISR, following.
    Follower,
    /// Not in the ISR.
    OutOfSync,
    /// Its broker is down.
    Offline,
}

impl ReplicaRole {
    /// BEM modifier.
    pub fn name(self) -> &'static str {
        match self {
            ReplicaRole::Leader => "leader",
            ReplicaRole::Follower => "follower",
            ReplicaRole::OutOfSync => "out-of-sync",
            ReplicaRole::Offline => "offline",
        }
    }
    /// The role in the page's language, for the replica's tooltip (`name` is the CSS modifier and `data-role`).
    pub fn label(self) -> &'static str {
        match self {
            ReplicaRole::Leader => t("viz.broker.role.leader"),
            ReplicaRole::Follower => t("viz.broker.role.follower"),
            ReplicaRole::OutOfSync => t("viz.broker.role.out_of_sync"),
            ReplicaRole::Offline => t("viz.broker.role.offline"),
        }
    }
    /// The badge, so a role reads without its colour too (colour-blind readers, a grey print).
    pub fn badge(self) -> &'static str {
        match self {
            ReplicaRole::Leader => "L",
            ReplicaRole::Follower => "F",
            ReplicaRole::OutOfSync => "F!",
            ReplicaRole::Offline => "×",
        }
    }
}

/// One log cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellSprite {
    /// The record.
    pub record_id: u64,
    /// Its offset in this replica's log.
    pub offset: u64,
    /// Top-left.
    pub at: Point,
    /// Below the high watermark (visible to consumers).
    pub committed: bool,
    /// The producer that sent it.
    pub producer: u16,
    /// Its send order in an out-of-order run, or a duplicate's copy.
    pub mark: Option<CellMark>,
}

/// One replica row in a broker card.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSprite {
    /// `topic-N`.
    pub partition: String,
    /// Row top.
    pub y: f32,
    /// Left of the row (card left).
    pub x: f32,
    /// Left of the first log cell.
    pub cells_x: f32,
    /// Role.
    pub role: ReplicaRole,
    /// The leader epoch this replica knows.
    pub leader_epoch: u32,
    /// High watermark.
    pub high_watermark: u64,
    /// Log end offset.
    pub log_end_offset: u64,
    /// The newest cells (at most [`LOG_SLOTS`]).
    pub cells: Vec<CellSprite>,
    /// Offset of the first drawn slot.
    pub first_offset: u64,
    /// x of the HW marker, if the HW is within the drawn window.
    pub hw_x: Option<f32>,
    /// The partition's ISR, e.g. "ISR 1,2,3".
    pub isr: String,
    /// Consumer-group offsets drawn on this log (leader replicas only).
    pub markers: Vec<OffsetMarker>,
    /// Records this replica truncated (0: none), and the newest of them by name, for the row's tooltip.
    pub truncated: u64,
    /// "truncated record #52 of producer-0 (offset 52), ...".
    pub truncated_title: String,
}

/// Which consumer offset a marker shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// The group's committed offset (the next offset a new owner starts from).
    Committed,
    /// The owning member's position (last offset handed out by `poll()` + 1).
    Position,
}

impl MarkerKind {
    /// BEM modifier / label.
    pub fn name(self) -> &'static str {
        match self {
            MarkerKind::Committed => "committed",
            MarkerKind::Position => "position",
        }
    }
}

/// A consumer offset on a replica log: a mark at the boundary before `offset`.
#[derive(Clone, Debug, PartialEq)]
pub struct OffsetMarker {
    /// Committed offset or position.
    pub kind: MarkerKind,
    /// The offset.
    pub offset: u64,
    /// x of the mark (the boundary before `offset`, or the left end when the offset is older than the drawn cells).
    pub x: f32,
    /// The offset is older than the drawn cells (the mark sits at the left end).
    pub clipped: bool,
    /// Tooltip, e.g. "group billing: committed offset 12".
    pub title: String,
}

/// The newest records a replica truncated, by name.
fn truncated_title(m: &LogMarks) -> String {
    if m.truncated_count == 0 {
        return String::new();
    }
    let names: Vec<String> = m
        .truncated
        .iter()
        .rev()
        .map(|(o, r)| {
            fill(
                t("viz.broker.truncated_record"),
                &[("record", &super::text::record_name(*r)), ("offset", o)],
            )
        })
        .collect();
    let more = m.truncated_count.saturating_sub(m.truncated.len() as u64);
    fill(
        t("viz.broker.truncated_title"),
        &[
            ("n", &m.truncated_count),
            ("records", &names.join(", ")),
            (
                "more",
                &if more > 0 {
                    format!(" {}", fill(t("viz.broker.truncated_more"), &[("n", &more)]))
                } else {
                    String::new()
                },
            ),
        ],
    )
}

/// The x of the boundary before `offset` in a row whose first drawn cell is `first`, and whether it is clipped.
pub fn offset_x(cells_x: f32, first: u64, offset: u64) -> (f32, bool) {
    if offset < first {
        (cells_x - 1.5, true)
    } else {
        (cells_x + (offset - first) as f32 * CELL_PITCH - 1.5, false)
    }
}

/// A broker card.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokerSprite {
    /// `node.id`.
    pub id: u32,
    /// Card.
    pub rect: Rect,
    /// Health.
    pub status: NodeStatus,
    /// Header text after the name, e.g. "leader of 2 · up".
    pub summary: String,
    /// Replica rows (in a strip: tiles, at `(cells_x, y)`, without cells or offset marks).
    pub replicas: Vec<ReplicaSprite>,
    /// Drawn as a strip of replica tiles (a large cluster: [`Layout::strip`]).
    pub strip: bool,
}

/// Every broker card the layout has room for.
pub(super) fn broker_sprites(scene: &Scene, layout: &Layout) -> Vec<BrokerSprite> {
    scene
        .brokers
        .iter()
        .enumerate()
        .filter_map(|(bi, b)| {
            let rect = *layout.brokers.get(bi)?;
            Some(broker_sprite(
                scene,
                layout.rows.get(bi),
                b,
                rect,
                layout.tiles(bi),
            ))
        })
        .collect()
}

fn broker_sprite(
    scene: &Scene,
    rows: Option<&Vec<RowGeom>>,
    b: &BrokerView,
    rect: Rect,
    strip: bool,
) -> BrokerSprite {
    let status = NodeStatus::of(b);
    let replicas: Vec<ReplicaSprite> = rows
        .map(|rows| rows.as_slice())
        .unwrap_or(&[])
        .iter()
        .filter_map(|row| replica_sprite(scene, b, row, rect, strip))
        .collect();
    let leads = replicas
        .iter()
        .filter(|r| r.role == ReplicaRole::Leader)
        .count();
    let mut summary = match status {
        NodeStatus::Down if b.shut_down => t("viz.broker.shut_down").to_string(),
        NodeStatus::Down => t("viz.broker.crashed").to_string(),
        NodeStatus::Fenced => fill(t("viz.broker.fenced"), &[("n", &leads)]),
        NodeStatus::Isolated => fill(t("viz.broker.isolated"), &[("n", &leads)]),
        NodeStatus::Up => fill(t("viz.broker.leader_of"), &[("n", &leads)]),
    };
    if b.fetch_delay_ms > 0 && b.alive {
        summary.push_str(&format!(" · fetch +{} ms", b.fetch_delay_ms));
    }
    BrokerSprite {
        id: b.id.0,
        rect,
        status,
        summary,
        replicas,
        strip,
    }
}

/// The row of the replica of `row.partition` on broker `b`, if it hosts one.
fn replica_sprite(
    scene: &Scene,
    b: &BrokerView,
    row: &RowGeom,
    rect: Rect,
    strip: bool,
) -> Option<ReplicaSprite> {
    let p = scene.partitions.get(row.partition)?;
    let r = p.replica(b.id)?;
    let role = if !b.alive {
        ReplicaRole::Offline
    } else if r.leader {
        ReplicaRole::Leader
    } else if !p.isr.contains(&b.id) {
        ReplicaRole::OutOfSync
    } else {
        ReplicaRole::Follower
    };
    let leo = r.log_end_offset();
    let first = leo.saturating_sub(LOG_SLOTS as u64);
    // A tile shows the role; its title the offsets. No cells: that is what keeps a large cluster drawable.
    let drawn = if strip {
        &[][..]
    } else {
        &r.log[first as usize..]
    };
    let cells = drawn
        .iter()
        .enumerate()
        .map(|(k, id)| CellSprite {
            record_id: id.0,
            offset: first + k as u64,
            at: Point {
                x: row.cells_x + k as f32 * CELL_PITCH,
                y: row.y + 8.0,
            },
            committed: first + (k as u64) < r.high_watermark,
            producer: id.producer().0,
            mark: r.marks.at(first + k as u64),
        })
        .collect();
    let hw_x = (r.high_watermark >= first && !strip)
        .then(|| row.cells_x + (r.high_watermark - first) as f32 * CELL_PITCH - 1.5);
    let isr: Vec<String> = p.isr.iter().map(|b| b.0.to_string()).collect();
    let markers = if role == ReplicaRole::Leader && !strip {
        offset_markers(scene, p.tp, row.cells_x, first)
    } else {
        Vec::new()
    };
    Some(ReplicaSprite {
        partition: p.name.clone(),
        y: row.y,
        x: rect.x,
        cells_x: row.cells_x,
        role,
        leader_epoch: r.leader_epoch.0,
        high_watermark: r.high_watermark,
        log_end_offset: leo,
        cells,
        first_offset: first,
        hw_x,
        isr: format!("ISR {}", isr.join(",")),
        markers,
        truncated: r.marks.truncated_count,
        truncated_title: truncated_title(&r.marks),
    })
}

/// The committed offsets of every group reading `tp` and the owner's position, as marks on a log row.
fn offset_markers(
    scene: &Scene,
    tp: TopicPartition,
    cells_x: f32,
    first: u64,
) -> Vec<OffsetMarker> {
    let mut out = Vec::new();
    for g in scene.groups.iter().filter(|g| g.topics.contains(&tp.topic)) {
        if let Some(&o) = g.committed.get(&tp) {
            let (x, clipped) = offset_x(cells_x, first, o);
            out.push(OffsetMarker {
                kind: MarkerKind::Committed,
                offset: o,
                x,
                clipped,
                title: fill(
                    t("viz.broker.committed_title"),
                    &[("group", &g.name), ("offset", &o)],
                ),
            });
        }
        let owner = scene
            .owner(g.idx, tp)
            .and_then(|c| scene.consumers.get(c.0 as usize));
        if let Some((c, &o)) = owner.and_then(|c| Some((c, c.positions.get(&tp)?))) {
            let (x, clipped) = offset_x(cells_x, first, o);
            out.push(OffsetMarker {
                kind: MarkerKind::Position,
                offset: o,
                x,
                clipped,
                title: fill(
                    t("viz.broker.position_title"),
                    &[("consumer", &c.idx.0), ("group", &g.name), ("offset", &o)],
                ),
            });
        }
    }
    out
}
