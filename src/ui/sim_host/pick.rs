//! Picking a record to inspect. A click on a record dot riding on a message: the canvas has no element per dot, so
//! the stage point of the click is matched against the frame's dots (`viz::frame::record_at`), and the record is
//! named under the stage until the next click. That click, or one on a log cell, a ledger row or a dead letter,
//! opens the record inspector at the top of the side panel, which follows the record while the run plays.

use super::{Msg, SimHost};
use crate::engine::ids::RecordId;
use crate::i18n::{t, tf};
use crate::ui::components::inspector::InspectorView;
use crate::viz::frame::{record_at, Frame};
use crate::viz::layout::Point;
use std::rc::Rc;
use yew::prelude::*;

/// How far from a dot's centre a click still picks it, stage units (a dot's radius is 2.3; fingers are wider).
const PICK_RADIUS: f32 = 5.0;

/// The record picked on the moving layer.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Picked {
    pub(super) record: RecordId,
    api: &'static str,
    response: bool,
}

/// The record dot under the stage point `(x, y)` of `frame`, if any.
pub(super) fn pick(frame: &Frame, x: f32, y: f32) -> Option<Picked> {
    let (m, d) = record_at(&frame.messages, Point { x, y }, PICK_RADIUS)?;
    Some(Picked {
        record: RecordId(d.record_id),
        api: m.api,
        response: m.response,
    })
}

impl SimHost {
    /// Opens the inspector on `record` (the side panel shows the run tab, where it is).
    pub(super) fn inspect(&mut self, record: RecordId) {
        if let Some(run) = self.run.as_mut() {
            run.inspect(record);
            self.tab = super::Tab::Run;
        }
    }

    /// The record inspector, when a record is inspected.
    pub(super) fn inspector_view(&self, run: &super::Run) -> Html {
        match run.inspection() {
            Some(i) => html! {
                <InspectorView inspection={Rc::new(i)} on_seek={self.on_seek.clone()} on_close={self.on_close_inspector.clone()} />
            },
            None => html! {},
        }
    }

    /// The line under the stage naming the picked record.
    pub(super) fn picked_view(&self, ctx: &Context<Self>) -> Html {
        let Some(p) = &self.picked else {
            return html! {};
        };
        let what = if p.response {
            t("pick.response")
        } else {
            t("pick.request")
        };
        html! {
            <p class="stage__picked" data-testid="picked-record" data-record-id={p.record.0.to_string()}>
                { tf("pick.record", &[
                    ("record", &p.record.0.to_string()),
                    ("producer", &p.record.producer().0.to_string()),
                    ("send", &(p.record.send_index() + 1).to_string()),
                    ("api", p.api),
                    ("what", what),
                ]) }
                <button class="stage__picked-close" aria-label={t("pick.clear")} onclick={ctx.link().callback(|_| Msg::Unpick)}>{ "×" }</button>
            </p>
        }
    }
}
