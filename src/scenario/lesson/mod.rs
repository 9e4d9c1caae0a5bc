//! Guided lessons: a preset (plus edits) and steps that pause the run, highlight parts of the stage, ask a question
//! the run answers, or suggest an experiment. Lessons are data, one JSON file per lesson in `lessons/` (the file
//! name's number orders them), checked at build time (`build.rs`) and included in the page; a contributor adds a
//! lesson without touching the UI. `viz::lesson` finds each step's pause instant in the run.

pub mod schema;

pub use schema::{Experiment, Lesson, Step, Text, Wait};

use super::{compare, presets, Scenario};
use crate::i18n::Lang;
use std::cell::OnceCell;
use std::rc::Rc;

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

thread_local! {
    static ALL: OnceCell<Rc<Vec<Lesson>>> = const { OnceCell::new() };
}

/// Every lesson, in order (the tutorial's).
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

/// A lesson by name.
pub fn by_name(name: &str) -> Option<Lesson> {
    all().iter().find(|l| l.name == name).cloned()
}

/// Lesson names, in order.
pub fn names() -> Vec<String> {
    all().iter().map(|l| l.name.clone()).collect()
}

/// The scenario a lesson runs: its preset with its edits.
pub fn scenario(lesson: &Lesson) -> Result<Scenario, String> {
    let base = presets::by_name(&lesson.preset).ok_or_else(|| {
        format!(
            "lesson '{}': unknown preset '{}'",
            lesson.name, lesson.preset
        )
    })?;
    if lesson.edits.trim().is_empty() {
        return Ok(base);
    }
    let edits =
        compare::parse(&lesson.edits).map_err(|e| format!("lesson '{}': {e}", lesson.name))?;
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
