//! The armed timers: for each node, the timer kinds it has armed and the generation each was armed with. Arming,
//! cancelling and checking every timer entry that comes due look a timer up (~14% of a pipeline run when this was
//! a B-tree of `TimerKind`s per node), so a kind is packed into one `u64` key and each node keeps a sorted `Vec` of
//! `(key, generation)`: a node has a handful of timers armed at once, a broker with parked requests a few dozen,
//! and request ids only grow, so a new key lands at or near the end of its kind's run. The kinds without a payload
//! (the producer's `SendNext` and `SenderWakeup`, the consumer's `PollLoop`, heartbeats: most arms of a run) each
//! have a fixed cell per node instead, found without a search.
//!
//! Models: nothing in Kafka (its timers live in each client's `poll` loop and the broker's purgatories).

use super::ids::NodeId;
use super::node::{node_slot, TimerKind};

/// Armed timers by node.
#[derive(Clone, Debug, Default)]
pub struct TimerTable {
    brokers: usize,
    producers: usize,
    /// By node slot (controller, brokers 1.., producers, consumers): `(packed kind, generation)`, sorted by key, for
    /// the kinds with a payload.
    by_node: Vec<Vec<(u64, u64)>>,
    /// By node slot × [`TAGS`] + tag: the generation of each kind without a payload.
    fixed: Vec<Option<u64>>,
}

/// Timer kinds (the tags of [`tag_and_payload`]).
const TAGS: usize = 23;

/// Bits of a packed key below the kind's tag: room for a request id, a broker id, or a topic-partition (16 + 32)
/// or group member (16 + 32) pair.
const PAYLOAD_BITS: u32 = 56;
const PAYLOAD_MASK: u64 = (1 << PAYLOAD_BITS) - 1;

/// A kind's tag (distinct per kind, below [`TAGS`]) and its payload, `None` for the kinds that carry none.
fn tag_and_payload(kind: &TimerKind) -> (usize, Option<u64>) {
    use TimerKind::*;
    match *kind {
        BrokerSessionCheck => (0, None),
        BrokerHeartbeat => (1, None),
        IsrExpiry => (2, None),
        ReplicaFetch(b) => (3, Some(b.0 as u64)),
        ReplicaFetchTimeout(b) => (4, Some(b.0 as u64)),
        DelayedProduceExpiry(id) => (5, Some(id)),
        DelayedFetchExpiry(id) => (6, Some(id)),
        AlterPartitionTimeout(tp) => (7, Some((tp.topic.0 as u64) << 32 | tp.partition as u64)),
        GroupSessionExpiry(g, member) => (8, Some((g.0 as u64) << 32 | member as u64)),
        GroupRebalanceTimeout(g) => (9, Some(g.0 as u64)),
        GroupInitialDelay(g) => (10, Some(g.0 as u64)),
        SendNext => (11, None),
        SenderWakeup => (12, None),
        ProduceRequestTimeout(id) => (13, Some(id)),
        MetadataRetry => (14, None),
        BlockedSendTimeout => (15, None),
        ConsumerStart => (16, None),
        Heartbeat => (17, None),
        PollLoop => (18, None),
        ConsumerRequestTimeout(id) => (19, Some(id)),
        CoordinatorRetry => (20, None),
        FetchRetry => (21, None),
        PollTimeoutCheck => (22, None),
    }
}

/// The cell in [`TimerTable::fixed`] of a kind without a payload (its tag), or `None` for a kind with one.
fn fixed_tag(kind: &TimerKind) -> Option<usize> {
    match tag_and_payload(kind) {
        (tag, None) => Some(tag),
        (_, Some(_)) => None,
    }
}

/// One `u64` per timer kind, distinct for distinct kinds (the tag in the top byte, the payload below it).
fn pack(kind: &TimerKind) -> u64 {
    let (tag, payload) = tag_and_payload(kind);
    let payload = payload.unwrap_or(0);
    // Request ids count requests of one run; 2^56 of them is far beyond any run the engine can make.
    debug_assert!(
        payload <= PAYLOAD_MASK,
        "timer payload {payload} of {kind:?} does not fit"
    );
    (tag as u64) << PAYLOAD_BITS | (payload & PAYLOAD_MASK)
}

impl TimerTable {
    /// A table for this many brokers, producers and consumers.
    pub fn new(brokers: usize, producers: usize, consumers: usize) -> TimerTable {
        let nodes = 1 + brokers + producers + consumers;
        TimerTable {
            brokers,
            producers,
            by_node: vec![Vec::new(); nodes],
            fixed: vec![None; nodes * TAGS],
        }
    }

    fn cell(&self, node: NodeId, tag: usize) -> usize {
        self.slot(node) * TAGS + tag
    }

    fn cell_mut(&mut self, node: NodeId, tag: usize) -> &mut Option<u64> {
        let c = self.cell(node, tag);
        super::dense::at_mut(&mut self.fixed, c)
    }

    fn slot(&self, node: NodeId) -> usize {
        node_slot(node, self.brokers, self.producers)
    }

    fn node_mut(&mut self, node: NodeId) -> &mut Vec<(u64, u64)> {
        let s = self.slot(node);
        super::dense::at_mut(&mut self.by_node, s)
    }

