//! Which produce request wrote each copy of a record: the inspector's answer to "was this a retry's duplicate?".

use crate::engine::ids::NodeId;
use crate::engine::protocol::Api;
use crate::engine::record_life::{Judgement, RecordLife};
use crate::engine::time::Instant;
use crate::engine::trace::TraceEvent;

/// The produce attempt a copy of the record came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// 1 for the first produce request that carried the record, 2 for its first retry, ...
    pub attempt: usize,
    /// That request's correlation id.
    pub correlation_id: Option<u64>,
    /// When it was sent.
    pub sent: Instant,
}

/// Each of the record's copies in the reference replica's log, with the produce request whose handling appended it
/// (`None`: the replica got it by replication, as a follower).
///
/// The leader appends while it handles a produce request, so the copy's `RecordsAppended` follows the delivery of
/// that request in the same engine step; attempts are numbered in the order the requests were sent.
pub fn copy_attempts(life: &RecordLife, j: &Judgement) -> Vec<(u64, Option<Attempt>)> {
    let Some(reference) = j.reference else {
        return Vec::new();
    };
    let mut attempts: Vec<(crate::engine::ids::MessageId, NodeId, Attempt)> = Vec::new();
    let mut delivered: Option<usize> = None;
    let mut out = Vec::new();
    for e in life.events() {
        match &e.what {
            TraceEvent::MessageSent {
                id,
                to,
                api: Api::Produce,
                response: false,
                at,
                correlation_id,
                ..
            } => attempts.push((
                *id,
                *to,
                Attempt {
                    attempt: attempts.len() + 1,
                    correlation_id: *correlation_id,
                    sent: *at,
                },
            )),
            TraceEvent::MessageDelivered { id, .. } => {
                delivered = attempts.iter().position(|a| a.0 == *id);
            }
            // Cut down to the record by its life: `base_offset` is its offset.
            TraceEvent::RecordsAppended {
                broker,
                base_offset: offset,
                ..
            } if *broker == reference && j.offsets.contains(offset) => {
                let from = delivered
                    .map(|i| attempts[i])
                    .filter(|a| a.1 == NodeId::Broker(reference))
                    .map(|a| a.2);
                // A truncated offset written again is the later copy.
                match out
                    .iter_mut()
                    .find(|c: &&mut (u64, Option<Attempt>)| c.0 == *offset)
                {
                    Some(c) => c.1 = from,
                    None => out.push((*offset, from)),
                }
            }
            _ => {}
        }
    }
    out
}
