//! Goal: a seek, a step back and a fork leave the run exactly where playing would (same trace hash, same event
//! count, same scene), for every preset; a step always changes what is shown.
//! Method: play each preset in frame-sized steps as the page does and compare with a timeline that seeks there
//! after playing to the end; replay forks from their scenario in a fresh engine.
//! Kafka: none (the simulator's time travel); the ordering of actions is `engine::queue`'s.
use super::*;
use crate::scenario::{presets, Action};

/// Played as the page plays: one frame of 16 ms at a time.
fn played_to(scenario: &Scenario, t: Instant) -> Timeline {
    played_with(scenario, t, FIRST_INTERVAL)
}

/// The same, with a checkpoint every `interval` events.
fn played_with(scenario: &Scenario, t: Instant, interval: u64) -> Timeline {
    let mut tl = Timeline::new(scenario).expect("preset is valid");
    tl.interval = interval;
    let mut at = 0;
    loop {
        tl.advance_to(Instant(at));
        if at >= t.0 {
            return tl;
        }
        at = (at + 16_000).min(t.0);
    }
}

fn same(a: &Timeline, b: &Timeline, what: &str) {
    assert_eq!(
        a.sim().trace_hash(),
        b.sim().trace_hash(),
        "{what}: trace hash"
    );
    assert_eq!(a.sim().events(), b.sim().events(), "{what}: events");
    assert_eq!(a.sim().now(), b.sim().now(), "{what}: now");
    assert!(a.scene() == b.scene(), "{what}: scene");
}

#[test]
fn seek_equals_play_for_every_preset() {
    for name in presets::names() {
        let scenario = presets::by_name(name).expect("named preset");
        let end = Instant::from_ms(scenario.run_ms);
        // Dense checkpoints, so that seeks restore ones in the middle of the run too.
        let mut tl = Timeline::new(&scenario).expect("valid");
        tl.interval = 500;
        tl.advance_to(end);
        for frac in [7u64, 31, 50, 83, 100] {
            let t = Instant(end.0 * frac / 100 + 333);
            tl.seek(t);
            same(&tl, &played_to(&scenario, t), &format!("{name} at {frac}%"));
        }
        // Forward again from the past, then back to the start.
        tl.seek(Instant(end.0 / 3));
        tl.seek(Instant(end.0 * 2 / 3));
        same(
            &tl,
            &played_to(&scenario, Instant(end.0 * 2 / 3)),
            &format!("{name} forward"),
        );
        tl.seek(Instant(0));
        same(
            &tl,
            &played_to(&scenario, Instant(0)),
            &format!("{name} start"),
        );
    }
}

#[test]
fn a_step_changes_what_is_shown_and_a_step_back_undoes_it() {
    let scenario = presets::by_name("idempotence-keeps-order").expect("preset");
    let mut tl = played_with(&scenario, Instant::from_ms(200), 100);
    for _ in 0..40 {
        let before = (tl.sim().trace_hash(), tl.scene().events);
        assert!(tl.step());
        assert_ne!(tl.scene().events, before.1, "a step adds to the trace");
        let after = (tl.sim().trace_hash(), tl.sim().events(), tl.scene().clone());
        assert!(tl.step_back());
        assert!(tl.step());
        assert_eq!(tl.sim().trace_hash(), after.0, "step back, step: same hash");
        assert_eq!(tl.sim().events(), after.1);
        assert!(*tl.scene() == after.2);
    }
    // Steps back from a played instant: first to the last shown event, then one shown event at a time.
    let mut tl = played_with(&scenario, Instant::from_ms(1_200), 100);
    let played = tl.scene().events;
    assert!(tl.step_back());
    assert_eq!(
        tl.scene().events,
        played,
        "the last shown event is where the picture is"
    );
    assert!(tl.sim().now() < Instant::from_ms(1_200));
    for _ in 0..30 {
        let (events, shown) = (tl.sim().events(), tl.scene().events);
        assert!(tl.step_back());
        assert!(tl.sim().events() < events);
        assert!(
            tl.scene().events < shown,
            "each step back undoes a shown event"
        );
    }
}

