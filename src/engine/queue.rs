//! The event queue: one binary heap ordered by (time, sequence), so ties resolve first-in first-out.
//!
//! Models: nothing in Kafka; the simulator's scheduler (str0m-netem `packet_index`, FDB `getFIFOPriority`).

use super::ids::{MessageId, NodeId};
use super::node::TimerKind;
use super::protocol::Message;
use super::time::Instant;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// Something scheduled.
#[derive(Clone, Debug)]
pub enum Event {
    /// A message arrives.
    Deliver {
        /// Its id.
        id: MessageId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: Message,
    },
    /// A message is lost (shown leaving and disappearing).
    Lost {
        /// Its id.
        id: MessageId,
    },
    /// A timer fires (ignored if its generation is stale).
    Timer {
        /// The node.
        node: NodeId,
        /// Which timer.
        kind: TimerKind,
        /// Generation when armed.
        generation: u64,
    },
    /// A scripted action (index into the scenario's actions).
    Action(usize),
}

#[derive(Clone, Debug)]
struct Scheduled {
    at: Instant,
    seq: u64,
    event: Event,
}

impl PartialEq for Scheduled {
    fn eq(&self, o: &Self) -> bool {
        self.at == o.at && self.seq == o.seq
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(o.at, o.seq))
    }
}

/// The queue.
#[derive(Clone, Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<Scheduled>>,
    seq: u64,
}

impl EventQueue {
    /// Schedules `event` at `at`.
    pub fn push(&mut self, at: Instant, event: Event) {
        self.seq += 1;
        self.heap.push(Reverse(Scheduled {
            at,
            seq: self.seq,
            event,
        }));
    }

    /// Removes the earliest event.
    pub fn pop(&mut self) -> Option<(Instant, Event)> {
        self.heap.pop().map(|Reverse(s)| (s.at, s.event))
    }

    /// The earliest event.
    pub fn peek(&self) -> Option<&Event> {
        self.heap.peek().map(|Reverse(s)| &s.event)
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse(s)| s.at)
    }

    /// Number of scheduled events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is scheduled.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    //! Goal: ties on time pop in insertion order.
    use super::*;

    #[test]
    fn fifo_on_ties() {
        let mut q = EventQueue::default();
        q.push(Instant(5), Event::Action(1));
        q.push(Instant(3), Event::Action(2));
        q.push(Instant(5), Event::Action(3));
        let order: Vec<usize> = std::iter::from_fn(|| q.pop())
            .map(|(_, e)| if let Event::Action(i) = e { i } else { 0 })
            .collect();
        assert_eq!(order, vec![2, 1, 3]);
    }
}
