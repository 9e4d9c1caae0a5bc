//! Side-panel pieces: the legend, the partition calculator and the assignment calculator.

use crate::engine::consumer::assign_input::{calculate, to_json};
use crate::engine::producer::partitioner::{murmur2, partition_for_key};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// One colour, one meaning.
#[function_component(Legend)]
pub fn legend() -> Html {
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
            { item("legend__swatch--leader", "leader replica (badge L); group stable") }
            { item("legend__swatch--follower", "follower in the ISR (badge F; and replication traffic)") }
            { item("legend__swatch--out-of-sync", "not settled: follower out of the ISR (badge F!); group rebalancing (join, sync) and partitions revoked") }
            { item("legend__swatch--offline", "offline / dead broker or consumer (badge ×)") }
            { item("legend__swatch--error", "error, lost message, unclean election") }
            { item("legend__swatch--producer", "producer and its records (filled: below the HW)") }
            { item("legend__swatch--batch", "batch filling toward batch.size (accumulator)") }
            { item("legend__swatch--slot", "in-flight produce request (sender slot; empty box: free)") }
            { item("legend__swatch--consumer", "consumer and its fetches") }
            { item("legend__swatch--control", "metadata, group and controller traffic") }
            { item("legend__swatch--hw", "high watermark (HW) on a log") }
            { item("legend__swatch--broken", "a broken guarantee on a log: 2 3 1 = send order of records that landed out of it; = a duplicate's copies; ✕ N truncated") }
            { svg_item("marker marker--committed", "0,12 6,3 12,12", "committed offset of a group (on the leader's log)") }
            { svg_item("marker marker--position", "0,1 12,1 6,10", "position of the owning consumer") }
            { item("legend__swatch--assignment", "assignment: partition leader → owning consumer") }
            { item("legend__swatch--idle", "idle member: in the group, no partition") }
            { item("legend__swatch--session", "session.timeout.ms left at the coordinator") }
        </ul>
    }
}

/// `toPositive(murmur2(key)) % partitions`, as the Java producer's built-in partitioner computes it for a
/// `StringSerializer` key.
#[function_component(Calculator)]
pub fn calculator() -> Html {
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
                <span class="calc__label">{ "key (StringSerializer, UTF-8)" }</span>
                <input class="calc__input" type="text" data-testid="calc-key" value={(*key).clone()} oninput={on_key} />
            </label>
            <label class="calc__field">
                <span class="calc__label">{ "partitions" }</span>
                <input class="calc__input calc__input--num" type="number" min="1" max="100000" data-testid="calc-partitions"
                       value={partitions.to_string()} oninput={on_partitions} />
            </label>
            <output class="calc__result" data-testid="calc-result">{ result }</output>
            <p class="calc__note">{ "partition = toPositive(murmur2(key)) % partitions — a key keeps its partition only while the partition count stays the same." }</p>
        </div>
    }
}

/// The assignment calculator: the same parsing and assignors as `kafka-playground assign`, on typed input. What the
/// user typed is kept as typed; a bad piece shows an error instead of a result.
#[function_component(AssignCalculator)]
pub fn assign_calculator() -> Html {
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
                <span class="calc__label">{ "topics (name:partitions, comma separated)" }</span>
                <input class="calc__input" type="text" data-testid="assign-topics" value={(*topics).clone()} oninput={on_topics}
                       spellcheck="false" />
            </label>
            <label class="calc__field">
                <span class="calc__label">{ "members, one per line (id: topic,topic)" }</span>
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
                                    { format!("{m} → {}", if tps.is_empty() { "(nothing: idle)".to_string() } else { tps.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(", ") }) }
                                </div>
                            }) }
                        </output>
                        <details class="calc__details">
                            <summary class="calc__label">{ "as printed by kafka-playground assign" }</summary>
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
            <p class="calc__note">{ "Members are sorted by id (static members by group.instance.id first); range hands each topic out separately, so early members get the extra partitions." }</p>
        </div>
    }
}
