//! The editor's sections, mirroring the scenario format (docs/scenario.md): run, cluster and network, topics,
//! producers (client properties and the application's workload), consumer groups and their members.

use super::rows::View;
use super::transfer::properties_box;
use super::{Editor, Msg};
use crate::scenario::edit::field::COMMIT_MODES;
use crate::scenario::edit::Scope;
use crate::scenario::KeySpec;
use yew::prelude::*;

fn section(title: &str, testid: &str, open: bool, body: Html) -> Html {
    html! {
        <details class="editor__section" open={open} data-testid={testid.to_string()}>
            <summary class="editor__heading">{ title.to_string() }</summary>
            { body }
        </details>
    }
}

/// Seed, run length, title.
pub fn run(v: &View<'_>) -> Html {
    let s = Scope::Run;
    section(
        "Run",
        "editor-run",
        true,
        html! {
            <>
                { v.field(s, "title", "title", "", "Shown above \"What to watch\".") }
                { v.field(s, "seed", "seed", "", "Every random choice (jitter, loss, timing) follows from it: same seed, same run.") }
                { v.field(s, "run_ms", "run length", "ms", "Virtual time the run lasts, at most one day (86400000).") }
            </>
        },
    )
}

/// Brokers, network, broker properties.
pub fn cluster(v: &View<'_>, e: &Editor) -> Html {
    let s = Scope::Cluster;
    section(
        "Cluster and network",
        "editor-cluster",
        true,
        html! {
            <>
                { v.field(s, "brokers", "brokers", "", "node.id 1..=n, 1 to 32 brokers; a KRaft controller runs beside them.") }
                { v.field(s, "latency_us", "one-way latency", "µs", "Minimum delay of every message between two nodes.") }
                { v.field(s, "jitter_us", "jitter", "µs", "Extra uniform random delay added to each message.") }
                { v.field(s, "loss_ppm", "message loss", "ppm", "Random message loss, parts per million (0 in presets).") }
                { v.props(s, "Broker properties", false) }
                { properties_box(v, e, s, "server.properties") }
            </>
        },
    )
}

/// Topics: name, partitions, replication factor, topic properties.
pub fn topics(v: &View<'_>, e: &Editor) -> Html {
    let topics = &v.d.scenario.topics;
    section(
        &format!("Topics ({})", topics.len()),
        "editor-topics",
        true,
        html! {
            <>
                { for (0..topics.len()).map(|i| {
                    let s = Scope::Topic(i);
                    html! {
                        <div class="editor__item" key={s.id()} data-testid={format!("editor-{}", s.id())}>
                            <div class="editor__item-head">
                                <span class="editor__item-title">{ format!("topic {i}: {}", topics[i].name) }</span>
                                { v.remove(s, "this topic") }
                            </div>
                            { v.field(s, "name", "name", "", "1-249 characters of [a-zA-Z0-9._-].") }
                            { v.field(s, "partitions", "partitions", "", "Keys map to partitions by murmur2 % partitions.") }
                            { v.field(s, "replication_factor", "replication.factor", "", "Replicas per partition, at most the number of brokers.") }
                            { v.props(s, "Topic properties", false) }
                            { properties_box(v, e, s, "topic config") }
                        </div>
                    }
                }) }
                <button class="button button--small" data-testid="add-topic" onclick={v.link.callback(|_| Msg::AddTopic)}>{ "+ Add topic" }</button>
            </>
        },
    )
}

