//! The simulation engine: a pure, deterministic, sans-IO model of a Kafka cluster with producers and consumer groups.
//!
//! # Call contract
//! 1. Build with [`Sim::new`] from a [`Scenario`](crate::scenario::Scenario).
//! 2. Mutate: [`Sim::run_until`] / [`Sim::step`] advance virtual time; [`Sim::apply`] adds an intervention.
//! 3. Drain [`Sim::poll_trace`] completely after every mutation (the page animates from it).
//! 4. Read [`Sim::view`], [`Sim::report`], [`Sim::check`].
//!
//! Everything is driven by one event queue ordered by (time, sequence). Nodes (controller, brokers, producers,
//! consumers) are message-in, effects-out state machines; the network turns their sends into timed deliveries. All
//! randomness comes from per-node ChaCha8 streams derived from the scenario seed. No wall clock, no hash-map
//! iteration order, no floating point.
#![warn(missing_docs)]

pub mod broker;
// The assignor module documents its types in its module doc; field-level docs are not required there.
#[allow(missing_docs)]
pub mod consumer;
pub mod dst;
pub use crate::kafka::ids;
pub mod invariants;
pub mod latency;
pub mod net;
pub mod node;
pub mod producer;
pub mod protocol;
pub mod queue;
pub mod report;
pub use crate::kafka::rng;
pub mod setup;
pub mod swarm;
pub mod topology;
pub use crate::kafka::time;
pub mod trace;

use broker::controller::Controller;
use broker::coordinator::{offsets_partition, GroupCoordinator};
use broker::Broker;
use consumer::Consumer;
use ids::*;
use net::Network;
use node::{Ctx, Effect, TimerKind};
use producer::Producer;
use protocol::{KafkaError, Message};
use queue::{Event, EventQueue};
use rng::SimRng;
use setup::Setup;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
use time::{Duration, Instant};
use trace::{TraceEvent, TraceHasher};

pub use invariants::Violation;
pub use report::Report;

use crate::scenario::{parse_node, Action, Scenario, ScenarioError, TimedAction};

/// Bumped whenever behaviour changes; golden traces pin it.
pub const ENGINE_VERSION: u32 = 2;

/// Most events one run may process before it is stopped as runaway.
pub const MAX_EVENTS: u64 = 200_000_000;
/// Most events at a single instant before the run is stopped as a livelock.
pub const MAX_EVENTS_PER_INSTANT: u64 = 1_000_000;

/// The whole simulated world.
#[derive(Clone)]
pub struct Sim {
    scenario: Scenario,
    // Immutable after validation; shared so handlers can borrow it beside mutable world state.
    setup: Rc<Setup>,
    now: Instant,
    queue: EventQueue,
    // The generation each armed timer carries. Generations come from one counter for the whole run and are never
    // reused, so a timer that was re-armed, cancelled, or cleared by a crash can never match a later arming of the
    // same kind: a stale queue entry is just dropped, and cannot cut a later wait short.
    timers: BTreeMap<(NodeId, TimerKind), u64>,
    timer_generation: u64,
    // Boxed: `with_node` takes a node's stream out of the map and puts it back on every event, and a ChaCha8 state
    // is ~300 bytes, which the B-tree would otherwise shift in and out of its nodes each time.
    rngs: BTreeMap<NodeId, Box<SimRng>>,
    net: Network,
    /// Brokers, index = id - 1.
    brokers: Vec<Broker>,
    controller: Controller,
    producers: Vec<Producer>,
    consumers: Vec<Consumer>,
    coordinator: GroupCoordinator,
    trace_out: VecDeque<TraceEvent>,
    keep_trace: bool,
    hasher: TraceHasher,
    events: u64,
    same_instant: u64,
    next_message: u64,
    drop_responses: BTreeMap<ProducerIdx, u32>,
    delay_responses: BTreeMap<ProducerIdx, (u32, Duration)>,
    ledger: report::Ledger,
    monitor: invariants::Monitor,
}

