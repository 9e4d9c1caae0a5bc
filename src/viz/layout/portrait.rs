//! The stage on a phone: everything in one column, top to bottom in the order data flows (producers, then the
//! brokers, then the consumer groups), one card wide, so that at 390 px the cards are drawn near their full size
//! and the page scrolls instead of the stage shrinking to a thumbnail.
//!
//! Messages cannot cross between columns here, so they run in two lanes beside the column: client traffic
//! (producers and consumers with brokers) on the left, broker-to-broker and controller traffic on the right.

use super::*;

/// Room on each side of the column for a message lane.
const LANE: f32 = 44.0;
/// Between producers, brokers and groups.
const SECTION_GAP: f32 = 26.0;
/// Producer cards may take this much of the column before they lose rows (then go compact).
const PRODUCERS_H: f32 = 520.0;

impl Layout {
    /// Lays out a run's static structure in one column (a phone's portrait screen).
    pub fn portrait(scene: &Scene) -> Layout {
        Layout::portrait_expanded(scene, &[])
    }

    /// In one column, with the cards of `expanded` brokers showing their log rows in a strip layout.
    pub fn portrait_expanded(scene: &Scene, expanded: &[u32]) -> Layout {
        // Every card flush with the column's left edge: the left lane's arcs then never reach into a card.
        let x0 = LANE;
        // Flush with the column's right edge, so its traffic to the brokers runs in the right lane.
        let controller = Rect {
            x: x0 + BROKER_W - 160.0,
            y: 10.0,
            w: 160.0,
            h: 30.0,
        };
        let producer = ProducerGeom::fit(
            scene.producers.len(),
            max_partitions(scene),
            scene.brokers.len(),
            PRODUCERS_H,
        );
        let producers = producer_column(scene, &producer, x0, TOP);
        let mut y = producers.last().map_or(TOP, |r| r.bottom() + SECTION_GAP);
        let mut brokers = Vec::with_capacity(scene.brokers.len());
        let mut rows = Vec::with_capacity(scene.brokers.len());
        let replicas = replica_rows(scene);
        let strip = strip(&replicas);
        let expanded = expanded_flags(scene, strip, expanded);
        for (bi, list) in replicas.iter().enumerate() {
            let (rect, geoms) = broker_card(x0, y, list, strip && !expanded[bi]);
            y = rect.bottom() + V_GAP;
            brokers.push(rect);
            rows.push(geoms);
        }
        let groups_y = y - V_GAP + SECTION_GAP;
        let compact = compact_groups(scene, strip);
        let (groups, group_rows_y, consumers) = group_column(scene, x0, groups_y, compact, 2);
        let bottom = lowest_bottom(&[&brokers, &producers, &groups]);
        Layout {
            width: x0 + BROKER_W + LANE,
            height: bottom + NOTE_ROOM + MARGIN,
            controller,
            brokers,
            rows,
            producers,
            producer,
            groups,
            group_rows_y,
            consumers,
            portrait: true,
            strip,
            expanded,
            compact_groups: compact,
        }
    }

    /// A message's path in the portrait column: an arc out into the left lane (client traffic) or the right one.
    pub(super) fn lane_curve(
        &self,
        (from, a): (NodeId, Rect),
        (to, b): (NodeId, Rect),
        response: bool,
    ) -> Curve {
        let client = |n: NodeId| matches!(n, NodeId::Producer(_) | NodeId::Consumer(_));
        // Out to the lane within a short distance of each end, then straight along it: a bracket, so a message
        // between far-apart cards does not cut the corners of the cards in between.
        let out = 16.0 + if response { 8.0 } else { 0.0 };
        let (p0, p1, lane_x) = if client(from) || client(to) {
            (a.left_middle(), b.left_middle(), a.x.min(b.x) - out)
        } else {
            (
                a.right_middle(),
                b.right_middle(),
                a.right().max(b.right()) + out,
            )
        };
        let turn = ((p1.y - p0.y) / 3.0).clamp(-40.0, 40.0);
        Curve {
            from: p0,
            c1: Point {
                x: lane_x,
                y: p0.y + turn,
            },
            c2: Point {
                x: lane_x,
                y: p1.y - turn,
            },
            to: p1,
        }
    }
}

