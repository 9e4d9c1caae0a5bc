//! Side-panel pieces: the legend, the partition calculator and the assignment calculator.

use crate::engine::consumer::assign_input::{calculate, to_json};
use crate::engine::producer::partitioner::{murmur2, partition_for_key};
use crate::i18n::t;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// One colour, one meaning.
#[function_component(Legend)]
pub fn legend() -> Html {
    let _lang = crate::ui::language::use_lang();
    let item = |class: &'static str, text: &'static str| {
        html! {
            <li class="legend__item"><span class={classes!("legend__swatch", class)}></span>{ text }</li>
        }
    };
    let svg_item = |class: &'static str, points: &'static str, text: &'static str| {
        html! {
            <li class="legend__item">
                <svg class="legend__svg" viewBox="-1 -1 14 14" width="12" height="12" aria-hidden="true">
                    <polygon class={class} points={points} />
                </svg>
                { text }
            </li>
        }
    };
    html! {
        <ul class="legend" data-testid="legend">
            { item("legend__swatch--leader", t("legend.leader")) }
            { item("legend__swatch--follower", t("legend.follower")) }
            { item("legend__swatch--out-of-sync", t("legend.out_of_sync")) }
            { item("legend__swatch--offline", t("legend.offline")) }
            { item("legend__swatch--error", t("legend.error")) }
            { item("legend__swatch--producer", t("legend.producer")) }
            { item("legend__swatch--batch", t("legend.batch")) }
            { item("legend__swatch--slot", t("legend.slot")) }
            { item("legend__swatch--consumer", t("legend.consumer")) }
            { item("legend__swatch--control", t("legend.control")) }
            { item("legend__swatch--hw", t("legend.hw")) }
            { item("legend__swatch--broken", t("legend.broken")) }
            { svg_item("marker marker--committed", "0,12 6,3 12,12", t("legend.committed")) }
            { svg_item("marker marker--position", "0,1 12,1 6,10", t("legend.position")) }
            { item("legend__swatch--assignment", t("legend.assignment")) }
            { item("legend__swatch--idle", t("legend.idle")) }
            { item("legend__swatch--session", t("legend.session")) }
        </ul>
    }
}

/// `toPositive(murmur2(key)) % partitions`, as the Java producer's built-in partitioner computes it for a
/// `StringSerializer` key.
#[function_component(Calculator)]
pub fn calculator() -> Html {
    let _lang = crate::ui::language::use_lang();
    let key = use_state(|| "user-42".to_string());
    let partitions = use_state(|| 6u32);
    let on_key = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            key.set(input.value());
        })
    };
    let on_partitions = {
        let partitions = partitions.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = input.value().trim().parse::<u32>() {
                partitions.set(n.clamp(1, 100_000));
            }
        })
    };
    let bytes = key.as_bytes();
    let result = format!(
        "murmur2 = {}, partition = {}",
        murmur2(bytes),
        partition_for_key(bytes, *partitions)
    );
    html! {
        <div class="calc">
            <label class="calc__field">
                <span class="calc__label">{ t("calc.key") }</span>
                <input class="calc__input" type="text" data-testid="calc-key" value={(*key).clone()} oninput={on_key} />
            </label>
            <label class="calc__field">
                <span class="calc__label">{ t("calc.partitions") }</span>
                <input class="calc__input calc__input--num" type="number" min="1" max="100000" data-testid="calc-partitions"
                       value={partitions.to_string()} oninput={on_partitions} />
            </label>
            <output class="calc__result" data-testid="calc-result">{ result }</output>
            <p class="calc__note">{ t("calc.note") }</p>
        </div>
    }
}

/// The assignment calculator: the same parsing and assignors as `kafka-playground assign`, on typed input. What the
/// user typed is kept as typed; a bad piece shows an error instead of a result.
#[function_component(AssignCalculator)]
pub fn assign_calculator() -> Html {
    let _lang = crate::ui::language::use_lang();
    let strategy = use_state(|| "range".to_string());
    let topics = use_state(|| "orders:3".to_string());
    let members = use_state(|| "consumer-0: orders\nconsumer-1: orders".to_string());
    let on_strategy = {
        let strategy = strategy.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            strategy.set(select.value());
        })
    };
    let on_topics = {
        let topics = topics.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            topics.set(input.value());
        })
    };
    let on_members = {
        let members = members.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlTextAreaElement = e.target_unchecked_into();
            members.set(input.value());
        })
    };
    let result = calculate(&strategy, &topics, &members);
    let strategies = ["range", "roundrobin", "sticky", "cooperative-sticky"];
    html! {
        <div class="calc">
            <label class="calc__field">
                <span class="calc__label">{ "partition.assignment.strategy" }</span>
                <select class="select" data-testid="assign-strategy" onchange={on_strategy}>
                    { for strategies.iter().map(|s| html! {
                        <option value={*s} selected={*strategy == *s}>{ *s }</option>
                    }) }
                </select>
            </label>
            <label class="calc__field">
                <span class="calc__label">{ t("assign.topics") }</span>
                <input class="calc__input" type="text" data-testid="assign-topics" value={(*topics).clone()} oninput={on_topics}
                       spellcheck="false" />
            </label>
            <label class="calc__field">
                <span class="calc__label">{ t("assign.members") }</span>
                <textarea class="calc__input calc__textarea" rows="3" data-testid="assign-members" value={(*members).clone()}
                          oninput={on_members} spellcheck="false" />
            </label>
            { match &result {
                Ok(calc) => html! {
                    <>
                        <output class="calc__result calc__result--list" data-testid="assign-result">
                            { for calc.assignment.iter().map(|(m, tps)| html! {
                                <div class="calc__line" data-member={m.clone()}
                                     data-partitions={tps.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(",")}>
                                    { format!("{m} → {}", if tps.is_empty() { t("assign.idle").to_string() } else { tps.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ") }) }
                                </div>
                            }) }
                        </output>
                        <details class="calc__details">
                            <summary class="calc__label">{ t("assign.json") }</summary>
                            <pre class="calc__json" data-testid="assign-json">{ to_json(&calc.assignment) }</pre>
                        </details>
                        { for calc.notes.iter().map(|note| html! {
                            <p class="calc__note calc__note--warn" data-testid="assign-note">{ note.clone() }</p>
                        }) }
                    </>
                },
                Err(e) => html! {
                    <p class="calc__error" role="alert" data-testid="assign-error">{ e.clone() }</p>
                },
            } }
            <p class="calc__note">{ t("assign.note") }</p>
        </div>
    }
}
