//! The run's metrics over virtual time, in fixed buckets, for the charts: consumer lag per partition, produce
//! throughput, produce request latency (p50 / p99), end-to-end latency (p50 / p99) and ISR size per partition, with
//! the buckets in which a fault was in force.
//!
//! Models: what Kafka's metrics would show on a dashboard: `records-lag` (here leader HW − committed offset, as
//! `kafka-consumer-groups.sh` computes `LAG`), the producer's `record-send-rate` and `request-latency-avg/max`
//! (here percentiles of each request's send → response time), KIP-613's `record-e2e-latency` (`send()` → first
//! processing, as the CLI report measures it) and the partition's ISR size (`UnderReplicatedPartitions` when below
//! the replication factor).
//!
//! Simplifications: a bucket's lag is sampled at its end and its ISR size is the smallest the bucket saw; at most
//! [`MAX_LINES`] lag and ISR lines (the first group-partition pairs and partitions), the rest summed (lag) or
//! folded into a minimum (ISR); a produce request that never completes (acks=0) is forgotten after
//! [`MAX_OPEN_REQUESTS`] newer ones.

use crate::engine::ids::{GroupIdx, ProducerIdx, TopicPartition};
use crate::engine::time::Instant;
use crate::engine::trace::TraceEvent;
use crate::viz::scene::Scene;

/// Lag and ISR lines drawn at most.
pub const MAX_LINES: usize = 8;
/// Buckets in a run at most (so a chart never has more points than pixels).
pub const MAX_BUCKETS: usize = 400;
/// Produce requests awaiting a response remembered at most.
pub const MAX_OPEN_REQUESTS: usize = 4096;

/// One bucket of virtual time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bucket {
    /// Records handed to `send()` in the bucket.
    pub sent: u32,
    /// Records acknowledged in the bucket.
    pub acked: u32,
    /// Produce request latency (send → response), µs: p50 and p99 of the requests completed in the bucket.
    pub request_latency: Option<(u64, u64)>,
    /// End-to-end latency, µs: p50 and p99 of the records first processed in the bucket.
    pub e2e: Option<(u64, u64)>,
    /// Lag at the bucket's end, per drawn group-partition pair, records.
    pub lag: Vec<u64>,
    /// Lag of every pair, summed.
    pub lag_total: u64,
    /// Smallest ISR size in the bucket, per drawn partition.
    pub isr: Vec<u8>,
    /// Smallest ISR size of any partition in the bucket.
    pub isr_min: u8,
    /// A fault was in force (a broker down, isolated or slowed, a cut link) or an action ran.
    pub fault: bool,
}

/// The series, bucket by bucket, as far as the run has been played.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Bucket width, µs.
    pub bucket_us: u64,
    /// Closed buckets, from t = 0.
    pub buckets: Vec<Bucket>,
    /// The drawn lag lines: (group, partition).
    pub lag_pairs: Vec<(GroupIdx, TopicPartition)>,
    /// The drawn ISR lines.
    pub isr_partitions: Vec<TopicPartition>,
    /// Replication factor per drawn partition (the ISR chart's full size).
    pub replicas: Vec<u8>,
    /// Partitions in the run (more than drawn: the ISR chart adds the smallest of all).
    pub partitions: usize,
    /// Every produce request latency so far, µs (the whole run's percentiles, for a comparison).
    pub request_latencies_us: Vec<u32>,
    open: Bucket,
    request_samples: Vec<u64>,
    e2e_seen: Vec<usize>,
    isr_now: Vec<u8>,
    requests: Vec<(ProducerIdx, u64, Instant)>,
}

/// A round bucket width for a run of `run_us`: 1, 2 or 5 × 10^k ms, about [`MAX_BUCKETS`] / 2 buckets, at least
/// 10 ms.
fn bucket_width(run_us: u64) -> u64 {
    let target = (run_us / (MAX_BUCKETS as u64 / 2)).max(10_000);
    let mut unit = 1_000u64;
    loop {
        for m in [1, 2, 5] {
            if unit * m >= target {
                return unit * m;
            }
        }
        unit *= 10;
    }
}

