//! The message sequence diagram (built by `viz::sequence`): lanes per node, time going down over a window before
//! the instant shown, an arrow per message coloured by API (and dashed by kind, so it reads without colour),
//! errors red, lost messages ending in ✕. Filter by node and API; click an arrow to read its message.
//!
//! Test hooks: `sequence-diagram` (`data-messages` in the window, `data-arrows` drawn), `sequence-toggle`,
//! `sequence-window`, `sequence-node`, `sequence-api`, `sequence-arrow` (`data-api`, `data-count`, `data-lost`),
//! `sequence-detail`.

use crate::engine::ids::NodeId;
use crate::i18n::{t, tf};
use crate::viz::sequence::{api_filter_name, describe, Diagram, API_FILTERS, HEAD, HEIGHT, WIDTH};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Window lengths offered, ms.
pub const WINDOWS_MS: [u64; 4] = [50, 200, 1_000, 5_000];

/// The lane (index into the run's lanes) and API class the diagram is filtered to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only messages from or to this lane.
    pub lane: Option<usize>,
    /// Only messages of this API class (`viz::sequence::API_FILTERS`).
    pub api: Option<&'static str>,
}

/// Props.
#[derive(Properties)]
pub struct SequenceProps {
    /// The laid-out window (`None` while closed or not laid out yet).
    pub diagram: Option<Rc<Diagram>>,
    /// The lanes, in order.
    pub nodes: Rc<Vec<NodeId>>,
    /// The window, ms.
    pub window_ms: u64,
    /// The diagram is shown.
    pub open: bool,
    /// What it is filtered to.
    pub filter: Filter,
    /// Open (with this window) or close (`None`) the diagram.
    pub on_window: Callback<Option<u64>>,
    /// Filter it.
    pub on_filter: Callback<Filter>,
}

// By pointer: the host hands a new `Rc` only when it laid the diagram out again, and a deep compare of hundreds of
// arrows on every animation frame is what made the panel cost frames.
impl PartialEq for SequenceProps {
    fn eq(&self, o: &Self) -> bool {
        let same_diagram = match (&self.diagram, &o.diagram) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        same_diagram
            && Rc::ptr_eq(&self.nodes, &o.nodes)
            && self.window_ms == o.window_ms
            && self.open == o.open
            && self.filter == o.filter
            && self.on_window == o.on_window
            && self.on_filter == o.on_filter
    }
}

fn n(v: f32) -> String {
    format!("{v:.1}")
}

/// A lane's short name: P0 (producer-0), B1 (broker-1), KC (the KRaft controller), C0 (consumer-0).
fn short(node: NodeId) -> String {
    match node {
        NodeId::Producer(p) => format!("P{}", p.0),
        NodeId::Broker(b) => format!("B{}", b.0),
        NodeId::Controller => "KC".to_string(),
        NodeId::Consumer(c) => format!("C{}", c.0),
    }
}

