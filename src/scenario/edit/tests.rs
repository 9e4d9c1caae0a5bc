//! Goal: the editor refuses exactly what a run would refuse, next to the right field, keeps what was typed, and can
//! rebuild every preset from the default scenario with field edits alone.
use super::*;
use crate::scenario::codec::{parse_fragment, to_fragment, ViewOptions};
use crate::scenario::{presets, KeySpec};

fn draft() -> Draft {
    Draft::new(presets::default_scenario())
}

#[test]
fn bad_value_is_refused_beside_its_field_and_kept() {
    let mut d = draft();
    d.input("producer-0-linger.ms", "-1");
    assert!(d.apply().is_err());
    assert_eq!(
        d.errors.get("producer-0-linger.ms").map(String::as_str),
        Some("Invalid value -1 for configuration linger.ms: Value must be at least 0")
    );
    assert_eq!(d.text("producer-0-linger.ms"), "-1", "the typed text stays");
    assert_eq!(
        d.applied,
        presets::default_scenario(),
        "what runs is unchanged"
    );
    // Typing again clears that field's error; a good value applies.
    d.input("producer-0-linger.ms", "20");
    assert!(d.errors.is_empty());
    let s = d.apply().expect("valid");
    assert_eq!(s.producers[0].config["linger.ms"], "20");
    assert!(!d.dirty());
}

#[test]
fn unstorable_text_is_refused_on_apply() {
    let mut d = draft();
    d.input("cluster-brokers", "lots");
    assert_eq!(d.text("cluster-brokers"), "lots");
    assert!(d.apply().is_err());
    let e = &d.errors["cluster-brokers"];
    assert!(
        e.starts_with("Invalid value lots for configuration brokers"),
        "{e}"
    );
    d.input("cluster-brokers", "33");
    assert!(d.apply().is_err());
    assert!(
        d.errors["cluster-brokers"].contains("no more than 32"),
        "names the limit"
    );
}

#[test]
fn cross_field_errors_name_the_field() {
    let mut d = draft();
    d.input("topic-0-replication_factor", "4");
    assert!(d.apply().is_err());
    let e = &d.errors["topic-0-replication_factor"];
    assert!(
        e.contains("Invalid value 4 for configuration replication_factor"),
        "{e}"
    );
    assert!(e.contains("InvalidReplicationFactorException"), "{e}");

    let mut d = draft();
    d.input("producer-0-acks", "1");
    d.input("producer-0-enable.idempotence", "true");
    assert!(d.apply().is_err());
    assert!(
        d.errors["producer-0-acks"].contains("idempotent producer"),
        "{:?}",
        d.errors
    );

    let mut d = draft();
    d.add_topic();
    d.remove(Scope::Topic(0));
    assert!(d.apply().is_err());
    assert!(
        d.errors["producer-0-topic"].contains("unknown topic"),
        "{:?}",
        d.errors
    );
    assert!(d.errors.contains_key("group-0-topics") || d.errors.contains_key("producer-0-topic"));

    let mut d = draft();
    d.input("group-0-heartbeat.interval.ms", "50000");
    assert!(d.apply().is_err());
    assert!(d.errors["group-0-heartbeat.interval.ms"].contains("lower than the session timeout"));

    let mut d = draft();
    d.input("topic-0-partitions", "4000");
    d.add_topic();
    d.input("topic-1-partitions", "200");
    assert!(d.apply().is_err());
    assert!(
        d.error
            .as_deref()
            .unwrap_or("")
            .contains("at most 4096 partitions"),
        "{:?}",
        d.error
    );

    let mut d = draft();
    d.add_action("crash_broker", 100).expect("known kind");
    d.input("action-0-broker", "7");
    assert!(d.apply().is_err());
    assert!(
        d.errors["action-0-type"].contains("no broker-7"),
        "{:?}",
        d.errors
    );
    assert!(d.add_action("explode", 1).is_err());
}