#[test]
fn step_back_crosses_checkpoints() {
    let scenario = presets::by_name("quickstart").expect("preset");
    let mut tl = played_with(&scenario, Instant::from_ms(4_000), 200);
    assert!(
        tl.checkpoint_count() > 2,
        "{} checkpoints",
        tl.checkpoint_count()
    );
    let c = tl.checkpoints[2].events();
    tl.seek(tl.checkpoints[2].sim.now());
    assert!(tl.sim().events() >= c);
    for _ in 0..20 {
        let h = (tl.sim().trace_hash(), tl.sim().events());
        assert!(tl.step_back());
        assert!(tl.step());
        assert_eq!((tl.sim().trace_hash(), tl.sim().events()), h);
        assert!(tl.step_back());
    }
}

#[test]
fn an_intervention_replays_from_its_scenario() {
    let scenario = presets::by_name("quickstart").expect("preset");
    let mut tl = played_to(&scenario, Instant(1_234_567));
    tl.intervene(Action::CrashBroker { broker: 1 })
        .expect("a broker of the run");
    tl.advance_to(Instant::from_ms(6_000));
    let replay = played_to(tl.sim().scenario(), Instant::from_ms(6_000));
    same(&tl, &replay, "intervention vs its link");
    assert_eq!(
        tl.sim().scenario().actions.last().map(|a| a.at_ms),
        Some(1_235)
    );
}

#[test]
fn an_intervention_in_the_past_forks_and_can_be_undone() {
    let scenario = presets::by_name("quickstart").expect("preset");
    let mut tl = played_to(&scenario, Instant::from_ms(3_000));
    tl.intervene(Action::CrashBroker { broker: 2 })
        .expect("a broker of the run");
    tl.advance_to(Instant::from_ms(5_000));
    let with_crash = (tl.sim().trace_hash(), tl.sim().scenario().clone());
    assert!(tl.markers().iter().any(|m| m.english() == "crash broker-2"));
    // Back to 1 s: crash broker-3 there instead.
    tl.seek(Instant::from_ms(1_000));
    tl.intervene(Action::CrashBroker { broker: 3 })
        .expect("a broker of the run");
    let fork = tl.fork().expect("a fork").clone();
    assert_eq!(fork.dropped, 1);
    let actions = &tl.sim().scenario().actions;
    assert_eq!(actions.len(), scenario.actions.len() + 1);
    assert_eq!(
        actions.last().map(|a| a.action.clone()),
        Some(Action::CrashBroker { broker: 3 })
    );
    assert!(
        !tl.markers().iter().any(|m| m.english() == "crash broker-2"),
        "the dropped future's markers go"
    );
    tl.advance_to(Instant::from_ms(5_000));
    same(
        &tl,
        &played_to(tl.sim().scenario(), Instant::from_ms(5_000)),
        "the fork vs its link",
    );
    // Undo: the crash of broker-2 is back, at the instant of the fork.
    assert!(tl.undo_fork());
    assert_eq!(tl.sim().now(), Instant::from_ms(1_000));
    assert_eq!(*tl.sim().scenario(), with_crash.1);
    tl.advance_to(Instant::from_ms(5_000));
    assert_eq!(tl.sim().trace_hash(), with_crash.0);
    assert!(!tl.undo_fork(), "one step of undo");
}

#[test]
fn checkpoints_stay_bounded() {
    let scenario = presets::by_name("quickstart").expect("preset");
    let mut tl = Timeline::new(&scenario).expect("valid");
    tl.interval = 5;
    tl.advance_to(Instant::from_ms(scenario.run_ms));
    assert!(tl.checkpoint_count() <= MAX_CHECKPOINTS);
    assert!(
        tl.interval > 5,
        "the interval doubled ({} events)",
        tl.sim().events()
    );
    let t = Instant::from_ms(scenario.run_ms / 2);
    tl.seek(t);
    same(&tl, &played_to(&scenario, t), "after thinning");
}

#[test]
fn markers_name_what_happened() {
    let scenario = presets::by_name("acks-1-data-loss").expect("preset");
    let mut tl = Timeline::new(&scenario).expect("valid");
    tl.advance_to(Instant::from_ms(scenario.run_ms));
    let kinds: Vec<MarkerKind> = tl.markers().iter().map(|m| m.kind).collect();
    for k in [MarkerKind::Fault, MarkerKind::Election, MarkerKind::Isr] {
        assert!(kinds.contains(&k), "{k:?} in {kinds:?}");
    }
    assert!(tl.markers().windows(2).all(|w| w[0].event <= w[1].event));
    // Seeking back and playing again finds each marker once.
    let n = tl.markers().len();
    tl.seek(Instant(0));
    tl.advance_to(Instant::from_ms(scenario.run_ms));
    assert_eq!(tl.markers().len(), n);
}

