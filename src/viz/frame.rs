//! One picture of the run at a virtual instant: plain data the page draws as SVG.
//!
//! [`frame`] reads the [`Scene`] (what happened up to now) and the [`Layout`] (where things go) and interpolates
//! each in-flight message along its path at `progress = (now - sent_at) / (deliver_at - sent_at)`, the way
//! RaftScope's `messageSpec(from, to, frac)` does. Every label is decided here, with its unit and in Kafka's
//! words, so the UI only draws.
//!
//! Cost: proportional to in-flight messages plus the visible log cells; at most [`MAX_DOTS_PER_MESSAGE`] record
//! dots are drawn per message, with a count for the rest.

use super::layout::{
    Curve, Layout, Point, Rect, BATCH_ROWS_Y, BATCH_ROW_H, CELL_PITCH, LOG_SLOTS,
    PRODUCER_BATCH_ROWS,
};
use super::scene::{Scene, MAX_DROPS};
use crate::engine::ids::*;
use crate::engine::protocol::{Acks, Api};
use crate::engine::time::Instant;
use crate::engine::trace::PartitionReason;

/// Record dots drawn on one message; the rest are counted in [`MessageSprite::more`].
pub const MAX_DOTS_PER_MESSAGE: usize = 8;
/// How long an error note flashes on the stage, µs of virtual time.
pub const FLASH_US: u64 = 1_500_000;
/// How long a lost message's marker stays, µs of virtual time.
pub const DROP_US: u64 = 600_000;
/// A heartbeat answer pulses the consumer for this long, µs of virtual time.
pub const PULSE_US: u64 = 300_000;

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
    /// The one-letter badge.
    pub fn badge(self) -> &'static str {
        match self {
            ReplicaRole::Leader => "L",
            ReplicaRole::Follower => "F",
            ReplicaRole::OutOfSync => "F",
            ReplicaRole::Offline => "×",
        }
    }
}

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
            Api::FindCoordinator
            | Api::JoinGroup
            | Api::SyncGroup
            | Api::Heartbeat
            | Api::LeaveGroup
            | Api::OffsetCommit
            | Api::OffsetFetch => Traffic::Group,
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

/// An error note flashing near a node.
#[derive(Clone, Debug, PartialEq)]
pub struct FlashSprite {
    /// Position (top-left of the label).
    pub at: Point,
    /// Text.
    pub text: String,
    /// 0 (new) .. 1 (about to vanish).
    pub age: f32,
}

/// A cut network link, drawn along the path its messages would take.
#[derive(Clone, Debug, PartialEq)]
pub struct CutLinkSprite {
    /// `broker-1`, `producer-0`, ...: one end.
    pub a: String,
    /// The other end.
    pub b: String,
    /// The path between the two nodes.
    pub curve: Curve,
    /// Where the ✕ goes.
    pub mid: Point,
    /// Which way traffic is cut: `both ways`, or `a → b only` for an asymmetric cut.
    pub direction: String,
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
    /// Replica rows.
    pub replicas: Vec<ReplicaSprite>,
}

/// A batch filling in the accumulator.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchSprite {
    /// Label, e.g. "orders-1 · 3 rec · 310 B".
    pub label: String,
    /// Fill against `batch.size`, 0..1.
    pub fill: f32,
}

/// A producer card.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerSprite {
    /// Index.
    pub idx: u16,
    /// Card.
    pub rect: Rect,
    /// Its delivery config, e.g. "acks=all · idempotent".
    pub config: String,
    /// Its batching config, e.g. "batch.size 16.0 KiB · linger.ms 5".
    pub batching: String,
    /// Open batches.
    pub batches: Vec<BatchSprite>,
    /// Batches not listed.
    pub more_batches: usize,
    /// "sent 12 · acked 10".
    pub counts: String,
    /// "failed 0 · retries 1".
    pub failures: String,
    /// The last partitioner decision, one or two lines, e.g. `key "k-3" → orders-1`, `murmur2 = -12345`.
    pub choice: Vec<String>,
    /// `send()` is blocked on `buffer.memory`.
    pub blocked: bool,
    /// Its record dots while still in batches (at most [`MAX_DOTS_PER_MESSAGE`] per batch).
    pub dots: Vec<RecordDot>,
}