#[test]
fn member_errors_blame_the_member_only_for_its_own_keys() {
    let mut d = draft();
    // The member's own session.timeout.ms breaks the group's heartbeat.interval.ms: the group's key is blamed, and
    // the message names the member's value.
    d.input("group-0-member-0-session.timeout.ms", "1000");
    assert!(d.apply().is_err());
    assert!(
        d.errors["group-0-heartbeat.interval.ms"].contains("session.timeout.ms = 1000"),
        "{:?}",
        d.errors
    );
    let mut d = draft();
    d.input("group-0-member-1-heartbeat.interval.ms", "60000");
    assert!(d.apply().is_err());
    assert!(
        d.errors
            .contains_key("group-0-member-1-heartbeat.interval.ms"),
        "{:?}",
        d.errors
    );
}

#[test]
fn removing_forgets_the_moved_fields() {
    let mut d = draft();
    d.add_producer();
    d.input("producer-1-count", "many");
    d.input("producer-0-count", "oops");
    d.remove(Scope::Producer(0));
    assert_eq!(d.scenario.producers.len(), 1);
    assert_eq!(
        d.text("producer-0-count"),
        d.scenario.producers[0].workload.count.to_string()
    );
    d.apply().expect("nothing bad is left");
}

#[test]
fn interventions_join_the_draft_and_the_timeline_is_in_time_order() {
    let mut d = draft();
    d.add_action("heal", 5000).expect("kind");
    d.intervened(TimedAction {
        at_ms: 1200,
        action: Action::CrashBroker { broker: 2 },
    });
    assert_eq!(d.applied.actions.len(), 1);
    let order: Vec<u64> = d.timeline().iter().map(|(_, a)| a.at_ms).collect();
    assert_eq!(order, vec![1200, 5000]);
    let crash = d.timeline()[0].0;
    d.remove(Scope::Action(crash));
    let s = d.apply().expect("valid");
    assert_eq!(s.actions.len(), 1);
    assert_eq!(s.actions[0].action, Action::Heal);
}

/// Field edits that turn the default scenario into `target`, using only what the page offers: add / remove,
/// field inputs, member counts and timeline entries.
fn rebuild(target: &Scenario) -> Draft {
    let mut d = draft();
    let s = |d: &mut Draft, id: String, v: String| {
        // Only what the page offers a row for: scenario fields, catalog properties, and for a member its start
        // time and group.instance.id.
        let f = Field::parse(&id).expect("a field id");
        match f.scope {
            Scope::Member(..) => assert!(
                ["start_ms", "group.instance.id"].contains(&f.key.as_str()),
                "{id}"
            ),
            _ if f.is_property() => assert!(f.def().is_some(), "{id}: no row on the page"),
            _ => {}
        }
        d.input(&id, &v);
        assert!(!d.texts.contains_key(&id), "{id}={v} was not stored");
    };
    // Make room first: a larger cluster, then topics, producers, groups.
    s(
        &mut d,
        "cluster-brokers".into(),
        target.cluster.brokers.to_string(),
    );
    while d.scenario.topics.len() < target.topics.len() {
        d.add_topic();
    }
    while d.scenario.topics.len() > target.topics.len() {
        d.remove(Scope::Topic(d.scenario.topics.len() - 1));
    }
    while d.scenario.producers.len() < target.producers.len() {
        d.add_producer();
    }
    while d.scenario.producers.len() > target.producers.len() {
        d.remove(Scope::Producer(d.scenario.producers.len() - 1));
    }
    while d.scenario.consumer_groups.len() < target.consumer_groups.len() {
        d.add_group();
    }
    while d.scenario.consumer_groups.len() > target.consumer_groups.len() {
        d.remove(Scope::Group(d.scenario.consumer_groups.len() - 1));
    }
    while !d.scenario.actions.is_empty() {
        d.remove(Scope::Action(0));
    }
    let mut ids: Vec<(String, String)> = Vec::new();
    let get = |sc: Scope, k: &str| field::get(target, &Field::new(sc, k)).unwrap_or_default();
    let scope_fields = |sc: Scope, ids: &mut Vec<(String, String)>| {
        for k in sc.fields() {
            if let Some(v) = field::get(target, &Field::new(sc, k)) {
                ids.push((Field::new(sc, k).id(), v));
            }
        }
        if let Some(p) = sc.props(target) {
            for (k, v) in p {
                ids.push((Field::new(sc, k).id(), v.clone()));
            }
        }
    };
    scope_fields(Scope::Run, &mut ids);
    scope_fields(Scope::Cluster, &mut ids);
    for i in 0..target.topics.len() {
        scope_fields(Scope::Topic(i), &mut ids);
    }
    for i in 0..target.producers.len() {
        // The key mode first: its sub-fields exist only once it is chosen.
        ids.push((
            Field::new(Scope::Producer(i), "keys").id(),
            get(Scope::Producer(i), "keys"),
        ));
        scope_fields(Scope::Producer(i), &mut ids);
    }
    for (g, group) in target.consumer_groups.iter().enumerate() {
        scope_fields(Scope::Group(g), &mut ids);
        for m in 0..group.members.len() {
            scope_fields(Scope::Member(g, m), &mut ids);
        }
    }
    for (id, v) in &ids {
        if id.ends_with("-members") {
            s(&mut d, id.clone(), v.clone());
        }
    }
    for (id, v) in ids {
        s(&mut d, id, v);
    }
    // Default props that the target leaves unset must be unset here too.
    for (i, a) in target.actions.iter().enumerate() {
        d.add_action(a.action.kind(), 0)
            .expect("every kind can be added");
        let v = serde_json::to_value(&a.action).expect("serializes");
        for (k, val) in v.as_object().expect("object") {
            if k != "type" {
                let text = val
                    .as_str()
                    .map(String::from)
                    .unwrap_or_else(|| val.to_string());
                s(&mut d, format!("action-{i}-{k}"), text);
            }
        }
        s(&mut d, format!("action-{i}-at_ms"), a.at_ms.to_string());
    }
    d
}

