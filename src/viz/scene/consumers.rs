//! Consumer clients: the process lifecycle, the poll loop's phase, owned partitions and positions, and the
//! coordinator's session timer for each member.
//!
//! Models: `KafkaConsumer` as its application sees it (`poll()`, processing, `commitSync()`, `wakeup()`,
//! `close()`), the `ConsumerRebalanceListener` callbacks (`onPartitionsRevoked` / `onPartitionsAssigned`), the
//! fetch position per partition, and `max.poll.interval.ms` expiry.

use super::Scene;
use crate::engine::ids::*;
use crate::engine::protocol::KafkaError;
use crate::engine::time::Instant;
use crate::engine::topology::ConsumerInfo;
use crate::engine::trace::{ConsumerLifecycle, ConsumerPhase};
use crate::i18n::{key, Words};
use std::collections::BTreeMap;

/// A consumer client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerView {
    /// Its index over all groups.
    pub idx: ConsumerIdx,
    /// Its group.
    pub group: GroupIdx,
    /// The last lifecycle step: started, crashed, closed or woken up (`None`: not started yet).
    pub lifecycle: Option<ConsumerLifecycle>,
    /// The poll loop's phase.
    pub phase: ConsumerPhase,
    /// Partitions it owns now.
    pub assigned: Vec<TopicPartition>,
    /// Next offset to consume, per partition (last consumed + 1).
    pub positions: BTreeMap<TopicPartition, u64>,
    /// Records processed.
    pub consumed: u64,
    /// The last heartbeat answer.
    pub last_heartbeat: Option<Instant>,
    /// The last error the application saw.
    pub last_error: Option<KafkaError>,
    /// `session.timeout.ms` it joins with.
    pub session_timeout_ms: u64,
    /// Its member id while the coordinator counts it as a member (`MemberJoined` .. `MemberRemoved`).
    pub member_id: Option<String>,
    /// When the coordinator last (re)started this member's session timer: a Heartbeat or JoinGroup request
    /// delivered to the coordinator, or the end of a join phase (Kafka's `completeAndScheduleNextHeartbeatExpiration`).
    pub session_reset_at: Option<Instant>,
    /// The last `PartitionsRevoked`: when, and what.
    pub last_revoked: Option<(Instant, Vec<TopicPartition>)>,
    /// The last `PartitionsAssigned` that added partitions: when, and the ones that are new to it.
    pub last_assigned: Option<(Instant, Vec<TopicPartition>)>,
}

impl ConsumerView {
    /// A consumer before its process starts.
    pub(super) fn new(idx: ConsumerIdx, c: &ConsumerInfo) -> ConsumerView {
        ConsumerView {
            idx,
            group: c.group,
            lifecycle: None,
            phase: ConsumerPhase::Stopped,
            assigned: Vec::new(),
            positions: BTreeMap::new(),
            consumed: 0,
            last_heartbeat: None,
            last_error: None,
            session_timeout_ms: c.session_timeout_ms,
            member_id: None,
            session_reset_at: None,
            last_revoked: None,
            last_assigned: None,
        }
    }

    /// The process is running (started and neither crashed nor closed).
    pub fn alive(&self) -> bool {
        matches!(
            self.lifecycle,
            Some(ConsumerLifecycle::Started | ConsumerLifecycle::Wakeup)
        )
    }
}

impl Scene {
    fn consumer_mut(&mut self, idx: ConsumerIdx) -> Option<&mut ConsumerView> {
        self.consumers.get_mut(idx.0 as usize)
    }

