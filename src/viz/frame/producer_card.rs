//! A producer card: its pipeline serializer → partitioner → accumulator → sender → callbacks, stage by stage.
//!
//! Models: `KafkaProducer` internals an operator tunes (shared/KAFKA.md §3–§4): the `RecordAccumulator`'s
//! per-partition deques with the open batch filling against `batch.size` and its `linger.ms` countdown
//! (`RecordAccumulator.batchReady`), the `Sender`'s in-flight requests per broker connection against
//! `max.in.flight.requests.per.connection`, retried batches waiting `retry.backoff.ms`, and the last callback.
//!
//! Simplifications: a card shows the partitions of one topic (the last one sent to) and as many deque and
//! connection rows as fit, busy ones first, with a count for the rest; a compact card draws no dots or countdowns.

use super::motion::{dots_around, RecordDot};
use super::partitioner::{partitioner_text, PartitionerText};
use super::text::{bytes, fill, seconds};
use crate::engine::ids::{BrokerId, TopicIdx, TopicPartition};
use crate::engine::protocol::Acks;
use crate::engine::time::Instant;
use crate::i18n::t;
use crate::viz::layout::{
    Layout, Point, ProducerGeom, Rect, DEQUE_ROW_H, SENDER_ROW_H, STAGE_LINE_H,
};
use crate::viz::scene::{ProducerView, Scene};

/// Slot boxes drawn per broker connection; a larger `max.in.flight.requests.per.connection` is written out.
pub const MAX_SLOTS: usize = 10;

/// One deque (partition row) in a producer's accumulator stage.
#[derive(Clone, Debug, PartialEq)]
pub struct DequeSprite {
    /// `topic-N`.
    pub tp: String,
    /// Row top.
    pub y: f32,
    /// Bytes in the open batch (0: none open).
    pub bytes: u32,
    /// Records in the open batch.
    pub records: usize,
    /// Fill of the open batch against `batch.size`, 0..1.
    pub fill: f32,
    /// "9.1 KiB / 16 KiB", or "no open batch".
    pub label: String,
    /// Closed batches waiting to be drained (full, or re-enqueued for a retry).
    pub queued: usize,
}

/// One broker connection in a producer's sender stage.
#[derive(Clone, Debug, PartialEq)]
pub struct InFlightSprite {
    /// `node.id`.
    pub broker: u32,
    /// Row top.
    pub y: f32,
    /// Produce requests awaiting their response.
    pub in_flight: usize,
    /// `max.in.flight.requests.per.connection`.
    pub max: u64,
    /// Slot boxes drawn (at most [`MAX_SLOTS`]).
    pub slots: usize,
    /// "2 / 5 in flight".
    pub label: String,
}

/// A producer card: its pipeline serializer → partitioner → accumulator → sender → callbacks.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerSprite {
    /// Index.
    pub idx: u16,
    /// Card.
    pub rect: Rect,
    /// Where the stages go.
    pub geom: ProducerGeom,
    /// Its delivery config, e.g. "acks=all · idempotent".
    pub config: String,
    /// Its batching config, e.g. "batch.size 16 KiB · linger.ms 5".
    pub batching: String,
    /// Serializer stage: "key 10 B · value 100 B".
    pub serializer: String,
    /// Serializer stage: the last refusal, e.g. "RecordTooLargeException (record #5)".
    pub serializer_error: Option<String>,
    /// Partitioner stage.
    pub partitioner: PartitionerText,
    /// Accumulator stage: one row per shown partition.
    pub deques: Vec<DequeSprite>,
    /// "+27 more partitions (2 with batches)".
    pub more_deques: Option<String>,
    /// Sender stage: one row per shown broker connection.
    pub in_flight: Vec<InFlightSprite>,
    /// "+3 more brokers (1 request in flight)".
    pub more_brokers: Option<String>,
    /// Produce requests in flight over all connections.
    pub in_flight_total: usize,
    /// "retry.backoff.ms 100 · 1 batch waiting".
    pub retry_line: String,
    /// Batches waiting on their retry backoff.
    pub retries_waiting: usize,
    /// Baseline of the retry line.
    pub retry_y: f32,
    /// "acked 200 · failed 1".
    pub callbacks: String,
    /// "last: orders-2@69", or the exception name.
    pub last_callback: String,
    /// The last callback carried an exception (drawn red).
    pub last_callback_error: bool,
    /// "sent 12 · acked 10" (kept for the compact card).
    pub counts: String,
    /// `send()` is blocked on `buffer.memory`.
    pub blocked: bool,
    /// Its record dots while still in batches (at most [`MAX_DOTS_PER_MESSAGE`](super::MAX_DOTS_PER_MESSAGE) per
    /// batch).
    pub dots: Vec<RecordDot>,
}

