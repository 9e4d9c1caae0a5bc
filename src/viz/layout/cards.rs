//! Where each card goes: a broker card and its replica rows (or tiles), the producer column and the group column
//! with its member cards, for both arrangements of the stage ([`Layout::new`] and [`Layout::portrait`]).

use super::*;

/// The partitions (indexes into [`Scene::partitions`]) each broker hosts a replica of, by broker index.
pub(super) fn replica_rows(scene: &Scene) -> Vec<Vec<usize>> {
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); scene.brokers.len()];
    for (pi, p) in scene.partitions.iter().enumerate() {
        for r in &p.replicas {
            if let Some(list) = (r.broker.0 as usize)
                .checked_sub(1)
                .and_then(|i| rows.get_mut(i))
            {
                list.push(pi);
            }
        }
    }
    rows
}

/// Whether the broker cards are strips of replica tiles (see [`STRIP_OVER`]).
pub(super) fn strip(rows: &[Vec<usize>]) -> bool {
    rows.iter().any(|r| r.len() > STRIP_OVER)
}

pub(super) fn broker_card_h(rows: &[usize], strip: bool) -> f32 {
    if strip {
        let lines = rows.len().max(1).div_ceil(TILES_PER_ROW);
        BROKER_HEADER_H + TILE_PITCH * lines as f32 + 6.0
    } else {
        BROKER_HEADER_H + ROW_H * rows.len().max(1) as f32 + 8.0
    }
}

/// A broker card at `(x, y)` and its replica rows (in a strip: its tiles, `y` and `cells_x` the tile's corner).
pub(super) fn broker_card(x: f32, y: f32, rows: &[usize], strip: bool) -> (Rect, Vec<RowGeom>) {
    let rect = Rect {
        x,
        y,
        w: BROKER_W,
        h: broker_card_h(rows, strip),
    };
    let geoms = rows
        .iter()
        .enumerate()
        .map(|(k, &partition)| {
            if strip {
                RowGeom {
                    partition,
                    y: y + BROKER_HEADER_H + (k / TILES_PER_ROW) as f32 * TILE_PITCH,
                    cells_x: x + 12.0 + (k % TILES_PER_ROW) as f32 * TILE_PITCH,
                }
            } else {
                RowGeom {
                    partition,
                    y: y + BROKER_HEADER_H + k as f32 * ROW_H,
                    cells_x: x + 104.0,
                }
            }
        })
        .collect();
    (rect, geoms)
}

pub(super) fn max_partitions(scene: &Scene) -> usize {
    (0..scene.topic_names.len())
        .map(|t| scene.partition_count(TopicIdx(t as u16)) as usize)
        .max()
        .unwrap_or(1)
}

/// Producer cards stacked from `(x, y)`.
pub(super) fn producer_column(scene: &Scene, g: &ProducerGeom, x: f32, y: f32) -> Vec<Rect> {
    (0..scene.producers.len())
        .map(|i| Rect {
            x,
            y: y + i as f32 * (g.height + V_GAP),
            w: PRODUCER_W,
            h: g.height,
        })
        .collect()
}

/// Width of a compact member card: two fit a full group box.
const COMPACT_CONSUMER_W: f32 = (CONSUMER_W - 16.0 - 6.0) / 2.0;

/// Width of a group box: a full card, or `per_row` compact cards.
pub(super) fn group_box_w(compact: bool, per_row: usize) -> f32 {
    if compact {
        16.0 + per_row as f32 * COMPACT_CONSUMER_W + (per_row - 1) as f32 * 6.0
    } else {
        CONSUMER_W
    }
}

/// Whether the groups are drawn compact (see [`COMPACT_GROUP_OVER`]).
pub(super) fn compact_groups(scene: &Scene, strip: bool) -> bool {
    strip
        || scene.groups.iter().any(|g| {
            scene.consumers.iter().filter(|c| c.group == g.idx).count() > COMPACT_GROUP_OVER
        })
}

/// Group boxes stacked from `(x, y)`, each with its partition table's top and its members' cards inside.
/// `per_row`: members per row of a compact group (its box is that many half-cards wide, at least one card).
pub(super) fn group_column(
    scene: &Scene,
    x: f32,
    y: f32,
    compact: bool,
    per_row: usize,
) -> (Vec<Rect>, Vec<f32>, Vec<Rect>) {
    let per_row = if compact { per_row.max(2) } else { 1 };
    let box_w = group_box_w(compact, per_row);
    let mut groups = Vec::with_capacity(scene.groups.len());
    let mut group_rows_y = Vec::with_capacity(scene.groups.len());
    let mut consumers = vec![Rect::default(); scene.consumers.len()];
    let mut gy = y;
    for g in &scene.groups {
        let members: Vec<usize> = scene
            .consumers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.group == g.idx)
            .map(|(i, _)| i)
            .collect();
        let (shown, more) = group_table_rows(scene.group_partitions(g.idx).len(), compact);
        let table_rows = shown + usize::from(more > 0);
        let table_h = table_rows as f32 * GROUP_ROW_H + 8.0 + GROUP_LATENCY_H;
        let head = GROUP_HEADER_H + table_h;
        let member_rows = members.len().div_ceil(per_row);
        let member_h = if compact {
            CONSUMER_COMPACT_H
        } else {
            CONSUMER_H
        };
        let h = head + member_rows as f32 * (member_h + 6.0) + 4.0;
        groups.push(Rect {
            x,
            y: gy,
            w: box_w,
            h,
        });
        group_rows_y.push(gy + GROUP_HEADER_H);
        for (k, &ci) in members.iter().enumerate() {
            consumers[ci] = if compact {
                let w = COMPACT_CONSUMER_W;
                Rect {
                    x: x + 8.0 + (k % per_row) as f32 * (w + 6.0),
                    y: gy + head + (k / per_row) as f32 * (member_h + 6.0),
                    w,
                    h: member_h,
                }
            } else {
                Rect {
                    x: x + 8.0,
                    y: gy + head + k as f32 * (CONSUMER_H + 6.0),
                    w: CONSUMER_W - 16.0,
                    h: CONSUMER_H,
                }
            };
        }
        gy += h + V_GAP;
    }
    (groups, group_rows_y, consumers)
}

/// By broker index: whether its card is expanded (only meaningful in a strip layout).
pub(super) fn expanded_flags(scene: &Scene, strip: bool, expanded: &[u32]) -> Vec<bool> {
    scene
        .brokers
        .iter()
        .map(|b| strip && expanded.contains(&b.id.0))
        .collect()
}

/// The lowest card edge of a stage (at least a stage's minimum height).
pub(super) fn lowest_bottom(cards: &[&[Rect]]) -> f32 {
    cards
        .iter()
        .flat_map(|c| c.iter())
        .map(|r| r.bottom())
        .fold(TOP + 200.0, f32::max)
}
