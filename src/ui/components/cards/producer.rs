//! A producer card: `KafkaProducer`'s pipeline as stages (serializer, partitioner, `RecordAccumulator`, `Sender`,
//! callbacks) with the records waiting in it.

use super::{n, producer_class, same};
use crate::i18n::{t, tf};
use crate::ui::components::use_renders;
use crate::viz::frame::{Frame, ProducerSprite};
use crate::viz::layout::{ProducerGeom, STAGE_GAP, STAGE_LINE_H};
use std::rc::Rc;
use yew::prelude::*;

/// Props of one producer card. Equal while that card's sprite is.
#[derive(Properties)]
pub struct ProducerCardProps {
    /// The frame the card is in.
    pub frame: Rc<Frame>,
    /// Index into `frame.producers`.
    pub idx: usize,
}

impl PartialEq for ProducerCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.idx == other.idx && same(&self.frame, &other.frame, |f| f.producers.get(self.idx))
    }
}

/// One producer card.
#[function_component(ProducerCard)]
pub fn producer_card(props: &ProducerCardProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    match props.frame.producers.get(props.idx) {
        Some(p) => producer(p, renders),
        None => Html::default(),
    }
}

fn producer(p: &ProducerSprite, renders: String) -> Html {
    let r = p.rect;
    let x = r.x + 12.0;
    let class = classes!("producer", p.blocked.then_some("producer--blocked"));
    let testid = format!("producer-{}", p.idx);
    let blocked = p.blocked.then(|| html! {
        <text class="producer__blocked" x={n(r.right() - 12.0)} y={n(r.y + 18.0)} text-anchor="end">{ t("stage.producer.blocked") }</text>
    });
    let g = p.geom;
    if g.compact {
        return html! {
            <g class={class} data-testid={testid} data-renders={renders.clone()} data-in-flight={p.in_flight_total.to_string()}>
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
        <g class={class} data-testid={testid} data-renders={renders.clone()} data-in-flight={p.in_flight_total.to_string()}>
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