/// A countdown drawn by the motion layer (it changes every frame; the cards do not).
#[derive(Clone, Debug, PartialEq)]
pub struct CountdownSprite {
    /// Test hook, e.g. `producer-1-linger-orders-2`.
    pub testid: String,
    /// Right end of the text's baseline.
    pub at: Point,
    /// "12 ms", "ready".
    pub text: String,
    /// Time left, ms (0: ready / due).
    pub left_ms: u64,
    /// A `linger.ms` countdown (else a retry backoff).
    pub linger: bool,
}

/// Time left, µs, before the open batch on `tp` is ready by `linger.ms` (`RecordAccumulator.batchReady`: linger
/// counts from the batch's first record). `Some(0)` once it is full (`batch.size`) or lingered long enough; `None`
/// when no batch is open on `tp`.
pub fn linger_left_us(p: &ProducerView, tp: TopicPartition, now: Instant) -> Option<u64> {
    let b = p.open_batch(tp)?;
    if b.bytes as u64 >= p.batch_size {
        return Some(0);
    }
    let ready_at = b
        .created_at
        .0
        .saturating_add(p.linger_ms.saturating_mul(1000));
    Some(ready_at.saturating_sub(now.0))
}

/// The earliest time left, µs, before a re-enqueued batch may be drained again (`retry.backoff.ms`), with the
/// number of retried batches waiting in the accumulator.
pub fn retry_backoff_left_us(p: &ProducerView, now: Instant) -> (usize, Option<u64>) {
    let waiting: Vec<_> = p.batches.values().filter(|b| b.attempts > 0).collect();
    let left = waiting
        .iter()
        .filter_map(|b| b.backoff_until)
        .map(|t| t.0.saturating_sub(now.0))
        .min();
    (waiting.len(), left)
}

fn ms_text(us: u64) -> String {
    if us == 0 {
        t("viz.producer.ready").to_string()
    } else {
        format!("{} ms", us.div_ceil(1000))
    }
}

fn acks_name(a: Acks) -> &'static str {
    match a {
        Acks::None => "acks=0",
        Acks::Leader => "acks=1",
        Acks::All => "acks=all",
    }
}

/// Picks up to `cap` items, those `busy` first, then shown in their natural order.
fn pick_rows<T: Copy + Ord>(all: &[T], busy: impl Fn(T) -> bool, cap: usize) -> Vec<T> {
    let mut shown: Vec<T> = all.iter().copied().filter(|t| busy(*t)).take(cap).collect();
    for t in all.iter().copied() {
        if shown.len() >= cap {
            break;
        }
        if !shown.contains(&t) {
            shown.push(t);
        }
    }
    crate::kafka::sort::sort(&mut shown);
    shown
}

/// Every producer card the layout has room for; their `linger.ms` and retry-backoff countdowns go to
/// `countdowns`.
pub(super) fn producer_sprites(
    scene: &Scene,
    layout: &Layout,
    now: Instant,
    countdowns: &mut Vec<CountdownSprite>,
) -> Vec<ProducerSprite> {
    scene
        .producers
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let rect = *layout.producers.get(i)?;
            Some(producer_sprite(
                scene,
                p,
                rect,
                layout.producer,
                now,
                countdowns,
            ))
        })
        .collect()
}

