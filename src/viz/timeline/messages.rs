//! The messages of a window of the run, folded from the trace, for the message sequence diagram (`viz::sequence`
//! lays them out): each message's ends, API, error, records and fate.
//!
//! Models: a packet capture of the run's Kafka protocol.

use crate::engine::ids::{MessageId, NodeId, RecordId};
use crate::engine::protocol::{Api, KafkaError};
use crate::engine::time::Instant;
use crate::engine::trace::TraceEvent;
use std::collections::VecDeque;

/// How a message ended (so far).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Delivered at `deliver_at`.
    Delivered,
    /// Lost (a cut link, a dead receiver).
    Dropped(Instant),
    /// Still on the wire at the instant shown.
    InFlight,
}

/// One message of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Its id.
    pub id: MessageId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The API.
    pub api: Api,
    /// A response (or a request).
    pub response: bool,
    /// Sent at.
    pub sent: Instant,
    /// Due at.
    pub deliver_at: Instant,
    /// How it ended.
    pub fate: Fate,
    /// The error it carries (a response).
    pub error: Option<KafkaError>,
    /// The records it carries (the first and how many).
    pub first_record: Option<RecordId>,
    /// How many records.
    pub records: usize,
    /// The request header's correlation id (a response echoes its request's).
    pub correlation_id: Option<u64>,
}

impl Message {
    /// A message that is none of the run's (an arrow's before its first message is copied in).
    pub const PLACEHOLDER: Message = Message {
        id: MessageId(0),
        from: NodeId::Controller,
        to: NodeId::Controller,
        api: Api::Metadata,
        response: false,
        sent: Instant::ZERO,
        deliver_at: Instant::ZERO,
        fate: Fate::InFlight,
        error: None,
        first_record: None,
        records: 0,
        correlation_id: None,
    };
}

/// Folds the trace into the window's messages: those sent at or after `from`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MessageLog {
    /// The window's start.
    pub from: Instant,
    /// The instant it was folded up to (the window's end).
    pub to: Instant,
    /// The messages, in send order.
    pub messages: VecDeque<Message>,
}

impl MessageLog {
    /// An empty log of the messages sent from `from` on.
    pub fn new(from: Instant) -> MessageLog {
        MessageLog {
            from,
            to: from,
            messages: VecDeque::new(),
        }
    }

    /// Folds one trace event in.
    pub fn observe(&mut self, e: &TraceEvent) {
        match e {
            TraceEvent::MessageSent {
                at,
                id,
                from,
                to,
                api,
                response,
                deliver_at,
                records,
                error,
                correlation_id,
            } if *at >= self.from => self.messages.push_back(Message {
                id: *id,
                from: *from,
                to: *to,
                api: *api,
                response: *response,
                sent: *at,
                deliver_at: *deliver_at,
                fate: Fate::InFlight,
                error: *error,
                first_record: records.first().copied(),
                records: records.len(),
                correlation_id: *correlation_id,
            }),
            TraceEvent::MessageDelivered { id, .. } => self.set_fate(*id, Fate::Delivered),
            TraceEvent::MessageDropped { at, id } => self.set_fate(*id, Fate::Dropped(*at)),
            _ => {}
        }
    }

    /// Moves the window to end at `now`, `window_us` long: messages sent before its start are forgotten.
    pub fn slide(&mut self, now: Instant, window_us: u64) {
        self.from = Instant(now.0.saturating_sub(window_us)).max(self.from);
        self.to = now;
        let keep = self.messages.partition_point(|m| m.sent < self.from);
        self.messages.drain(..keep);
    }

    fn set_fate(&mut self, id: MessageId, fate: Fate) {
        // Message ids are handed out in send order, so the log is sorted by id.
        if let Ok(i) = self.messages.binary_search_by_key(&id, |m| m.id) {
            self.messages[i].fate = fate;
        }
    }
}