#[test]
fn marker_spots_bucket_each_kind_and_say_how_many() {
    let m = |ms: u64, kind, text: &str| Marker {
        at: Instant::from_ms(ms),
        event: ms,
        kind,
        node: None,
        words: crate::i18n::Words::plain(text),
    };
    let markers = vec![
        m(100, MarkerKind::Isr, "a"),
        m(101, MarkerKind::Isr, "b"),
        m(102, MarkerKind::Election, "c"),
        m(103, MarkerKind::Isr, "d"),
        m(104, MarkerKind::Isr, "e"),
        m(900, MarkerKind::Isr, "f"),
    ];
    let spots = marker_spots(&markers, Instant::from_ms(1_000), 100);
    assert_eq!(spots.len(), 3);
    assert_eq!((spots[0].kind, spots[0].count), (MarkerKind::Isr, 4));
    assert_eq!(spots[0].text, "t = 0.100 s: a; b; d; and 1 more");
    assert_eq!((spots[1].kind, spots[1].count), (MarkerKind::Election, 1));
    assert!((spots[2].left_pct - 90.0).abs() < 0.01);
}

#[test]
fn interventions_made_at_one_instant_all_stay() {
    let scenario = presets::by_name("quickstart").expect("preset");
    let mut tl = played_to(&scenario, Instant(2_000_500));
    tl.intervene(Action::CrashBroker { broker: 1 })
        .expect("a broker of the run");
    tl.intervene(Action::CrashBroker { broker: 2 })
        .expect("a broker of the run");
    assert!(tl.fork().is_none());
    let actions = &tl.sim().scenario().actions;
    assert_eq!(actions.len(), scenario.actions.len() + 2);
    assert!(actions.iter().rev().take(2).all(|a| a.at_ms == 2_001));
    tl.advance_to(Instant::from_ms(4_000));
    same(
        &tl,
        &played_to(tl.sim().scenario(), Instant::from_ms(4_000)),
        "two interventions vs their link",
    );
}

/// The charts' series do not depend on how the run was explored: played straight, or played with seeks back and
/// forth, or forked and played on, they equal those of a fresh run of the same scenario.
#[test]
fn series_are_the_same_however_the_run_was_explored() {
    for name in [
        "acks-1-data-loss",
        "consumer-dies",
        "retry-reordering",
        "quickstart",
    ] {
        let s = presets::by_name(name).expect("preset");
        let end = Instant::from_ms(s.run_ms);
        let straight = played_to(&s, end);
        let mut wandering = Timeline::new(&s).expect("valid");
        wandering.interval = 500;
        wandering.advance_to(Instant::from_ms(s.run_ms / 2));
        wandering.seek(Instant::from_ms(s.run_ms / 10));
        wandering.step_back();
        wandering.seek(Instant::from_ms(s.run_ms * 8 / 10));
        wandering.seek(end);
        assert!(!straight.series().buckets.is_empty(), "{name}: buckets");
        assert_eq!(straight.series(), wandering.series(), "{name}: after seeks");

        // A fork in the past: the series from the fork on are those of the forked scenario.
        wandering.seek(Instant::from_ms(s.run_ms / 3));
        let missing = Action::CrashBroker {
            broker: s.cluster.brokers + 1,
        };
        assert!(
            wandering.intervene(missing).is_err(),
            "{name}: no such broker, refused"
        );
        wandering
            .intervene(Action::CrashBroker {
                broker: s.cluster.brokers,
            })
            .expect("a broker of the run");
        wandering.seek(end);
        let mut forked = s.clone();
        forked.actions = wandering.actions.clone();
        let fresh = played_to(&forked, end);
        assert_eq!(fresh.series(), wandering.series(), "{name}: after a fork");
    }
}

