//! The struct component that owns the run (`run.rs`: the `Timeline` with its `Sim` and `Scene`, the `Layout`, the
//! current `Frame`) and the `requestAnimationFrame` loop (yew's boids example owning its interval).
//!
//! Each animation frame (`playback.rs`): `virtual_now += clamp(wall_dt, 0..100 ms) * speed`, then the timeline plays
//! to `virtual_now`, folding the trace into the scene, and the frame is built and rendered. Playback pauses at
//! `sim.end()` and on an invariant violation. Seeks, steps back and forward, and interventions (a fork when made in
//! the past) go through the timeline too; an intervention is followed by `history.replaceState(#s=...)`, so a
//! reload replays it.
//!
//! Test hooks: `data-testid="playground"` with `data-trace-hash`, `data-sim-time-ms`, `data-playing`, `data-events`;
//! `play`, `step`, `step-back`, `timeline` and `timeline-marker` (`components/timeline.rs`), `fork-notice` +
//! `undo-fork`, `ledger` (`components/ledger.rs`), `event-log` (`components/event_log.rs`), `speed`,
//! `preset-select`, `watch`, `consumed-count`, `acked-count`, `error-banner`, `violation-banner`, the broker menu
//! (`crash-broker-N`, `restart-broker-N`, `isolate-broker-N`, `shutdown-broker-N`, `cut-link-target-N` +
//! `cut-link-one-way-N` + `cut-link-N`, `slow-follower-ms-N` + `slow-follower-N`, `restore-follower-N`, `heal`) and
//! `crash-consumer-N` / `restart-consumer-N`. Keyboard: space = play/pause, `.` = step, `,` = step back, Escape
//! closes the menu.

mod a11y;
mod address;
mod compare;
mod embed;
mod keys;
mod lesson;
mod menu;
mod page;
mod panel;
mod pick;
mod playback;
mod run;
mod sequence;
mod share;
mod topbar;
mod viewport;
mod zoom;

use super::route::Route;
use super::url;
use crate::engine::time::Instant;
use crate::scenario::codec::{to_fragment, to_preset_fragment, ViewOptions};
use crate::scenario::{parse_fetch_delay_ms, presets, Action, Scenario};
use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use keys::key_listener;
use menu::MenuRefs;
use run::Run;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Dead letters listed per producer in the side panel (newest first).
const DEAD_LETTER_ROWS: usize = 10;

/// The ledger is made again at most this often while playing (wall-clock ms): it scans every partition's log.
const LEDGER_REFRESH_MS: f64 = 250.0;

/// Largest wall-clock step folded into one frame (a hidden tab does not fast-forward), ms.
const MAX_WALL_DT_MS: f64 = 100.0;

/// Props: what the URL asked for.
#[derive(Properties, PartialEq)]
pub struct SimHostProps {
    /// The route.
    pub route: Rc<Route>,
    /// The page's language (a change re-renders in place; the run keeps going).
    pub lang: crate::i18n::Lang,
    /// The header's language switch.
    pub on_lang: Callback<crate::i18n::Lang>,
    /// The Korean catalogue is being fetched: the switch shows it is busy.
    pub lang_busy: bool,
}

