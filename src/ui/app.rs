//! The root component: reads the URL fragment, shows a red banner when it cannot be read, follows `hashchange`
//! (choosing a preset navigates to `#preset=NAME`), holds the page's language, and hands the scenario to
//! [`SimHost`], or shows the lesson index (`#lessons`).

use super::components::lesson_index::LessonIndex;
use super::language;
use super::route::Route;
use super::sim_host::SimHost;
use super::url;
use crate::i18n::{t, tf, Lang};
use gloo::events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let generation = use_mut_ref(|| Cell::new(0u32));
    let lang = use_state(|| {
        let l = language::initial(
            crate::scenario::codec::parse_fragment(&url::read_hash())
                .ok()
                .and_then(|(_, v)| v.lang),
        );
        language::apply(l);
        l
    });
    let route = use_state(|| Rc::new(Route::from_fragment(&url::read_hash(), 0)));
    {
        let route = route.clone();
        let generation = generation.clone();
        let lang = lang.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let g = generation.borrow().get() + 1;
                    generation.borrow().set(g);
                    let r = Route::from_fragment(&url::read_hash(), g);
                    if let Some(l) = r.view.lang {
                        language::apply(l);
                        lang.set(l);
                    }
                    route.set(Rc::new(r));
                })
            });
            move || drop(listener)
        });
    }
    // The switch changes the language in place (the run keeps going) and writes `lang=` into the address; an
    // embedded playground never rewrites its address.
    let on_lang = {
        let lang = lang.clone();
        use_callback(route.view.embed, move |l: Lang, embed| {
            language::apply(l);
            if !*embed {
                let _ = url::replace_fragment(&language::with_lang(&url::read_hash(), l));
            }
            lang.set(l);
        })
    };
    {
        let embed = route.view.embed;
        use_effect_with(embed, |embed| {
            url::set_body_class(if *embed { "embed" } else { "" }); // i18n: not text
        });
    }
    // ctl=1 (click to load): a still poster until the reader asks for the playground; nothing runs before.
    let loaded = use_state(|| false);
    if route.view.embed && route.view.embedding.click_to_load && !*loaded {
        let name = route
            .view
            .preset
            .clone()
            .unwrap_or_else(|| t("poster.shared").to_string());
        let onclick = {
            let loaded = loaded.clone();
            Callback::from(move |_: MouseEvent| loaded.set(true))
        };
        return html! {
            <div class="poster" data-testid="click-to-load">
                <button class="poster__button" {onclick} aria-label={tf("poster.load", &[("name", &name)])}>
                    <span class="poster__play" aria-hidden="true">{ "▶" }</span>
                    <span class="poster__title">{ format!("Kafka Playground: {name}") }</span>
                    <span class="poster__hint">{ t("poster.hint") }</span>
                </button>
            </div>
        };
    }
    if route.view.lessons_index {
        return html! {
            <ContextProvider<Lang> context={*lang}>
                <LessonIndex lang={*lang} on_lang={on_lang} />
            </ContextProvider<Lang>>
        };
    }
    html! {
        <ContextProvider<Lang> context={*lang}>
            <SimHost route={(*route).clone()} lang={*lang} on_lang={on_lang} />
        </ContextProvider<Lang>>
    }
}
