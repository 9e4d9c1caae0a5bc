//! The KRaft controller: broker liveness (heartbeats, fencing), leader election, ISR changes, metadata publishing.
//!
//! Models: `QuorumController`, `ReplicationControlManager`, `PartitionChangeBuilder.electLeader`,
//! `BrokerHeartbeatManager` (shared/KAFKA.md §5).
//!
//! Simplifications:
//! - The controller quorum is one node that never fails and is never partitioned unless a link to it is cut.
//! - Metadata is pushed to every broker as `UpdateMetadata` (the whole state, numbered like the metadata log's end
//!   offset) instead of brokers replaying the metadata log. A broker that missed a push (cut off from the
//!   controller) reports the offset it has in its next heartbeat (`currentMetadataOffset`) and is sent the whole
//!   state again, as a KRaft broker would catch up by fetching the log.
//! - Eligible Leader Replicas (KIP-966) are not modelled.

use crate::engine::ids::*;
use crate::engine::node::{Ctx, TimerKind};
use crate::engine::protocol::*;
use crate::engine::setup::Setup;
use crate::engine::time::{Duration, Instant};
use crate::engine::trace::TraceEvent;
use std::collections::BTreeMap;

/// What the controller knows of a broker.
#[derive(Clone, Debug)]
pub struct BrokerRegistration {
    /// Last heartbeat received.
    pub last_heartbeat: Instant,
    /// Fenced brokers lead nothing and sit in no ISR.
    pub fenced: bool,
    /// The broker's incarnation (broker epoch).
    pub incarnation: u32,
    /// In controlled shutdown.
    pub shutting_down: bool,
}

/// The controller.
#[derive(Clone, Debug)]
pub struct Controller {
    /// Authoritative partition states.
    pub partitions: BTreeMap<TopicPartition, PartitionState>,
    /// Broker registrations.
    pub brokers: BTreeMap<BrokerId, BrokerRegistration>,
    /// Unclean elections performed.
    pub unclean_elections: u32,
    /// The metadata "log end offset": bumped on every publish.
    pub metadata_offset: u64,
}

const SESSION_CHECK: Duration = Duration(250_000);

impl Controller {
    /// Every partition led by its preferred replica, full ISR, epoch 0.
    pub fn new(setup: &Setup) -> Controller {
        // Inserts, not `collect()`: collecting into a B-tree sorts, and each sort is a copy in the page's wasm.
        let mut partitions = BTreeMap::new();
        for tp in setup.all_partitions() {
            let replicas = setup.topic(tp).assignment[tp.partition as usize].clone();
            let st = PartitionState {
                tp,
                leader: replicas.first().copied(),
                leader_epoch: LeaderEpoch(0),
                partition_epoch: 0,
                isr: replicas.clone(),
                replicas,
            };
            partitions.insert(tp, st);
        }
        let mut brokers = BTreeMap::new();
        for b in &setup.brokers {
            let registration = BrokerRegistration {
                last_heartbeat: Instant::ZERO,
                fenced: false,
                incarnation: 1,
                shutting_down: false,
            };
            brokers.insert(*b, registration);
        }
        Controller {
            partitions,
            brokers,
            unclean_elections: 0,
            metadata_offset: 0,
        }
    }

    /// Starts the session check and publishes the initial metadata.
    pub fn start(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        ctx.set_timer(TimerKind::BrokerSessionCheck, SESSION_CHECK);
        self.publish(ctx, setup);
    }

    fn live(&self) -> Vec<BrokerId> {
        self.brokers
            .iter()
            .filter(|(_, r)| !r.fenced && !r.shutting_down)
            .map(|(b, _)| *b)
            .collect()
    }

    fn acceptable(&self, b: BrokerId) -> bool {
        self.brokers
            .get(&b)
            .is_some_and(|r| !r.fenced && !r.shutting_down)
    }

    /// Sends the full metadata to every broker, as a new metadata offset.
    fn publish(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        self.metadata_offset += 1;
        for b in &setup.brokers {
            self.send_metadata(ctx, *b);
        }
    }

    fn send_metadata(&self, ctx: &mut Ctx<'_>, b: BrokerId) {
        ctx.send(
            NodeId::Broker(b),
            Message::UpdateMetadata {
                partitions: self.partitions.values().cloned().collect(),
                live_brokers: self.live(),
                metadata_offset: self.metadata_offset,
            },
        );
    }

    /// The current leader of a partition.
    pub fn leader(&self, tp: TopicPartition) -> Option<BrokerId> {
        self.partitions.get(&tp).and_then(|p| p.leader)
    }

