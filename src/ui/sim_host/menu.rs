//! The broker menu: crash, restart, isolate, controlled shutdown, cut one link, slow the follower, heal. What is
//! typed in it is kept while it is open, even when refused.

use super::{Msg, Run, SimHost};
use crate::engine::ids::{BrokerId, NodeId};
use crate::i18n::{t, tf};
use crate::scenario::{Action, MAX_FETCH_DELAY_MS};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The fetch delay the broker menu proposes, ms.
pub(super) const DEFAULT_FETCH_DELAY_MS: u64 = 5_000;

/// Inputs of the open broker menu, read when its buttons are clicked.
#[derive(Default)]
pub(super) struct MenuRefs {
    pub(super) cut_one_way: NodeRef,
}

impl SimHost {
    /// Closes the broker menu and forgets what was typed or picked in it; true if it was open.
    pub(super) fn close_menu(&mut self) -> bool {
        self.menu_error = None;
        self.menu_delay_text = None;
        self.menu_cut_target = None;
        self.menu.take().is_some()
    }

    /// The nodes a broker's menu can cut it off from: the other brokers, the controller, every client.
    pub(super) fn menu_others(&self, id: u32) -> Vec<String> {
        self.run.as_ref().map_or_else(Vec::new, |r| {
            r.scene().node_names_except(NodeId::Broker(BrokerId(id)))
        })
    }

