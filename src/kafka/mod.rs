//! Kafka's shared vocabulary, the leaf every other layer uses: ids, virtual time, the seeded RNG, `acks`, error
//! codes, the names of assignors and partitioners, the classic group's states and `auto.offset.reset`; and the crate's one stable sort (`sort`, kept
//! here so that every layer above shares a single copy in the page's wasm). Nothing here
//! knows a scenario or the engine.
#![warn(missing_docs)]

pub mod acks;
pub mod assignors;
pub mod errors;
pub mod group_state;
pub mod ids;
pub mod offset_reset;
pub mod partitioners;
pub mod rng;
pub mod sort;
pub mod time;
