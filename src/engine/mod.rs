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
//!
//! This file is the [`Sim`] value and its event loop: the queue, the timers, and the dispatch of each delivery and
//! timer to its node. [`transport`] turns a node's sends into deliveries (and TCP's disconnects), [`routing`] sends
//! group requests to the group's coordinator, and [`faults`] applies the scenario's timed actions.
#![warn(missing_docs)]

pub mod broker;
// The assignor module documents its types in its module doc; field-level docs are not required there.
#[allow(missing_docs)]
pub mod consumer;
pub mod dense;
pub mod dst;
pub mod faults;
pub mod guarantees;
pub use crate::kafka::ids;
pub mod invariants;
pub mod latency;
pub mod net;
pub mod node;
pub mod partition_map;
pub mod producer;
pub mod protocol;
pub mod queue;
pub mod record_ids;
pub mod record_life;
pub mod record_table;
pub mod report;
pub use crate::kafka::rng;
pub mod routing;
pub mod setup;
pub mod swarm;
pub mod timers;
pub mod topology;
pub use crate::kafka::time;
pub mod trace;
pub mod transport;

use broker::controller::Controller;
use broker::coordinator::GroupCoordinator;
use broker::Broker;
use consumer::Consumer;
use ids::*;
use net::Network;
use node::{Ctx, Effect, TimerKind};
use producer::Producer;
use protocol::Message;
use queue::{Event, EventQueue};
use rng::SimRng;
use setup::Setup;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
use time::{Duration, Instant};
use timers::TimerTable;
use trace::{TraceEvent, TraceHasher};

pub use invariants::Violation;
pub use report::Report;

use crate::scenario::{Action, Scenario, ScenarioError, TimedAction};

