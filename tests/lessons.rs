//! Every lesson plays through: its scenario runs, each step's pause point or awaited event exists in the run, and
//! everything a step highlights is on the stage at that step. The lessons together follow every section of the
//! tutorial (`../shared/TUTORIAL.md`) that a learner can see happen, in its order.

use kafka_playground::engine::Sim;
use kafka_playground::scenario::codec::parse_fragment;
use kafka_playground::scenario::compare;
use kafka_playground::scenario::lesson;
use kafka_playground::viz::lesson::{plan, targets_at_pauses};

#[test]
fn every_lesson_plays_through_with_its_pauses_and_highlights() {
    let all = lesson::all();
    assert!(!all.is_empty());
    for l in all.iter() {
        let p = plan(l).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.pauses.len(), l.steps.len());
        assert!(
            p.pauses.windows(2).all(|w| w[0] <= w[1]),
            "{}: pauses go back in time",
            l.name
        );
        let targets = targets_at_pauses(&p).expect("the lesson's scenario runs");
        for (i, s) in l.steps.iter().enumerate() {
            for h in &s.highlight {
                assert!(
                    targets[i].contains(h),
                    "lesson {} step {}: '{h}' is not on the stage at {} ms (there: {})",
                    l.name,
                    i + 1,
                    p.pauses[i].as_ms(),
                    targets[i].join(" ")
                );
            }
            if let Some(x) = &s.experiment {
                // The experiment's run B must start, and every edited key must be one Kafka knows (a misspelt
                // scope would only warn, and B would run unchanged).
                let edits = compare::parse(&x.edits).unwrap_or_else(|e| {
                    panic!("lesson {} step {}: experiment: {e}", l.name, i + 1)
                });
                let b = compare::apply(&p.scenario, &edits);
                assert_ne!(
                    b,
                    p.scenario,
                    "lesson {} step {}: the experiment changes nothing",
                    l.name,
                    i + 1
                );
                let sim = Sim::new(&b).unwrap_or_else(|e| {
                    panic!("lesson {} step {}: experiment: {e}", l.name, i + 1)
                });
                assert!(
                    sim.warnings().is_empty(),
                    "lesson {} step {}: experiment {}: {:?}",
                    l.name,
                    i + 1,
                    x.edits,
                    sim.warnings()
                );
            }
        }
    }
}

#[test]
fn a_wait_pauses_on_the_event_it_names() {
    let l = lesson::by_name("min-insync-replicas").expect("the min.insync.replicas lesson");
    let p = plan(&l).expect("plans");
    let i = l
        .steps
        .iter()
        .position(|s| s.wait.as_ref().is_some_and(|w| w.marker == "isr"))
        .expect("an ISR step");
    // The controller fences broker 3 after its session times out (broker.session.timeout.ms 9000 ms by default):
    // the ISR shrink cannot come earlier.
    assert!(
        p.pauses[i].as_ms() >= 9000,
        "ISR shrink at {} ms",
        p.pauses[i].as_ms()
    );
    let mut bad = l.clone();
    bad.steps[i].wait.as_mut().expect("wait").text = Some("no marker says this".into());
    assert!(plan(&bad).unwrap_err().contains("no first 'isr' marker"));
}

#[test]
fn the_lessons_follow_every_tutorial_section_in_order() {
    // § 1-7 and 2-7 (integrations) are context only: nothing to watch.
    let sections = [
        "1", "1-1", "1-2", "1-3", "1-4", "1-5", "1-6", "2", "2-1", "2-2", "2-3", "2-4", "2-5",
        "2-6", "2-8",
    ];
    let key = |s: &str| -> Vec<u32> {
        s.split('-')
            .map(|n| n.parse().expect("a section number"))
            .collect()
    };
    let all = lesson::all();
    let covered: Vec<Vec<u32>> = all.iter().map(|l| key(&l.section)).collect();
    for s in sections {
        let k = key(s);
        assert!(
            covered
                .iter()
                .any(|c| *c == k || (k.len() == 1 && c.first() == k.first())),
            "no lesson for tutorial section {s}"
        );
    }
    assert!(
        covered.windows(2).all(|w| w[0] <= w[1]),
        "lessons are not in the tutorial's order: {covered:?}"
    );
}

#[test]
fn a_step_link_opens_the_lesson_and_a_bad_one_says_why() {
    let (s, v) =
        parse_fragment("#lesson=min-insync-replicas&step=3&lang=ko").expect("a lesson link");
    let l = lesson::by_name("min-insync-replicas").expect("lesson");
    assert_eq!(s, Some(lesson::scenario(&l).expect("scenario")));
    assert_eq!(
        (v.lesson.as_deref(), v.step),
        (Some("min-insync-replicas"), Some(3))
    );
    assert_eq!(v.lang, Some(kafka_playground::i18n::Lang::Ko));
    let err = parse_fragment("#lesson=no-such-lesson")
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown lesson 'no-such-lesson'"), "{err}");
    let (_, v) = parse_fragment("#lessons&lang=en").expect("the index");
    assert!(v.lessons_index);
}
