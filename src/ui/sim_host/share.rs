//! The share dialog in the run host: made from the run at the instant it opens (`scenario::share`), made again
//! when an embed option changes.

use super::{Msg, SimHost};
use crate::scenario::share::{share, Request, Share};
use crate::ui::components::share::{EmbedChoice, ShareDialog};
use std::rc::Rc;
use yew::prelude::*;

/// The dialog's messages.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareMsg {
    /// Open it at the instant shown.
    Open,
    /// Close it.
    Close,
    /// The embed options changed.
    Choice(EmbedChoice),
}

/// The dialog's state.
#[derive(Default)]
pub struct ShareState {
    /// Its texts and the scenario's JSON while it is open.
    open: Option<(Rc<Share>, Rc<String>)>,
    choice: EmbedChoice,
}

impl SimHost {
    pub(super) fn share_update(&mut self, m: ShareMsg) -> bool {
        match m {
            ShareMsg::Open => {
                self.make_share();
                self.a11y.focus = Some("[data-testid=share-close]".into());
            }
            ShareMsg::Close => self.share.open = None,
            ShareMsg::Choice(c) => {
                self.share.choice = c;
                self.make_share();
            }
        }
        true
    }

    /// The dialog is open.
    pub(super) fn share_is_open(&self) -> bool {
        self.share.open.is_some()
    }

    fn make_share(&mut self) {
        let Some(run) = &self.run else {
            return;
        };
        let page = crate::ui::url::with_fragment("");
        let base = page.trim_end_matches('#');
        let sh = share(&Request {
            base,
            scenario: run.sim().scenario(),
            preset: self.base_preset.as_deref(),
            now_us: run.sim().now().0,
            embedding: self.share.choice.embedding.clone(),
            embed_at_moment: self.share.choice.at_moment,
        });
        self.share.open = Some((Rc::new(sh), Rc::new(run.sim().scenario().to_json())));
    }

    /// The dialog, when open.
    pub(super) fn share_view(&self, ctx: &Context<Self>) -> Html {
        let Some((sh, json)) = &self.share.open else {
            return html! {};
        };
        html! {
            <ShareDialog share={sh.clone()} json={json.clone()} choice={self.share.choice.clone()}
                         on_choice={ctx.link().callback(|c| Msg::ShareDialog(ShareMsg::Choice(c)))}
                         on_close={ctx.link().callback(|()| Msg::ShareDialog(ShareMsg::Close))} />
        }
    }
}
