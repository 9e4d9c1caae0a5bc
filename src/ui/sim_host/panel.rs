//! The side panel: a "Run" tab (what to watch, counts, share, interventions, notes, dead letters, legend,
//! calculators, warnings) and a "Scenario" tab with the editor.

use super::{Msg, Run, SimHost, Tab, DEAD_LETTER_ROWS};
use crate::scenario::Action;
use crate::ui::components::charts::ChartsView;
use crate::ui::components::dead_letters::DeadLetters;
use crate::ui::components::editor::Editor;
use crate::ui::components::event_log::EventLog;
use crate::ui::components::ledger::LedgerView;
use crate::ui::components::panel::{AssignCalculator, Calculator, Legend};
use crate::ui::components::timeline::MarkerList;
use crate::viz::frame::seconds;
use web_sys::HtmlInputElement;
use yew::prelude::*;

impl SimHost {
    pub(super) fn side_panel(&self, ctx: &Context<Self>, run: &Run) -> Html {
        let link = ctx.link();
        let tab = |t: Tab, label: &str, testid: &str| {
            html! {
                <button class={classes!("tabs__tab", (self.tab == t).then_some("tabs__tab--active"))} role="tab"
                        aria-selected={(self.tab == t).to_string()} data-testid={testid.to_string()}
                        onclick={link.callback(move |_| Msg::Tab(t))}>{ label.to_string() }</button>
            }
        };
        html! {
            <aside class="panel" data-testid="side-panel">
                <div class="tabs" role="tablist" aria-label="side panel">
                    { tab(Tab::Run, "Run", "tab-run") }
                    { tab(Tab::Scenario, "Scenario", "edit") }
                </div>
                if self.tab == Tab::Scenario {
                    <Editor running={self.running.clone()} preset={self.base_preset.clone()}
                            on_apply={self.on_apply.clone()} on_reset={self.on_reset.clone()} />
                } else {
                    { self.run_tab(ctx, run) }
                }
            </aside>
        }
    }

