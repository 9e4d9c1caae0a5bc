//! Zoom and pan on the stage: the wheel zooms about the pointer, a drag pans once zoomed, two fingers pinch, and
//! the buttons (`zoom-in`, `zoom-out`, `zoom-fit`) and keys (`+`, `-`, `0`) zoom about the centre. The view
//! ([`StageView`]) is one CSS transform on the layer that holds the cards and the motion, so zooming renders no
//! card again.
//!
//! On a touch screen the page still scrolls over an unzoomed stage (`touch-action: pan-y`); once zoomed, one finger
//! pans and two pinch.

use super::{Msg, SimHost};
use crate::i18n::t;
use crate::viz::zoom::{StageView, ZOOM_STEP};
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A drag longer than this (stage px) is a pan, not a click on a card.
const CLICK_SLOP_PX: f64 = 4.0;

/// Zoom and pan messages, with the stage's size (px) when they were made.
pub enum ZoomMsg {
    /// Zoom about the centre by a factor (buttons, keys).
    By(f64),
    /// Back to the whole cluster.
    Fit,
    /// The wheel at (x, y) on the stage: zoom by a factor about it.
    Wheel(f64, f64, f64),
    /// A pointer went down at (x, y).
    Down(i32, f64, f64),
    /// A pointer moved to (x, y).
    Move(i32, f64, f64),
    /// A pointer went up or left.
    Up(i32),
}

/// The gesture in progress.
#[derive(Default)]
pub struct Gesture {
    /// Pointers down: (id, x, y).
    pointers: Vec<(i32, f64, f64)>,
    /// Stage px moved since the first pointer went down.
    travelled: f64,
    /// The last gesture was a pan: the click that ends it must not open a broker menu.
    pub swallow_click: bool,
}

/// The stage element's pointer handlers, made once (like the host's other callbacks, so yew compares them equal
/// between frames).
pub struct PointerHandlers {
    pub down: Callback<PointerEvent>,
    pub moved: Callback<PointerEvent>,
    pub up: Callback<PointerEvent>,
}

impl PointerHandlers {
    pub fn new(link: &html::Scope<SimHost>, canvas: &NodeRef) -> PointerHandlers {
        let point = |canvas: &NodeRef, e: &PointerEvent| {
            stage_point(canvas, f64::from(e.client_x()), f64::from(e.client_y()))
        };
        let c = canvas.clone();
        let down = link.batch_callback(move |e: PointerEvent| {
            point(&c, &e).map(|(x, y, _, _)| Msg::Zoom(ZoomMsg::Down(e.pointer_id(), x, y)))
        });
        let c = canvas.clone();
        let moved = link.batch_callback(move |e: PointerEvent| {
            point(&c, &e).map(|(x, y, _, _)| Msg::Zoom(ZoomMsg::Move(e.pointer_id(), x, y)))
        });
        let up = link.callback(|e: PointerEvent| Msg::Zoom(ZoomMsg::Up(e.pointer_id())));
        PointerHandlers { down, moved, up }
    }
}

/// The stage's size and the pointer's position on it.
fn stage_point(canvas: &NodeRef, client_x: f64, client_y: f64) -> Option<(f64, f64, f64, f64)> {
    let el = canvas.cast::<web_sys::Element>()?;
    let r = el.get_bounding_client_rect();
    Some((
        client_x - r.left(),
        client_y - r.top(),
        r.width(),
        r.height(),
    ))
}

impl SimHost {
    fn stage_size(&self) -> (f64, f64) {
        self.canvas
            .cast::<web_sys::Element>()
            .map(|el| {
                let r = el.get_bounding_client_rect();
                (r.width(), r.height())
            })
            .unwrap_or((1.0, 1.0))
    }

