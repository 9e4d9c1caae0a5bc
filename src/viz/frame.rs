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
    Curve, Layout, Point, ProducerGeom, Rect, CELL_PITCH, DEQUE_ROW_H, GROUP_ROW_H, LOG_SLOTS,
    SENDER_ROW_H, STAGE_LINE_H,
};
use super::scene::{PartitionChoice, ProducerView, Scene, MAX_DROPS};
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
/// A member's "revoked …" / "assigned …" tag stays this long after the event, µs of virtual time.
pub const REBALANCE_TAG_US: u64 = 2_000_000;

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
    /// Consumer-group offsets drawn on this log (leader replicas only).
    pub markers: Vec<OffsetMarker>,
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
    /// Replica rows.
    pub replicas: Vec<ReplicaSprite>,
}

/// One deque (partition row) in a producer's accumulator stage.
#[derive(Clone, Debug, PartialEq)]
pub struct DequeSprite {
    /// `topic-N`.
    pub tp: String,
    /// Row top.
    pub y: f32,
    /// Bytes in the open batch (0: none open).
    pub bytes: u32,
    /// Records in the open batch.
    pub records: usize,
    /// Fill of the open batch against `batch.size`, 0..1.
    pub fill: f32,
    /// "9.1 KiB / 16 KiB", or "no open batch".
    pub label: String,
    /// Closed batches waiting to be drained (full, or re-enqueued for a retry).
    pub queued: usize,
}

/// One broker connection in a producer's sender stage.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlightSprite {
    /// `node.id`.
    pub broker: u32,
    /// Row top.
    pub y: f32,
    /// Produce requests awaiting their response.
    pub in_flight: usize,
    /// `max.in.flight.requests.per.connection`.
    pub max: u64,
    /// Slot boxes drawn (at most [`MAX_SLOTS`]).
    pub slots: usize,
    /// "2 / 5 in flight".
    pub label: String,
}

/// Slot boxes drawn per broker connection; a larger `max.in.flight.requests.per.connection` is written out.
pub const MAX_SLOTS: usize = 10;

/// Why the partitioner chose a partition, in Kafka's terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionerText {
    /// "→ orders-2".
    pub result: String,
    /// One or two lines of reasoning, e.g. `murmur2("peter-5") = 765346580`, `→ 765346580 % 3 = 2`.
    pub why: Vec<String>,
}

