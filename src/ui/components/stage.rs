//! The SVG stage: draws a [`Frame`] and nothing else, in two stacked SVGs with one viewBox: the cards (clickable
//! brokers open the fault menu) and, above them, the moving messages. Splitting them keeps per-frame work small:
//! while only messages move, the card layer is neither re-rendered by yew nor repainted by the browser.
//!
//! Test hooks: each broker is `<g data-testid="broker-{id}">`; every record dot (log cell, batch dot, in-flight dot)
//! has `data-record-id`.

use crate::viz::frame::{
    BrokerSprite, ConsumerSprite, DropSprite, FlashSprite, Frame, GroupSprite, MarkerKind,
    MessageSprite, OffsetMarker, ProducerSprite, ReplicaSprite, SessionSprite,
};
use crate::viz::layout::{Rect, BATCH_ROWS_Y, BATCH_ROW_H, CELL_PITCH, CELL_SIZE, LOG_SLOTS};
use std::rc::Rc;
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
    /// The background was clicked.
    pub on_background: Callback<()>,
}

// The host reuses the same `Rc` while the cards are unchanged: compare by pointer, not by walking every sprite.
impl PartialEq for NodesProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.frame, &other.frame)
            && self.on_broker == other.on_broker
            && self.on_background == other.on_background
    }
}

/// The card layer: repainted only when a card changes.
#[function_component(NodesLayer)]
pub fn nodes_layer(props: &NodesProps) -> Html {
    let f = &props.frame;
    let on_bg = {
        let cb = props.on_background.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    html! {
        <svg class="stage__svg stage__svg--nodes" viewBox={format!("0 0 {} {}", n(f.width), n(f.height))}
             preserveAspectRatio="xMidYMid meet" role="img" aria-label="Kafka cluster" onclick={on_bg}>
            <g class="assignments">{ for f.groups.iter().flat_map(|g| g.lines.iter()).map(|l| html! {
                <path key={format!("a{}-{}", l.partition, l.consumer)} class="assignment" d={l.path.svg_d()}
                      data-testid={format!("assignment-{}", l.partition)} data-consumer={l.consumer.to_string()}>
                    <title>{ format!("{} is assigned to consumer-{}", l.partition, l.consumer) }</title>
                </path>
            }) }</g>
            { for f.groups.iter().map(group) }
            { for f.consumers.iter().map(consumer) }
            { for f.producers.iter().map(producer) }
            { controller(&f.controller) }
            { for f.brokers.iter().map(|b| broker(b, &props.on_broker)) }
        </svg>
    }
}

/// Props of the motion layer (messages, lost messages, error flashes).
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

/// The moving layer: its own SVG (and compositing layer) on top of the cards, so a moving dot does not repaint them.
#[function_component(MotionLayer)]
pub fn motion_layer(props: &MotionProps) -> Html {
    let f = &props.frame;
    html! {
        <svg class="stage__svg stage__svg--motion" viewBox={format!("0 0 {} {}", n(f.width), n(f.height))}
             preserveAspectRatio="xMidYMid meet" aria-hidden="true">
            <g class="trails">{ for f.messages.iter().filter(|m| !m.dots.is_empty()).map(trail) }</g>
            <g class="messages">{ for f.messages.iter().map(message) }</g>
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
            <text class="controller__name" x={n(r.x + r.w / 2.0)} y={n(r.y + 19.0)} text-anchor="middle">{ "KRaft controller" }</text>
        </g>
    }
}

fn broker(b: &BrokerSprite, on_click: &Callback<u32>) -> Html {
    let r = b.rect;
    let id = b.id;
    let onclick = {
        let cb = on_click.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            cb.emit(id);
        })
    };
    html! {
        <g key={format!("b{id}")} class={classes!("broker", format!("broker--{}", b.status.name()))}
           data-testid={format!("broker-{id}")} data-status={b.status.name()} onclick={onclick}>
            <title>{ format!("broker-{id}: {} (click for faults)", b.summary) }</title>
            <rect class="broker__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="8" />
            <text class="broker__name" x={n(r.x + 12.0)} y={n(r.y + 20.0)}>{ format!("broker-{id}") }</text>
            <text class="broker__summary" x={n(r.right() - 12.0)} y={n(r.y + 20.0)} text-anchor="end">{ b.summary.clone() }</text>
            { for b.replicas.iter().map(|rep| replica(id, rep)) }
        </g>
    }
}