/// A consumer group box.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupSprite {
    /// Index.
    pub idx: u16,
    /// Box.
    pub rect: Rect,
    /// `group.id`.
    pub name: String,
    /// Group state.
    pub state: String,
    /// Generation id.
    pub generation: i32,
    /// "committed orders-0@12, ..." (shortened).
    pub committed: String,
}

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
}

/// Everything to draw at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// The instant drawn.
    pub now: Instant,
    /// Stage size.
    pub width: f32,
    /// Stage size.
    pub height: f32,
    /// The controller's box.
    pub controller: Rect,
    /// Brokers.
    pub brokers: Vec<BrokerSprite>,
    /// Producers.
    pub producers: Vec<ProducerSprite>,
    /// Groups.
    pub groups: Vec<GroupSprite>,
    /// Consumers.
    pub consumers: Vec<ConsumerSprite>,
    /// In-flight messages, by id.
    pub messages: Vec<MessageSprite>,
    /// Recently lost messages.
    pub drops: Vec<DropSprite>,
    /// Error notes flashing near nodes.
    pub flashes: Vec<FlashSprite>,
    /// Cut links (not those of an isolated broker, which its card shows).
    pub cut_links: Vec<CutLinkSprite>,
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

fn dots_around(center: Point, records: &[RecordId]) -> (Vec<RecordDot>, usize) {
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

fn short_list(items: Vec<String>, max: usize) -> String {
    let n = items.len();
    let mut s = items.into_iter().take(max).collect::<Vec<_>>().join(", ");
    if n > max {
        s.push_str(&format!(" +{}", n - max));
    }
    s
}

fn acks_name(a: Acks) -> &'static str {
    match a {
        Acks::None => "acks=0",
        Acks::Leader => "acks=1",
        Acks::All => "acks=all",
    }
}

/// Bytes with a unit.
pub fn bytes(n: u64) -> String {
    if n >= 1024 && n.is_multiple_of(1024) {
        format!("{} KiB", n / 1024)
    } else if n >= 1024 {
        format!("{:.1} KiB", n as f64 / 1024.0)
    } else {
        format!("{n} B")
    }
}