impl PartitionerText {
    /// Everything on one line (the test hook's `data-text`).
    pub fn one_line(&self) -> String {
        std::iter::once(self.result.as_str())
            .chain(self.why.iter().map(|s| s.as_str()))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A producer card: its pipeline serializer → partitioner → accumulator → sender → callbacks.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerSprite {
    /// Index.
    pub idx: u16,
    /// Card.
    pub rect: Rect,
    /// Where the stages go.
    pub geom: ProducerGeom,
    /// Its delivery config, e.g. "acks=all · idempotent".
    pub config: String,
    /// Its batching config, e.g. "batch.size 16 KiB · linger.ms 5".
    pub batching: String,
    /// Serializer stage: "key 10 B · value 100 B".
    pub serializer: String,
    /// Serializer stage: the last refusal, e.g. "RecordTooLargeException (record #5)".
    pub serializer_error: Option<String>,
    /// Partitioner stage.
    pub partitioner: PartitionerText,
    /// Accumulator stage: one row per shown partition.
    pub deques: Vec<DequeSprite>,
    /// "+27 more partitions (2 with batches)".
    pub more_deques: Option<String>,
    /// Sender stage: one row per shown broker connection.
    pub in_flight: Vec<InFlightSprite>,
    /// "+3 more brokers (1 request in flight)".
    pub more_brokers: Option<String>,
    /// Produce requests in flight over all connections.
    pub in_flight_total: usize,
    /// "retry.backoff.ms 100 · 1 batch waiting".
    pub retry_line: String,
    /// Batches waiting on their retry backoff.
    pub retries_waiting: usize,
    /// Baseline of the retry line.
    pub retry_y: f32,
    /// "acked 200 · failed 1".
    pub callbacks: String,
    /// "last: orders-2@69", or the exception name.
    pub last_callback: String,
    /// The last callback carried an exception (drawn red).
    pub last_callback_error: bool,
    /// "sent 12 · acked 10" (kept for the compact card).
    pub counts: String,
    /// `send()` is blocked on `buffer.memory`.
    pub blocked: bool,
    /// Its record dots while still in batches (at most [`MAX_DOTS_PER_MESSAGE`] per batch).
    pub dots: Vec<RecordDot>,
}

/// A countdown drawn by the motion layer (it changes every frame; the cards do not).
#[derive(Clone, Debug, PartialEq)]
pub struct CountdownSprite {
    /// Test hook, e.g. `producer-1-linger-orders-2`.
    pub testid: String,
    /// Right end of the text's baseline.
    pub at: Point,
    /// "12 ms", "ready".
    pub text: String,
    /// Time left, ms (0: ready / due).
    pub left_ms: u64,
    /// A `linger.ms` countdown (else a retry backoff).
    pub linger: bool,
}

/// A latency in ms, with one decimal below 100 ms: `4.1 ms`, `512 ms`.
pub fn latency_ms(ms: f64) -> String {
    if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
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
    /// The rebalance step the group is in: `join` (PreparingRebalance), `sync` (CompletingRebalance), `stable`,
    /// or `empty`.
    pub phase: &'static str,
    /// The assignor chosen by the last rebalance (empty before the first).
    pub protocol: String,
    /// One row per subscribed partition.
    pub rows: Vec<GroupRowSprite>,
    /// Lines from each partition's leader replica to the member that owns it.
    pub lines: Vec<AssignmentLine>,
    /// End-to-end latency, `send()` → first processing: `p50 4.1 ms · p99 9.8 ms · max 12.0 ms`.
    pub latency: String,
    /// Baseline of the latency caption (below the partition table); the figures sit 13 px lower.
    pub latency_y: f32,
}

/// One partition of a group: owner, committed offset, lag.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRowSprite {
    /// `topic-N`.
    pub partition: String,
    /// Baseline of the row.
    pub y: f32,
    /// The owning member.
    pub owner: Option<u16>,
    /// The committed offset, if the group has one.
    pub committed: Option<u64>,
    /// The leader's high watermark.
    pub high_watermark: u64,
    /// Leader HW − committed, records.
    pub lag: u64,
    /// The whole row in words, e.g. "orders-0 → consumer-2 · committed 99 · lag 4 records".
    pub text: String,
    /// The table cells: owner ("consumer-2" / "no owner"), committed ("99" / "—"), lag ("4 records").
    pub cells: [String; 3],
}

/// A partition → owning-consumer line.
#[derive(Clone, Debug, PartialEq)]
pub struct AssignmentLine {
    /// `topic-N`.
    pub partition: String,
    /// The owner.
    pub consumer: u16,
    /// From the leader replica's row to the consumer card.
    pub path: Curve,
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

/// Seconds or milliseconds, as a person reads a countdown: "850 ms", "8.2 s", "41 s".
pub fn countdown(ms: u64) -> String {
    if ms < 1_000 {
        format!("{ms} ms")
    } else if ms < 10_000 {
        format!("{}.{} s", ms / 1000, (ms % 1000) / 100)
    } else {
        format!("{} s", ms / 1000)
    }
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

fn group_phase(state: &str) -> &'static str {
    match state {
        "PreparingRebalance" => "join",
        "CompletingRebalance" => "sync",
        "Stable" => "stable",
        _ => "empty",
    }
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
    /// Session-timeout countdowns of group members (drawn on the moving layer: they change every frame).
    pub sessions: Vec<SessionSprite>,
    /// In-flight messages, by id.
    pub messages: Vec<MessageSprite>,
    /// Recently lost messages.
    pub drops: Vec<DropSprite>,
    /// Error notes flashing near nodes.
    pub flashes: Vec<FlashSprite>,
    /// Cut links (not those of an isolated broker, which its card shows).
    pub cut_links: Vec<CutLinkSprite>,
    /// `linger.ms` and retry-backoff countdowns inside producer cards.
    pub countdowns: Vec<CountdownSprite>,
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

/// Joins items while the text stays within `max_chars` characters (at least one item), then "+N" for the rest, so a
/// line fits its card.
pub fn fit_list(items: Vec<String>, max_chars: usize) -> String {
    let n = items.len();
    let mut s = String::new();
    let mut shown = 0;
    for it in items {
        let extra = if shown == 0 { 0 } else { 2 };
        if shown > 0 && s.chars().count() + extra + it.chars().count() > max_chars {
            break;
        }
        if shown > 0 {
            s.push_str(", ");
        }
        s.push_str(&it);
        shown += 1;
    }
    if n > shown {
        s.push_str(&format!(" +{}", n - shown));
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

/// A virtual time in seconds with millisecond digits: `6.000 s`.
pub fn seconds(t: Instant) -> String {
    format!("{}.{:03} s", t.0 / 1_000_000, (t.0 / 1000) % 1000)
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

/// Time left, µs, before the open batch on `tp` is ready by `linger.ms` (`RecordAccumulator.batchReady`: linger
/// counts from the batch's first record). `Some(0)` once it is full (`batch.size`) or lingered long enough; `None`
/// when no batch is open on `tp`.
pub fn linger_left_us(p: &ProducerView, tp: TopicPartition, now: Instant) -> Option<u64> {
    let b = p.open_batch(tp)?;
    if b.bytes as u64 >= p.batch_size {
        return Some(0);
    }
    let ready_at = b
        .created_at
        .0
        .saturating_add(p.linger_ms.saturating_mul(1000));
    Some(ready_at.saturating_sub(now.0))
}

/// The earliest time left, µs, before a re-enqueued batch may be drained again (`retry.backoff.ms`), with the
/// number of retried batches waiting in the accumulator.
pub fn retry_backoff_left_us(p: &ProducerView, now: Instant) -> (usize, Option<u64>) {
    let waiting: Vec<&super::scene::OpenBatch> =
        p.batches.values().filter(|b| b.attempts > 0).collect();
    let left = waiting
        .iter()
        .filter_map(|b| b.backoff_until)
        .map(|t| t.0.saturating_sub(now.0))
        .min();
    (waiting.len(), left)
}

fn short_key(k: &str) -> String {
    const MAX: usize = 18;
    if k.chars().count() > MAX {
        format!("{}…", k.chars().take(MAX - 1).collect::<String>())
    } else {
        k.to_string()
    }
}

/// Why the partitioner chose `choice.tp`, the way `KafkaProducer.partition()` decides (shared/KAFKA.md §2):
/// `toPositive(murmur2(serialized key)) % partitions` for a key, uniform sticky for a null key (switching after
/// about `batch.size` bytes), or the record's explicit partition.
pub fn partitioner_text(
    choice: &PartitionChoice,
    partitions: u32,
    batch_size: u64,
    tp_name: &str,
) -> PartitionerText {
    let result = format!("→ {tp_name}");
    let why = match (&choice.key, choice.reason) {
        (key, PartitionReason::KeyHash(h)) => {
            let positive = (h as u32) & 0x7fff_ffff;
            let n = partitions.max(1);
            let first = match key {
                Some(k) => format!("murmur2(\"{}\") = {h}", short_key(k)),
                None => format!("murmur2(key) = {h}"),
            };
            let second = if h >= 0 {
                format!("→ {positive} % {n} = {}", positive % n)
            } else {
                format!("→ toPositive {positive} % {n} = {}", positive % n)
            };
            vec![first, second]
        }
        (_, PartitionReason::Sticky) => vec![
            format!("null key: sticky → {tp_name}"),
            format!("(switches after ~batch.size = {})", bytes(batch_size)),
        ],
        (_, PartitionReason::Explicit) => vec![
            format!("explicit partition {}", choice.tp.partition),
            "(ProducerRecord.partition set)".to_string(),
        ],
        (_, PartitionReason::RoundRobin) => vec![
            format!("round-robin → {tp_name}"),
            "(RoundRobinPartitioner, key ignored)".to_string(),
        ],
        (_, PartitionReason::LegacyRoundRobin) => vec![
            format!("round-robin → {tp_name}"),
            "(pre-2.4 DefaultPartitioner, null key)".to_string(),
        ],
    };
    PartitionerText { result, why }
}

fn ms_text(us: u64) -> String {
    if us == 0 {
        "ready".to_string()
    } else {
        format!("{} ms", us.div_ceil(1000))
    }
}

/// Picks up to `cap` items, those `busy` first, then shown in their natural order.
fn pick_rows<T: Copy + Ord>(all: &[T], busy: impl Fn(T) -> bool, cap: usize) -> Vec<T> {
    let mut shown: Vec<T> = all.iter().copied().filter(|t| busy(*t)).take(cap).collect();
    for t in all.iter().copied() {
        if shown.len() >= cap {
            break;
        }
        if !shown.contains(&t) {
            shown.push(t);
        }
    }
    shown.sort();
    shown
}

fn producer_sprite(
    scene: &Scene,
    p: &ProducerView,
    rect: Rect,
    geom: ProducerGeom,
    now: Instant,
    countdowns: &mut Vec<CountdownSprite>,
) -> ProducerSprite {
    let sx = rect.x + 6.0;
    let topic = p
        .last_choice
        .as_ref()
        .map(|c| c.tp.topic)
        .or_else(|| p.deques.keys().next().map(|tp| tp.topic))
        .unwrap_or(TopicIdx(0));
    let partitions = scene.partition_count(topic);
    let all_tps: Vec<TopicPartition> = (0..partitions)
        .map(|partition| TopicPartition { topic, partition })
        .collect();
    let busy = |tp: TopicPartition| p.deques.get(&tp).is_some_and(|d| !d.is_empty());

    let mut dots = Vec::new();
    let mut deques = Vec::new();
    let rows_y = rect.y + geom.accumulator_y + STAGE_LINE_H + 4.0;
    for (k, tp) in pick_rows(&all_tps, busy, geom.deque_rows)
        .into_iter()
        .enumerate()
    {
        let y = rows_y + k as f32 * DEQUE_ROW_H;
        let name = scene.tp_name(tp);
        let open = p.open_batch(tp);
        let (bytes_now, records) = open.map_or((0, 0), |b| (b.bytes, b.records.len()));
        if let Some(b) = open {
            let (d, _) = dots_around(
                Point {
                    x: sx + 176.0,
                    y: y + 8.5,
                },
                &b.records,
            );
            dots.extend(d);
        }
        if let Some(left) = linger_left_us(p, tp, now) {
            countdowns.push(CountdownSprite {
                testid: format!("producer-{}-linger-{name}", p.idx.0),
                at: Point {
                    x: sx + 272.0,
                    y: y + 12.0,
                },
                text: ms_text(left),
                left_ms: left.div_ceil(1000),
                linger: true,
            });
        }
        deques.push(DequeSprite {
            tp: name,
            y,
            bytes: bytes_now,
            records,
            fill: (bytes_now as f32 / p.batch_size.max(1) as f32).clamp(0.0, 1.0),
            label: if open.is_some() {
                format!("{} / {}", bytes(bytes_now as u64), bytes(p.batch_size))
            } else {
                "no open batch".to_string()
            },
            queued: p.queued(tp),
        });
    }
    let hidden = all_tps.len().saturating_sub(deques.len());
    let more_deques = (hidden > 0).then(|| {
        let shown: Vec<&str> = deques.iter().map(|d| d.tp.as_str()).collect();
        let busy_hidden = all_tps
            .iter()
            .filter(|tp| busy(**tp) && !shown.contains(&scene.tp_name(**tp).as_str()))
            .count();
        if busy_hidden > 0 {
            format!("+{hidden} more partitions ({busy_hidden} with batches)")
        } else {
            format!("+{hidden} more partitions")
        }
    });

    let brokers: Vec<BrokerId> = scene.brokers.iter().map(|b| b.id).collect();
    let shown_brokers = pick_rows(&brokers, |b| p.in_flight_to(b) > 0, geom.sender_rows);
    let rows_y = rect.y + geom.sender_y + STAGE_LINE_H + 4.0;
    let in_flight: Vec<InFlightSprite> = shown_brokers
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let n = p.in_flight_to(*b);
            InFlightSprite {
                broker: b.0,
                y: rows_y + k as f32 * SENDER_ROW_H,
                in_flight: n,
                max: p.max_in_flight,
                slots: (p.max_in_flight as usize).min(MAX_SLOTS),
                label: format!("{n} / {} in flight", p.max_in_flight),
            }
        })
        .collect();
    let hidden = brokers.len().saturating_sub(in_flight.len());
    let more_brokers = (hidden > 0).then(|| {
        let elsewhere: usize = brokers
            .iter()
            .filter(|b| !shown_brokers.contains(b))
            .map(|b| p.in_flight_to(*b))
            .sum();
        format!("+{hidden} more brokers ({elsewhere} requests in flight)")
    });
    let (retries_waiting, backoff_left) = retry_backoff_left_us(p, now);
    let retry_y = rect.y
        + geom.sender_y
        + STAGE_LINE_H
        + 4.0
        + SENDER_ROW_H * geom.sender_rows as f32
        + if geom.more_brokers { STAGE_LINE_H } else { 0.0 }
        + 11.0;
    if let (Some(left), false) = (backoff_left, geom.compact) {
        countdowns.push(CountdownSprite {
            testid: format!("producer-{}-backoff", p.idx.0),
            at: Point {
                x: sx + 272.0,
                y: retry_y,
            },
            text: if left == 0 {
                "due".to_string()
            } else {
                format!("next in {}", ms_text(left))
            },
            left_ms: left.div_ceil(1000),
            linger: false,
        });
    }
    if geom.compact {
        dots.clear();
        countdowns.retain(|c| !c.testid.starts_with(&format!("producer-{}-", p.idx.0)));
    }

    let partitioner = p
        .last_choice
        .as_ref()
        .map(|c| {
            partitioner_text(
                c,
                scene.partition_count(c.tp.topic),
                p.batch_size,
                &scene.tp_name(c.tp),
            )
        })
        .unwrap_or_else(|| PartitionerText {
            result: "no record yet".to_string(),
            why: Vec::new(),
        });
    let serializer = match &p.last_serialized {
        Some(s) => format!(
            "{} · value {}",
            s.key_bytes.map_or("null key".to_string(), |k| format!(
                "key {}",
                bytes(k as u64)
            )),
            bytes(s.value_bytes as u64)
        ),
        None => "no record yet".to_string(),
    };
    let serializer_error = p.last_rejection.as_ref().map(|r| {
        let more = if p.rejected > 1 {
            format!(", {} refused", p.rejected)
        } else {
            String::new()
        };
        format!(
            "{} (record #{}{more})",
            r.error.exception_name(),
            r.record.send_index()
        )
    });
    let (last_callback, last_callback_error) = match &p.last_callback {
        None => ("no callback yet".to_string(), false),
        Some(c) => match (c.error, c.tp, c.offset) {
            (Some(e), tp, _) => (
                format!(
                    "last: {} (record #{}{})",
                    e.exception_name(),
                    c.record.send_index(),
                    tp.map(|tp| format!(", {}", scene.tp_name(tp)))
                        .unwrap_or_default()
                ),
                true,
            ),
            (None, Some(tp), Some(o)) if o < 0 => (
                format!("last: {} offset −1 (acks=0: no offset)", scene.tp_name(tp)),
                false,
            ),
            (None, Some(tp), Some(o)) => (
                match c.timestamp {
                    Some(ts) => format!(
                        "last: {}@{o} · timestamp {}",
                        scene.tp_name(tp),
                        seconds(ts)
                    ),
                    None => format!("last: {}@{o}", scene.tp_name(tp)),
                },
                false,
            ),
            (None, _, _) => ("last: metadata".to_string(), false),
        },
    };
    ProducerSprite {
        idx: p.idx.0,
        rect,
        geom,
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
        serializer,
        serializer_error,
        partitioner,
        deques,
        more_deques,
        in_flight_total: p.requests.len(),
        in_flight,
        more_brokers,
        retry_line: format!(
            "retry.backoff.ms {} · {}",
            p.retry_backoff_ms,
            match retries_waiting {
                0 => "no retry waiting".to_string(),
                1 => "1 retry waiting".to_string(),
                n => format!("{n} retries waiting"),
            }
        ),
        retries_waiting,
        retry_y,
        callbacks: format!("acked {} · failed {}", p.acked, p.failed),
        last_callback,
        last_callback_error,
        counts: format!("sent {} · acked {} · failed {}", p.sent, p.acked, p.failed),
        blocked: p.blocked,
        dots,
    }
}

/// One failed record in the side panel's dead-letter list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetterRow {
    /// The record id (as `data-record-id`).
    pub record_id: u64,
    /// Its place in the producer's send order.
    pub send_index: u64,
    /// `topic-N`, if the partitioner had chosen one.
    pub partition: Option<String>,
    /// The exception the callback saw, e.g. `RecordTooLargeException`.
    pub exception: &'static str,
    /// When the callback fired, e.g. "0.250 s".
    pub at: String,
}

/// One producer's dead letters, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetterGroup {
    /// The producer.
    pub producer: u16,
    /// All its failed records (the list keeps only the newest).
    pub failed: u64,
    /// At most `limit` rows.
    pub rows: Vec<DeadLetterRow>,
}

/// The dead-letter lists of all producers that have any, at most `limit` rows each, newest first.
pub fn dead_letter_groups(scene: &Scene, limit: usize) -> Vec<DeadLetterGroup> {
    scene
        .producers
        .iter()
        .filter(|p| !p.dead_letters.is_empty())
        .map(|p| DeadLetterGroup {
            producer: p.idx.0,
            failed: p.failed,
            rows: p
                .dead_letters
                .iter()
                .take(limit)
                .map(|d| DeadLetterRow {
                    record_id: d.record.0,
                    send_index: d.record.send_index(),
                    partition: d.tp.map(|tp| scene.tp_name(tp)),
                    exception: d.error.exception_name(),
                    at: seconds(d.at),
                })
                .collect(),
        })
        .collect()
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
                    let markers = if role == ReplicaRole::Leader {
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

    let mut countdowns = Vec::new();
    let producers = scene
        .producers
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let rect = *layout.producers.get(i)?;
            Some(producer_sprite(
                scene,
                p,
                rect,
                layout.producer,
                now,
                &mut countdowns,
            ))
        })
        .collect();

