//! Timed actions: the faults and interventions a scenario (or the page) applies, in the format's own names.

use serde::{Deserialize, Serialize};

/// Faults and interventions. Node names are `broker-N`, `producer-N`, `consumer-N`, `controller`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum Action {
    /// The broker process dies (no controlled shutdown).
    CrashBroker { broker: u32 },
    /// The broker starts again with its log.
    RestartBroker { broker: u32 },
    /// Controlled shutdown: leadership moves away first.
    ShutdownBroker { broker: u32 },
    /// Cut the broker off from every other node.
    IsolateBroker { broker: u32 },
    /// Cut the link from one node to another (and back, unless `one_way`).
    CutLink {
        from: String,
        to: String,
        #[serde(default)]
        one_way: bool,
    },
    /// Heal every cut link and isolation.
    Heal,
    /// Delay every fetch this follower sends by `delay_ms`.
    SlowFollower { broker: u32, delay_ms: u64 },
    /// Lose the next `count` produce responses sent to this producer, after the broker appended: the connection
    /// breaks there (TCP loses nothing silently), so every request in flight on it fails with NetworkException.
    DropProduceResponses { producer: u16, count: u32 },
    /// Delay the next `count` produce responses to this producer by `delay_ms`.
    DelayProduceResponses {
        producer: u16,
        count: u32,
        delay_ms: u64,
    },
    /// The broker answers the next `count` produce requests with this retriable error without appending.
    FailProduces {
        broker: u32,
        count: u32,
        error: String,
    },
    /// The consumer process dies: no LeaveGroup, no commit.
    CrashConsumer { consumer: u16 },
    /// `wakeup()` then `close()`: commit (auto-commit) and LeaveGroup.
    CloseConsumer { consumer: u16 },
    /// `wakeup()` alone: the blocked or next poll() throws WakeupException.
    WakeupConsumer { consumer: u16 },
    /// The next record's processing takes this long (slow handler; heartbeats go on).
    SlowProcessing { consumer: u16, ms: u64 },
    /// The whole consumer JVM stops for this long (GC pause; heartbeats stop too).
    PauseConsumer { consumer: u16, ms: u64 },
    /// Restart a crashed or closed consumer (same `group.instance.id` if static).
    RestartConsumer { consumer: u16 },
}

impl Action {
    /// Every action type, as the scenario format names it (`type`).
    pub const KINDS: [&'static str; 16] = [
        "crash_broker",
        "restart_broker",
        "shutdown_broker",
        "isolate_broker",
        "cut_link",
        "heal",
        "slow_follower",
        "drop_produce_responses",
        "delay_produce_responses",
        "fail_produces",
        "crash_consumer",
        "close_consumer",
        "wakeup_consumer",
        "slow_processing",
        "pause_consumer",
        "restart_consumer",
    ];

    /// The action's `type` in the scenario format (e.g. `crash_broker`).
    pub fn kind(&self) -> &'static str {
        match self {
            Action::CrashBroker { .. } => "crash_broker",
            Action::RestartBroker { .. } => "restart_broker",
            Action::ShutdownBroker { .. } => "shutdown_broker",
            Action::IsolateBroker { .. } => "isolate_broker",
            Action::CutLink { .. } => "cut_link",
            Action::Heal => "heal",
            Action::SlowFollower { .. } => "slow_follower",
            Action::DropProduceResponses { .. } => "drop_produce_responses",
            Action::DelayProduceResponses { .. } => "delay_produce_responses",
            Action::FailProduces { .. } => "fail_produces",
            Action::CrashConsumer { .. } => "crash_consumer",
            Action::CloseConsumer { .. } => "close_consumer",
            Action::WakeupConsumer { .. } => "wakeup_consumer",
            Action::SlowProcessing { .. } => "slow_processing",
            Action::PauseConsumer { .. } => "pause_consumer",
            Action::RestartConsumer { .. } => "restart_consumer",
        }
    }

    /// One-line description for the trace and the page.
    pub fn describe(&self) -> String {
        match self {
            Action::CrashBroker { broker } => format!("crash broker-{broker}"),
            Action::RestartBroker { broker } => format!("restart broker-{broker}"),
            Action::ShutdownBroker { broker } => format!("controlled shutdown of broker-{broker}"),
            Action::IsolateBroker { broker } => format!("isolate broker-{broker}"),
            Action::CutLink { from, to, one_way } => {
                format!("cut {from} {} {to}", if *one_way { "->" } else { "<->" })
            }
            Action::Heal => "heal the network".into(),
            Action::SlowFollower { broker, delay_ms } => {
                format!("slow follower broker-{broker} by {delay_ms} ms")
            }
            Action::DropProduceResponses { producer, count } => {
                format!("drop the next {count} produce responses to producer-{producer}")
            }
            Action::DelayProduceResponses {
                producer,
                count,
                delay_ms,
            } => {
                format!("delay the next {count} produce responses to producer-{producer} by {delay_ms} ms")
            }
            Action::FailProduces {
                broker,
                count,
                error,
            } => {
                format!("broker-{broker} fails the next {count} produce requests with {error}")
            }
            Action::CrashConsumer { consumer } => format!("crash consumer-{consumer}"),
            Action::CloseConsumer { consumer } => format!("wakeup() + close() consumer-{consumer}"),
            Action::WakeupConsumer { consumer } => format!("wakeup() consumer-{consumer}"),
            Action::SlowProcessing { consumer, ms } => {
                format!("consumer-{consumer} handler takes {ms} ms")
            }
            Action::PauseConsumer { consumer, ms } => {
                format!("consumer-{consumer} pauses (GC) for {ms} ms")
            }
            Action::RestartConsumer { consumer } => format!("restart consumer-{consumer}"),
        }
    }
}

impl Action {
    /// A new action of this kind as the editor's timeline adds it, aimed at the first broker, producer or consumer;
    /// `None` for an unknown kind.
    pub fn example(kind: &str) -> Option<Action> {
        Some(match kind {
            "crash_broker" => Action::CrashBroker { broker: 1 },
            "restart_broker" => Action::RestartBroker { broker: 1 },
            "shutdown_broker" => Action::ShutdownBroker { broker: 1 },
            "isolate_broker" => Action::IsolateBroker { broker: 1 },
            "cut_link" => Action::CutLink {
                from: "broker-1".into(),
                to: "broker-2".into(),
                one_way: false,
            },
            "heal" => Action::Heal,
            "slow_follower" => Action::SlowFollower {
                broker: 1,
                delay_ms: 5000,
            },
            "drop_produce_responses" => Action::DropProduceResponses {
                producer: 0,
                count: 1,
            },
            "delay_produce_responses" => Action::DelayProduceResponses {
                producer: 0,
                count: 1,
                delay_ms: 1000,
            },
            "fail_produces" => Action::FailProduces {
                broker: 1,
                count: 1,
                error: "NOT_LEADER_OR_FOLLOWER".into(),
            },
            "crash_consumer" => Action::CrashConsumer { consumer: 0 },
            "close_consumer" => Action::CloseConsumer { consumer: 0 },
            "wakeup_consumer" => Action::WakeupConsumer { consumer: 0 },
            "slow_processing" => Action::SlowProcessing {
                consumer: 0,
                ms: 1000,
            },
            "pause_consumer" => Action::PauseConsumer {
                consumer: 0,
                ms: 1000,
            },
            "restart_consumer" => Action::RestartConsumer { consumer: 0 },
            _ => return None,
        })
    }
}
