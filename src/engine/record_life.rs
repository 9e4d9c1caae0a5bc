//! A record's life: the trace events that tell what happened to one record, from `send()` to its processing, and
//! its verdict against Kafka's guarantees.
//!
//! Models: what an engineer pieces together for one record from the producer's debug log (the partitioner's
//! choice, the batch, each produce request, retries and the callback), the brokers' logs (the append on each
//! replica, the high watermark passing it, truncation after a leader change, elections) and the consumers' (poll,
//! processing, the commit that covered it, the crash or rebalance that made it be processed again).
//!
//! The life is folded from the trace as it passes ([`RecordLife::observe`]) and can be cut back to an earlier
//! event count ([`RecordLife::truncate`]) when the run seeks back. Its verdicts ([`RecordLife::judge`]) are worked
//! out from the life and the replica logs at the instant, on their own: not from the ledger's single pass over
//! every log (`engine::guarantees`). `tests/engine/record_life.rs` holds the two equal for every record of every
//! preset at several instants.
//!
//! Simplifications: after a batch split (`MESSAGE_TOO_LARGE`) the record's piece is the one whose next produce
//! request carries it; a broker that drops a retried batch as a duplicate is matched by its batch id and the
//! request it was handling.

use super::guarantees::reference_replica;
use super::ids::*;
use super::protocol::Api;
use super::trace::{RecordIds, TraceEvent};
use super::Sim;

/// A record's fate against Kafka's guarantees (`data-verdict` on the page).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Acknowledged, then missing from its partition's (leader's) log.
    Lost,
    /// The callback got an exception.
    Failed,
    /// More than one copy in its partition's log.
    Duplicated,
    /// After a later-sent record of the same producer in its partition's log.
    Reordered,
    /// A group processed it more than once.
    ConsumedTwice,
    /// Neither acknowledged nor failed yet.
    Pending,
    /// Acknowledged and in the leader's log, once, in send order, processed at most once per group (above the high
    /// watermark it is still at risk: the inspector says so).
    Safe,
}

impl Verdict {
    /// Every verdict, the most serious first (a record's headline verdict is the first that applies).
    pub const ALL: [Verdict; 7] = [
        Verdict::Lost,
        Verdict::Failed,
        Verdict::Duplicated,
        Verdict::Reordered,
        Verdict::ConsumedTwice,
        Verdict::Pending,
        Verdict::Safe,
    ];

    /// The name the page uses (`data-verdict`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Lost => "lost",
            Verdict::Failed => "failed",
            Verdict::Duplicated => "duplicated",
            Verdict::Reordered => "reordered",
            Verdict::ConsumedTwice => "consumed-twice",
            Verdict::Pending => "pending",
            Verdict::Safe => "safe",
        }
    }
}

/// One event of the life, with the engine's event count after the event that made it.
#[derive(Clone, Debug, PartialEq)]
pub struct LifeEvent {
    /// `Sim::events()` after the engine event that emitted it.
    pub event: u64,
    /// What happened. Lists of records (produce requests, fetch responses, polls, truncations) are cut down to
    /// this record.
    pub what: TraceEvent,
}

/// What the fold has learnt so far: enough to tell which later events are about the record.
#[derive(Clone, Debug, Default)]
struct Follow {
    tp: Option<TopicPartition>,
    /// The batch holding it (after a split, the pieces it may be in).
    batches: Vec<BatchId>,
    /// Produce requests (correlation ids) that carried it.
    requests: Vec<u64>,
    /// Brokers those requests went to.
    request_brokers: Vec<BrokerId>,
    /// Messages that carried it.
    messages: Vec<MessageId>,
    /// Its copies now: (broker, offset).
    copies: Vec<(BrokerId, u64)>,
    /// Copies the high watermark has passed.
    below_hw: Vec<(BrokerId, u64)>,
    /// Processings: (group, consumer, offset).
    consumed: Vec<(GroupIdx, ConsumerIdx, u64)>,
    /// Groups whose commit covered it since they last processed it.
    covered: Vec<GroupIdx>,
}