/// Messages.
pub enum Msg {
    /// An animation frame at this `performance.now()` time, ms.
    Tick(f64),
    /// Play or pause.
    TogglePlay,
    /// Run to the next event that changes the picture, and pause.
    Step,
    /// Go back to the previous event that changed the picture, and pause.
    StepBack,
    /// Go to this virtual time (ms), back or forward, and pause.
    Seek(f64),
    /// Undo the last fork (put back the interventions it dropped).
    UndoFork,
    /// Playback speed (virtual seconds per wall second).
    SetSpeed(f64),
    /// Open the fault menu of a broker.
    OpenMenu(u32),
    /// Close it.
    CloseMenu,
    /// Apply an intervention.
    Intervene(Action),
    /// Cut the link between this broker and the node picked in its menu.
    CutLinkFromMenu(u32),
    /// Delay this follower's fetches by the amount typed in its menu.
    SlowFollowerFromMenu(u32),
    /// The other end of the link to cut was picked in the broker menu.
    MenuCutTarget(String),
    /// Make a link that opens this run paused at the current virtual time.
    Share,
    /// The fetch delay field of the broker menu changed.
    MenuDelayInput(String),
    /// Show a tab of the side panel.
    Tab(Tab),
    /// The editor applied a scenario: run it from t = 0, keeping play/pause and speed.
    ApplyScenario(Scenario),
    /// Undo every edit: run the preset the run started from.
    ResetToPreset,
    /// Zoom or pan the stage.
    Zoom(zoom::ZoomMsg),
    /// The screen became narrow (`true`: lay the stage out in one column) or wide again.
    Relayout(bool),
    /// The stage's background was clicked at this stage point: picks the record dot there, or closes the menu.
    StageClick(f32, f32),
    /// Forget the picked record.
    Unpick,
    /// Open the record inspector on this record (a log cell, a dot, a ledger row, a dead letter).
    Inspect(u64),
    /// Close the record inspector.
    CloseInspector,
    /// Show the message sequence diagram with this window (ms), or hide it (`None`).
    Sequence(Option<u64>),
    /// Show only the sequence diagram's messages of this lane and API class (`None`: all).
    SequenceFilter(sequence::Filter),
    /// The "Compare with…" section.
    Compare(compare::CompareMsg),
    /// Show this broker's log rows instead of its replica tiles, or the tiles again (large clusters).
    ToggleExpand(u32),
    /// A postMessage request of the embed API (`ui::embed`).
    Embed(crate::ui::embed::Received),
    /// The embedded playground became visible (autoplay).
    Visible,
    /// Switch between the light and the dark theme.
    ToggleTheme,
    /// The share dialog.
    ShareDialog(share::ShareMsg),
    /// Open (`Some(true)`), close or toggle (`None`) the keyboard help.
    Help(Option<bool>),
    /// Escape: close the help, the share dialog or the broker menu.
    Escape,
    /// Switch moving record dots off (or on again).
    ToggleMotion,
    /// The lesson panel.
    Lesson(lesson::LessonMsg),
}

/// The side panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// What to watch, counts, interventions, notes.
    Run,
    /// The scenario editor.
    Scenario,
}

