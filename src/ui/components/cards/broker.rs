//! A broker card (`kafka.server.BrokerServer` as the stage shows it: its replicas' logs, roles and offsets) and
//! its replica rows. Each row is its own component, so a frame that moved one replica's high watermark redraws
//! that row and nothing else of the card.

use super::{n, producer_class, same};
use crate::i18n::tf;
use crate::ui::components::use_renders;
use crate::viz::frame::{BrokerSprite, CellSprite, Frame, MarkerKind, OffsetMarker, ReplicaSprite};
use crate::viz::layout::{CELL_PITCH, CELL_SIZE, LOG_SLOTS, TILE_SIZE};
use crate::viz::scene::log_marks::CellMark;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of one broker card: the frame and the card's place in it. Equal while that card's sprite is.
#[derive(Properties)]
pub struct BrokerCardProps {
    /// The frame the card is in.
    pub frame: Rc<Frame>,
    /// Index into `frame.brokers`.
    pub idx: usize,
    /// The card was clicked (outside a log cell), or Enter pressed on it.
    pub on_broker: Callback<u32>,
    /// A log cell was clicked: its record id.
    pub on_record: Callback<u64>,
}

impl PartialEq for BrokerCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.idx == other.idx
            && self.on_broker == other.on_broker
            && self.on_record == other.on_record
            && same(&self.frame, &other.frame, |f| f.brokers.get(self.idx))
    }
}

/// One broker card.
#[function_component(BrokerCard)]
pub fn broker_card(props: &BrokerCardProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    match props.frame.brokers.get(props.idx) {
        Some(b) => broker(props, b, renders),
        None => Html::default(),
    }
}

/// Props of one replica row of a broker card. Equal while that row's sprite is.
#[derive(Properties)]
struct ReplicaRowProps {
    frame: Rc<Frame>,
    /// Index into `frame.brokers`.
    broker: usize,
    /// Index into that broker's `replicas`.
    idx: usize,
}

impl PartialEq for ReplicaRowProps {
    fn eq(&self, other: &Self) -> bool {
        self.broker == other.broker
            && self.idx == other.idx
            && same(&self.frame, &other.frame, |f| {
                f.brokers
                    .get(self.broker)
                    .and_then(|b| b.replicas.get(self.idx).map(|r| (b.id, b.strip, r)))
            })
    }
}

#[function_component(ReplicaRow)]
fn replica_row(props: &ReplicaRowProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    let Some(b) = props.frame.brokers.get(props.broker) else {
        return Html::default();
    };
    match b.replicas.get(props.idx) {
        Some(r) if b.strip => replica_tile(b.id, r, renders),
        Some(r) => replica(b.id, r, renders),
        None => Html::default(),
    }
}

fn broker(props: &BrokerCardProps, b: &BrokerSprite, renders: String) -> Html {
    let (on_click, on_record) = (&props.on_broker, &props.on_record);
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
        <g class={classes!("broker", format!("broker--{}", b.status.name()))}
           data-testid={format!("broker-{id}")} data-status={b.status.name()} data-renders={renders} onclick={onclick}
           tabindex="0" role="group"
           aria-label={tf("stage.broker.aria", &[("id", &id.to_string()), ("summary", &b.summary)])} {onkeydown}>
            <title>{ tf("stage.broker.title", &[("id", &id.to_string()), ("summary", &b.summary)]) }</title>
            <rect class="broker__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="8" />
            <text class="broker__name" x={n(r.x + 12.0)} y={n(r.y + 20.0)}>{ format!("broker-{id}") }</text>
            <text class="broker__summary" x={n(r.right() - 12.0)} y={n(r.y + 20.0)} text-anchor="end">{ b.summary.clone() }</text>
            { for b.replicas.iter().enumerate().map(|(k, rep)| html! {
                <ReplicaRow key={format!("{}@{id}", rep.partition)} frame={props.frame.clone()} broker={props.idx} idx={k} />
            }) }
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
fn replica_tile(broker: u32, r: &ReplicaSprite, renders: String) -> Html {
    let (x, y) = (r.cells_x, r.y);
    html! {
        <g data-renders={renders} class={classes!("replica", "replica--tile", format!("replica--{}", r.role.name()))}
           data-testid={format!("replica-{broker}-{}", r.partition)} data-leader={(r.role.name() == "leader").to_string()} data-role={r.role.name()}
           data-partition={r.partition.clone()} data-hw={r.high_watermark.to_string()} data-leo={r.log_end_offset.to_string()}>
            <title>{ replica_title(broker, r) }</title>
            <rect class="replica__badge" x={n(x)} y={n(y)} width={n(TILE_SIZE)} height={n(TILE_SIZE)} rx="2" />
            <text class="replica__tile-text" x={n(x + TILE_SIZE / 2.0)} y={n(y + 10.5)} text-anchor="middle">{ r.role.badge() }</text>
        </g>
    }
}

fn replica(broker: u32, r: &ReplicaSprite, renders: String) -> Html {
    let y = r.y;
    let badge_x = r.cells_x - 24.0;
    let text_x = r.cells_x + LOG_SLOTS as f32 * CELL_PITCH + 6.0;
    let title = replica_title(broker, r);
    html! {
        <g data-renders={renders} class={classes!("replica", format!("replica--{}", r.role.name()))}
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