    pub(super) fn broker_menu(&self, ctx: &Context<Self>, run: &Run) -> Html {
        let Some(id) = self.menu else { return html! {} };
        let Some(rect) = run
            .layout
            .brokers
            .get((id as usize).saturating_sub(1))
            .copied()
        else {
            return html! {};
        };
        let (w, h) = (run.layout.width.max(1.0), run.layout.height.max(1.0));
        let left = ((rect.right() - 200.0) / w * 100.0).clamp(0.0, 85.0);
        let top = ((rect.y + 26.0) / h * 100.0).clamp(0.0, 90.0);
        let link = ctx.link();
        let scene = run.scene();
        let others = self.menu_others(id);
        let target = self
            .menu_cut_target
            .clone()
            .or_else(|| others.first().cloned())
            .unwrap_or_default();
        let delay_ms = scene
            .brokers
            .get((id as usize).saturating_sub(1))
            .map_or(0, |b| b.fetch_delay_ms);
        let delay_text = self.menu_delay_text.clone().unwrap_or_else(|| {
            if delay_ms > 0 {
                delay_ms
            } else {
                DEFAULT_FETCH_DELAY_MS
            }
            .to_string()
        });
        html! {
            <div class="broker-menu" data-testid={format!("broker-menu-{id}")} role="dialog" aria-label={tf("menu.aria", &[("id", &id.to_string())])}
                 style={format!("left: {left:.2}%; top: {top:.2}%")}>
                <div class="broker-menu__title">
                    { format!("broker-{id}") }
                    <button class="broker-menu__close" aria-label={t("menu.close")} onclick={link.callback(|_| Msg::CloseMenu)}>{ "×" }</button>
                </div>
                // A real menu for its actions: arrow keys move between them, Escape closes (keys.rs).
                <div class="broker-menu__items" role="menu" aria-label={tf("menu.actions", &[("id", &id.to_string())])} onkeydown={menu_keys()}>
                    { for run.layout.strip.then(|| {
                        let label = if run.is_expanded(id) { t("menu.show_tiles") } else { t("menu.show_rows") };
                        html! {
                            <button class="button button--small" role="menuitem" data-testid={format!("expand-broker-{id}")}
                                    onclick={link.callback(move |_| Msg::ToggleExpand(id))}>{ label }</button>
                        }
                    }) }
                    <button class="button button--small button--danger" role="menuitem" data-testid={format!("crash-broker-{id}")}
                            onclick={link.callback(move |_| Msg::Intervene(Action::CrashBroker { broker: id }))}>{ t("menu.crash") }</button>
                    <button class="button button--small" role="menuitem" data-testid={format!("restart-broker-{id}")}
                            onclick={link.callback(move |_| Msg::Intervene(Action::RestartBroker { broker: id }))}>{ t("menu.restart") }</button>
                    <button class="button button--small" role="menuitem" data-testid={format!("isolate-broker-{id}")}
                            onclick={link.callback(move |_| Msg::Intervene(Action::IsolateBroker { broker: id }))}>{ t("menu.isolate") }</button>
                    <button class="button button--small" role="menuitem" data-testid={format!("shutdown-broker-{id}")}
                            onclick={link.callback(move |_| Msg::Intervene(Action::ShutdownBroker { broker: id }))}>{ t("menu.shutdown") }</button>
                    <button class="button button--small" role="menuitem" data-testid="heal"
                            onclick={link.callback(|_| Msg::Intervene(Action::Heal))}>{ t("menu.heal") }</button>
                </div>
                <div class="broker-menu__section">{ t("menu.cut_section") }</div>
                <div class="broker-menu__row">
                    <select class="broker-menu__select" data-testid={format!("cut-link-target-{id}")} aria-label={t("menu.cut_target")}
                            onchange={link.callback(|e: Event| Msg::MenuCutTarget(e.target_unchecked_into::<HtmlSelectElement>().value()))}>
                        { for others.iter().map(|o| html! { <option value={o.clone()} selected={*o == target}>{ format!("↔ {o}") }</option> }) }
                    </select>
                </div>
                <label class="broker-menu__check">
                    <input type="checkbox" data-testid={format!("cut-link-one-way-{id}")} ref={self.menu_refs.cut_one_way.clone()} />
                    { tf("menu.cut_one_way", &[("id", &id.to_string())]) }
                </label>
                <button class="button button--small button--danger" data-testid={format!("cut-link-{id}")}
                        onclick={link.callback(move |_| Msg::CutLinkFromMenu(id))}>{ t("menu.cut") }</button>
                <div class="broker-menu__section">{ t("menu.slow_section") }</div>
                <div class="broker-menu__row">
                    <input class="broker-menu__input" type="number" min="0" max={MAX_FETCH_DELAY_MS.to_string()} step="500"
                           data-testid={format!("slow-follower-ms-{id}")} value={delay_text.clone()} aria-label={t("menu.delay")}
                           oninput={link.callback(|e: InputEvent| Msg::MenuDelayInput(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    <span class="broker-menu__unit">{ "ms" }</span>
                    <button class="button button--small" data-testid={format!("slow-follower-{id}")}
                            onclick={link.callback(move |_| Msg::SlowFollowerFromMenu(id))}>{ t("menu.apply") }</button>
                </div>
                { for (delay_ms > 0).then(|| html! {
                    <button class="button button--small" data-testid={format!("restore-follower-{id}")}
                            onclick={link.callback(move |_| Msg::Intervene(Action::SlowFollower { broker: id, delay_ms: 0 }))}>{ t("menu.restore") }</button>
                }) }
                { for self.menu_error.as_ref().map(|e| html! { <p class="broker-menu__error" data-testid="broker-menu-error" role="alert">{ e.clone() }</p> }) }
            </div>
        }
    }
}

/// Arrow keys, Home and End move the focus between a menu's items (WAI-ARIA's menu pattern).
pub(super) fn menu_keys() -> Callback<KeyboardEvent> {
    Callback::from(|e: KeyboardEvent| {
        let key = e.key();
        if !matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
            return;
        }
        let Some(menu) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let Ok(items) = menu.query_selector_all("[role=menuitem]") else {
            return;
        };
        let n = items.length();
        if n == 0 {
            return;
        }
        e.prevent_default();
        let focused = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        let at = (0..n).find(|i| {
            items
                .get(*i)
                .zip(focused.as_ref())
                .is_some_and(|(a, b)| &a == AsRef::<web_sys::Node>::as_ref(b))
        });
        let next = match (key.as_str(), at) {
            ("Home", _) | ("ArrowDown", None) => 0,
            ("End", _) | ("ArrowUp", None) => n - 1,
            ("ArrowDown", Some(i)) => (i + 1) % n,
            (_, Some(i)) => (i + n - 1) % n,
            (_, None) => 0,
        };
        if let Some(el) = items
            .get(next)
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    })
}
