//! The side panel's dead-letter lists: the records whose producer callback saw an exception, per producer.
//!
//! Models: the dead-letter handling an application builds in its `Callback` (log or park the record with its
//! exception for later correction), since `KafkaProducer` itself keeps nothing once a callback has fired.
//!
//! Simplifications: the scene keeps the newest failures only; a list shows at most `limit` of them.

use super::text::seconds;
use crate::viz::scene::Scene;

/// One failed record in the side panel's dead-letter list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetterRow {
    /// The record id (as `data-record-id`).
    pub record_id: u64,
    /// Its place in the producer's send order.
    pub send_index: u64,
    /// `topic-N`, if the partitioner had chosen one.
    pub partition: Option<String>,
    /// The exception the callback saw, e.g. `RecordTooLargeException`.
    pub exception: &'static str,
    /// When the callback fired, e.g. "0.250 s".
    pub at: String,
}

/// One producer's dead letters, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetterGroup {
    /// The producer.
    pub producer: u16,
    /// All its failed records (the list keeps only the newest).
    pub failed: u64,
    /// At most `limit` rows.
    pub rows: Vec<DeadLetterRow>,
}

/// The dead-letter lists of all producers that have any, at most `limit` rows each, newest first.
pub fn dead_letter_groups(scene: &Scene, limit: usize) -> Vec<DeadLetterGroup> {
    scene
        .producers
        .iter()
        .filter(|p| !p.dead_letters.is_empty())
        .map(|p| DeadLetterGroup {
            producer: p.idx.0,
            failed: p.failed,
            rows: p
                .dead_letters
                .iter()
                .take(limit)
                .map(|d| DeadLetterRow {
                    record_id: d.record.0,
                    send_index: d.record.send_index(),
                    partition: d.tp.map(|tp| scene.tp_name(tp)),
                    exception: d.error.exception_name(),
                    at: seconds(d.at),
                })
                .collect(),
        })
        .collect()
}
