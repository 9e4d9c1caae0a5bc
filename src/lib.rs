//! # Kafka Playground
//!
//! A deterministic simulator of Apache Kafka — producer internals, brokers with replication, consumer groups —
//! that runs the same in `cargo test` and in the browser (WebAssembly, drawn with Yew).
//!
//! Layers, strictly one way: `engine ← scenario ← viz ← ui`. The engine and scenario are pure: no browser types,
//! no wall clock, no OS randomness. `cargo check --lib --no-default-features` builds everything but `ui`.
//!
//! ## A guided tour
//!
//! 1. Build a scenario (or take a preset):
//! ```
//! let scenario = kafka_playground::scenario::presets::by_name("quickstart").unwrap();
//! assert_eq!(scenario.topics[0].name, "orders");
//! ```
//! 2. Start a simulation; bad configs are rejected like Kafka's `ConfigException`:
//! ```
//! use kafka_playground::{engine::Sim, scenario::presets};
//! let mut bad = presets::default_scenario();
//! bad.producers[0].config.insert("linger.ms".into(), "-1".into());
//! let err = Sim::new(&bad).err().unwrap();
//! assert!(err.to_string().contains("Invalid value -1 for configuration linger.ms"));
//! ```
//! 3. Run it in virtual time:
//! ```
//! use kafka_playground::{engine::{Sim, time::Instant}, scenario::presets};
//! let mut sim = Sim::new(&presets::default_scenario()).unwrap();
//! sim.run_until(Instant::from_ms(3000));
//! assert_eq!(sim.now(), Instant::from_ms(3000));
//! ```
//! 4. Drain the trace, the record of everything that happened, in past tense:
//! ```
//! use kafka_playground::{engine::{Sim, time::Instant, trace::TraceEvent}, scenario::presets};
//! let mut sim = Sim::new(&presets::default_scenario()).unwrap();
//! sim.run_until(Instant::from_ms(3000));
//! let mut appended = 0;
//! while let Some(e) = sim.poll_trace() {
//!     if let TraceEvent::RecordsAppended { records, .. } = e { appended += records.len(); }
//! }
//! assert!(appended > 0);
//! ```
//! 5. Read the ledger and share the run as a URL fragment:
//! ```
//! use kafka_playground::{engine::Sim, scenario::{codec, presets}};
//! let s = presets::default_scenario();
//! let mut sim = Sim::new(&s).unwrap();
//! sim.run_until(sim.end());
//! let report = sim.report();
//! assert_eq!(report.records.lost_acked, 0);
//! let link = format!("#s={}", codec::encode(&s));
//! assert_eq!(codec::parse_fragment(&link).unwrap().0, Some(s));
//! ```

/// The wasm build's allocator: talc instead of Rust's default dlmalloc, for the page's bundle (2.4 KB smaller with
/// brotli; the engine's time in wasm measured the same within noise, docs/performance.md). Native builds keep the
/// system allocator. The same `cfg` as the dependency in Cargo.toml.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod engine;
pub mod i18n;
pub mod kafka;
pub mod scenario;
pub mod viz;

#[cfg(feature = "ui")]
pub mod ui;
