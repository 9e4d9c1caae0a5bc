//! The heartbeat thread: a Heartbeat every `heartbeat.interval.ms` while the member is in the group (keeping its
//! `session.timeout.ms` session alive on the coordinator), and the `max.poll.interval.ms` check on the application
//! thread.
//!
//! Models: `AbstractCoordinator.HeartbeatThread`, `Heartbeat` (`pollTimeoutExpired`), `HeartbeatResponseHandler`
//! (KIP-62 for the separate thread, KIP-345 for static members).
//!
//! Simplifications:
//! - The thread wakes on a fixed `heartbeat.interval.ms` timer; it does not reschedule from the last response.
//! - An overrun of `max.poll.interval.ms` is noticed exactly at its deadline (Kafka: within `retry.backoff.ms`).

use super::{Consumer, ConsumerPhase, MemberState, Pending};
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::time::Duration;
use crate::engine::trace::TraceEvent;

impl Consumer {
    /// The heartbeat thread: heartbeats, and the `max.poll.interval.ms` check (`Heartbeat.pollTimeoutExpired`).
    pub(super) fn heartbeat_tick(&mut self, ctx: &mut Ctx<'_>) {
        let interval = Duration::from_ms(self.config.heartbeat_interval_ms);
        ctx.set_timer(TimerKind::Heartbeat, interval);
        if matches!(self.phase, ConsumerPhase::Closing | ConsumerPhase::Closed) {
            return;
        }
        if self.check_poll_timeout(ctx) {
            return;
        }
        // Kafka's thread waits `retry.backoff.ms` at a time between heartbeats and checks the poll timer each
        // time, so it notices an overrun within 100 ms: when the deadline falls before the next heartbeat, look
        // again then.
        let deadline = self.last_poll + Duration::from_ms(self.config.max_poll_interval_ms);
        let check = deadline.saturating_since(ctx.now) + Duration(1);
        if check < interval {
            ctx.set_timer(TimerKind::PollTimeoutCheck, check);
        }
        if self.heartbeat_stopped || self.has_pending(Pending::Heartbeat) {
            return;
        }
        if let (Some(co), MemberState::Stable | MemberState::AwaitingSync) =
            (self.coordinator, self.state)
        {
            let (g, gen, m) = (self.group, self.generation, self.member_id.clone());
            self.request(ctx, Some(co), Pending::Heartbeat, |c| {
                Message::HeartbeatRequest {
                    correlation_id: c,
                    group: g,
                    generation: gen,
                    member_id: m,
                }
            });
        }
    }

    /// `Heartbeat.pollTimeoutExpired`: the application has not called poll() for `max.poll.interval.ms`. A dynamic
    /// member leaves the group at once (`AbstractCoordinator.maybeLeaveGroup`); a static one stops heartbeating and
    /// lets `session.timeout.ms` decide. True if it did.
    pub(super) fn check_poll_timeout(&mut self, ctx: &mut Ctx<'_>) -> bool {
        if matches!(self.phase, ConsumerPhase::Closing | ConsumerPhase::Closed) {
            return false;
        }
        let stuck = ctx.now.saturating_since(self.last_poll)
            > Duration::from_ms(self.config.max_poll_interval_ms);
        if !(stuck && self.state == MemberState::Stable && !self.heartbeat_stopped) {
            return false;
        }
        ctx.emit(TraceEvent::PollTimeoutExpired {
            at: ctx.now,
            consumer: self.idx,
        });
        if self.config.group_instance_id.is_none() {
            self.send_leave_group(ctx);
            self.member_id.clear();
            self.generation = GenerationId(-1);
            self.request_rejoin();
        } else {
            self.heartbeat_stopped = true;
        }
        true
    }

    /// `HeartbeatResponseHandler`: REBALANCE_IN_PROGRESS asks for a rejoin, a membership error resets the
    /// generation, a coordinator error looks for the coordinator again.
    pub(super) fn handle_heartbeat_response(
        &mut self,
        ctx: &mut Ctx<'_>,
        error: Option<KafkaError>,
    ) {
        ctx.emit(TraceEvent::HeartbeatAnswered {
            at: ctx.now,
            consumer: self.idx,
            error,
        });
        match error {
            None => {}
            Some(KafkaError::RebalanceInProgress) => self.rejoin_needed = true,
            Some(
                e @ (KafkaError::UnknownMemberId
                | KafkaError::FencedInstanceId
                | KafkaError::IllegalGeneration),
            ) => self.reset_generation(e),
            Some(KafkaError::NotCoordinator) | Some(KafkaError::CoordinatorNotAvailable) => {
                self.coordinator_lost(ctx)
            }
            Some(_) => {}
        }
    }
}
