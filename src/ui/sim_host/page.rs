//! The page the run host draws: the top bar (preset, play, steps, speed, clock), error and violation banners, the
//! stage (cards, moving messages, the broker menu, zoom), the timeline under it, and the side panel.

use super::topbar::{Clock, PlayControls, PresetPicker, Tools};
use super::{SimHost, Tab};
use crate::i18n::t;
use crate::ui::components::motion_canvas::MotionCanvas;
use crate::ui::components::stage::{MotionLayer, NodesLayer};
use crate::ui::components::timeline::{MarkerList, TimelineBar};
use yew::prelude::*;

impl SimHost {
    /// The page: the top bar, banners, the stage with its timeline, and the side panel.
    pub(super) fn page(&self, ctx: &Context<Self>) -> Html {
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
                    <PresetPicker presets={self.preset_names.clone()} selected={AttrValue::from(selected)} />
                    <div class="controls">
                        <PlayControls playing={self.playing} at_end={self.at_end()} speed={self.speed} send={self.send.clone()} />
                        <Clock now={now} end={sim.end()} />
                    </div>
                    <Tools reduce_motion={self.a11y.reduce_motion} dark={self.theme == crate::scenario::codec::Theme::Dark}
                           lang_busy={ctx.props().lang_busy} send={self.send.clone()} on_lang={ctx.props().on_lang.clone()} />
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
