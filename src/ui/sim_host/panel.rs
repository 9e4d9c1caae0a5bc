//! The side panel: a "Run" tab (what to watch, counts, share, interventions, notes, dead letters, legend,
//! calculators, warnings) and a "Scenario" tab with the editor.

use super::{Msg, Run, SimHost, Tab, DEAD_LETTER_ROWS};
use crate::i18n::{t, tf};
use crate::scenario::Action;
use crate::ui::components::charts::ChartsView;
use crate::ui::components::dead_letters::DeadLetters;
use crate::ui::components::editor::Editor;
use crate::ui::components::event_log::EventLog;
use crate::ui::components::ledger::LedgerView;
use crate::ui::components::panel::{AssignCalculator, Calculator, Legend};
use crate::ui::components::timeline::MarkerList;
use crate::ui::components::use_renders;
use crate::viz::frame::seconds;
use crate::viz::scene::{Note, Totals};
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
                // Embedded, the lesson has its own panel (`panel=lesson`) or none.
                if !ctx.props().route.view.embed {
                    { self.lesson_view(ctx) }
                }
                <div class="tabs" role="tablist" aria-label={t("panel.tabs_aria")}>
                    { tab(Tab::Run, t("panel.tab_run"), "tab-run") }
                    { tab(Tab::Scenario, t("panel.tab_scenario"), "edit") }
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
        html! {
            <>
                { self.inspector_view(run) }
                <ScenarioWords title={scenario.title.clone()} watch={scenario.watch.clone()} />
                // Offset commits are not among the counts shown: zeroed, they do not redraw the section.
                <Counts totals={Totals { commits: 0, ..run.scene().totals.clone() }}
                        lost_acked={self.ledger.as_ref().map(|(g, _)| g.counts.lost_acked)} />
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.ledger") }</h2>
                    <p class="panel__hint">{ t("panel.ledger_hint") }</p>
                    <LedgerView ledger={self.ledger.clone()} groups={run.scene().groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>()}
                                on_record={self.on_record.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.compare") }</h2>
                    <p class="panel__hint">{ t("panel.compare_hint") }</p>
                    { self.compare_view(ctx, run) }
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.charts") }</h2>
                    <p class="panel__hint">{ t("panel.charts_hint") }</p>
                    <ChartsView charts={run.charts.clone()} series={run.series.clone()} now_us={now.0} end_us={sim.end().0}
                                on_seek={self.on_seek.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.sequence") }</h2>
                    <p class="panel__hint">{ t("panel.sequence_hint") }</p>
                    { self.sequence_view(run) }
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.event_log") }</h2>
                    <EventLog markers={MarkerList(run.markers.clone())} on_seek={self.on_seek.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.share") }</h2>
                    <p class="panel__hint">{ t("panel.share_hint") }</p>
                    <button class="button button--small" data-testid="share" onclick={link.callback(|_| Msg::Share)}>
                        { tf("panel.share_link", &[("t", &seconds(now))]) }
                    </button>
                    { for self.share_link.as_ref().map(|l| html! {
                        <input class="share__link" type="text" readonly=true data-testid="share-link" value={l.clone()}
                               aria-label={t("panel.share_link_aria")} onfocus={Callback::from(|e: FocusEvent| {
                                   if let Some(i) = e.target_dyn_into::<HtmlInputElement>() { i.select(); }
                               })} />
                    }) }
                </section>
                <Interventions consumers={run.scene().consumers.iter().map(|c| c.idx.0).collect::<Vec<_>>()}
                               send={self.send.clone()} />
                <Notes notes={run.scene().notes.iter().rev().take(10).cloned().collect::<Vec<_>>()} />
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.dead_letters") }</h2>
                    <DeadLetters groups={crate::viz::frame::dead_letter_groups(run.scene(), DEAD_LETTER_ROWS)} on_record={self.on_record.clone()} />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.legend") }</h2>
                    <Legend />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.partition_calc") }</h2>
                    <Calculator />
                </section>
                <section class="panel__section">
                    <h2 class="panel__heading">{ t("panel.assign_calc") }</h2>
                    <AssignCalculator />
                </section>
                { for (!sim.warnings().is_empty()).then(|| html! {
                    <section class="panel__section">
                        <h2 class="panel__heading">{ t("panel.warnings") }</h2>
                        <ul class="warnings">{ for sim.warnings().iter().map(|w| html! { <li>{ w.clone() }</li> }) }</ul>
                    </section>
                }) }
                <p class="panel__footer">
                    { tf("panel.footer", &[("seed", &scenario.seed.to_string()), ("events", &sim.events().to_string()), ("trace", &sim.trace_hash())]) }
                </p>
            </>
        }
    }
}

/// Props of [`ScenarioWords`]: the running scenario's own title and what-to-watch note.
#[derive(Properties, PartialEq)]
struct ScenarioWordsProps {
    title: String,
    watch: String,
}

/// The scenario's title and what to watch, in the page's language.
#[function_component(ScenarioWords)]
fn scenario_words(props: &ScenarioWordsProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let (title, watch) = preset_words(&props.title, &props.watch);
    html! {
        <section class="panel__section" data-testid="scenario-words" data-renders={renders}>
            <h1 class="panel__title" data-testid="scenario-title">{ if props.title.is_empty() { t("panel.custom_title").to_string() } else { title } }</h1>
            <h2 class="panel__heading">{ t("panel.watch") }</h2>
            <p class="panel__watch" data-testid="watch">{ if props.watch.is_empty() { t("panel.watch_default").to_string() } else { watch } }</p>
        </section>
    }
}

/// Props of [`Counts`].
#[derive(Properties, PartialEq)]
struct CountsProps {
    totals: Totals,
    /// Acknowledged records missing from every replica's log, by the guarantees ledger (`None`: not made yet).
    lost_acked: Option<u64>,
}

/// The run's counts: drawn again only when one of them moved.
#[function_component(Counts)]
fn counts(props: &CountsProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let totals = &props.totals;
    html! {
        <section class="panel__section" data-testid="counts" data-renders={renders}>
            <h2 class="panel__heading">{ t("panel.counts") }</h2>
            <dl class="stats">
                <div class="stats__item"><dt>{ t("counts.sent") }</dt><dd data-testid="sent-count">{ totals.sent }</dd></div>
                <div class="stats__item"><dt>{ t("counts.acked") }</dt><dd data-testid="acked-count">{ totals.acked }</dd></div>
                <div class="stats__item"><dt>{ t("counts.failed") }</dt><dd data-testid="failed-count">{ totals.failed }</dd></div>
                <div class="stats__item"><dt>{ t("counts.consumed") }</dt><dd data-testid="consumed-count">{ totals.consumed }</dd></div>
                <div class="stats__item"><dt>{ t("counts.rebalances") }</dt><dd>{ totals.rebalances }</dd></div>
                <div class="stats__item"><dt>{ t("counts.dropped") }</dt><dd>{ totals.dropped }</dd></div>
                <div class="stats__item"><dt>{ t("counts.unclean") }</dt><dd>{ totals.unclean_elections }</dd></div>
                <div class="stats__item"><dt>{ t("counts.truncated") }</dt><dd>{ totals.truncated }</dd></div>
                <div class="stats__item" title={t("counts.lost_acked_title")}>
                    <dt>{ t("counts.lost_acked") }</dt>
                    <dd data-testid="lost-acked-count">{ props.lost_acked.map_or_else(|| "…".to_string(), |n| n.to_string()) }</dd>
                </div>
            </dl>
        </section>
    }
}

/// Props of [`Interventions`].
#[derive(Properties, PartialEq)]
struct InterventionsProps {
    /// The consumers' indexes.
    consumers: Vec<u16>,
    send: Callback<Msg>,
}

/// Crash or restart a consumer.
#[function_component(Interventions)]
fn interventions(props: &InterventionsProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let act = |a: Action| {
        let s = props.send.clone();
        Callback::from(move |_: MouseEvent| s.emit(Msg::Intervene(a.clone())))
    };
    html! {
        <section class="panel__section" data-testid="interventions" data-renders={renders}>
            <h2 class="panel__heading">{ t("panel.interventions") }</h2>
            <p class="panel__hint">{ t("panel.interventions_hint") }</p>
            <ul class="interventions">
                { for props.consumers.iter().map(|&i| html! {
                    <li class="interventions__row">
                        <span class="interventions__name">{ format!("consumer-{i}") }</span>
                        <button class="button button--small button--danger" data-testid={format!("crash-consumer-{i}")}
                                onclick={act(Action::CrashConsumer { consumer: i })}>{ t("panel.crash") }</button>
                        <button class="button button--small" data-testid={format!("restart-consumer-{i}")}
                                onclick={act(Action::RestartConsumer { consumer: i })}>{ t("panel.restart") }</button>
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// Props of [`Notes`].
#[derive(Properties, PartialEq)]
struct NotesProps {
    /// The newest notes, newest first.
    notes: Vec<Note>,
}

/// The last notes (errors, elections, crashes), newest first.
#[function_component(Notes)]
fn notes(props: &NotesProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    html! {
        <section class="panel__section" data-testid="notes-section" data-renders={renders}>
            <h2 class="panel__heading">{ t("panel.notes") }</h2>
            <ol class="notes" data-testid="notes">
                { for props.notes.iter().map(|n| html! {
                    <li class={classes!("notes__item", n.error.then_some("notes__item--error"))}>
                        <span class="notes__time">{ seconds(n.at) }</span>{ n.text() }
                    </li>
                }) }
            </ol>
        </section>
    }
}

/// The scenario's title and what-to-watch note in the page's language: a preset's own (its catalogue entries,
/// `preset.NAME.title` and `.watch`) while the scenario still carries that preset's English title, else the
/// scenario's own words (a user's scenario is shown as written).
fn preset_words(title: &str, watch: &str) -> (String, String) {
    thread_local! {
        // (title, watch, name) of every preset, made once: the panel is drawn on every frame.
        static WORDS: Vec<(String, String, &'static str)> = crate::scenario::presets::all()
            .into_iter()
            .map(|(n, p)| (p.title, p.watch, n))
            .collect();
    }
    let preset = WORDS.with(|w| {
        w.iter()
            .find(|(t, w, _)| t == title && w == watch)
            .map(|(_, _, n)| *n)
    });
    match preset {
        Some(n) => (
            t(&format!("preset.{n}.title")).to_string(),
            t(&format!("preset.{n}.watch")).to_string(),
        ),
        None => (title.to_string(), watch.to_string()),
    }
}
