//! The scenario editor's model: a draft of the running scenario that the page edits field by field and applies as
//! a whole. Plain data, no browser: the page's editor is a view of a [`Draft`], and native tests drive the same
//! code.
//!
//! Typed text is kept as typed until Apply: a value that cannot be stored (a number field holding "lots") stays in
//! the draft's text and is refused next to its field on Apply; a property value is stored as text and judged by the
//! same [`Scenario::resolve`] the engine runs, so the page refuses exactly what a run would. A refused Apply
//! changes nothing that runs.

pub mod diff;
pub mod field;
pub mod import;

use super::{
    Action, GroupSpec, ProducerSpec, Scenario, ScenarioError, TimedAction, TopicSpec, Workload,
};
pub use field::{Field, Scope};
use std::collections::BTreeMap;

/// Most timed actions a scenario can hold in the editor.
pub const MAX_ACTIONS: usize = 1000;

/// The editor's state.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    /// The scenario being edited.
    pub scenario: Scenario,
    /// The scenario that runs (the last one applied).
    pub applied: Scenario,
    /// Text typed into fields, by field id, not yet represented in `scenario` (or not yet applied).
    texts: BTreeMap<String, String>,
    /// Why a field was refused, by field id.
    pub errors: BTreeMap<String, String>,
    /// A refusal that names no single field (e.g. too many partitions in all).
    pub error: Option<String>,
    /// Warnings from the last import or apply (ignored keys, unknown keys).
    pub notices: Vec<String>,
}

impl Draft {
    /// A draft of the scenario that runs.
    pub fn new(running: Scenario) -> Draft {
        Draft {
            scenario: running.clone(),
            applied: running,
            texts: BTreeMap::new(),
            errors: BTreeMap::new(),
            error: None,
            notices: Vec::new(),
        }
    }

    /// What a field shows: the text typed into it, or its current value.
    pub fn text(&self, id: &str) -> String {
        self.texts
            .get(id)
            .cloned()
            .or_else(|| Field::parse(id).and_then(|f| field::get(&self.scenario, &f)))
            .unwrap_or_default()
    }

    /// Whether the draft differs from what runs.
    pub fn dirty(&self) -> bool {
        self.scenario != self.applied || !self.texts.is_empty()
    }

    /// Text typed into a field. Stored at once when it can be (so dependent fields follow), kept as typed always.
    pub fn input(&mut self, id: &str, text: &str) {
        self.errors.remove(id);
        let Some(f) = Field::parse(id) else { return };
        match field::set(&mut self.scenario, &f, text) {
            Ok(()) if field::get(&self.scenario, &f).as_deref() == Some(text) => {
                self.texts.remove(id);
            }
            _ => {
                self.texts.insert(id.to_string(), text.to_string());
            }
        }
    }

    /// Puts a property back to its default (unset) and forgets what was typed.
    pub fn reset(&mut self, id: &str) {
        self.texts.remove(id);
        self.errors.remove(id);
        if let Some(f) = Field::parse(id).filter(Field::is_property) {
            let _ = field::set(&mut self.scenario, &f, "");
        }
    }

    /// Drops typed text and errors of scopes from `from` on (their indexes move when one is removed).
    fn forget_from(&mut self, from: Scope) {
        let same_kind = |s: &Scope| std::mem::discriminant(s) == std::mem::discriminant(&from);
        let moved = |id: &String| {
            Field::parse(id).is_some_and(|f| match (f.scope, from) {
                (Scope::Member(g, m), Scope::Member(fg, fm)) => g == fg && m >= fm,
                (Scope::Member(g, _), Scope::Group(fg)) => g >= fg,
                (s, _) => same_kind(&s) && s >= from,
            })
        };
        self.texts.retain(|id, _| !moved(id));
        self.errors.retain(|id, _| !moved(id));
    }

    /// Adds a topic with a fresh name.
    pub fn add_topic(&mut self) {
        let n = (1..)
            .map(|i| format!("topic-{i}"))
            .find(|n| !self.scenario.topics.iter().any(|t| &t.name == n))
            .unwrap_or_default();
        let rf = TopicSpec::default()
            .replication_factor
            .min(self.scenario.cluster.brokers);
        self.scenario.topics.push(TopicSpec {
            name: n,
            replication_factor: rf,
            ..TopicSpec::default()
        });
    }

