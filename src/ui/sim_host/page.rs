//! The page the run host draws: the top bar (preset, play, steps, speed, clock), error and violation banners, the
//! stage (cards, moving messages, the broker menu, zoom), the timeline under it, and the side panel.

use super::{Msg, SimHost, Tab};
use crate::i18n::{t, tf};
use crate::ui::components::motion_canvas::MotionCanvas;
use crate::ui::components::stage::{MotionLayer, NodesLayer};
use crate::ui::components::timeline::{MarkerList, TimelineBar};
use crate::ui::url;
use crate::viz::frame::seconds;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

impl SimHost {
    /// The page: the top bar, banners, the stage with its timeline, and the side panel.
    pub(super) fn page(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let route = &ctx.props().route;
        let Some(run) = &self.run else {
            return html! {
                <div class="playground" data-testid="playground" data-trace-hash="" data-sim-time-ms="0">
                    <div class="banner banner--error" data-testid="error-banner" role="alert">
                        { self.build_error.clone().unwrap_or_else(|| t("page.cannot_start").into()) }
                    </div>
                </div>
            };
        };
        let sim = run.sim();
        let now = sim.now();
        let errors: Vec<String> = route
            .error
            .iter()
            .chain(self.build_error.iter())
            .chain(self.url_error.iter())
            .cloned()
            .collect();

        let presets_list = &self.preset_names;
        // A lesson runs a preset (with edits, sometimes): the list names it when the run is that preset.
        let lesson_preset = self
            .lesson
            .as_ref()
            .filter(|l| l.lesson.edits.trim().is_empty())
            .map(|l| l.lesson.preset.clone());
        let selected = route
            .view
            .preset
            .clone()
            .or(lesson_preset)
            .unwrap_or_default();
        let on_preset = Callback::from(|e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let name = select.value();
            if !name.is_empty() {
                url::set_hash(&format!("preset={name}"));
            }
        });
        let on_speed = link.callback(|e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            Msg::SetSpeed(10f64.powf(input.value().parse::<f64>().unwrap_or(0.0)))
        });

        let progress = if sim.end().0 == 0 {
            0.0
        } else {
            now.0 as f64 / sim.end().0 as f64 * 100.0
        };
        self.views.set(self.views.get() + 1);
        let moving: usize = run.frame.messages.iter().map(|m| m.dots.len()).sum();
        let view_style = format!(
            "transform: {}; --zoom: {:.4}",
            self.view.css_transform(),
            self.view.zoom
        );

        html! {
            <div class={classes!("playground", route.view.embed.then_some("playground--embed"),
                                 route.view.edit.then_some("playground--edit"),
                                 (self.tab == Tab::Scenario).then_some("playground--editing"))}
                 data-testid="playground"
                 data-trace-hash={sim.trace_hash()}
                 data-sim-time-ms={now.as_ms().to_string()}
                 data-playing={self.playing.to_string()}
                 data-events={sim.events().to_string()}
                 data-views={self.views.get().to_string()}
                 data-moving-records={moving.to_string()}
                 data-frame-ms={format!("{:.2}", self.frame_ms)}
                 data-theme={self.theme.name()}
                 data-reduced-motion={self.a11y.reduce_motion.to_string()}
                 data-lang={crate::i18n::lang().code()}>
                { self.lesson_highlight_style() }
                <header class="topbar">
                    <span class="topbar__brand">{ "Kafka Playground" }</span>
                    <label class="topbar__preset">
                        <span class="topbar__label">{ t("topbar.preset") }</span>
                        <select class="select" data-testid="preset-select" onchange={on_preset} aria-label={t("topbar.preset_aria")}>
                            <option value="" selected={selected.is_empty()}>{ t("topbar.custom") }</option>
                            { for presets_list.iter().map(|p| html! {
                                <option value={p.to_string()} selected={selected == *p}>{ p.to_string() }</option>
                            }) }
                        </select>
                    </label>
                    <div class="controls">
                        <button class={classes!("button", "button--primary", self.playing.then_some("button--active"))}
                                data-testid="play" aria-pressed={self.playing.to_string()}
                                title={t("controls.play_title")} onclick={link.callback(|_| Msg::TogglePlay)}>
                            { if self.playing { t("controls.pause") } else if self.at_end() { t("controls.replay") } else { t("controls.play") } }
                        </button>
                        <button class="button" data-testid="step-back" title={t("controls.back_title")}
                                aria-label={t("controls.back_aria")} onclick={link.callback(|_| Msg::StepBack)}>
                            { t("controls.back") }
                        </button>
                        <button class="button" data-testid="step" title={t("controls.step_title")}
                                aria-label={t("controls.step_aria")} onclick={link.callback(|_| Msg::Step)}>
                            { t("controls.step") }
                        </button>
                        <label class="controls__speed" title={t("controls.speed_title")}>
                            <span class="topbar__label">{ t("controls.speed") }</span>
                            <input class="controls__slider" type="range" data-testid="speed" min="-1" max="2" step="0.05"
                                   value={format!("{:.2}", self.speed.log10())} oninput={on_speed} />
                            <output class="controls__speed-value" data-testid="speed-value">{ speed_label(self.speed) }</output>
                        </label>
                        <div class="clock">
                            <span class="clock__now" data-testid="sim-time">{ tf("clock.now", &[("t", &seconds(now))]) }</span>
                            <span class="clock__end">{ tf("clock.of", &[("end", &seconds(sim.end()))]) }</span>
                            <span class="clock__bar"><span class="clock__fill" style={format!("width: {progress:.2}%")}></span></span>
                        </div>
                    </div>
                    <div class="topbar__tools topbar__extra">
                        <button class={classes!("button", "button--small", self.a11y.reduce_motion.then_some("button--active"))}
                                data-testid="motion-toggle" aria-pressed={self.a11y.reduce_motion.to_string()}
                                title={t("tools.motion_title")}
                                onclick={link.callback(|_| Msg::ToggleMotion)}>{ t("tools.motion") }</button>
                        <button class="button button--small" data-testid="help-open" aria-label={t("tools.help_aria")}
                                onclick={link.callback(|_| Msg::Help(Some(true)))}>{ "?" }</button>
                        <button class="button button--small" data-testid="share-open" title={t("tools.share_title")}
                                onclick={link.callback(|_| Msg::ShareDialog(super::share::ShareMsg::Open))}>{ t("tools.share") }</button>
                        <button class="button button--small" data-testid="theme-toggle"
                                aria-pressed={(self.theme == crate::scenario::codec::Theme::Dark).to_string()}
                                title={t("tools.theme_title")} onclick={link.callback(|_| Msg::ToggleTheme)}>
                            <span aria-hidden="true">{ if self.theme == crate::scenario::codec::Theme::Dark { "☀ " } else { "☾ " } }</span>
                            <span class="button__text">{ if self.theme == crate::scenario::codec::Theme::Dark { t("tools.light") } else { t("tools.dark") } }</span>
                        </button>
                        <a class="button button--small" data-testid="lessons-link" href={format!("#lessons&lang={}", crate::i18n::lang().code())}
                           title={t("tools.lessons_title")}>{ t("tools.lessons") }</a>
                        <button class="button button--small" data-testid="lang-switch" lang={crate::i18n::lang().other().code()}
                                title={t("lang.switch.title")} onclick={
                                    let on_lang = ctx.props().on_lang.clone();
                                    Callback::from(move |_: MouseEvent| on_lang.emit(crate::i18n::lang().other()))
                                }
                                aria-busy={ctx.props().lang_busy.then_some("true")}>
                            { t("lang.switch") }{ if ctx.props().lang_busy { " …" } else { "" } }
                        </button>
                    </div>
                    if route.view.embed {
                        <a class="topbar__open-in" data-testid="open-in-playground" href={self.open_in_href()}
                           target="_blank" rel="noopener" title={t("embed.open_title")}>
                            { t("embed.open") }
                        </a>
                    }
                </header>
                { for errors.iter().map(|e| html! {
                    <div class="banner banner--error" data-testid="error-banner" role="alert">{ e.clone() }</div>
                }) }
                { for self.violation.iter().map(|v| html! {
                    <div class="banner banner--violation" data-testid="violation-banner" role="alert">
                        <strong>{ t("banner.violation") }</strong>{ " " }{ v.clone() }
                    </div>
                }) }
                <main class="playground__main">
                    <section class="stage">
                        { self.zoom_controls(ctx) }
                        <div class={classes!("stage__canvas", (!self.view.is_fit()).then_some("stage__canvas--zoomed"))}
                             ref={self.canvas.clone()}
                             style={format!("--ar: {:.4}", run.frame.width / run.frame.height.max(1.0))}
                             onpointerdown={self.pointer.down.clone()} onpointermove={self.pointer.moved.clone()}
                             onpointerup={self.pointer.up.clone()} onpointercancel={self.pointer.up.clone()}
                             onpointerleave={self.pointer.up.clone()}>
                            <div class="stage__view" data-testid="stage-view" style={view_style.clone()}>
                                <NodesLayer frame={run.cards.clone()} on_broker={self.on_broker.clone()} on_background={self.on_background.clone()}
                                            on_record={self.on_record.clone()} />
                            </div>
                            if !self.a11y.reduce_motion {
                                <MotionCanvas frame={run.frame.clone()} view={self.view} theme={self.theme.name()} />
                            }
                            <div class="stage__view stage__view--overlay" style={view_style}>
                                <MotionLayer frame={run.frame.clone()} />
                                { self.broker_menu(ctx, run) }
                            </div>
                        </div>
                        <TimelineBar now={now} end={sim.end()} explored={run.timeline().explored_to()}
                                     markers={MarkerList(run.markers.clone())} on_seek={self.on_seek.clone()} />
                        { self.fork_notice(ctx, run) }
                        { self.picked_view(ctx) }
                    </section>
                    { self.side_panel(ctx, run) }
                    { self.share_view() }
                    { self.a11y_view(ctx) }
                    if route.view.embed && route.view.embedding.panel == Some(crate::scenario::codec::Panel::Lesson) {
                        <aside class="embed-panel embed-panel--lesson" data-testid="embed-panel">{ self.lesson_view(ctx) }</aside>
                    }
                    if route.view.embed && route.view.embedding.panel == Some(crate::scenario::codec::Panel::Ledger) {
                        <aside class="embed-panel" data-testid="embed-panel" aria-label={t("embed.ledger_aria")}>
                            <crate::ui::components::ledger::LedgerView ledger={self.ledger.clone()}
                                groups={run.scene().groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>()}
                                on_record={self.on_record.clone()} />
                        </aside>
                    }
                </main>
            </div>
        }
    }
}

fn speed_label(s: f64) -> String {
    if s < 1.0 {
        format!("{s:.2}×").replace(".00", "")
    } else if s < 10.0 {
        format!("{s:.1}×").replace(".0×", "×")
    } else {
        format!("{s:.0}×")
    }
}