fn producer_sprite(
    scene: &Scene,
    p: &ProducerView,
    rect: Rect,
    geom: ProducerGeom,
    now: Instant,
    countdowns: &mut Vec<CountdownSprite>,
) -> ProducerSprite {
    let mut dots = Vec::new();
    let (deques, more_deques) = accumulator_rows(scene, p, rect, geom, now, countdowns, &mut dots);
    let (in_flight, more_brokers) = sender_rows(scene, p, rect, geom);
    let (retries_waiting, retry_y) = retry_stage(p, rect, geom, now, countdowns);
    if geom.compact {
        dots.clear();
        countdowns.retain(|c| !c.testid.starts_with(&format!("producer-{}-", p.idx.0)));
    }
    let (last_callback, last_callback_error) = last_callback_text(scene, p);
    ProducerSprite {
        idx: p.idx.0,
        rect,
        geom,
        config: if p.enable_idempotence {
            format!("{} · {}", acks_name(p.acks), t("viz.producer.idempotent"))
        } else {
            acks_name(p.acks).to_string()
        },
        batching: format!(
            "batch.size {} · linger.ms {}",
            bytes(p.batch_size),
            p.linger_ms
        ),
        serializer: serializer_text(p),
        serializer_error: serializer_error(p),
        partitioner: partitioner_stage(scene, p),
        deques,
        more_deques,
        in_flight_total: p.requests.len(),
        in_flight,
        more_brokers,
        retry_line: format!(
            "retry.backoff.ms {} · {}",
            p.retry_backoff_ms,
            // Short while a retry waits: its "next in N ms" countdown ends the same line.
            match retries_waiting {
                0 => t("viz.producer.no_retry_waiting").to_string(),
                n => fill(t("viz.producer.retries_waiting"), &[("n", &n)]),
            }
        ),
        retries_waiting,
        retry_y,
        callbacks: fill(
            t("viz.producer.callbacks"),
            &[("acked", &p.acked), ("failed", &p.failed)],
        ),
        last_callback,
        last_callback_error,
        counts: fill(
            t("viz.producer.counts"),
            &[
                ("sent", &p.sent),
                ("acked", &p.acked),
                ("failed", &p.failed),
            ],
        ),
        blocked: p.blocked,
        dots,
    }
}

