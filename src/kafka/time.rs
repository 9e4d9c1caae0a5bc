//! Virtual time for the simulation.
//!
//! Models: nothing in Kafka; this is the simulator's clock. Time is an integer count of microseconds since the
//! scenario started, so it is identical on x86_64 and wasm32 and never touches a wall clock.
//!
//! Simplifications:
//! - One global clock; Kafka nodes have no clock skew here.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Sub};

/// A point in virtual time, in microseconds since the run started.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Instant(pub u64);

/// A span of virtual time, in microseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Duration(pub u64);

impl Instant {
    /// The start of every run.
    pub const ZERO: Instant = Instant(0);

    /// Builds an instant from milliseconds.
    pub const fn from_ms(ms: u64) -> Instant {
        Instant(ms.saturating_mul(1000))
    }

    /// Whole milliseconds since the start (rounded down).
    pub const fn as_ms(self) -> u64 {
        self.0 / 1000
    }

    /// Time elapsed since `earlier`, zero if `earlier` is later.
    pub fn saturating_since(self, earlier: Instant) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }
}

impl Duration {
    /// No time at all.
    pub const ZERO: Duration = Duration(0);

    /// Builds a duration from milliseconds (Kafka's configs are all in ms).
    pub const fn from_ms(ms: u64) -> Duration {
        Duration(ms.saturating_mul(1000))
    }

    /// Builds a duration from microseconds.
    pub const fn from_us(us: u64) -> Duration {
        Duration(us)
    }

    /// Whole milliseconds (rounded down).
    pub const fn as_ms(self) -> u64 {
        self.0 / 1000
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, rhs: Duration) -> Instant {
        Instant(self.0.saturating_add(rhs.0))
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;
    fn sub(self, rhs: Instant) -> Duration {
        self.saturating_since(rhs)
    }
}

impl Add for Duration {
    type Output = Duration;
    fn add(self, rhs: Duration) -> Duration {
        Duration(self.0.saturating_add(rhs.0))
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03} ms", self.0 / 1000, self.0 % 1000)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03} ms", self.0 / 1000, self.0 % 1000)
    }
}

#[cfg(test)]
mod tests {
    //! Goal: the clock arithmetic saturates instead of wrapping and prints in milliseconds.
    use super::*;

    #[test]
    fn arithmetic_and_display() {
        let t = Instant::from_ms(12) + Duration::from_us(345);
        assert_eq!(t.to_string(), "12.345 ms");
        assert_eq!(Instant::ZERO.saturating_since(t), Duration::ZERO);
        assert_eq!((t - Instant::from_ms(2)).as_ms(), 10);
        assert_eq!(Instant(u64::MAX) + Duration(5), Instant(u64::MAX));
    }
}
