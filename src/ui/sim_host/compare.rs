//! "Compare with…" on the page: run B is brought to run A's instant, and its ledger, charts and the table of
//! differences made again, on the ledger's cadence (at once when paused, at most every 250 ms while playing). The
//! edits go in the address (`&compare=`), so a link opens the comparison.

use super::{Msg, Run, SimHost};
use crate::i18n::tf;
use crate::ui::components::compare::{CompareState, CompareView};
use crate::viz::charts::charts;
use crate::viz::compare::{rows, summary, Comparison, Side};
use std::rc::Rc;
use yew::prelude::*;

impl SimHost {
    /// Starts (or restarts) comparing with the typed edits; `false` if they were refused (the error says why).
    pub(super) fn open_compare(&mut self) -> bool {
        let Some(run) = self.run.as_ref() else {
            return false;
        };
        match Comparison::new(&self.compare_draft, run.sim().scenario()) {
            Ok(c) => {
                self.compare_draft = c.text();
                self.compare = Some(c);
                self.compare_error = None;
                self.compare_state = None;
                self.follow_compare();
                self.refresh_compare();
                true
            }
            Err(e) => {
                self.compare_error = Some(tf(
                    "compare.refused",
                    &[("error", &crate::scenario::explain::explain(&e.to_string()))],
                ));
                false
            }
        }
    }

    /// The compare messages.
    pub(super) fn compare_update(&mut self, ctx: &Context<Self>, msg: CompareMsg) -> bool {
        match msg {
            CompareMsg::Draft(t) => {
                self.compare_draft = t;
                self.compare_error = None;
            }
            CompareMsg::Start => {
                if self.open_compare() {
                    self.rewrite_address(ctx);
                }
            }
            CompareMsg::Stop => {
                self.compare = None;
                self.compare_state = None;
                self.rewrite_address(ctx);
            }
        }
        true
    }

    /// Brings run B to run A's instant.
    pub(super) fn follow_compare(&mut self) {
        if let (Some(c), Some(run)) = (self.compare.as_mut(), self.run.as_ref()) {
            c.follow(run.timeline());
        }
    }

    /// Makes B's ledger, charts and the table again.
    pub(super) fn refresh_compare(&mut self) {
        let (Some(c), Some(run)) = (self.compare.as_ref(), self.run.as_ref()) else {
            return;
        };
        let a = run.timeline();
        let ga = a.sim().guarantees();
        let state = match c.b() {
            Ok(b) => {
                let gb = b.sim().guarantees();
                let rows = rows(
                    &Side {
                        ledger: &ga,
                        series: a.series(),
                        scene: a.scene(),
                    },
                    &Side {
                        ledger: &gb,
                        series: b.series(),
                        scene: b.scene(),
                    },
                );
                let keep = self
                    .compare_state
                    .as_ref()
                    .filter(|s| *s.series == *b.series());
                let (series, charts) = match keep {
                    Some(s) => (s.series.clone(), s.charts.clone()),
                    None => (
                        Rc::new(b.series().clone()),
                        Rc::new(charts(b.series(), b.scene(), b.sim().end())),
                    ),
                };
                CompareState {
                    text: c.text(),
                    summary: summary(&rows),
                    rows,
                    error: None,
                    ledger: Some((Rc::new(gb), b.sim().now().as_ms())),
                    series,
                    charts,
                }
            }
            Err(e) => CompareState {
                text: c.text(),
                rows: Vec::new(),
                summary: String::new(),
                error: Some(e.to_string()),
                ledger: None,
                series: run.series.clone(),
                charts: Rc::new(Vec::new()),
            },
        };
        self.compare_state = Some(Rc::new(state));
    }

    /// The section.
    pub(super) fn compare_view(&self, ctx: &Context<Self>, run: &Run) -> Html {
        let link = ctx.link();
        html! {
            <CompareView draft={self.compare_draft.clone()} error={self.compare_error.clone()} state={self.compare_state.clone()}
                         groups={run.scene().groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>()}
                         now_us={run.sim().now().0} end_us={run.sim().end().0} on_seek={self.on_seek.clone()}
                         on_draft={link.callback(|t| Msg::Compare(CompareMsg::Draft(t)))}
                         on_start={link.callback(|()| Msg::Compare(CompareMsg::Start))}
                         on_stop={link.callback(|()| Msg::Compare(CompareMsg::Stop))} />
        }
    }
}

/// What the compare section asks of the host.
pub enum CompareMsg {
    /// The edits' text changed.
    Draft(String),
    /// Compare with the typed edits.
    Start,
    /// Stop comparing.
    Stop,
}
