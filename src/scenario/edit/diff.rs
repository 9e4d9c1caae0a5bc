//! What differs between two scenarios, in the format's own paths: the page shows it under "custom, from preset X".

use crate::scenario::Scenario;
use serde_json::Value;

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "(unset)".into(),
        other => {
            let s = other.to_string();
            if s.chars().count() > 60 {
                format!("{}…", s.chars().take(59).collect::<String>())
            } else {
                s
            }
        }
    }
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    // An empty map is left out of the JSON: compare it as empty.
    let empty = Value::Object(Default::default());
    let (a, b) = match (a, b) {
        (Value::Null, Value::Object(_)) => (&empty, b),
        (Value::Object(_), Value::Null) => (a, &empty),
        _ => (a, b),
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            crate::kafka::sort::sort(&mut keys);
            keys.dedup();
            for k in keys {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(
                    &p,
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y))
            if x.len() == y.len() || x.iter().chain(y).all(Value::is_object) =>
        {
            for i in 0..x.len().max(y.len()) {
                let p = format!("{path}[{i}]");
                match (x.get(i), y.get(i)) {
                    (Some(a), Some(b)) => walk(&p, a, b, out),
                    (None, Some(_)) => out.push(format!("{p}: added")),
                    (Some(_), None) => out.push(format!("{p}: removed")),
                    (None, None) => {}
                }
            }
        }
        (a, b) if a != b => out.push(format!("{path}: {} → {}", short(a), short(b))),
        _ => {}
    }
}

/// One line per changed value (`producers[0].config.acks: (unset) → 1`), in path order; timed actions are listed
/// as added or removed in the timeline's words (`timeline: + 500 ms crash broker-1`).
pub fn differences(from: &Scenario, to: &Scenario) -> Vec<String> {
    let strip = |s: &Scenario| Scenario {
        actions: Vec::new(),
        ..s.clone()
    };
    let (Some(a), Some(b)) = (
        crate::scenario::json::value(&strip(from)),
        crate::scenario::json::value(&strip(to)),
    ) else {
        return vec!["(the scenarios could not be compared)".into()];
    };
    let mut out = Vec::new();
    walk("", &a, &b, &mut out);
    let line = |a: &crate::scenario::TimedAction| format!("{} ms {}", a.at_ms, a.action.describe());
    let mut left: Vec<String> = from.actions.iter().map(line).collect();
    for a in to.actions.iter().map(line) {
        match left.iter().position(|l| *l == a) {
            Some(i) => drop(left.remove(i)),
            None => out.push(format!("timeline: + {a}")),
        }
    }
    out.extend(left.into_iter().map(|l| format!("timeline: − {l}")));
    out
}

#[cfg(test)]
mod tests {
    //! Goal: each edit shows up as one line naming its path, old and new value.
    use super::*;
    use crate::scenario::presets;

    #[test]
    fn lists_each_change() {
        let a = presets::default_scenario();
        assert!(differences(&a, &a).is_empty());
        let mut b = a.clone();
        b.producers[0].config.insert("acks".into(), "1".into());
        b.cluster.brokers = 5;
        b.consumer_groups[0].members.push(Default::default());
        let d = differences(&a, &b);
        assert!(
            d.contains(&"producers[0].config.acks: (unset) → 1".to_string()),
            "{d:?}"
        );
        assert!(d.contains(&"cluster.brokers: 3 → 5".to_string()), "{d:?}");
        assert!(
            d.iter()
                .any(|l| l.starts_with("consumer_groups[0].members[") && l.ends_with("added")),
            "{d:?}"
        );
        assert_eq!(d.len(), 3, "{d:?}");
        b.actions.push(crate::scenario::TimedAction {
            at_ms: 500,
            action: crate::scenario::Action::CrashBroker { broker: 1 },
        });
        let d = differences(&a, &b);
        assert!(
            d.contains(&"timeline: + 500 ms crash broker-1".to_string()),
            "{d:?}"
        );
        assert_eq!(
            differences(&b, &a).last().map(String::as_str),
            Some("timeline: − 500 ms crash broker-1")
        );
    }
}
