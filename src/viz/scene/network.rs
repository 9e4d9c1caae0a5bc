//! The simulated network: messages on the wire, messages lost, and cut links.
//!
//! Models: Kafka requests and responses between clients, brokers and the KRaft controller, each with its own
//! latency, as `tc netem`-style faults can delay, drop or cut them.
//!
//! Simplifications: only the newest [`MAX_DROPS`] lost messages are kept (for the fading "lost" marker).

use super::Scene;
use crate::engine::ids::*;
use crate::engine::protocol::{Api, KafkaError};
use crate::engine::time::Instant;
use crate::i18n::{key, Words};

/// At most this many dropped messages are kept for the fading "lost" marker.
pub const MAX_DROPS: usize = 32;

/// A message on the simulated network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    /// Its id.
    pub id: MessageId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// When it left.
    pub sent_at: Instant,
    /// When it arrives unless dropped.
    pub deliver_at: Instant,
    /// The Kafka API.
    pub api: Api,
    /// A response rather than a request.
    pub response: bool,
    /// Records it carries.
    pub records: Vec<RecordId>,
    /// The error it carries, if a response.
    pub error: Option<KafkaError>,
}

impl Scene {
    pub(super) fn handle_message_sent(&mut self, m: InFlight) {
        self.in_flight.insert(m.id, m);
    }

    pub(super) fn handle_message_delivered(&mut self, at: Instant, id: MessageId) {
        let Some(m) = self.in_flight.remove(&id) else {
            return;
        };
        // The coordinator restarts a member's session timer on every Heartbeat and JoinGroup it receives.
        if let (NodeId::Consumer(c), NodeId::Broker(_), false) = (m.from, m.to, m.response) {
            if matches!(m.api, Api::Heartbeat | Api::JoinGroup) {
                self.restart_session(c, at);
            }
        }
    }

    pub(super) fn handle_message_dropped(&mut self, at: Instant, id: MessageId) {
        self.totals.dropped += 1;
        if let Some(m) = self.in_flight.remove(&id) {
            self.dropped.push_back((at, m));
            while self.dropped.len() > MAX_DROPS {
                self.dropped.pop_front();
            }
        }
    }

    /// One direction of a link cut or healed.
    pub(super) fn handle_link_changed(&mut self, at: Instant, from: NodeId, to: NodeId, cut: bool) {
        if cut {
            self.cut_links.insert((from, to));
        } else {
            self.cut_links.remove(&(from, to));
        }
        let k = if cut {
            key("viz.note.link_cut")
        } else {
            key("viz.note.link_healed")
        };
        let text = Words::new(k, &[("from", &from), ("to", &to)]);
        self.note(at, None, text, cut);
    }
}
