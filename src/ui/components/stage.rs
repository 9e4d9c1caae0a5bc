//! The SVG stage: draws a [`Frame`] and nothing else, in two stacked SVGs with one viewBox: the cards (clickable
//! brokers open the fault menu) and, above them and the message canvas (`motion_canvas`), the moving markers.
//! Splitting them keeps per-frame work small: while only messages move, the card layer is neither re-rendered by
//! yew nor repainted by the browser.
//!
//! Test hooks: each broker is `<g data-testid="broker-{id}">`; every record dot (log cell, batch dot, in-flight dot)
//! has `data-record-id` (dots riding on a message are drawn on the motion canvas instead, and `record_at` finds
//! them under a click). Producer cards: `producer-{n}` (`data-in-flight`), and in the full pipeline
//! `producer-{n}-serializer` (`data-error`), `producer-{n}-partitioner` (`data-text`: the reasoning on one line),
//! `producer-{n}-deque-{topic-N}` (`data-bytes`, `data-queued`, `data-records`), `producer-{n}-inflight-{broker}`
//! (`data-inflight`, `data-max-inflight`), `producer-{n}-callbacks`; in the motion layer the countdowns
//! `producer-{n}-linger-{topic-N}` (`data-linger-left-ms`) and `producer-{n}-backoff` (`data-backoff-left-ms`).
//! The card layer is `card-layer` with `data-renders` (how often it rendered; the host's `data-views` counts its
//! own renders, so a test can see that frames without card changes skip the cards); each card and replica row
//! (`cards`) has its own `data-renders`, so a test can see that a change to one card redraws only that card.

use super::cards::{n, BrokerCard, ConsumerCard, GroupCard, ProducerCard};
use crate::i18n::{t, tf};
use crate::viz::frame::{
    CountdownSprite, CutLinkSprite, DropSprite, FlashSprite, Frame, SessionSprite,
};
use crate::viz::layout::Rect;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of the node layer (cards: brokers, producers, groups, consumers, controller).
#[derive(Properties)]
pub struct NodesProps {
    /// What to draw (only the card parts are read).
    pub frame: Rc<Frame>,
    /// A broker card was clicked.
    pub on_broker: Callback<u32>,
    /// The background was clicked, at this point in stage units (a record dot on the canvas may be under it).
    pub on_background: Callback<(f32, f32)>,
    /// A log cell was clicked: its record id (`data-record-id`).
    pub on_record: Callback<u64>,
}

// The host reuses the same `Rc` while the cards are unchanged: compare by pointer, not by walking every sprite.
impl PartialEq for NodesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.frame, &other.frame)
            && self.on_broker == other.on_broker
            && self.on_background == other.on_background
            && self.on_record == other.on_record
    }
}

/// The card layer: repainted only when a card changes.
#[function_component(NodesLayer)]
pub fn nodes_layer(props: &NodesProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let f = &props.frame;
    // `data-renders`: how often this layer rendered (test hook; see the module doc).
    let renders = super::use_renders();
    let on_bg = {
        let cb = props.on_background.clone();
        let (w, h) = (f.width, f.height);
        Callback::from(move |e: MouseEvent| {
            // The SVG's box includes the zoom transform: client pixels map onto the whole stage through it. (Yew
            // delegates events, so the current target is the app's root, not this SVG.)
            let Some(svg) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".stage__svg--nodes").ok().flatten())
            else {
                return;
            };
            let r = svg.get_bounding_client_rect();
            if r.width() > 0.0 && r.height() > 0.0 {
                let x = (e.client_x() as f64 - r.left()) / r.width() * w as f64;
                let y = (e.client_y() as f64 - r.top()) / r.height() * h as f64;
                cb.emit((x as f32, y as f32));
            }
        })
    };
    html! {
        <svg class="stage__svg stage__svg--nodes" viewBox={format!("0 0 {} {}", n(f.width), n(f.height))}
             preserveAspectRatio="xMidYMid meet" role="group" aria-label={t("stage.cluster")} onclick={on_bg}
             data-testid="card-layer" data-renders={renders}>
            <g class="assignments">{ for f.groups.iter().flat_map(|g| g.lines.iter()).map(|l| html! {
                <path key={format!("a{}-{}", l.partition, l.consumer)} class="assignment" d={l.path.svg_d()}
                      data-testid={format!("assignment-{}", l.partition)} data-consumer={l.consumer.to_string()}>
                    <title>{ tf("stage.assignment", &[("partition", &l.partition.to_string()), ("consumer", &l.consumer.to_string())]) }</title>
                </path>
            }) }</g>
            { for f.groups.iter().enumerate().map(|(k, g)| html! {
                <GroupCard key={format!("g{}", g.idx)} frame={f.clone()} idx={k} />
            }) }
            { for f.consumers.iter().enumerate().map(|(k, c)| html! {
                <ConsumerCard key={format!("c{}", c.idx)} frame={f.clone()} idx={k} />
            }) }
            { for f.producers.iter().enumerate().map(|(k, p)| html! {
                <ProducerCard key={format!("p{}", p.idx)} frame={f.clone()} idx={k} />
            }) }
            { controller(&f.controller) }
            { for f.brokers.iter().enumerate().map(|(k, b)| html! {
                <BrokerCard key={format!("b{}", b.id)} frame={f.clone()} idx={k}
                            on_broker={props.on_broker.clone()} on_record={props.on_record.clone()} />
            }) }
        </svg>
    }
}