/// p50 and p99 (nearest rank) of `v`, sorted in place.
pub fn percentiles(v: &mut [u64]) -> Option<(u64, u64)> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let rank = |q: f64| v[((q * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    Some((rank(0.50), rank(0.99)))
}

impl Series {
    /// Empty series for a run of `run_us` over `scene`'s partitions and groups.
    pub fn new(scene: &Scene, run_us: u64) -> Series {
        let mut lag_pairs = Vec::new();
        for g in &scene.groups {
            for tp in scene.group_partitions(g.idx) {
                lag_pairs.push((g.idx, tp));
            }
        }
        let isr_now: Vec<u8> = scene.partitions.iter().map(|p| p.isr.len() as u8).collect();
        let isr_partitions: Vec<TopicPartition> = scene
            .partitions
            .iter()
            .take(MAX_LINES)
            .map(|p| p.tp)
            .collect();
        Series {
            bucket_us: bucket_width(run_us),
            buckets: Vec::new(),
            replicas: scene
                .partitions
                .iter()
                .take(MAX_LINES)
                .map(|p| p.replicas.len() as u8)
                .collect(),
            lag_pairs,
            isr_partitions,
            partitions: scene.partitions.len(),
            request_latencies_us: Vec::new(),
            open: Bucket::default(),
            request_samples: Vec::new(),
            e2e_seen: vec![0; scene.groups.len()],
            isr_now,
            requests: Vec::new(),
        }
    }

    /// The drawn lag pairs (the first [`MAX_LINES`]).
    pub fn drawn_lag_pairs(&self) -> &[(GroupIdx, TopicPartition)] {
        &self.lag_pairs[..self.lag_pairs.len().min(MAX_LINES)]
    }

    /// Closes every bucket that ends at or before `t`, sampling `scene` (the state after every event before `t`).
    pub fn close_until(&mut self, t: Instant, scene: &Scene) {
        while ((self.buckets.len() as u64 + 1) * self.bucket_us) <= t.0
            && self.buckets.len() < MAX_BUCKETS
        {
            self.close(scene);
        }
    }

    fn close(&mut self, scene: &Scene) {
        let mut b = std::mem::take(&mut self.open);
        b.request_latency = percentiles(&mut self.request_samples);
        self.request_samples.clear();
        let mut e2e = Vec::new();
        for (g, seen) in self.e2e_seen.iter_mut().enumerate() {
            let s = scene.e2e_samples(GroupIdx(g as u16));
            e2e.extend_from_slice(&s[(*seen).min(s.len())..]);
            *seen = s.len();
        }
        b.e2e = percentiles(&mut e2e);
        b.lag_total = 0;
        for (k, (g, tp)) in self.lag_pairs.iter().enumerate() {
            let lag = scene.lag(*g, *tp);
            b.lag_total += lag;
            if k < MAX_LINES {
                b.lag.push(lag);
            }
        }
        // The ISR sizes of the open bucket started at the sizes then, lowered by each change during it.
        if b.isr.is_empty() {
            b.isr = self.isr_now.iter().take(MAX_LINES).copied().collect();
            b.isr_min = self.isr_now.iter().copied().min().unwrap_or(0);
        }
        b.fault |= scene
            .brokers
            .iter()
            .any(|br| !br.alive || br.isolated || br.fetch_delay_ms > 0)
            || !scene.cut_links.is_empty();
        self.buckets.push(b);
        self.open.isr = self.isr_now.iter().take(MAX_LINES).copied().collect();
        self.open.isr_min = self.isr_now.iter().copied().min().unwrap_or(0);
    }

    /// Folds one trace event in, `scene` being the state just before it.
    pub fn observe(&mut self, e: &TraceEvent, scene: &Scene) {
        self.close_until(e.at(), scene);
        if self.buckets.len() >= MAX_BUCKETS {
            return;
        }
        use TraceEvent::*;
        match e {
            RecordSent { .. } => self.open.sent += 1,
            RecordAcked { .. } => self.open.acked += 1,
            BatchesDrained {
                at,
                producer,
                correlation_id,
                ..
            } => {
                if self.requests.len() >= MAX_OPEN_REQUESTS {
                    self.requests.remove(0);
                }
                self.requests.push((*producer, *correlation_id, *at));
            }
            ProduceRequestCompleted {
                at,
                producer,
                correlation_id,
                ..
            } => {
                if let Some(i) = self
                    .requests
                    .iter()
                    .position(|r| r.0 == *producer && r.1 == *correlation_id)
                {
                    let (.., sent) = self.requests.swap_remove(i);
                    let us = at.0.saturating_sub(sent.0);
                    self.request_samples.push(us);
                    self.request_latencies_us
                        .push(us.min(u64::from(u32::MAX)) as u32);
                }
            }
            IsrChanged { tp, isr, .. } => {
                if let Some(i) = scene.partition_index(*tp) {
                    let n = isr.len() as u8;
                    // The bucket starts from the sizes before the change.
                    if self.open.isr.is_empty() {
                        self.open.isr = self.isr_now.iter().take(MAX_LINES).copied().collect();
                        self.open.isr_min = self.isr_now.iter().copied().min().unwrap_or(0);
                    }
                    self.isr_now[i] = n;
                    if let Some(v) = self.open.isr.get_mut(i) {
                        *v = (*v).min(n);
                    }
                    self.open.isr_min = self.open.isr_min.min(n);
                }
            }
            ActionApplied { .. } => self.open.fault = true,
            _ => {}
        }
    }
}
