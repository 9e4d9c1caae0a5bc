//! "Compare with…": run B, a copy of the scenario with edits (same seed, same faults), kept at run A's instant;
//! the differences, B's ledger and B's charts (A's are above in the panel).
//!
//! Test hooks: `compare` (the table, `data-summary`), `compare-row` (`data-field`, `data-a`, `data-b`,
//! `data-differs`), `compare-edits` (the text), `compare-start`, `compare-stop`, `compare-error`, `compare-ledger`.

use crate::engine::guarantees::Guarantees;
use crate::i18n::{t, tf};
use crate::ui::components::charts::ChartsView;
use crate::ui::components::ledger::LedgerView;
use crate::viz::charts::Chart;
use crate::viz::compare::Row;
use crate::viz::timeline::series::Series;
use std::rc::Rc;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What a comparison shows now.
#[derive(Clone, PartialEq)]
pub struct CompareState {
    /// The edits as the link carries them.
    pub text: String,
    /// The rows (A, B).
    pub rows: Vec<Row>,
    /// The differences in one line.
    pub summary: String,
    /// Why B cannot run, if it cannot.
    pub error: Option<String>,
    /// B's ledger and its instant (ms).
    pub ledger: Option<(Rc<Guarantees>, u64)>,
    /// B's series and charts.
    pub series: Rc<Series>,
    /// B's charts.
    pub charts: Rc<Vec<Chart>>,
}

/// Props.
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The edits typed so far.
    pub draft: String,
    /// Why the typed edits were refused.
    pub error: Option<String>,
    /// The comparison, while one runs.
    pub state: Option<Rc<CompareState>>,
    /// Group names (B's ledger).
    pub groups: Vec<String>,
    /// The instant shown and the run's end, µs (B's charts' cursor).
    pub now_us: u64,
    /// The run's end, µs.
    pub end_us: u64,
    /// Seek (a click on B's chart).
    pub on_seek: Callback<f64>,
    /// The edits' text changed.
    pub on_draft: Callback<String>,
    /// Start comparing with the typed edits.
    pub on_start: Callback<()>,
    /// Stop comparing.
    pub on_stop: Callback<()>,
}

/// Edits offered with one click (the tutorial's comparisons).
const SUGGESTIONS: [&str; 4] = [
    "producers.acks=all",
    "producers.enable.idempotence=true",
    "producers.max.in.flight.requests.per.connection=1",
    "groups.enable.auto.commit=false",
];

/// The comparison section.
#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let on_input = props
        .on_draft
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    let start = props.on_start.reform(|_: MouseEvent| ());
    let stop = props.on_stop.reform(|_: MouseEvent| ());
    html! {
        <div class="compare-panel">
            <textarea class="compare__edits" data-testid="compare-edits" rows="2" spellcheck="false"
                      aria-label={t("compare.edits")}
                      placeholder="producers.acks=all" value={props.draft.clone()} oninput={on_input} />
            <div class="compare__suggestions">
                { for SUGGESTIONS.iter().map(|s| {
                    let text = s.to_string();
                    html! { <button class="button button--small compare__suggestion" onclick={props.on_draft.reform(move |_: MouseEvent| text.clone())}>{ *s }</button> }
                }) }
            </div>
            <div class="compare__actions">
                <button class="button button--small button--primary" data-testid="compare-start" onclick={start}>
                    { if props.state.is_some() { t("compare.again") } else { t("compare.start") } }
                </button>
                if props.state.is_some() {
                    <button class="button button--small" data-testid="compare-stop" onclick={stop}>{ t("compare.stop") }</button>
                }
            </div>
            { for props.error.iter().map(|e| html! { <p class="compare__error" data-testid="compare-error" role="alert">{ e.clone() }</p> }) }
            { for props.state.iter().map(|s| html! {
                <>
                    { for s.error.iter().map(|e| html! { <p class="compare__error" data-testid="compare-error" role="alert">{ e.clone() }</p> }) }
                    <p class="compare__summary">{ format!("{} ", tf("compare.summary", &[("edits", &s.text)])) }<strong>{ s.summary.clone() }</strong></p>
                    <table class="compare" data-testid="compare" data-summary={s.summary.clone()}>
                        <thead><tr><th>{ "" }</th><th>{ "A" }</th><th>{ "B" }</th></tr></thead>
                        <tbody>
                            { for s.rows.iter().map(|r| html! {
                                <tr class={classes!("compare__row", r.differs().then_some("compare__row--differs"))} data-testid="compare-row"
                                    data-field={r.field} data-a={r.a.clone()} data-b={r.b.clone()} data-differs={r.differs().to_string()}>
                                    <th scope="row">{ r.label }</th><td>{ r.a.clone() }</td><td>{ r.b.clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    if s.error.is_none() {
                        <h3 class="compare__heading">{ t("compare.ledger") }</h3>
                        <div data-testid="compare-ledger">
                            <LedgerView ledger={s.ledger.clone()} groups={props.groups.clone()} on_record={Callback::noop()} />
                        </div>
                        <details class="compare__charts">
                            <summary>{ t("compare.charts") }</summary>
                            <ChartsView charts={s.charts.clone()} series={s.series.clone()} now_us={props.now_us} end_us={props.end_us} on_seek={props.on_seek.clone()} />
                        </details>
                    }
                </>
            }) }
        </div>
    }
}
