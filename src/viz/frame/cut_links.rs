//! Cut network links, drawn along the path their messages would take.
//!
//! Models: a one-way or two-way network partition between two nodes (what `iptables -j DROP` between two hosts
//! does to Kafka traffic), as opposed to a broker isolated from everyone, which its card shows as a status.
//!
//! Simplifications: a pair cut both ways is drawn once, from its smaller end.

use crate::i18n::fill;
use crate::i18n::t;
use crate::viz::layout::{Curve, Layout, Point};
use crate::viz::scene::Scene;

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
    /// Which way traffic is cut: `both ways`, or `a → b only` for an asymmetric cut (the `data-direction` hook:
    /// English whatever the page's language; [`CutLinkSprite::direction_text`] is the words to show).
    pub direction: String,
}

impl CutLinkSprite {
    /// `direction` in the page's language, for the label and tooltip.
    pub fn direction_text(&self) -> String {
        if self.direction == BOTH_WAYS {
            t("viz.cut_link.both_ways").to_string()
        } else {
            fill(
                t("viz.cut_link.one_way"),
                &[("from", &self.a), ("to", &self.b)],
            )
        }
    }
}

/// The `direction` of a link cut both ways.
const BOTH_WAYS: &str = "both ways";

/// One sprite per pair of nodes with a cut link, saying which way it is cut.
pub(super) fn cut_link_sprites(scene: &Scene, layout: &Layout) -> Vec<CutLinkSprite> {
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
                BOTH_WAYS.to_string()
            } else {
                format!("{from} → {to} only")
            },
        });
    }
    out
}