/// The run host.
pub struct SimHost {
    run: Option<Run>,
    /// Set when the URL's scenario could not be built (the default runs instead).
    build_error: Option<String>,
    violation: Option<String>,
    playing: bool,
    speed: f64,
    virtual_us: f64,
    last_wall_ms: Option<f64>,
    raf: Option<AnimationFrame>,
    menu: Option<u32>,
    /// The inputs of the open broker menu.
    menu_refs: MenuRefs,
    /// Why the broker menu refused what was typed (the menu stays open with the text).
    menu_error: Option<String>,
    /// What is typed in the broker menu's fetch delay field (kept across renders, even when refused).
    menu_delay_text: Option<String>,
    /// The other end of the link to cut, as picked in the broker menu (`None`: the first choice).
    menu_cut_target: Option<String>,
    /// The last "link to this moment" made (shown for copying).
    share_link: Option<String>,
    url_error: Option<String>,
    preset_names: Rc<[&'static str]>,
    _keys: Option<EventListener>,
    _messages: Option<EventListener>,
    /// Plays an embedded playground once it is first visible (`autoplay` unset).
    visible: Option<crate::ui::embed::Visibility>,
    /// The embed API's subscribers and what they were last sent.
    embed: embed::EmbedState,
    /// The colour theme shown.
    theme: crate::scenario::codec::Theme,
    /// The share dialog.
    share: share::ShareState,
    /// Help dialog, live region, reduced motion, focus.
    a11y: a11y::A11y,
    _narrow: Option<EventListener>,
    /// The side panel's tab.
    tab: Tab,
    /// The scenario that runs, with the interventions made so far (the editor's draft follows it).
    running: Rc<Scenario>,
    /// The preset the run started from (`#preset=` or `from=`).
    base_preset: Option<String>,
    /// Made once, so the editor's props compare equal between frames.
    on_apply: Callback<Scenario>,
    on_reset: Callback<()>,
    // Made once too: yew compares callbacks by pointer, and a new one per view re-rendered every card on every
    // animation frame.
    on_broker: Callback<u32>,
    on_background: Callback<(f32, f32)>,
    on_seek: Callback<f64>,
    on_record: Callback<u64>,
    on_close_inspector: Callback<()>,
    /// Any message to the host, for the parts of the page drawn as their own components (`topbar.rs`, `panel.rs`).
    send: Callback<Msg>,
    on_sequence: Callback<Option<u64>>,
    /// The sequence diagram: its window, filters and last layout.
    sequence: sequence::SequenceState,
    /// Run B of "Compare with…", the edits typed for it, why they were refused, and what it shows now.
    compare: Option<crate::viz::compare::Comparison>,
    compare_draft: String,
    compare_error: Option<String>,
    compare_state: Option<Rc<crate::ui::components::compare::CompareState>>,
    /// The record dot last clicked on the moving layer.
    picked: Option<pick::Picked>,
    /// Views rendered (the `data-views` test hook: the card layer must render far less often).
    views: std::cell::Cell<u64>,
    /// The last animation frame's own work (advancing the simulation and building the frame), ms.
    frame_ms: f64,
    /// The stage's zoom and pan, and the gesture making them.
    view: crate::viz::zoom::StageView,
    gesture: zoom::Gesture,
    /// The stage element (zoom coordinates are relative to it) and its wheel listener.
    canvas: NodeRef,
    pointer: zoom::PointerHandlers,
    wheel: Option<(web_sys::Element, EventListener)>,
    /// Acknowledged records missing from the logs, counted when playback stopped (`None` while playing).
    /// The guarantees ledger, the virtual instant (ms) it was made at, and the wall time (ms) it was made: made
    /// again when playback pauses, and at most every [`LEDGER_REFRESH_MS`] while playing.
    ledger: Option<(Rc<crate::engine::guarantees::Guarantees>, u64)>,
    ledger_wall_ms: f64,
    ledger_events: u64,
    /// The lesson of `lesson=`, and why it could not be opened.
    lesson: Option<lesson::LessonState>,
    lesson_error: Option<String>,
    /// The lesson (name, step asked for) whose file the page is fetching.
    lesson_loading: Option<(&'static str, Option<usize>)>,
    /// Playback stops here (a lesson's Next plays on to the next step's pause).
    pause_at: Option<Instant>,
}

impl SimHost {
    fn boot(&mut self, ctx: &Context<Self>) {
        let route = &ctx.props().route;
        self.raf = None;
        self.menu = None;
        self.picked = None;
        self.view = crate::viz::zoom::StageView::FIT;
        self.violation = None;
        self.url_error = None;
        self.last_wall_ms = None;
        self.speed = route.view.speed.unwrap_or(1.0);
        self.theme = crate::ui::theme::initial(route.view.embedding.theme);
        crate::ui::theme::apply(self.theme);
        let (run, build_error) = match Run::new(&route.scenario) {
            Ok(run) => (Some(run), None),
            Err(e) => {
                let msg = crate::i18n::tf(
                    "run.cannot_run_default",
                    &[("why", &crate::scenario::explain::explain(&e.to_string()))],
                );
                (Run::new(&presets::default_scenario()).ok(), Some(msg))
            }
        };
        self.run = run;
        self.build_error = build_error;
        self.new_run();
        self.virtual_us = 0.0;
        // Embedded, it plays at once only with autoplay=1; unset, once visible (`autoplay_when_visible`).
        self.playing = !self.a11y.reduce_motion
            && (!route.view.embed || route.view.embedding.autoplay == Some(true));
        self.share_link = None;
        self.base_preset = route
            .view
            .preset
            .clone()
            .or_else(|| route.view.from.clone());
        self.sync_running();
        if route.view.embed && route.view.edit {
            self.tab = Tab::Scenario;
        }
        self.compare = None;
        self.compare_state = None;
        self.compare_error = None;
        if let Some(text) = &route.view.compare {
            self.compare_draft = text.clone();
            self.open_compare();
        }
        if let (Some(us), Some(run)) = (route.view.start_us, self.run.as_mut()) {
            let t = Instant(us).min(run.sim().end());
            run.advance_to(t);
            self.virtual_us = t.0 as f64;
            self.playing = false;
        }
        self.pause_at = None;
        self.open_lesson(ctx, route.view.lesson.as_deref(), route.view.step);
        self.check();
    }

    fn check(&mut self) {
        if let Some(run) = &self.run {
            if let Err(v) = run.sim().check() {
                self.violation = Some(v.to_string());
                self.playing = false;
            }
        }
        if let Some(run) = self.run.as_mut() {
            let wall = now_ms();
            let at_ms = run.sim().now().as_ms();
            let events = run.sim().events();
            let stale = self.ledger.is_none() || self.ledger_events != events;
            // The charts are drawn again on the ledger's cadence.
            if stale && (!self.playing || wall - self.ledger_wall_ms >= LEDGER_REFRESH_MS) {
                self.ledger = Some((Rc::new(run.sim().guarantees()), at_ms));
                self.ledger_wall_ms = wall;
                self.ledger_events = events;
                run.refresh_charts();
                self.refresh_sequence();
                self.announce();
                self.follow_compare();
                self.refresh_compare();
            }
        }
    }

    /// Hands the run's scenario (with its interventions) to the editor, when it changed.
    fn sync_running(&mut self) {
        if let Some(run) = &self.run {
            if *self.running != *run.sim().scenario() {
                self.running = Rc::new(run.sim().scenario().clone());
            }
        }
    }

    /// Runs `scenario` from t = 0, keeping play/pause and speed, and rewrites the address to `fragment`.
    fn restart(&mut self, ctx: &Context<Self>, scenario: &Scenario, fragment: String) {
        match Run::new(scenario) {
            Ok(run) => {
                self.run = Some(run);
                self.new_run();
                self.build_error = None;
                self.violation = None;
                self.virtual_us = 0.0;
                self.last_wall_ms = None;
                self.raf = None;
                self.menu = None;
                self.picked = None;
                self.share_link = None;
                self.write_address(ctx, &fragment);
                self.sync_running();
                self.check();
                self.schedule(ctx);
            }
            Err(e) => {
                self.build_error = Some(crate::i18n::tf(
                    "run.cannot_run",
                    &[("why", &crate::scenario::explain::explain(&e.to_string()))],
                ))
            }
        }
    }

    fn schedule(&mut self, ctx: &Context<Self>) {
        if self.raf.is_none() && self.playing {
            let link = ctx.link().clone();
            self.raf = Some(request_animation_frame(move |ts| {
                link.send_message(Msg::Tick(ts))
            }));
        }
    }

    fn at_end(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|r| r.sim().now() >= r.sim().end())
    }
}

/// `performance.now()`, ms (0 where there is no window).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl Component for SimHost {
    type Message = Msg;
    type Properties = SimHostProps;

