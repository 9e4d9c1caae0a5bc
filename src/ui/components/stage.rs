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
//! own renders, so a test can see that frames without card changes skip the cards).

use crate::i18n::{t, tf};
use crate::viz::frame::{
    BrokerSprite, CellSprite, ConsumerSprite, CountdownSprite, CutLinkSprite, DropSprite,
    FlashSprite, Frame, GroupSprite, MarkerKind, OffsetMarker, ProducerSprite, ReplicaSprite,
    SessionSprite,
};
use crate::viz::layout::{
    ProducerGeom, Rect, CELL_PITCH, CELL_SIZE, LOG_SLOTS, STAGE_GAP, STAGE_LINE_H, TILE_SIZE,
};
use crate::viz::scene::log_marks::CellMark;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn n(v: f32) -> String {
    format!("{v:.1}")
}

fn producer_class(p: u16) -> String {
    format!("dot--p{}", p % 4)
}

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
    let renders = use_mut_ref(|| 0u64);
    *renders.borrow_mut() += 1;
    let renders = *renders.borrow();
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
             data-testid="card-layer" data-renders={renders.to_string()}>
            <g class="assignments">{ for f.groups.iter().flat_map(|g| g.lines.iter()).map(|l| html! {
                <path key={format!("a{}-{}", l.partition, l.consumer)} class="assignment" d={l.path.svg_d()}
                      data-testid={format!("assignment-{}", l.partition)} data-consumer={l.consumer.to_string()}>
                    <title>{ tf("stage.assignment", &[("partition", &l.partition.to_string()), ("consumer", &l.consumer.to_string())]) }</title>
                </path>
            }) }</g>
            { for f.groups.iter().map(group) }
            { for f.consumers.iter().map(consumer) }
            { for f.producers.iter().map(producer) }
            { controller(&f.controller) }
            { for f.brokers.iter().map(|b| broker(b, &props.on_broker, &props.on_record)) }
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

fn broker(b: &BrokerSprite, on_click: &Callback<u32>, on_record: &Callback<u64>) -> Html {
    let r = b.rect;
    let id = b.id;
    let onclick = {
        let cb = on_click.clone();
        let on_record = on_record.clone();
        // One handler per card: a click on a log cell inspects its record, anywhere else opens the fault menu.
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            let cell = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".cell").ok().flatten())
                .and_then(|el| el.get_attribute("data-record-id"))
                .and_then(|v| v.parse::<u64>().ok());
            match cell {
                Some(record) => on_record.emit(record),
                None => cb.emit(id),
            }
        })
    };
    // Reachable from the keyboard: Tab to a broker, Enter opens its fault menu (space stays play / pause).
    let onkeydown = {
        let cb = on_click.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                cb.emit(id);
            }
        })
    };
    html! {
        <g key={format!("b{id}")} class={classes!("broker", format!("broker--{}", b.status.name()))}
           data-testid={format!("broker-{id}")} data-status={b.status.name()} onclick={onclick}
           tabindex="0" role="group"
           aria-label={tf("stage.broker.aria", &[("id", &id.to_string()), ("summary", &b.summary)])} {onkeydown}>
            <title>{ tf("stage.broker.title", &[("id", &id.to_string()), ("summary", &b.summary)]) }</title>
            <rect class="broker__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="8" />
            <text class="broker__name" x={n(r.x + 12.0)} y={n(r.y + 20.0)}>{ format!("broker-{id}") }</text>
            <text class="broker__summary" x={n(r.right() - 12.0)} y={n(r.y + 20.0)} text-anchor="end">{ b.summary.clone() }</text>
            { for b.replicas.iter().map(|rep| if b.strip { replica_tile(id, rep) } else { replica(id, rep) }) }
        </g>
    }
}

fn replica_title(broker: u32, r: &ReplicaSprite) -> String {
    let (broker, epoch) = (broker.to_string(), r.leader_epoch.to_string());
    let (hw, leo) = (r.high_watermark.to_string(), r.log_end_offset.to_string());
    let args: [(&str, &str); 7] = [
        ("partition", r.partition.as_str()),
        ("broker", &broker),
        ("role", r.role.label()),
        ("epoch", &epoch),
        ("isr", &r.isr),
        ("hw", &hw),
        ("leo", &leo),
    ];
    tf("stage.replica.title", &args)
}

