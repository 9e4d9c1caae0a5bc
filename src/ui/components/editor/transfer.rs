//! Import and export: a scope's `.properties` text (paste a real client's file, or copy / download ours) and the
//! whole scenario as JSON (paste, upload, download; the CLI runs the same file).

use super::rows::View;
use super::{Editor, Msg};
use crate::i18n::{t, tf};
use crate::scenario::edit::Scope;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

fn data_uri(mime: &str, text: &str) -> String {
    format!(
        "data:{mime};charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(text))
    )
}

fn outcome(r: Option<&Result<String, String>>) -> Html {
    match r {
        Some(Ok(m)) => html! { <p class="io__ok" role="status">{ m.clone() }</p> },
        Some(Err(e)) => {
            html! { <p class="field-error" data-testid="field-error" role="alert">{ crate::scenario::explain::explain(e) }</p> }
        }
        None => html! {},
    }
}

/// The properties box of a scope.
pub fn properties_box(v: &View<'_>, e: &Editor, scope: Scope, file: &str) -> Html {
    let id = scope.id();
    let text = e.io.get(&id).cloned().unwrap_or_default();
    let link = v.link;
    let on_text = {
        let id = id.clone();
        link.callback(move |ev: InputEvent| {
            Msg::IoText(
                id.clone(),
                ev.target_unchecked_into::<HtmlTextAreaElement>().value(),
            )
        })
    };
    let copy = text.clone();
    html! {
        <details class="io" data-testid={format!("io-{id}")}>
            <summary class="props__summary">{ tf("editor.io.summary", &[("file", file)]) }</summary>
            <p class="prop__doc">{ t("editor.io.doc") }</p>
            <textarea class="io__text" rows="6" spellcheck="false" data-testid={format!("properties-{id}")} value={text.clone()}
                      aria-label={tf("editor.io.text", &[("file", file)])} oninput={on_text} />
            <div class="io__buttons">
                <button class="button button--small" data-testid={format!("properties-import-{id}")}
                        onclick={link.callback(move |_| Msg::ImportProps(scope))}>{ t("editor.io.import") }</button>
                <button class="button button--small" data-testid={format!("properties-export-{id}")}
                        onclick={link.callback(move |_| Msg::ExportProps(scope, false))}>{ t("editor.io.export_set") }</button>
                <button class="button button--small" data-testid={format!("properties-export-all-{id}")}
                        onclick={link.callback(move |_| Msg::ExportProps(scope, true))}>{ t("editor.io.export_all") }</button>
                if !text.is_empty() {
                    <button class="button button--small" data-testid={format!("properties-copy-{id}")}
                            onclick={link.callback(move |_| Msg::Copy(copy.clone()))}>{ t("editor.io.copy") }</button>
                    <a class="button button--small" data-testid={format!("properties-download-{id}")}
                       href={data_uri("text/plain", &text)} download={format!("{id}.properties")}>{ t("editor.io.download") }</a>
                }
            </div>
            { outcome(e.io_result.get(&id)) }
        </details>
    }
}

/// The whole scenario as JSON.
pub fn json_box(v: &View<'_>, json: &str, result: Option<&Result<String, String>>) -> Html {
    let link = v.link;
    let on_file = link.batch_callback(|ev: Event| {
        let input: HtmlInputElement = ev.target_unchecked_into();
        input.files().and_then(|f| f.get(0)).map(Msg::JsonFile)
    });
    html! {
        <details class="editor__section" data-testid="editor-json">
            <summary class="editor__heading">{ t("editor.json.heading") }</summary>
            <p class="prop__doc">{ t("editor.json.doc") }</p>
            <textarea class="io__text" rows="10" spellcheck="false" data-testid="scenario-json" value={json.to_string()}
                      aria-label={t("editor.json.aria")}
                      oninput={link.callback(|ev: InputEvent| Msg::JsonText(ev.target_unchecked_into::<HtmlTextAreaElement>().value()))} />
            <div class="io__buttons">
                <button class="button button--small" data-testid="json-export" onclick={link.callback(|_| Msg::ExportJson)}>{ t("editor.json.export") }</button>
                <button class="button button--small" data-testid="json-import" onclick={link.callback(|_| Msg::ImportJson)}>{ t("editor.json.import") }</button>
                if !json.is_empty() {
                    <a class="button button--small" data-testid="json-download" href={data_uri("application/json", json)}
                       download="scenario.json">{ t("editor.json.download") }</a>
                }
                <label class="button button--small io__file">
                    { t("editor.json.upload") }
                    <input type="file" accept=".json,application/json" data-testid="json-file" onchange={on_file} />
                </label>
            </div>
            { outcome(result) }
        </details>
    }
}