    /// The coordinator restarts a member's session timer (a Heartbeat or JoinGroup reached it).
    pub(super) fn restart_session(&mut self, consumer: ConsumerIdx, at: Instant) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.session_reset_at = Some(at);
        }
    }

    /// The coordinator restarts the session timer of every current member of `group` (the end of a join phase,
    /// or a new coordinator loading the group).
    pub(super) fn restart_group_sessions(&mut self, group: GroupIdx, at: Instant) {
        for c in &mut self.consumers {
            if c.group == group && c.member_id.is_some() {
                c.session_reset_at = Some(at);
            }
        }
    }

    pub(super) fn handle_record_consumed(
        &mut self,
        consumer: ConsumerIdx,
        tp: TopicPartition,
        offset: u64,
    ) {
        self.totals.consumed += 1;
        if let Some(c) = self.consumer_mut(consumer) {
            c.consumed += 1;
            c.positions.insert(tp, offset + 1);
        }
    }

    /// A failed commit or another exception surfaced to the application.
    pub(super) fn handle_consumer_error(
        &mut self,
        at: Instant,
        consumer: ConsumerIdx,
        error: KafkaError,
    ) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.last_error = Some(error);
        }
        self.note(
            at,
            Some(NodeId::Consumer(consumer)),
            Words::plain(error.exception_name()),
            true,
        );
    }

    /// `auto.offset.reset` (or a seek) moved the position.
    pub(super) fn handle_offset_reset(
        &mut self,
        consumer: ConsumerIdx,
        tp: TopicPartition,
        offset: u64,
    ) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.positions.insert(tp, offset);
        }
    }

    pub(super) fn handle_member_joined(
        &mut self,
        at: Instant,
        member_id: &str,
        consumer: ConsumerIdx,
    ) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.member_id = Some(member_id.to_string());
            c.session_reset_at = Some(at);
        }
    }

    /// `onPartitionsAssigned`: the new assignment; the partitions new to this member are tagged for a while.
    pub(super) fn handle_partitions_assigned(
        &mut self,
        at: Instant,
        consumer: ConsumerIdx,
        partitions: &[TopicPartition],
    ) {
        if let Some(c) = self.consumer_mut(consumer) {
            let added: Vec<TopicPartition> = partitions
                .iter()
                .filter(|tp| !c.assigned.contains(tp))
                .copied()
                .collect();
            if !added.is_empty() {
                c.last_assigned = Some((at, added));
            }
            c.assigned = partitions.to_vec();
        }
    }

    /// `onPartitionsRevoked`.
    pub(super) fn handle_partitions_revoked(
        &mut self,
        at: Instant,
        consumer: ConsumerIdx,
        partitions: &[TopicPartition],
    ) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.assigned.retain(|tp| !partitions.contains(tp));
            if !partitions.is_empty() {
                c.last_revoked = Some((at, partitions.to_vec()));
            }
        }
    }

    pub(super) fn handle_heartbeat_answered(&mut self, at: Instant, consumer: ConsumerIdx) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.last_heartbeat = Some(at);
        }
    }

    pub(super) fn handle_consumer_phase_changed(
        &mut self,
        consumer: ConsumerIdx,
        phase: ConsumerPhase,
    ) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.phase = phase;
        }
    }

    /// Started, crashed, closed or woken up; a crash or close also ends the assignment.
    pub(super) fn handle_consumer_lifecycle(
        &mut self,
        at: Instant,
        consumer: ConsumerIdx,
        step: ConsumerLifecycle,
    ) {
        if let Some(c) = self.consumer_mut(consumer) {
            c.lifecycle = Some(step);
            if matches!(step, ConsumerLifecycle::Crashed | ConsumerLifecycle::Closed) {
                c.assigned.clear();
            }
        }
        if step != ConsumerLifecycle::Started {
            self.note(
                at,
                Some(NodeId::Consumer(consumer)),
                lifecycle_words(consumer, step),
                step == ConsumerLifecycle::Crashed,
            );
        }
    }

    pub(super) fn handle_poll_timeout_expired(&mut self, at: Instant, consumer: ConsumerIdx) {
        let text = Words::new(key("viz.note.poll_timeout"), &[]);
        self.note(at, Some(NodeId::Consumer(consumer)), text, true);
    }

    /// A stop-the-world pause or a slow record handler holds the poll loop.
    pub(super) fn handle_consumer_stalled(
        &mut self,
        at: Instant,
        consumer: ConsumerIdx,
        until: Instant,
        gc: bool,
    ) {
        let what = if gc {
            key("viz.note.gc_pause")
        } else {
            key("viz.note.slow_handler")
        };
        let ms = until.saturating_since(at).as_ms();
        let text = Words::new(key("viz.note.stalled"), &[("ms", &ms)])
            .with_words("what", Words::new(what, &[]));
        self.note(at, Some(NodeId::Consumer(consumer)), text, false);
    }
}

/// "consumer-2 crashed": a consumer's lifecycle step, for the notes and the record inspector.
pub(crate) fn lifecycle_text(consumer: ConsumerIdx, step: ConsumerLifecycle) -> String {
    lifecycle_words(consumer, step).text()
}

fn lifecycle_words(consumer: ConsumerIdx, step: ConsumerLifecycle) -> Words {
    let k = match step {
        ConsumerLifecycle::Started => key("viz.consumer.started"),
        ConsumerLifecycle::Crashed => key("viz.consumer.crashed"),
        ConsumerLifecycle::Closed => key("viz.consumer.closed"),
        ConsumerLifecycle::Wakeup => key("viz.consumer.wakeup"),
    };
    Words::new(k, &[("consumer", &consumer.0)])
}
