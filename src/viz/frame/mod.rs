//! One picture of the run at a virtual instant: plain data the page draws as SVG.
//!
//! [`frame`] reads the [`Scene`] (what happened up to now) and the [`Layout`] (where things go). Every label is
//! decided here, with its unit and in Kafka's words, so the UI only draws.
//!
//! The picture has two layers, and one file per part of each:
//! - the cards, which change only when the scene does: `broker_card`, `producer_card` (with its `partitioner`
//!   stage), `group_card`, `consumer_card`;
//! - the motion layer, which changes every frame: messages and lost messages (`motion`), error `flashes`,
//!   `cut_links`, and the countdowns the cards compute (`linger.ms`, retry backoff, session timers).
//!
//! The side panel's `dead_letters` lists and the number formats (`text`) live here too.
//!
//! Cost: proportional to in-flight messages plus the visible log cells; at most [`MAX_DOTS_PER_MESSAGE`] record
//! dots are drawn per message, with a count for the rest.

mod broker_card;
mod consumer_card;
mod cut_links;
mod dead_letters;
mod flashes;
mod group_card;
mod motion;
mod partitioner;
mod producer_card;
mod text;

pub use broker_card::{
    offset_x, BrokerSprite, CellSprite, MarkerKind, NodeStatus, OffsetMarker, ReplicaRole,
    ReplicaSprite,
};
pub use consumer_card::{session_left, ConsumerSprite, SessionSprite, PULSE_US, REBALANCE_TAG_US};
pub use cut_links::CutLinkSprite;
pub use dead_letters::{dead_letter_groups, DeadLetterGroup, DeadLetterRow};
pub use flashes::{FlashSprite, FLASH_US};
pub use group_card::{AssignmentLine, GroupRowSprite, GroupSprite};
pub use motion::{
    record_at, DropSprite, MessageSprite, RecordDot, Traffic, DROP_US, MAX_DOTS_PER_MESSAGE,
};
pub use partitioner::{partitioner_text, PartitionerText};
pub use producer_card::{
    linger_left_us, retry_backoff_left_us, CountdownSprite, DequeSprite, InFlightSprite,
    ProducerSprite, MAX_SLOTS,
};
pub use text::{bytes, countdown, fit_list, latency_ms, record_name, seconds};

pub(crate) use text::fill;

use super::layout::{Layout, Rect};
use super::scene::Scene;
use crate::engine::time::Instant;

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

/// Builds the picture at `now`.
pub fn frame(scene: &Scene, layout: &Layout, now: Instant) -> Frame {
    let mut countdowns = Vec::new();
    Frame {
        now,
        cut_links: cut_links::cut_link_sprites(scene, layout),
        width: layout.width,
        height: layout.height,
        controller: layout.controller,
        brokers: broker_card::broker_sprites(scene, layout),
        producers: producer_card::producer_sprites(scene, layout, now, &mut countdowns),
        groups: group_card::group_sprites(scene, layout),
        consumers: consumer_card::consumer_sprites(scene, layout, now),
        sessions: consumer_card::session_sprites(scene, layout, now),
        messages: motion::message_sprites(scene, layout, now),
        drops: motion::drop_sprites(scene, layout, now),
        flashes: flashes::flash_sprites(scene, layout, now),
        countdowns,
    }
}

#[cfg(test)]
mod group_tests;
#[cfg(test)]
mod tests;
