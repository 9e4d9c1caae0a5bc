//! The charts in the side panel (built by `viz::charts`): SVG lines over the whole run, fault windows shaded, a
//! cursor at the instant shown, the values of the bucket under the pointer, and a click that seeks there.
//!
//! Test hooks: `chart-{lag|throughput|latency|e2e|isr}` (`data-buckets`: buckets drawn, `data-y-max`),
//! `chart-readout` (the hovered bucket's values, `data-bucket`), `chart-cursor` (`data-x`).

use crate::i18n::{t, tf};
use crate::viz::charts::{bucket_at, readout, t_of, x_of, Chart, HEIGHT, PLOT, WIDTH};
use crate::viz::timeline::series::Series;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props. The charts and series are replaced (new `Rc`) only when they changed; the cursor moves every frame.
#[derive(Properties)]
pub struct ChartsProps {
    /// The charts.
    pub charts: Rc<Vec<Chart>>,
    /// The series they were drawn from (for the readout).
    pub series: Rc<Series>,
    /// The instant shown, µs.
    pub now_us: u64,
    /// The run's end, µs.
    pub end_us: u64,
    /// Seek to this virtual time (ms).
    pub on_seek: Callback<f64>,
}

impl PartialEq for ChartsProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.charts, &o.charts)
            && Rc::ptr_eq(&self.series, &o.series)
            && self.now_us == o.now_us
            && self.end_us == o.end_us
            && self.on_seek == o.on_seek
    }
}

fn n(v: f32) -> String {
    format!("{v:.1}")
}

/// The view-box x of a pointer event over a chart's SVG.
fn view_x(e: &MouseEvent) -> Option<f32> {
    let svg = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("svg").ok().flatten())?;
    let r = svg.get_bounding_client_rect();
    (r.width() > 0.0).then(|| ((e.client_x() as f64 - r.left()) / r.width() * WIDTH as f64) as f32)
}

/// The charts.
#[function_component(ChartsView)]
pub fn charts_view(props: &ChartsProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let hover = use_state(|| None::<(usize, usize)>);
    let (l, r, top, bottom) = PLOT;
    let cursor = x_of(props.now_us, props.end_us);
    html! {
        <div class="charts">
            { for props.charts.iter().enumerate().map(|(ci, c)| {
                let end = props.end_us;
                let series = props.series.clone();
                let on_move = {
                    let hover = hover.clone();
                    Callback::from(move |e: MouseEvent| {
                        let b = view_x(&e).and_then(|x| bucket_at(&series, t_of(x, end)));
                        hover.set(b.map(|b| (ci, b)));
                    })
                };
                let on_leave = {
                    let hover = hover.clone();
                    Callback::from(move |_: MouseEvent| hover.set(None))
                };
                let on_click = {
                    let seek = props.on_seek.clone();
                    Callback::from(move |e: MouseEvent| {
                        if let Some(x) = view_x(&e) {
                            seek.emit(t_of(x, end) as f64 / 1000.0);
                        }
                    })
                };
                let shown = hover.filter(|(k, _)| *k == ci).map(|(_, b)| b);
                let text = shown.and_then(|b| readout(c, &props.series, b));
                html! {
                    <figure class="chart" data-testid={format!("chart-{}", c.kind.id())} data-buckets={c.buckets.to_string()}
                            data-y-max={c.y_max.to_string()}>
                        <figcaption class="chart__title">{ c.kind.title() }<span class="chart__unit">{ format!(" · {}", c.kind.unit()) }</span></figcaption>
                        if let Some(why) = c.empty {
                            <p class="chart__empty">{ why }</p>
                        } else {
                        <svg class="chart__svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                             aria-label={tf("charts.aria", &[("title", c.kind.title()), ("unit", c.kind.unit())])}
                             onmousemove={on_move} onmouseleave={on_leave} onclick={on_click}>
                            { for c.faults.iter().map(|(x0, x1)| html! {
                                <rect class="chart__fault" x={n(*x0)} y={n(top)} width={n((x1 - x0).max(0.5))} height={n(bottom - top)} />
                            }) }
                            <line class="chart__axis" x1={n(l)} y1={n(bottom)} x2={n(r)} y2={n(bottom)} />
                            <line class="chart__axis" x1={n(l)} y1={n(top)} x2={n(l)} y2={n(bottom)} />
                            { for c.y_ticks.iter().map(|(y, t)| html! {
                                <>
                                    <line class="chart__grid" x1={n(l)} y1={n(*y)} x2={n(r)} y2={n(*y)} />
                                    <text class="chart__tick" x={n(l - 3.0)} y={n(y + 3.0)} text-anchor="end">{ t.clone() }</text>
                                </>
                            }) }
                            { for c.x_ticks.iter().enumerate().map(|(k, (x, t))| {
                                let anchor = match k { 0 => "start", 1 => "middle", _ => "end" };
                                html! { <text class="chart__tick" x={n(*x)} y={n(bottom + 11.0)} text-anchor={anchor}>{ t.clone() }</text> }
                            }) }
                            { for c.lines.iter().map(|line| html! {
                                <path class={classes!("chart__line", format!("chart__line--{}", line.style))} d={line.d.clone()} />
                            }) }
                            { for shown.map(|b| {
                                let x = x_of(b as u64 * props.series.bucket_us + props.series.bucket_us / 2, end);
                                html! { <line class="chart__hover" x1={n(x)} y1={n(top)} x2={n(x)} y2={n(bottom)} /> }
                            }) }
                            <line class="chart__cursor" data-testid="chart-cursor" data-x={n(cursor)}
                                  x1={n(cursor)} y1={n(top - 2.0)} x2={n(cursor)} y2={n(bottom)} />
                        </svg>
                        }
                        <ul class="chart__legend" hidden={c.empty.is_some()}>
                            { for c.lines.iter().map(|line| html! {
                                <li class="chart__key"><span class={classes!("chart__swatch", format!("chart__swatch--{}", line.style))}></span>{ line.label.clone() }</li>
                            }) }
                        </ul>
                        if c.empty.is_none() {
                            <p class="chart__readout" data-testid="chart-readout" data-bucket={shown.map(|b| b.to_string())}>
                                { text.unwrap_or_else(|| t("charts.hint").to_string()) }
                            </p>
                        }
                    </figure>
                }
            }) }
        </div>
    }
}
