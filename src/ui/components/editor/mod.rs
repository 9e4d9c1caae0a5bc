//! The scenario editor: a view of a [`Draft`] of the running scenario (the model, with its rules and tests, is
//! `scenario::edit`). Every field shows Kafka's name, its value, default, unit and range; Apply (button or Enter in a
//! field) hands the whole scenario to the host, which restarts the run at t = 0 and rewrites the address.
//!
//! The draft follows the run: an intervention from the broker menu joins its timeline; a new run from the address
//! bar replaces it.
//!
//! Test hooks: `editor`, `apply`, `cfg-{scope}-{key}` with `field-error` in the same row, `reset-{scope}-{key}`,
//! `properties-{scope}` / `properties-import-{scope}` / `properties-export-{scope}` / `properties-export-all-{scope}`,
//! `scenario-json` / `json-import` / `json-export` / `json-file`, `add-topic`, `add-producer`, `add-group`,
//! `add-member-{g}`, `add-action` (+ `add-action-kind`, `add-action-at`), `remove-{scope}`, `timeline`,
//! `editor-status`, `editor-diff`, `reset-preset`, `editor-error`, `editor-notices`.

mod rows;
mod sections;
mod timeline;
mod transfer;

use crate::i18n::{t, tf};
use crate::scenario::edit::{diff, field, Draft, Scope};
use crate::scenario::{limits, presets, Scenario};
use gloo::file::callbacks::FileReader;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// Props.
#[derive(Properties)]
pub struct EditorProps {
    /// The scenario that runs (with the interventions made so far).
    pub running: Rc<Scenario>,
    /// The preset the run started from, if any.
    pub preset: Option<String>,
    /// Apply: run this scenario from t = 0.
    pub on_apply: Callback<Scenario>,
    /// Go back to the preset, undoing every edit.
    pub on_reset: Callback<()>,
}

/// The host replaces `running` only when the run's scenario changed, so comparing it by pointer is exact and
/// spares a deep comparison of the whole scenario on every animation frame.
impl PartialEq for EditorProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.running, &o.running)
            && self.preset == o.preset
            && self.on_apply == o.on_apply
            && self.on_reset == o.on_reset
    }
}

/// Messages.
pub enum Msg {
    /// The page's language changed: draw the same draft in the new words.
    Relabel,
    /// Text typed into field `id`.
    Input(String, String),
    /// Unset a property.
    Reset(String),
    /// Check and run the draft.
    Apply,
    /// Add a topic, producer, group.
    AddTopic,
    /// Add a producer.
    AddProducer,
    /// Add a consumer group.
    AddGroup,
    /// Add a member to group `g`.
    AddMember(usize),
    /// Remove a scope.
    Remove(Scope),
    /// The action type picked for "add".
    ActionKind(String),
    /// The time typed for "add", ms.
    ActionAt(String),
    /// Add the picked action at the typed time.
    AddAction,
    /// The text of a scope's properties box.
    IoText(String, String),
    /// Import the properties box of a scope.
    ImportProps(Scope),
    /// Fill the properties box with the scope's properties (`true`: every simulated key).
    ExportProps(Scope, bool),
    /// The JSON box changed.
    JsonText(String),
    /// Replace the draft with the JSON box.
    ImportJson,
    /// Fill the JSON box with the draft.
    ExportJson,
    /// A JSON file was picked.
    JsonFile(web_sys::File),
    /// A picked file was read.
    JsonFileRead(Result<String, String>),
    /// Copy a text to the clipboard.
    Copy(String),
}

/// The editor.
pub struct Editor {
    draft: Draft,
    /// The properties boxes' text and their last outcome, by scope id.
    io: BTreeMap<String, String>,
    io_result: BTreeMap<String, Result<String, String>>,
    json: String,
    json_result: Option<Result<String, String>>,
    action_kind: String,
    action_at: String,
    action_error: Option<String>,
    reading: Option<FileReader>,
    /// Keeps the editor subscribed to the page's language (`Msg::Relabel`).
    _lang: Option<ContextHandle<crate::i18n::Lang>>,
}