fn replica(broker: u32, r: &ReplicaSprite) -> Html {
    let y = r.y;
    let badge_x = r.cells_x - 24.0;
    let text_x = r.cells_x + LOG_SLOTS as f32 * CELL_PITCH + 6.0;
    let title = format!(
        "{} on broker-{broker}: {}, leader epoch {}, {}, HW {}, LEO {}",
        r.partition,
        r.role.name(),
        r.leader_epoch,
        r.isr,
        r.high_watermark,
        r.log_end_offset
    );
    html! {
        <g key={format!("{}@{broker}", r.partition)} class={classes!("replica", format!("replica--{}", r.role.name()))}
           data-testid={format!("replica-{broker}-{}", r.partition)} data-leader={(r.role.name() == "leader").to_string()}
           data-partition={r.partition.clone()} data-hw={r.high_watermark.to_string()} data-leo={r.log_end_offset.to_string()}>
            <title>{ title }</title>
            <text class="replica__name" x={n(r.x + 12.0)} y={n(y + 18.0)}>{ r.partition.clone() }</text>
            <rect class="replica__badge" x={n(badge_x)} y={n(y + 6.0)} width="17" height="15" rx="3" />
            <text class="replica__badge-text" x={n(badge_x + 8.5)} y={n(y + 17.5)} text-anchor="middle">{ r.role.badge() }</text>
            <rect class="replica__track" x={n(r.cells_x - 2.0)} y={n(y + 6.0)} width={n(LOG_SLOTS as f32 * CELL_PITCH + 1.0)} height="15" rx="3" />
            { for r.cells.iter().map(|c| html! {
                <rect class={classes!("cell", producer_class(c.producer), if c.committed { "cell--committed" } else { "cell--pending" })}
                      data-record-id={c.record_id.to_string()} data-offset={c.offset.to_string()}
                      x={n(c.at.x)} y={n(c.at.y)} width={n(CELL_SIZE)} height={n(CELL_SIZE)} rx="2" />
            }) }
            { for r.hw_x.map(|x| html! {
                <line class="replica__hw" x1={n(x)} y1={n(y + 3.0)} x2={n(x)} y2={n(y + 24.0)} />
            }) }
            { for r.markers.iter().map(|m| marker(y, m)) }
            <text class="replica__offsets" x={n(text_x)} y={n(y + 18.0)}>{ format!("HW {} · LEO {}", r.high_watermark, r.log_end_offset) }</text>
        </g>
    }
}

