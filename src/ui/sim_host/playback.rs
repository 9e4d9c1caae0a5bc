//! Playback: the animation frame that plays the run forward, play and pause, steps forward and back, seeks on the
//! timeline, interventions (which fork the run when made in the past) and undoing a fork.

use super::{now_ms, SimHost, MAX_WALL_DT_MS};
use crate::engine::time::Instant;
use crate::scenario::Action;
use yew::prelude::*;

impl SimHost {
    /// One animation frame: `virtual_now += clamp(wall_dt) * speed`, then play to it.
    pub(super) fn tick(&mut self, ctx: &Context<Self>, ts: f64) -> bool {
        self.raf = None;
        if !self.playing {
            self.last_wall_ms = None;
            return false;
        }
        let dt = self
            .last_wall_ms
            .map(|l| (ts - l).clamp(0.0, MAX_WALL_DT_MS))
            .unwrap_or(0.0);
        self.last_wall_ms = Some(ts);
        if let Some(run) = self.run.as_mut() {
            let end = run.sim().end().0 as f64;
            let stop = self.pause_at.map_or(end, |t| (t.0 as f64).min(end));
            self.virtual_us = (self.virtual_us + dt * 1000.0 * self.speed).min(stop);
            let t0 = now_ms();
            run.play_to(Instant(self.virtual_us as u64), ts);
            self.frame_ms = now_ms() - t0;
            if run.sim().now() >= run.sim().end() || self.virtual_us >= stop {
                self.playing = false;
                self.pause_at = None;
            }
        }
        self.check();
        // Play stopped on this frame (the end, `pause_at`, or a violation `check` found): the cards may hold a
        // frame back while playing, and a stopped run shows its instant exactly.
        if !self.playing {
            if let Some(run) = self.run.as_mut() {
                run.refresh();
            }
        }
        self.schedule(ctx);
        true
    }

    pub(super) fn toggle_play(&mut self, ctx: &Context<Self>) -> bool {
        self.pause_at = None;
        if self.playing {
            self.playing = false;
            self.raf = None;
            if let Some(run) = self.run.as_mut() {
                run.refresh();
            }
            self.check();
            return true;
        }
        if self.at_end() {
            // Play the run (with its interventions) again from the start.
            self.go_to(Instant(0));
        }
        if self.violation.is_none() {
            self.playing = true;
            self.last_wall_ms = None;
            self.schedule(ctx);
        }
        true
    }

    /// Pauses, then moves the run with `f` and takes up its instant.
    fn paused(&mut self, f: impl FnOnce(&mut super::run::Run)) -> bool {
        self.playing = false;
        self.pause_at = None;
        self.raf = None;
        self.picked = None;
        if let Some(run) = self.run.as_mut() {
            f(run);
            self.virtual_us = run.sim().now().0 as f64;
        }
        // A violation is a fact of the run's future: back before it, the run may play again.
        self.violation = None;
        self.check();
        true
    }

    pub(super) fn go_to(&mut self, t: Instant) {
        self.paused(|run| run.seek(t));
    }

    /// `.`: the next event that changes the picture; `,` (`back`): the previous one.
    pub(super) fn step(&mut self, back: bool) -> bool {
        self.paused(|run| {
            if back {
                run.step_back();
            } else {
                run.step();
            }
        })
    }

    /// The timeline was dragged, clicked or moved by keyboard to `ms`.
    pub(super) fn seek(&mut self, ms: f64) -> bool {
        let us = if ms.is_finite() {
            (ms.max(0.0) * 1000.0) as u64
        } else {
            0
        };
        self.go_to(Instant(us));
        true
    }

    /// An intervention from the page: runs now, forks the run if there were later interventions, and the address
    /// is rewritten to replay it from the start (no `t=`).
    pub(super) fn intervene(&mut self, ctx: &Context<Self>, action: Action) -> bool {
        self.close_menu();
        if let Some(run) = self.run.as_mut() {
            if let Err(e) = run.intervene(action) {
                self.url_error = Some(crate::i18n::tf(
                    "run.intervention_refused",
                    &[("why", &crate::scenario::explain::explain(&e.to_string()))],
                ));
                return true;
            }
        }
        self.after_actions_changed(ctx);
        true
    }

    /// Puts back the interventions the last fork dropped, at the instant of the fork.
    pub(super) fn undo_fork(&mut self, ctx: &Context<Self>) -> bool {
        let undone = self.run.as_mut().is_some_and(|r| r.undo_fork());
        if undone {
            self.paused(|_| {});
            self.after_actions_changed(ctx);
        }
        undone
    }

    pub(super) fn after_actions_changed(&mut self, ctx: &Context<Self>) {
        self.rewrite_address(ctx);
        if let Some(run) = &self.run {
            self.virtual_us = run.sim().now().0 as f64;
        }
        self.sync_running();
        self.check();
    }
}

impl SimHost {
    /// After a fork: what it dropped, with one step of undo (`fork-notice`, `undo-fork`).
    pub(super) fn fork_notice(&self, ctx: &Context<Self>, run: &super::run::Run) -> Html {
        let Some(f) = run.timeline().fork() else {
            return html! {};
        };
        let n = f.dropped;
        html! {
            <p class="stage__fork" data-testid="fork-notice" data-dropped={n.to_string()} role="status">
                { if n == 1 {
                    crate::i18n::tf("fork.notice_one", &[("t", &crate::viz::frame::seconds(f.at)), ("n", "1")])
                } else {
                    crate::i18n::tf("fork.notice", &[("t", &crate::viz::frame::seconds(f.at)), ("n", &n.to_string())])
                } }
                <button class="button button--small" data-testid="undo-fork" onclick={ctx.link().callback(|_| super::Msg::UndoFork)}>
                    { crate::i18n::t("fork.undo") }
                </button>
            </p>
        }
    }
}
