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

/// The queue. The heap holds small keys and the events sit still in a slab, so sifting moves 16 bytes per step
/// instead of a whole message (the heap was the engine's largest cost when it carried events by value). A key is
/// one `u128`: the time in the high 64 bits, then the sequence number, then the slot (see [`key`]), so one integer
/// comparison orders by (time, sequence) — sequence numbers are unique, so the slot never decides.
#[derive(Clone, Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<u128>>,
    slots: Vec<Option<Event>>,
    free: Vec<u32>,
    seq: u64,
}

/// Sequence numbers of ordinary events start here; below it, an action's sequence number is its index.
const FIRST_SEQ: u64 = 1 << 32;

/// Bits of a key's low half that hold the slot: 2^28 pending events (far beyond memory), leaving 36 bits for the
/// sequence number (2^32 actions, then 2^36 − 2^32 pushes: a run stops at `MAX_EVENTS` = 2 × 10^8 events).
const SLOT_BITS: u32 = 28;
const SLOT_MASK: u64 = (1 << SLOT_BITS) - 1;

/// The heap key of an event at `at` with sequence number `seq` in `slot`.
fn key(at: Instant, seq: u64, slot: u32) -> u128 {
    debug_assert!(seq < 1 << (64 - SLOT_BITS) && u64::from(slot) <= SLOT_MASK);
    (u128::from(at.0) << 64) | u128::from(seq << SLOT_BITS | u64::from(slot))
}

/// The time and slot of a key.
fn unkey(k: u128) -> (Instant, u32) {
    (Instant((k >> 64) as u64), (k as u64 & SLOT_MASK) as u32)
}

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
                let slot = self.slots.len() - 1;
                assert!(slot as u64 <= SLOT_MASK, "fewer than 2^28 pending events");
                slot as u32
            }
        };
        self.heap.push(Reverse(key(at, seq, slot)));
    }

    /// Removes the earliest event.
    pub fn pop(&mut self) -> Option<(Instant, Event)> {
        let (at, slot) = unkey(self.heap.pop()?.0);
        self.free.push(slot);
        self.slots[slot as usize].take().map(|e| (at, e))
    }

    /// The earliest event.
    pub fn peek(&self) -> Option<&Event> {
        self.heap
            .peek()
            .and_then(|Reverse(k)| self.slots[unkey(*k).1 as usize].as_ref())
    }

    /// Time of the earliest event.
    pub fn peek_time(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse(k)| unkey(*k).0)
    }

    /// Drops every scheduled event `keep` refuses (timers cancelled or re-armed since they were queued) and
    /// rebuilds the heap. Order is unchanged: the survivors keep their (time, sequence) keys.
    pub fn retain(&mut self, mut keep: impl FnMut(&Event) -> bool) {
        let slots = &mut self.slots;
        let free = &mut self.free;
        let mut entries = std::mem::take(&mut self.heap).into_vec();
        entries.retain(|Reverse(k)| {
            let slot = unkey(*k).1;
            let live = slots[slot as usize].as_ref().is_some_and(&mut keep);
            if !live {
                slots[slot as usize] = None;
                free.push(slot);
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

    /// A key orders as its (time, sequence) pair, and gives back its time and slot.
    #[test]
    fn keys_order_by_time_then_sequence() {
        let mut r = crate::engine::rng::SimRng::derive(11, 2);
        let mut pick = |bound: u64| r.next_u64() % bound;
        for _ in 0..10_000 {
            let a = (
                Instant(pick(4) << 62 | pick(8)),
                pick(1 << 36),
                pick(1 << 28) as u32,
            );
            let b = (
                Instant(pick(4) << 62 | pick(8)),
                pick(1 << 36),
                pick(1 << 28) as u32,
            );
            if a.1 == b.1 {
                continue;
            }
            let (ka, kb) = (key(a.0, a.1, a.2), key(b.0, b.1, b.2));
            assert_eq!(ka.cmp(&kb), (a.0, a.1).cmp(&(b.0, b.1)), "{a:?} {b:?}");
            assert_eq!(unkey(ka), (a.0, a.2));
        }
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
