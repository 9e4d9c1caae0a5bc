//! What a node may do while handling a message or a timer: send, set and cancel timers, and record trace events.
//!
//! Models: the boundary between a Kafka process and the world. Nodes are message-in, effects-out state machines; they
//! never see the event queue, the network or another node's state (stateright `Actor` + `Out`).

use super::ids::*;
use super::protocol::Message;
use super::rng::SimRng;
use super::time::{Duration, Instant};
use super::trace::TraceEvent;
use serde::{Deserialize, Serialize};

/// Kafka's timers, by what they wait for. A timer kind is unique per node; setting it again re-arms it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[allow(missing_docs)]
pub enum TimerKind {
    // Controller.
    BrokerSessionCheck,
    // Broker.
    BrokerHeartbeat,
    IsrExpiry,
    ReplicaFetch(BrokerId),
    ReplicaFetchTimeout(BrokerId),
    DelayedProduceExpiry(u64),
    DelayedFetchExpiry(u64),
    AlterPartitionTimeout(TopicPartition),
    GroupSessionExpiry(GroupIdx, u32),
    GroupRebalanceTimeout(GroupIdx),
    GroupInitialDelay(GroupIdx),
    // Producer.
    SendNext,
    SenderWakeup,
    ProduceRequestTimeout(u64),
    MetadataRetry,
    BlockedSendTimeout,
    // Consumer.
    ConsumerStart,
    Heartbeat,
    PollLoop,
    ConsumerRequestTimeout(u64),
    CoordinatorRetry,
    FetchRetry,
    /// The heartbeat thread's `max.poll.interval.ms` check between two heartbeats.
    PollTimeoutCheck,
}

/// A node's index among all nodes (controller, brokers by id, producers, consumers), for per-node tables: random
/// streams and armed timers.
pub fn node_slot(node: NodeId, brokers: usize, producers: usize) -> usize {
    match node {
        NodeId::Controller => 0,
        NodeId::Broker(b) => b.0 as usize,
        NodeId::Producer(p) => 1 + brokers + p.0 as usize,
        NodeId::Consumer(c) => 1 + brokers + producers + c.0 as usize,
    }
}

/// Something a handler asks the simulator to do.
#[derive(Clone, Debug)]
#[allow(missing_docs)]
pub enum Effect {
    /// Send a message (after `extra_delay` on top of the network's latency). Boxed from here to its delivery: a
    /// message is up to ~150 bytes, and every effect and queue entry (timers too) was that big and moved by value.
    Send {
        to: NodeId,
        msg: Box<Message>,
        extra_delay: Duration,
    },
    /// Arm (or re-arm) a timer to fire at `at`.
    SetTimer { kind: TimerKind, at: Instant },
    /// Disarm a timer.
    CancelTimer { kind: TimerKind },
}

/// The handler's window on the world.
pub struct Ctx<'a> {
    /// The current virtual time.
    pub now: Instant,
    /// The node this handler runs on.
    pub node: NodeId,
    /// This node's random stream.
    pub rng: &'a mut SimRng,
    pub(crate) effects: &'a mut Vec<Effect>,
    pub(crate) trace: &'a mut Vec<TraceEvent>,
}

impl Ctx<'_> {
    /// Sends `msg` to `to`.
    pub fn send(&mut self, to: NodeId, msg: Message) {
        self.effects.push(Effect::Send {
            to,
            msg: Box::new(msg),
            extra_delay: Duration::ZERO,
        });
    }

    /// Sends `msg` after an extra delay (a slow follower, a delayed response).
    pub fn send_delayed(&mut self, to: NodeId, msg: Message, extra_delay: Duration) {
        self.effects.push(Effect::Send {
            to,
            msg: Box::new(msg),
            extra_delay,
        });
    }

    /// Arms `kind` to fire `after` from now.
    pub fn set_timer(&mut self, kind: TimerKind, after: Duration) {
        let at = self.now + after;
        self.effects.push(Effect::SetTimer { kind, at });
    }

    /// Arms `kind` to fire at `at`.
    pub fn set_timer_at(&mut self, kind: TimerKind, at: Instant) {
        self.effects.push(Effect::SetTimer { kind, at });
    }

    /// Disarms `kind`.
    pub fn cancel_timer(&mut self, kind: TimerKind) {
        self.effects.push(Effect::CancelTimer { kind });
    }

    /// Records a trace event.
    pub fn emit(&mut self, e: TraceEvent) {
        self.trace.push(e);
    }
}