    let groups = scene
        .groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let rect = *layout.groups.get(i)?;
            let rows_y = layout.group_rows_y.get(i).copied().unwrap_or(rect.y);
            let mut lines = Vec::new();
            let rows: Vec<GroupRowSprite> = scene
                .group_partitions(g.idx)
                .into_iter()
                .enumerate()
                .map(|(k, tp)| {
                    let name = scene.tp_name(tp);
                    let owner = scene.owner(g.idx, tp);
                    let committed = g.committed.get(&tp).copied();
                    let lag = scene.lag(g.idx, tp);
                    if let Some(c) = owner {
                        let from = scene.partition_index(tp).and_then(|pi| {
                            let leader = scene.partitions.get(pi)?.leader?;
                            layout.replica_anchor(leader, pi)
                        });
                        if let (Some(from), Some(card)) = (from, layout.consumers.get(c.0 as usize))
                        {
                            let to = Point {
                                x: card.x,
                                y: card.y + 24.0,
                            };
                            lines.push(AssignmentLine {
                                partition: name.clone(),
                                consumer: c.0,
                                path: Curve {
                                    from,
                                    ctrl: Point {
                                        x: (from.x + to.x) / 2.0,
                                        y: to.y,
                                    },
                                    to,
                                },
                            });
                        }
                    }
                    let owner_text = owner
                        .map(|c| format!("consumer-{}", c.0))
                        .unwrap_or_else(|| "no owner".into());
                    let committed_text = committed
                        .map(|o| format!("committed {o}"))
                        .unwrap_or_else(|| "nothing committed".into());
                    let lag_text = format!("{lag} {}", if lag == 1 { "record" } else { "records" });
                    GroupRowSprite {
                        text: format!("{name} → {owner_text} · {committed_text} · lag {lag_text}"),
                        cells: [
                            owner_text,
                            committed
                                .map(|o| o.to_string())
                                .unwrap_or_else(|| "—".into()),
                            lag_text,
                        ],
                        partition: name,
                        y: rows_y + k as f32 * GROUP_ROW_H + 8.0,
                        owner: owner.map(|c| c.0),
                        committed,
                        high_watermark: scene.leader_high_watermark(tp),
                        lag,
                    }
                })
                .collect();
            let latency = match scene.group_latency.get(i).copied().flatten() {
                Some(l) => format!(
                    "p50 {} · p99 {} · max {}",
                    latency_ms(l.p50),
                    latency_ms(l.p99),
                    latency_ms(l.max)
                ),
                None => "no record processed yet".into(),
            };
            // The caption's baseline; the figures go one line below it.
            let latency_y = rows_y + rows.len() as f32 * GROUP_ROW_H + 16.0;
            Some(GroupSprite {
                latency,
                latency_y,
                idx: g.idx.0,
                rect,
                name: g.name.clone(),
                state: g.state.clone(),
                generation: g.generation.0,
                phase: group_phase(&g.state),
                protocol: g.protocol.clone(),
                rows,
                lines,
            })
        })
        .collect();

    // The newer of a member's last revocation and last assignment, while it is recent.
    let rebalance_tag = |c: &crate::viz::scene::ConsumerView| -> Option<(&'static str, String)> {
        let pick = match (&c.last_revoked, &c.last_assigned) {
            (Some(r), Some(a)) if a.0 >= r.0 => ("assigned", a),
            (Some(r), _) => ("revoked", r),
            (None, Some(a)) => ("assigned", a),
            (None, None) => return None,
        };
        let (verb, (at, tps)) = pick;
        (c.alive() && now >= *at && now.0 - at.0 < REBALANCE_TAG_US).then(|| {
            let names = fit_list(tps.iter().map(|tp| scene.tp_name(*tp)).collect(), 28);
            (verb, format!("{verb} {names}"))
        })
    };
    let consumers = scene
        .consumers
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let rect = *layout.consumers.get(i)?;
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
            let tag = rebalance_tag(c);
            Some(ConsumerSprite {
                idx: c.idx.0,
                rect,
                alive: c.alive(),
                phase: if c.alive() {
                    c.phase.clone()
                } else {
                    c.lifecycle.clone()
                },
                assigned: if idle {
                    "idle (no partition)".into()
                } else if owned.is_empty() {
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
                assigned_list: c.assigned.iter().map(|tp| scene.tp_name(*tp)).collect(),
                idle,
                member: c.member_id.is_some(),
                revoked: tag
                    .as_ref()
                    .filter(|(k, _)| *k == "revoked")
                    .map(|(_, t)| t.clone()),
                newly_assigned: tag
                    .as_ref()
                    .filter(|(k, _)| *k == "assigned")
                    .map(|(_, t)| t.clone()),
            })
        })
        .collect();

    // The coordinator's view: a member's session runs from its last Heartbeat/JoinGroup until session.timeout.ms.
    let sessions = scene
        .consumers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.member_id.is_some())
        .filter_map(|(i, c)| {
            let rect = *layout.consumers.get(i)?;
            let reset = c.session_reset_at?;
            let (left_ms, fraction) = session_left(reset, c.session_timeout_ms, now);
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
                    "session expired".into()
                } else {
                    format!("session {} left", countdown(left_ms))
                },
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
        sessions,
        messages,
        drops,
        flashes,
        countdowns,
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
                title: format!("group {}: committed offset {o}", g.name),
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
                title: format!("consumer-{} (group {}): position {o}", c.idx.0, g.name),
            });
        }
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
    use crate::engine::protocol::KafkaError;
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

    fn batching_scene() -> (Scene, Layout) {
        let sim = Sim::new(&presets::by_name("batching-tradeoff").expect("preset")).expect("valid");
        let scene = Scene::new(sim.setup());
        let layout = Layout::new(&scene);
        (scene, layout)
    }

    /// Goal: the linger.ms countdown counts from the batch's first record, reaches "ready" at linger.ms, and is
    /// "ready" at once when the batch is full; it is drawn for the partition row with the batch.
    /// Kafka: RecordAccumulator.batchReady (waitedTimeMs >= lingerMs, or full).
    #[test]
    fn linger_countdown_follows_sim_time() {
        let (mut scene, layout) = batching_scene();
        let tp = scene.partitions[2].tp;
        assert_eq!(scene.producers[1].linger_ms, 50);
        let rec = |n| RecordId::new(ProducerIdx(1), n);
        scene.apply(&TraceEvent::RecordBatched {
            at: Instant::from_ms(10),
            record: rec(0),
            batch: BatchId(1),
            tp,
            batch_bytes: 180,
            new_batch: true,
        });
        scene.apply(&TraceEvent::RecordBatched {
            at: Instant::from_ms(25),
            record: rec(1),
            batch: BatchId(1),
            tp,
            batch_bytes: 270,
            new_batch: false,
        });
        let p = &scene.producers[1];
        assert_eq!(linger_left_us(p, tp, Instant::from_ms(30)), Some(30_000));
        assert_eq!(linger_left_us(p, tp, Instant::from_ms(60)), Some(0));
        assert_eq!(linger_left_us(p, tp, Instant::from_ms(99)), Some(0));
        assert_eq!(
            linger_left_us(p, scene.partitions[0].tp, Instant::from_ms(30)),
            None
        );

        let f = frame(&scene, &layout, Instant::from_ms(30));
        let c = f
            .countdowns
            .iter()
            .find(|c| c.testid == "producer-1-linger-orders-2")
            .expect("countdown drawn");
        assert_eq!((c.left_ms, c.text.as_str()), (30, "30 ms"));
        let d = f.producers[1]
            .deques
            .iter()
            .find(|d| d.tp == "orders-2")
            .expect("row");
        assert_eq!((d.bytes, d.records, d.queued), (270, 2, 0));
        assert_eq!(d.label, "270 B / 16 KiB");
        assert_eq!(
            f.producers[1].dots.len(),
            2,
            "one dot per record of the open batch"
        );
        assert_eq!(
            frame(&scene, &layout, Instant::from_ms(61)).countdowns[0].text,
            "ready"
        );

        // Full (batch.size reached): ready before linger.ms.
        scene.apply(&TraceEvent::RecordBatched {
            at: Instant::from_ms(26),
            record: rec(2),
            batch: BatchId(1),
            tp,
            batch_bytes: 16_384,
            new_batch: false,
        });
        assert_eq!(
            linger_left_us(&scene.producers[1], tp, Instant::from_ms(30)),
            Some(0)
        );
    }

    /// Goal: the partitioner explains its choice in Kafka's terms: murmur2 of the key and toPositive(…) % n for a
    /// key (with toPositive shown when murmur2 is negative), sticky for a null key, the explicit partition.
    /// Kafka: KafkaProducer.partition, BuiltInPartitioner.partitionForKey, Utils.toPositive (shared/KAFKA.md §2).
    #[test]
    fn partitioner_explanations() {
        use crate::engine::producer::partitioner::{murmur2, partition_for_key};
        let tp = |p| TopicPartition {
            topic: TopicIdx(0),
            partition: p,
        };
        let choice = |key: Option<&str>, reason, p| PartitionChoice {
            at: Instant::ZERO,
            tp: tp(p),
            reason,
            key: key.map(String::from),
        };
        // Positive hash.
        let h = murmur2(b"peter-5");
        assert!(h >= 0);
        let p = partition_for_key(b"peter-5", 3);
        let t = partitioner_text(
            &choice(Some("peter-5"), PartitionReason::KeyHash(h), p),
            3,
            16_384,
            "orders-2",
        );
        assert_eq!(t.result, "→ orders-2");
        assert_eq!(
            t.one_line(),
            format!("→ orders-2 murmur2(\"peter-5\") = {h} → {h} % 3 = {p}")
        );
        // Kafka's UtilsTest vector: murmur2("21") = -973932308, so toPositive applies.
        let h = murmur2(b"21");
        assert_eq!(h, -973_932_308);
        let p = partition_for_key(b"21", 3);
        let t = partitioner_text(
            &choice(Some("21"), PartitionReason::KeyHash(h), p),
            3,
            16_384,
            "x",
        );
        assert_eq!(t.why[0], "murmur2(\"21\") = -973932308");
        assert_eq!(
            t.why[1],
            format!("→ toPositive {} % 3 = {p}", 1_173_551_340)
        );
        assert_eq!(1_173_551_340 % 3, p);
        let t = partitioner_text(
            &choice(None, PartitionReason::Sticky, 1),
            3,
            16_384,
            "orders-1",
        );
        assert_eq!(t.why[0], "null key: sticky → orders-1");
        assert!(t.why[1].contains("batch.size = 16 KiB"));
        let t = partitioner_text(
            &choice(Some("k"), PartitionReason::Explicit, 2),
            3,
            16_384,
            "orders-2",
        );
        assert_eq!(t.why[0], "explicit partition 2");
        let t = partitioner_text(
            &choice(None, PartitionReason::RoundRobin, 0),
            3,
            16_384,
            "orders-0",
        );
        assert_eq!(t.why[0], "round-robin → orders-0");
    }

    /// Goal: sender slots show the requests in flight per broker connection, capped drawing for a large
    /// max.in.flight; callbacks show metadata, offset −1 for acks=0, and the exception; the dead-letter groups
    /// are per producer, bounded and newest first.
    #[test]
    fn sender_callbacks_and_dead_letters() {
        let (mut scene, layout) = batching_scene();
        let tp = scene.partitions[0].tp;
        scene.apply(&TraceEvent::RecordBatched {
            at: Instant::from_ms(1),
            record: RecordId::new(ProducerIdx(0), 0),
            batch: BatchId(1),
            tp,
            batch_bytes: 180,
            new_batch: true,
        });
        scene.apply(&TraceEvent::BatchesDrained {
            at: Instant::from_ms(2),
            producer: ProducerIdx(0),
            broker: BrokerId(2),
            batches: vec![BatchId(1)],
            correlation_id: 5,
        });
        let f = frame(&scene, &layout, Instant::from_ms(3));
        let p = &f.producers[0];
        assert!(!p.geom.compact);
        let b2 = p
            .in_flight
            .iter()
            .find(|s| s.broker == 2)
            .expect("broker-2 row");
        assert_eq!((b2.in_flight, b2.max, b2.slots), (1, 5, 5));
        assert_eq!(b2.label, "1 / 5 in flight");
        assert_eq!(p.in_flight_total, 1);
        scene.apply(&TraceEvent::RecordAcked {
            at: Instant::from_ms(4),
            record: RecordId::new(ProducerIdx(0), 0),
            tp,
            offset: 69,
            timestamp: Instant::from_ms(2),
            acks: Acks::All,
        });
        let f = frame(&scene, &layout, Instant::from_ms(4));
        assert_eq!(
            f.producers[0].last_callback,
            "last: orders-0@69 · timestamp 0.002 s"
        );
        scene.apply(&TraceEvent::RecordAcked {
            at: Instant::from_ms(5),
            record: RecordId::new(ProducerIdx(0), 1),
            tp,
            offset: -1,
            timestamp: Instant::from_ms(3),
            acks: Acks::None,
        });
        let f = frame(&scene, &layout, Instant::from_ms(5));
        assert!(f.producers[0].last_callback.contains("offset −1"));
        for n in 0..15 {
            scene.apply(&TraceEvent::RecordFailed {
                at: Instant::from_ms(10 + n),
                record: RecordId::new(ProducerIdx(1), n),
                tp: Some(tp),
                error: KafkaError::Timeout,
            });
        }
        let f = frame(&scene, &layout, Instant::from_ms(30));
        assert_eq!(
            f.producers[1].last_callback,
            "last: TimeoutException (record #14, orders-0)"
        );
        assert!(f.producers[1].last_callback_error);
        let groups = dead_letter_groups(&scene, 10);
        assert_eq!(groups.len(), 1);
        assert_eq!(
            (groups[0].producer, groups[0].failed, groups[0].rows.len()),
            (1, 15, 10)
        );
        assert_eq!(groups[0].rows[0].send_index, 14);
        assert_eq!(groups[0].rows[0].exception, "TimeoutException");
        assert_eq!(groups[0].rows[0].partition.as_deref(), Some("orders-0"));
        assert_eq!(groups[0].rows[0].at, "0.024 s");
    }
}