/// Builds the picture at `now`.
pub fn frame(scene: &Scene, layout: &Layout, now: Instant) -> Frame {
    let brokers = scene
        .brokers
        .iter()
        .enumerate()
        .filter_map(|(bi, b)| {
            let rect = *layout.brokers.get(bi)?;
            let status = if !b.alive {
                NodeStatus::Down
            } else if b.fenced {
                NodeStatus::Fenced
            } else if b.isolated {
                NodeStatus::Isolated
            } else {
                NodeStatus::Up
            };
            let mut leads = 0;
            let replicas: Vec<ReplicaSprite> = layout
                .rows
                .get(bi)
                .map(|rows| rows.as_slice())
                .unwrap_or(&[])
                .iter()
                .filter_map(|row| {
                    let p = scene.partitions.get(row.partition)?;
                    let r = p.replica(b.id)?;
                    let role = if !b.alive {
                        ReplicaRole::Offline
                    } else if r.leader {
                        leads += 1;
                        ReplicaRole::Leader
                    } else if !p.isr.contains(&b.id) {
                        ReplicaRole::OutOfSync
                    } else {
                        ReplicaRole::Follower
                    };
                    let leo = r.log_end_offset();
                    let first = leo.saturating_sub(LOG_SLOTS as u64);
                    let cells = r.log[first as usize..]
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
                        })
                        .collect();
                    let hw_x = (r.high_watermark >= first).then(|| {
                        row.cells_x + (r.high_watermark - first) as f32 * CELL_PITCH - 1.5
                    });
                    let isr: Vec<String> = p.isr.iter().map(|b| b.0.to_string()).collect();
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
                    })
                })
                .collect();
            let mut summary = match status {
                NodeStatus::Down if b.shut_down => "shut down".to_string(),
                NodeStatus::Down => "crashed".to_string(),
                NodeStatus::Fenced => format!("fenced · leader of {leads}"),
                NodeStatus::Isolated => format!("isolated · leader of {leads}"),
                NodeStatus::Up => format!("leader of {leads}"),
            };
            if b.fetch_delay_ms > 0 && b.alive {
                summary.push_str(&format!(" · fetch +{} ms", b.fetch_delay_ms));
            }
            Some(BrokerSprite {
                id: b.id.0,
                rect,
                status,
                summary,
                replicas,
            })
        })
        .collect();

    let producers = scene
        .producers
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let rect = *layout.producers.get(i)?;
            let mut dots = Vec::new();
            let batches = p
                .batches
                .values()
                .take(PRODUCER_BATCH_ROWS)
                .enumerate()
                .map(|(k, b)| {
                    let y = rect.y + BATCH_ROWS_Y + k as f32 * BATCH_ROW_H;
                    let (d, _) = dots_around(
                        Point {
                            x: rect.right() - 28.0,
                            y: y + 14.0,
                        },
                        &b.records,
                    );
                    dots.extend(d);
                    BatchSprite {
                        label: format!(
                            "{} · {} rec · {}",
                            scene.tp_name(b.tp),
                            b.records.len(),
                            bytes(b.bytes as u64)
                        ),
                        fill: (b.bytes as f32 / p.batch_size.max(1) as f32).clamp(0.0, 1.0),
                    }
                })
                .collect();
            let choice = p
                .last_choice
                .as_ref()
                .map(|c| {
                    let tp = scene.tp_name(c.tp);
                    match (&c.key, c.reason) {
                        (Some(k), PartitionReason::KeyHash(h)) => {
                            vec![format!("key \"{k}\" → {tp}"), format!("murmur2 = {h}")]
                        }
                        (_, PartitionReason::Explicit) => {
                            vec![format!("explicit partition → {tp}")]
                        }
                        (_, PartitionReason::Sticky) => vec![format!("null key, sticky → {tp}")],
                        (_, PartitionReason::RoundRobin) => vec![format!("round-robin → {tp}")],
                        (_, PartitionReason::LegacyRoundRobin) => {
                            vec![format!("legacy round-robin → {tp}")]
                        }
                        (None, PartitionReason::KeyHash(h)) => {
                            vec![format!("murmur2 = {h} → {tp}")]
                        }
                    }
                })
                .unwrap_or_default();
            Some(ProducerSprite {
                idx: p.idx.0,
                rect,
                config: format!(
                    "{}{}",
                    acks_name(p.acks),
                    if p.enable_idempotence {
                        " · idempotent"
                    } else {
                        ""
                    }
                ),
                batching: format!(
                    "batch.size {} · linger.ms {}",
                    bytes(p.batch_size),
                    p.linger_ms
                ),
                batches,
                more_batches: p.batches.len().saturating_sub(PRODUCER_BATCH_ROWS),
                counts: format!("sent {} · acked {}", p.sent, p.acked),
                failures: format!("failed {} · retries {}", p.failed, p.retries),
                choice,
                blocked: p.blocked,
                dots,
            })
        })
        .collect();

    let groups = scene
        .groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let rect = *layout.groups.get(i)?;
            let committed = short_list(
                g.committed
                    .iter()
                    .map(|(tp, o)| format!("{}@{o}", scene.tp_name(*tp)))
                    .collect(),
                3,
            );
            Some(GroupSprite {
                idx: g.idx.0,
                rect,
                name: g.name.clone(),
                state: g.state.clone(),
                generation: g.generation.0,
                committed: if committed.is_empty() {
                    "no committed offsets".into()
                } else {
                    format!("committed {committed}")
                },
            })
        })
        .collect();

    let consumers = scene
        .consumers
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let rect = *layout.consumers.get(i)?;
            let owned = short_list(c.assigned.iter().map(|tp| scene.tp_name(*tp)).collect(), 3);
            let positions = short_list(
                c.assigned
                    .iter()
                    .filter_map(|tp| {
                        c.positions
                            .get(tp)
                            .map(|o| format!("{}@{o}", scene.tp_name(*tp)))
                    })
                    .collect(),
                2,
            );
            Some(ConsumerSprite {
                idx: c.idx.0,
                rect,
                alive: c.alive(),
                phase: if c.alive() {
                    c.phase.clone()
                } else {
                    c.lifecycle.clone()
                },
                assigned: if owned.is_empty() {
                    "owns no partitions".into()
                } else {
                    format!("owns {owned}")
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
            })
        })
        .collect();

    let messages = scene
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
        .collect();

    let drops = scene
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
        .collect();

    // Stack flashes per node so two errors at one node do not overlap.
    let mut stacked: Vec<(NodeId, f32)> = Vec::new();
    let flashes = scene
        .notes
        .iter()
        .rev()
        .filter(|n| n.error && now >= n.at && now.0 - n.at.0 < FLASH_US)
        .filter_map(|n| {
            let node = n.node?;
            let r = layout.node_rect(node)?;
            let k = match stacked.iter_mut().find(|(m, _)| *m == node) {
                Some((_, k)) => {
                    *k += 1.0;
                    *k
                }
                None => {
                    stacked.push((node, 0.0));
                    0.0
                }
            };
            if k >= 3.0 {
                return None;
            }
            Some(FlashSprite {
                at: Point {
                    x: r.x + 6.0,
                    y: r.bottom() + 4.0 + k * 16.0,
                },
                text: n.text.clone(),
                age: (now.0 - n.at.0) as f32 / FLASH_US as f32,
            })
        })
        .collect();

    Frame {
        now,
        cut_links: cut_links(scene, layout),
        width: layout.width,
        height: layout.height,
        controller: layout.controller,
        brokers,
        producers,
        groups,
        consumers,
        messages,
        drops,
        flashes,
    }
}

