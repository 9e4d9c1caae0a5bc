//! The event queue: one binary heap ordered by (time, sequence), so ties resolve first-in first-out, except that a
//! scripted action comes before every other event of its instant, in the order of the scenario's actions.
//!
//! Actions are keyed by their index, not by when they were pushed, so a run whose actions were all queued at
//! construction (a link being replayed) and a run that was given them one by one while it played (interventions
//! on the page), or restored from a checkpoint and given the later ones, order every event identically.
//!
//! Models: nothing in Kafka; the simulator's scheduler (str0m-netem `packet_index`, FDB `getFIFOPriority`).

use super::ids::{MessageId, NodeId};
use super::node::TimerKind;
use super::protocol::Message;
use super::time::Instant;
use std::cmp::Reverse;
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
        /// The message (boxed: see `Effect::Send`).
        msg: Box<Message>,
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

/// The queue. The heap holds small `(time, sequence, slot)` keys and the events sit still in a slab, so sifting
/// moves 24 bytes per step instead of a whole message (the heap was the engine's largest cost when it carried
/// events by value).
#[derive(Clone, Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<(Instant, u64, u32)>>,
    slots: Vec<Option<Event>>,
    free: Vec<u32>,
    seq: u64,
}

/// Sequence numbers of ordinary events start here; below it, an action's sequence number is its index.
const FIRST_SEQ: u64 = 1 << 32;

impl EventQueue {
    /// Schedules `event` at `at`.
    pub fn push(&mut self, at: Instant, event: Event) {
        let seq = match event {
            Event::Action(i) => i as u64,
            _ => {
                self.seq += 1;
                FIRST_SEQ + self.seq
            }
        };
        let slot = match self.free.pop() {
            Some(i) => {
                self.slots[i as usize] = Some(event);
                i
            }
            None => {
                self.slots.push(Some(event));
                u32::try_from(self.slots.len() - 1).expect("fewer than 2^32 pending events")
            }
        };
        self.heap.push(Reverse((at, seq, slot)));
    }

    /// Removes the earliest event.
    pub fn pop(&mut self) -> Option<(Instant, Event)> {
        let Reverse((at, _, slot)) = self.heap.pop()?;
        self.free.push(slot);
        self.slots[slot as usize].take().map(|e| (at, e))
    }

    /// The earliest event.
    pub fn peek(&self) -> Option<&Event> {
        self.heap
            .peek()
            .and_then(|Reverse((_, _, slot))| self.slots[*slot as usize].as_ref())
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    /// Drops every scheduled event `keep` refuses (timers cancelled or re-armed since they were queued) and
    /// rebuilds the heap. Order is unchanged: the survivors keep their (time, sequence) keys.
    pub fn retain(&mut self, mut keep: impl FnMut(&Event) -> bool) {
        let slots = &mut self.slots;
        let free = &mut self.free;
        let mut entries = std::mem::take(&mut self.heap).into_vec();
        entries.retain(|Reverse((_, _, slot))| {
            let live = slots[*slot as usize].as_ref().is_some_and(&mut keep);
            if !live {
                slots[*slot as usize] = None;
                free.push(*slot);
            }
            live
        });
        self.heap = BinaryHeap::from(entries);
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
    //! Goal: ties on time pop in insertion order, actions first.
    use super::*;

    #[test]
    fn retain_keeps_order_and_reuses_slots() {
        let mut q = EventQueue::default();
        for i in 0..10 {
            q.push(Instant(100 - i as u64 * 10), Event::Action(i));
        }
        q.retain(|e| matches!(e, Event::Action(i) if i % 3 != 0));
        assert_eq!(q.len(), 6);
        q.push(Instant(55), Event::Action(42));
        assert!(q.slots.len() <= 10, "freed slots are reused");
        let order: Vec<usize> = std::iter::from_fn(|| q.pop())
            .map(|(_, e)| match e {
                Event::Action(i) => i,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(order, vec![8, 7, 5, 42, 4, 2, 1]);
    }

    fn lost(i: u64) -> Event {
        Event::Lost { id: MessageId(i) }
    }

    fn lost_id(e: Event) -> u64 {
        match e {
            Event::Lost { id } => id.0,
            _ => unreachable!(),
        }
    }

    #[test]
    fn actions_come_first_at_their_instant_in_index_order() {
        let mut q = EventQueue::default();
        q.push(Instant(5), lost(1));
        q.push(Instant(5), Event::Action(3));
        q.push(Instant(5), lost(2));
        q.push(Instant(5), Event::Action(0));
        q.push(Instant(4), lost(3));
        let order: Vec<String> = std::iter::from_fn(|| q.pop())
            .map(|(_, e)| match e {
                Event::Action(i) => format!("a{i}"),
                e => format!("m{}", lost_id(e)),
            })
            .collect();
        assert_eq!(order, vec!["m3", "a0", "a3", "m1", "m2"]);
    }

    #[test]
    fn fifo_on_ties() {
        let mut q = EventQueue::default();
        q.push(Instant(5), lost(1));
        q.push(Instant(3), lost(2));
        q.push(Instant(5), lost(3));
        let order: Vec<u64> = std::iter::from_fn(|| q.pop())
            .map(|(_, e)| lost_id(e))
            .collect();
        assert_eq!(order, vec![2, 1, 3]);
    }
}