impl Sim {
    /// Validates the scenario and builds the world at time zero.
    pub fn new(scenario: &Scenario) -> Result<Sim, ScenarioError> {
        let setup = Setup::new(scenario)?;
        let seed = scenario.seed;
        let mut rngs = BTreeMap::new();
        let mut nodes = vec![NodeId::Controller];
        nodes.extend(setup.brokers.iter().map(|b| NodeId::Broker(*b)));
        nodes.extend((0..setup.producers.len()).map(|i| NodeId::Producer(ProducerIdx(i as u16))));
        nodes.extend((0..setup.consumers.len()).map(|i| NodeId::Consumer(ConsumerIdx(i as u16))));
        for n in &nodes {
            rngs.insert(*n, Box::new(SimRng::derive(seed, n.stream_id())));
        }
        let brokers = setup
            .brokers
            .iter()
            .map(|b| Broker::new(*b, &setup))
            .collect();
        let producers = scenario
            .producers
            .iter()
            .enumerate()
            .map(|(i, p)| Producer::new(ProducerIdx(i as u16), &setup, &p.workload))
            .collect();
        let mut consumers = Vec::new();
        for g in &scenario.consumer_groups {
            for mi in 0..g.members.len() {
                consumers.push(Consumer::new(
                    ConsumerIdx(consumers.len() as u16),
                    &setup,
                    g,
                    mi,
                ));
            }
        }
        let coordinator = GroupCoordinator::new(
            scenario
                .consumer_groups
                .iter()
                .map(|g| g.group_id.clone())
                .collect(),
            Duration::from_ms(setup.broker.group_initial_rebalance_delay_ms),
        );
        let ledger = report::Ledger::new(&setup);
        let mut sim = Sim {
            controller: Controller::new(&setup),
            net: Network::new(scenario.network.clone(), SimRng::derive(seed, 0)),
            scenario: scenario.clone(),
            setup: Rc::new(setup),
            now: Instant::ZERO,
            queue: EventQueue::default(),
            timers: BTreeMap::new(),
            timer_generation: 0,
            rngs,
            brokers,
            producers,
            consumers,
            coordinator,
            trace_out: VecDeque::new(),
            keep_trace: true,
            hasher: TraceHasher::default(),
            events: 0,
            same_instant: 0,
            next_message: 0,
            drop_responses: BTreeMap::new(),
            delay_responses: BTreeMap::new(),
            ledger,
            monitor: invariants::Monitor::default(),
        };
        sim.monitor =
            invariants::Monitor::new(sim.consumers.iter().map(|c| c.processing()).collect());
        sim.boot();
        sim.drop_stale_timers();
        Ok(sim)
    }

    fn boot(&mut self) {
        self.with_node(NodeId::Controller, |w, ctx| {
            w.controller.start(ctx, &w.setup_ref())
        });
        for i in 0..self.brokers.len() {
            let id = self.brokers[i].id;
            self.with_node(NodeId::Broker(id), |w, ctx| {
                let setup = w.setup_ref();
                w.brokers[i].start(ctx, &setup);
                // The broker's first start is incarnation 1, which the controller already expects.
            });
        }
        for i in 0..self.producers.len() {
            self.with_node(NodeId::Producer(ProducerIdx(i as u16)), |w, ctx| {
                w.producers[i].start(ctx)
            });
        }
        for i in 0..self.consumers.len() {
            let at = self.consumers[i].start_at();
            self.set_timer(
                NodeId::Consumer(ConsumerIdx(i as u16)),
                TimerKind::ConsumerStart,
                at,
            );
        }
        for i in 0..self.scenario.actions.len() {
            let at = Instant::from_ms(self.scenario.actions[i].at_ms);
            self.queue.push(at, Event::Action(i));
        }
    }