/// A replica in a large cluster's strip: one tile with its role's colour and letter.
fn replica_tile(broker: u32, r: &ReplicaSprite) -> Html {
    let (x, y) = (r.cells_x, r.y);
    html! {
        <g key={format!("{}@{broker}", r.partition)} class={classes!("replica", "replica--tile", format!("replica--{}", r.role.name()))}
           data-testid={format!("replica-{broker}-{}", r.partition)} data-leader={(r.role.name() == "leader").to_string()} data-role={r.role.name()}
           data-partition={r.partition.clone()} data-hw={r.high_watermark.to_string()} data-leo={r.log_end_offset.to_string()}>
            <title>{ replica_title(broker, r) }</title>
            <rect class="replica__badge" x={n(x)} y={n(y)} width={n(TILE_SIZE)} height={n(TILE_SIZE)} rx="2" />
            <text class="replica__tile-text" x={n(x + TILE_SIZE / 2.0)} y={n(y + 10.5)} text-anchor="middle">{ r.role.badge() }</text>
        </g>
    }
}

fn replica(broker: u32, r: &ReplicaSprite) -> Html {
    let y = r.y;
    let badge_x = r.cells_x - 24.0;
    let text_x = r.cells_x + LOG_SLOTS as f32 * CELL_PITCH + 6.0;
    let title = replica_title(broker, r);
    html! {
        <g key={format!("{}@{broker}", r.partition)} class={classes!("replica", format!("replica--{}", r.role.name()))}
           data-testid={format!("replica-{broker}-{}", r.partition)} data-leader={(r.role.name() == "leader").to_string()} data-role={r.role.name()}
           data-partition={r.partition.clone()} data-hw={r.high_watermark.to_string()} data-leo={r.log_end_offset.to_string()}>
            <title>{ title }</title>
            <text class="replica__name" x={n(r.x + 12.0)} y={n(y + 18.0)}>{ r.partition.clone() }</text>
            <rect class="replica__badge" x={n(badge_x)} y={n(y + 6.0)} width="17" height="15" rx="3" />
            <text class="replica__badge-text" x={n(badge_x + 8.5)} y={n(y + 17.5)} text-anchor="middle">{ r.role.badge() }</text>
            <rect class="replica__track" x={n(r.cells_x - 2.0)} y={n(y + 6.0)} width={n(LOG_SLOTS as f32 * CELL_PITCH + 1.0)} height="15" rx="3" />
            { for r.cells.iter().map(cell) }
            { for r.hw_x.map(|x| html! {
                <line class="replica__hw" data-testid={format!("hw-{broker}-{}", r.partition)} x1={n(x)} y1={n(y + 3.0)} x2={n(x)} y2={n(y + 24.0)} />
            }) }
            { for r.markers.iter().map(|m| marker(y, m)) }
            <text class="replica__offsets" x={n(text_x)} y={n(y + 18.0)}>{ format!("HW {} · LEO {}", r.high_watermark, r.log_end_offset) }</text>
            if r.truncated > 0 {
                <text class="replica__truncated" x={n(text_x)} y={n(y + 27.0)} data-testid="replica-truncated"
                      data-count={r.truncated.to_string()}>
                    <title>{ r.truncated_title.clone() }</title>
                    { tf("stage.replica.truncated", &[("n", &r.truncated.to_string())]) }
                </text>
            }
        </g>
    }
}

