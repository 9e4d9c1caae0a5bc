//! The root component: reads the URL fragment, shows a red banner when it cannot be read, follows `hashchange`
//! (choosing a preset navigates to `#preset=NAME`), and hands the scenario to [`SimHost`].

use super::route::Route;
use super::sim_host::SimHost;
use super::url;
use gloo::events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let generation = use_mut_ref(|| Cell::new(0u32));
    let route = use_state(|| Rc::new(Route::from_fragment(&url::read_hash(), 0)));
    {
        let route = route.clone();
        let generation = generation.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let g = generation.borrow().get() + 1;
                    generation.borrow().set(g);
                    route.set(Rc::new(Route::from_fragment(&url::read_hash(), g)));
                })
            });
            move || drop(listener)
        });
    }
    {
        let embed = route.view.embed;
        use_effect_with(embed, |embed| {
            url::set_body_class(if *embed { "embed" } else { "" });
        });
    }
    // ctl=1 (click to load): a still poster until the reader asks for the playground; nothing runs before.
    let loaded = use_state(|| false);
    if route.view.embed && route.view.embedding.click_to_load && !*loaded {
        let name = route
            .view
            .preset
            .clone()
            .unwrap_or_else(|| "a shared scenario".into());
        let onclick = {
            let loaded = loaded.clone();
            Callback::from(move |_: MouseEvent| loaded.set(true))
        };
        return html! {
            <div class="poster" data-testid="click-to-load">
                <button class="poster__button" {onclick} aria-label={format!("load Kafka Playground: {name}")}>
                    <span class="poster__play" aria-hidden="true">{ "▶" }</span>
                    <span class="poster__title">{ format!("Kafka Playground: {name}") }</span>
                    <span class="poster__hint">{ "Click to load the simulation" }</span>
                </button>
            </div>
        };
    }
    html! { <SimHost route={(*route).clone()} /> }
}
