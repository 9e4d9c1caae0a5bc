//! The timeline under the stage: a slider over the run's virtual time (drag, click or arrow keys seek), the part
//! of the run played so far, and one lane of markers per kind (faults, produce errors, elections, ISR changes,
//! rebalances, log truncations); a marker's tooltip says what happened and a click jumps there.
//!
//! Test hooks: `timeline` (the slider, `aria-valuenow` in ms), `timeline-marker` (`data-kind`, `data-at-ms`,
//! `data-count`).

use crate::engine::time::Instant;
use crate::i18n::t;
use crate::viz::frame::seconds;
use crate::viz::timeline::{marker_spots, Marker, MarkerKind};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Marks per lane at most: the run is cut into this many slices and the markers of a kind in one slice draw as one.
const SLICES: u32 = 160;

/// Props of the slider.
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The instant shown.
    pub now: Instant,
    /// The end of the run.
    pub end: Instant,
    /// How far the run has been played (markers are known up to here).
    pub explored: Instant,
    /// The markers found so far.
    pub markers: MarkerList,
    /// A seek to this many ms.
    pub on_seek: Callback<f64>,
}

/// The markers, compared by identity: the host hands a new list only when markers were found or dropped, so the
/// lanes are not diffed on every animation frame.
#[derive(Clone)]
pub struct MarkerList(pub Rc<Vec<Marker>>);

impl PartialEq for MarkerList {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The timeline.
#[function_component(TimelineBar)]
pub fn timeline_bar(props: &TimelineProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let end_ms = props.end.as_ms().max(1);
    let now_ms = props.now.as_ms().min(end_ms);
    let on_input = {
        let on_seek = props.on_seek.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(ms) = input.value().parse::<f64>() {
                on_seek.emit(ms);
            }
        })
    };
    let explored = props.explored.0 as f64 / props.end.0.max(1) as f64 * 100.0;
    html! {
        <div class="timeline">
            <Lanes markers={props.markers.clone()} end={props.end} on_seek={props.on_seek.clone()} />
            <div class="timeline__track">
                <span class="timeline__explored" style={format!("width: {:.2}%", explored.min(100.0))}></span>
                <input class="timeline__slider" type="range" data-testid="timeline" min="0" max={end_ms.to_string()}
                       step="1" value={now_ms.to_string()} aria-label={t("timeline.slider")}
                       aria-valuemin="0" aria-valuemax={end_ms.to_string()} aria-valuenow={now_ms.to_string()}
                       aria-valuetext={format!("t = {}", seconds(props.now))} oninput={on_input} />
            </div>
            <ul class="timeline__legend" aria-label={t("timeline.legend")}>
                { for MarkerKind::ON_TIMELINE.iter().map(|k| html! {
                    <li class={classes!("timeline__key", format!("timeline__key--{}", k.name()))}>
                        <span class={classes!("timeline__swatch", format!("timeline__marker--{}", k.name()))}></span>
                        { k.label() }
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct LanesProps {
    markers: MarkerList,
    end: Instant,
    on_seek: Callback<f64>,
}

/// One lane per marker kind, above the slider.
#[function_component(Lanes)]
fn lanes(props: &LanesProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let spots = marker_spots(&props.markers.0, props.end, SLICES);
    html! {
        <div class="timeline__lanes" aria-label={t("timeline.markers")}>
            { for spots.iter().map(|s| {
                let at_ms = s.at.0 as f64 / 1000.0;
                let on_seek = props.on_seek.clone();
                let lane = MarkerKind::ON_TIMELINE.iter().position(|k| *k == s.kind).unwrap_or(0);
                html! {
                    <button class={classes!("timeline__marker", format!("timeline__marker--{}", s.kind.name()))}
                            data-testid="timeline-marker" data-kind={s.kind.name()} data-at-ms={format!("{at_ms:.3}")}
                            data-count={s.count.to_string()} title={s.text.clone()} aria-label={s.text.clone()}
                            style={format!("left: {:.3}%; --lane: {lane}", s.left_pct)}
                            onclick={Callback::from(move |_| on_seek.emit(at_ms))}>
                        if s.count > 1 { <span class="timeline__count">{ s.count.to_string() }</span> }
                    </button>
                }
            }) }
        </div>
    }
}
