//! Guided lessons: a preset (plus edits) and steps that pause the run, highlight parts of the stage, ask a question
//! the run answers, or suggest an experiment. Lessons are data, one JSON file per lesson in `lessons/` (the file
//! name's number orders them), checked at build time (`build.rs`); a contributor adds a lesson without touching the
//! UI. `viz::lesson` finds each step's pause instant in the run.
//!
//! Every build carries the lessons' [`index`] (a [`Summary`] each: enough for the lesson index and to build a
//! lesson's scenario from a link). Native builds (tests, the CLI) carry the files too ([`all`], [`by_name`]); the
//! page leaves them out of its bundle and fetches `lessons/FILE.json` when a lesson is opened, read by [`parse`].

pub mod schema;

pub use schema::{Experiment, Lesson, Step, Text, Wait};

use super::{compare, presets, Scenario};
use crate::i18n::Lang;
#[cfg(not(target_arch = "wasm32"))]
use std::{cell::OnceCell, rc::Rc};

mod files {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

impl Text {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ko => &self.ko,
        }
    }
}

/// What is known of a lesson before its file is read: written by `build.rs` from the file, on every target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The lesson's name in links.
    pub name: &'static str,
    /// Its file's stem (`05-min-insync-replicas`): the page fetches `lessons/{file}.json`.
    pub file: &'static str,
    /// The tutorial section it follows.
    pub section: &'static str,
    /// Its title, in English and Korean.
    pub title: [&'static str; 2],
    /// The Kafka fact it shows, in English and Korean.
    pub fact: [&'static str; 2],
    /// How many steps it has.
    pub steps: usize,
    /// The preset it runs.
    pub preset: &'static str,
    /// Its edits to the preset.
    pub edits: &'static str,
}

impl Summary {
    /// The title in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        self.title[usize::from(lang == Lang::Ko)]
    }

    /// The fact in `lang`.
    pub fn fact(&self, lang: Lang) -> &'static str {
        self.fact[usize::from(lang == Lang::Ko)]
    }

    /// The scenario the lesson runs (the same as [`scenario`] of its file: a link starts the run before the file
    /// is read, so the trace is the same either way).
    pub fn scenario(&self) -> Result<Scenario, String> {
        build(self.name, self.preset, self.edits)
    }
}

/// Every lesson's summary, in order (the tutorial's).
pub fn index() -> &'static [Summary] {
    files::INDEX
}

/// A lesson's summary by name.
pub fn summary(name: &str) -> Option<&'static Summary> {
    files::INDEX.iter().find(|s| s.name == name)
}

/// Reads a lesson file fetched for `summary` (`lessons/{file}.json`): the schema, the checks `build.rs` makes, and
/// the scenario the summary promised (a file from another build of the page would pause a different run).
pub fn parse(summary: &Summary, json: &str) -> Result<Lesson, String> {
    let what = format!("lessons/{}.json", summary.file);
    let lesson: Lesson = serde_json::from_str(json).map_err(|e| format!("{what}: {e}"))?;
    schema::check(&lesson, summary.file).map_err(|e| format!("{what}: {e}"))?;
    if lesson.preset != summary.preset || lesson.edits != summary.edits {
        return Err(format!(
            "{what}: runs preset '{}' with edits '{}', not this page's '{}' with '{}'",
            lesson.preset, lesson.edits, summary.preset, summary.edits
        ));
    }
    Ok(lesson)
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static ALL: OnceCell<Rc<Vec<Lesson>>> = const { OnceCell::new() };
}

/// Every lesson, in order (the tutorial's). Native builds only: the page fetches each lesson's file.
#[cfg(not(target_arch = "wasm32"))]
pub fn all() -> Rc<Vec<Lesson>> {
    ALL.with(|a| {
        a.get_or_init(|| {
            // build.rs has parsed and checked each file with the same schema, so this cannot fail at run time.
            Rc::new(
                files::FILES
                    .iter()
                    .filter_map(|(_, json)| serde_json::from_str(json).ok())
                    .collect(),
            )
        })
        .clone()
    })
}

