//! The record inspector: a record's life, its verdict and why (built by `viz::inspector`). It follows the record
//! while the run plays; a step's time seeks there.
//!
//! Test hooks: `record-inspector` (`data-record-id`: the record id as the stage's cells carry it; `data-verdict`:
//! `safe`, `lost`, `duplicated`, `reordered`, `consumed-twice`, `failed` or `pending`; `data-verdicts`: every
//! verdict that applies), `inspector-why`, `inspector-step` (one per line of the life, `data-at-ms`),
//! `inspector-close`.

use crate::i18n::{t, tf};
use crate::viz::frame::seconds;
use crate::viz::inspector::Inspection;
use std::rc::Rc;
use yew::prelude::*;

/// Lines of the life shown at most (the newest are kept: the life of a record read by many fetches is long).
const SHOWN_STEPS: usize = 60;

/// Props.
#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    /// What to show.
    pub inspection: Rc<Inspection>,
    /// Seek to this virtual time (ms).
    pub on_seek: Callback<f64>,
    /// Close the inspector.
    pub on_close: Callback<()>,
}

/// The inspector.
#[function_component(InspectorView)]
pub fn inspector_view(props: &InspectorProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let i = &props.inspection;
    let verdict = i.verdict().name();
    let all: Vec<&str> = i.verdicts.iter().map(|v| v.name()).collect();
    let skipped = i.steps.len().saturating_sub(SHOWN_STEPS);
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="inspector" data-testid="record-inspector" data-record-id={i.record.0.to_string()}
                 data-verdict={verdict} data-verdicts={all.join(" ")} aria-label={t("inspector.aria")}>
            <header class="inspector__head">
                <h2 class="inspector__title">{ i.title.clone() }</h2>
                <span class={classes!("verdict", format!("verdict--{verdict}"))}>{ verdict }</span>
                <button class="inspector__close" data-testid="inspector-close" aria-label={t("inspector.close")} onclick={on_close}>{ "×" }</button>
            </header>
            <p class="inspector__why" data-testid="inspector-why">{ i.why.clone() }</p>
            if all.len() > 1 {
                <p class="inspector__also">{ tf("inspector.also", &[("verdicts", &all[1..].join(", "))]) }</p>
            }
            <dl class="inspector__facts">
                { for i.facts.iter().map(|(k, v)| html! {
                    <div class="inspector__fact"><dt>{ *k }</dt><dd>{ v.clone() }</dd></div>
                }) }
            </dl>
            <ol class="inspector__steps">
                if skipped > 0 {
                    <li class="inspector__more">{ tf("inspector.skipped", &[("n", &skipped.to_string())]) }</li>
                }
                { for i.steps.iter().skip(skipped).map(|s| {
                    let ms = s.at.0 as f64 / 1000.0;
                    let seek = props.on_seek.reform(move |_: MouseEvent| ms);
                    html! {
                        <li class={classes!("inspector__step", format!("inspector__step--{}", s.stage), s.bad.then_some("inspector__step--bad"))}
                            data-testid="inspector-step" data-at-ms={(s.at.0 / 1000).to_string()}>
                            <button class="inspector__time" title={t("inspector.seek")} onclick={seek}>{ seconds(s.at) }</button>
                            <span class="inspector__text"><span class="inspector__stage">{ s.stage_label() }</span>{ s.text.clone() }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