fn producer(p: &ProducerSprite) -> Html {
    let r = p.rect;
    let x = r.x + 12.0;
    html! {
        <g key={format!("p{}", p.idx)} class={classes!("producer", p.blocked.then_some("producer--blocked"))} data-testid={format!("producer-{}", p.idx)}>
            <rect class="producer__card" x={n(r.x)} y={n(r.y)} width={n(r.w)} height={n(r.h)} rx="8" />
            <text class="producer__name" x={n(x)} y={n(r.y + 20.0)}>{ format!("producer-{}", p.idx) }</text>
            { for p.blocked.then(|| html! {
                <text class="producer__blocked" x={n(r.right() - 12.0)} y={n(r.y + 20.0)} text-anchor="end">{ "send() blocked" }</text>
            }) }
            <text class="producer__config" x={n(x)} y={n(r.y + 36.0)}>{ p.config.clone() }</text>
            <text class="producer__config" x={n(x)} y={n(r.y + 50.0)}>{ p.batching.clone() }</text>
            { for p.batches.iter().enumerate().map(|(k, b)| {
                let y = r.y + BATCH_ROWS_Y + k as f32 * BATCH_ROW_H;
                let w = r.w - 72.0;
                html! {
                    <g class="batch">
                        <text class="batch__label" x={n(x)} y={n(y + 8.0)}>{ b.label.clone() }</text>
                        <rect class="batch__track" x={n(x)} y={n(y + 12.0)} width={n(w)} height="4" rx="2" />
                        <rect class="batch__fill" x={n(x)} y={n(y + 12.0)} width={n(w * b.fill)} height="4" rx="2" />
                    </g>
                }
            }) }
            { for (p.batches.is_empty()).then(|| html! {
                <text class="producer__idle" x={n(x)} y={n(r.y + BATCH_ROWS_Y + 8.0)}>{ "no open batch" }</text>
            }) }
            { for (p.more_batches > 0).then(|| html! {
                <text class="producer__idle" x={n(x)} y={n(r.y + BATCH_ROWS_Y + 3.0 * BATCH_ROW_H + 4.0)}>{ format!("+{} more batches", p.more_batches) }</text>
            }) }
            { for p.dots.iter().map(|d| html! {
                <circle key={d.record_id} class={classes!("dot", producer_class(d.producer))} data-record-id={d.record_id.to_string()}
                        cx={n(d.at.x)} cy={n(d.at.y)} r="2.3" />
            }) }
            <text class="producer__counts" x={n(x)} y={n(r.y + 130.0)}>{ p.counts.clone() }</text>
            <text class={classes!("producer__counts", p.failures.starts_with("failed 0 ").then_some("producer__counts--quiet"))}
                  x={n(x)} y={n(r.y + 145.0)}>{ p.failures.clone() }</text>
            { for p.choice.iter().enumerate().map(|(k, line)| html! {
                <text class="producer__choice" x={n(x)} y={n(r.y + 162.0 + k as f32 * 14.0)}>{ line.clone() }</text>
            }) }
        </g>
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
            <title>{ if m.clipped { format!("{} (older than the cells shown)", m.title) } else { m.title.clone() } }</title>
        </polygon>
    }
}

fn group(g: &GroupSprite) -> Html {
    let r = g.rect;
    let x = r.x + 10.0;
    let steps = [
        (
            "join",
            "PreparingRebalance: members (re)join with JoinGroup",
        ),
        (
            "sync",
            "CompletingRebalance: the leader's assignment goes out with SyncGroup",
        ),
        ("stable", "Stable: the assignment is in force"),
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
            <text class="group__name" x={n(x)} y={n(r.y + 17.0)}>{ format!("group {}", g.name) }</text>
            <text class="group__meta" x={n(right)} y={n(r.y + 17.0)} text-anchor="end">{ format!("generation {}", g.generation) }</text>
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
                <title>{ format!("group state {}; assignor chosen by the last rebalance", g.state) }</title>
                { if g.phase == "empty" { "no members".to_string() } else { g.protocol.clone() } }
            </text>
            <g class="group__cols">
                <text x={n(c1)} y={n(r.y + 56.0)}>{ "partition" }</text>
                <text x={n(c2)} y={n(r.y + 56.0)}>{ "→ owner" }</text>
                <text x={n(c3)} y={n(r.y + 56.0)}>{ "committed" }</text>
                <text x={n(right)} y={n(r.y + 56.0)} text-anchor="end">{ "lag" }</text>
            </g>
            { for g.rows.iter().map(|row| html! {
                <g key={row.partition.clone()} class={classes!("group__row", row.owner.is_none().then_some("group__row--orphan"))}
                   data-testid={format!("group-{}-partition-{}", g.idx, row.partition)}
                   data-owner={row.owner.map(|c| c.to_string()).unwrap_or_default()}
                   data-committed={row.committed.map(|c| c.to_string()).unwrap_or_default()}
                   data-hw={row.high_watermark.to_string()} data-lag={row.lag.to_string()}>
                    <title>{ format!("{} (leader HW {})", row.text, row.high_watermark) }</title>
                    <text x={n(c1)} y={n(row.y)}>{ row.partition.clone() }</text>
                    <text x={n(c2)} y={n(row.y)}>{ format!("→ {}", row.cells[0]) }</text>
                    <text x={n(c3)} y={n(row.y)}>{ row.cells[1].clone() }</text>
                    <text class="group__lag" x={n(right)} y={n(row.y)} text-anchor="end">{ row.cells[2].clone() }</text>
                </g>
            }) }
        </g>
    }
}

