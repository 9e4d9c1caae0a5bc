//! The share dialog (`scenario::share` builds its texts): copy a link to the run or to this moment, an iframe or
//! SDK snippet with the embed options chosen here, a Markdown link, or download the scenario's JSON.
//!
//! Test hooks: `share-dialog`, `share-close`, `copy-link`, `copy-moment`, `copy-embed`, `copy-sdk`,
//! `copy-markdown`, `download-scenario`, `share-embed-moment`, `share-autoplay`, `share-theme`, `share-panel`,
//! and each text box `share-text-{link|moment|embed|sdk|markdown}`.

use crate::i18n::t;
use crate::scenario::codec::{Embedding, Panel, Theme};
use crate::scenario::share::Share;
use crate::ui::url::copy_to_clipboard;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the reader chose for the embed snippet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedChoice {
    /// The embed's options.
    pub embedding: Embedding,
    /// It opens at the instant shown.
    pub at_moment: bool,
}

/// Props.
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// The texts (made when the dialog opened or a choice changed).
    pub share: Rc<Share>,
    /// The scenario's JSON as a `data:` address, for the download.
    pub download: Rc<String>,
    /// The choice the texts were made with.
    pub choice: EmbedChoice,
    /// A lesson is open: the embed may show its panel (`panel=lesson`).
    pub lesson: bool,
    /// A new choice.
    pub on_choice: Callback<EmbedChoice>,
    /// Close the dialog.
    pub on_close: Callback<()>,
}

/// One text with its copy button.
fn row(id: &str, label: &str, text: &str, multiline: bool) -> Html {
    let copy = {
        let text = text.to_string();
        Callback::from(move |_: MouseEvent| copy_to_clipboard(&text))
    };
    let select = Callback::from(|e: FocusEvent| {
        if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
            i.select();
        }
    });
    html! {
        <div class="share__row">
            <label class="share__label" for={format!("share-text-{id}")}>{ label.to_string() }</label>
            <div class="share__line">
                if multiline {
                    <textarea class="share__text share__text--code" id={format!("share-text-{id}")} readonly=true rows="4"
                              data-testid={format!("share-text-{id}")} value={text.to_string()} />
                } else {
                    <input class="share__text" id={format!("share-text-{id}")} type="text" readonly=true
                           data-testid={format!("share-text-{id}")} value={text.to_string()} onfocus={select} />
                }
                <button class="button button--small" data-testid={format!("copy-{id}")} onclick={copy}>{ t("share.copy") }</button>
            </div>
        </div>
    }
}

/// The dialog.
#[function_component(ShareDialog)]
pub fn share_dialog(props: &ShareProps) -> Html {
    let _lang = crate::ui::language::use_lang();
    let c = props.choice.clone();
    let choose = |f: fn(&mut EmbedChoice, String)| {
        let cb = props.on_choice.clone();
        let c = c.clone();
        Callback::from(move |e: Event| {
            let mut next = c.clone();
            let v = e
                .target_dyn_into::<HtmlSelectElement>()
                .map(|s| s.value())
                .or_else(|| {
                    e.target_dyn_into::<HtmlInputElement>()
                        .map(|i| i.checked().to_string())
                })
                .unwrap_or_default();
            f(&mut next, v);
            cb.emit(next);
        })
    };
    let on_moment = choose(|c, v| c.at_moment = v == "true");
    let on_autoplay = choose(|c, v| {
        c.embedding.autoplay = match v.as_str() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    });
    let on_theme = choose(|c, v| {
        c.embedding.theme = match v.as_str() {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    });
    let on_panel = choose(|c, v| {
        c.embedding.panel = match v.as_str() {
            "ledger" => Some(Panel::Ledger),
            "lesson" => Some(Panel::Lesson),
            _ => None,
        };
    });
    let close = props.on_close.reform(|_: MouseEvent| ());
    let s = &props.share;
    let autoplay = match c.embedding.autoplay {
        Some(true) => "1",
        Some(false) => "0",
        None => "",
    };
    let theme = c.embedding.theme.map_or("", |t| t.name());
    html! {
        <div class="dialog-backdrop">
            <div class="dialog share" role="dialog" aria-modal="true" aria-labelledby="share-title" data-testid="share-dialog">
                <div class="dialog__head">
                    <h2 class="dialog__title" id="share-title">{ t("share.title") }</h2>
                    <button class="button button--small" data-testid="share-close" aria-label={t("share.close")} onclick={close}>{ "✕" }</button>
                </div>
                { row("link", t("share.link"), &s.run, false) }
                { row("moment", t("share.moment"), &s.moment, false) }
                { row("markdown", t("share.markdown"), &s.markdown, false) }
                <fieldset class="share__options">
                    <legend>{ t("share.embed") }</legend>
                    <label><input type="checkbox" data-testid="share-embed-moment" checked={c.at_moment} onchange={on_moment} />{ format!(" {}", t("share.embed_moment")) }</label>
                    <label>{ format!("{} ", t("share.autoplay")) }
                        <select class="select select--small" data-testid="share-autoplay" onchange={on_autoplay}>
                            <option value="" selected={autoplay.is_empty()}>{ t("share.autoplay.visible") }</option>
                            <option value="1" selected={autoplay == "1"}>{ t("share.autoplay.at_once") }</option>
                            <option value="0" selected={autoplay == "0"}>{ t("share.autoplay.never") }</option>
                        </select>
                    </label>
                    <label>{ format!("{} ", t("share.theme")) }
                        <select class="select select--small" data-testid="share-theme" onchange={on_theme}>
                            <option value="" selected={theme.is_empty()}>{ t("share.theme.reader") }</option>
                            <option value="light" selected={theme == "light"}>{ t("share.theme.light") }</option>
                            <option value="dark" selected={theme == "dark"}>{ t("share.theme.dark") }</option>
                        </select>
                    </label>
                    <label>{ format!("{} ", t("share.panel")) }
                        <select class="select select--small" data-testid="share-panel" onchange={on_panel}>
                            <option value="" selected={c.embedding.panel.is_none()}>{ t("share.panel.none") }</option>
                            <option value="ledger" selected={c.embedding.panel == Some(Panel::Ledger)}>{ t("share.panel.ledger") }</option>
                            if props.lesson {
                                <option value="lesson" selected={c.embedding.panel == Some(Panel::Lesson)}>{ t("share.panel.lesson") }</option>
                            }
                        </select>
                    </label>
                </fieldset>
                { row("embed", "iframe", &s.iframe, true) }
                { row("sdk", t("share.sdk"), &s.sdk, true) }
                <a class="button button--small share__download" data-testid="download-scenario" href={props.download.to_string()}
                   download="kafka-playground-scenario.json">{ t("share.download") }</a>
            </div>
        </div>
    }
}