    /// Adds a producer writing to the first topic.
    pub fn add_producer(&mut self) {
        let topic = self
            .scenario
            .topics
            .first()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        self.scenario.producers.push(ProducerSpec {
            config: Default::default(),
            workload: Workload {
                topic,
                ..Workload::default()
            },
        });
    }

    /// Adds a one-member group subscribed to the first topic, with a fresh `group.id`.
    pub fn add_group(&mut self) {
        let id = (1..)
            .map(|i| format!("group-{i}"))
            .find(|n| {
                !self
                    .scenario
                    .consumer_groups
                    .iter()
                    .any(|g| &g.group_id == n)
            })
            .unwrap_or_default();
        let topics = self
            .scenario
            .topics
            .first()
            .map(|t| vec![t.name.clone()])
            .unwrap_or_default();
        self.scenario.consumer_groups.push(GroupSpec {
            group_id: id,
            topics,
            ..GroupSpec::default()
        });
    }

    /// Adds a timed action of this kind (see [`Action::KINDS`]) at `at_ms`.
    pub fn add_action(&mut self, kind: &str, at_ms: u64) -> Result<(), String> {
        let action =
            Action::example(kind).ok_or_else(|| format!("unknown action type '{kind}'"))?;
        if self.scenario.actions.len() >= MAX_ACTIONS {
            return Err(format!("at most {MAX_ACTIONS} timed actions"));
        }
        self.scenario.actions.push(TimedAction { at_ms, action });
        Ok(())
    }

    /// Removes a topic, producer, group, member or action.
    pub fn remove(&mut self, scope: Scope) {
        let s = &mut self.scenario;
        if !scope.exists(s) {
            return;
        }
        match scope {
            Scope::Topic(i) => drop(s.topics.remove(i)),
            Scope::Producer(i) => drop(s.producers.remove(i)),
            Scope::Group(i) => drop(s.consumer_groups.remove(i)),
            Scope::Member(g, m) => drop(s.consumer_groups[g].members.remove(m)),
            Scope::Action(i) => drop(s.actions.remove(i)),
            Scope::Run | Scope::Cluster => return,
        }
        self.forget_from(scope);
    }

    /// The actions in time order, with their index in the scenario (the order they were added breaks ties, as the
    /// engine queues them).
    pub fn timeline(&self) -> Vec<(usize, &TimedAction)> {
        let mut v: Vec<(usize, &TimedAction)> = self.scenario.actions.iter().enumerate().collect();
        crate::kafka::sort::sort_by_key(&mut v, |(i, a)| (a.at_ms, *i));
        v
    }

    /// An intervention made on the running scenario (the broker menu): it joins both the run and the draft.
    pub fn intervened(&mut self, action: TimedAction) {
        self.applied.actions.push(action.clone());
        self.scenario.actions.push(action);
    }

    /// Replaces a scope's properties with a `.properties` text (a consumer file's `group.id` names the group).
    /// Returns how many properties were imported; the ignored keys are listed in `notices`.
    pub fn import_properties(&mut self, scope: Scope, text: &str) -> Result<usize, String> {
        let got = import::import(scope, text)
            .map_err(|e| format!("This is not a .properties text: {e}"))?;
        let Some(props) = scope.props_mut(&mut self.scenario) else {
            return Err(format!("{} takes no properties", scope.id()));
        };
        *props = got.props;
        let n = props.len();
        if let (Scope::Group(g), Some(id)) = (scope, got.group_id) {
            self.scenario.consumer_groups[g].group_id = id;
        }
        let prefix = format!("{}-", scope.id());
        self.texts.retain(|id, _| !id.starts_with(&prefix));
        self.errors.retain(|id, _| !id.starts_with(&prefix));
        self.notices = got.warnings;
        Ok(n)
    }

    /// Replaces the whole draft with scenario JSON (the CLI's format).
    pub fn import_json(&mut self, text: &str) -> Result<(), String> {
        let s = Scenario::from_json(text).map_err(|e| e.to_string())?;
        self.scenario = s;
        self.texts.clear();
        self.errors.clear();
        self.error = None;
        Ok(())
    }