/// The accumulator stage: one row per shown partition of the producer's topic (busy ones first), the open
/// batch's dots and `linger.ms` countdown, and the "+N more partitions" line.
fn accumulator_rows(
    scene: &Scene,
    p: &ProducerView,
    rect: Rect,
    geom: ProducerGeom,
    now: Instant,
    countdowns: &mut Vec<CountdownSprite>,
    dots: &mut Vec<RecordDot>,
) -> (Vec<DequeSprite>, Option<String>) {
    let sx = rect.x + 6.0;
    let topic = p
        .last_choice
        .as_ref()
        .map(|c| c.tp.topic)
        .or_else(|| p.deques.keys().next().map(|tp| tp.topic))
        .unwrap_or(TopicIdx(0));
    let partitions = scene.partition_count(topic);
    let all_tps: Vec<TopicPartition> = (0..partitions)
        .map(|partition| TopicPartition { topic, partition })
        .collect();
    let busy = |tp: TopicPartition| p.deques.get(&tp).is_some_and(|d| !d.is_empty());

    let mut deques = Vec::new();
    let rows_y = rect.y + geom.accumulator_y + STAGE_LINE_H + 4.0;
    for (k, tp) in pick_rows(&all_tps, busy, geom.deque_rows)
        .into_iter()
        .enumerate()
    {
        let y = rows_y + k as f32 * DEQUE_ROW_H;
        let name = scene.tp_name(tp);
        let open = p.open_batch(tp);
        let (bytes_now, records) = open.map_or((0, 0), |b| (b.bytes, b.records.len()));
        if let Some(b) = open {
            let (d, _) = dots_around(
                Point {
                    x: sx + 176.0,
                    y: y + 8.5,
                },
                &b.records,
            );
            dots.extend(d);
        }
        if let Some(left) = linger_left_us(p, tp, now) {
            countdowns.push(CountdownSprite {
                testid: format!("producer-{}-linger-{name}", p.idx.0),
                at: Point {
                    x: sx + 272.0,
                    y: y + 12.0,
                },
                text: ms_text(left),
                left_ms: left.div_ceil(1000),
                linger: true,
            });
        }
        deques.push(DequeSprite {
            tp: name,
            y,
            bytes: bytes_now,
            records,
            fill: (bytes_now as f32 / p.batch_size.max(1) as f32).clamp(0.0, 1.0),
            label: if open.is_some() {
                format!("{} / {}", bytes(bytes_now as u64), bytes(p.batch_size))
            } else {
                t("viz.producer.no_open_batch").to_string()
            },
            queued: p.queued(tp),
        });
    }
    let hidden = all_tps.len().saturating_sub(deques.len());
    let more_deques = (hidden > 0).then(|| {
        let shown: Vec<&str> = deques.iter().map(|d| d.tp.as_str()).collect();
        let busy_hidden = all_tps
            .iter()
            .filter(|tp| busy(**tp) && !shown.contains(&scene.tp_name(**tp).as_str()))
            .count();
        if busy_hidden > 0 {
            fill(
                t("viz.producer.more_partitions_busy"),
                &[("n", &hidden), ("busy", &busy_hidden)],
            )
        } else {
            fill(t("viz.producer.more_partitions"), &[("n", &hidden)])
        }
    });
    (deques, more_deques)
}

/// The sender stage: one row per shown broker connection (those with requests in flight first), and the
/// "+N more brokers" line.
fn sender_rows(
    scene: &Scene,
    p: &ProducerView,
    rect: Rect,
    geom: ProducerGeom,
) -> (Vec<InFlightSprite>, Option<String>) {
    let brokers: Vec<BrokerId> = scene.brokers.iter().map(|b| b.id).collect();
    let shown_brokers = pick_rows(&brokers, |b| p.in_flight_to(b) > 0, geom.sender_rows);
    let rows_y = rect.y + geom.sender_y + STAGE_LINE_H + 4.0;
    let in_flight: Vec<InFlightSprite> = shown_brokers
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let n = p.in_flight_to(*b);
            InFlightSprite {
                broker: b.0,
                y: rows_y + k as f32 * SENDER_ROW_H,
                in_flight: n,
                max: p.max_in_flight,
                slots: (p.max_in_flight as usize).min(MAX_SLOTS),
                label: fill(
                    t("viz.producer.in_flight"),
                    &[("n", &n), ("max", &p.max_in_flight)],
                ),
            }
        })
        .collect();
    let hidden = brokers.len().saturating_sub(in_flight.len());
    let more_brokers = (hidden > 0).then(|| {
        let elsewhere: usize = brokers
            .iter()
            .filter(|b| !shown_brokers.contains(b))
            .map(|b| p.in_flight_to(*b))
            .sum();
        fill(
            t("viz.producer.more_brokers"),
            &[("n", &hidden), ("requests", &elsewhere)],
        )
    });
    (in_flight, more_brokers)
}

