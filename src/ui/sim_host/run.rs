//! One run on the page: the engine, the scene folded from its trace, the layout, and the frames drawn from them.
//! The card layer's frame is replaced only when a card changed, so yew skips the cards otherwise.

use crate::engine::time::Instant;
use crate::engine::Sim;
use crate::scenario::Scenario;
use crate::viz::{frame, Frame, Layout, Scene};
use std::rc::Rc;

/// One run: the engine and everything derived from its trace.
pub(super) struct Run {
    pub(super) sim: Sim,
    pub(super) scene: Scene,
    pub(super) layout: Layout,
    /// The latest frame (the motion layer draws it).
    pub(super) frame: Rc<Frame>,
    /// The frame the card layer draws: replaced only when a card changed, so yew skips the cards otherwise.
    pub(super) cards: Rc<Frame>,
    /// Brokers (`node.id`) whose cards show their log rows in a large cluster's strip layout.
    expanded: Vec<u32>,
}

impl Run {
    /// A run of `scenario`, laid out for the screen as it is now.
    pub(super) fn new(scenario: &Scenario) -> Result<Run, String> {
        let sim = Sim::new(scenario).map_err(|e| e.to_string())?;
        let scene = Scene::new(&sim.topology());
        let layout = lay_out(&scene, super::viewport::narrow(), &[]);
        let frame = Rc::new(frame(&scene, &layout, sim.now()));
        let mut run = Run {
            sim,
            scene,
            layout,
            cards: frame.clone(),
            frame,
            expanded: Vec::new(),
        };
        run.drain();
        Ok(run)
    }

    /// Lays the stage out again, one column (`portrait`) or left to right; a no-op if it already is.
    pub(super) fn relayout(&mut self, portrait: bool) {
        if self.layout.portrait == portrait {
            return;
        }
        self.rebuild_layout(portrait);
    }

    /// Shows broker `id`'s log rows instead of its tiles, or its tiles again (a large cluster's strip layout).
    pub(super) fn toggle_expanded(&mut self, id: u32) {
        match self.expanded.iter().position(|b| *b == id) {
            Some(i) => {
                self.expanded.remove(i);
            }
            None => self.expanded.push(id),
        }
        self.rebuild_layout(self.layout.portrait);
    }

    /// Whether broker `id`'s card shows its log rows in a strip layout.
    pub(super) fn is_expanded(&self, id: u32) -> bool {
        self.expanded.contains(&id)
    }

    /// The layout again (orientation or expanded brokers changed), and a frame drawn on it.
    fn rebuild_layout(&mut self, portrait: bool) {
        self.layout = lay_out(&self.scene, portrait, &self.expanded);
        let f = Rc::new(frame(&self.scene, &self.layout, self.sim.now()));
        self.cards = f.clone();
        self.frame = f;
    }

    pub(super) fn drain(&mut self) {
        while let Some(e) = self.sim.poll_trace() {
            self.scene.apply(&e);
        }
        let f = Rc::new(frame(&self.scene, &self.layout, self.sim.now()));
        let c = &self.cards;
        if f.brokers != c.brokers
            || f.producers != c.producers
            || f.groups != c.groups
            || f.consumers != c.consumers
        {
            self.cards = f.clone();
        }
        self.frame = f;
    }

    pub(super) fn advance_to(&mut self, t: Instant) {
        self.sim.run_until(t);
        self.drain();
    }
}

fn lay_out(scene: &Scene, portrait: bool, expanded: &[u32]) -> Layout {
    if portrait {
        Layout::portrait_expanded(scene, expanded)
    } else {
        Layout::expanded(scene, expanded)
    }
}