    /// Handles a message.
    pub fn on_message(&mut self, ctx: &mut Ctx<'_>, from: NodeId, msg: Message, setup: &Setup) {
        match msg {
            Message::BrokerHeartbeatRequest {
                broker,
                incarnation,
                metadata_offset,
            } => {
                let now = ctx.now;
                let mut unfenced = false;
                let mut restarted = false;
                if let Some(r) = self.brokers.get_mut(&broker) {
                    r.last_heartbeat = now;
                    if incarnation != r.incarnation {
                        r.incarnation = incarnation;
                        restarted = true;
                    }
                    if r.fenced && !r.shutting_down {
                        r.fenced = false;
                        unfenced = true;
                    }
                    if r.shutting_down && restarted {
                        r.shutting_down = false;
                        r.fenced = false;
                        unfenced = true;
                    }
                }
                if unfenced {
                    ctx.emit(TraceEvent::BrokerUnfenced { at: now, broker });
                    self.elect_offline(ctx, setup);
                }
                ctx.send(from, Message::BrokerHeartbeatResponse { fenced: false });
                if unfenced || restarted {
                    self.publish(ctx, setup);
                } else if metadata_offset < self.metadata_offset {
                    // The broker missed metadata (its link to the controller was cut): it catches up.
                    self.send_metadata(ctx, broker);
                }
            }
            Message::AlterPartitionRequest {
                tp,
                leader_epoch,
                partition_epoch,
                new_isr,
            } => {
                let ok = {
                    let acceptable: Vec<bool> =
                        new_isr.iter().map(|b| self.acceptable(*b)).collect();
                    match self.partitions.get_mut(&tp) {
                        Some(p)
                            if p.leader.map(NodeId::Broker) == Some(from)
                                && p.leader_epoch == leader_epoch
                                && p.partition_epoch == partition_epoch
                                && acceptable.iter().all(|a| *a)
                                && !new_isr.is_empty() =>
                        {
                            let shrunk = new_isr.len() < p.isr.len();
                            p.isr = new_isr.clone();
                            p.partition_epoch += 1;
                            ctx.emit(TraceEvent::IsrChanged {
                                at: ctx.now,
                                tp,
                                isr: new_isr,
                                shrunk,
                            });
                            true
                        }
                        _ => false,
                    }
                };
                let error = (!ok).then_some(KafkaError::FencedLeaderEpoch);
                ctx.send(
                    from,
                    Message::AlterPartitionResponse {
                        tp,
                        error,
                        partition_epoch,
                    },
                );
                if ok {
                    self.publish(ctx, setup);
                }
            }
            Message::ControlledShutdownRequest { broker } => {
                if let Some(r) = self.brokers.get_mut(&broker) {
                    r.shutting_down = true;
                }
                self.remove_broker(ctx, setup, broker);
                ctx.send(from, Message::ControlledShutdownResponse);
            }
            _ => {}
        }
    }

    /// Handles a timer.
    pub fn on_timer(&mut self, ctx: &mut Ctx<'_>, kind: TimerKind, setup: &Setup) {
        if kind != TimerKind::BrokerSessionCheck {
            return;
        }
        let timeout = Duration::from_ms(setup.broker.broker_session_timeout_ms);
        let expired: Vec<BrokerId> = self
            .brokers
            .iter()
            .filter(|(_, r)| !r.fenced && ctx.now.saturating_since(r.last_heartbeat) > timeout)
            .map(|(b, _)| *b)
            .collect();
        for b in expired {
            if let Some(r) = self.brokers.get_mut(&b) {
                r.fenced = true;
            }
            ctx.emit(TraceEvent::BrokerFenced {
                at: ctx.now,
                broker: b,
            });
            self.remove_broker(ctx, setup, b);
        }
        ctx.set_timer(TimerKind::BrokerSessionCheck, SESSION_CHECK);
    }

    /// Fenced or shutting down: out of every ISR (unless it is the last member), and leadership moves.
    fn remove_broker(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, b: BrokerId) {
        let tps: Vec<TopicPartition> = self.partitions.keys().copied().collect();
        for tp in tps {
            let (in_isr, leads) = match self.partitions.get(&tp) {
                Some(p) => (p.isr.contains(&b), p.leader == Some(b)),
                None => continue,
            };
            if !in_isr && !leads {
                continue;
            }
            if let Some(p) = self.partitions.get_mut(&tp) {
                if p.isr.len() > 1 {
                    p.isr.retain(|x| *x != b);
                    p.partition_epoch += 1;
                    ctx.emit(TraceEvent::IsrChanged {
                        at: ctx.now,
                        tp,
                        isr: p.isr.clone(),
                        shrunk: true,
                    });
                }
            }
            if leads {
                self.elect(ctx, setup, tp);
            }
        }
        self.publish(ctx, setup);
    }

    /// Elect leaders for partitions that have none.
    fn elect_offline(&mut self, ctx: &mut Ctx<'_>, setup: &Setup) {
        let offline: Vec<TopicPartition> = self
            .partitions
            .iter()
            .filter(|(_, p)| p.leader.is_none())
            .map(|(tp, _)| *tp)
            .collect();
        for tp in offline {
            self.elect(ctx, setup, tp);
        }
    }

    /// `PartitionChangeBuilder.electLeader`: first acceptable ISR member in assignment order; unclean fallback to
    /// any acceptable replica when `unclean.leader.election.enable=true`; otherwise offline.
    fn elect(&mut self, ctx: &mut Ctx<'_>, setup: &Setup, tp: TopicPartition) {
        let unclean_ok = setup.topic(tp).config.unclean_leader_election_enable;
        let Some(p) = self.partitions.get(&tp) else {
            return;
        };
        let clean = p
            .replicas
            .iter()
            .copied()
            .find(|b| p.isr.contains(b) && self.acceptable(*b));
        let (leader, unclean) = match clean {
            Some(l) => (Some(l), false),
            None if unclean_ok => (
                p.replicas.iter().copied().find(|b| self.acceptable(*b)),
                true,
            ),
            None => (None, false),
        };
        let old = p.leader;
        // No change (the same leader, or still no eligible replica): no new partition record, no event.
        if leader == old {
            return;
        }
        let unclean = unclean && leader.is_some();
        if unclean {
            self.unclean_elections += 1;
        }
        let Some(p) = self.partitions.get_mut(&tp) else {
            return;
        };
        p.leader = leader;
        p.leader_epoch = LeaderEpoch(p.leader_epoch.0 + 1);
        p.partition_epoch += 1;
        if let (true, Some(l)) = (unclean, leader) {
            p.isr = vec![l];
        }
        ctx.emit(TraceEvent::LeaderElected {
            at: ctx.now,
            tp,
            leader,
            leader_epoch: p.leader_epoch,
            unclean,
        });
    }
}