/// The series say what the run did: throughput adds up to the acknowledged records, the ISR dips while a broker is
/// down and that time is shaded as a fault, lag ends where the group's lag is, latencies are measured.
#[test]
fn series_add_up_to_the_run() {
    let s = presets::by_name("acks-1-data-loss").expect("preset");
    let end = Instant::from_ms(s.run_ms);
    let tl = played_to(&s, end);
    let series = tl.series();
    let acked: u64 = series.buckets.iter().map(|b| u64::from(b.acked)).sum();
    let in_buckets_us = series.buckets.len() as u64 * series.bucket_us;
    assert_eq!(in_buckets_us, end.0, "the buckets cover the run");
    assert_eq!(
        acked,
        tl.sim().report().records.acked,
        "acknowledged records add up"
    );
    assert!(
        series.buckets.iter().any(|b| b.isr_min < 3),
        "the ISR shrinks after the crash"
    );
    assert!(series.buckets.iter().any(|b| b.fault) && series.buckets.iter().any(|b| !b.fault));
    assert!(series.buckets.iter().any(|b| b.request_latency.is_some()));

    let s = presets::by_name("consumer-dies").expect("preset");
    let tl = played_to(&s, Instant::from_ms(s.run_ms));
    let last = tl.series().buckets.last().expect("buckets");
    let (g, tp) = tl.series().drawn_lag_pairs()[0];
    assert_eq!(
        last.lag[0],
        tl.scene().lag(g, tp),
        "lag at the end is the group's"
    );
    assert!(
        tl.series().buckets.iter().any(|b| b.e2e.is_some()),
        "end-to-end latency measured"
    );
}

/// A record the leader writes out of send order, or a second time, is a marker of its own, in the log's words.
#[test]
fn broken_guarantees_are_markers() {
    for (name, says) in [
        ("retry-reordering", "out of send order at offset"),
        ("late-ack-duplicates", "wrote a second copy of record #"),
    ] {
        let s = presets::by_name(name).expect("preset");
        let tl = played_to(&s, Instant::from_ms(s.run_ms));
        let m: Vec<&Marker> = tl
            .markers()
            .iter()
            .filter(|m| m.kind == MarkerKind::Guarantee)
            .collect();
        assert!(!m.is_empty(), "{name}: a guarantee marker");
        let text = m[0].english();
        assert!(text.contains(says), "{name}: {text}");
        assert!(text.starts_with("broker-"), "{text}");
    }
    let s = presets::by_name("idempotence-keeps-order").expect("preset");
    let tl = played_to(&s, Instant::from_ms(s.run_ms));
    assert!(
        !tl.markers().iter().any(|m| m.kind == MarkerKind::Guarantee),
        "idempotence keeps order and writes once"
    );
}

/// The messages the timeline follows for the sequence diagram are those a replay of the window finds, after
/// playing, seeking back, stepping and stepping back.
#[test]
fn watched_messages_are_the_windows() {
    let s = presets::by_name("acks-1-data-loss").expect("preset");
    let w = 300_000;
    let mut tl = Timeline::new(&s).expect("valid");
    tl.watch_messages(Some(w));
    let check = |tl: &Timeline, what: &str| {
        let now = tl.sim().now();
        let mut want = tl.messages_since(Instant(now.0.saturating_sub(w)));
        want.slide(now, w);
        let got = tl.watched_messages().expect("watched");
        assert_eq!(got.messages, want.messages, "{what} at {now:?}");
        assert!(
            !got.messages.is_empty() || now.0 < w,
            "{what}: messages in the window"
        );
    };
    for ms in [500, 1_000, 2_100, 9_300] {
        tl.advance_to(Instant::from_ms(ms));
        check(&tl, "played");
    }
    tl.seek(Instant::from_ms(2_050));
    check(&tl, "sought back");
    tl.step();
    check(&tl, "stepped");
    tl.step_back();
    tl.step_back();
    check(&tl, "stepped back");
    tl.watch_messages(None);
    assert!(tl.watched_messages().is_none());
}

/// A marker reads in the page's language; its English (what lessons match) does not follow the page.
#[test]
fn markers_read_in_the_page_language_and_keep_their_english() {
    use crate::i18n::{set_lang, Lang};
    let s = presets::by_name("consumer-dies").expect("preset");
    let tl = played_to(&s, Instant::from_ms(s.run_ms));
    let m = tl
        .markers()
        .iter()
        .find(|m| m.kind == MarkerKind::Rebalance)
        .expect("a rebalance marker");
    let en = m.english();
    assert!(en.contains("completed a rebalance, generation"), "{en}");
    set_lang(Lang::Ko);
    let (ko, ko_english) = (m.text(), m.english());
    set_lang(Lang::En);
    assert_eq!(ko_english, en, "the English stays English on a Korean page");
    assert!(ko.contains("리밸런스 완료"), "{ko}");
    assert_eq!(m.text(), en);
    for m in tl.markers() {
        assert!(!m.english().contains('{'), "{}", m.english());
    }
}
