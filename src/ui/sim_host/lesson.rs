//! The lesson beside the run (`#lesson=NAME&step=N`): each step pauses the run at its instant, highlights parts of
//! the stage, may ask a question the run answers, and may suggest an experiment (opened in Compare with…). The
//! learner may play freely at any step and come back to it. Next plays the run on to the next step's pause when
//! that is ahead (so the learner sees what happens), and seeks when it is behind.
//!
//! Test hooks: `lesson` (with `data-lesson`, `data-step` from 1), `lesson-next`, `lesson-back`, `lesson-answer`,
//! `lesson-reveal`, `lesson-return`, `lesson-experiment`, `lesson-highlights`.

use super::{Msg, SimHost};
use crate::engine::time::Instant;
use crate::i18n::{lang, t, tf};
use crate::scenario::lesson::Lesson;
use crate::ui::lesson_progress;
use crate::viz::frame::seconds;
use std::rc::Rc;
use yew::prelude::*;

/// The lesson being followed.
pub(super) struct LessonState {
    /// Its data.
    pub lesson: Rc<Lesson>,
    /// Each step's pause instant.
    pub pauses: Vec<Instant>,
    /// The step shown, from 0.
    pub step: usize,
    /// The learner asked for this step's answer.
    pub revealed: bool,
}

/// What the lesson panel's buttons ask for.
pub enum LessonMsg {
    /// The next step.
    Next,
    /// The previous step.
    Back,
    /// Show the question's answer.
    Reveal,
    /// Back to this step's pause instant.
    Return,
    /// Open the step's experiment in Compare with….
    Experiment,
    /// The lesson file of this name was fetched and read, or why not.
    Loaded(&'static str, Result<Rc<Lesson>, String>),
}

impl SimHost {
    /// Opens the route's lesson at its step (from `boot`, after the run is built): at once if this page has read its
    /// file, else once fetched, the run waiting paused meanwhile (it is already the lesson's own scenario, built from
    /// the compiled-in summary, so the trace is the same either way).
    pub(super) fn open_lesson(
        &mut self,
        ctx: &Context<Self>,
        name: Option<&str>,
        step: Option<usize>,
    ) {
        self.lesson = None;
        self.lesson_error = None;
        self.lesson_loading = None;
        let Some(summary) = name.and_then(crate::scenario::lesson::summary) else {
            return;
        };
        if let Some(lesson) = crate::ui::fetch::cached_lesson(summary) {
            self.start_lesson(lesson, step);
            return;
        }
        self.lesson_loading = Some((summary.name, step));
        self.playing = false;
        let link = ctx.link().clone();
        crate::ui::fetch::lesson(summary, move |read| {
            link.send_message(Msg::Lesson(LessonMsg::Loaded(summary.name, read)))
        });
    }

    /// The fetched lesson `name`, or why it could not be read: opened at the step asked for, unless the page has
    /// moved on to another route meanwhile.
    fn lesson_loaded(&mut self, name: &str, read: Result<Rc<Lesson>, String>) -> bool {
        let Some((_, step)) = self.lesson_loading.filter(|(n, _)| *n == name) else {
            return false;
        };
        self.lesson_loading = None;
        match read {
            Ok(lesson) => self.start_lesson(lesson, step),
            Err(why) => self.lesson_error = Some(tf("lesson.load_failed", &[("why", &why)])),
        }
        true
    }

    fn start_lesson(&mut self, lesson: Rc<Lesson>, step: Option<usize>) {
        match crate::viz::lesson::plan(&lesson) {
            Ok(plan) => {
                let last = plan.pauses.len() - 1;
                let step = step.map_or(0, |n| n.saturating_sub(1)).min(last);
                self.lesson = Some(LessonState {
                    lesson,
                    pauses: plan.pauses,
                    step,
                    revealed: false,
                });
                self.lesson_enter(step, false);
            }
            Err(e) => self.lesson_error = Some(e),
        }
    }

    /// Shows step `step` (from 0): pauses there, or plays on to it when `play` and it is ahead.
    fn lesson_enter(&mut self, step: usize, play: bool) {
        let Some(l) = self.lesson.as_mut() else {
            return;
        };
        l.step = step;
        l.revealed = false;
        let at = l.pauses[step];
        let name = l.lesson.name.clone();
        lesson_progress::record(&name, step + 1);
        let now = self.run.as_ref().map_or(Instant(0), |r| r.sim().now());
        if play && at > now && self.violation.is_none() {
            self.pause_at = Some(at);
            self.playing = true;
            self.last_wall_ms = None;
        } else {
            self.pause_at = None;
            self.go_to(at);
        }
    }

