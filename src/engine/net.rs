//! The simulated network: latency with jitter, random loss, cut links and isolated nodes.
//!
//! Models: the TCP connections between Kafka clients, brokers and the controller. Messages on one link arrive in the
//! order they were sent (TCP), each after `latency_us + uniform(0..jitter_us)`.
//!
//! Simplifications:
//! - Bandwidth is unlimited; a message's size does not change its latency.
//! - A cut link drops messages silently, so the sender learns of it only by a timeout, as with a real partition.

use super::dense::{at_mut, at_mut_or};
use super::ids::{BrokerId, NodeId};
use super::node::node_slot;
use super::rng::SimRng;
use super::time::{Duration, Instant};
use crate::scenario::NetworkSpec;
use std::collections::BTreeSet;

/// The network's state.
#[derive(Clone, Debug)]
pub struct Network {
    spec: NetworkSpec,
    rng: SimRng,
    cut: BTreeSet<(NodeId, NodeId)>,
    isolated: BTreeSet<BrokerId>,
    /// When the last message on each link arrives, by node slot of sender then receiver (a B-tree of node pairs
    /// was ~3 % of a pipeline run).
    last_delivery: Vec<Vec<Instant>>,
    brokers: usize,
    producers: usize,
}

impl Network {
    /// A healthy network between this many brokers and producers (and any number of consumers).
    pub fn new(spec: NetworkSpec, rng: SimRng, brokers: usize, producers: usize) -> Network {
        Network {
            spec,
            rng,
            cut: BTreeSet::new(),
            isolated: BTreeSet::new(),
            last_delivery: Vec::new(),
            brokers,
            producers,
        }
    }

    /// Whether `from` can currently reach `to`.
    pub fn connected(&self, from: NodeId, to: NodeId) -> bool {
        let iso = |n: NodeId| matches!(n, NodeId::Broker(b) if self.isolated.contains(&b));
        !(iso(from) || iso(to) || self.cut.contains(&(from, to)))
    }

    /// When a message sent now would arrive, or None if it is lost.
    pub fn route(
        &mut self,
        from: NodeId,
        to: NodeId,
        now: Instant,
        extra: Duration,
    ) -> Option<Instant> {
        if !self.connected(from, to) || self.rng.chance_ppm(self.spec.loss_ppm) {
            return None;
        }
        let jitter = self.rng.below(self.spec.jitter_us);
        let mut at = now + Duration(self.spec.latency_us + jitter) + extra;
        // TCP keeps a connection's messages in order.
        let (f, t) = (
            node_slot(from, self.brokers, self.producers),
            node_slot(to, self.brokers, self.producers),
        );
        let last = at_mut_or(at_mut(&mut self.last_delivery, f), t, Instant::ZERO);
        if at < *last {
            at = *last;
        }
        *last = at;
        Some(at)
    }

    /// One-way latency without loss or ordering (for made-up disconnect notices).
    pub fn latency(&mut self) -> Duration {
        Duration(self.spec.latency_us + self.rng.below(self.spec.jitter_us))
    }

    /// Cuts `from -> to`.
    pub fn cut(&mut self, from: NodeId, to: NodeId) {
        self.cut.insert((from, to));
    }

    /// Cuts a broker off from everyone.
    pub fn isolate(&mut self, b: BrokerId) {
        self.isolated.insert(b);
    }

    /// Heals every cut and isolation.
    pub fn heal(&mut self) -> Vec<(NodeId, NodeId)> {
        self.isolated.clear();
        std::mem::take(&mut self.cut).into_iter().collect()
    }

    /// Isolated brokers.
    pub fn isolated(&self) -> &BTreeSet<BrokerId> {
        &self.isolated
    }

    /// Cut links.
    pub fn cut_links(&self) -> &BTreeSet<(NodeId, NodeId)> {
        &self.cut
    }
}
