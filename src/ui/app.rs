//! The root component: reads the URL fragment, shows a red banner when it cannot be read, follows `hashchange`
//! (choosing a preset navigates to `#preset=NAME`), holds the page's language (Korean once its catalogue is fetched,
//! `ui/language.rs`; a banner says why if it cannot be), and hands the scenario to [`SimHost`], or shows the lesson
//! index (`#lessons`).

use super::components::lesson_index::LessonIndex;
use super::language;
use super::route::Route;
use super::sim_host::SimHost;
use super::url;
use crate::i18n::{fill, key, t, text_in, tf, Lang};
use gloo::events::EventListener;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;

/// The page.
#[function_component(App)]
pub fn app() -> Html {
    let generation = use_mut_ref(|| Cell::new(0u32));
    // The language the link or the browser asks for; the page starts in it if its words are here (English, or
    // Korean natively), else in English while they are fetched (below).
    let wanted = use_memo((), |_| {
        language::initial(
            crate::scenario::codec::parse_fragment(&url::read_hash())
                .ok()
                .and_then(|(_, v)| v.lang),
        )
    });
    let lang = use_state(|| {
        let l = if crate::i18n::available(*wanted) {
            *wanted
        } else {
            Lang::En
        };
        language::apply(l);
        l
    });
    // Why Korean could not be had (shown in English; the page works on in English).
    let lang_error = use_state(|| None::<String>);
    // The Korean catalogue is on its way: the switch shows it is busy.
    let lang_busy = use_state(|| false);
    // `lang` shows `l` when its words are here: at once, or once fetched; a failure is said in the banner.
    let show = {
        let (lang, lang_error, lang_busy) = (lang.clone(), lang_error.clone(), lang_busy.clone());
        move |l: Lang, then: Box<dyn FnOnce(Lang)>| {
            let (shown, failed) = (lang.clone(), lang_error.clone());
            let error = lang_error.clone();
            let (idle, idle_too) = (lang_busy.clone(), lang_busy.clone());
            language::show(
                l,
                move |l| {
                    language::apply(l);
                    then(l);
                    error.set(None);
                    idle.set(false);
                    shown.set(l);
                },
                move |why| {
                    idle_too.set(false);
                    failed.set(Some(why));
                },
            );
            lang_busy.set(language::loading());
        }
    };
    {
        let (show, wanted, lang) = (show.clone(), *wanted, *lang);
        use_effect_with((), move |_| {
            if wanted != lang {
                show(wanted, Box::new(|_| ()));
            }
        });
    }
    let route = use_state(|| Rc::new(Route::from_fragment(&url::read_hash(), 0)));
    {
        let route = route.clone();
        let generation = generation.clone();
        let show = show.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let g = generation.borrow().get() + 1;
                    generation.borrow().set(g);
                    let r = Route::from_fragment(&url::read_hash(), g);
                    if let Some(l) = r.view.lang {
                        show(l, Box::new(|_| ()));
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
        let show = show.clone();
        use_callback(route.view.embed, move |l: Lang, embed| {
            let embed = *embed;
            show(
                l,
                Box::new(move |l| {
                    if !embed {
                        let _ = url::replace_fragment(&language::with_lang(&url::read_hash(), l));
                    }
                }),
            );
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
    let lang_banner = match &*lang_error {
        Some(why) => {
            let dismiss = {
                let lang_error = lang_error.clone();
                Callback::from(move |_: MouseEvent| lang_error.set(None))
            };
            html! {
                <div class="banner banner--notice" data-testid="lang-error" role="status">
                    { fill(text_in(Lang::En, key("lang.load_failed")), &[("why", why)]) }
                    <button class="button button--small banner__close" data-testid="lang-error-close"
                            aria-label={text_in(Lang::En, key("lang.dismiss"))} onclick={dismiss}>{ "✕" }</button>
                </div>
            }
        }
        None => html! {},
    };
    if route.view.lessons_index {
        return html! {
            <ContextProvider<Lang> context={*lang}>
                { lang_banner }
                <LessonIndex lang={*lang} on_lang={on_lang} lang_busy={*lang_busy} />
            </ContextProvider<Lang>>
        };
    }
    html! {
        <ContextProvider<Lang> context={*lang}>
            { lang_banner }
            <SimHost route={(*route).clone()} lang={*lang} on_lang={on_lang} lang_busy={*lang_busy} />
        </ContextProvider<Lang>>
    }
}
