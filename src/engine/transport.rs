//! Messages between nodes: a node's send becomes a timed delivery over the simulated network, or a loss; and the
//! TCP rules on top of it: a connection delivers in order or breaks, and a dead process's peers see their
//! connections close.
//!
//! Models what Kafka's clients and brokers get from TCP through `NetworkClient` / `Selector`: a closed port or a
//! reset surfaces as a disconnect, which fails every request in flight on that connection.
//!
//! Simplifications:
//! - No connection set-up, no socket buffers, no request framing: a message is one delivery with one latency.
//! - A peer with a working link learns of a dead broker one network latency after it dies (or after its request
//!   reaches the closed port), as if the RST always arrived; a peer cut off from it learns nothing.

use super::faults::LOST;
use super::ids::*;
use super::protocol::Message;
use super::queue::Event;
use super::time::{Duration, Instant};
use super::trace::TraceEvent;
use super::Sim;

impl Sim {
    pub(super) fn send(&mut self, from: NodeId, to: NodeId, msg: Box<Message>, extra: Duration) {
        let (extra, broken) = self.response_fault(to, &msg, extra);
        self.next_message += 1;
        let id = MessageId(self.next_message);
        let (api, response) = msg.api();
        let route = if extra.0 >= LOST.0 {
            None
        } else {
            self.net.route(from, to, self.now, extra)
        };
        let deliver_at = route.unwrap_or(self.now + self.net.latency());
        self.record(TraceEvent::MessageSent {
            at: self.now,
            id,
            from,
            to,
            api,
            response,
            deliver_at,
            records: msg.record_ids(),
            error: msg.error(),
            correlation_id: msg.correlation_id(),
        });
        match route {
            Some(at) => self.queue.push(at, Event::Deliver { id, from, to, msg }),
            None => self.queue.push(deliver_at, Event::Lost { id }),
        }
        // TCP delivers in order or not at all: a response lost after the broker appended means the connection
        // broke, so the client sees a disconnect (every request in flight on it fails and is retried), not one
        // silent gap while later responses arrive.
        if broken {
            self.push_disconnect(deliver_at, from, to);
        }
    }

    /// `to` learns at `at` that its connection with `from` is gone (a closed port, a reset, a broken link).
    pub(super) fn push_disconnect(&mut self, at: Instant, from: NodeId, to: NodeId) {
        self.next_message += 1;
        let id = MessageId(self.next_message);
        self.queue.push(
            at,
            Event::Deliver {
                id,
                from,
                to,
                msg: Box::new(Message::Disconnected),
            },
        );
    }

    /// A message reached a node that is down: it is dropped, and a request to a dead broker process meets a closed
    /// port, so its (live) sender sees a disconnect.
    pub(super) fn drop_at_dead_node(
        &mut self,
        id: MessageId,
        from: NodeId,
        to: NodeId,
        msg: &Message,
    ) {
        self.record(TraceEvent::MessageDropped { at: self.now, id });
        if let (NodeId::Broker(_), false) = (to, msg.api().1) {
            if !matches!(msg, Message::Disconnected) && self.alive(from) {
                let lat = self.net.latency();
                self.push_disconnect(self.now + lat, to, from);
            }
        }
    }

    /// A broker process died: its TCP connections close, so every peer learns of it one latency later.
    pub(super) fn announce_disconnect(&mut self, b: BrokerId) {
        let from = NodeId::Broker(b);
        let mut peers: Vec<NodeId> = self
            .setup
            .brokers
            .iter()
            .filter(|x| **x != b)
            .map(|x| NodeId::Broker(*x))
            .collect();
        peers.extend((0..self.producers.len()).map(|i| NodeId::Producer(ProducerIdx(i as u16))));
        peers.extend((0..self.consumers.len()).map(|i| NodeId::Consumer(ConsumerIdx(i as u16))));
        for to in peers {
            if self.net.connected(from, to) {
                let lat = self.net.latency();
                self.push_disconnect(self.now + lat, from, to);
            }
        }
    }
}
