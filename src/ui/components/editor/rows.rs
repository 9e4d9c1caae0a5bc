//! One row per editable value: a Kafka property (name, value, default, unit, range, description, reset) or a field
//! of the scenario format (label, value, unit, hint). Errors from the draft appear inside the row.

use super::{Editor, Msg};
use crate::i18n::{t, tf};
use crate::scenario::catalog::{Kind, PropDef};
use crate::scenario::edit::field::{self, Field};
use crate::scenario::edit::{Draft, Scope};
use web_sys::{HtmlInputElement, HtmlSelectElement, KeyboardEvent};
use yew::html::Scope as Link;
use yew::prelude::*;

/// What every row needs: the draft and the editor's link.
pub struct View<'a> {
    pub d: &'a Draft,
    pub link: &'a Link<Editor>,
}

const I64: u64 = i64::MAX as u64;

/// `[0,...,2147483647]` as Kafka prints a `Range`, or the allowed values.
pub fn range_text(kind: Kind) -> String {
    match kind {
        Kind::Long { min, max } if max >= I64 => format!("[{min},...]"),
        Kind::Long { min, max } => format!("[{min},...,{max}]"),
        Kind::Bool => t("editor.range.bool").into(),
        Kind::Choice(v) => v
            .iter()
            .map(|c| if c.is_empty() { t("editor.unset") } else { c })
            .collect::<Vec<_>>()
            .join(" | "),
        Kind::List(v) => tf("editor.range.list", &[("values", &v.join(", "))]),
        Kind::Text => t("editor.range.text").into(),
    }
}