/// Bumped whenever behaviour changes; golden traces pin it.
pub const ENGINE_VERSION: u32 = 9;

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
    timers: TimerTable,
    /// Queue entries of timers cancelled or re-armed since they were queued (an estimate: entries that come due
    /// are dropped and discounted). When they are half the queue, [`Sim::compact_timers`] drops them all:
    /// per-request timeouts (`request.timeout.ms` = 30 s) otherwise pile up by the hundred thousand.
    stale_timers: usize,
    timer_generation: u64,
    // Boxed: `with_node` takes a node's stream out of the map and puts it back on every event, and a ChaCha8 state
    // is ~300 bytes, which the B-tree would otherwise shift in and out of its nodes each time.
    /// One random stream per node, by [`Sim::node_slot`] (taken out while the node handles an event).
    rngs: Vec<Option<Box<SimRng>>>,
    /// Buffers a node's handler fills, kept between events so that handling one allocates nothing for them.
    scratch_effects: Vec<Effect>,
    scratch_trace: Vec<TraceEvent>,
    net: Network,
    /// Brokers, index = id - 1.
    brokers: Vec<Broker>,
    controller: Controller,
    producers: Vec<Producer>,
    consumers: Vec<Consumer>,
    coordinator: GroupCoordinator,
    // The replicas of each group's `__consumer_offsets` partition, by group index (fixed for the run).
    offsets_replicas: Vec<Vec<BrokerId>>,
    trace_out: VecDeque<TraceEvent>,
    keep_trace: bool,
    hasher: TraceHasher,
    events: u64,
    same_instant: u64,
    next_message: u64,
    // The produce-response faults still to apply, per producer (see `faults::response_fault`).
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
        let mut nodes = vec![NodeId::Controller];
        nodes.extend(setup.brokers.iter().map(|b| NodeId::Broker(*b)));
        nodes.extend((0..setup.producers.len()).map(|i| NodeId::Producer(ProducerIdx(i as u16))));
        nodes.extend((0..setup.consumers.len()).map(|i| NodeId::Consumer(ConsumerIdx(i as u16))));
        // In node_slot order: controller, brokers 1..=n, producers, consumers.
        let rngs = nodes
            .iter()
            .map(|n| Some(Box::new(SimRng::derive(seed, n.stream_id()))))
            .collect();
        let brokers: Vec<Broker> = setup
            .brokers
            .iter()
            .map(|b| Broker::new(*b, &setup))
            .collect();
        let producers: Vec<Producer> = scenario
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
        let offsets_replicas = routing::offsets_replicas(scenario, &setup);
        let mut sim = Sim {
            controller: Controller::new(&setup),
            net: Network::new(
                scenario.network.clone(),
                SimRng::derive(seed, 0),
                brokers.len(),
                producers.len(),
            ),
            scenario: scenario.clone(),
            setup: Rc::new(setup),
            now: Instant::ZERO,
            queue: EventQueue::default(),
            timers: TimerTable::new(brokers.len(), producers.len(), consumers.len()),
            stale_timers: 0,
            timer_generation: 0,
            rngs,
            scratch_effects: Vec::new(),
            scratch_trace: Vec::new(),
            brokers,
            producers,
            consumers,
            coordinator,
            offsets_replicas,
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
    /// The index of a node's random stream: controller, brokers, producers, consumers.
    fn node_slot(&self, node: NodeId) -> usize {
        node::node_slot(node, self.brokers.len(), self.producers.len())
    }

    fn with_node<F: FnOnce(&mut Sim, &mut Ctx<'_>)>(&mut self, node: NodeId, f: F) {
        let mut effects = std::mem::take(&mut self.scratch_effects);
        let mut trace = std::mem::take(&mut self.scratch_trace);
        let slot = self.node_slot(node);
        let mut rng = self
            .rngs
            .get_mut(slot)
            .and_then(Option::take)
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
        if let Some(s) = self.rngs.get_mut(slot) {
            *s = Some(rng);
        }
        for e in trace.drain(..) {
            self.record(e);
        }
        for e in effects.drain(..) {
            match e {
                Effect::Send {
                    to,
                    msg,
                    extra_delay,
                } => self.send(node, to, msg, extra_delay),
                Effect::SetTimer { kind, at } => self.set_timer(node, kind, at),
                Effect::CancelTimer { kind } => {
                    if self.timers.remove(node, &kind).is_some() {
                        self.stale_timers += 1;
                    }
                }
            }
        }
        self.scratch_effects = effects;
        self.scratch_trace = trace;
    }

    fn set_timer(&mut self, node: NodeId, kind: TimerKind, at: Instant) {
        self.timer_generation += 1;
        let generation = self.timer_generation;
        if self.timers.insert(node, kind, generation).is_some() {
            self.stale_timers += 1;
        }
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
        if self.stale_timers > 4096 && self.stale_timers * 2 > self.queue.len() {
            self.compact_timers();
        }
        Some(at)
    }

    /// Drops the queue entries of every cancelled or re-armed timer at once. Delivery is unchanged: those entries
    /// would be dropped uncounted when they came due.
    fn compact_timers(&mut self) {
        let timers = &self.timers;
        self.queue.retain(|e| match e {
            Event::Timer {
                node,
                kind,
                generation,
            } => timers.get(*node, kind) == Some(*generation),
            _ => true,
        });
        self.stale_timers = 0;
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
            if self.timers.get(*node, kind) == Some(*generation) {
                break;
            }
            self.queue.pop();
            self.stale_timers = self.stale_timers.saturating_sub(1);
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

    /// An intervention: runs at the next whole millisecond after now and is appended to the scenario, so the URL
    /// replays it. Strictly after now: every event up to now has run, and an action runs first at its instant (see
    /// `queue`), so a fresh run of the scenario with this action in it orders every event as this one does.
    /// Refused (with the scenario validator's error) if it names a node this run does not have.
    pub fn apply(&mut self, action: Action) -> Result<(), ScenarioError> {
        let at_ms = self.now.0 / 1000 + 1;
        let a = TimedAction { at_ms, action };
        let p = format!("actions[{}]", self.scenario.actions.len());
        self.scenario.check_action(&p, &a)?;
        self.schedule(a);
        Ok(())
    }

    /// Queues the actions of `actions` that this run's scenario does not have yet (those past its length), as if
    /// they had been in the scenario from the start: a run restored from a checkpoint taken before an intervention
    /// is given it this way. Refused if this run's actions are not a prefix of `actions`, or one of the new ones is
    /// due before now.
    pub fn sync_actions(&mut self, actions: &[TimedAction]) -> Result<(), String> {
        let have = self.scenario.actions.len();
        if actions.len() < have || actions[..have] != self.scenario.actions[..] {
            return Err("the run's actions are not a prefix of the timeline's".to_string());
        }
        if let Some(a) = actions[have..]
            .iter()
            .find(|a| Instant::from_ms(a.at_ms) <= self.now && self.events > 0)
        {
            return Err(format!(
                "action at {} ms is due before the run's instant ({} µs)",
                a.at_ms, self.now.0
            ));
        }
        for (i, a) in actions.iter().enumerate().skip(have) {
            self.scenario
                .check_action(&format!("actions[{i}]"), a)
                .map_err(|e| e.to_string())?;
        }
        for a in &actions[have..] {
            self.schedule(a.clone());
        }
        Ok(())
    }

    fn schedule(&mut self, a: TimedAction) {
        let at = Instant::from_ms(a.at_ms);
        self.scenario.actions.push(a);
        self.queue
            .push(at, Event::Action(self.scenario.actions.len() - 1));
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Lost { id } => self.record(TraceEvent::MessageDropped { at: self.now, id }),
            Event::Deliver { id, from, to, msg } => {
                if !self.alive(to) {
                    self.drop_at_dead_node(id, from, to, &msg);
                    return;
                }
                self.record(TraceEvent::MessageDelivered { at: self.now, id });
                self.deliver(from, to, *msg);
            }
            Event::Timer {
                node,
                kind,
                generation,
            } => {
                if self.timers.get(node, &kind) != Some(generation) {
                    return;
                }
                self.timers.remove(node, &kind);
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
                if routing::is_group_request(&msg) {
                    self.with_node(to, |w, ctx| w.group_request(ctx, b, from, msg))
                } else {
                    self.with_node(to, |w, ctx| {
                        let s = w.setup_ref();
                        w.brokers[i].on_message(ctx, from, msg, &s);
                    })
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

    fn fire(&mut self, node: NodeId, kind: TimerKind) {
        match node {
            NodeId::Controller => self.with_node(node, |w, ctx| {
                let s = w.setup_ref();
                w.controller.on_timer(ctx, kind, &s)
            }),
            NodeId::Broker(b) => match routing::group_timer(kind) {
                Some(g) => self.fire_group_timer(b, g, kind),
                None => self.with_node(node, |w, ctx| {
                    let s = w.setup_ref();
                    w.brokers[b.0 as usize - 1].on_timer(ctx, kind, &s)
                }),
            },
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
        self.stale_timers += self.timers.clear(node);
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

    /// The guarantees ledger now: the records behind the report's counts of lost, duplicated, reordered, failed
    /// and doubly processed records.
    pub fn guarantees(&self) -> guarantees::Guarantees {
        guarantees::guarantees(self)
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
