//! Error notes flashing on the stage next to the node that saw them.
//!
//! Models: the exception a client or broker logged (`NotEnoughReplicasException`, a crash, a truncation), shown
//! where it happened for [`FLASH_US`] of virtual time.
//!
//! Simplifications: at most three flashes are stacked per node; older ones, and any that would fall on another card
//! or past the stage's edge, wait in the side panel's notes.

use crate::engine::ids::NodeId;
use crate::engine::time::Instant;
use crate::viz::layout::{Layout, Point, Rect};
use crate::viz::scene::Scene;

/// How long an error note flashes on the stage, µs of virtual time.
pub const FLASH_US: u64 = 1_500_000;

/// The distance between two stacked flashes, stage units.
const LINE_H: f32 = 16.0;
/// The width a flash's character may take (11.5 px bold text, capitals included), stage units.
const CHAR_W: f32 = 7.0;

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

/// The error notes of the last [`FLASH_US`], newest first, stacked under their node.
pub(super) fn flash_sprites(scene: &Scene, layout: &Layout, now: Instant) -> Vec<FlashSprite> {
    // Stack flashes per node so two errors at one node do not overlap.
    let mut stacked: Vec<(NodeId, f32)> = Vec::new();
    scene
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
            let at = Point {
                x: r.x + 6.0,
                y: r.bottom() + 4.0 + k * LINE_H,
            };
            let text = n.text();
            let label = Rect {
                x: at.x,
                y: at.y,
                w: text.chars().count() as f32 * CHAR_W,
                // Down to the text's baseline (the stage draws it at `y + 10`): a note in the gap between two cards
                // ends where the next card's border starts.
                h: 10.0,
            };
            // Under a card low in its column the stage ends; under one higher up the next card starts (its title
            // must stay readable): such a note is not drawn.
            let blocked = label.bottom() > layout.height
                || layout
                    .cards()
                    .any(|c| !c.contains(&r) && c.overlaps(&label));
            (!blocked).then(|| FlashSprite {
                at,
                text,
                age: (now.0 - n.at.0) as f32 / FLASH_US as f32,
            })
        })
        .collect()
}