impl View<'_> {
    fn on_input(&self, id: &str) -> Callback<InputEvent> {
        let id = id.to_string();
        self.link.callback(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            Msg::Input(id.clone(), input.value())
        })
    }

    fn on_select(&self, id: &str) -> Callback<Event> {
        let id = id.to_string();
        self.link.callback(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            Msg::Input(id.clone(), select.value())
        })
    }

    fn on_enter(&self) -> Callback<KeyboardEvent> {
        self.link
            .batch_callback(|e: KeyboardEvent| (e.key() == "Enter").then_some(Msg::Apply))
    }

    /// The refusal of field `id`, if any, as the row shows it.
    pub fn error(&self, id: &str) -> Html {
        match self.d.errors.get(id) {
            Some(e) => {
                html! { <p class="field-error" data-testid="field-error" role="alert">{ crate::scenario::explain::explain(e) }</p> }
            }
            None => html! {},
        }
    }

    /// A text input (or a select when `choices` is given) for field `id`.
    pub fn input(&self, id: &str, label: &str, choices: Option<&[&str]>) -> Html {
        let value = self.d.text(id);
        let testid = format!("cfg-{id}");
        match choices {
            Some(choices) => {
                let known = choices.contains(&value.as_str());
                html! {
                    <select class="select prop__input" id={testid.clone()} data-testid={testid} aria-label={label.to_string()}
                            onchange={self.on_select(id)}>
                        if !known {
                            <option value={value.clone()} selected=true>{ value.clone() }</option>
                        }
                        { for choices.iter().map(|c| html! {
                            <option value={c.to_string()} selected={*c == value}>{ if c.is_empty() { t("editor.unset_builtin") } else { c } }</option>
                        }) }
                    </select>
                }
            }
            None => html! {
                <input class="prop__input" type="text" id={testid.clone()} data-testid={testid} value={value}
                       aria-label={label.to_string()} spellcheck="false" autocomplete="off"
                       oninput={self.on_input(id)} onkeydown={self.on_enter()} />
            },
        }
    }

    /// A field of the scenario format.
    pub fn field(&self, scope: Scope, key: &str, label: &str, unit: &str, hint: &str) -> Html {
        self.field_with(scope, key, label, unit, hint, None)
    }

    /// A field of the scenario format with a fixed set of values.
    pub fn field_with(
        &self,
        scope: Scope,
        key: &str,
        label: &str,
        unit: &str,
        hint: &str,
        choices: Option<&[&str]>,
    ) -> Html {
        let id = Field::new(scope, key).id();
        html! {
            <div class="prop" data-field={id.clone()} key={id.clone()}>
                <label class="prop__head" for={format!("cfg-{id}")}>
                    <span class="prop__label">{ label.to_string() }</span>
                    <code class="prop__name">{ key.to_string() }</code>
                </label>
                <div class="prop__value">
                    { self.input(&id, label, choices) }
                    if !unit.is_empty() { <span class="prop__unit">{ unit.to_string() }</span> }
                </div>
                if !hint.is_empty() { <p class="prop__doc">{ hint.to_string() }</p> }
                { self.error(&id) }
            </div>
        }
    }

    /// A Kafka property row.
    pub fn prop(&self, scope: Scope, def: &PropDef) -> Html {
        let f = Field::new(scope, def.key);
        let id = f.id();
        let set = scope
            .props(&self.d.scenario)
            .and_then(|p| p.get(def.key))
            .is_some();
        let default = field::default_of(&self.d.scenario, &f).unwrap_or_default();
        let changed = set && self.d.text(&id) != default;
        let choices: Option<Vec<&str>> = match def.kind {
            Kind::Bool => Some(vec!["true", "false"]),
            Kind::Choice(v) => Some(v.to_vec()),
            // A list (partition.assignment.strategy): the default list or any one entry; another list typed into a
            // file or the JSON shows as an extra option.
            Kind::List(v) => Some(
                std::iter::once(def.default)
                    .chain(v.iter().copied())
                    .collect(),
            ),
            _ => None,
        };
        let default_shown = if default.is_empty() {
            t("editor.unset").to_string()
        } else {
            default.clone()
        };
        let reset_id = id.clone();
        html! {
            <div class={classes!("prop", changed.then_some("prop--changed"))} data-field={id.clone()} key={id.clone()}>
                <label class="prop__head" for={format!("cfg-{id}")}>
                    <code class="prop__key">{ def.key }</code>
                    if changed { <span class="prop__badge">{ t("editor.changed") }</span> }
                    if set {
                        <button class="prop__reset" data-testid={format!("reset-{id}")} title={tf("editor.reset.title", &[("default", &default_shown)])}
                                onclick={self.link.callback(move |_| Msg::Reset(reset_id.clone()))}>{ t("editor.reset") }</button>
                    }
                </label>
                <div class="prop__value">
                    { self.input(&id, def.key, choices.as_deref()) }
                    if !def.unit.is_empty() { <span class="prop__unit">{ def.unit }</span> }
                </div>
                <p class="prop__meta">{ tf("editor.prop.meta", &[("default", &default_shown), ("range", &range_text(def.kind))]) }</p>
                <p class="prop__doc">{ crate::scenario::catalog::doc_text(def) }</p>
                { self.error(&id) }
            </div>
        }
    }

    /// Every property of a scope in catalog order (rows never move while typing), in a collapsible block that is
    /// open when `open`, when one is set, or when one was refused.
    pub fn props(&self, scope: Scope, title: &str, open: bool) -> Html {
        let set = scope.props(&self.d.scenario).map_or(0, |p| p.len());
        let has_error = self
            .d
            .errors
            .keys()
            .any(|k| Field::parse(k).is_some_and(|f| f.scope == scope && f.is_property()));
        let defs = scope.catalog();
        html! {
            <details class="props" open={open || has_error || set > 0} data-testid={format!("props-{}", scope.id())}>
                <summary class="props__summary">{ tf("editor.props.summary", &[("title", title), ("set", &set.to_string()), ("simulated", &defs.len().to_string())]) }</summary>
                { for defs.iter().map(|d| self.prop(scope, d)) }
            </details>
        }
    }

    /// The remove button of a scope.
    pub fn remove(&self, scope: Scope, what: &str) -> Html {
        html! {
            <button class="button button--small button--danger editor__remove" data-testid={format!("remove-{}", scope.id())}
                    title={tf("editor.remove.title", &[("what", what)])} onclick={self.link.callback(move |_| Msg::Remove(scope))}>{ t("editor.remove") }</button>
        }
    }
}
