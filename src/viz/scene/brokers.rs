//! Broker processes: running, crashed or shut down, fenced, isolated, slowed.
//!
//! Models: the broker lifecycle an operator sees (`kafka-server-start` / a crash / a controlled shutdown), KRaft
//! fencing after `broker.session.timeout.ms`, and the network faults the page can inject around one broker.
//!
//! Simplifications: a stopped broker leads nothing on the picture at once, whatever it believed before; the
//! controller's re-election follows in the trace.

use super::Scene;
use crate::engine::ids::{BrokerId, NodeId};
use crate::engine::time::Instant;
use crate::i18n::{key, Words};

/// A broker as the page draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokerView {
    /// `node.id`.
    pub id: BrokerId,
    /// The process is running.
    pub alive: bool,
    /// It stopped through a controlled shutdown (rather than a crash).
    pub shut_down: bool,
    /// The controller fenced it (missed `broker.session.timeout.ms`).
    pub fenced: bool,
    /// Cut off from every other node (a network partition around it).
    pub isolated: bool,
    /// Extra delay added to its follower fetches (slow follower), ms.
    pub fetch_delay_ms: u64,
}

impl BrokerView {
    /// A running broker, as at the start of a run.
    pub(super) fn new(id: BrokerId) -> BrokerView {
        BrokerView {
            id,
            alive: true,
            shut_down: false,
            fenced: false,
            isolated: false,
            fetch_delay_ms: 0,
        }
    }
}

impl Scene {
    /// The broker, if it exists.
    pub fn broker(&self, id: BrokerId) -> Option<&BrokerView> {
        self.brokers.get((id.0 as usize).checked_sub(1)?)
    }

    fn broker_mut(&mut self, id: BrokerId) -> Option<&mut BrokerView> {
        self.brokers.get_mut((id.0 as usize).checked_sub(1)?)
    }

    /// A crash (`controlled == false`) or a controlled shutdown.
    pub(super) fn handle_broker_stopped(
        &mut self,
        at: Instant,
        broker: BrokerId,
        controlled: bool,
    ) {
        if let Some(b) = self.broker_mut(broker) {
            b.alive = false;
            b.shut_down = controlled;
        }
        self.clear_leadership(broker);
        let text = if controlled {
            Words::new(key("viz.note.broker_shut_down"), &[("broker", &broker.0)])
        } else {
            Words::new(key("viz.note.broker_crashed"), &[("broker", &broker.0)])
        };
        self.note(at, Some(NodeId::Broker(broker)), text, !controlled);
    }

    pub(super) fn handle_broker_restarted(&mut self, at: Instant, broker: BrokerId) {
        if let Some(b) = self.broker_mut(broker) {
            b.alive = true;
            b.shut_down = false;
        }
        let text = Words::new(key("viz.note.broker_restarted"), &[("broker", &broker.0)]);
        self.note(at, Some(NodeId::Broker(broker)), text, false);
    }

    pub(super) fn handle_broker_fenced(&mut self, at: Instant, broker: BrokerId) {
        if let Some(b) = self.broker_mut(broker) {
            b.fenced = true;
        }
        let text = Words::new(key("viz.note.broker_fenced"), &[("broker", &broker.0)]);
        self.note(at, Some(NodeId::Broker(broker)), text, true);
    }

    pub(super) fn handle_broker_unfenced(&mut self, broker: BrokerId) {
        if let Some(b) = self.broker_mut(broker) {
            b.fenced = false;
        }
    }

    pub(super) fn handle_follower_slowed(&mut self, broker: BrokerId, extra_delay_us: u64) {
        if let Some(b) = self.broker_mut(broker) {
            b.fetch_delay_ms = extra_delay_us / 1000;
        }
    }

    pub(super) fn handle_broker_isolated(&mut self, at: Instant, broker: BrokerId, isolated: bool) {
        if let Some(b) = self.broker_mut(broker) {
            b.isolated = isolated;
        }
        let text = if isolated {
            Words::new(key("viz.note.broker_isolated"), &[("broker", &broker.0)])
        } else {
            Words::new(key("viz.note.broker_reconnected"), &[("broker", &broker.0)])
        };
        self.note(at, Some(NodeId::Broker(broker)), text, isolated);
    }
}