    pub(super) fn lesson_update(&mut self, ctx: &Context<Self>, msg: LessonMsg) -> bool {
        if let LessonMsg::Loaded(name, read) = msg {
            let shown = self.lesson_loaded(name, read);
            self.schedule(ctx);
            return shown;
        }
        let Some(l) = self.lesson.as_mut() else {
            return false;
        };
        let (step, last) = (l.step, l.pauses.len() - 1);
        match msg {
            LessonMsg::Next if step < last => self.lesson_enter(step + 1, true),
            LessonMsg::Back if step > 0 => self.lesson_enter(step - 1, false),
            LessonMsg::Next | LessonMsg::Back => return false,
            LessonMsg::Reveal => l.revealed = true,
            LessonMsg::Return => self.lesson_enter(step, false),
            LessonMsg::Loaded(..) => return false,
            LessonMsg::Experiment => {
                let Some(edits) = l.lesson.steps[step]
                    .experiment
                    .as_ref()
                    .map(|e| e.edits.clone())
                else {
                    return false;
                };
                self.tab = super::Tab::Run;
                self.compare_draft = edits;
                self.open_compare();
            }
        }
        // `lesson=NAME&step=N` (and the comparison) in the address: a reload or a shared link opens this step.
        self.rewrite_address(ctx);
        self.schedule(ctx);
        true
    }

