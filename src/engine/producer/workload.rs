//! The application thread that calls `send()`: record `n` gets its key, its value size and its place in time from
//! the scenario's workload, the way a Java program would loop over `producer.send(record, callback)`.
//!
//! Models: the caller of `KafkaProducer.send()`, not a Kafka class (shared/KAFKA.md §3).
//!
//! Simplifications:
//! - One record per `1 / rate` interval, `count` records in all, starting at `start_ms`; a blocked `send()` stalls
//!   the loop, as it stalls the calling thread in Java.
//! - Keys cycle through `prefix-0 .. prefix-(distinct-1)` or a fixed list; values are all `value_bytes` long except
//!   the listed oversize ones; listed records are rejected by the serializer.

use super::partitioner::serialize_key;
use super::Producer;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::time::Duration;
use crate::scenario::KeySpec;
use std::rc::Rc;

/// The most distinct cycled keys a producer keeps formatted and serialized.
pub(super) const KEY_CACHE: u64 = 4096;

impl Producer {
    fn interval(&self) -> Duration {
        Duration(1_000_000 / self.workload.rate_per_sec.max(1) as u64)
    }

    /// Record `n`'s key and its serialized bytes. A cycle of at most [`KEY_CACHE`] keys is formatted and serialized
    /// once per key, not once per record (that was ~2 % of a keyed run, in formatting and allocation).
    pub(super) fn key_and_bytes(&mut self, n: u64) -> Option<(Rc<str>, Rc<[u8]>)> {
        let serialize =
            |k: &str| -> Rc<[u8]> { serialize_key(k, &self.config.key_serializer).into() };
        if let KeySpec::Cycle { distinct, .. } = &self.workload.keys {
            let distinct = (*distinct as u64).max(1);
            if distinct <= KEY_CACHE {
                let i = (n % distinct) as usize;
                if self.key_cache.is_empty() {
                    self.key_cache = (0..distinct)
                        .map(|j| {
                            let k = self.key_for(j).unwrap_or_default();
                            let b = serialize(&k);
                            (Rc::from(k), b)
                        })
                        .collect();
                }
                let (k, b) = &self.key_cache[i];
                return Some((Rc::clone(k), Rc::clone(b)));
            }
        }
        self.key_for(n).map(|k| {
            let b = serialize(&k);
            (Rc::from(k), b)
        })
    }

    pub(super) fn key_for(&self, n: u64) -> Option<String> {
        match &self.workload.keys {
            KeySpec::None => None,
            KeySpec::Cycle { prefix, distinct } => {
                Some(format!("{prefix}-{}", n % (*distinct as u64).max(1)))
            }
            KeySpec::List(l) => l.get(n as usize % l.len().max(1)).cloned(),
        }
    }

    pub(super) fn value_len(&self, n: u64) -> usize {
        self.workload
            .oversize
            .iter()
            .find(|(i, _)| *i as u64 == n)
            .map(|(_, v)| *v as usize)
            .unwrap_or(self.workload.value_bytes as usize)
    }

    /// Whether the workload makes the serializer throw on record `n`.
    pub(super) fn rejected(&self, n: u64) -> bool {
        self.workload.reject.iter().any(|r| *r as u64 == n)
    }

    /// `send()` returned for record `n` (sent, thrown or timed out): the loop moves on to the next record, if any,
    /// after `delay`.
    pub(super) fn send_returned(&mut self, ctx: &mut Ctx<'_>, n: u64, delay: Duration) {
        self.next_n = n + 1;
        if self.next_n < self.workload.count as u64 {
            ctx.set_timer(TimerKind::SendNext, delay);
        }
    }

    /// The application's send loop: one record per `interval`, stalled while `send()` blocks.
    pub(super) fn send_next(&mut self, ctx: &mut Ctx<'_>) {
        if self.blocked.is_some() || self.next_n >= self.workload.count as u64 {
            return;
        }
        let n = self.next_n;
        self.wake_sender = false;
        let sent = self.try_send(ctx, n);
        if sent {
            self.send_returned(ctx, n, self.interval());
        }
        // `if (result.batchIsFull || result.newBatchCreated) sender.wakeup()`: a record added to a batch that is
        // still filling changes nothing the sender waits for (its linger and expiry timer is already set). A blocked
        // send() makes the accumulator "exhausted", which the sender must see.
        if !sent || self.wake_sender {
            self.run_sender(ctx);
        }
    }
}