/// The life of one record.
#[derive(Clone, Debug)]
pub struct RecordLife {
    record: RecordId,
    events: Vec<LifeEvent>,
    follow: Follow,
    /// A drain that took a batch it may be in, until the produce request that follows it shows whether it is.
    drain: Option<LifeEvent>,
    /// The broker handling a produce request that carried it (for a duplicate batch it drops).
    handling: Option<BrokerId>,
}

/// The verdicts of a record at one instant, and the facts behind them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judgement {
    /// Every verdict that applies, the most serious first (never empty).
    pub verdicts: Vec<Verdict>,
    /// The replica the ledger judges the partition by (the leader's), if any.
    pub reference: Option<BrokerId>,
    /// The record's offsets in that replica's log.
    pub offsets: Vec<u64>,
    /// That replica's high watermark.
    pub high_watermark: u64,
    /// Reordered: the later-sent record it sits behind (the nearest before it), and that record's offset.
    pub behind: Option<(RecordId, u64)>,
}

impl Judgement {
    /// The headline verdict.
    pub fn verdict(&self) -> Verdict {
        self.verdicts[0]
    }
}

fn carries(records: &[RecordId], id: RecordId) -> bool {
    records.contains(&id)
}

impl RecordLife {
    /// An empty life of `record`, to be fed the run's trace from before it was sent.
    pub fn new(record: RecordId) -> RecordLife {
        RecordLife {
            record,
            events: Vec::new(),
            follow: Follow::default(),
            drain: None,
            handling: None,
        }
    }

    /// The record.
    pub fn record(&self) -> RecordId {
        self.record
    }

    /// Its events so far, in trace order.
    pub fn events(&self) -> &[LifeEvent] {
        &self.events
    }

    /// Its partition, once sent.
    pub fn partition(&self) -> Option<TopicPartition> {
        self.follow.tp
    }

    /// Its copies now: (broker, offset).
    pub fn copies(&self) -> &[(BrokerId, u64)] {
        &self.follow.copies
    }

    /// Forgets what happened after event count `events` (the run went back there).
    pub fn truncate(&mut self, events: u64) {
        if self.events.last().is_none_or(|e| e.event <= events) && self.drain.is_none() {
            return;
        }
        self.events.retain(|e| e.event <= events);
        self.drain = None;
        self.handling = None;
        self.follow = Follow::default();
        let kept = std::mem::take(&mut self.events);
        for e in &kept {
            self.learn(&e.what);
        }
        self.events = kept;
    }

    fn keep(&mut self, event: u64, what: TraceEvent) {
        self.learn(&what);
        self.events.push(LifeEvent { event, what });
    }