    /// The generation `kind` is armed with on `node`, if armed.
    pub fn get(&self, node: NodeId, kind: &TimerKind) -> Option<u64> {
        if let Some(tag) = fixed_tag(kind) {
            return self.fixed.get(self.cell(node, tag)).copied().flatten();
        }
        let armed = self.by_node.get(self.slot(node))?;
        let key = pack(kind);
        armed
            .binary_search_by_key(&key, |e| e.0)
            .ok()
            .map(|i| armed[i].1)
    }

    /// Arms `kind` on `node` with `generation`; returns the generation it replaced.
    pub fn insert(&mut self, node: NodeId, kind: TimerKind, generation: u64) -> Option<u64> {
        if let Some(tag) = fixed_tag(&kind) {
            return self.cell_mut(node, tag).replace(generation);
        }
        let key = pack(&kind);
        let armed = self.node_mut(node);
        // Most arms are of the newest request id, or re-arms: try the end first.
        if armed.last().is_none_or(|e| e.0 < key) {
            armed.push((key, generation));
            return None;
        }
        match armed.binary_search_by_key(&key, |e| e.0) {
            Ok(i) => Some(std::mem::replace(&mut armed[i].1, generation)),
            Err(i) => {
                armed.insert(i, (key, generation));
                None
            }
        }
    }

    /// Disarms `kind` on `node`; returns the generation it had.
    pub fn remove(&mut self, node: NodeId, kind: &TimerKind) -> Option<u64> {
        if let Some(tag) = fixed_tag(kind) {
            return self.cell_mut(node, tag).take();
        }
        let key = pack(kind);
        let armed = self.node_mut(node);
        let i = armed.binary_search_by_key(&key, |e| e.0).ok()?;
        Some(armed.remove(i).1)
    }

    /// Disarms every timer of `node` (its process died); returns how many there were.
    pub fn clear(&mut self, node: NodeId) -> usize {
        let first = self.cell(node, 0);
        let fixed = (first..first + TAGS)
            .filter_map(|c| self.fixed.get_mut(c).and_then(Option::take))
            .count();
        fixed + std::mem::take(self.node_mut(node)).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ids::{
        BrokerId, ConsumerIdx, GroupIdx, ProducerIdx, TopicIdx, TopicPartition,
    };
    use crate::engine::rng::SimRng;
    use std::collections::BTreeMap;

    fn kind(r: &mut SimRng) -> TimerKind {
        use TimerKind::*;
        let id = r.next_u64() % 64;
        match r.next_u64() % 23 {
            0 => BrokerSessionCheck,
            1 => BrokerHeartbeat,
            2 => IsrExpiry,
            3 => ReplicaFetch(BrokerId(id as u32)),
            4 => ReplicaFetchTimeout(BrokerId(id as u32)),
            5 => DelayedProduceExpiry(id),
            6 => DelayedFetchExpiry(id),
            7 => AlterPartitionTimeout(TopicPartition {
                topic: TopicIdx((id % 3) as u16),
                partition: (id / 3) as u32,
            }),
            8 => GroupSessionExpiry(GroupIdx((id % 2) as u16), (id / 2) as u32),
            9 => GroupRebalanceTimeout(GroupIdx(id as u16)),
            10 => GroupInitialDelay(GroupIdx(id as u16)),
            11 => SendNext,
            12 => SenderWakeup,
            13 => ProduceRequestTimeout(id),
            14 => MetadataRetry,
            15 => BlockedSendTimeout,
            16 => ConsumerStart,
            17 => Heartbeat,
            18 => PollLoop,
            19 => ConsumerRequestTimeout(id),
            20 => CoordinatorRetry,
            21 => FetchRetry,
            _ => PollTimeoutCheck,
        }
    }

    /// The table answers as a `BTreeMap<(NodeId, TimerKind), u64>` does through random arms, cancels, lookups and
    /// node deaths.
    #[test]
    fn behaves_as_a_map_of_node_and_kind() {
        let mut r = SimRng::derive(0x7133, 0);
        let nodes = [
            NodeId::Controller,
            NodeId::Broker(BrokerId(1)),
            NodeId::Broker(BrokerId(3)),
            NodeId::Producer(ProducerIdx(0)),
            NodeId::Producer(ProducerIdx(1)),
            NodeId::Consumer(ConsumerIdx(0)),
        ];
        let mut table = TimerTable::new(3, 2, 1);
        let mut model: BTreeMap<(NodeId, TimerKind), u64> = BTreeMap::new();
        for generation in 0..20_000u64 {
            let node = nodes[(r.next_u64() % nodes.len() as u64) as usize];
            let k = kind(&mut r);
            match r.next_u64() % 10 {
                0..=4 => assert_eq!(
                    table.insert(node, k, generation),
                    model.insert((node, k), generation)
                ),
                5..=6 => assert_eq!(table.remove(node, &k), model.remove(&(node, k))),
                7..=8 => assert_eq!(table.get(node, &k), model.get(&(node, k)).copied()),
                _ if r.next_u64().is_multiple_of(20) => {
                    let before = model.len();
                    model.retain(|(n, _), _| *n != node);
                    assert_eq!(table.clear(node), before - model.len());
                }
                _ => {}
            }
        }
    }

    #[test]
    fn distinct_kinds_pack_to_distinct_keys() {
        let mut r = SimRng::derive(99, 0);
        let mut seen: BTreeMap<u64, TimerKind> = BTreeMap::new();
        for _ in 0..5_000 {
            let k = kind(&mut r);
            if let Some(prev) = seen.insert(pack(&k), k) {
                assert_eq!(prev, k, "two kinds share a key");
            }
        }
    }
}