fn consumer(c: &ConsumerSprite) -> Html {
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
                <title>{ "heartbeat answered" }</title>
            </circle>
            <text class="consumer__phase" x={n(r.right() - 18.0)} y={n(r.y + 16.0)} text-anchor="end">{ c.phase.clone() }</text>
            <text class={classes!("consumer__line", c.idle.then_some("consumer__idle"))} x={n(x)} y={n(r.y + 31.0)}>{ c.assigned.clone() }</text>
            <text class="consumer__line" x={n(x)} y={n(r.y + 45.0)}>{ c.positions.clone() }</text>
            <text class="consumer__line" x={n(x)} y={n(r.y + 59.0)}>{ format!("consumed {} records", c.consumed) }</text>
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
            <title>{ format!("time left before session.timeout.ms ({} ms) runs out at the coordinator since it last heard from consumer-{}", s.timeout_ms, s.consumer) }</title>
            <text class="session__label" x={n(s.at.x)} y={n(s.at.y)}>{ s.label.clone() }</text>
            <rect class="session__track" x={n(b.x)} y={n(b.y)} width={n(b.w)} height={n(b.h)} rx="2.5" />
            <rect class="session__fill" x={n(b.x)} y={n(b.y)} width={n(b.w * s.fraction)} height={n(b.h)} rx="2.5" />
        </g>
    }
}

fn trail(m: &MessageSprite) -> Html {
    html! { <path key={format!("t{}", m.id)} class={classes!("trail", format!("trail--{}", m.traffic.name()))} d={m.path.svg_d()} /> }
}

fn message(m: &MessageSprite) -> Html {
    let class = classes!(
        "msg",
        format!("msg--{}", m.traffic.name()),
        m.response.then_some("msg--response"),
        m.error.is_some().then_some("msg--error")
    );
    let body = if m.dots.is_empty() {
        html! { <circle class="msg__body" cx="0" cy="0" r="3.5" /> }
    } else {
        let cols = m.dots.len().min(4) as f32;
        let rows = if m.dots.len() > 4 { 2.0 } else { 1.0 };
        let w = cols * 5.5 + 4.0;
        let h = rows * 5.5 + 4.0;
        let top = if rows > 1.0 {
            -h / 2.0
        } else {
            -h / 2.0 - 2.75
        };
        html! { <rect class="msg__envelope" x={n(-w / 2.0)} y={n(top)} width={n(w)} height={n(h)} rx="3" /> }
    };
    // Dots sit at fixed offsets inside the moving group: per frame only the group's transform changes.
    html! {
        <g key={m.id} class={class} data-api={m.api} data-response={m.response.then_some("true")}
           transform={format!("translate({} {})", n(m.at.x), n(m.at.y))}>
            { body }
            { for m.dots.iter().map(|d| html! {
                <circle key={d.record_id} class={classes!("dot", producer_class(d.producer))} data-record-id={d.record_id.to_string()}
                        cx={n(d.at.x - m.at.x)} cy={n(d.at.y - m.at.y)} r="2.3" />
            }) }
            { for (m.more > 0).then(|| html! {
                <text class="msg__more" x="14" y="4">{ format!("+{}", m.more) }</text>
            }) }
            { for m.error.map(|e| html! { <text class="msg__error" x="8" y="-7">{ e }</text> }) }
        </g>
    }
}

fn dropped(d: &DropSprite) -> Html {
    html! {
        <g key={format!("d{}", d.id)} class="drop" opacity={format!("{:.2}", 1.0 - d.age)}
           transform={format!("translate({} {})", n(d.at.x), n(d.at.y))}>
            <title>{ format!("{} message lost", d.api) }</title>
            <path class="drop__x" d="M-4 -4 L4 4 M4 -4 L-4 4" />
        </g>
    }
}

fn flash(f: &FlashSprite) -> Html {
    html! {
        <text class="flash" x={n(f.at.x)} y={n(f.at.y + 10.0)} opacity={format!("{:.2}", (1.0 - f.age).clamp(0.15, 1.0))}>{ f.text.clone() }</text>
    }
}
