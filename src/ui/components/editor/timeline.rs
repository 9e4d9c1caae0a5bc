//! The timeline: every timed action in time order, each with its time and its own fields (target, duration, count,
//! error), removable; and a row to add any action type the format supports.

use super::rows::View;
use super::Msg;
use crate::i18n::{t, tf};
use crate::scenario::edit::Scope;
use crate::scenario::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The action fields shown for editing, with their units.
fn unit(key: &str) -> &'static str {
    match key {
        "delay_ms" | "ms" => "ms",
        _ => "",
    }
}

/// The timeline section.
pub fn timeline(v: &View<'_>, kind: &str, at: &str, error: Option<&str>) -> Html {
    let rows = v.d.timeline();
    let link = v.link;
    html! {
        <details class="editor__section" open=true data-testid="editor-timeline">
            <summary class="editor__heading">{ tf("editor.timeline.heading", &[("n", &rows.len().to_string())]) }</summary>
            <p class="prop__doc">{ t("editor.timeline.doc") }</p>
            <ol class="actions" data-testid="editor-actions">
                { for rows.into_iter().map(|(i, a)| {
                    let s = Scope::Action(i);
                    let fields: Vec<String> = crate::scenario::json::action_value(&a.action)
                        .and_then(|v| v.as_object().map(|o| o.keys().filter(|k| *k != "type").cloned().collect()))
                        .unwrap_or_default();
                    html! {
                        <li class="actions__row" key={format!("action-{i}")} data-testid={format!("action-{i}")} data-kind={a.action.kind()}>
                            <div class="editor__item-head">
                                <span class="editor__item-title">{ format!("{} ms: {}", a.at_ms, a.action.describe()) }</span>
                                { v.remove(s, t("editor.action.remove")) }
                            </div>
                            { v.field(s, "at_ms", t("editor.action.at"), "ms", "") }
                            { for fields.iter().map(|k| v.field(s, k, k, unit(k), "")) }
                            { v.error(&format!("action-{i}-type")) }
                        </li>
                    }
                }) }
            </ol>
            <div class="actions__add">
                <select class="select" data-testid="add-action-kind" aria-label={t("editor.timeline.kind")}
                        onchange={link.callback(|e: Event| Msg::ActionKind(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                    { for Action::KINDS.iter().map(|k| html! { <option value={*k} selected={*k == kind}>{ *k }</option> }) }
                </select>
                <label class="actions__at">
                    <span>{ t("editor.timeline.at") }</span>
                    <input class="prop__input" type="text" data-testid="add-action-at" value={at.to_string()} aria-label={t("editor.timeline.at_ms")}
                           oninput={link.callback(|e: InputEvent| Msg::ActionAt(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    <span class="prop__unit">{ "ms" }</span>
                </label>
                <button class="button button--small" data-testid="add-action" onclick={link.callback(|_| Msg::AddAction)}>{ t("editor.timeline.add") }</button>
            </div>
            if let Some(e) = error {
                <p class="field-error" data-testid="field-error" role="alert">{ crate::scenario::explain::explain(e) }</p>
            }
        </details>
    }
}