#[cfg(test)]
mod group_tests {
    //! Goal: the group drawing tells the truth about the coordinator: a crashed member's session countdown reaches
    //! zero exactly when the coordinator removes it, lag is leader HW − committed offset, idle members are marked,
    //! and every owned partition has one assignment line.
    //! Method: run the `consumer-dies` and `idle-consumer` presets through the engine and fold their traces; plus a
    //! hand-written trace for lag and offset markers.
    //! Kafka: classic group coordinator session expiry (`session.timeout.ms`); `kafka-consumer-groups.sh` LAG.
    use super::*;
    use crate::engine::trace::TraceEvent;
    use crate::engine::Sim;
    use crate::scenario::presets;

    fn scene_for(sim: &Sim, scenario: &crate::scenario::Scenario) -> Scene {
        let mut scene = Scene::new(sim.setup());
        scene.subscribe_groups(scenario.consumer_groups.iter().map(|g| g.topics.clone()));
        scene
    }

    #[test]
    fn countdown_labels() {
        assert_eq!(countdown(850), "850 ms");
        assert_eq!(countdown(8_250), "8.2 s");
        assert_eq!(countdown(41_999), "41 s");
        let tps = |n: usize| (0..n).map(|i| format!("orders-{i}")).collect::<Vec<_>>();
        assert_eq!(fit_list(tps(1), 5), "orders-0");
        assert_eq!(fit_list(tps(3), 28), "orders-0, orders-1, orders-2");
        assert_eq!(fit_list(tps(4), 28), "orders-0, orders-1, orders-2 +1");
        assert_eq!(fit_list(Vec::new(), 28), "");
        let (left, f) = session_left(Instant::from_ms(1_000), 10_000, Instant::from_ms(6_000));
        assert_eq!((left, f), (5_000, 0.5));
        assert_eq!(
            session_left(Instant::from_ms(1_000), 10_000, Instant::from_ms(20_000)),
            (0, 0.0)
        );
    }

