//! The moving messages (their trails, envelopes and record dots) drawn on one `<canvas>` every animation frame:
//! no DOM element and no string per dot or trail (only the few "+N" and error labels are formatted). With hundreds
//! of records in flight the SVG version re-created every dot and trail as DOM nodes on every frame, which set the
//! frame rate.
//!
//! The canvas is the stage's size in device pixels and is not inside the zoomed layer: the zoom is applied as the
//! drawing's transform, so the dots stay sharp at any zoom and the canvas never grows with it. What carries text a
//! test or a screen reader needs (countdowns, lost-message marks, error flashes) stays in the SVG above it; a click
//! on a dot is resolved by `viz::frame::record_at`.
//!
//! The canvas's CSS size is kept by a `ResizeObserver`, not read on every draw: reading `clientWidth` after the
//! frame's DOM changes forced a style and layout of the whole page inside the animation-frame callback (~2.7 ms a
//! frame under load, issue 13). Test hook: `data-size-reads` counts the reads made before the observer reported.

use crate::viz::frame::{Frame, MessageSprite, Traffic};
use crate::viz::zoom::StageView;
use std::cell::RefCell;
use std::f64::consts::TAU;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ResizeObserver, ResizeObserverEntry};
use yew::prelude::*;

/// Props: the frame to draw and the stage's zoom.
#[derive(Properties)]
pub struct MotionCanvasProps {
    /// What to draw (only `messages` is read).
    pub frame: Rc<Frame>,
    /// The zoom and pan of the stage.
    pub view: StageView,
    /// The colour theme (`light`, `dark`): the palette is read again from the CSS when it changes.
    pub theme: &'static str,
}

impl PartialEq for MotionCanvasProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.frame, &other.frame)
            && self.view == other.view
            && self.theme == other.theme
    }
}

/// The colours of tokens.css, read once per theme from the page's custom properties (one meaning per colour, as in the SVG).
struct Palette {
    traffic: [String; 5],
    error: String,
    tint_error: String,
    surface: String,
    muted: String,
    producers: [String; 4],
    dash: JsValue,
    no_dash: JsValue,
}

fn traffic_index(t: Traffic) -> usize {
    match t {
        Traffic::Produce => 0,
        Traffic::Fetch => 1,
        Traffic::Replication => 2,
        Traffic::Group => 3,
        Traffic::Control => 4,
    }
}

fn palette(el: &web_sys::Element) -> Palette {
    let style = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten());
    let get = |name: &str, fallback: &str| -> String {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    let control = get("--c-control", "#66788a");
    Palette {
        traffic: [
            get("--c-producer", "#6b54c4"),
            get("--c-consumer", "#d0691f"),
            get("--c-follower", "#3d6fb4"),
            control.clone(),
            control,
        ],
        error: get("--c-error", "#c8372d"),
        tint_error: get("--tint-error", "#fdecea"),
        surface: get("--surface", "#ffffff"),
        muted: get("--fg-muted", "#5b6673"),
        producers: [
            get("--c-producer", "#6b54c4"),
            get("--c-producer-1", "#a184e8"),
            get("--c-producer-2", "#47358f"),
            get("--c-producer-3", "#c2a9f5"),
        ],
        dash: js_sys::Array::of2(&JsValue::from_f64(2.0), &JsValue::from_f64(4.0)).into(),
        no_dash: js_sys::Array::new().into(),
    }
}

/// The canvas's CSS size (px) as last reported by its `ResizeObserver`, and how often it had to be read instead.
#[derive(Default)]
struct Measured {
    size: Option<(f64, f64)>,
    reads: u32,
}

/// A live `ResizeObserver` and the closure it calls (dropped together when the canvas goes).
type SizeObserver = (ResizeObserver, Closure<dyn FnMut(js_sys::Array)>);

/// Observes `el`'s content box: a new size is stored in `measured` and the canvas drawn again (`redraw`).
fn observe_size(
    el: &web_sys::Element,
    measured: Rc<RefCell<Measured>>,
    redraw: UseForceUpdateHandle,
) -> Option<SizeObserver> {
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let last = entries.get(entries.length().saturating_sub(1));
        let Ok(entry) = last.dyn_into::<ResizeObserverEntry>() else {
            return;
        };
        let r = entry.content_rect();
        let size = Some((r.width(), r.height()));
        if measured.borrow().size != size {
            measured.borrow_mut().size = size;
            redraw.force_update();
        }
    });
    let observer = ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    observer.observe(el);
    Some((observer, on_resize))
}

