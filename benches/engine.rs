//! Engine throughput: simulated events/s and records/s on standard scenarios.
//! Run: `cargo bench --bench engine`. Figures are recorded in docs/performance.md.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kafka_playground::engine::Sim;
use kafka_playground::scenario::{
    presets, ClusterSpec, KeySpec, ProducerSpec, Scenario, TopicSpec, Workload,
};

fn standard() -> Scenario {
    // 5 brokers, 30 partitions, replication factor 3, 20k keyed records, linger.ms=5.
    let mut s = Scenario {
        seed: 1,
        cluster: ClusterSpec {
            brokers: 5,
            ..Default::default()
        },
        topics: vec![TopicSpec {
            name: "orders".into(),
            partitions: 30,
            replication_factor: 3,
            ..Default::default()
        }],
        producers: vec![ProducerSpec {
            config: Default::default(),
            workload: Workload {
                topic: "orders".into(),
                keys: KeySpec::Cycle {
                    prefix: "k".into(),
                    distinct: 1000,
                },
                rate_per_sec: 20_000,
                count: 20_000,
                value_bytes: 100,
                ..Default::default()
            },
        }],
        run_ms: 3_000,
        ..Scenario::default()
    };
    s.producers[0].config.insert("linger.ms".into(), "5".into());
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    for (name, s) in [
        ("standard-5b-30p-rf3-20k", standard()),
        (
            "quickstart",
            presets::by_name("quickstart").expect("preset"),
        ),
    ] {
        let mut probe = Sim::new(&s).expect("valid");
        probe.set_keep_trace(false);
        probe.run_until(probe.end());
        g.throughput(Throughput::Elements(probe.events()));
        g.bench_function(format!("{name} (events)"), |b| {
            b.iter(|| {
                let mut sim = Sim::new(&s).expect("valid");
                sim.set_keep_trace(false);
                sim.run_until(sim.end());
                sim.events()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