    #[test]
    fn crashed_member_countdown_runs_out_when_the_coordinator_removes_it() {
        let scenario = presets::by_name("consumer-dies").expect("preset");
        let mut sim = Sim::new(&scenario).expect("valid");
        let mut scene = scene_for(&sim, &scenario);
        let layout = Layout::new(&scene);
        let crashed = ConsumerIdx(1);
        let mut before_removal: Option<Scene> = None;
        let mut removed_at = None;
        while let Some(t) = sim.step() {
            let prev = scene.clone();
            while let Some(e) = sim.poll_trace() {
                scene.apply(&e);
            }
            let was = prev.consumers[1].member_id.is_some();
            if was
                && scene.consumers[1].member_id.is_none()
                && prev.consumers[1].lifecycle == "crashed"
            {
                before_removal = Some(prev);
                removed_at = Some(t);
                break;
            }
            if t > Instant::from_ms(30_000) {
                break;
            }
        }
        let (prev, removed_at) = (
            before_removal.expect("consumer-1 is removed"),
            removed_at.expect("time"),
        );
        let reset = prev.consumers[1].session_reset_at.expect("had a session");
        // The countdown and the coordinator agree to the microsecond.
        assert_eq!(removed_at.0, reset.0 + 10_000_000);
        let crash = Instant::from_ms(6_000);
        assert!(
            removed_at.0 - crash.0 >= 10_000_000 - 3_000_000,
            "removed after session.timeout.ms, not before"
        );
        let s_at = |sc: &Scene, t: Instant| {
            frame(sc, &layout, t)
                .sessions
                .into_iter()
                .find(|s| s.consumer == crashed.0)
                .expect("session shown while a member")
        };
        let early = s_at(&prev, crash);
        let late = s_at(&prev, Instant(removed_at.0 - 1_000));
        assert!(early.left_ms > 5_000 && early.fraction > 0.5, "{early:?}");
        assert!(late.left_ms <= 1 && late.fraction < 0.01, "{late:?}");
        assert_eq!(s_at(&prev, removed_at).label, "session expired");
        // Once removed, no countdown; the survivors still have one, well above zero.
        let after = frame(&scene, &layout, removed_at);
        assert!(after.sessions.iter().all(|s| s.consumer != crashed.0));
        assert!(after.sessions.iter().any(|s| s.left_ms > 1_000));
    }

