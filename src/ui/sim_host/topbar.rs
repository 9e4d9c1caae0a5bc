//! The top bar's parts as components: the preset list, the playback controls, the clock and the tools. The host's
//! view builds them on every animation frame, but yew draws one again only when its props changed (issue 13):
//! while a run plays only the clock does, so the preset list's options and the buttons are not compared again.
//! Each part's root carries `data-renders` (how often it was drawn), the test hook for that.

use super::Msg;
use crate::engine::time::Instant;
use crate::i18n::{t, tf};
use crate::ui::components::use_renders;
use crate::ui::url;
use crate::viz::frame::seconds;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`PresetPicker`].
#[derive(Properties, PartialEq)]
pub(super) struct PresetPickerProps {
    /// Every preset's name, in the list's order.
    pub presets: Rc<[&'static str]>,
    /// The preset the run is (empty: a scenario of the user's own, "custom").
    pub selected: AttrValue,
}

/// The preset list: picking one opens `#preset=NAME`.
#[function_component(PresetPicker)]
pub(super) fn preset_picker(props: &PresetPickerProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let on_preset = Callback::from(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let name = select.value();
        if !name.is_empty() {
            url::set_hash(&format!("preset={name}"));
        }
    });
    let selected = props.selected.as_str();
    html! {
        <label class="topbar__preset" data-testid="preset-picker" data-renders={renders}>
            <span class="topbar__label">{ t("topbar.preset") }</span>
            <select class="select" data-testid="preset-select" onchange={on_preset} aria-label={t("topbar.preset_aria")}>
                <option value="" selected={selected.is_empty()}>{ t("topbar.custom") }</option>
                { for props.presets.iter().map(|p| html! {
                    <option value={*p} selected={selected == *p}>{ *p }</option>
                }) }
            </select>
        </label>
    }
}

/// Props of [`PlayControls`].
#[derive(Properties, PartialEq)]
pub(super) struct PlayControlsProps {
    pub playing: bool,
    /// The run is at its end: the play button replays it.
    pub at_end: bool,
    /// Virtual seconds per wall second.
    pub speed: f64,
    /// Made once by the host (a new callback per view would draw the controls on every frame).
    pub send: Callback<Msg>,
}

/// Play or pause, one step back or forward, and the speed slider.
#[function_component(PlayControls)]
pub(super) fn play_controls(props: &PlayControlsProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let send = |m: fn() -> Msg| on_click(&props.send, m);
    let on_speed = {
        let s = props.send.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            s.emit(Msg::SetSpeed(
                10f64.powf(input.value().parse::<f64>().unwrap_or(0.0)),
            ))
        })
    };
    let label = if props.playing {
        t("controls.pause")
    } else if props.at_end {
        t("controls.replay")
    } else {
        t("controls.play")
    };
    html! {
        <>
            <button class={classes!("button", "button--primary", props.playing.then_some("button--active"))}
                    data-testid="play" data-renders={renders} aria-pressed={props.playing.to_string()}
                    title={t("controls.play_title")} onclick={send(|| Msg::TogglePlay)}>
                { label }
            </button>
            <button class="button" data-testid="step-back" title={t("controls.back_title")}
                    aria-label={t("controls.back_aria")} onclick={send(|| Msg::StepBack)}>
                { t("controls.back") }
            </button>
            <button class="button" data-testid="step" title={t("controls.step_title")}
                    aria-label={t("controls.step_aria")} onclick={send(|| Msg::Step)}>
                { t("controls.step") }
            </button>
            <label class="controls__speed" title={t("controls.speed_title")}>
                <span class="topbar__label">{ t("controls.speed") }</span>
                <input class="controls__slider" type="range" data-testid="speed" min="-1" max="2" step="0.05"
                       value={format!("{:.2}", props.speed.log10())} oninput={on_speed} />
                <output class="controls__speed-value" data-testid="speed-value">{ speed_label(props.speed) }</output>
            </label>
        </>
    }
}