/// Props of the motion layer's text and markers (lost messages, error flashes, countdowns; the messages themselves
/// are on the canvas of `motion_canvas`).
#[derive(Properties)]
pub struct MotionProps {
    /// What to draw (only the moving parts are read).
    pub frame: Rc<Frame>,
}

impl PartialEq for MotionProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.frame, &other.frame)
    }
}

/// The moving layer's markers: their own SVG (and compositing layer) above the cards and the message canvas.
#[function_component(MotionLayer)]
pub fn motion_layer(props: &MotionProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let f = &props.frame;
    html! {
        <svg class="stage__svg stage__svg--motion" viewBox={format!("0 0 {} {}", n(f.width), n(f.height))}
             preserveAspectRatio="xMidYMid meet" aria-hidden="true">
            { for f.cut_links.iter().map(cut_link) }
            { for f.countdowns.iter().map(countdown) }
            { for f.sessions.iter().map(session) }
            { for f.drops.iter().map(dropped) }
            { for f.flashes.iter().map(flash) }
        </svg>
    }
}

fn controller(r: &Rect) -> Html {
    html! {
        <g class="controller" data-testid="controller">
            <rect class="controller__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="6" />
            <text class="controller__name" x={n(r.x + r.w / 2.0)} y={n(r.y + 19.0)} text-anchor="middle">{ t("stage.controller") }</text>
        </g>
    }
}

fn countdown(c: &CountdownSprite) -> Html {
    html! {
        <text key={c.testid.clone()} class={classes!("countdown", (c.left_ms == 0).then_some("countdown--ready"))}
              data-testid={c.testid.clone()}
              data-linger-left-ms={c.linger.then(|| c.left_ms.to_string())}
              data-backoff-left-ms={(!c.linger).then(|| c.left_ms.to_string())}
              x={n(c.at.x)} y={n(c.at.y)} text-anchor="end">{ c.text.clone() }</text>
    }
}

fn session(s: &SessionSprite) -> Html {
    let b = s.bar;
    html! {
        <g key={format!("s{}", s.consumer)} class={classes!("session", (s.left_ms == 0).then_some("session--expired"))}
           data-testid={format!("session-{}", s.consumer)} data-left-ms={s.left_ms.to_string()} data-timeout-ms={s.timeout_ms.to_string()}>
            <title>{ tf("stage.session.title", &[("ms", &s.timeout_ms.to_string()), ("consumer", &s.consumer.to_string())]) }</title>
            <text class="session__label" x={n(s.at.x)} y={n(s.at.y)}>{ s.label.clone() }</text>
            <rect class="session__track" x={n(b.x)} y={n(b.y)} width={n(b.w)} height={n(b.h)} rx="2.5" />
            <rect class="session__fill" x={n(b.x)} y={n(b.y)} width={n(b.w * s.fraction)} height={n(b.h)} rx="2.5" />
        </g>
    }
}

fn cut_link(c: &CutLinkSprite) -> Html {
    let (x, y) = (c.mid.x, c.mid.y);
    html! {
        <g key={format!("cut-{}-{}", c.a, c.b)} class="cut-link" data-testid={format!("cut-link-{}-{}", c.a, c.b)}
           data-direction={c.direction.clone()}>
            <title>{ tf("stage.cut_link.title", &[("a", &c.a.to_string()), ("b", &c.b.to_string()), ("direction", &c.direction_text())]) }</title>
            <path class="cut-link__path" d={c.curve.svg_d()} />
            <circle class="cut-link__badge" cx={n(x)} cy={n(y)} r="7" />
            <path class="cut-link__x" d={format!("M{} {} L{} {} M{} {} L{} {}", n(x - 3.0), n(y - 3.0), n(x + 3.0), n(y + 3.0), n(x + 3.0), n(y - 3.0), n(x - 3.0), n(y + 3.0))} />
            <text class="cut-link__label" x={n(x + 10.0)} y={n(y + 4.0)}>{ tf("stage.cut_link.label", &[("direction", &c.direction_text())]) }</text>
        </g>
    }
}

fn dropped(d: &DropSprite) -> Html {
    html! {
        <g key={format!("d{}", d.id)} class="drop" opacity={format!("{:.2}", 1.0 - d.age)}
           transform={format!("translate({} {})", n(d.at.x), n(d.at.y))}>
            <title>{ tf("stage.drop.title", &[("api", d.api)]) }</title>
            <path class="drop__x" d="M-4 -4 L4 4 M4 -4 L-4 4" />
        </g>
    }
}

fn flash(f: &FlashSprite) -> Html {
    html! {
        <text class="flash" x={n(f.at.x)} y={n(f.at.y + 10.0)} opacity={format!("{:.2}", (1.0 - f.age).clamp(0.15, 1.0))}>{ f.text.clone() }</text>
    }
}