    fn create(ctx: &Context<Self>) -> Self {
        let canvas = NodeRef::default();
        let mut host = SimHost {
            run: None,
            build_error: None,
            violation: None,
            playing: false,
            speed: 1.0,
            virtual_us: 0.0,
            last_wall_ms: None,
            raf: None,
            menu: None,
            menu_refs: MenuRefs::default(),
            menu_error: None,
            menu_delay_text: None,
            menu_cut_target: None,
            share_link: None,
            url_error: None,
            preset_names: presets::names().into(),
            send: ctx.link().callback(|m| m),
            _keys: key_listener(ctx.link().clone()),
            // Only an embedded playground answers messages (docs/embed.md).
            _messages: ctx
                .props()
                .route
                .view
                .embed
                .then(|| {
                    let link = ctx.link().clone();
                    crate::ui::embed::listen(move |m| link.send_message(Msg::Embed(m)))
                })
                .flatten(),
            visible: None,
            embed: embed::EmbedState::default(),
            theme: crate::scenario::codec::Theme::Light,
            share: share::ShareState::new(ctx.link()),
            a11y: a11y::A11y::new(url::prefers_reduced_motion()),
            _narrow: viewport::narrow_listener(ctx.link().clone()),
            tab: Tab::Run,
            running: Rc::new(Scenario::default()),
            base_preset: None,
            on_apply: ctx.link().callback(Msg::ApplyScenario),
            on_reset: ctx.link().callback(|()| Msg::ResetToPreset),
            on_broker: ctx.link().callback(Msg::OpenMenu),
            on_background: ctx.link().callback(|(x, y)| Msg::StageClick(x, y)),
            on_seek: ctx.link().callback(Msg::Seek),
            on_record: ctx.link().callback(Msg::Inspect),
            on_close_inspector: ctx.link().callback(|()| Msg::CloseInspector),
            on_sequence: ctx.link().callback(Msg::Sequence),
            sequence: sequence::SequenceState::new(ctx.link().callback(Msg::SequenceFilter)),
            compare: None,
            compare_draft: String::new(),
            compare_error: None,
            compare_state: None,
            picked: None,
            views: std::cell::Cell::new(0),
            frame_ms: 0.0,
            view: crate::viz::zoom::StageView::FIT,
            gesture: zoom::Gesture::default(),
            pointer: zoom::PointerHandlers::new(ctx.link(), &canvas),
            canvas,
            wheel: None,
            ledger: None,
            ledger_wall_ms: 0.0,
            ledger_events: 0,
            lesson: None,
            lesson_error: None,
            lesson_loading: None,
            pause_at: None,
        };
        host.boot(ctx);
        host.schedule(ctx);
        host
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        self.attach_wheel(ctx);
        self.apply_focus();
        if ctx.props().route.view.embed {
            if first_render {
                self.embed_ready();
                self.autoplay_when_visible(ctx);
            }
            self.embed_emit();
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Self::Properties) -> bool {
        if Rc::ptr_eq(&old.route, &ctx.props().route) {
            // Only the language (or the switch's busy state) changed: draw again, keep the run.
            if old.lang != ctx.props().lang {
                if let Some(run) = self.run.as_mut() {
                    run.relabel();
                }
                // B's charts and summary too.
                if self.compare_state.take().is_some() {
                    self.refresh_compare();
                }
            }
            return true;
        }
        self.boot(ctx);
        self.schedule(ctx);
        if ctx.props().route.view.embed {
            self.embed_ready();
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Tick(ts) => self.tick(ctx, ts),
            Msg::TogglePlay => self.toggle_play(ctx),
            Msg::Step => self.step(false),
            Msg::StepBack => self.step(true),
            Msg::Seek(ms) => self.seek(ms),
            Msg::UndoFork => self.undo_fork(ctx),
            Msg::SetSpeed(s) => {
                self.speed = s.clamp(0.1, 100.0);
                true
            }
            Msg::OpenMenu(_) | Msg::CloseMenu if self.gesture.swallow_click => {
                // The click that ends a pan is not a click on a card.
                self.gesture.swallow_click = false;
                false
            }
            Msg::OpenMenu(id) => {
                if self.menu != Some(id) {
                    self.close_menu();
                }
                self.menu = Some(id);
                self.a11y.focus = Some(format!("[data-testid=broker-menu-{id}] [role=menuitem]"));
                true
            }
            Msg::Share => {
                if let Some(run) = &self.run {
                    let view = ViewOptions {
                        start_us: Some(run.sim().now().0),
                        ..ctx.props().route.view.clone()
                    };
                    let fragment = to_fragment(run.sim().scenario(), &view);
                    self.share_link = Some(url::with_fragment(&fragment));
                }
                true
            }
            Msg::MenuCutTarget(name) => {
                self.menu_cut_target = Some(name);
                true
            }
            Msg::MenuDelayInput(text) => {
                self.menu_delay_text = Some(text);
                false
            }
            Msg::CloseMenu => self.close_menu(),
            Msg::Zoom(z) => self.zoom_update(z),
            Msg::StageClick(..) if self.gesture.swallow_click => {
                self.gesture.swallow_click = false;
                false
            }
            Msg::StageClick(x, y) => {
                self.picked = self.run.as_ref().and_then(|r| pick::pick(&r.frame, x, y));
                if let Some(record) = self.picked.as_ref().map(|p| p.record) {
                    self.inspect(record);
                }
                self.close_menu();
                true
            }
            Msg::Unpick => self.picked.take().is_some(),
            Msg::Inspect(record) => {
                self.inspect(crate::engine::ids::RecordId(record));
                true
            }
            Msg::Sequence(w) => self.set_sequence(w),
            Msg::SequenceFilter(f) => self.set_sequence_filter(f),
            Msg::Embed(m) => {
                let changed = self.embed_request(ctx, m);
                self.schedule(ctx);
                changed
            }
            Msg::ShareDialog(m) => self.share_update(m),
            Msg::Help(open) => self.help(open),
            Msg::Escape => self.escape(),
            Msg::Lesson(m) => self.lesson_update(ctx, m),
            Msg::ToggleMotion => {
                self.a11y.reduce_motion = !self.a11y.reduce_motion;
                true
            }
            Msg::ToggleTheme => {
                self.theme = self.theme.toggled();
                crate::ui::theme::remember(self.theme);
                crate::ui::theme::apply(self.theme);
                true
            }
            Msg::Visible => {
                let play = !self.playing && !self.at_end() && !self.a11y.reduce_motion;
                play && self.toggle_play(ctx)
            }
            Msg::Compare(m) => self.compare_update(ctx, m),
            Msg::CloseInspector => {
                self.picked = None;
                self.run.as_mut().is_some_and(|r| r.stop_inspecting())
            }
            Msg::ToggleExpand(id) => {
                if let Some(run) = self.run.as_mut() {
                    run.toggle_expanded(id);
                }
                self.close_menu();
                true
            }
            Msg::Relayout(portrait) => {
                if let Some(run) = self.run.as_mut() {
                    run.relayout(portrait);
                }
                self.menu = None;
                self.view = crate::viz::zoom::StageView::FIT;
                true
            }
            Msg::CutLinkFromMenu(id) => {
                let target = self
                    .menu_cut_target
                    .clone()
                    .or_else(|| self.menu_others(id).into_iter().next())
                    .unwrap_or_default();
                let one_way = self
                    .menu_refs
                    .cut_one_way
                    .cast::<HtmlInputElement>()
                    .is_some_and(|i| i.checked());
                if target.is_empty() {
                    return false;
                }
                ctx.link().send_message(Msg::Intervene(Action::CutLink {
                    from: format!("broker-{id}"),
                    to: target,
                    one_way,
                }));
                false
            }
            Msg::SlowFollowerFromMenu(id) => {
                let typed = self.menu_delay_text.clone().unwrap_or_default();
                match parse_fetch_delay_ms(&typed) {
                    Ok(delay_ms) => {
                        self.menu_error = None;
                        ctx.link()
                            .send_message(Msg::Intervene(Action::SlowFollower {
                                broker: id,
                                delay_ms,
                            }));
                        false
                    }
                    Err(e) => {
                        self.menu_error = Some(e);
                        true
                    }
                }
            }
            Msg::Intervene(action) => self.intervene(ctx, action),
            Msg::Tab(t) => {
                self.tab = t;
                true
            }
            Msg::ApplyScenario(scenario) => {
                let fragment = self.fragment(ctx, &scenario);
                self.restart(ctx, &scenario, fragment);
                true
            }
            Msg::ResetToPreset => {
                let Some((name, s)) = self
                    .base_preset
                    .clone()
                    .and_then(|n| presets::by_name(&n).map(|s| (n, s)))
                else {
                    return false;
                };
                let view = ViewOptions {
                    start_us: None,
                    ..ctx.props().route.view.clone()
                };
                let fragment = to_preset_fragment(&name, &view);
                self.restart(ctx, &s, fragment);
                true
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        self.page(ctx)
    }
}