    #[test]
    fn idle_member_and_assignment_lines() {
        let scenario = presets::by_name("idle-consumer").expect("preset");
        let mut sim = Sim::new(&scenario).expect("valid");
        let mut scene = scene_for(&sim, &scenario);
        let layout = Layout::new(&scene);
        sim.run_until(Instant::from_ms(10_000));
        while let Some(e) = sim.poll_trace() {
            scene.apply(&e);
        }
        let f = frame(&scene, &layout, sim.now());
        let idle: Vec<&ConsumerSprite> = f.consumers.iter().filter(|c| c.idle).collect();
        assert_eq!(idle.len(), 1, "4 consumers on 3 partitions: one idle");
        assert!(idle[0].assigned_list.is_empty() && idle[0].alive && idle[0].member);
        assert_eq!(idle[0].assigned, "idle (no partition)");
        let g = &f.groups[0];
        assert_eq!(g.phase, "stable");
        assert_eq!(g.rows.len(), 3);
        assert_eq!(g.lines.len(), 3, "one line per owned partition");
        for row in &g.rows {
            let owner = row.owner.expect("every partition owned");
            assert!(f.consumers[owner as usize]
                .assigned_list
                .contains(&row.partition));
            assert!(g
                .lines
                .iter()
                .any(|l| l.partition == row.partition && l.consumer == owner));
            assert_eq!(row.lag, row.high_watermark - row.committed.unwrap_or(0));
        }
        for l in &g.lines {
            let card = layout.consumers[l.consumer as usize];
            assert_eq!(l.path.to.x, card.x, "line ends on the owner's card");
        }
    }

