//! The root component: reads the URL fragment, shows a red banner when it cannot be read, follows `hashchange`
//! (choosing a preset navigates to `#preset=NAME`), and hands the scenario to [`SimHost`].

use super::sim_host::SimHost;
use super::url;
use crate::scenario::codec::{parse_fragment, ViewOptions};
use crate::scenario::{presets, Scenario};
use gloo::events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// What the URL asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The scenario to run (the default one if the link was broken).
    pub scenario: Scenario,
    /// View options (`embed=1`, `speed=N`, `preset=NAME`).
    pub view: ViewOptions,
    /// Why the link could not be used, shown in the red banner.
    pub error: Option<String>,
    /// Bumped on every navigation, so the host rebuilds even when the scenario is equal.
    pub generation: u32,
}

impl Route {
    /// Reads a fragment; never fails (a broken link falls back to the default scenario with an error).
    pub fn from_fragment(fragment: &str, generation: u32) -> Route {
        match parse_fragment(fragment) {
            Ok((Some(scenario), view)) => Route {
                scenario,
                view,
                error: None,
                generation,
            },
            Ok((None, view)) => {
                let scenario = presets::default_scenario();
                let name = presets::all()
                    .into_iter()
                    .find(|(_, s)| *s == scenario)
                    .map(|(n, _)| n.to_string());
                let view = ViewOptions {
                    preset: view.preset.or(name),
                    ..view
                };
                Route {
                    scenario,
                    view,
                    error: None,
                    generation,
                }
            }
            Err(e) => {
                let embed = fragment
                    .split('&')
                    .any(|kv| kv.trim_start_matches('#') == "embed=1");
                Route {
                    scenario: presets::default_scenario(),
                    view: ViewOptions {
                        embed,
                        ..ViewOptions::default()
                    },
                    error: Some(format!(
                        "This link could not be opened: {e}. Showing the default scenario instead."
                    )),
                    generation,
                }
            }
        }
    }
}

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
    html! { <SimHost route={(*route).clone()} /> }
}