#[cfg(test)]
mod tests {
    //! Goal: on a phone the stage is one card wide, reads top to bottom in the order data flows, and every message
    //! stays in a lane beside the column.
    use super::*;
    use crate::engine::ids::{ConsumerIdx, ProducerIdx};
    use crate::engine::Sim;
    use crate::scenario::presets;

    fn portrait(preset: &str) -> Layout {
        let sim = Sim::new(&presets::by_name(preset).expect("preset")).expect("valid");
        Layout::portrait(&Scene::new(&sim.topology()))
    }

    #[test]
    fn one_column_in_the_order_data_flows() {
        let l = portrait("quickstart");
        assert!(l.portrait);
        assert!(
            l.width <= 2.0 * LANE + BROKER_W + 0.5,
            "one card wide: {}",
            l.width
        );
        assert!(
            l.height > 2.0 * l.width,
            "a tall stage: {}×{}",
            l.width,
            l.height
        );
        let last_producer = l.producers.iter().map(|r| r.bottom()).fold(0.0, f32::max);
        let first_broker = l.brokers.iter().map(|r| r.y).fold(f32::MAX, f32::min);
        let last_broker = l.brokers.iter().map(|r| r.bottom()).fold(0.0, f32::max);
        let first_group = l.groups.iter().map(|r| r.y).fold(f32::MAX, f32::min);
        assert!(l.controller.bottom() <= l.producers[0].y);
        assert!(last_producer < first_broker && last_broker < first_group);
        for r in l.brokers.iter().chain(&l.producers).chain(&l.groups) {
            assert!(
                r.x >= LANE - 0.5 && r.right() <= l.width - LANE + 0.5,
                "{r:?} leaves the lanes free"
            );
        }
    }

    #[test]
    fn messages_stay_in_the_lanes() {
        for name in presets::names() {
            messages_stay_in_the_lanes_of(&portrait(name));
        }
    }

    fn messages_stay_in_the_lanes_of(l: &Layout) {
        let mut nodes = vec![NodeId::Controller];
        nodes.extend((1..=l.brokers.len() as u32).map(|b| NodeId::Broker(BrokerId(b))));
        nodes.extend((0..l.producers.len() as u16).map(|p| NodeId::Producer(ProducerIdx(p))));
        nodes.extend((0..l.consumers.len() as u16).map(|c| NodeId::Consumer(ConsumerIdx(c))));
        let cards: Vec<Rect> = l
            .brokers
            .iter()
            .chain(&l.producers)
            .chain(&l.groups)
            .copied()
            .collect();
        let inside = |i: &Rect, o: &Rect| {
            i.x >= o.x && i.y >= o.y && i.right() <= o.right() && i.bottom() <= o.bottom()
        };
        for &a in &nodes {
            for &b in &nodes {
                // Only brokers talk to everyone; clients and the controller talk to brokers.
                let broker = |n: NodeId| matches!(n, NodeId::Broker(_));
                if a == b || !(broker(a) || broker(b)) {
                    continue;
                }
                for response in [false, true] {
                    let c = l.curve(a, b, response).expect("path");
                    for k in 0..=20 {
                        let p = c.at(k as f32 / 20.0);
                        assert!(
                            p.x >= 0.0 && p.x <= l.width,
                            "{a:?}→{b:?} leaves the stage at {p:?}"
                        );
                    }
                    // Between its ends, a message crosses no card (a consumer's card sits in its group's box).
                    let ends = [l.node_rect(a).expect("a"), l.node_rect(b).expect("b")];
                    for k in 1..20 {
                        let p = c.at(k as f32 / 20.0);
                        for r in &cards {
                            let own = ends.iter().any(|e| e == r || inside(e, r));
                            let within = p.x > r.x + 1.0
                                && p.x < r.right() - 1.0
                                && p.y > r.y + 1.0
                                && p.y < r.bottom() - 1.0;
                            assert!(own || !within, "{a:?}→{b:?} crosses {r:?} at {p:?}");
                        }
                    }
                }
            }
        }
    }
}