impl Editor {
    /// Follows the run: interventions (actions appended to what was applied) join the draft; anything else is a new
    /// run and replaces it.
    fn follow(&mut self, running: &Scenario) {
        let applied = &self.draft.applied;
        if running == applied {
            return;
        }
        let n = applied.actions.len();
        let mut head = running.clone();
        let added = if head.actions.len() >= n {
            head.actions.split_off(n)
        } else {
            Vec::new()
        };
        if head == *applied && !added.is_empty() {
            for a in added {
                self.draft.intervened(a);
            }
        } else {
            self.draft = Draft::new(running.clone());
            self.io_result.clear();
        }
    }

    fn status(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let preset = ctx
            .props()
            .preset
            .as_ref()
            .and_then(|p| presets::by_name(p).map(|s| (p.clone(), s)));
        let applied = &self.draft.applied;
        let (label, diffs) = match &preset {
            Some((name, base)) => {
                let mut b = base.clone();
                // The preset's prose is not a setting: an edited run keeps it.
                b.watch = applied.watch.clone();
                let d = diff::differences(&b, applied);
                if d.is_empty() {
                    (tf("editor.status.preset", &[("name", name)]), d)
                } else {
                    (tf("editor.status.custom_preset", &[("name", name)]), d)
                }
            }
            None => (t("editor.status.custom").to_string(), Vec::new()),
        };
        const SHOWN: usize = 12;
        html! {
            <div class="editor__status">
                <p class="editor__label" data-testid="editor-status">{ label }</p>
                if !diffs.is_empty() {
                    <ul class="editor__diff" data-testid="editor-diff" aria-label={t("editor.diff")}>
                        { for diffs.iter().take(SHOWN).map(|d| html! { <li><code>{ d.clone() }</code></li> }) }
                        if diffs.len() > SHOWN {
                            <li>{ tf("editor.diff.more", &[("n", &(diffs.len() - SHOWN).to_string())]) }</li>
                        }
                    </ul>
                    <button class="button button--small" data-testid="reset-preset"
                            onclick={ctx.props().on_reset.reform(|_| ())}>{ t("editor.reset_preset") }</button>
                }
                <div class="editor__apply">
                    <button class={classes!("button", "button--primary", self.draft.dirty().then_some("button--active"))}
                            data-testid="apply" onclick={link.callback(|_| Msg::Apply)}
                            title={t("editor.apply.title")}>{ t("editor.apply") }</button>
                    <span class="editor__hint" data-testid="editor-dirty">
                        { if self.draft.dirty() { t("editor.dirty") } else { t("editor.clean") } }
                    </span>
                </div>
                if let Some(e) = &self.draft.error {
                    <p class="field-error" data-testid="editor-error" role="alert">{ crate::scenario::explain::explain(e) }</p>
                }
                if !self.draft.errors.is_empty() {
                    <p class="field-error" role="alert">
                        { tf("editor.refused", &[("n", &self.draft.errors.len().to_string())]) }
                    </p>
                }
                if !self.draft.notices.is_empty() {
                    <ul class="editor__notices" data-testid="editor-notices">
                        { for self.draft.notices.iter().map(|n| html! { <li>{ n.clone() }</li> }) }
                    </ul>
                }
            </div>
        }
    }
}

impl Component for Editor {
    type Message = Msg;
    type Properties = EditorProps;

