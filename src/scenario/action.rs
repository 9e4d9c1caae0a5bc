//! Timed actions: the faults and interventions a scenario (or the page) applies, in the format's own names.

use crate::i18n::{key, Lang, Words};
use serde::{Deserialize, Serialize};

/// The catalogue keys of the actions' descriptions, the more specific first.
const ACTION_KEYS: &[&str] = &[
    "action.crash_broker",
    "action.restart_broker",
    "action.shutdown_broker",
    "action.isolate_broker",
    "action.cut_link",
    "action.heal",
    "action.slow_follower",
    "action.delay_produce_responses",
    "action.drop_produce_responses",
    "action.fail_produces",
    "action.crash_consumer",
    "action.close_consumer",
    "action.wakeup_consumer",
    "action.slow_processing",
    "action.pause_consumer",
    "action.restart_consumer",
];

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

    /// One-line description for the trace (English: the trace hash covers it) and, translated, for the page.
    pub fn describe(&self) -> String {
        self.words().text_in(Lang::En)
    }

    /// The description as catalogue words (`action.*`), to show in the page's language.
    pub fn words(&self) -> Words {
        match self {
            Action::CrashBroker { broker } => {
                Words::new(key("action.crash_broker"), &[("broker", broker)])
            }
            Action::RestartBroker { broker } => {
                Words::new(key("action.restart_broker"), &[("broker", broker)])
            }
            Action::ShutdownBroker { broker } => {
                Words::new(key("action.shutdown_broker"), &[("broker", broker)])
            }
            Action::IsolateBroker { broker } => {
                Words::new(key("action.isolate_broker"), &[("broker", broker)])
            }
            Action::CutLink { from, to, one_way } => Words::new(
                key("action.cut_link"),
                &[
                    ("from", from),
                    ("arrow", &if *one_way { "->" } else { "<->" }),
                    ("to", to),
                ],
            ),
            Action::Heal => Words::new(key("action.heal"), &[]),
            Action::SlowFollower { broker, delay_ms } => Words::new(
                key("action.slow_follower"),
                &[("broker", broker), ("delay_ms", delay_ms)],
            ),
            Action::DropProduceResponses { producer, count } => Words::new(
                key("action.drop_produce_responses"),
                &[("count", count), ("producer", producer)],
            ),
            Action::DelayProduceResponses {
                producer,
                count,
                delay_ms,
            } => Words::new(
                key("action.delay_produce_responses"),
                &[
                    ("count", count),
                    ("producer", producer),
                    ("delay_ms", delay_ms),
                ],
            ),
            Action::FailProduces {
                broker,
                count,
                error,
            } => Words::new(
                key("action.fail_produces"),
                &[("broker", broker), ("count", count), ("error", error)],
            ),
            Action::CrashConsumer { consumer } => {
                Words::new(key("action.crash_consumer"), &[("consumer", consumer)])
            }
            Action::CloseConsumer { consumer } => {
                Words::new(key("action.close_consumer"), &[("consumer", consumer)])
            }
            Action::WakeupConsumer { consumer } => {
                Words::new(key("action.wakeup_consumer"), &[("consumer", consumer)])
            }
            Action::SlowProcessing { consumer, ms } => Words::new(
                key("action.slow_processing"),
                &[("consumer", consumer), ("ms", ms)],
            ),
            Action::PauseConsumer { consumer, ms } => Words::new(
                key("action.pause_consumer"),
                &[("consumer", consumer), ("ms", ms)],
            ),
            Action::RestartConsumer { consumer } => {
                Words::new(key("action.restart_consumer"), &[("consumer", consumer)])
            }
        }
    }

    /// The words of an action the trace names by its English description (`ActionApplied`), for the page; a text
    /// that is no action's stays as it is.
    pub fn words_of(description: &str) -> Words {
        Words::recognise(description, ACTION_KEYS).unwrap_or_else(|| Words::plain(description))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trace_text_of_every_action_reads_back_as_its_words_in_both_languages() {
        for kind in Action::KINDS {
            let a = Action::example(kind).expect("every kind has an example");
            let english = a.describe();
            assert_eq!(Action::words_of(&english), a.words(), "{english}");
            let korean = a.words().text_in(Lang::Ko);
            assert_ne!(korean, english, "{kind} is not translated");
            assert!(!korean.contains('{'), "{korean}");
        }
        let one_way = Action::CutLink {
            from: "broker-1".into(),
            to: "controller".into(),
            one_way: true,
        };
        assert_eq!(one_way.describe(), "cut broker-1 -> controller");
        assert_eq!(Action::words_of(&one_way.describe()), one_way.words());
        assert_eq!(
            Action::words_of("no such action"),
            Words::plain("no such action")
        );
    }
}
