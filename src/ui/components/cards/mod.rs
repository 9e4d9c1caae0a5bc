//! The cards of the stage, one component per card (and per replica row of a broker card).
//!
//! The card layer re-renders when any card changed; each card then compares its own sprite with the one it drew
//! and redraws only if it differs, so a frame that moved one high watermark redraws one replica row, not every
//! broker, producer and group on the stage. Each card's root carries `data-renders` (how often it rendered), which
//! the browser tests use to see that.

pub mod broker;
pub mod group;
pub mod producer;

use crate::viz::frame::Frame;
use std::fmt::Write;
use std::rc::Rc;

pub use broker::BrokerCard;
pub use group::{ConsumerCard, GroupCard};
pub use producer::ProducerCard;

/// An SVG number with one decimal. `format!("{v:.1}")` goes through exact decimal expansion of the float, which
/// was a fifth of the card layer's time; this rounds the tenths (half away from zero) and prints two integers.
pub(crate) fn n(v: f32) -> String {
    let tenths = (v * 10.0).round();
    if !tenths.is_finite() || tenths.abs() >= 1e15 {
        return format!("{v:.1}");
    }
    let t = tenths as i64;
    let a = t.unsigned_abs();
    let mut s = String::with_capacity(8);
    if t < 0 {
        s.push('-');
    }
    let _ = write!(s, "{}.{}", a / 10, a % 10);
    s
}

/// The class of a record dot or log cell: its producer's colour (four, repeating).
pub(crate) fn producer_class(p: u16) -> String {
    format!("dot--p{}", p % 4)
}

/// Whether two frames draw the same card: the same frame, or equal sprites where `pick` finds the card.
pub(crate) fn same<'a, T: PartialEq + 'a>(
    a: &'a Rc<Frame>,
    b: &'a Rc<Frame>,
    pick: impl Fn(&'a Frame) -> Option<T>,
) -> bool {
    Rc::ptr_eq(a, b) || pick(a) == pick(b)
}

#[cfg(test)]
mod tests {
    use super::n;

    #[test]
    fn svg_numbers_read_as_one_decimal() {
        assert_eq!(n(0.0), "0.0");
        assert_eq!(n(12.0), "12.0");
        assert_eq!(n(12.34), "12.3");
        assert_eq!(n(12.36), "12.4");
        assert_eq!(n(-3.5), "-3.5");
        assert_eq!(n(-0.04), "0.0");
        assert_eq!(n(1234.5), "1234.5");
        // Outside what a stage coordinate can be, the float formatter still answers.
        assert_eq!(n(f32::INFINITY), "inf");
        for k in -20_000..20_000 {
            let v = k as f32 * 0.37;
            let ours: f64 = n(v).parse().unwrap();
            assert!((ours - v as f64).abs() <= 0.05 + 1e-4, "{v}: {}", n(v));
        }
    }
}
