//! A consumer group box: state and generation, the rebalance step it is in, one row per subscribed partition
//! (owner, committed offset, lag), lines from each partition's leader to its owner, and end-to-end latency.
//!
//! Models: `kafka-consumer-groups.sh --describe` (`CURRENT-OFFSET`, `LOG-END-OFFSET`, `LAG`, `CONSUMER-ID`) and
//! the classic rebalance protocol's steps: JoinGroup while `PreparingRebalance`, SyncGroup while
//! `CompletingRebalance`.
//!
//! Simplifications: lag is the leader's high watermark minus the committed offset (what a consumer can read).

use super::text::{fill, latency_ms};
use crate::engine::broker::coordinator::GroupState;
use crate::engine::ids::TopicPartition;
use crate::i18n::t;
use crate::viz::layout::{group_table_rows, Curve, Layout, Point, Rect, GROUP_ROW_H};
use crate::viz::scene::{GroupView, Scene};

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
    /// One row per subscribed partition (a compact group: the first [`crate::viz::layout::MAX_GROUP_ROWS`]).
    pub rows: Vec<GroupRowSprite>,
    /// Partitions not listed (a compact group), counted on a "+N more" line.
    pub more_rows: usize,
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

/// The rebalance step of a group state, as the page's `data-phase` names it.
fn group_phase(state: GroupState) -> &'static str {
    match state {
        GroupState::PreparingRebalance => "join",
        GroupState::CompletingRebalance => "sync",
        GroupState::Stable => "stable",
        GroupState::Empty => "empty",
    }
}

/// Every group box the layout has room for.
pub(super) fn group_sprites(scene: &Scene, layout: &Layout) -> Vec<GroupSprite> {
    scene
        .groups
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let rect = *layout.groups.get(i)?;
            let rows_y = layout.group_rows_y.get(i).copied().unwrap_or(rect.y);
            Some(group_sprite(scene, layout, i, g, rect, rows_y))
        })
        .collect()
}

fn group_sprite(
    scene: &Scene,
    layout: &Layout,
    i: usize,
    g: &GroupView,
    rect: Rect,
    rows_y: f32,
) -> GroupSprite {
    let mut lines = Vec::new();
    let partitions = scene.group_partitions(g.idx);
    let (shown, more_rows) = group_table_rows(partitions.len(), layout.compact_groups);
    let rows: Vec<GroupRowSprite> = partitions
        .into_iter()
        .take(shown)
        .enumerate()
        .map(|(k, tp)| {
            let row = group_row(scene, g, tp, rows_y + k as f32 * GROUP_ROW_H + 8.0);
            // A compact group's table says who owns what; hundreds of lines would say nothing.
            if let Some(line) = row
                .owner
                .filter(|_| !layout.compact_groups)
                .and_then(|c| assignment_line(scene, layout, tp, &row.partition, c))
            {
                lines.push(line);
            }
            row
        })
        .collect();
    let latency = match scene.group_latency.get(i).copied().flatten() {
        Some(l) => fill(
            t("viz.group.latency"),
            &[
                ("p50", &latency_ms(l.p50)),
                ("p99", &latency_ms(l.p99)),
                ("max", &latency_ms(l.max)),
            ],
        ),
        None => t("viz.group.no_latency").into(),
    };
    // The caption's baseline; the figures go one line below it.
    let table_rows = rows.len() + usize::from(more_rows > 0);
    let latency_y = rows_y + table_rows as f32 * GROUP_ROW_H + 16.0;
    GroupSprite {
        latency,
        latency_y,
        idx: g.idx.0,
        rect,
        name: g.name.clone(),
        state: g.state.name().to_string(),
        generation: g.generation.0,
        phase: group_phase(g.state),
        protocol: g.protocol.clone(),
        rows,
        more_rows,
        lines,
    }
}

/// One partition row of a group: who owns it, what is committed, how far behind.
fn group_row(scene: &Scene, g: &GroupView, tp: TopicPartition, y: f32) -> GroupRowSprite {
    let name = scene.tp_name(tp);
    let owner = scene.owner(g.idx, tp);
    let committed = g.committed.get(&tp).copied();
    let lag = scene.lag(g.idx, tp);
    let owner_text = owner
        .map(|c| format!("consumer-{}", c.0))
        .unwrap_or_else(|| t("viz.group.no_owner").into());
    let committed_text = committed
        .map(|o| fill(t("viz.group.committed"), &[("offset", &o)]))
        .unwrap_or_else(|| t("viz.group.nothing_committed").into());
    let lag_text = fill(
        if lag == 1 {
            t("viz.group.lag_one")
        } else {
            t("viz.group.lag_many")
        },
        &[("n", &lag)],
    );
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
        y,
        owner: owner.map(|c| c.0),
        committed,
        high_watermark: scene.leader_high_watermark(tp),
        lag,
    }
}

/// The line from the leader replica's row of `tp` to the owner's card, if both are drawn.
fn assignment_line(
    scene: &Scene,
    layout: &Layout,
    tp: TopicPartition,
    name: &str,
    consumer: u16,
) -> Option<AssignmentLine> {
    let from = scene.partition_index(tp).and_then(|pi| {
        let leader = scene.partitions.get(pi)?.leader?;
        layout.replica_anchor(leader, pi)
    })?;
    let card = layout.consumers.get(consumer as usize)?;
    let to = Point {
        x: card.x,
        y: card.y + 24.0,
    };
    Some(AssignmentLine {
        partition: name.to_string(),
        consumer,
        path: layout.assignment_curve(from, to),
    })
}
