//! Scripted faults and interventions: the scenario's timed actions (and the page's, appended to them) applied to the
//! world when their time comes. Broker faults (crash, restart, controlled shutdown, a slow follower, refused
//! produces), network faults (isolation, cut links, lost or late produce responses) and consumer faults (crash,
//! close, wakeup, slow processing, a stop-the-world pause, restart).
//!
//! Models what an operator or the environment does to a cluster: `kill -9`, `kafka-server-stop.sh` (controlled
//! shutdown, KIP-143), iptables/netem partitions, a GC pause.
//!
//! Simplifications:
//! - Each fault happens at one instant; there are no random faults here (the seeded network has its own jitter).
//! - A lost produce response breaks the connection at the moment the response would have arrived, as TCP would
//!   surface it; nothing else on the network is lost silently.

use super::ids::*;
use super::protocol::Message;
use super::time::Duration;
use super::trace::TraceEvent;
use super::{broker, Sim};
use crate::scenario::{parse_node, Action};

/// An extra delay that means "never delivered": the message is recorded as lost.
pub(super) const LOST: Duration = Duration(u64::MAX / 4);

impl Sim {
    /// Applies one action at the current instant.
    pub(super) fn run_action(&mut self, a: Action) {
        match a {
            Action::CrashBroker { broker } => self.crash_broker(BrokerId(broker)),
            Action::RestartBroker { broker } => self.restart_broker(BrokerId(broker)),
            Action::ShutdownBroker { broker } => {
                let b = BrokerId(broker);
                if self.brokers[broker as usize - 1].alive {
                    self.with_node(NodeId::Broker(b), |w, ctx| {
                        w.brokers[broker as usize - 1].request_controlled_shutdown(ctx)
                    });
                }
            }
            Action::IsolateBroker { broker } => {
                self.net.isolate(BrokerId(broker));
                self.record(TraceEvent::BrokerIsolated {
                    at: self.now,
                    broker: BrokerId(broker),
                    isolated: true,
                });
            }
            Action::CutLink { from, to, one_way } => {
                if let (Some(f), Some(t)) = (parse_node(&from), parse_node(&to)) {
                    self.cut_link(f, t);
                    if !one_way {
                        self.cut_link(t, f);
                    }
                }
            }
            Action::Heal => self.heal(),
            Action::SlowFollower { broker, delay_ms } => {
                self.brokers[broker as usize - 1].fetch_delay = Duration::from_ms(delay_ms);
                self.record(TraceEvent::FollowerSlowed {
                    at: self.now,
                    broker: BrokerId(broker),
                    extra_delay_us: Duration::from_ms(delay_ms).0,
                });
            }
            Action::DropProduceResponses { producer, count } => {
                *self
                    .drop_responses
                    .entry(ProducerIdx(producer))
                    .or_default() += count;
            }
            Action::DelayProduceResponses {
                producer,
                count,
                delay_ms,
            } => {
                self.delay_responses
                    .insert(ProducerIdx(producer), (count, Duration::from_ms(delay_ms)));
            }
            Action::FailProduces {
                broker,
                count,
                error,
            } => {
                if let Some(e) = broker::parse_injectable_error(&error) {
                    self.brokers[broker as usize - 1].fail_produces = Some((count, e));
                }
            }
            Action::CrashConsumer { consumer } => {
                let n = NodeId::Consumer(ConsumerIdx(consumer));
                if self.consumers[consumer as usize].alive {
                    self.with_node(n, |w, ctx| w.consumers[consumer as usize].crash(ctx));
                    self.clear_timers(n);
                }
            }
            Action::CloseConsumer { consumer } => {
                let n = NodeId::Consumer(ConsumerIdx(consumer));
                self.with_node(n, |w, ctx| w.consumers[consumer as usize].close(ctx));
            }
            Action::WakeupConsumer { consumer } => {
                let n = NodeId::Consumer(ConsumerIdx(consumer));
                if self.consumers[consumer as usize].alive {
                    self.with_node(n, |w, ctx| w.consumers[consumer as usize].wakeup(ctx));
                }
            }
            Action::SlowProcessing { consumer, ms } => {
                let n = NodeId::Consumer(ConsumerIdx(consumer));
                let until = self.now + Duration::from_ms(ms);
                self.with_node(n, |w, ctx| {
                    w.consumers[consumer as usize].slow_until(ctx, until)
                });
            }
            Action::PauseConsumer { consumer, ms } => {
                let n = NodeId::Consumer(ConsumerIdx(consumer));
                let until = self.now + Duration::from_ms(ms);
                self.with_node(n, |w, ctx| w.consumers[consumer as usize].pause(ctx, until));
            }
            Action::RestartConsumer { consumer } => {
                let n = NodeId::Consumer(ConsumerIdx(consumer));
                if !self.consumers[consumer as usize].alive {
                    self.clear_timers(n);
                    self.with_node(n, |w, ctx| w.consumers[consumer as usize].start(ctx));
                }
            }
        }
    }

    /// `kill -9`: the process and its timers go, its peers see the connections close.
    fn crash_broker(&mut self, b: BrokerId) {
        let i = b.0 as usize - 1;
        if self.brokers[i].alive {
            self.brokers[i].crash();
            self.clear_timers(NodeId::Broker(b));
            self.record(TraceEvent::BrokerCrashed {
                at: self.now,
                broker: b,
            });
            self.announce_disconnect(b);
        }
    }

    /// The process starts again with its log, as a new incarnation.
    fn restart_broker(&mut self, b: BrokerId) {
        let i = b.0 as usize - 1;
        if !self.brokers[i].alive {
            self.record(TraceEvent::BrokerRestarted {
                at: self.now,
                broker: b,
            });
            self.with_node(NodeId::Broker(b), |w, ctx| {
                let s = w.setup_ref();
                w.brokers[i].start(ctx, &s)
            });
        }
    }

    fn cut_link(&mut self, from: NodeId, to: NodeId) {
        self.net.cut(from, to);
        self.record(TraceEvent::LinkChanged {
            at: self.now,
            from,
            to,
            cut: true,
        });
    }

    /// Every cut link and every isolation ends.
    fn heal(&mut self) {
        let now = self.now;
        let isolated: Vec<BrokerId> = self.net.isolated().iter().copied().collect();
        for (f, t) in self.net.heal() {
            self.record(TraceEvent::LinkChanged {
                at: now,
                from: f,
                to: t,
                cut: false,
            });
        }
        for broker in isolated {
            self.record(TraceEvent::BrokerIsolated {
                at: now,
                broker,
                isolated: false,
            });
        }
    }

    /// The `DropProduceResponses` / `DelayProduceResponses` faults on a message about to be sent: the extra delay it
    /// gets ([`LOST`] when dropped), and whether its connection breaks.
    pub(super) fn response_fault(
        &mut self,
        to: NodeId,
        msg: &Message,
        extra: Duration,
    ) -> (Duration, bool) {
        let mut extra = extra;
        let mut broken = false;
        if let (Message::ProduceResponse { .. }, NodeId::Producer(p)) = (msg, to) {
            if let Some(n) = self.drop_responses.get_mut(&p) {
                if *n > 0 {
                    *n -= 1;
                    extra = LOST;
                    broken = true;
                }
            }
            if let Some((n, d)) = self.delay_responses.get_mut(&p) {
                if *n > 0 {
                    *n -= 1;
                    extra = extra + *d;
                }
            }
        }
        (extra, broken)
    }
}
