//! Side-panel pieces: the legend and the partition calculator.

use crate::engine::producer::partitioner::{murmur2, partition_for_key};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// One colour, one meaning.
#[function_component(Legend)]
pub fn legend() -> Html {
    let item = |class: &'static str, text: &'static str| {
        html! {
            <li class="legend__item"><span class={classes!("legend__swatch", class)}></span>{ text }</li>
        }
    };
    html! {
        <ul class="legend" data-testid="legend">
            { item("legend__swatch--leader", "leader replica") }
            { item("legend__swatch--follower", "follower in the ISR (and replication traffic)") }
            { item("legend__swatch--out-of-sync", "follower out of sync (not in the ISR)") }
            { item("legend__swatch--offline", "offline / dead broker or consumer") }
            { item("legend__swatch--error", "error, lost message, unclean election") }
            { item("legend__swatch--producer", "producer and its records (filled: below the HW)") }
            { item("legend__swatch--batch", "batch filling toward batch.size (accumulator)") }
            { item("legend__swatch--slot", "in-flight produce request (sender slot; empty box: free)") }
            { item("legend__swatch--consumer", "consumer and its fetches") }
            { item("legend__swatch--control", "metadata, group and controller traffic") }
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