    // The setup is immutable; sharing it keeps borrows simple in handlers without copying it per event.
    fn setup_ref(&self) -> Rc<Setup> {
        Rc::clone(&self.setup)
    }

    /// Runs `f` as node `node`, then applies its effects.
    fn with_node<F: FnOnce(&mut Sim, &mut Ctx<'_>)>(&mut self, node: NodeId, f: F) {
        let mut effects = Vec::new();
        let mut trace = Vec::new();
        let mut rng = self
            .rngs
            .remove(&node)
            .unwrap_or_else(|| Box::new(SimRng::derive(self.scenario.seed, node.stream_id())));
        {
            let mut ctx = Ctx {
                now: self.now,
                node,
                rng: &mut rng,
                effects: &mut effects,
                trace: &mut trace,
            };
            f(self, &mut ctx);
        }
        self.rngs.insert(node, rng);
        for e in trace {
            self.record(e);
        }
        for e in effects {
            match e {
                Effect::Send {
                    to,
                    msg,
                    extra_delay,
                } => self.send(node, to, msg, extra_delay),
                Effect::SetTimer { kind, at } => self.set_timer(node, kind, at),
                Effect::CancelTimer { kind } => {
                    self.timers.remove(&(node, kind));
                }
            }
        }
    }

    fn set_timer(&mut self, node: NodeId, kind: TimerKind, at: Instant) {
        self.timer_generation += 1;
        let generation = self.timer_generation;
        self.timers.insert((node, kind), generation);
        self.queue.push(
            at.max(self.now),
            Event::Timer {
                node,
                kind,
                generation,
            },
        );
    }