    /// Checks the whole draft. On success the draft becomes what runs and the scenario to run is returned; on
    /// failure each refusal is put beside its field (or in `error`) and nothing that runs changes.
    pub fn apply(&mut self) -> Result<Scenario, Refused> {
        self.errors.clear();
        self.error = None;
        let texts = std::mem::take(&mut self.texts);
        for (id, text) in &texts {
            if let Some(f) = Field::parse(id) {
                if let Err(e) = field::set(&mut self.scenario, &f, text) {
                    self.errors.insert(id.clone(), e);
                }
            }
        }
        self.texts = texts;
        if !self.errors.is_empty() {
            return Err(Refused(self.errors.len()));
        }
        match self.scenario.resolve() {
            Ok(r) => {
                self.texts.clear();
                self.notices = r.warnings;
                self.applied = self.scenario.clone();
                Ok(self.scenario.clone())
            }
            Err(e) => {
                let (id, text) = locate(&self.scenario, &e);
                match id {
                    Some(id) => {
                        self.errors.insert(id, text);
                    }
                    None => self.error = Some(text),
                }
                Err(Refused(1))
            }
        }
    }
}

/// An Apply that was refused: how many refusals the draft now shows (beside fields, or in `Draft::error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refused(pub usize);

/// The field a scenario error belongs to (if it names one), and the message to show there.
pub fn locate(s: &Scenario, e: &ScenarioError) -> (Option<String>, String) {
    match e {
        ScenarioError::Config { path, error } => {
            let scope = scope_of_path(path).map(|scope| match scope {
                // A member's effective config is the group's plus its own: blame the member only for its keys.
                Scope::Member(g, m)
                    if !s.consumer_groups[g].members[m]
                        .config
                        .contains_key(&error.key) =>
                {
                    Scope::Group(g)
                }
                other => other,
            });
            (
                scope.map(|sc| Field::new(sc, &error.key).id()),
                error.to_string(),
            )
        }
        ScenarioError::Invalid { path, reason } => {
            let id = field_of_path(path);
            let f = id.as_deref().and_then(Field::parse);
            let text = match f
                .as_ref()
                .and_then(|f| field::get(s, f).map(|v| (v, &f.key)))
            {
                Some((v, key)) if !v.is_empty() => field::invalid(key, &v, reason),
                _ => format!("{path}: {reason}"),
            };
            (id, text)
        }
        ScenarioError::Decode(m) => (None, m.clone()),
    }
}

/// The field an `Invalid` error's path names: `cluster.brokers`, `topics[0].replication_factor`,
/// `producers[1].workload.topic`, `actions[2].action` (the action's type), `actions[2].action.delay_ms`.
fn field_of_path(path: &str) -> Option<String> {
    let id = match path {
        "run_ms" => "run-run_ms".to_string(),
        "cluster.brokers" => "cluster-brokers".to_string(),
        _ => {
            let (head, key) = path.rsplit_once('.')?;
            let head = head
                .trim_end_matches(".workload")
                .trim_end_matches(".action");
            let key = if key == "action" { "type" } else { key };
            Field::new(scope_of_path(head)?, key).id()
        }
    };
    Field::parse(&id).map(|_| id)
}

/// `topics[2]`, `producers[0]`, `consumer_groups[1].members[3]`, `actions[4]`, `cluster` (with an optional
/// `.config` suffix) as a scope.
fn scope_of_path(path: &str) -> Option<Scope> {
    let path = path.strip_suffix(".config").unwrap_or(path);
    if path == "cluster" {
        return Some(Scope::Cluster);
    }
    let idx = |p: &str, name: &str| -> Option<usize> {
        p.strip_prefix(name)?
            .strip_prefix('[')?
            .strip_suffix(']')?
            .parse()
            .ok()
    };
    if let Some((g, m)) = path.split_once(".members") {
        return Some(Scope::Member(idx(g, "consumer_groups")?, idx(m, "")?));
    }
    idx(path, "topics")
        .map(Scope::Topic)
        .or_else(|| idx(path, "producers").map(Scope::Producer))
        .or_else(|| idx(path, "consumer_groups").map(Scope::Group))
        .or_else(|| idx(path, "actions").map(Scope::Action))
}

#[cfg(test)]
mod tests;
