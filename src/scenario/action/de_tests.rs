//! Goal: the hand-written `Deserialize` of `Action` accepts and refuses exactly what the derive did, with the same
//! words and, inside a document, at the same line and column.

use super::Action;
use serde::{Deserialize, Serialize};

/// `Action` as it was declared, with the derive (same name: the derive's words name the enum).
mod twin {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    #[allow(dead_code)]
    pub enum Action {
        CrashBroker {
            broker: u32,
        },
        RestartBroker {
            broker: u32,
        },
        ShutdownBroker {
            broker: u32,
        },
        IsolateBroker {
            broker: u32,
        },
        CutLink {
            from: String,
            to: String,
            #[serde(default)]
            one_way: bool,
        },
        Heal,
        SlowFollower {
            broker: u32,
            delay_ms: u64,
        },
        DropProduceResponses {
            producer: u16,
            count: u32,
        },
        DelayProduceResponses {
            producer: u16,
            count: u32,
            delay_ms: u64,
        },
        FailProduces {
            broker: u32,
            count: u32,
            error: String,
        },
        CrashConsumer {
            consumer: u16,
        },
        CloseConsumer {
            consumer: u16,
        },
        WakeupConsumer {
            consumer: u16,
        },
        SlowProcessing {
            consumer: u16,
            ms: u64,
        },
        PauseConsumer {
            consumer: u16,
            ms: u64,
        },
        RestartConsumer {
            consumer: u16,
        },
    }
}
use twin::Action as Derived;

/// Both readers' results as JSON text of what was read, or the error's words.
fn both<A: Serialize, B: Serialize>(
    a: Result<A, serde_json::Error>,
    b: Result<B, serde_json::Error>,
) -> (String, String) {
    let show = |r: Result<serde_json::Value, serde_json::Error>| match r {
        Ok(v) => v.to_string(),
        Err(e) => format!("error: {e}"),
    };
    (
        show(a.and_then(serde_json::to_value)),
        show(b.and_then(serde_json::to_value)),
    )
}

const ACTIONS: &[&str] = &[
    r#"{"type": "crash_broker", "broker": 1}"#,
    r#"{"broker": 1, "type": "restart_broker"}"#,
    r#"{"type": "shutdown_broker", "broker": 4294967295}"#,
    r#"{"type": "isolate_broker", "broker": 4294967296}"#,
    r#"{"type": "cut_link", "from": "broker-1", "to": "broker-2"}"#,
    r#"{"type": "cut_link", "from": "broker-1", "to": "broker-2", "one_way": true}"#,
    r#"{"type": "cut_link", "from": "broker-1", "to": "broker-2", "one_way": "no"}"#,
    r#"{"type": "cut_link", "from": "a", "to": "b", "one_way": null}"#,
    r#"{"type": "cut_link", "to": "b"}"#,
    r#"{"type": "cut_link", "from": 1, "bogus": 2}"#,
    r#"{"type": "cut_link", "bogus": 2, "from": 1}"#,
    r#"{"type": "heal"}"#,
    r#"{"type": "heal", "extra": 1, "more": [1, {"a": 2}]}"#,
    r#"{"type": "slow_follower", "broker": 1, "delay_ms": 18446744073709551615}"#,
    r#"{"type": "slow_follower", "broker": 1, "delay_ms": 1.5}"#,
    r#"{"type": "slow_follower", "delay_ms": -3}"#,
    r#"{"type": "drop_produce_responses", "producer": 0, "count": 2}"#,
    r#"{"type": "drop_produce_responses", "producer": 70000, "count": 2}"#,
    r#"{"type": "delay_produce_responses", "producer": 0, "count": 1, "delay_ms": 900}"#,
    r#"{"type": "delay_produce_responses", "producer": 0, "count": 1}"#,
    r#"{"type": "fail_produces", "broker": 1, "count": 3, "error": "NOT_LEADER_OR_FOLLOWER"}"#,
    r#"{"type": "fail_produces", "broker": 1, "count": 3, "error": 7}"#,
    r#"{"type": "crash_consumer", "consumer": 2}"#,
    r#"{"type": "close_consumer", "consumer": null}"#,
    r#"{"type": "close_consumer", "consumer": 3}"#,
    r#"{"type": "wakeup_consumer", "consumer": 65535}"#,
    r#"{"type": "pause_consumer", "consumer": 1, "ms": 2}"#,
    r#"{"type": "restart_consumer", "consumer": 0}"#,
    r#"{"type": "wakeup_consumer", "consumer": "1"}"#,
    r#"{"type": "slow_processing", "consumer": 0, "ms": 5000}"#,
    r#"{"type": "pause_consumer", "consumer": 0, "ms": {}}"#,
    r#"{"type": "restart_consumer", "consumer": 0, "consumer": 1}"#,
    r#"{"type": "crash_broker", "broker": 1, "type": "heal"}"#,
    r#"{"type": "crash_broker", "broker": 1, "other": 2}"#,
    r#"{"type": "nuke"}"#,
    r#"{"type": "nuke", "broker": "x"}"#,
    r#"{"broker": "x", "type": "nuke"}"#,
    r#"{"broker": 1}"#,
    r#"{}"#,
    r#"{"type": 5}"#,
    r#"{"type": null, "broker": 1}"#,
    r#"{"type": "Crash_Broker"}"#,
    r#"3"#,
    r#"null"#,
    r#""crash_broker""#,
    r#"true"#,
    r#"[]"#,
    r#"["crash_broker", 1]"#,
    r#"["crash_broker"]"#,
    r#"["crash_broker", 1, 2]"#,
    r#"["crash_broker", "x"]"#,
    r#"["cut_link", "a", "b"]"#,
    r#"["cut_link", "a", "b", true]"#,
    r#"["cut_link", "a", "b", true, 5, 6]"#,
    r#"["cut_link", "a"]"#,
    r#"["heal"]"#,
    r#"["heal", 1, 2]"#,
    r#"["delay_produce_responses", 0, 1]"#,
    r#"["nuke", 1]"#,
    r#"[5]"#,
    r#"{"type": "crash_broker", "broker": 1"#,
    r#"{"type": "crash_broker", "broker": }"#,
];

#[test]
fn reads_every_document_as_the_derive_did() {
    for text in ACTIONS {
        let (got, want) = both(
            serde_json::from_str::<Action>(text),
            serde_json::from_str::<Derived>(text),
        );
        assert_eq!(got, want, "{text}");
        // Inside a document: the error's line and column too.
        let doc = format!("[\n  {{\"pad\": 1}},\n  {text}\n]");
        #[derive(Serialize, Deserialize)]
        struct Any(serde_json::Value);
        let (got, want) = both(
            serde_json::from_str::<(Any, Action)>(&doc),
            serde_json::from_str::<(Any, Derived)>(&doc),
        );
        assert_eq!(got, want, "{doc}");
        // From a `Value`, where the text is one.
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text) {
            let (got, want) = both(
                serde_json::from_value::<Action>(v.clone()),
                serde_json::from_value::<Derived>(v),
            );
            assert_eq!(got, want, "{text} as a Value");
        }
    }
}
