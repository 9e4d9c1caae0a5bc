//! What the address asks for: a scenario (or the default one with an error when the link is broken) and the view
//! options. Plain data read from the fragment; [`super::app`] follows `hashchange`, [`super::sim_host`] runs it.

use crate::scenario::codec::{parse_fragment, ViewOptions};
use crate::scenario::{presets, Scenario};

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
                    error: Some(crate::i18n::tf(
                        "route.broken",
                        &[("why", &crate::scenario::explain::explain(&e.to_string()))],
                    )),
                    generation,
                }
            }
        }
    }
}