    /// Folds one trace event in; `event` is the engine's event count after the event that emitted it.
    pub fn observe(&mut self, event: u64, e: &TraceEvent) {
        use TraceEvent::*;
        let id = self.record;
        let p = id.producer();
        let f = &self.follow;
        let mine_tp = |tp: &TopicPartition| f.tp == Some(*tp);
        let kept = match e {
            RecordSent { record, .. }
            | SendBlocked { record, .. }
            | RecordBatched { record, .. }
            | RecordConsumed { record, .. }
            | RecordAcked { record, .. }
            | RecordFailed { record, .. } => *record == id,
            BatchSplit {
                producer, batch, ..
            }
            | BatchRetried {
                producer, batch, ..
            } => *producer == p && f.batches.contains(batch),
            BatchesDrained {
                producer, batches, ..
            } => {
                if *producer == p && batches.iter().any(|b| f.batches.contains(b)) {
                    self.drain = Some(LifeEvent {
                        event,
                        what: e.clone(),
                    });
                }
                return;
            }
            MessageSent {
                from,
                api,
                response,
                records,
                ..
            } => {
                if let Some(d) = self.drain.take() {
                    let request =
                        *api == Api::Produce && !*response && *from == NodeId::Producer(p);
                    if request && carries(records, id) {
                        self.keep(d.event, d.what);
                    }
                }
                if !carries(records, id) {
                    return;
                }
                let mut stripped = e.clone();
                if let MessageSent { records, .. } = &mut stripped {
                    *records = vec![id];
                }
                self.keep(event, stripped);
                return;
            }
            MessageDelivered { id: m, .. } => {
                self.handling = None;
                let mine = f.messages.contains(m);
                if mine {
                    self.handling = self.produce_target(*m);
                }
                mine
            }
            MessageDropped { id: m, .. } => f.messages.contains(m),
            ProduceRequestCompleted {
                producer,
                correlation_id,
                ..
            } => *producer == p && f.requests.contains(correlation_id),
            DuplicateBatchDropped {
                broker, tp, batch, ..
            } => self.handling == Some(*broker) && mine_tp(tp) && f.batches.contains(batch),
            HighWatermarkAdvanced { broker, tp, hw, .. } => {
                mine_tp(tp)
                    && f.copies
                        .iter()
                        .any(|c| c.0 == *broker && c.1 < *hw && !f.below_hw.contains(c))
            }
            RecordsAppended { records, .. } => {
                let Some(i) = records.iter().position(|r| *r == id) else {
                    return;
                };
                let mut stripped = e.clone();
                if let RecordsAppended {
                    records,
                    base_offset,
                    ..
                } = &mut stripped
                {
                    *base_offset += i as u64;
                    *records = RecordIds::one(id);
                }
                self.keep(event, stripped);
                return;
            }
            LogTruncated { broker, tp, to, .. } => {
                if !(mine_tp(tp) && f.copies.iter().any(|c| c.0 == *broker && c.1 >= *to)) {
                    return;
                }
                let mut stripped = e.clone();
                if let LogTruncated { removed, .. } = &mut stripped {
                    *removed = vec![id];
                }
                self.keep(event, stripped);
                return;
            }
            LeaderElected { tp, .. } | IsrChanged { tp, .. } => mine_tp(tp),
            BrokerCrashed { broker, .. }
            | BrokerRestarted { broker, .. }
            | BrokerShutDown { broker, .. } => {
                f.tp.is_some()
                    && (f.copies.iter().any(|c| c.0 == *broker)
                        || f.request_brokers.contains(broker))
            }
            RecordsPolled { records, .. } => {
                if !records.iter().any(|r| r.2 == id) {
                    return;
                }
                let mut stripped = e.clone();
                if let RecordsPolled { records, .. } = &mut stripped {
                    records.retain(|r| r.2 == id);
                }
                self.keep(event, stripped);
                return;
            }
            OffsetCommitted {
                group, tp, offset, ..
            } => {
                mine_tp(tp)
                    && !f.covered.contains(group)
                    && f.consumed.iter().any(|c| c.0 == *group && c.2 < *offset)
            }
            ConsumerLifecycle { consumer, .. } | PartitionsRevoked { consumer, .. } => {
                f.consumed.iter().any(|c| c.1 == *consumer)
            }
            RebalanceCompleted { group, .. } => f.consumed.iter().any(|c| c.0 == *group),
            _ => false,
        };
        if kept {
            self.keep(event, e.clone());
        }
    }

    /// The broker a produce request message that carried the record went to.
    fn produce_target(&self, m: MessageId) -> Option<BrokerId> {
        self.events.iter().find_map(|e| match &e.what {
            TraceEvent::MessageSent {
                id,
                api: Api::Produce,
                response: false,
                to: NodeId::Broker(b),
                ..
            } if *id == m => Some(*b),
            _ => None,
        })
    }