#[test]
fn every_preset_can_be_rebuilt_from_the_default_by_editing() {
    for (name, target) in presets::all() {
        let mut d = rebuild(&target);
        let got = d
            .apply()
            .unwrap_or_else(|_| panic!("{name}: {:?} {:?}", d.errors, d.error));
        let mut want = target.clone();
        // "What to watch" is the preset's prose, not a setting.
        want.watch = got.watch.clone();
        assert_eq!(got, want, "{name}: {:?}", diff::differences(&want, &got));
    }
}

#[test]
fn ten_edits_keep_the_link_short() {
    for (name, preset) in presets::all() {
        let mut d = Draft::new(preset.clone());
        let edits = [
            ("producer-0-acks", "1"),
            ("producer-0-linger.ms", "25"),
            ("producer-0-batch.size", "32768"),
            ("producer-0-rate_per_sec", "123"),
            ("producer-0-count", "77"),
            ("cluster-replica.lag.time.max.ms", "12000"),
            ("topic-0-min.insync.replicas", "1"),
            ("run-seed", "4242"),
            ("run-title", "my edited run"),
            ("cluster-latency_us", "2500"),
        ];
        for (id, v) in edits {
            d.input(id, v);
        }
        if d.scenario.producers.is_empty() {
            continue;
        }
        let s = d
            .apply()
            .unwrap_or_else(|_| panic!("{name}: {:?}", d.errors));
        let view = ViewOptions {
            from: Some(name.to_string()),
            ..ViewOptions::default()
        };
        let f = to_fragment(&s, &view);
        assert!(f.len() < 2000, "{name}: {} characters", f.len());
        let (back, v) = parse_fragment(&format!("#{f}")).expect("reads back");
        assert_eq!(back.as_ref(), Some(&s), "{name}");
        assert_eq!(v.from.as_deref(), Some(name));
    }
}

#[test]
fn key_modes_switch() {
    let mut d = draft();
    d.input("producer-0-keys", "list");
    d.input("producer-0-key_list", "peter-5, anna-2");
    let s = d.apply().expect("valid");
    assert_eq!(
        s.producers[0].workload.keys,
        KeySpec::List(vec!["peter-5".into(), "anna-2".into()])
    );
    d.input("producer-0-keys", "none");
    assert_eq!(d.text("producer-0-key_list"), "");
}