/// One log cell: its record's producer colour, filled once below the HW; an out-of-order run numbers its cells in
/// send order ("2 3 1") and a duplicate's copies carry "=", so both read without colour.
fn cell(c: &CellSprite) -> Html {
    let (mark, class) = match c.mark {
        Some(CellMark::Order(k)) => (
            Some(if k <= 9 { k.to_string() } else { "+".into() }),
            "cell--reordered",
        ),
        Some(CellMark::Copy) => (Some("=".to_string()), "cell--copy"),
        None => (None, ""),
    };
    let kind = match c.mark {
        Some(CellMark::Order(_)) => "order",
        Some(CellMark::Copy) => "copy",
        None => "",
    };
    html! {
        <>
            <rect class={classes!("cell", producer_class(c.producer), if c.committed { "cell--committed" } else { "cell--pending" }, (!class.is_empty()).then_some(class))}
                  data-record-id={c.record_id.to_string()} data-offset={c.offset.to_string()}
                  data-mark={mark.clone().map(|m| format!("{kind}:{m}"))}
                  x={n(c.at.x)} y={n(c.at.y)} width={n(CELL_SIZE)} height={n(CELL_SIZE)} rx="2" />
            { for mark.map(|m| html! {
                <text class="cell__mark"
                      x={n(c.at.x + CELL_SIZE / 2.0)} y={n(c.at.y + 8.6)} text-anchor="middle">{ m }</text>
            }) }
        </>
    }
}

/// A pipeline stage's box and title inside a producer card.
fn stage_box(x: f32, y: f32, w: f32, h: f32, title: &'static str) -> Html {
    html! {
        <>
            <rect class="producer__stage" x={n(x)} y={n(y)} width={n(w)} height={n(h)} rx="5" />
            <text class="producer__stage-title" x={n(x + 6.0)} y={n(y + 11.0)}>{ title }</text>
        </>
    }
}

/// The arrow from one stage to the next.
fn stage_arrow(x: f32, from_y: f32, to_y: f32) -> Html {
    html! {
        <path class="producer__arrow" d={format!("M{} {} L{} {} M{} {} L{} {} L{} {}",
            n(x), n(from_y), n(x), n(to_y - 1.0),
            n(x - 3.0), n(to_y - 4.0), n(x), n(to_y - 1.0), n(x + 3.0), n(to_y - 4.0))} />
    }
}