    /// What a kept event teaches the fold.
    fn learn(&mut self, e: &TraceEvent) {
        use TraceEvent::*;
        let f = &mut self.follow;
        match e {
            RecordSent { tp, .. } => f.tp = Some(*tp),
            RecordBatched { batch, .. } => f.batches = vec![*batch],
            BatchSplit { batch, into, .. } => {
                f.batches.retain(|b| b != batch);
                f.batches.extend(into.iter().copied());
            }
            BatchesDrained {
                broker,
                batches,
                correlation_id,
                ..
            } => {
                f.batches.retain(|b| batches.contains(b));
                f.requests.push(*correlation_id);
                f.request_brokers.push(*broker);
            }
            MessageSent { id, .. } => f.messages.push(*id),
            RecordsAppended {
                broker,
                base_offset,
                records,
                ..
            } => {
                if let Some(i) = records.iter().position(|r| *r == self.record) {
                    f.copies.push((*broker, base_offset + i as u64));
                }
            }
            HighWatermarkAdvanced { broker, hw, .. } => {
                for c in &f.copies {
                    if c.0 == *broker && c.1 < *hw && !f.below_hw.contains(c) {
                        f.below_hw.push(*c);
                    }
                }
            }
            LogTruncated { broker, to, .. } => {
                let gone = |c: &(BrokerId, u64)| c.0 == *broker && c.1 >= *to;
                f.copies.retain(|c| !gone(c));
                f.below_hw.retain(|c| !gone(c));
            }
            RecordConsumed {
                group,
                consumer,
                offset,
                ..
            } => {
                f.consumed.push((*group, *consumer, *offset));
                f.covered.retain(|g| g != group);
            }
            OffsetCommitted { group, .. } => f.covered.push(*group),
            _ => {}
        }
    }

    /// The callback's metadata, if it was acknowledged: (when, offset).
    pub fn acked(&self) -> Option<(super::time::Instant, i64)> {
        self.events.iter().find_map(|e| match &e.what {
            TraceEvent::RecordAcked { at, offset, .. } => Some((*at, *offset)),
            _ => None,
        })
    }

    /// The exception its callback got, if it failed.
    pub fn failed(&self) -> Option<super::protocol::KafkaError> {
        self.events.iter().find_map(|e| match &e.what {
            TraceEvent::RecordFailed { error, .. } => Some(*error),
            _ => None,
        })
    }

    /// How many times each group processed it.
    pub fn processed(&self) -> Vec<(GroupIdx, u32)> {
        let mut v: Vec<(GroupIdx, u32)> = Vec::new();
        for c in &self.follow.consumed {
            match v.iter_mut().find(|(g, _)| *g == c.0) {
                Some(e) => e.1 += 1,
                None => v.push((c.0, 1)),
            }
        }
        v
    }

    /// Its verdicts in `sim` now (the run this life was folded from, at the same instant).
    pub fn judge(&self, sim: &Sim) -> Judgement {
        let id = self.record;
        let mut j = Judgement {
            verdicts: Vec::new(),
            reference: None,
            offsets: Vec::new(),
            high_watermark: 0,
            behind: None,
        };
        let acked = self.acked().is_some();
        let failed = self.failed().is_some();
        if let Some((b, r)) = self.follow.tp.and_then(|tp| reference_replica(sim, tp)) {
            let log = r.log.record_ids();
            j.reference = Some(b);
            j.high_watermark = r.log.high_watermark;
            j.offsets = self
                .follow
                .copies
                .iter()
                .filter(|c| c.0 == b && log.get(c.1 as usize) == Some(&id))
                .map(|c| c.1)
                .collect();
            j.offsets.sort_unstable();
            if let Some(&first) = j.offsets.first() {
                j.behind = log[..first as usize]
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(_, r)| {
                        r.producer() == id.producer() && r.send_index() > id.send_index()
                    })
                    .map(|(o, r)| (*r, o as u64));
            }
        }
        if acked && j.offsets.is_empty() {
            j.verdicts.push(Verdict::Lost);
        }
        if failed {
            j.verdicts.push(Verdict::Failed);
        }
        if j.offsets.len() > 1 {
            j.verdicts.push(Verdict::Duplicated);
        }
        if j.behind.is_some() {
            j.verdicts.push(Verdict::Reordered);
        }
        if self.processed().iter().any(|(_, n)| *n > 1) {
            j.verdicts.push(Verdict::ConsumedTwice);
        }
        if !acked && !failed {
            j.verdicts.push(Verdict::Pending);
        }
        if j.verdicts.is_empty() {
            j.verdicts.push(Verdict::Safe);
        }
        j
    }
}