    /// Applies one zoom message; returns whether to render.
    pub(super) fn zoom_update(&mut self, msg: ZoomMsg) -> bool {
        let (w, h) = self.stage_size();
        let before = self.view;
        match msg {
            ZoomMsg::By(f) => self.view = self.view.zoom_centre(f, w, h),
            ZoomMsg::Fit => self.view = StageView::FIT,
            ZoomMsg::Wheel(f, x, y) => self.view = self.view.zoom_at(f, x, y, w, h),
            ZoomMsg::Down(id, x, y) => {
                if self.gesture.pointers.is_empty() {
                    self.gesture.travelled = 0.0;
                    self.gesture.swallow_click = false;
                }
                self.gesture.pointers.retain(|p| p.0 != id);
                self.gesture.pointers.push((id, x, y));
            }
            ZoomMsg::Move(id, x, y) => {
                let pts = &mut self.gesture.pointers;
                let Some(i) = pts.iter().position(|p| p.0 == id) else {
                    return false;
                };
                let (_, px, py) = pts[i];
                if pts.len() >= 2 {
                    // Pinch: scale by the change of the distance between the first two fingers, about their
                    // midpoint, and follow the midpoint.
                    let j = if i == 0 { 1 } else { 0 };
                    let (_, ox, oy) = pts[j];
                    let d0 = ((px - ox).powi(2) + (py - oy).powi(2)).sqrt();
                    let d1 = ((x - ox).powi(2) + (y - oy).powi(2)).sqrt();
                    if d0 > 1.0 {
                        let (mx, my) = ((x + ox) / 2.0, (y + oy) / 2.0);
                        self.view = self.view.zoom_at(d1 / d0, mx, my, w, h);
                    }
                } else if self.view.zoom > 1.0 {
                    self.view = self.view.pan_by(x - px, y - py, w, h);
                }
                self.gesture.travelled += (x - px).abs() + (y - py).abs();
                if self.gesture.travelled > CLICK_SLOP_PX {
                    self.gesture.swallow_click = true;
                }
                pts[i] = (id, x, y);
            }
            ZoomMsg::Up(id) => self.gesture.pointers.retain(|p| p.0 != id),
        }
        self.view != before
    }

    /// Listens for the wheel on the stage, once per stage element: yew's listeners are passive, and a passive
    /// listener cannot keep the page from scrolling while the wheel zooms.
    pub(super) fn attach_wheel(&mut self, ctx: &Context<Self>) {
        let Some(el) = self.canvas.cast::<web_sys::Element>() else {
            return;
        };
        if self
            .wheel
            .as_ref()
            .is_some_and(|(on, _)| on.is_same_node(Some(&el)))
        {
            return;
        }
        let link = ctx.link().clone();
        let canvas = self.canvas.clone();
        let listener = EventListener::new_with_options(
            &el,
            "wheel",
            EventListenerOptions::enable_prevent_default(),
            move |e| {
                let Some(w) = e.dyn_ref::<web_sys::WheelEvent>() else {
                    return;
                };
                e.prevent_default();
                // Lines and pages are about 16 and 400 px; 1.0015^px is a gentle, continuous zoom.
                let px = match w.delta_mode() {
                    1 => w.delta_y() * 16.0,
                    2 => w.delta_y() * 400.0,
                    _ => w.delta_y(),
                };
                let factor = 1.0015f64.powf(-px.clamp(-400.0, 400.0));
                if let Some((x, y, _, _)) =
                    stage_point(&canvas, f64::from(w.client_x()), f64::from(w.client_y()))
                {
                    link.send_message(Msg::Zoom(ZoomMsg::Wheel(factor, x, y)));
                }
            },
        );
        self.wheel = Some((el, listener));
    }

    /// The zoom buttons, over the stage's top-right corner.
    pub(super) fn zoom_controls(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <div class="zoom" role="group" aria-label={t("zoom.group")}>
                <button class="button zoom__button" data-testid="zoom-in" title={t("zoom.in.title")} aria-label={t("zoom.in")}
                        onclick={link.callback(|_| Msg::Zoom(ZoomMsg::By(ZOOM_STEP)))}>{ "+" }</button>
                <button class="button zoom__button" data-testid="zoom-out" title={t("zoom.out.title")} aria-label={t("zoom.out")}
                        disabled={self.view.is_fit()}
                        onclick={link.callback(|_| Msg::Zoom(ZoomMsg::By(1.0 / ZOOM_STEP)))}>{ "−" }</button>
                <button class="button zoom__button zoom__fit" data-testid="zoom-fit" title={t("zoom.fit.title")}
                        disabled={self.view.is_fit()}
                        onclick={link.callback(|_| Msg::Zoom(ZoomMsg::Fit))}>{ t("zoom.fit") }</button>
                <output class="zoom__level" data-testid="zoom-level" data-zoom={format!("{:.3}", self.view.zoom)}>
                    { format!("{:.0}%", self.view.zoom * 100.0) }
                </output>
            </div>
        }
    }
}