    fn alive(&self, n: NodeId) -> bool {
        match n {
            NodeId::Controller => true,
            NodeId::Broker(b) => self.brokers.get(b.0 as usize - 1).is_some_and(|x| x.alive),
            NodeId::Producer(_) => true,
            NodeId::Consumer(c) => self.consumers.get(c.0 as usize).is_some_and(|x| x.alive),
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: Message, extra: Duration) {
        let mut extra = extra;
        let mut broken = false;
        if let (Message::ProduceResponse { .. }, NodeId::Producer(p)) = (&msg, to) {
            if let Some(n) = self.drop_responses.get_mut(&p) {
                if *n > 0 {
                    *n -= 1;
                    extra = Duration(u64::MAX / 4);
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
        self.next_message += 1;
        let id = MessageId(self.next_message);
        let (api, response) = msg.api();
        let route = if extra.0 >= u64::MAX / 4 {
            None
        } else {
            self.net.route(from, to, self.now, extra)
        };
        let deliver_at = route.unwrap_or(self.now + self.net.latency());
        self.record(TraceEvent::MessageSent {
            at: self.now,
            id,
            from,
            to,
            api,
            response,
            deliver_at,
            records: msg.record_ids(),
            error: msg.error(),
        });
        match route {
            Some(at) => self.queue.push(at, Event::Deliver { id, from, to, msg }),
            None => self.queue.push(deliver_at, Event::Lost { id }),
        }
        // TCP delivers in order or not at all: a response lost after the broker appended means the connection
        // broke, so the client sees a disconnect (every request in flight on it fails and is retried), not one
        // silent gap while later responses arrive.
        if broken {
            self.push_disconnect(deliver_at, from, to);
        }
    }

    /// `to` learns at `at` that its connection with `from` is gone (a closed port, a reset, a broken link).
    fn push_disconnect(&mut self, at: Instant, from: NodeId, to: NodeId) {
        self.next_message += 1;
        let id = MessageId(self.next_message);
        self.queue.push(
            at,
            Event::Deliver {
                id,
                from,
                to,
                msg: Message::Disconnected,
            },
        );
    }

    fn record(&mut self, e: TraceEvent) {
        self.hasher.add(&e);
        self.ledger.observe(&e);
        self.monitor.observe(&e);
        if self.keep_trace {
            self.trace_out.push_back(e);
        }
    }

    /// Keep trace events for [`Sim::poll_trace`] (default) or discard them after hashing (CLI, benchmarks).
    pub fn set_keep_trace(&mut self, keep: bool) {
        self.keep_trace = keep;
        if !keep {
            self.trace_out.clear();
        }
    }

    /// The current virtual time.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// When the run ends (`run_ms`).
    pub fn end(&self) -> Instant {
        Instant::from_ms(self.scenario.run_ms)
    }

    /// The time of the next event, if any.
    pub fn next_event_at(&self) -> Option<Instant> {
        self.queue.peek_time()
    }

    /// The scenario, with interventions applied so far appended to its actions.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The validated setup.
    pub fn setup(&self) -> &Setup {
        &self.setup
    }

    /// Unknown-config warnings.
    pub fn warnings(&self) -> &[String] {
        &self.setup.warnings
    }

    /// Events delivered: messages (and their losses), timers that fired, scripted actions. Queue entries of timers
    /// that were re-armed or cancelled before they came due are dropped uncounted.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The trace hash so far (16 hex digits).
    pub fn trace_hash(&self) -> String {
        self.hasher.hex()
    }

    /// Drains one trace event.
    pub fn poll_trace(&mut self) -> Option<TraceEvent> {
        self.trace_out.pop_front()
    }

    /// Processes exactly one event; returns its time.
    pub fn step(&mut self) -> Option<Instant> {
        if self.monitor.stopped() {
            return None;
        }
        let (at, event) = self.queue.pop()?;
        if at == self.now {
            self.same_instant += 1;
        } else {
            self.same_instant = 0;
        }
        self.now = at;
        self.events += 1;
        if self.events > MAX_EVENTS || self.same_instant > MAX_EVENTS_PER_INSTANT {
            self.monitor.stop(Violation {
                invariant: "bounded-run",
                at,
                detail: format!(
                    "the run was stopped after {} events ({} at this instant): runaway scenario",
                    self.events, self.same_instant
                ),
            });
            return None;
        }
        self.handle(event);
        self.drop_stale_timers();
        Some(at)
    }

    /// Pops queue entries of timers that were re-armed or cancelled since, so that the head of the queue is always
    /// an event that is delivered: `step` processes one, `next_event_at` names its time, `events` counts it.
    fn drop_stale_timers(&mut self) {
        while let Some(Event::Timer {
            node,
            kind,
            generation,
        }) = self.queue.peek()
        {
            if self.timers.get(&(*node, *kind)) == Some(generation) {
                break;
            }
            self.queue.pop();
        }
    }

    /// Processes every event up to and including `deadline`, then sets the clock to `deadline`.
    pub fn run_until(&mut self, deadline: Instant) {
        while self.queue.peek_time().is_some_and(|t| t <= deadline) {
            if self.step().is_none() {
                break;
            }
        }
        if !self.monitor.stopped() && deadline > self.now {
            self.now = deadline;
        }
    }

    /// An intervention: runs at the next whole millisecond and is appended to the scenario, so the URL replays it.
    pub fn apply(&mut self, action: Action) {
        let at_ms = self.now.0.div_ceil(1000);
        self.scenario.actions.push(TimedAction { at_ms, action });
        let i = self.scenario.actions.len() - 1;
        self.queue.push(Instant::from_ms(at_ms), Event::Action(i));
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Lost { id } => self.record(TraceEvent::MessageDropped { at: self.now, id }),
            Event::Deliver { id, from, to, msg } => {
                if !self.alive(to) {
                    self.record(TraceEvent::MessageDropped { at: self.now, id });
                    // A request to a dead broker process meets a closed port: the client sees a disconnect.
                    if let (NodeId::Broker(_), false) = (to, msg.api().1) {
                        if !matches!(msg, Message::Disconnected) && self.alive(from) {
                            let lat = self.net.latency();
                            self.push_disconnect(self.now + lat, to, from);
                        }
                    }
                    return;
                }
                self.record(TraceEvent::MessageDelivered { at: self.now, id });
                self.deliver(from, to, msg);
            }
            Event::Timer {
                node,
                kind,
                generation,
            } => {
                if self.timers.get(&(node, kind)) != Some(&generation) {
                    return;
                }
                self.timers.remove(&(node, kind));
                if !self.alive(node) && kind != TimerKind::ConsumerStart {
                    return;
                }
                self.fire(node, kind);
            }
            Event::Action(i) => {
                if let Some(a) = self.scenario.actions.get(i).cloned() {
                    self.record(TraceEvent::ActionApplied {
                        at: self.now,
                        action: a.action.describe(),
                    });
                    self.run_action(a.action);
                }
            }
        }
    }

    fn deliver(&mut self, from: NodeId, to: NodeId, msg: Message) {
        match to {
            NodeId::Controller => self.with_node(to, |w, ctx| {
                let s = w.setup_ref();
                w.controller.on_message(ctx, from, msg, &s)
            }),
            NodeId::Broker(b) => {
                let i = b.0 as usize - 1;
                match msg.api().0 {
                    protocol::Api::FindCoordinator
                    | protocol::Api::JoinGroup
                    | protocol::Api::SyncGroup
                    | protocol::Api::Heartbeat
                    | protocol::Api::LeaveGroup
                    | protocol::Api::OffsetCommit
                    | protocol::Api::OffsetFetch
                        if !msg.api().1 =>
                    {
                        self.with_node(to, |w, ctx| w.group_request(ctx, b, from, msg))
                    }
                    _ => self.with_node(to, |w, ctx| {
                        let s = w.setup_ref();
                        w.brokers[i].on_message(ctx, from, msg, &s);
                    }),
                }
                if !self.brokers[i].alive {
                    self.clear_timers(to);
                    self.announce_disconnect(b);
                }
            }
            NodeId::Producer(p) => self.with_node(to, |w, ctx| {
                w.producers[p.0 as usize].on_message(ctx, from, msg)
            }),
            NodeId::Consumer(c) => self.with_node(to, |w, ctx| {
                let s = w.setup_ref();
                w.consumers[c.0 as usize].on_message(ctx, from, msg, &s)
            }),
        }
    }

    /// The coordinator of a group: the first live replica of its `__consumer_offsets` partition.
    pub fn coordinator_of(&self, g: GroupIdx) -> Option<BrokerId> {
        let name = &self.scenario.consumer_groups[g.0 as usize].group_id;
        let parts = self.setup.broker.offsets_topic_num_partitions as u32;
        let p = offsets_partition(name, parts);
        let rf = self.setup.brokers.len().min(3) as u32;
        let replicas = &setup::assign_replicas(&self.setup.brokers, p + 1, rf)[p as usize];
        replicas.iter().copied().find(|b| {
            self.controller
                .brokers
                .get(b)
                .is_some_and(|r| !r.fenced && !r.shutting_down)
        })
    }

    fn group_request(&mut self, ctx: &mut Ctx<'_>, b: BrokerId, from: NodeId, msg: Message) {
        let group = match &msg {
            Message::FindCoordinatorRequest { group, .. }
            | Message::JoinGroupRequest { group, .. }
            | Message::SyncGroupRequest { group, .. }
            | Message::HeartbeatRequest { group, .. }
            | Message::LeaveGroupRequest { group, .. }
            | Message::OffsetCommitRequest { group, .. }
            | Message::OffsetFetchRequest { group, .. } => *group,
            _ => return,
        };
        let coord = self.coordinator_of(group);
        if let Message::FindCoordinatorRequest { correlation_id, .. } = msg {
            let error = coord
                .is_none()
                .then_some(KafkaError::CoordinatorNotAvailable);
            ctx.send(
                from,
                Message::FindCoordinatorResponse {
                    correlation_id,
                    error,
                    coordinator: coord,
                },
            );
            return;
        }
        if coord != Some(b) {
            let c = match &msg {
                Message::JoinGroupRequest { correlation_id, .. }
                | Message::SyncGroupRequest { correlation_id, .. }
                | Message::HeartbeatRequest { correlation_id, .. }
                | Message::LeaveGroupRequest { correlation_id, .. }
                | Message::OffsetCommitRequest { correlation_id, .. }
                | Message::OffsetFetchRequest { correlation_id, .. } => *correlation_id,
                _ => 0,
            };
            let e = Some(KafkaError::NotCoordinator);
            let reply = match msg {
                Message::JoinGroupRequest { member_id, .. } => Message::JoinGroupResponse {
                    correlation_id: c,
                    error: e,
                    generation: GenerationId(-1),
                    protocol: String::new(),
                    leader: String::new(),
                    member_id,
                    members: Vec::new(),
                },
                Message::SyncGroupRequest { .. } => Message::SyncGroupResponse {
                    correlation_id: c,
                    error: e,
                    assignment: Vec::new(),
                },
                Message::HeartbeatRequest { .. } => Message::HeartbeatResponse {
                    correlation_id: c,
                    error: e,
                },
                Message::LeaveGroupRequest { .. } => Message::LeaveGroupResponse {
                    correlation_id: c,
                    error: e,
                },
                Message::OffsetCommitRequest { offsets, .. } => Message::OffsetCommitResponse {
                    correlation_id: c,
                    error: e,
                    offsets,
                },
                _ => Message::OffsetFetchResponse {
                    correlation_id: c,
                    error: e,
                    offsets: Vec::new(),
                },
            };
            ctx.send(from, reply);
            return;
        }
        self.coordinator.load(ctx, group, b);
        self.coordinator.on_message(ctx, from, msg);
    }

    fn fire(&mut self, node: NodeId, kind: TimerKind) {
        match node {
            NodeId::Controller => self.with_node(node, |w, ctx| {
                let s = w.setup_ref();
                w.controller.on_timer(ctx, kind, &s)
            }),
            NodeId::Broker(b) => {
                let i = b.0 as usize - 1;
                match kind {
                    TimerKind::GroupSessionExpiry(g, _)
                    | TimerKind::GroupRebalanceTimeout(g)
                    | TimerKind::GroupInitialDelay(g) => {
                        if self.coordinator.groups[g.0 as usize].host == Some(b) {
                            self.with_node(node, |w, ctx| w.coordinator.on_timer(ctx, kind));
                        }
                    }
                    _ => self.with_node(node, |w, ctx| {
                        let s = w.setup_ref();
                        w.brokers[i].on_timer(ctx, kind, &s)
                    }),
                }
            }
            NodeId::Producer(p) => {
                self.with_node(node, |w, ctx| w.producers[p.0 as usize].on_timer(ctx, kind))
            }
            NodeId::Consumer(c) => self.with_node(node, |w, ctx| {
                let s = w.setup_ref();
                w.consumers[c.0 as usize].on_timer(ctx, kind, &s)
            }),
        }
    }

    fn clear_timers(&mut self, node: NodeId) {
        self.timers.retain(|(n, _), _| *n != node);
    }

    /// A broker process died: its TCP connections close, so every peer learns of it one latency later.
    fn announce_disconnect(&mut self, b: BrokerId) {
        let from = NodeId::Broker(b);
        let mut peers: Vec<NodeId> = self
            .setup
            .brokers
            .iter()
            .filter(|x| **x != b)
            .map(|x| NodeId::Broker(*x))
            .collect();
        peers.extend((0..self.producers.len()).map(|i| NodeId::Producer(ProducerIdx(i as u16))));
        peers.extend((0..self.consumers.len()).map(|i| NodeId::Consumer(ConsumerIdx(i as u16))));
        for to in peers {
            if self.net.connected(from, to) {
                let lat = self.net.latency();
                self.push_disconnect(self.now + lat, from, to);
            }
        }
    }

    fn run_action(&mut self, a: Action) {
        let now = self.now;
        match a {
            Action::CrashBroker { broker } => {
                let b = BrokerId(broker);
                if self.brokers[broker as usize - 1].alive {
                    self.brokers[broker as usize - 1].crash();
                    self.clear_timers(NodeId::Broker(b));
                    self.record(TraceEvent::BrokerCrashed { at: now, broker: b });
                    self.announce_disconnect(b);
                }
            }
            Action::RestartBroker { broker } => {
                let b = BrokerId(broker);
                if !self.brokers[broker as usize - 1].alive {
                    self.record(TraceEvent::BrokerRestarted { at: now, broker: b });
                    self.with_node(NodeId::Broker(b), |w, ctx| {
                        let s = w.setup_ref();
                        w.brokers[broker as usize - 1].start(ctx, &s)
                    });
                }
            }
            Action::ShutdownBroker { broker } => {
                let b = BrokerId(broker);
                if self.brokers[broker as usize - 1].alive {
                    self.brokers[broker as usize - 1].shutting_down = true;
                    self.with_node(NodeId::Broker(b), |_, ctx| {
                        ctx.send(
                            NodeId::Controller,
                            Message::ControlledShutdownRequest { broker: b },
                        )
                    });
                }
            }
            Action::IsolateBroker { broker } => {
                self.net.isolate(BrokerId(broker));
                self.record(TraceEvent::BrokerIsolated {
                    at: now,
                    broker: BrokerId(broker),
                    isolated: true,
                });
            }
            Action::CutLink { from, to, one_way } => {
                if let (Some(f), Some(t)) = (parse_node(&from), parse_node(&to)) {
                    self.net.cut(f, t);
                    self.record(TraceEvent::LinkChanged {
                        at: now,
                        from: f,
                        to: t,
                        cut: true,
                    });
                    if !one_way {
                        self.net.cut(t, f);
                        self.record(TraceEvent::LinkChanged {
                            at: now,
                            from: t,
                            to: f,
                            cut: true,
                        });
                    }
                }
            }
            Action::Heal => {
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
            Action::SlowFollower { broker, delay_ms } => {
                self.brokers[broker as usize - 1].fetch_delay = Duration::from_ms(delay_ms);
                self.record(TraceEvent::FollowerSlowed {
                    at: now,
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
                let until = now + Duration::from_ms(ms);
                self.with_node(n, |w, ctx| {
                    w.consumers[consumer as usize].slow_until(ctx, until)
                });
            }
            Action::PauseConsumer { consumer, ms } => {
                let n = NodeId::Consumer(ConsumerIdx(consumer));
                let until = now + Duration::from_ms(ms);
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

    /// Read-only access for the page and tests.
    pub fn view(&self) -> WorldView<'_> {
        WorldView {
            brokers: &self.brokers,
            controller: &self.controller,
            producers: &self.producers,
            consumers: &self.consumers,
            coordinator: &self.coordinator,
            network: &self.net,
            setup: &self.setup,
        }
    }

    /// Runs every invariant on the current state; the first violation (also one seen earlier in the run).
    pub fn check(&self) -> Result<(), Violation> {
        invariants::check(self)
    }

    /// The report the CLI prints.
    pub fn report(&self) -> Report {
        report::build(self)
    }
}

/// Read-only view of the world.
pub struct WorldView<'a> {
    /// Brokers (index = id - 1).
    pub brokers: &'a [Broker],
    /// The controller.
    pub controller: &'a Controller,
    /// Producers.
    pub producers: &'a [Producer],
    /// Consumers.
    pub consumers: &'a [Consumer],
    /// Group coordinator state.
    pub coordinator: &'a GroupCoordinator,
    /// The network.
    pub network: &'a Network,
    /// The setup.
    pub setup: &'a Setup,
}
