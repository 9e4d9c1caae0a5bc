//! Kafka's shared vocabulary, the leaf every other layer uses: ids, virtual time, the seeded RNG, `acks`, error
//! codes, and the names of assignors and partitioners. Nothing here knows a scenario or the engine.
#![warn(missing_docs)]

pub mod acks;
pub mod assignors;
pub mod errors;
pub mod ids;
pub mod partitioners;
pub mod rng;
pub mod time;
