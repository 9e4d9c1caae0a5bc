//! The broker process: starting (a new broker epoch), heartbeating to the controller, crashing, and the controlled
//! shutdown that moves leadership away before the process stops.
//!
//! Models: `BrokerLifecycleManager` (KIP-631 heartbeats, broker epochs) and `BrokerServer.startup` / `shutdown`
//! (KIP-143 controlled shutdown, shared/KAFKA.md §8).
//!
//! Simplifications:
//! - The log survives a crash intact (as if every append had been fsynced); everything else on the broker is
//!   volatile and is lost on a crash and on a restart alike.
//! - A restart re-registers by heartbeating with the next incarnation; there is no separate registration request.

use super::partition::schedule_isr_expiry;
use super::Broker;
use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::setup::Setup;
use crate::engine::time::Duration;
use crate::engine::trace::TraceEvent;

impl Broker {
    /// Start (or restart) the process: heartbeat to the controller and run the ISR expiry task.
    pub fn start(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        self.alive = true;
        self.shutting_down = false;
        self.incarnation += 1;
        self.metadata.clear();
        self.metadata_snapshot = None;
        self.metadata_offset = 0;
        self.live_brokers.clear();
        self.reset_volatile_state();
        self.send_heartbeat(ctx, setup);
        schedule_isr_expiry(ctx, setup);
    }

    /// The process dies. Volatile state goes; the log stays.
    pub fn crash(&mut self) {
        self.alive = false;
        self.reset_volatile_state();
    }

    /// What neither a crash nor a restart keeps: both purgatories, the fetchers, and each replica's role, follower
    /// state and ISR change in flight.
    fn reset_volatile_state(&mut self) {
        self.delayed_fetch.clear();
        self.fetch_watch.clear();
        self.fetch_dirty.clear();
        self.delayed_produce.clear();
        self.fetchers.clear();
        for r in self.replicas.values_mut() {
            r.reset_volatile_state();
        }
    }

    /// `BrokerLifecycleManager`'s heartbeat, every `broker.heartbeat.interval.ms`.
    pub(super) fn send_heartbeat(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        ctx.send(
            NodeId::Controller,
            Message::BrokerHeartbeatRequest {
                broker: self.id,
                incarnation: self.incarnation,
                metadata_offset: self.metadata_offset,
            },
        );
        ctx.set_timer(
            TimerKind::BrokerHeartbeat,
            Duration::from_ms(setup.broker.broker_heartbeat_interval_ms),
        );
    }

    /// Controlled shutdown (KIP-143): ask the controller to move leadership away; the process stops when it answers.
    pub fn request_controlled_shutdown(&mut self, ctx: &mut Ctx<'_>) {
        self.shutting_down = true;
        ctx.send(
            NodeId::Controller,
            Message::ControlledShutdownRequest { broker: self.id },
        );
    }

    /// The controller moved leadership away: the process stops.
    pub(super) fn handle_controlled_shutdown_response(&mut self, ctx: &mut Ctx<'_>) {
        self.crash();
        ctx.emit(TraceEvent::BrokerShutDown {
            at: ctx.now,
            broker: self.id,
        });
    }
}
