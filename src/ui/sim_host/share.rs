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
pub struct ShareState {
    /// Its texts and the scenario's JSON (as the download's `data:` address) while it is open.
    open: Option<(Rc<Share>, Rc<String>)>,
    choice: EmbedChoice,
    // Made once, so the dialog's props compare equal between animation frames while it is open.
    on_choice: Callback<EmbedChoice>,
    on_close: Callback<()>,
}

impl ShareState {
    /// Closed, with the default embed options.
    pub fn new(link: &yew::html::Scope<SimHost>) -> ShareState {
        ShareState {
            open: None,
            choice: EmbedChoice::default(),
            on_choice: link.callback(|c| Msg::ShareDialog(ShareMsg::Choice(c))),
            on_close: link.callback(|()| Msg::ShareDialog(ShareMsg::Close)),
        }
    }
}

impl SimHost {
    pub(super) fn share_update(&mut self, m: ShareMsg) -> bool {
        match m {
            ShareMsg::Open => {
                self.make_share();
                self.a11y.focus = Some("[data-testid=share-close]".into());
            }
            ShareMsg::Close => {
                self.share.open = None;
                self.a11y.focus = Some("[data-testid=share-open]".into());
            }
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
            lesson: self
                .lesson
                .as_ref()
                .map(|l| (l.lesson.name.as_str(), l.step + 1)),
        });
        let download = format!(
            "data:application/json;charset=utf-8,{}",
            crate::scenario::codec::percent_encode(&run.sim().scenario().to_json())
        );
        self.share.open = Some((Rc::new(sh), Rc::new(download)));
    }

    /// The dialog, when open.
    pub(super) fn share_view(&self) -> Html {
        let Some((sh, download)) = &self.share.open else {
            return html! {};
        };
        html! {
            <ShareDialog share={sh.clone()} lesson={self.lesson.is_some()} download={download.clone()} choice={self.share.choice.clone()}
                         on_choice={self.share.on_choice.clone()} on_close={self.share.on_close.clone()} />
        }
    }
}