/// Producers: the application's workload, then the client's properties.
pub fn producers(v: &View<'_>, e: &Editor) -> Html {
    let d = &v.d.scenario;
    let topic_names: Vec<&str> = d.topics.iter().map(|t| t.name.as_str()).collect();
    section(
        &format!("Producers ({})", d.producers.len()),
        "editor-producers",
        true,
        html! {
            <>
                { for d.producers.iter().enumerate().map(|(i, p)| {
                    let s = Scope::Producer(i);
                    let keys = match &p.workload.keys {
                        KeySpec::None => html! {},
                        KeySpec::Cycle { .. } => html! {
                            <>
                                { v.field(s, "key_prefix", "key prefix", "", "Keys are \"{prefix}-{i % distinct}\".") }
                                { v.field(s, "key_distinct", "distinct keys", "", "How many different keys the cycle uses.") }
                            </>
                        },
                        KeySpec::List(_) => v.field(s, "key_list", "keys", "", "These keys in turn, comma-separated."),
                    };
                    html! {
                        <div class="editor__item" key={s.id()} data-testid={format!("editor-{}", s.id())}>
                            <div class="editor__item-head">
                                <span class="editor__item-title">{ format!("producer-{i}") }</span>
                                { v.remove(s, "this producer") }
                            </div>
                            <p class="editor__sub">{ "Workload (the application calling send())" }</p>
                            { v.field_with(s, "topic", "topic", "", "ProducerRecord.topic.", Some(&topic_names)) }
                            { v.field_with(s, "keys", "keys", "", "none: null keys (sticky partitioner); cycle or list: keyed records (murmur2).", Some(&["none", "cycle", "list"])) }
                            { keys }
                            { v.field(s, "partition", "explicit partition", "", "ProducerRecord.partition for every record; empty: let the partitioner choose.") }
                            { v.field(s, "value_bytes", "value size", "bytes", "Serialized value size of each record.") }
                            { v.field(s, "rate_per_sec", "rate", "records/s", "send() calls per second of virtual time.") }
                            { v.field(s, "count", "records", "", "How many records to send in all.") }
                            { v.field(s, "start_ms", "first send", "ms", "Virtual time of the first send().") }
                            { v.field(s, "headers", "headers", "", "key=value pairs, comma-separated; they count in the record size.") }
                            { v.field(s, "reject", "serializer rejects", "", "Send indexes (0-based) whose value fails with SerializationException.") }
                            { v.field(s, "oversize", "oversize sends", "", "index:bytes pairs: records sent larger than value size (RecordTooLargeException).") }
                            { v.props(s, "Producer properties", false) }
                            { properties_box(v, e, s, "producer.properties") }
                        </div>
                    }
                }) }
                <button class="button button--small" data-testid="add-producer" onclick={v.link.callback(|_| Msg::AddProducer)}>{ "+ Add producer" }</button>
            </>
        },
    )
}

/// Consumer groups, their members and the consumer properties.
pub fn groups(v: &View<'_>, e: &Editor) -> Html {
    let d = &v.d.scenario;
    section(
        &format!("Consumer groups ({})", d.consumer_groups.len()),
        "editor-groups",
        true,
        html! {
            <>
                { for d.consumer_groups.iter().enumerate().map(|(g, group)| {
                    let s = Scope::Group(g);
                    html! {
                        <div class="editor__item" key={s.id()} data-testid={format!("editor-{}", s.id())}>
                            <div class="editor__item-head">
                                <span class="editor__item-title">{ format!("group {g}: {}", group.group_id) }</span>
                                { v.remove(s, "this group") }
                            </div>
                            { v.field(s, "group_id", "group.id", "", "The group's name; members with the same group.id share the partitions.") }
                            { v.field(s, "topics", "subscribed topics", "", "subscribe(...): topic names, comma-separated.") }
                            { v.field(s, "members", "members", "", "Consumers in the group (one thread each); more than partitions leaves some idle.") }
                            { v.field(s, "processing_ms", "processing time", "ms/record", "Time the application spends on each record after poll().") }
                            { v.field_with(s, "commit", "commit mode", "", "auto: enable.auto.commit decides; sync/async after processing (at-least-once); sync before (at-most-once).", Some(&COMMIT_MODES)) }
                            { v.field(s, "poll_timeout_ms", "poll timeout", "ms", "poll(Duration.ofMillis(...)).") }
                            <p class="editor__sub">{ "Members" }</p>
                            { for (0..group.members.len()).map(|m| {
                                let ms = Scope::Member(g, m);
                                let def = crate::scenario::catalog::find("consumer", "group.instance.id");
                                html! {
                                    <div class="editor__member" key={ms.id()}>
                                        <div class="editor__item-head">
                                            <span class="editor__item-title">{ format!("member {m}") }</span>
                                            { v.remove(ms, "this member") }
                                        </div>
                                        { v.field(ms, "start_ms", "starts at", "ms", "When this consumer starts (0: at the start).") }
                                        { for def.map(|def| v.prop(ms, def)) }
                                    </div>
                                }
                            }) }
                            <button class="button button--small" data-testid={format!("add-member-{g}")}
                                    onclick={v.link.callback(move |_| Msg::AddMember(g))}>{ "+ Add member" }</button>
                            { v.props(s, "Consumer properties", false) }
                            { properties_box(v, e, s, "consumer.properties") }
                        </div>
                    }
                }) }
                <button class="button button--small" data-testid="add-group" onclick={v.link.callback(|_| Msg::AddGroup)}>{ "+ Add consumer group" }</button>
            </>
        },
    )
}