/// Props of [`Clock`].
#[derive(Properties, PartialEq)]
pub(super) struct ClockProps {
    /// The virtual time shown.
    pub now: Instant,
    /// The run's end.
    pub end: Instant,
}

/// The virtual clock and its progress bar: the one part of the top bar drawn on every frame of a playing run.
#[function_component(Clock)]
pub(super) fn clock(props: &ClockProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let progress = if props.end.0 == 0 {
        0.0
    } else {
        props.now.0 as f64 / props.end.0 as f64 * 100.0
    };
    html! {
        <div class="clock" data-renders={renders}>
            <span class="clock__now" data-testid="sim-time">{ tf("clock.now", &[("t", &seconds(props.now))]) }</span>
            <span class="clock__end">{ tf("clock.of", &[("end", &seconds(props.end))]) }</span>
            <span class="clock__bar"><span class="clock__fill" style={format!("width: {progress:.2}%")}></span></span>
        </div>
    }
}

/// Props of [`Tools`].
#[derive(Properties, PartialEq)]
pub(super) struct ToolsProps {
    /// Moving record dots are switched off.
    pub reduce_motion: bool,
    /// The dark theme is shown.
    pub dark: bool,
    /// The Korean catalogue is being fetched.
    pub lang_busy: bool,
    pub send: Callback<Msg>,
    pub on_lang: Callback<crate::i18n::Lang>,
}

/// Motion, help, share, theme, lessons and the language switch.
#[function_component(Tools)]
pub(super) fn tools(props: &ToolsProps) -> Html {
    let lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let send = |m: fn() -> Msg| on_click(&props.send, m);
    let on_lang = {
        let on_lang = props.on_lang.clone();
        Callback::from(move |_: MouseEvent| on_lang.emit(crate::i18n::lang().other()))
    };
    html! {
        <div class="topbar__tools topbar__extra" data-testid="tools" data-renders={renders}>
            <button class={classes!("button", "button--small", props.reduce_motion.then_some("button--active"))}
                    data-testid="motion-toggle" aria-pressed={props.reduce_motion.to_string()}
                    title={t("tools.motion_title")} onclick={send(|| Msg::ToggleMotion)}>{ t("tools.motion") }</button>
            <button class="button button--small" data-testid="help-open" aria-label={t("tools.help_aria")}
                    onclick={send(|| Msg::Help(Some(true)))}>{ "?" }</button>
            <button class="button button--small" data-testid="share-open" title={t("tools.share_title")}
                    onclick={send(|| Msg::ShareDialog(super::share::ShareMsg::Open))}>{ t("tools.share") }</button>
            <button class="button button--small" data-testid="theme-toggle" aria-pressed={props.dark.to_string()}
                    title={t("tools.theme_title")} onclick={send(|| Msg::ToggleTheme)}>
                <span aria-hidden="true">{ if props.dark { "☀ " } else { "☾ " } }</span>
                <span class="button__text">{ if props.dark { t("tools.light") } else { t("tools.dark") } }</span>
            </button>
            <a class="button button--small" data-testid="lessons-link" href={format!("#lessons&lang={}", lang.code())}
               title={t("tools.lessons_title")}>{ t("tools.lessons") }</a>
            <button class="button button--small" data-testid="lang-switch" lang={lang.other().code()}
                    title={t("lang.switch.title")} onclick={on_lang}
                    aria-busy={props.lang_busy.then_some("true")}>
                { t("lang.switch") }{ if props.lang_busy { " …" } else { "" } }
            </button>
        </div>
    }
}

/// A click handler that sends the message `m` makes to the host.
fn on_click(send: &Callback<Msg>, m: fn() -> Msg) -> Callback<MouseEvent> {
    let send = send.clone();
    Callback::from(move |_: MouseEvent| send.emit(m()))
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
