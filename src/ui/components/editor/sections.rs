//! The editor's sections, mirroring the scenario format (docs/scenario.md): run, cluster and network, topics,
//! producers (client properties and the application's workload), consumer groups and their members.

use super::rows::View;
use super::transfer::properties_box;
use super::{Editor, Msg};
use crate::i18n::{t, tf};
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
        t("editor.section.run"),
        "editor-run",
        true,
        html! {
            <>
                { v.field(s, "title", t("editor.run.title"), "", t("editor.run.title.hint")) }
                { v.field(s, "seed", t("editor.run.seed"), "", t("editor.run.seed.hint")) }
                { v.field(s, "run_ms", t("editor.run.run_ms"), "ms", t("editor.run.run_ms.hint")) }
            </>
        },
    )
}

/// Brokers, network, broker properties.
pub fn cluster(v: &View<'_>, e: &Editor) -> Html {
    let s = Scope::Cluster;
    section(
        t("editor.section.cluster"),
        "editor-cluster",
        true,
        html! {
            <>
                { v.field(s, "brokers", t("editor.cluster.brokers"), "", t("editor.cluster.brokers.hint")) }
                { v.field(s, "latency_us", t("editor.cluster.latency_us"), "µs", t("editor.cluster.latency_us.hint")) }
                { v.field(s, "jitter_us", t("editor.cluster.jitter_us"), "µs", t("editor.cluster.jitter_us.hint")) }
                { v.field(s, "loss_ppm", t("editor.cluster.loss_ppm"), "ppm", t("editor.cluster.loss_ppm.hint")) }
                { v.props(s, t("editor.cluster.props"), false) }
                { properties_box(v, e, s, "server.properties") }
            </>
        },
    )
}

/// Topics: name, partitions, replication factor, topic properties.
pub fn topics(v: &View<'_>, e: &Editor) -> Html {
    let topics = &v.d.scenario.topics;
    section(
        &tf("editor.section.topics", &[("n", &topics.len().to_string())]),
        "editor-topics",
        true,
        html! {
            <>
                { for (0..topics.len()).map(|i| {
                    let s = Scope::Topic(i);
                    html! {
                        <div class="editor__item" key={s.id()} data-testid={format!("editor-{}", s.id())}>
                            <div class="editor__item-head">
                                <span class="editor__item-title">{ tf("editor.topic.title", &[("i", &i.to_string()), ("name", &topics[i].name)]) }</span>
                                { v.remove(s, t("editor.topic.remove")) }
                            </div>
                            { v.field(s, "name", t("editor.topic.name"), "", t("editor.topic.name.hint")) }
                            { v.field(s, "partitions", t("editor.topic.partitions"), "", t("editor.topic.partitions.hint")) }
                            { v.field(s, "replication_factor", "replication.factor", "", t("editor.topic.replication_factor.hint")) }
                            { v.props(s, t("editor.topic.props"), false) }
                            { properties_box(v, e, s, t("editor.topic.config")) }
                        </div>
                    }
                }) }
                <button class="button button--small" data-testid="add-topic" onclick={v.link.callback(|_| Msg::AddTopic)}>{ t("editor.topic.add") }</button>
            </>
        },
    )
}

