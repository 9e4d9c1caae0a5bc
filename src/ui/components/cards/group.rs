//! A consumer group's card (the coordinator's view: state, generation, assignment, committed offsets and lag) and
//! its members' cards.

use super::{n, same};
use crate::i18n::{t, tf};
use crate::ui::components::use_renders;
use crate::viz::frame::{ConsumerSprite, Frame, GroupSprite};
use std::rc::Rc;
use yew::prelude::*;

/// Props of one group card. Equal while that card's sprite is.
#[derive(Properties)]
pub struct GroupCardProps {
    /// The frame the card is in.
    pub frame: Rc<Frame>,
    /// Index into `frame.groups`.
    pub idx: usize,
}

impl PartialEq for GroupCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.idx == other.idx && same(&self.frame, &other.frame, |f| f.groups.get(self.idx))
    }
}

/// One group card.
#[function_component(GroupCard)]
pub fn group_card(props: &GroupCardProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    match props.frame.groups.get(props.idx) {
        Some(g) => group(g, renders),
        None => Html::default(),
    }
}

/// Props of one consumer card. Equal while that card's sprite is.
#[derive(Properties)]
pub struct ConsumerCardProps {
    /// The frame the card is in.
    pub frame: Rc<Frame>,
    /// Index into `frame.consumers`.
    pub idx: usize,
}

impl PartialEq for ConsumerCardProps {
    fn eq(&self, other: &Self) -> bool {
        self.idx == other.idx && same(&self.frame, &other.frame, |f| f.consumers.get(self.idx))
    }
}

/// One consumer card.
#[function_component(ConsumerCard)]
pub fn consumer_card(props: &ConsumerCardProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let renders = use_renders();
    match props.frame.consumers.get(props.idx) {
        Some(c) => consumer(c, renders),
        None => Html::default(),
    }
}

fn group(g: &GroupSprite, renders: String) -> Html {
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
        <g class={classes!("group", format!("group--{}", g.state.to_ascii_lowercase()))} data-renders={renders}
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
fn consumer_compact(c: &ConsumerSprite, renders: String) -> Html {
    let r = c.rect;
    let x = r.x + 6.0;
    let owns = if c.idle {
        t("stage.consumer.idle").to_string()
    } else {
        let count = c.assigned_list.len().to_string();
        tf("stage.consumer.partitions", &[("n", &count)])
    };
    html! {
        <g data-renders={renders.clone()}
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

fn consumer(c: &ConsumerSprite, renders: String) -> Html {
    if c.compact {
        return consumer_compact(c, renders);
    }
    let r = c.rect;
    let x = r.x + 10.0;
    let tag = c
        .revoked
        .as_ref()
        .map(|t| ("revoked", t))
        .or(c.newly_assigned.as_ref().map(|t| ("assigned", t)));
    html! {
        <g data-renders={renders.clone()}
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