    fn create(ctx: &Context<Self>) -> Self {
        Editor {
            draft: Draft::new((*ctx.props().running).clone()),
            io: BTreeMap::new(),
            io_result: BTreeMap::new(),
            json: String::new(),
            json_result: None,
            action_kind: "crash_broker".into(),
            action_at: "1000".into(),
            action_error: None,
            reading: None,
            _lang: ctx
                .link()
                .context::<crate::i18n::Lang>(ctx.link().callback(|_| Msg::Relabel))
                .map(|(_, handle)| handle),
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, _old: &Self::Properties) -> bool {
        self.follow(&ctx.props().running);
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Relabel => {}
            Msg::Input(id, text) => self.draft.input(&id, &text),
            Msg::Reset(id) => self.draft.reset(&id),
            Msg::Apply => {
                if let Ok(s) = self.draft.apply() {
                    ctx.props().on_apply.emit(s);
                }
            }
            Msg::AddTopic => self.draft.add_topic(),
            Msg::AddProducer => self.draft.add_producer(),
            Msg::AddGroup => self.draft.add_group(),
            Msg::AddMember(g) => {
                let n = self
                    .draft
                    .scenario
                    .consumer_groups
                    .get(g)
                    .map_or(0, |g| g.members.len());
                self.draft
                    .input(&format!("group-{g}-members"), &(n + 1).to_string());
            }
            Msg::Remove(scope) => self.draft.remove(scope),
            Msg::ActionKind(k) => self.action_kind = k,
            Msg::ActionAt(t) => self.action_at = t,
            Msg::AddAction => {
                let at = field::parse_number("at_ms", &self.action_at, 0, limits::MAX_RUN_MS);
                self.action_error = match at {
                    Ok(at) => self.draft.add_action(&self.action_kind, at).err(),
                    Err(e) => Some(e),
                };
            }
            Msg::IoText(scope, text) => {
                self.io.insert(scope, text);
                return false;
            }
            Msg::ImportProps(scope) => {
                let id = scope.id();
                let text = self.io.get(&id).cloned().unwrap_or_default();
                let r = self
                    .draft
                    .import_properties(scope, &text)
                    .map(|n| tf("editor.imported", &[("n", &n.to_string())]));
                self.io_result.insert(id, r);
            }
            Msg::ExportProps(scope, all) => {
                let text = crate::scenario::edit::import::export(&self.draft.scenario, scope, all);
                self.io.insert(scope.id(), text);
                self.io_result.remove(&scope.id());
            }
            Msg::JsonText(t) => {
                self.json = t;
                return false;
            }
            Msg::ImportJson => {
                self.json_result = Some(
                    self.draft
                        .import_json(&self.json)
                        .map(|()| t("editor.loaded").to_string()),
                );
            }
            Msg::ExportJson => {
                self.json = self.draft.scenario.to_json();
                self.json_result = None;
            }
            Msg::JsonFile(file) => {
                let link = ctx.link().clone();
                let file = gloo::file::File::from(file);
                self.reading = Some(gloo::file::callbacks::read_as_text(&file, move |r| {
                    link.send_message(Msg::JsonFileRead(r.map_err(|e| e.to_string())))
                }));
                return false;
            }
            Msg::JsonFileRead(r) => {
                self.reading = None;
                match r {
                    Ok(text) => {
                        self.json = text;
                        ctx.link().send_message(Msg::ImportJson);
                    }
                    Err(e) => {
                        self.json_result = Some(Err(tf("editor.file_unreadable", &[("error", &e)])))
                    }
                }
            }
            Msg::Copy(text) => {
                crate::ui::url::copy_to_clipboard(&text);
                return false;
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let v = rows::View {
            d: &self.draft,
            link: ctx.link(),
        };
        html! {
            <div class="editor" data-testid="editor">
                { self.status(ctx) }
                { sections::run(&v) }
                { sections::cluster(&v, self) }
                { sections::topics(&v, self) }
                { sections::producers(&v, self) }
                { sections::groups(&v, self) }
                { timeline::timeline(&v, &self.action_kind, &self.action_at, self.action_error.as_deref()) }
                { transfer::json_box(&v, &self.json, self.json_result.as_ref()) }
            </div>
        }
    }
}
