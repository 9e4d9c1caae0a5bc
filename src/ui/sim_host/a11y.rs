//! Accessibility of the run host: the `?` help dialog with every shortcut, a polite live region that says what
//! just happened (the newest timeline marker, at most one announcement every [`ANNOUNCE_MS`]), the reduce-motion
//! switch (no moving record dots; the page starts paused), and where the keyboard focus goes after a menu or a
//! dialog opens or closes.

use super::{now_ms, Msg, SimHost};
use crate::i18n::t;
use crate::viz::frame::seconds;
use yew::prelude::*;

/// Announcements are at most this frequent (wall-clock ms): a screen reader must not be flooded while playing.
pub const ANNOUNCE_MS: f64 = 2_000.0;

/// The shortcuts, as the help dialog lists them: the keys, and what they do (in the page's language).
pub fn shortcuts() -> [(&'static str, &'static str); 9] {
    [
        ("Space", t("help.play")),
        (".", t("help.step")),
        (",", t("help.step_back")),
        ("+ / − / 0", t("help.zoom")),
        (t("help.key.broker"), t("help.menu")),
        ("↑ ↓ Home End", t("help.menu_move")),
        ("Escape", t("help.close_any")),
        (t("help.key.timeline"), t("help.seek")),
        ("?", t("help.this")),
    ]
}

/// The accessibility state of the host.
#[derive(Default)]
pub struct A11y {
    /// The help dialog is open.
    pub help: bool,
    /// Moving record dots are off (and nothing plays by itself).
    pub reduce_motion: bool,
    /// The marker the live region says (in the page's language when drawn), and when it last changed.
    announced: Option<crate::viz::timeline::Marker>,
    announced_wall: f64,
    announced_marker: usize,
    /// A selector to focus after the next render.
    pub focus: Option<String>,
}

impl A11y {
    /// Help closed, nothing announced; motion reduced if the reader's system asks for it.
    pub fn new(reduce_motion: bool) -> A11y {
        A11y {
            reduce_motion,
            ..A11y::default()
        }
    }
}

impl SimHost {
    /// Opens (`Some(true)`), closes or toggles (`None`) the help; the focus goes to its close button, or back to
    /// the button that opened it.
    pub(super) fn help(&mut self, open: Option<bool>) -> bool {
        self.a11y.help = open.unwrap_or(!self.a11y.help);
        let to = if self.a11y.help {
            "help-close"
        } else {
            "help-open"
        };
        self.a11y.focus = Some(format!("[data-testid={to}]"));
        true
    }

    /// Escape: closes the help, the share dialog or the broker menu (the focus goes back to the broker).
    pub(super) fn escape(&mut self) -> bool {
        if self.a11y.help {
            return self.help(Some(false));
        }
        if self.share_is_open() {
            return self.share_update(super::share::ShareMsg::Close);
        }
        if let Some(id) = self.menu {
            self.a11y.focus = Some(format!("[data-testid=broker-{id}]"));
        }
        self.close_menu()
    }

    /// Focuses what the last update asked for.
    pub(super) fn apply_focus(&mut self) {
        let Some(sel) = self.a11y.focus.take() else {
            return;
        };
        use wasm_bindgen::JsCast;
        let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&sel).ok().flatten())
        else {
            return;
        };
        if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
            let _ = h.focus();
        } else if let Some(s) = el.dyn_ref::<web_sys::SvgElement>() {
            let _ = s.focus();
        }
    }

    /// Follows the newest marker up to the instant shown into the live region (rate-limited).
    pub(super) fn announce(&mut self) {
        let Some(run) = &self.run else {
            return;
        };
        let now = run.sim().now();
        let markers = &run.markers;
        let upto = markers.partition_point(|m| m.at <= now);
        if upto == self.a11y.announced_marker {
            return;
        }
        let wall = now_ms();
        if self.playing && wall - self.a11y.announced_wall < ANNOUNCE_MS {
            return;
        }
        self.a11y.announced_marker = upto;
        self.a11y.announced_wall = wall;
        self.a11y.announced = markers.get(upto.wrapping_sub(1)).cloned();
    }

    /// The live region (visually hidden), the help dialog when open.
    pub(super) fn a11y_view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        html! {
            <>
                <div class="visually-hidden" role="status" aria-live="polite" data-testid="live-region">
                    { self.a11y.announced.as_ref().map_or_else(String::new, |m| format!("{}: {}", seconds(m.at), m.text())) }
                </div>
                if self.a11y.help {
                    <div class="dialog-backdrop" onclick={link.callback(|_| Msg::Help(Some(false)))}>
                        <div class="dialog help" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-dialog"
                             onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                            <div class="dialog__head">
                                <h2 class="dialog__title" id="help-title">{ t("help.title") }</h2>
                                <button class="button button--small" data-testid="help-close" aria-label={t("help.close")}
                                        onclick={link.callback(|_| Msg::Help(Some(false)))}>{ "✕" }</button>
                            </div>
                            <dl class="help__keys">
                                { for shortcuts().into_iter().map(|(k, what)| html! {
                                    <><dt><kbd>{ k }</kbd></dt><dd>{ what }</dd></>
                                }) }
                            </dl>
                            <p class="panel__hint">{ t("help.hint") }</p>
                        </div>
                    </div>
                }
            </>
        }
    }
}