/// The diagram.
#[function_component(SequenceView)]
pub fn sequence_view(props: &SequenceProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    // The arrow clicked, by its first message's id, and what it said then (kept while the diagram moves on).
    let picked = use_state(|| None::<(u64, String)>);
    let on_window = props.on_window.clone();
    if !props.open {
        return html! {
            <button class="button button--small" data-testid="sequence-toggle"
                    onclick={on_window.reform(|_: MouseEvent| Some(200))}>{ t("sequence.show") }</button>
        };
    }
    let empty = Diagram::default();
    let d: &Diagram = props.diagram.as_deref().unwrap_or(&empty);
    let filter = props.filter;
    let on_node = {
        let cb = props.on_filter.clone();
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            picked.set(None);
            cb.emit(Filter {
                lane: v.parse::<usize>().ok(),
                ..filter
            });
        })
    };
    let on_api = {
        let cb = props.on_filter.clone();
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            picked.set(None);
            cb.emit(Filter {
                api: API_FILTERS.iter().find(|(c, _)| *c == v).map(|(c, _)| *c),
                ..filter
            });
        })
    };
    let node = filter.lane;
    let api = filter.api;
    let on_window_select = {
        let cb = on_window.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            cb.emit(v.parse::<u64>().ok());
        })
    };
    let picked_id = picked.as_ref().map(|(id, _)| *id);
    let detail = picked.as_ref().map(|(_, text)| text.clone());
    html! {
        <div class="sequence" data-testid="sequence-diagram" data-messages={d.messages.to_string()} data-arrows={d.arrows.len().to_string()}
             data-hidden={d.hidden.to_string()}>
            <div class="sequence__controls">
                <select class="select select--small" data-testid="sequence-window" aria-label={t("sequence.window")} onchange={on_window_select}>
                    { for WINDOWS_MS.iter().map(|w| html! {
                        <option value={w.to_string()} selected={*w == props.window_ms}>{ tf("sequence.window.option", &[("ms", &w.to_string())]) }</option>
                    }) }
                </select>
                <select class="select select--small" data-testid="sequence-node" aria-label={t("sequence.node")} onchange={on_node}>
                    <option value="" selected={node.is_none()}>{ t("sequence.node.all") }</option>
                    { for props.nodes.iter().enumerate().map(|(i, nd)| html! {
                        <option value={i.to_string()} selected={node == Some(i)}>{ nd.to_string() }</option>
                    }) }
                </select>
                <select class="select select--small" data-testid="sequence-api" aria-label={t("sequence.api")} onchange={on_api}>
                    <option value="" selected={api.is_none()}>{ t("sequence.api.all") }</option>
                    { for API_FILTERS.iter().map(|(c, _)| html! {
                        <option value={*c} selected={api == Some(*c)}>{ api_filter_name(c) }</option>
                    }) }
                </select>
                <button class="button button--small" data-testid="sequence-toggle" onclick={on_window.reform(|_: MouseEvent| None)}>{ t("sequence.hide") }</button>
            </div>
            <svg class="sequence__svg" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img"
                 aria-label={tf("sequence.aria", &[("nodes", &d.lanes.len().to_string())])}>
                { for d.lanes.iter().zip(props.nodes.iter()).map(|((x, name), nd)| html! {
                    <g class="sequence__lane">
                        <title>{ name.clone() }</title>
                        <text class="sequence__lane-name" x={n(*x)} y="10" text-anchor="middle">{ short(*nd) }</text>
                        <line class="sequence__lane-line" x1={n(*x)} y1={n(HEAD - 8.0)} x2={n(*x)} y2={n(HEIGHT - 2.0)} />
                    </g>
                }) }
                { for d.ticks.iter().map(|(y, t)| html! {
                    <text class="sequence__tick" x="1" y={n(y - 1.0)}>{ t.clone() }</text>
                }) }
                { for d.arrows.iter().enumerate().map(|(i, a)| {
                    let pick = {
                        let picked = picked.clone();
                        let laid_out = props.diagram.clone();
                        Callback::from(move |_: MouseEvent| {
                            if let Some(a) = laid_out.as_ref().and_then(|d| d.arrows.get(i)) {
                                picked.set(Some((a.message.id.0, describe(a))));
                            }
                        })
                    };
                    html! {
                        <g class={classes!("sequence__arrow", format!("sequence__arrow--{}", a.class), (picked_id == Some(a.message.id.0)).then_some("sequence__arrow--picked"))}
                           data-testid="sequence-arrow" data-api={a.class} data-count={a.count.to_string()} data-lost={a.lost.to_string()}
                           onclick={pick}>
                            <line class="sequence__hit" x1={n(a.x1)} y1={n(a.y1)} x2={n(a.x2)} y2={n(a.y2)} />
                            <line class="sequence__line" x1={n(a.x1)} y1={n(a.y1)} x2={n(a.x2)} y2={n(a.y2)} />
                            if a.lost {
                                <text class="sequence__lost" x={n(a.x2)} y={n(a.y2 + 3.0)} text-anchor="middle">{ "✕" }</text>
                            } else {
                                <circle class="sequence__end" cx={n(a.x2)} cy={n(a.y2)} r="1.6" />
                            }
                            if a.count > 1 {
                                <text class="sequence__count" x={n((a.x1 + a.x2) / 2.0)} y={n((a.y1 + a.y2) / 2.0 - 1.5)} text-anchor="middle">{ format!("×{}", a.count) }</text>
                            }
                        </g>
                    }
                }) }
            </svg>
            <p class="sequence__detail" data-testid="sequence-detail">
                { detail.unwrap_or_else(|| tf("sequence.detail", &[("n", &d.messages.to_string())])) }
                if d.hidden > 0 {
                    { format!(" {}", tf("sequence.hidden", &[("n", &d.hidden.to_string())])) }
                }
            </p>
            <ul class="sequence__legend">
                { for API_FILTERS.iter().map(|(c, name)| html! {
                    <li><span class={classes!("sequence__swatch", format!("sequence__arrow--{c}"))}></span>{ *name }</li>
                }) }
                <li><span class="sequence__swatch sequence__arrow--error"></span>{ t("sequence.legend.error") }</li>
                <li>{ t("sequence.legend.lost") }</li>
            </ul>
        </div>
    }
}
