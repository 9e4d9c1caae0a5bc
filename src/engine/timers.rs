//! The armed timers: for each node, a small B-tree from timer kind to the generation it was armed with. Arming,
//! cancelling and checking every timer entry that comes due look a timer up, so the table is split by node (one
//! global B-tree over `(NodeId, TimerKind)` keys was ~10% of a pipeline run): a node has a handful of timers armed
//! at once, a broker with parked requests a few dozen.
//!
//! Models: nothing in Kafka (its timers live in each client's `poll` loop and the broker's purgatories).

use super::ids::NodeId;
use super::node::{node_slot, TimerKind};
use std::collections::BTreeMap;

/// Armed timers by node.
#[derive(Clone, Debug, Default)]
pub struct TimerTable {
    brokers: usize,
    producers: usize,
    /// By node slot: controller, brokers 1.., producers, consumers.
    by_node: Vec<BTreeMap<TimerKind, u64>>,
}

impl TimerTable {
    /// A table for this many brokers, producers and consumers.
    pub fn new(brokers: usize, producers: usize, consumers: usize) -> TimerTable {
        TimerTable {
            brokers,
            producers,
            by_node: vec![BTreeMap::new(); 1 + brokers + producers + consumers],
        }
    }

    fn slot(&self, node: NodeId) -> usize {
        node_slot(node, self.brokers, self.producers)
    }

    fn node_mut(&mut self, node: NodeId) -> &mut BTreeMap<TimerKind, u64> {
        let s = self.slot(node);
        if self.by_node.len() <= s {
            self.by_node.resize_with(s + 1, BTreeMap::new);
        }
        &mut self.by_node[s]
    }

    /// The generation `kind` is armed with on `node`, if armed.
    pub fn get(&self, node: NodeId, kind: &TimerKind) -> Option<u64> {
        self.by_node.get(self.slot(node))?.get(kind).copied()
    }

    /// Arms `kind` on `node` with `generation`; returns the generation it replaced.
    pub fn insert(&mut self, node: NodeId, kind: TimerKind, generation: u64) -> Option<u64> {
        self.node_mut(node).insert(kind, generation)
    }

    /// Disarms `kind` on `node`; returns the generation it had.
    pub fn remove(&mut self, node: NodeId, kind: &TimerKind) -> Option<u64> {
        self.node_mut(node).remove(kind)
    }

    /// Disarms every timer of `node` (its process died); returns how many there were.
    pub fn clear(&mut self, node: NodeId) -> usize {
        std::mem::take(self.node_mut(node)).len()
    }
}