/// Producers: the application's workload, then the client's properties.
pub fn producers(v: &View<'_>, e: &Editor) -> Html {
    let d = &v.d.scenario;
    let topic_names: Vec<&str> = d.topics.iter().map(|t| t.name.as_str()).collect();
    let count = d.producers.len().to_string();
    section(
        &tf("editor.section.producers", &[("n", &count)]),
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
                                { v.field(s, "key_prefix", t("editor.producer.key_prefix"), "", t("editor.producer.key_prefix.hint")) }
                                { v.field(s, "key_distinct", t("editor.producer.key_distinct"), "", t("editor.producer.key_distinct.hint")) }
                            </>
                        },
                        KeySpec::List(_) => v.field(s, "key_list", t("editor.producer.key_list"), "", t("editor.producer.key_list.hint")),
                    };
                    html! {
                        <div class="editor__item" key={s.id()} data-testid={format!("editor-{}", s.id())}>
                            <div class="editor__item-head">
                                <span class="editor__item-title">{ format!("producer-{i}") }</span>
                                { v.remove(s, t("editor.producer.remove")) }
                            </div>
                            <p class="editor__sub">{ t("editor.producer.workload") }</p>
                            { v.field_with(s, "topic", t("editor.producer.topic"), "", "ProducerRecord.topic.", Some(&topic_names)) }
                            { v.field_with(s, "keys", t("editor.producer.keys"), "", t("editor.producer.keys.hint"), Some(&["none", "cycle", "list"])) }
                            { keys }
                            { v.field(s, "partition", t("editor.producer.partition"), "", t("editor.producer.partition.hint")) }
                            { v.field(s, "value_bytes", t("editor.producer.value_bytes"), "bytes", t("editor.producer.value_bytes.hint")) }
                            { v.field(s, "rate_per_sec", t("editor.producer.rate_per_sec"), "records/s", t("editor.producer.rate_per_sec.hint")) }
                            { v.field(s, "count", t("editor.producer.count"), "", t("editor.producer.count.hint")) }
                            { v.field(s, "start_ms", t("editor.producer.start_ms"), "ms", t("editor.producer.start_ms.hint")) }
                            { v.field(s, "headers", t("editor.producer.headers"), "", t("editor.producer.headers.hint")) }
                            { v.field(s, "reject", t("editor.producer.reject"), "", t("editor.producer.reject.hint")) }
                            { v.field(s, "oversize", t("editor.producer.oversize"), "", t("editor.producer.oversize.hint")) }
                            { v.props(s, t("editor.producer.props"), false) }
                            { properties_box(v, e, s, "producer.properties") }
                        </div>
                    }
                }) }
                <button class="button button--small" data-testid="add-producer" onclick={v.link.callback(|_| Msg::AddProducer)}>{ t("editor.producer.add") }</button>
            </>
        },
    )
}

/// Consumer groups, their members and the consumer properties.
pub fn groups(v: &View<'_>, e: &Editor) -> Html {
    let d = &v.d.scenario;
    let count = d.consumer_groups.len().to_string();
    section(
        &tf("editor.section.groups", &[("n", &count)]),
        "editor-groups",
        true,
        html! {
            <>
                { for d.consumer_groups.iter().enumerate().map(|(g, group)| {
                    let s = Scope::Group(g);
                    html! {
                        <div class="editor__item" key={s.id()} data-testid={format!("editor-{}", s.id())}>
                            <div class="editor__item-head">
                                <span class="editor__item-title">{ tf("editor.group.title", &[("g", &g.to_string()), ("id", &group.group_id)]) }</span>
                                { v.remove(s, t("editor.group.remove")) }
                            </div>
                            { v.field(s, "group_id", "group.id", "", t("editor.group.group_id.hint")) }
                            { v.field(s, "topics", t("editor.group.topics"), "", t("editor.group.topics.hint")) }
                            { v.field(s, "members", t("editor.group.members"), "", t("editor.group.members.hint")) }
                            { v.field(s, "processing_ms", t("editor.group.processing_ms"), "ms/record", t("editor.group.processing_ms.hint")) }
                            { v.field_with(s, "commit", t("editor.group.commit"), "", t("editor.group.commit.hint"), Some(&COMMIT_MODES)) }
                            { v.field(s, "poll_timeout_ms", t("editor.group.poll_timeout_ms"), "ms", "poll(Duration.ofMillis(...)).") }
                            <p class="editor__sub">{ t("editor.group.members_heading") }</p>
                            { for (0..group.members.len()).map(|m| {
                                let ms = Scope::Member(g, m);
                                let def = crate::scenario::catalog::find("consumer", "group.instance.id");
                                html! {
                                    <div class="editor__member" key={ms.id()}>
                                        <div class="editor__item-head">
                                            <span class="editor__item-title">{ tf("editor.member.title", &[("m", &m.to_string())]) }</span>
                                            { v.remove(ms, t("editor.member.remove")) }
                                        </div>
                                        { v.field(ms, "start_ms", t("editor.member.start_ms"), "ms", t("editor.member.start_ms.hint")) }
                                        { for def.map(|def| v.prop(ms, def)) }
                                    </div>
                                }
                            }) }
                            <button class="button button--small" data-testid={format!("add-member-{g}")}
                                    onclick={v.link.callback(move |_| Msg::AddMember(g))}>{ t("editor.member.add") }</button>
                            { v.props(s, t("editor.group.props"), false) }
                            { properties_box(v, e, s, "consumer.properties") }
                        </div>
                    }
                }) }
                <button class="button button--small" data-testid="add-group" onclick={v.link.callback(|_| Msg::AddGroup)}>{ t("editor.group.add") }</button>
            </>
        },
    )
}