fn producer(p: &ProducerSprite) -> Html {
    let r = p.rect;
    let x = r.x + 12.0;
    let key = format!("p{}", p.idx);
    let class = classes!("producer", p.blocked.then_some("producer--blocked"));
    let testid = format!("producer-{}", p.idx);
    let blocked = p.blocked.then(|| html! {
        <text class="producer__blocked" x={n(r.right() - 12.0)} y={n(r.y + 18.0)} text-anchor="end">{ t("stage.producer.blocked") }</text>
    });
    let g = p.geom;
    if g.compact {
        return html! {
            <g key={key} class={class} data-testid={testid} data-in-flight={p.in_flight_total.to_string()}>
                <rect class="producer__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="8" />
                <text class="producer__name" x={n(x)} y={n(r.y + 17.0)}>{ format!("producer-{}", p.idx) }</text>
                { for blocked }
                { for (!p.blocked).then(|| html! {
                    <text class="producer__config" x={n(r.right() - 12.0)} y={n(r.y + 17.0)} text-anchor="end">{ p.config.clone() }</text>
                }) }
                <text class="producer__line" x={n(x)} y={n(r.y + 33.0)} data-testid={format!("producer-{}-partitioner", p.idx)}
                      data-text={p.partitioner.one_line()}>
                    { tf("stage.producer.compact", &[("result", &p.partitioner.result), ("n", &p.in_flight_total.to_string())]) }
                </text>
                <text class={classes!("producer__line", p.last_callback_error.then_some("producer__line--error"))}
                      x={n(x)} y={n(r.y + 48.0)}>{ p.counts.clone() }</text>
            </g>
        };
    }
    let sx = r.x + 6.0;
    let sw = r.w - 12.0;
    let vx = sx + 84.0;
    let ser_y = r.y + g.serializer_y;
    let par_y = r.y + g.partitioner_y;
    let acc_y = r.y + g.accumulator_y;
    let snd_y = r.y + g.sender_y;
    let cb_y = r.y + g.callbacks_y;
    let acc_h = snd_y - STAGE_GAP - acc_y;
    let snd_h = cb_y - STAGE_GAP - snd_y;
    let ax = sx + 16.0;
    html! {
        <g key={key} class={class} data-testid={testid} data-in-flight={p.in_flight_total.to_string()}>
            <rect class="producer__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="8" />
            <text class="producer__name" x={n(x)} y={n(r.y + 18.0)}>{ format!("producer-{}", p.idx) }</text>
            { for blocked }
            <text class="producer__config" x={n(x)} y={n(r.y + 33.0)}>{ p.config.clone() }</text>
            <text class="producer__config" x={n(x)} y={n(r.y + 47.0)}>{ p.batching.clone() }</text>

            { stage_box(sx, ser_y, sw, ProducerGeom::SERIALIZER_H, "serializer") }
            <g data-testid={format!("producer-{}-serializer", p.idx)} data-error={p.serializer_error.clone()}>
                <text class="producer__value" x={n(vx)} y={n(ser_y + 11.0)}>{ p.serializer.clone() }</text>
                { match &p.serializer_error {
                    Some(e) => html! {
                        <text class="producer__line producer__line--error" x={n(sx + 6.0)} y={n(ser_y + 25.0)}>{ e.clone() }</text>
                    },
                    None => html! {
                        <text class="producer__line producer__line--quiet" x={n(sx + 6.0)} y={n(ser_y + 25.0)}>{ t("stage.serializer.ok") }</text>
                    },
                } }
            </g>
            { stage_arrow(ax, ser_y + ProducerGeom::SERIALIZER_H, par_y) }

            { stage_box(sx, par_y, sw, ProducerGeom::PARTITIONER_H, "partitioner") }
            <g data-testid={format!("producer-{}-partitioner", p.idx)} data-text={p.partitioner.one_line()}>
                <text class="producer__value" x={n(vx)} y={n(par_y + 11.0)}>{ p.partitioner.result.clone() }</text>
                { for p.partitioner.why.iter().enumerate().map(|(k, line)| html! {
                    <text class="producer__line producer__line--mono" x={n(sx + 6.0)} y={n(par_y + 25.0 + k as f32 * STAGE_LINE_H)}>{ line.clone() }</text>
                }) }
            </g>
            { stage_arrow(ax, par_y + ProducerGeom::PARTITIONER_H, acc_y) }

            { stage_box(sx, acc_y, sw, acc_h, "accumulator") }
            <text class="producer__col" x={n(sx + 200.0)} y={n(acc_y + 11.0)} text-anchor="middle">{ t("stage.accumulator.queued") }</text>
            <text class="producer__col" x={n(sx + 272.0)} y={n(acc_y + 11.0)} text-anchor="end">{ "linger.ms" }</text>
            { for p.deques.iter().map(|d| html! {
                <g class="deque" data-testid={format!("producer-{}-deque-{}", p.idx, d.tp)} data-bytes={d.bytes.to_string()}
                   data-queued={d.queued.to_string()} data-records={d.records.to_string()}>
                    <text class="deque__name" x={n(sx + 6.0)} y={n(d.y + 12.0)}>{ d.tp.clone() }</text>
                    <rect class="batch__track" x={n(sx + 66.0)} y={n(d.y + 2.0)} width="96" height="12" rx="3" />
                    <rect class="batch__fill" x={n(sx + 66.0)} y={n(d.y + 2.0)} width={n(96.0 * d.fill)} height="12" rx="3" />
                    <text class={classes!("batch__label", (d.bytes == 0).then_some("batch__label--empty"))} x={n(sx + 114.0)} y={n(d.y + 11.5)} text-anchor="middle">{ d.label.clone() }</text>
                    <text class={classes!("deque__queued", (d.queued == 0).then_some("deque__queued--zero"))} x={n(sx + 200.0)} y={n(d.y + 12.0)} text-anchor="middle">{ d.queued.to_string() }</text>
                </g>
            }) }
            { for p.more_deques.iter().map(|m| html! {
                <text class="producer__more" x={n(sx + 6.0)} y={n(snd_y - STAGE_GAP - 6.0)}>{ m.clone() }</text>
            }) }
            { stage_arrow(ax, acc_y + acc_h, snd_y) }

            { stage_box(sx, snd_y, sw, snd_h, "sender") }
            <text class="producer__col" x={n(sx + 272.0)} y={n(snd_y + 11.0)} text-anchor="end">{ t("stage.sender.in_flight") }</text>
            { for p.in_flight.iter().map(|f| html! {
                <g class="inflight" data-testid={format!("producer-{}-inflight-{}", p.idx, f.broker)}
                   data-inflight={f.in_flight.to_string()} data-max-inflight={f.max.to_string()}>
                    <text class="deque__name" x={n(sx + 6.0)} y={n(f.y + 11.0)}>{ format!("broker-{}", f.broker) }</text>
                    { for (0..f.slots).map(|k| html! {
                        <rect class={classes!("slot", (k < f.in_flight).then_some("slot--busy"))}
                              x={n(sx + 66.0 + k as f32 * 13.0)} y={n(f.y + 2.0)} width="10" height="10" rx="2" />
                    }) }
                    <text class="producer__line" x={n(sx + 272.0)} y={n(f.y + 11.0)} text-anchor="end">{ f.label.clone() }</text>
                </g>
            }) }
            { for p.more_brokers.iter().map(|m| html! {
                <text class="producer__more" x={n(sx + 6.0)} y={n(p.retry_y - STAGE_LINE_H)}>{ m.clone() }</text>
            }) }
            <text class={classes!("producer__line", (p.retries_waiting == 0).then_some("producer__line--quiet"))}
                  x={n(sx + 6.0)} y={n(p.retry_y)}>{ p.retry_line.clone() }</text>
            { stage_arrow(ax, snd_y + snd_h, cb_y) }

            { stage_box(sx, cb_y, sw, ProducerGeom::CALLBACKS_H, "callbacks") }
            <g data-testid={format!("producer-{}-callbacks", p.idx)}>
                <text class="producer__value" x={n(vx)} y={n(cb_y + 11.0)}>{ p.callbacks.clone() }</text>
                <text class={classes!("producer__line", p.last_callback_error.then_some("producer__line--error"))}
                      x={n(sx + 6.0)} y={n(cb_y + 25.0)}>{ p.last_callback.clone() }</text>
            </g>

            { for p.dots.iter().map(|d| html! {
                <circle key={d.record_id} class={classes!("dot", producer_class(d.producer))} data-record-id={d.record_id.to_string()}
                        cx={n(d.at.x)} cy={n(d.at.y)} r="2.3" />
            }) }
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

/// A consumer offset on a log row: the committed offset is a filled triangle under the cells pointing up, the
/// owner's position an open triangle above them pointing down (both at the boundary before the offset).
fn marker(y: f32, m: &OffsetMarker) -> Html {
    let x = m.x;
    let points = match m.kind {
        MarkerKind::Committed => format!(
            "{},{} {},{} {},{}",
            n(x),
            n(y + 21.5),
            n(x - 4.0),
            n(y + 27.5),
            n(x + 4.0),
            n(y + 27.5)
        ),
        MarkerKind::Position => format!(
            "{},{} {},{} {},{}",
            n(x),
            n(y + 5.5),
            n(x - 4.0),
            n(y - 0.5),
            n(x + 4.0),
            n(y - 0.5)
        ),
    };
    html! {
        <polygon class={classes!("marker", format!("marker--{}", m.kind.name()), m.clipped.then_some("marker--clipped"))}
                 points={points} data-testid={format!("marker-{}", m.kind.name())} data-offset={m.offset.to_string()}>
            <title>{ if m.clipped { tf("stage.marker.clipped", &[("title", &m.title)]) } else { m.title.clone() } }</title>
        </polygon>
    }
}

fn group(g: &GroupSprite) -> Html {
    let r = g.rect;
    let x = r.x + 10.0;
    let steps = [
        ("join", t("stage.group.join")),
        ("sync", t("stage.group.sync")),
        ("stable", t("stage.group.stable")),
    ];
    let step_w = 38.0;
    // Table columns: partition, owner, committed offset, lag (right-aligned).
    let (c1, c2, c3) = (x, x + 64.0, x + 142.0);
    let right = r.right() - 10.0;
    html! {
        <g key={format!("g{}", g.idx)} class={classes!("group", format!("group--{}", g.state.to_lowercase()))}
           data-testid={format!("group-{}", g.idx)} data-state={g.state.clone()} data-generation={g.generation.to_string()}
           data-phase={g.phase}>
            <rect class="group__box" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="10" />
            <text class="group__name" x={n(x)} y={n(r.y + 17.0)}>{ tf("stage.group.name", &[("name", &g.name)]) }</text>
            <text class="group__meta" x={n(right)} y={n(r.y + 17.0)} text-anchor="end">{ tf("stage.group.generation", &[("n", &g.generation.to_string())]) }</text>
            { for steps.iter().enumerate().map(|(k, (name, what))| {
                let sx = x + k as f32 * (step_w + 3.0);
                let on = g.phase == *name;
                html! {
                    <g class={classes!("group__step", format!("group__step--{name}"), on.then_some("group__step--on"))}>
                        <title>{ *what }</title>
                        <rect class="group__step-box" x={n(sx)} y={n(r.y + 25.0)} width={n(step_w)} height="15" rx="7.5" />
                        <text class="group__step-text" x={n(sx + step_w / 2.0)} y={n(r.y + 36.0)} text-anchor="middle">{ *name }</text>
                    </g>
                }
            }) }
            <text class="group__meta group__protocol" x={n(right)} y={n(r.y + 36.0)} text-anchor="end">
                <title>{ tf("stage.group.protocol", &[("state", &g.state)]) }</title>
                { if g.phase == "empty" { t("stage.group.no_members").to_string() } else { g.protocol.clone() } }
            </text>
            <g class="group__cols">
                <text x={n(c1)} y={n(r.y + 56.0)}>{ t("stage.group.col.partition") }</text>
                <text x={n(c2)} y={n(r.y + 56.0)}>{ t("stage.group.col.owner") }</text>
                <text x={n(c3)} y={n(r.y + 56.0)}>{ t("stage.group.col.committed") }</text>
                <text x={n(right)} y={n(r.y + 56.0)} text-anchor="end">{ t("stage.group.col.lag") }</text>
            </g>
            { for g.rows.iter().map(|row| html! {
                <g key={row.partition.clone()} class={classes!("group__row", row.owner.is_none().then_some("group__row--orphan"))}
                   data-testid={format!("group-{}-partition-{}", g.idx, row.partition)}
                   data-owner={row.owner.map(|c| c.to_string()).unwrap_or_default()}
                   data-committed={row.committed.map(|c| c.to_string()).unwrap_or_default()}
                   data-hw={row.high_watermark.to_string()} data-lag={row.lag.to_string()}>
                    <title>{ tf("stage.group.row", &[("text", &row.text), ("hw", &row.high_watermark.to_string())]) }</title>
                    <text x={n(c1)} y={n(row.y)}>{ row.partition.clone() }</text>
                    <text x={n(c2)} y={n(row.y)}>{ format!("→ {}", row.cells[0]) }</text>
                    <text x={n(c3)} y={n(row.y)}>{ row.cells[1].clone() }</text>
                    <text class="group__lag" x={n(right)} y={n(row.y)} text-anchor="end">{ row.cells[2].clone() }</text>
                </g>
            }) }
            { for (g.more_rows > 0).then(|| {
                let y = g.rows.last().map_or(r.y + 72.0, |row| row.y + crate::viz::layout::GROUP_ROW_H);
                html! { <text class="group__more" x={n(c1)} y={n(y)}>{ tf("stage.group.more", &[("n", &g.more_rows.to_string())]) }</text> }
            }) }
            <g class="group__latency">
                <title>{ t("stage.group.latency.title") }</title>
                <text class="group__latency-caption" x={n(c1)} y={n(g.latency_y)}>{ t("stage.group.latency") }</text>
                <text class="group__latency-figures" x={n(c1)} y={n(g.latency_y + 13.0)} data-testid={format!("group-{}-latency", g.idx)}>
                    { g.latency.clone() }
                </text>
            </g>
        </g>
    }
}

/// A member of a compact group: name and phase, then how many partitions it owns and how many records it handled.
fn consumer_compact(c: &ConsumerSprite) -> Html {
    let r = c.rect;
    let x = r.x + 6.0;
    let owns = if c.idle {
        t("stage.consumer.idle").to_string()
    } else {
        let count = c.assigned_list.len().to_string();
        tf("stage.consumer.partitions", &[("n", &count)])
    };
    html! {
        <g key={format!("c{}", c.idx)}
           class={classes!("consumer", "consumer--compact", (!c.alive).then_some("consumer--down"), c.idle.then_some("consumer--idle"))}
           data-testid={format!("consumer-{}", c.idx)} data-phase={c.phase.clone()} data-consumed={c.consumed.to_string()}
           data-assigned={c.assigned_list.join(",")}>
            <title>{ tf("stage.consumer.title", &[("id", &c.idx.to_string()), ("phase", c.phase_text()), ("assigned", &c.assigned), ("n", &c.consumed.to_string())]) }</title>
            <rect class="consumer__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="5" />
            <text class="consumer__name" x={n(x)} y={n(r.y + 14.0)}>{ format!("consumer-{}", c.idx) }</text>
            <text class="consumer__line" x={n(x)} y={n(r.y + 28.0)}>{ format!("{} · {owns} · {}", c.phase_text(), c.consumed) }</text>
        </g>
    }
}

fn consumer(c: &ConsumerSprite) -> Html {
    if c.compact {
        return consumer_compact(c);
    }
    let r = c.rect;
    let x = r.x + 10.0;
    let tag = c
        .revoked
        .as_ref()
        .map(|t| ("revoked", t))
        .or(c.newly_assigned.as_ref().map(|t| ("assigned", t)));
    html! {
        <g key={format!("c{}", c.idx)}
           class={classes!("consumer", (!c.alive).then_some("consumer--down"), c.idle.then_some("consumer--idle"),
                           tag.map(|(k, _)| format!("consumer--{k}")))}
           data-testid={format!("consumer-{}", c.idx)} data-consumed={c.consumed.to_string()}
           data-assigned={c.assigned_list.join(",")} data-phase={c.phase.clone()} data-alive={c.alive.to_string()}
           data-idle={c.idle.to_string()} data-member={c.member.to_string()}>
            <rect class="consumer__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="7" />
            <text class="consumer__name" x={n(x)} y={n(r.y + 16.0)}>{ format!("consumer-{}", c.idx) }</text>
            <circle class={classes!("consumer__pulse", c.pulse.then_some("consumer__pulse--on"))} cx={n(r.right() - 10.0)} cy={n(r.y + 12.0)} r="3.5">
                <title>{ t("stage.consumer.heartbeat") }</title>
            </circle>
            <text class="consumer__phase" x={n(r.right() - 18.0)} y={n(r.y + 16.0)} text-anchor="end">{ c.phase_text().to_string() }</text>
            <text class={classes!("consumer__line", c.idle.then_some("consumer__idle"))} x={n(x)} y={n(r.y + 31.0)}>{ c.assigned.clone() }</text>
            <text class="consumer__line" x={n(x)} y={n(r.y + 45.0)}>{ c.positions.clone() }</text>
            <text class="consumer__line" x={n(x)} y={n(r.y + 59.0)}>{ tf("stage.consumer.consumed", &[("n", &c.consumed.to_string())]) }</text>
            { for tag.map(|(k, t)| html! {
                <text class={classes!("consumer__tag", format!("consumer__tag--{k}"))} x={n(x)} y={n(r.y + 73.0)}
                      data-testid={format!("consumer-{}-{k}", c.idx)}>{ t.clone() }</text>
            }) }
        </g>
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