/// One sprite per pair of nodes with a cut link, saying which way it is cut.
fn cut_links(scene: &Scene, layout: &Layout) -> Vec<CutLinkSprite> {
    let mut out = Vec::new();
    for &(from, to) in &scene.cut_links {
        let reverse = scene.cut_links.contains(&(to, from));
        if reverse && to < from {
            continue; // drawn once, from the smaller end
        }
        let Some(curve) = layout.curve(from, to, false) else {
            continue;
        };
        out.push(CutLinkSprite {
            a: from.to_string(),
            b: to.to_string(),
            mid: curve.at(0.5),
            curve,
            direction: if reverse {
                "both ways".to_string()
            } else {
                format!("{from} → {to} only")
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    //! Goal: an in-flight message is drawn at its source when sent, strictly between its endpoints mid-flight, and
    //! not at all once its delivery time has passed; record dots carry their record ids.
    //! Method: a scene from the default preset's setup, with a hand-written `MessageSent`.
    //! Kafka: none (drawing), following RaftScope's `messageSpec(from, to, frac)`.
    use super::*;
    use crate::engine::trace::TraceEvent;
    use crate::engine::Sim;
    use crate::scenario::presets;

    fn scene_with_message() -> (Scene, Layout, Curve) {
        let sim = Sim::new(&presets::default_scenario()).expect("valid");
        let mut scene = Scene::new(sim.setup());
        let layout = Layout::new(&scene);
        let from = NodeId::Producer(ProducerIdx(0));
        let to = NodeId::Broker(BrokerId(1));
        scene.apply(&TraceEvent::MessageSent {
            at: Instant::from_ms(10),
            id: MessageId(7),
            from,
            to,
            api: Api::Produce,
            response: false,
            deliver_at: Instant::from_ms(12),
            records: (0..11).map(|n| RecordId::new(ProducerIdx(0), n)).collect(),
            error: None,
        });
        let curve = layout.curve(from, to, false).expect("path");
        (scene, layout, curve)
    }

    #[test]
    fn message_moves_from_source_to_destination() {
        let (scene, layout, curve) = scene_with_message();
        let at_send = frame(&scene, &layout, Instant::from_ms(10));
        let m = &at_send.messages[0];
        assert_eq!(m.at, curve.from, "at its source at sent_at");

        let mid = frame(&scene, &layout, Instant::from_ms(11));
        let m = &mid.messages[0];
        let (lo, hi) = (curve.from.x.min(curve.to.x), curve.from.x.max(curve.to.x));
        assert!(
            m.at.x > lo && m.at.x < hi,
            "strictly between the endpoints mid-flight: {:?}",
            m.at
        );
        assert!(m.progress > 0.0 && m.progress < 1.0);
        assert_eq!(m.dots.len(), MAX_DOTS_PER_MESSAGE);
        assert_eq!(m.more, 3);
        assert_eq!(m.dots[0].record_id, RecordId::new(ProducerIdx(0), 0).0);

        assert!(
            frame(&scene, &layout, Instant::from_ms(12))
                .messages
                .is_empty(),
            "gone at deliver_at"
        );
        assert!(
            frame(&scene, &layout, Instant::from_ms(13))
                .messages
                .is_empty(),
            "gone after deliver_at"
        );
    }

    #[test]
    fn delivered_message_is_removed() {
        let (mut scene, layout, _) = scene_with_message();
        scene.apply(&TraceEvent::MessageDelivered {
            at: Instant::from_ms(12),
            id: MessageId(7),
        });
        assert!(frame(&scene, &layout, Instant::from_ms(11))
            .messages
            .is_empty());
    }

    #[test]
    fn cells_carry_record_ids_and_hw() {
        let sim = Sim::new(&presets::default_scenario()).expect("valid");
        let mut scene = Scene::new(sim.setup());
        let layout = Layout::new(&scene);
        let tp = scene.partitions[0].tp;
        let b = scene.partitions[0].replicas[0].broker;
        let at = Instant::from_ms(1);
        for o in 0..20u64 {
            scene.apply(&TraceEvent::RecordAppended {
                at,
                broker: b,
                tp,
                offset: o,
                record: RecordId(o),
                leader_epoch: LeaderEpoch(1),
            });
        }
        scene.apply(&TraceEvent::HighWatermarkAdvanced {
            at,
            broker: b,
            tp,
            hw: 15,
        });
        let f = frame(&scene, &layout, at);
        let row = f.brokers[b.0 as usize - 1]
            .replicas
            .iter()
            .find(|r| r.partition == scene.partitions[0].name)
            .expect("row");
        assert_eq!(row.cells.len(), LOG_SLOTS);
        assert_eq!(row.log_end_offset, 20);
        assert_eq!(row.cells.last().map(|c| c.record_id), Some(19));
        let first = 20 - LOG_SLOTS;
        assert_eq!(row.first_offset, first as u64);
        assert_eq!(row.cells.iter().filter(|c| c.committed).count(), 15 - first);
        assert!(row.hw_x.is_some());
    }

    #[test]
    fn cut_links_are_drawn_once_per_pair_and_isolation_is_a_status() {
        let sim = Sim::new(&presets::default_scenario()).expect("valid");
        let mut scene = Scene::new(sim.setup());
        let layout = Layout::new(&scene);
        let (b1, b2, b3) = (
            NodeId::Broker(BrokerId(1)),
            NodeId::Broker(BrokerId(2)),
            NodeId::Broker(BrokerId(3)),
        );
        let at = Instant::from_ms(5);
        for (from, to) in [(b1, b2), (b2, b1), (b3, b1)] {
            scene.apply(&TraceEvent::LinkChanged {
                at,
                from,
                to,
                cut: true,
            });
        }
        let f = frame(&scene, &layout, at);
        let drawn: Vec<(&str, &str, &str)> = f
            .cut_links
            .iter()
            .map(|c| (c.a.as_str(), c.b.as_str(), c.direction.as_str()))
            .collect();
        assert_eq!(
            drawn,
            vec![
                ("broker-1", "broker-2", "both ways"),
                ("broker-3", "broker-1", "broker-3 → broker-1 only"),
            ]
        );
        // A cut link is not an isolation: every broker is still drawn up.
        assert!(f.brokers.iter().all(|b| b.status == NodeStatus::Up));
        scene.apply(&TraceEvent::BrokerIsolated {
            at,
            broker: BrokerId(2),
            isolated: true,
        });
        let f = frame(&scene, &layout, at);
        assert_eq!(f.brokers[1].status, NodeStatus::Isolated);
        assert_eq!(f.brokers[0].status, NodeStatus::Up);
        // Healing removes the drawing.
        for (from, to) in [(b1, b2), (b2, b1), (b3, b1)] {
            scene.apply(&TraceEvent::LinkChanged {
                at,
                from,
                to,
                cut: false,
            });
        }
        assert!(frame(&scene, &layout, at).cut_links.is_empty());
    }
}