/// The canvas of moving messages.
#[function_component(MotionCanvas)]
pub fn motion_canvas(props: &MotionCanvasProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let canvas = use_node_ref();
    let colours = use_mut_ref(|| None::<(&'static str, Palette)>);
    let measured = use_mut_ref(Measured::default);
    let redraw = use_force_update();
    {
        let (canvas, measured) = (canvas.clone(), measured.clone());
        use_effect_with((), move |()| {
            let observer = canvas
                .cast::<web_sys::Element>()
                .and_then(|el| observe_size(&el, measured, redraw));
            move || {
                if let Some((observer, _on_resize)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    {
        let canvas = canvas.clone();
        let frame = props.frame.clone();
        let view = props.view;
        let theme = props.theme;
        // Drawn after every render of this component, i.e. for every new frame or view (props compare by pointer)
        // and when the observer reports a new size.
        use_effect(move || {
            if let Some(el) = canvas.cast::<HtmlCanvasElement>() {
                let size = css_size(&el, &mut measured.borrow_mut());
                let mut c = colours.borrow_mut();
                if c.as_ref().is_none_or(|(t, _)| *t != theme) {
                    *c = Some((theme, palette(&el)));
                }
                if let Some((_, palette)) = c.as_ref() {
                    draw(&el, size, palette, &frame, view);
                }
            }
        });
    }
    html! { <canvas ref={canvas} class="stage__motion-canvas" aria-hidden="true" data-testid="motion-canvas"
    data-messages={props.frame.messages.len().to_string()} /> }
}

/// The canvas's CSS size: the observer's, or (before it first reports, or where there is none) read once.
fn css_size(el: &HtmlCanvasElement, m: &mut Measured) -> (f64, f64) {
    if let Some(size) = m.size {
        return size;
    }
    let size = (el.client_width() as f64, el.client_height() as f64);
    m.reads += 1;
    let _ = el.set_attribute("data-size-reads", &m.reads.to_string());
    // A canvas not laid out yet (0 × 0) is read again next time.
    if size.0 > 0.0 && size.1 > 0.0 {
        m.size = Some(size);
    }
    size
}

fn draw(el: &HtmlCanvasElement, size: (f64, f64), p: &Palette, frame: &Frame, view: StageView) {
    let (cw, ch) = size;
    if cw <= 0.0 || ch <= 0.0 || frame.width <= 0.0 {
        return;
    }
    let dpr = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .clamp(1.0, 3.0);
    let (bw, bh) = ((cw * dpr).round() as u32, (ch * dpr).round() as u32);
    if el.width() != bw || el.height() != bh {
        el.set_width(bw);
        el.set_height(bh);
    }
    let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, bw as f64, bh as f64);
    if frame.messages.is_empty() {
        return;
    }
    // Stage units → device pixels: the fit scale, then the zoom and pan (as the CSS transform of the cards).
    let k = cw / frame.width as f64 * view.zoom * dpr;
    let _ = ctx.set_transform(k, 0.0, 0.0, k, view.x * dpr, view.y * dpr);
    trails(&ctx, p, &frame.messages);
    bodies(&ctx, p, &frame.messages);
    dots(&ctx, p, &frame.messages);
    labels(&ctx, p, &frame.messages);
}

/// The dashed path behind each message that carries records, one stroke per kind of traffic.
fn trails(ctx: &CanvasRenderingContext2d, p: &Palette, ms: &[MessageSprite]) {
    ctx.set_line_width(1.0);
    let _ = ctx.set_line_dash(&p.dash);
    ctx.set_global_alpha(0.55);
    for (i, colour) in p.traffic.iter().enumerate() {
        ctx.begin_path();
        let mut any = false;
        for m in ms
            .iter()
            .filter(|m| !m.dots.is_empty() && traffic_index(m.traffic) == i)
        {
            let c = &m.path;
            ctx.move_to(c.from.x as f64, c.from.y as f64);
            ctx.bezier_curve_to(
                c.c1.x as f64,
                c.c1.y as f64,
                c.c2.x as f64,
                c.c2.y as f64,
                c.to.x as f64,
                c.to.y as f64,
            );
            any = true;
        }
        if any {
            ctx.set_stroke_style_str(colour);
            ctx.stroke();
        }
    }
    ctx.set_global_alpha(1.0);
    let _ = ctx.set_line_dash(&p.no_dash);
}

/// A message without records is a dot of its traffic's colour; one with records is an envelope holding them.
/// Drawn in the frame's order (a later message covers an earlier one); a style is handed to the context only when
/// it differs from the one set last, since each set passes a colour string across to JavaScript.
fn bodies(ctx: &CanvasRenderingContext2d, p: &Palette, ms: &[MessageSprite]) {
    let mut pen = Pen::default();
    for m in ms {
        let (x, y) = (m.at.x as f64, m.at.y as f64);
        let colour = if m.error.is_some() {
            &p.error
        } else {
            &p.traffic[traffic_index(m.traffic)]
        };
        ctx.begin_path();
        if m.dots.is_empty() {
            let _ = ctx.arc(x, y, 3.5, 0.0, TAU);
            let control = matches!(m.traffic, Traffic::Group | Traffic::Control);
            pen.alpha(ctx, control && m.error.is_none());
            pen.fill(ctx, colour);
            ctx.fill();
            pen.alpha(ctx, false);
            pen.line_width(ctx, 1.0);
            pen.stroke(ctx, &p.surface);
            ctx.stroke();
        } else {
            let cols = m.dots.len().min(4) as f64;
            let rows = if m.dots.len() > 4 { 2.0 } else { 1.0 };
            let (w, h) = (cols * 5.5 + 4.0, rows * 5.5 + 4.0);
            let top = if rows > 1.0 {
                -h / 2.0
            } else {
                -h / 2.0 - 2.75
            };
            let _ = ctx.round_rect_with_f64(x - w / 2.0, y + top, w, h, 3.0);
            pen.fill(
                ctx,
                if m.error.is_some() {
                    &p.tint_error
                } else {
                    &p.surface
                },
            );
            ctx.fill();
            pen.line_width(ctx, 1.2);
            pen.stroke(ctx, colour);
            ctx.stroke();
        }
    }
    pen.alpha(ctx, false);
}

/// The context's fill and stroke style, line width and alpha as `bodies` last set them (`None`: not set yet).
#[derive(Default)]
struct Pen<'a> {
    fill: Option<&'a str>,
    stroke: Option<&'a str>,
    width: Option<f64>,
    faded: Option<bool>,
}

impl<'a> Pen<'a> {
    fn fill(&mut self, ctx: &CanvasRenderingContext2d, colour: &'a str) {
        if self.fill != Some(colour) {
            ctx.set_fill_style_str(colour);
            self.fill = Some(colour);
        }
    }

    fn stroke(&mut self, ctx: &CanvasRenderingContext2d, colour: &'a str) {
        if self.stroke != Some(colour) {
            ctx.set_stroke_style_str(colour);
            self.stroke = Some(colour);
        }
    }

    fn line_width(&mut self, ctx: &CanvasRenderingContext2d, width: f64) {
        if self.width != Some(width) {
            ctx.set_line_width(width);
            self.width = Some(width);
        }
    }

    /// Control messages without an error are drawn at 75 % opacity.
    fn alpha(&mut self, ctx: &CanvasRenderingContext2d, faded: bool) {
        if self.faded != Some(faded) {
            ctx.set_global_alpha(if faded { 0.75 } else { 1.0 });
            self.faded = Some(faded);
        }
    }
}

/// Record dots in their producer's colour, one fill per colour.
fn dots(ctx: &CanvasRenderingContext2d, p: &Palette, ms: &[MessageSprite]) {
    for (i, colour) in p.producers.iter().enumerate() {
        ctx.begin_path();
        let mut any = false;
        for d in ms
            .iter()
            .flat_map(|m| m.dots.iter())
            .filter(|d| d.producer as usize % 4 == i)
        {
            let (x, y) = (d.at.x as f64, d.at.y as f64);
            ctx.move_to(x + 2.3, y);
            let _ = ctx.arc(x, y, 2.3, 0.0, TAU);
            any = true;
        }
        if any {
            ctx.set_fill_style_str(colour);
            ctx.fill();
        }
    }
}

/// "+N" beside a message with more records than dots, and the error a response carries.
fn labels(ctx: &CanvasRenderingContext2d, p: &Palette, ms: &[MessageSprite]) {
    ctx.set_font("10px system-ui, sans-serif");
    for m in ms.iter().filter(|m| m.more > 0) {
        ctx.set_fill_style_str(&p.muted);
        let _ = ctx.fill_text(
            &format!("+{}", m.more),
            m.at.x as f64 + 14.0,
            m.at.y as f64 + 4.0,
        );
    }
    ctx.set_font("bold 10px system-ui, sans-serif");
    for m in ms {
        if let Some(e) = m.error {
            let (x, y) = (m.at.x as f64 + 8.0, m.at.y as f64 - 7.0);
            ctx.set_line_width(3.0);
            ctx.set_stroke_style_str(&p.surface);
            let _ = ctx.stroke_text(e, x, y);
            ctx.set_fill_style_str(&p.error);
            let _ = ctx.fill_text(e, x, y);
        }
    }
}