/// A lesson by name. Native builds only, as [`all`].
#[cfg(not(target_arch = "wasm32"))]
pub fn by_name(name: &str) -> Option<Lesson> {
    all().iter().find(|l| l.name == name).cloned()
}

/// Lesson names, in order.
pub fn names() -> Vec<&'static str> {
    files::INDEX.iter().map(|s| s.name).collect()
}

/// The scenario a lesson runs: its preset with its edits.
pub fn scenario(lesson: &Lesson) -> Result<Scenario, String> {
    build(&lesson.name, &lesson.preset, &lesson.edits)
}

fn build(name: &str, preset: &str, edits: &str) -> Result<Scenario, String> {
    let base = presets::by_name(preset)
        .ok_or_else(|| format!("lesson '{name}': unknown preset '{preset}'"))?;
    if edits.trim().is_empty() {
        return Ok(base);
    }
    let edits = compare::parse(edits).map_err(|e| format!("lesson '{name}': {e}"))?;
    Ok(compare::apply(&base, &edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lesson_file_is_loaded_with_a_scenario() {
        // Running each one is tests/lessons.rs's job: the engine is a layer above this one.
        assert_eq!(all().len(), files::FILES.len());
        for l in all().iter() {
            scenario(l).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn the_index_says_what_each_file_says_and_a_fetched_file_reads_as_the_compiled_one() {
        assert_eq!(index().len(), files::FILES.len());
        for ((stem, json), (s, l)) in files::FILES.iter().zip(index().iter().zip(all().iter())) {
            assert_eq!(
                (s.file, s.name, s.section),
                (*stem, l.name.as_str(), l.section.as_str())
            );
            assert_eq!(s.title, [l.title.en.as_str(), l.title.ko.as_str()]);
            assert_eq!(s.fact, [l.fact.get(Lang::En), l.fact.get(Lang::Ko)]);
            assert_eq!(
                (s.steps, s.preset, s.edits),
                (l.steps.len(), l.preset.as_str(), l.edits.as_str())
            );
            assert_eq!(s.scenario(), scenario(l), "{}", s.name);
            assert_eq!(parse(s, json).as_ref(), Ok(l));
            assert_eq!(summary(s.name), Some(s));
        }
    }

    #[test]
    fn a_fetched_file_that_is_not_the_lesson_is_refused_with_its_name() {
        let s = summary("min-insync-replicas").expect("in the index");
        let err = |json: &str| parse(s, json).unwrap_err();
        assert!(err("<!doctype html>").starts_with("lessons/05-min-insync-replicas.json: "));
        let (_, other) = files::FILES[0];
        assert!(
            err(other).contains("does not match the file name"),
            "{}",
            err(other)
        );
        let mut l = by_name(s.name).expect("compiled in");
        l.edits = "producers.acks=1".into();
        let json = serde_json::to_string(&l).expect("json");
        assert!(err(&json).contains("not this page's"), "{}", err(&json));
        l.steps.clear();
        let json = serde_json::to_string(&l).expect("json");
        assert!(err(&json).contains("at least one step"), "{}", err(&json));
    }

    #[test]
    fn the_checker_refuses_what_the_schema_cannot() {
        let mut l = all()[0].clone();
        let stem = format!("01-{}", l.name);
        assert!(schema::check(&l, &stem).is_ok());
        assert!(schema::check(&l, "01-other").is_err());
        l.steps[0].at_ms = Some(1);
        l.steps[0].wait = Some(Wait {
            marker: "isr".into(),
            text: None,
            nth: 1,
        });
        assert!(schema::check(&l, &stem).unwrap_err().contains("not both"));
        l.steps[0].wait = None;
        l.steps[0].text.ko.clear();
        assert!(schema::check(&l, &stem)
            .unwrap_err()
            .contains("both 'en' and 'ko'"));
    }
}
