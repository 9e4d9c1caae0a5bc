//! A producer's `Sender`: drained batches travel in produce requests, at most
//! `max.in.flight.requests.per.connection` per broker connection, until their response or a client-side timeout.
//!
//! Models: `Sender.sendProduceRequests` / `NetworkClient.inFlightRequests`, and `acks=0`, where a request
//! completes as soon as it is written (no response is expected).
//!
//! Simplifications: a completed request's batches are kept until the trace says whether they are retried or split
//! (the events that follow it in the same step).

use super::ProducerView;
use crate::engine::ids::*;
use crate::engine::protocol::{Acks, KafkaError};
use crate::engine::time::Instant;
use crate::i18n::{key, Words};
use crate::viz::scene::Scene;

/// A produce request the sender has in flight on one broker connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProduceRequestView {
    /// The leader it went to.
    pub broker: BrokerId,
    /// When it was sent.
    pub sent_at: Instant,
    /// The batches it carries.
    pub batches: Vec<BatchId>,
}

impl ProducerView {
    /// Produce requests in flight to `broker`.
    pub fn in_flight_to(&self, broker: BrokerId) -> usize {
        self.requests
            .values()
            .filter(|r| r.broker == broker)
            .count()
    }
}

impl Scene {
    pub(in crate::viz::scene) fn handle_batches_drained(
        &mut self,
        at: Instant,
        producer: ProducerIdx,
        broker: BrokerId,
        batches: &[BatchId],
        correlation_id: u64,
    ) {
        let Some(p) = self.producer_mut(producer) else {
            return;
        };
        let fire_and_forget = p.acks == Acks::None;
        for id in batches {
            let b = p.remove_from_deque(*id);
            // acks=0: the batch completes as soon as it is sent; nothing stays in flight.
            if let (Some(b), false) = (b, fire_and_forget) {
                p.sending.insert(*id, b);
            }
        }
        if !fire_and_forget {
            p.requests.insert(
                correlation_id,
                ProduceRequestView {
                    broker,
                    sent_at: at,
                    batches: batches.to_vec(),
                },
            );
        }
    }

    pub(in crate::viz::scene) fn handle_produce_request_completed(
        &mut self,
        at: Instant,
        producer: ProducerIdx,
        broker: BrokerId,
        correlation_id: u64,
        error: Option<KafkaError>,
    ) {
        if let Some(p) = self.producer_mut(producer) {
            p.completing.clear();
            if let Some(r) = p.requests.remove(&correlation_id) {
                for id in r.batches {
                    if let Some(b) = p.sending.remove(&id) {
                        p.completing.insert(id, b);
                    }
                }
            }
        }
        if let Some(e) = error {
            let text = Words::new(
                key("viz.note.connection_error"),
                &[("error", &e.wire_name()), ("broker", &broker.0)],
            );
            self.note(at, Some(NodeId::Producer(producer)), text, true);
        }
    }
}
