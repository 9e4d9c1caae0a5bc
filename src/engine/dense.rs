//! Tables indexed by a small dense number (a group, consumer, producer or node slot, a record's send index) that
//! grow on first use. The engine keeps its per-event tables this way rather than in B-trees keyed by those numbers;
//! this is the one place that grows them.
//!
//! Models: nothing in Kafka.

/// `v[i]`, after growing `v` with `fill` up to `i`.
#[inline]
pub fn at_mut_or<T: Clone>(v: &mut Vec<T>, i: usize, fill: T) -> &mut T {
    if v.len() <= i {
        v.resize(i + 1, fill);
    }
    &mut v[i]
}

/// `v[i]`, after growing `v` with defaults up to `i`.
#[inline]
pub fn at_mut<T: Default>(v: &mut Vec<T>, i: usize) -> &mut T {
    if v.len() <= i {
        v.resize_with(i + 1, T::default);
    }
    &mut v[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_with_the_fill_and_keeps_what_was_there() {
        let mut v = vec![7u64];
        *at_mut_or(&mut v, 3, u64::MAX) = 5;
        assert_eq!(v, [7, u64::MAX, u64::MAX, 5]);
        *at_mut(&mut v, 5) = 1;
        assert_eq!(
            v,
            [7, u64::MAX, u64::MAX, 5, 0, 1],
            "existing entries are kept, new ones are defaults"
        );
        let mut w: Vec<Vec<u8>> = Vec::new();
        at_mut(&mut w, 2).push(1);
        assert_eq!(w, [vec![], vec![], vec![1]]);
    }
}