    fn run_tab(&self, ctx: &Context<Self>, run: &Run) -> Html {
        let link = ctx.link();
        let sim = run.sim();
        let scenario = sim.scenario();
        let now = sim.now();
        let totals = &run.scene().totals;
        html! {
            <>
                { self.inspector_view(run) }
                <section class="panel__section">
                    <h1 class="panel__title" data-testid="scenario-title">{ if scenario.title.is_empty() { "Custom scenario".to_string() } else { scenario.title.clone() } }</h1>
                    <h2 class="panel__heading">{ "What to watch" }</h2>
                    <p class="panel__watch" data-testid="watch">{ if scenario.watch.is_empty() { "Press play and watch records flow from producers to partition leaders, get replicated to followers, and reach consumers once they are below the high watermark (HW).".to_string() } else { scenario.watch.clone() } }</p>
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Counts" }</h2>
                    <dl class="stats">
                        <div class="stats__item"><dt>{ "records sent" }</dt><dd data-testid="sent-count">{ totals.sent }</dd></div>
                        <div class="stats__item"><dt>{ "acked" }</dt><dd data-testid="acked-count">{ totals.acked }</dd></div>
                        <div class="stats__item"><dt>{ "failed" }</dt><dd data-testid="failed-count">{ totals.failed }</dd></div>
                        <div class="stats__item"><dt>{ "consumed" }</dt><dd data-testid="consumed-count">{ totals.consumed }</dd></div>
                        <div class="stats__item"><dt>{ "rebalances" }</dt><dd>{ totals.rebalances }</dd></div>
                        <div class="stats__item"><dt>{ "messages lost" }</dt><dd>{ totals.dropped }</dd></div>
                        <div class="stats__item"><dt>{ "unclean elections" }</dt><dd>{ totals.unclean_elections }</dd></div>
                        <div class="stats__item"><dt>{ "records truncated" }</dt><dd>{ totals.truncated }</dd></div>
                    <div class="stats__item" title="acknowledged records missing from the partition logs (the ledger's count)">
                        <dt>{ "acked, then lost" }</dt>
                        <dd data-testid="lost-acked-count">{ self.ledger.as_ref().map_or_else(|| "…".to_string(), |(g, _)| g.counts.lost_acked.to_string()) }</dd>
                    </div>
                    </dl>
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Guarantees ledger" }</h2>
                    <p class="panel__hint">{ "What the CLI report says for a run stopped at this instant. Open a broken guarantee to see its records." }</p>
                    <LedgerView ledger={self.ledger.clone()} groups={run.scene().groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>()}
                                on_record={self.on_record.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Compare with…" }</h2>
                    <p class="panel__hint">{ "Run B: this scenario with config edits, on the same seed and with the same faults, at this instant. One edit per line, scope.key=value (producers., groups., topics., cluster.)." }</p>
                    { self.compare_view(ctx, run) }
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Charts" }</h2>
                    <p class="panel__hint">{ "Over the whole run, as far as it has been played; shaded: a fault in force. The line is the instant shown." }</p>
                    <ChartsView charts={run.charts.clone()} series={run.series.clone()} now_us={now.0} end_us={sim.end().0}
                                on_seek={self.on_seek.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Message sequence diagram" }</h2>
                    <p class="panel__hint">{ "Every message of a window before the instant shown: one lane per node, time going down." }</p>
                    { self.sequence_view(run) }
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Event log" }</h2>
                    <EventLog markers={MarkerList(run.markers.clone())} on_seek={self.on_seek.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Share" }</h2>
                    <p class="panel__hint">{ "The address bar always replays this run (with your interventions). A link to this moment also opens it paused at the current time." }</p>
                    <button class="button button--small" data-testid="share" onclick={link.callback(|_| Msg::Share)}>
                        { format!("Link to t = {}", seconds(now)) }
                    </button>
                    { for self.share_link.as_ref().map(|l| html! {
                        <input class="share__link" type="text" readonly=true data-testid="share-link" value={l.clone()}
                               aria-label="link to this moment" onfocus={Callback::from(|e: FocusEvent| {
                                   if let Some(i) = e.target_dyn_into::<HtmlInputElement>() { i.select(); }
                               })} />
                    }) }
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Interventions" }</h2>
                    <p class="panel__hint">{ "Click a broker to crash, restart, isolate or shut it down, cut one of its links or slow its follower fetches. Each intervention is added to the link, so a reload replays it." }</p>
                    <ul class="interventions">
                        { for run.scene().consumers.iter().map(|c| {
                            let i = c.idx.0;
                            html! {
                                <li class="interventions__row">
                                    <span class="interventions__name">{ format!("consumer-{i}") }</span>
                                    <button class="button button--small button--danger" data-testid={format!("crash-consumer-{i}")}
                                            onclick={link.callback(move |_| Msg::Intervene(Action::CrashConsumer { consumer: i }))}>{ "Crash" }</button>
                                    <button class="button button--small" data-testid={format!("restart-consumer-{i}")}
                                            onclick={link.callback(move |_| Msg::Intervene(Action::RestartConsumer { consumer: i }))}>{ "Restart" }</button>
                                </li>
                            }
                        }) }
                    </ul>
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "What just happened" }</h2>
                    <ol class="notes" data-testid="notes">
                        { for run.scene().notes.iter().rev().take(10).map(|n| html! {
                            <li class={classes!("notes__item", n.error.then_some("notes__item--error"))}>
                                <span class="notes__time">{ seconds(n.at) }</span>{ n.text.clone() }
                            </li>
                        }) }
                    </ol>
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Dead letters (failed sends)" }</h2>
                    <DeadLetters groups={crate::viz::frame::dead_letter_groups(run.scene(), DEAD_LETTER_ROWS)} on_record={self.on_record.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Legend" }</h2>
                    <Legend />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Partition calculator" }</h2>
                    <Calculator />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ "Assignment calculator" }</h2>
                    <AssignCalculator />
                </section>
                { for (!sim.warnings().is_empty()).then(|| html! {
                    <section class="panel__section">
                        <h2 class="panel__heading">{ "Config warnings" }</h2>
                        <ul class="warnings">{ for sim.warnings().iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                    </section>
                }) }
                <p class="panel__footer">
                    { format!("seed {} · {} events delivered · trace {}", scenario.seed, sim.events(), sim.trace_hash()) }
                </p>
            </>
        }
    }
}
