//! Goal: every request type is read from the shapes docs/embed.md gives; anything else of ours is answered with an
//! error that names the problem; other scripts' messages are ignored; only the named origin may change the run.

use super::*;

fn req(v: Value) -> Command {
    match parse(&v) {
        Incoming::Request { command, .. } => command,
        other => panic!("{v} should be a request, got {other:?}"),
    }
}

fn error_of(v: Value) -> String {
    match parse(&v) {
        Incoming::Bad { error, .. } => error,
        other => panic!("{v} should be refused, got {other:?}"),
    }
}

#[test]
fn every_request_type_reads() {
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": 1, "type": "play"})),
        Command::Play
    );
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": "a", "type": "pause"})),
        Command::Pause
    );
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": 2, "type": "step"})),
        Command::Step { back: false }
    );
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": 2, "type": "step", "back": true})),
        Command::Step { back: true }
    );
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": 3, "type": "seek", "t_ms": 1500})),
        Command::Seek { t_ms: 1500.0 }
    );
    match req(json!({"kafkaPlayground": 1, "id": 4, "type": "load", "preset": "quickstart"})) {
        Command::Load(l) => assert_eq!(l.preset.as_deref(), Some("quickstart")),
        c => panic!("{c:?}"),
    }
    let scenario = serde_json::to_value(crate::scenario::presets::default_scenario()).unwrap();
    match req(json!({"kafkaPlayground": 1, "id": 4, "type": "load", "scenario": scenario})) {
        Command::Load(l) => assert!(l.scenario.is_some()),
        c => panic!("{c:?}"),
    }
    assert_eq!(
        req(
            json!({"kafkaPlayground": 1, "id": 5, "type": "apply", "edits": ["producers.acks=all"]})
        ),
        Command::Apply {
            edits: vec!["producers.acks=all".into()]
        }
    );
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": 6, "type": "intervene",
                   "action": {"type": "crash_broker", "broker": 1}})),
        Command::Intervene {
            action: Action::CrashBroker { broker: 1 }
        }
    );
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": 7, "type": "getState"})),
        Command::GetState
    );
    assert_eq!(
        req(json!({"kafkaPlayground": 1, "id": 8, "type": "getReport"})),
        Command::GetReport
    );
    assert_eq!(
        req(
            json!({"kafkaPlayground": 1, "id": 9, "type": "subscribe", "events": ["time", "traceEvent", "ledger", "ended"]})
        ),
        Command::Subscribe {
            events: vec![
                EventKind::Time,
                EventKind::TraceEvent,
                EventKind::Ledger,
                EventKind::Ended
            ]
        }
    );
}

#[test]
fn other_scripts_messages_are_not_ours() {
    for v in [
        json!(null),
        json!("play"),
        json!({"type": "play", "id": 1}),
        json!({"kafkaPlayground": 2, "type": "play", "id": 1}),
        json!({"kafkaPlayground": "1", "type": "play", "id": 1}),
        json!([1, 2]),
    ] {
        assert_eq!(parse(&v), Incoming::NotOurs, "{v}");
    }
}

