//! The shape of a lesson file (`lessons/NN-name.json`). Self-contained (serde only): `build.rs` includes this file
//! too, so a malformed lesson fails the build with the file's name and serde's message.

use serde::{Deserialize, Serialize};

/// A text in both languages. Kafka's names stay as Kafka spells them in both.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// English.
    pub en: String,
    /// Korean.
    pub ko: String,
}

/// A guided walk through one scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// The lesson's name in links (`#lesson=NAME&step=N`): lowercase letters, digits and `-`.
    pub name: String,
    /// The tutorial section it follows (`../shared/TUTORIAL.md`: "1-1", "2-5").
    pub section: String,
    /// Its title.
    pub title: Text,
    /// The Kafka fact the lesson shows, in one or two sentences.
    pub fact: Text,
    /// "Go deeper": the Kafka source class, config doc or KIP behind the fact.
    pub deeper: Text,
    /// The preset the lesson runs.
    pub preset: String,
    /// Edits to the preset, as `&compare=` spells them (`producers.acks=1;topics.orders.min.insync.replicas=3`).
    #[serde(default)]
    pub edits: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One step: a text, where the run pauses, what the stage highlights, and optionally a question or an experiment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What to read at this step.
    pub text: Text,
    /// Pause at this virtual instant (ms). At most one of `at_ms` and `wait`; with neither, the step pauses where
    /// the previous one did (0 for the first).
    #[serde(default)]
    pub at_ms: Option<u64>,
    /// Pause just after an event of the run, found after the previous step's pause point.
    #[serde(default)]
    pub wait: Option<Wait>,
    /// Stage elements to highlight, by their `data-testid` (`broker-1`, `replica-2-0`, `producer-0-partitioner`,
    /// `group-0`, `consumer-3`, `controller`).
    #[serde(default)]
    pub highlight: Vec<String>,
    /// A question the run answers when the learner plays on.
    #[serde(default)]
    pub question: Option<Text>,
    /// The question's answer, shown once the learner has reached the next step or asks for it.
    #[serde(default)]
    pub answer: Option<Text>,
    /// A suggested experiment: change one setting and compare the two runs side by side.
    #[serde(default)]
    pub experiment: Option<Experiment>,
}

/// An event to wait for: the `nth` timeline marker of `marker` kind (whose text contains `text`, if given).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wait {
    /// The marker kind, as the event log names it: `fault`, `error`, `election`, `isr`, `rebalance`,
    /// `truncation`, `guarantee`, `broker`, `group`, `consumer`.
    pub marker: String,
    /// Only markers whose text contains this (English, as the trace words it: "shrank", "NOT_ENOUGH_REPLICAS").
    #[serde(default)]
    pub text: Option<String>,
    /// Which one, counting from 1 after the previous step's pause point.
    #[serde(default = "first")]
    pub nth: u32,
}

fn first() -> u32 {
    1
}

/// "Now try this": the edits, as `&compare=` spells them, opened in Compare with… beside the lesson's run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Experiment {
    /// What to try and what to look for.
    pub text: Text,
    /// The edits (`producers.acks=1`).
    pub edits: String,
}

/// What a lesson file must hold beyond its shape (also run by `build.rs`): a name that fits a link and matches
/// the file, at least one step, one pause rule per step, an answer for every question, and both languages.
pub fn check(lesson: &Lesson, file_stem: &str) -> Result<(), String> {
    let name_ok = !lesson.name.is_empty()
        && lesson
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !name_ok {
        return Err(format!(
            "name '{}' must be lowercase letters, digits and '-'",
            lesson.name
        ));
    }
    let expected = file_stem
        .split_once('-')
        .map(|(_, n)| n)
        .unwrap_or(file_stem);
    if lesson.name != expected {
        return Err(format!(
            "name '{}' does not match the file name (expected '{expected}')",
            lesson.name
        ));
    }
    if lesson.steps.is_empty() {
        return Err("a lesson needs at least one step".into());
    }
    let mut texts = vec![
        ("title", &lesson.title),
        ("fact", &lesson.fact),
        ("deeper", &lesson.deeper),
    ];
    for (i, s) in lesson.steps.iter().enumerate() {
        let n = i + 1;
        if s.at_ms.is_some() && s.wait.is_some() {
            return Err(format!("step {n}: give at_ms or wait, not both"));
        }
        if s.question.is_some() != s.answer.is_some() {
            return Err(format!(
                "step {n}: a question needs an answer and an answer a question"
            ));
        }
        if s.wait.as_ref().is_some_and(|w| w.nth == 0) {
            return Err(format!("step {n}: wait.nth counts from 1"));
        }
        texts.push(("step text", &s.text));
        texts.extend(s.question.iter().map(|q| ("question", q)));
        texts.extend(s.answer.iter().map(|a| ("answer", a)));
        texts.extend(s.experiment.iter().map(|e| ("experiment", &e.text)));
    }
    for (what, t) in texts {
        if t.en.trim().is_empty() || t.ko.trim().is_empty() {
            return Err(format!("{what}: both 'en' and 'ko' are needed"));
        }
    }
    Ok(())
}