    /// The lesson panel, if a lesson is open.
    pub(super) fn lesson_view(&self, ctx: &Context<Self>) -> Html {
        if let Some(e) = &self.lesson_error {
            return html! { <div class="banner banner--error" role="alert" data-testid="lesson-error">{ e.clone() }</div> };
        }
        if let Some(s) = self
            .lesson_loading
            .and_then(|(name, _)| crate::scenario::lesson::summary(name))
        {
            return html! {
                <section class="lesson" data-testid="lesson-loading" data-lesson={s.name} aria-busy="true"
                         aria-label={t("lesson.region")}>
                    <div class="lesson__top">
                        <span class="lesson__section">{ tf("lesson.section", &[("n", s.section)]) }</span>
                    </div>
                    <h2 class="lesson__title">{ s.title(lang()) }</h2>
                    <p class="lesson__text" role="status">{ t("lesson.loading") }</p>
                </section>
            };
        }
        let Some(l) = &self.lesson else {
            return html! {};
        };
        let link = ctx.link();
        let lang = lang();
        let lesson = &l.lesson;
        let step = &lesson.steps[l.step];
        let total = lesson.steps.len();
        let at = l.pauses[l.step];
        let now = self.run.as_ref().map_or(Instant(0), |r| r.sim().now());
        let last = l.step + 1 == total;
        // The run reveals the answer once the learner has played past the step's pause.
        let revealed = l.revealed || (now > at && self.pause_at.is_none());
        let msg = |m: fn() -> LessonMsg| link.callback(move |_: MouseEvent| Msg::Lesson(m()));
        let frame = self.run.as_ref().map(|r| r.frame.clone());
        let highlighted = step
            .highlight
            .iter()
            .map(|id| crate::viz::lesson::target_words(id, frame.as_deref()))
            .collect::<Vec<_>>()
            .join(", ");
        html! {
            <section class="lesson" data-testid="lesson" data-lesson={lesson.name.clone()}
                     data-step={(l.step + 1).to_string()} aria-label={t("lesson.region")}>
                <div class="lesson__top">
                    <a class="lesson__index" href={format!("#lessons&lang={}", lang.code())}
                       data-testid="lesson-index-link">{ t("lesson.all") }</a>
                    <span class="lesson__section">{ tf("lesson.section", &[("n", &lesson.section)]) }</span>
                </div>
                <h2 class="lesson__title">{ lesson.title.get(lang).to_string() }</h2>
                <p class="lesson__progress" data-testid="lesson-progress">
                    { tf("lesson.step_of", &[("n", &(l.step + 1).to_string()), ("total", &total.to_string())]) }
                    <span class="lesson__pause">{ tf("lesson.pauses_at", &[("t", &seconds(at))]) }</span>
                </p>
                <p class="lesson__text" data-testid="lesson-text">{ step.text.get(lang).to_string() }</p>
                if !step.highlight.is_empty() {
                    <p class="lesson__highlights" data-testid="lesson-highlights">
                        <span class="lesson__swatch" aria-hidden="true"></span>
                        { tf("lesson.highlighted", &[("what", &highlighted)]) }
                    </p>
                }
                if let Some(q) = &step.question {
                    <div class="lesson__question">
                        <strong>{ t("lesson.question") }</strong>{ " " }{ q.get(lang).to_string() }
                        if revealed {
                            <p class="lesson__answer" data-testid="lesson-answer">
                                <strong>{ t("lesson.answer") }</strong>{ " " }
                                { step.answer.as_ref().map(|a| a.get(lang).to_string()).unwrap_or_default() }
                            </p>
                        } else {
                            <button class="button button--small" data-testid="lesson-reveal"
                                    onclick={msg(|| LessonMsg::Reveal)}>{ t("lesson.reveal") }</button>
                        }
                    </div>
                }
                if let Some(x) = &step.experiment {
                    <div class="lesson__try">
                        <strong>{ t("lesson.try") }</strong>{ " " }{ x.text.get(lang).to_string() }
                        <button class="button button--small" data-testid="lesson-experiment" title={x.edits.clone()}
                                onclick={msg(|| LessonMsg::Experiment)}>
                            { tf("lesson.compare_with", &[("edits", &x.edits)]) }
                        </button>
                    </div>
                }
                if now != at && self.pause_at.is_none() {
                    <button class="button button--small lesson__return" data-testid="lesson-return"
                            onclick={msg(|| LessonMsg::Return)}>
                        { tf("lesson.return", &[("t", &seconds(at))]) }
                    </button>
                }
                if last {
                    <div class="lesson__summary" data-testid="lesson-summary">
                        <p><strong>{ t("lesson.fact") }</strong>{ " " }{ lesson.fact.get(lang).to_string() }</p>
                        <p class="lesson__deeper"><strong>{ t("lesson.deeper") }</strong>{ " " }{ lesson.deeper.get(lang).to_string() }</p>
                    </div>
                }
                <nav class="lesson__nav" aria-label={t("lesson.nav")}>
                    <button class="button" data-testid="lesson-back" disabled={l.step == 0}
                            onclick={msg(|| LessonMsg::Back)}>{ t("lesson.back") }</button>
                    <span class="lesson__dots" aria-hidden="true">
                        { for (0..total).map(|i| html! {
                            <span class={classes!("lesson__dot", (i == l.step).then_some("lesson__dot--on"),
                                                  (i < l.step).then_some("lesson__dot--done"))}></span>
                        }) }
                    </span>
                    if last {
                        <a class="button button--primary" data-testid="lesson-next" href={format!("#lessons&lang={}", lang.code())}>
                            { t("lesson.finish") }
                        </a>
                    } else {
                        <button class="button button--primary" data-testid="lesson-next"
                                onclick={msg(|| LessonMsg::Next)}>{ t("lesson.next") }</button>
                    }
                </nav>
            </section>
        }
    }

    /// The stage highlight of the current step: a style rule per target (the cards are cached components, so the
    /// highlight is drawn by CSS, not by re-rendering them).
    pub(super) fn lesson_highlight_style(&self) -> Html {
        let Some(l) = &self.lesson else {
            return html! {};
        };
        let targets = &l.lesson.steps[l.step].highlight;
        if targets.is_empty() {
            return html! {};
        }
        let css: String = targets
            .iter()
            .map(|id| {
                let id: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect();
                format!(".stage [data-testid=\"{id}\"]{{filter:drop-shadow(0 0 2px var(--highlight)) drop-shadow(0 0 5px var(--highlight))}}\
                         .stage [data-testid=\"{id}\"]>rect:first-of-type{{stroke:var(--highlight);stroke-width:3px}}\
                         .stage line[data-testid=\"{id}\"]{{stroke:var(--highlight);stroke-width:4px}}")
            })
            .collect();
        html! { <style data-testid="lesson-highlight-style">{ css }</style> }
    }
}