#[test]
fn malformed_messages_are_refused_with_what_is_wrong() {
    assert!(error_of(json!({"kafkaPlayground": 1, "type": "play"})).contains("`id` is missing"));
    assert!(
        error_of(json!({"kafkaPlayground": 1, "id": {}, "type": "play"})).contains("`id` must be")
    );
    assert!(error_of(json!({"kafkaPlayground": 1, "id": 1})).contains("`type` is missing"));
    let e = error_of(json!({"kafkaPlayground": 1, "id": 1, "type": "explode"}));
    assert!(
        e.contains("unknown type `explode`") && e.contains("getReport"),
        "{e}"
    );
    let e = error_of(json!({"kafkaPlayground": 1, "id": 1, "type": "seek", "t_ms": "abc"}));
    assert!(e.contains("`t_ms`, a number"), "{e}");
    let e = error_of(
        json!({"kafkaPlayground": 1, "id": 1, "type": "apply", "edits": "producers.acks=all"}),
    );
    assert!(
        e.contains("bad `apply` message") && e.contains("invalid type"),
        "{e}"
    );
    let e = error_of(json!({"kafkaPlayground": 1, "id": 1, "type": "seek"}));
    assert!(e.contains("t_ms"), "{e}");
    let e = error_of(json!({"kafkaPlayground": 1, "id": 1, "type": "seek", "t_ms": -5}));
    assert!(e.contains("≥ 0"), "{e}");
    let e = error_of(json!({"kafkaPlayground": 1, "id": 1, "type": "load"}));
    assert!(e.contains("exactly one"), "{e}");
    let e = error_of(
        json!({"kafkaPlayground": 1, "id": 1, "type": "load", "preset": "a", "fragment": "b"}),
    );
    assert!(e.contains("exactly one"), "{e}");
    let e = error_of(
        json!({"kafkaPlayground": 1, "id": 1, "type": "intervene", "action": {"type": "nuke"}}),
    );
    assert!(e.contains("bad `intervene` message"), "{e}");
    let e = error_of(
        json!({"kafkaPlayground": 1, "id": 1, "type": "subscribe", "events": ["weather"]}),
    );
    assert!(e.contains("weather"), "{e}");
    // The id is echoed when it was usable.
    match parse(&json!({"kafkaPlayground": 1, "id": 42, "type": "nope"})) {
        Incoming::Bad { id, .. } => assert_eq!(id, json!(42)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_the_named_origin_changes_the_run_and_anyone_reads() {
    let host = "http://127.0.0.1:9000";
    for c in [
        Command::GetState,
        Command::GetReport,
        Command::Subscribe { events: vec![] },
    ] {
        assert_eq!(permitted(&c, "http://evil.example", None), Ok(()));
        assert_eq!(permitted(&c, "http://evil.example", Some(host)), Ok(()));
    }
    for c in [
        Command::Play,
        Command::Pause,
        Command::Step { back: false },
        Command::Seek { t_ms: 0.0 },
        Command::Apply { edits: vec![] },
        Command::Intervene {
            action: Action::Heal,
        },
    ] {
        assert_eq!(permitted(&c, host, Some(host)), Ok(()));
        let e = permitted(&c, "http://evil.example", Some(host)).unwrap_err();
        assert!(
            e.contains("origin http://evil.example") && e.contains(host),
            "{e}"
        );
        assert!(permitted(&c, host, None).unwrap_err().contains("origin="));
    }
}

#[test]
fn answers_and_events_carry_the_tag() {
    assert_eq!(
        reply_ok(&json!(3), json!({"a": 1})),
        json!({"kafkaPlayground": 1, "id": 3, "ok": true, "result": {"a": 1}})
    );
    assert_eq!(
        reply_err(&json!("x"), "no"),
        json!({"kafkaPlayground": 1, "id": "x", "ok": false, "error": "no"})
    );
    assert_eq!(
        event("time", json!({"t_ms": 5})),
        json!({"kafkaPlayground": 1, "event": "time", "data": {"t_ms": 5}})
    );
}

#[test]
fn hostile_text_is_refused_not_followed() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    match parse_text(&deep) {
        Incoming::Bad { error, .. } => {
            assert!(error.contains("could not be read as JSON"), "{error}")
        }
        other => panic!("{other:?}"),
    }
    let huge = format!(
        "{{\"kafkaPlayground\":1,\"id\":1,\"type\":\"play\",\"pad\":\"{}\"}}",
        "x".repeat(MAX_MESSAGE_BYTES)
    );
    assert!(matches!(parse_text(&huge), Incoming::Bad { .. }));
    assert_eq!(
        parse_text(r#"{"kafkaPlayground":1,"id":1,"type":"play"}"#),
        Incoming::Request {
            id: json!(1),
            command: Command::Play
        }
    );
}

#[test]
fn an_opaque_origin_never_changes_the_run() {
    let e = permitted(&Command::Play, "null", Some("null")).unwrap_err();
    assert!(e.contains("opaque origin"), "{e}");
    assert_eq!(permitted(&Command::GetState, "null", Some("null")), Ok(()));
}

#[test]
fn the_hand_reader_reads_as_the_derived_deserialize_would() {
    // `command_of` replaced `serde_json::from_value::<Command>` (derived, tests only now): same commands, same errors.
    let scenario =
        serde_json::to_value(crate::scenario::presets::default_scenario()).expect("json");
    let cases = [
        json!({"type": "play", "extra": [1]}),
        json!({"type": "pause"}),
        json!({"type": "step"}),
        json!({"type": "step", "back": true}),
        json!({"type": "step", "back": "yes"}),
        json!({"type": "step", "back": null}),
        json!({"type": "seek", "t_ms": 12}),
        json!({"type": "seek", "t_ms": 1.5}),
        json!({"type": "load", "preset": "quickstart"}),
        json!({"type": "load", "preset": null, "fragment": "preset=quickstart&t=5"}),
        json!({"type": "load", "preset": 5, "fragment": 6}),
        json!({"type": "load", "preset": 5, "scenario": {"seed": "x"}}),
        json!({"type": "load", "scenario": scenario}),
        json!({"type": "load", "scenario": {"seed": 1}}),
        json!({"type": "load", "scenario": []}),
        json!({"type": "load", "scenario": "x"}),
        json!({"type": "load", "scenario": {"seed": 1, "topics": [{"name": "t", "partitions": 1.5}]}}),
        json!({"type": "load", "scenario": {"seed": 1, "nope": true}}),
        json!({"type": "load", "scenario": {"seed": 1, "actions": [{"at_ms": 5, "action": {"type": "nuke"}}]}}),
        json!({"type": "load", "scenario": {"seed": 1, "producers": [{"workload": {"keys": {"cycle": {"prefix": 3}}}}]}}),
        json!({"type": "load", "scenario": {"seed": 1, "run_ms": -1, "title": "a \"quoted\" line\n"}}),
        json!({"type": "load"}),
        json!({"type": "apply", "edits": ["producers.acks=all"]}),
        json!({"type": "apply", "edits": "producers.acks=all"}),
        json!({"type": "apply", "edits": [1]}),
        json!({"type": "apply", "edits": null}),
        json!({"type": "apply"}),
        json!({"type": "intervene", "action": {"type": "crash_broker", "broker": 1}}),
        json!({"type": "intervene", "action": {"type": "nuke"}}),
        json!({"type": "intervene", "action": {"type": "crash_broker"}}),
        json!({"type": "intervene", "action": 3}),
        json!({"type": "intervene"}),
        json!({"type": "getState"}),
        json!({"type": "getReport"}),
        json!({"type": "subscribe", "events": ["time", "traceEvent", "ledger", "ended"]}),
        json!({"type": "subscribe", "events": ["weather"]}),
        json!({"type": "subscribe", "events": {}}),
        json!({"type": "unsubscribe", "events": []}),
        json!({"type": "unsubscribe"}),
    ];
    for v in cases {
        let kind = v["type"].as_str().expect("type");
        let derived = serde_json::from_value::<Command>(v.clone()).map_err(|e| e.to_string());
        let by_hand = command_of(kind, &v).map_err(|e| e.to_string());
        assert_eq!(by_hand, derived, "{v}");
    }
}

/// Every type the protocol names is one `command_of` reads: a kind added to `TYPES` and `Command` but not to the hand
/// reader would otherwise be refused at run time as an unknown variant with every other test passing.
#[test]
fn every_named_type_has_a_reader() {
    for kind in TYPES {
        if let Err(e) = command_of(kind, &serde_json::json!({})) {
            assert!(!e.to_string().contains("unknown variant"), "{kind}: {e}");
        }
    }
}