    #[test]
    fn lag_rows_and_offset_markers() {
        let scenario = presets::by_name("consumer-dies").expect("preset");
        let sim = Sim::new(&scenario).expect("valid");
        let mut scene = scene_for(&sim, &scenario);
        let layout = Layout::new(&scene);
        let tp = scene.partitions[0].tp;
        let leader = scene.partitions[0].replicas[0].broker;
        let at = Instant::from_ms(1);
        scene.apply(&TraceEvent::LeaderElected {
            at,
            tp,
            leader: Some(leader),
            leader_epoch: LeaderEpoch(1),
            unclean: false,
        });
        scene.apply(&TraceEvent::ReplicaRoleChanged {
            at,
            broker: leader,
            tp,
            leader: true,
            leader_epoch: LeaderEpoch(1),
        });
        for o in 0..12u64 {
            scene.apply(&TraceEvent::RecordAppended {
                at,
                broker: leader,
                tp,
                offset: o,
                record: RecordId(o),
                leader_epoch: LeaderEpoch(1),
            });
        }
        scene.apply(&TraceEvent::HighWatermarkAdvanced {
            at,
            broker: leader,
            tp,
            hw: 12,
        });
        scene.apply(&TraceEvent::OffsetCommitted {
            at,
            group: GroupIdx(0),
            consumer: ConsumerIdx(0),
            tp,
            offset: 7,
        });
        assert_eq!(scene.lag(GroupIdx(0), tp), 5);
        let f = frame(&scene, &layout, at);
        let row = &f.groups[0].rows[0];
        assert_eq!(
            row.text,
            format!(
                "{} → no owner · committed 7 · lag 5 records",
                scene.partitions[0].name
            )
        );
        let rep = f.brokers[leader.0 as usize - 1]
            .replicas
            .iter()
            .find(|r| r.partition == scene.partitions[0].name)
            .expect("leader row");
        let m = rep
            .markers
            .iter()
            .find(|m| m.kind == MarkerKind::Committed)
            .expect("committed mark");
        // 12 records, 10 drawn from offset 2: offset 7 is the boundary after 5 cells.
        assert_eq!((m.offset, m.clipped), (7, false));
        assert_eq!(m.x, rep.cells_x + 5.0 * CELL_PITCH - 1.5);
        assert_eq!(offset_x(rep.cells_x, 2, 1), (rep.cells_x - 1.5, true));
        // Followers carry no marks.
        let follower = scene.partitions[0].replicas[1].broker;
        assert!(f.brokers[follower.0 as usize - 1]
            .replicas
            .iter()
            .all(|r| r.markers.is_empty()));
    }
}
