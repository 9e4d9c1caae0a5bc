//! The event log: what happened so far, in Kafka's words ("orders-1: ISR shrank to [2,3]", "consumer-1 JoinGroup,
//! billing"), newest last; a search box, a kind filter and a node filter; a click on an entry seeks there.
//!
//! Test hooks: `event-log` (`data-shown`, `data-total`), `event-log-search`, `event-log-kind`, `event-log-node`,
//! `event-log-entry` (`data-kind`, `data-node`, `data-at-ms`).

use super::timeline::MarkerList;
use crate::i18n::{t, tf};
use crate::viz::frame::seconds;
use crate::viz::timeline::{Marker, MarkerKind};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Entries listed at most (the newest that match).
const SHOWN: usize = 200;

/// Props.
#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    /// What happened so far (the timeline's markers).
    pub markers: MarkerList,
    /// A seek to this many ms.
    pub on_seek: Callback<f64>,
}

fn node_name(m: &Marker) -> String {
    m.node.map(|n| n.to_string()).unwrap_or_default()
}

/// `s` in lower case, Unicode's full mapping as `str::to_lowercase` gives it. ASCII text (almost every marker) is
/// lowered here; other text by the browser's `String.prototype.toLowerCase`: Rust's own pulls in the Unicode case
/// table (11.8 KB of the page's wasm) for this search box alone. Markers can carry names the user typed (topics,
/// groups), so ASCII alone would not do.
fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    js_sys::JsString::from(s).to_lower_case().into()
}

/// The event log.
#[function_component(EventLog)]
pub fn event_log(props: &EventLogProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let search = use_state(String::new);
    let kind = use_state(String::new);
    let node = use_state(String::new);
    let all = &props.markers.0;
    let needle = lowercase(&search);
    let matching: Vec<&Marker> = all
        .iter()
        .filter(|m| kind.is_empty() || m.kind.name() == kind.as_str())
        .filter(|m| node.is_empty() || node_name(m) == *node)
        .filter(|m| needle.is_empty() || lowercase(&m.text()).contains(&needle))
        .collect();
    let shown = &matching[matching.len().saturating_sub(SHOWN)..];
    let mut nodes: Vec<String> = all
        .iter()
        .map(node_name)
        .filter(|n| !n.is_empty())
        .collect();
    crate::kafka::sort::sort(&mut nodes);
    nodes.dedup();
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            let i: HtmlInputElement = e.target_unchecked_into();
            search.set(i.value());
        })
    };
    let select = |state: UseStateHandle<String>| {
        Callback::from(move |e: Event| {
            let s: HtmlSelectElement = e.target_unchecked_into();
            state.set(s.value());
        })
    };
    html! {
        <div class="event-log" data-testid="event-log" data-shown={shown.len().to_string()} data-total={all.len().to_string()}>
            <div class="event-log__filters">
                <input class="prop__input event-log__search" type="search" data-testid="event-log-search" placeholder={t("event_log.search.placeholder")}
                       aria-label={t("event_log.search")} value={(*search).clone()} oninput={on_search} />
                <select class="select" data-testid="event-log-kind" aria-label={t("event_log.kind")} onchange={select(kind.clone())}>
                    <option value="" selected={kind.is_empty()}>{ t("event_log.kind.all") }</option>
                    { for MarkerKind::ALL.iter().map(|k| html! {
                        <option value={k.name()} selected={*kind == k.name()}>{ k.label() }</option>
                    }) }
                </select>
                <select class="select" data-testid="event-log-node" aria-label={t("event_log.node")} onchange={select(node.clone())}>
                    <option value="" selected={node.is_empty()}>{ t("event_log.node.all") }</option>
                    { for nodes.iter().map(|n| html! { <option value={n.clone()} selected={*node == *n}>{ n.clone() }</option> }) }
                </select>
            </div>
            if shown.is_empty() {
                <p class="panel__hint">{ if all.is_empty() { t("event_log.empty") } else { t("event_log.no_match") } }</p>
            }
            <ol class="event-log__list">
                { for shown.iter().map(|m| {
                    let at_ms = m.at.0 as f64 / 1000.0;
                    let on_seek = props.on_seek.clone();
                    html! {
                        <li>
                            <button class={classes!("event-log__entry", format!("event-log__entry--{}", m.kind.name()))}
                                    data-testid="event-log-entry" data-kind={m.kind.name()} data-node={node_name(m)}
                                    data-at-ms={format!("{at_ms:.3}")} title={t("event_log.seek")}
                                    onclick={Callback::from(move |_| on_seek.emit(at_ms))}>
                                <span class="event-log__time">{ seconds(m.at) }</span>
                                <span class="event-log__text">{ m.text() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
            if matching.len() > shown.len() {
                <p class="panel__hint">{ tf("event_log.newest", &[("shown", &shown.len().to_string()), ("total", &matching.len().to_string())]) }</p>
            }
        </div>
    }
}