/// The retry line under the sender: how many retried batches wait, its baseline, and (on a full card) the
/// countdown to the earliest end of a `retry.backoff.ms`.
fn retry_stage(
    p: &ProducerView,
    rect: Rect,
    geom: ProducerGeom,
    now: Instant,
    countdowns: &mut Vec<CountdownSprite>,
) -> (usize, f32) {
    let sx = rect.x + 6.0;
    let (retries_waiting, backoff_left) = retry_backoff_left_us(p, now);
    let retry_y = rect.y
        + geom.sender_y
        + STAGE_LINE_H
        + 4.0
        + SENDER_ROW_H * geom.sender_rows as f32
        + if geom.more_brokers { STAGE_LINE_H } else { 0.0 }
        + 11.0;
    if let (Some(left), false) = (backoff_left, geom.compact) {
        countdowns.push(CountdownSprite {
            testid: format!("producer-{}-backoff", p.idx.0),
            at: Point {
                x: sx + 272.0,
                y: retry_y,
            },
            text: if left == 0 {
                t("viz.producer.due").to_string()
            } else {
                fill(t("viz.producer.next_in"), &[("time", &ms_text(left))])
            },
            left_ms: left.div_ceil(1000),
            linger: false,
        });
    }
    (retries_waiting, retry_y)
}

fn partitioner_stage(scene: &Scene, p: &ProducerView) -> PartitionerText {
    p.last_choice
        .as_ref()
        .map(|c| {
            partitioner_text(
                c,
                scene.partition_count(c.tp.topic),
                p.batch_size,
                &scene.tp_name(c.tp),
            )
        })
        .unwrap_or_else(|| PartitionerText {
            result: "no record yet".to_string(),
            why: Vec::new(),
        })
}

/// "key 10 B · value 100 B" for the last record through the serializers.
fn serializer_text(p: &ProducerView) -> String {
    match &p.last_serialized {
        Some(s) => fill(
            t("viz.producer.serialized"),
            &[
                (
                    "key",
                    &s.key_bytes
                        .map_or(t("viz.producer.null_key").to_string(), |k| {
                            fill(t("viz.producer.key"), &[("bytes", &bytes(k as u64))])
                        }),
                ),
                ("value", &bytes(s.value_bytes as u64)),
            ],
        ),
        None => t("viz.producer.no_record").to_string(),
    }
}

/// The last record `send()` refused before the accumulator, e.g. "RecordTooLargeException (record #5)".
fn serializer_error(p: &ProducerView) -> Option<String> {
    p.last_rejection.as_ref().map(|r| {
        let more = if p.rejected > 1 {
            format!(", {} refused", p.rejected)
        } else {
            String::new()
        };
        format!(
            "{} (record #{}{more})",
            r.error.exception_name(),
            r.record.send_index()
        )
    })
}

/// The last callback in words, and whether it carried an exception.
fn last_callback_text(scene: &Scene, p: &ProducerView) -> (String, bool) {
    let Some(c) = &p.last_callback else {
        return (t("viz.producer.no_callback").to_string(), false);
    };
    match (c.error, c.tp, c.offset) {
        (Some(e), tp, _) => (
            fill(
                t("viz.producer.last_error"),
                &[
                    ("exception", &e.exception_name()),
                    ("n", &c.record.send_index()),
                    (
                        "partition",
                        &tp.map(|tp| format!(", {}", scene.tp_name(tp)))
                            .unwrap_or_default(),
                    ),
                ],
            ),
            true,
        ),
        (None, Some(tp), Some(o)) if o < 0 => (
            fill(
                t("viz.producer.last_no_offset"),
                &[("partition", &scene.tp_name(tp))],
            ),
            false,
        ),
        (None, Some(tp), Some(o)) => (
            match c.timestamp {
                Some(ts) => fill(
                    t("viz.producer.last_timestamp"),
                    &[
                        ("partition", &scene.tp_name(tp)),
                        ("offset", &o),
                        ("timestamp", &seconds(ts)),
                    ],
                ),
                None => fill(
                    t("viz.producer.last"),
                    &[("partition", &scene.tp_name(tp)), ("offset", &o)],
                ),
            },
            false,
        ),
        (None, _, _) => (t("viz.producer.last_metadata").to_string(), false),
    }
}
