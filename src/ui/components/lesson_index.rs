//! The lesson index (`#lessons`): every lesson in the tutorial's order with its section, title, the fact it shows,
//! its length and the learner's progress on this browser, each linking to its first step (or the step reached).
//!
//! Test hooks: `lesson-index`, `lesson-link-NAME` (with `data-reached`), `lang-switch`.

use crate::i18n::{t, tf, Lang};
use crate::scenario::lesson;
use crate::ui::lesson_progress;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub struct LessonIndexProps {
    /// The page's language (re-renders on a switch).
    pub lang: Lang,
    /// The language switch.
    pub on_lang: Callback<Lang>,
    /// The Korean catalogue is being fetched: the switch shows it is busy.
    pub lang_busy: bool,
}

/// The index page.
#[function_component(LessonIndex)]
pub fn lesson_index(props: &LessonIndexProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let lang = props.lang;
    let progress = lesson_progress::load();
    let lessons = lesson::index();
    let on_switch = {
        let on_lang = props.on_lang.clone();
        Callback::from(move |_: MouseEvent| on_lang.emit(lang.other()))
    };
    html! {
        <div class="lessons-page" data-testid="lesson-index" data-lang={lang.code()}>
            <header class="topbar">
                <a class="topbar__brand" href={format!("#lang={}", lang.code())}>{ "Kafka Playground" }</a>
                <div class="topbar__tools">
                    <button class="button button--small" data-testid="lang-switch" lang={lang.other().code()}
                            aria-busy={props.lang_busy.then_some("true")}
                            title={t("lang.switch.title")} onclick={on_switch}>
                        { t("lang.switch") }{ if props.lang_busy { " …" } else { "" } }
                    </button>
                </div>
            </header>
            <main class="lessons">
                <h1 class="lessons__title">{ t("lessons.title") }</h1>
                <p class="lessons__intro">{ t("lessons.intro") }</p>
                <ol class="lessons__list">
                    { for lessons.iter().map(|l| {
                        let reached = lesson_progress::reached(&progress, l.name);
                        let total = l.steps;
                        let state = if reached >= total {
                            t("lessons.done").to_string()
                        } else if reached > 0 {
                            tf("lessons.reached", &[("n", &reached.to_string()), ("total", &total.to_string())])
                        } else {
                            tf("lessons.steps", &[("total", &total.to_string())])
                        };
                        let step = reached.clamp(1, total);
                        html! {
                            <li class={classes!("lessons__item", (reached >= total).then_some("lessons__item--done"))}>
                                <a class="lessons__link" data-testid={format!("lesson-link-{}", l.name)}
                                   data-reached={reached.to_string()}
                                   href={format!("#lesson={}&step={step}&lang={}", l.name, lang.code())}>
                                    <span class="lessons__section">{ tf("lesson.section", &[("n", l.section)]) }</span>
                                    <span class="lessons__name">{ l.title(lang) }</span>
                                    <span class="lessons__state">{ state }</span>
                                </a>
                                <p class="lessons__fact">{ l.fact(lang) }</p>
                            </li>
                        }
                    }) }
                </ol>
                <p class="lessons__foot">{ t("lessons.storage") }</p>
            </main>
        </div>
    }
}
