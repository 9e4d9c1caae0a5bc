//! One stable sort for the whole crate, to keep the page's wasm small.
//!
//! `slice::sort_by` is generic over the element and the comparator, so every call site with its own
//! closure gets its own copy of the standard library's stable sort (`driftsort`, about 4 KB of wasm
//! each); the page had 31 of them. [`sort_by`] sorts a list of indices instead, through a
//! `&mut dyn FnMut` comparator, so the sort itself is compiled once; the caller's elements are then
//! moved into place. A stable sort's result depends only on the comparator, so this gives exactly the
//! order `slice::sort_by` gives with the same comparator: equal elements keep their relative order.
//!
//! It lives in `kafka`, the leaf layer, so that `scenario`, `engine`, `viz` and `ui` can all use it.
//! Hot engine paths that sort often keep `slice::sort_by`: an indirect comparison costs a call.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`: the same order as `v.sort_by(cmp)`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_indices(&mut order, &mut |&a: &usize, &b: &usize| cmp(&v[a], &v[b]));
    permute(v, &mut order);
}

/// Sorts `v` stably by the key `f` gives: the same order as `v.sort_by_key(f)`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` stably: the same order as `v.sort()`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The one instantiation of the standard stable sort: indices, compared through a trait object.
#[inline(never)]
fn sort_indices(order: &mut [usize], cmp: &mut dyn FnMut(&usize, &usize) -> Ordering) {
    order.sort_by(cmp);
}

/// Puts `v[order[k]]` at position `k` for every `k`, following each cycle of the permutation once
/// (`order` is left as the identity).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut at = start;
        loop {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator, so the test needs no RNG crate.
    fn lcg(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        *state >> 33
    }

    #[test]
    fn same_order_as_the_standard_stable_sort() {
        let mut state = 7u64;
        for len in 0..200usize {
            // (key, position): many equal keys, so stability shows in the positions.
            let items: Vec<(u64, usize)> = (0..len)
                .map(|i| (lcg(&mut state) % (len as u64 / 3 + 1), i))
                .collect();
            let mut expected = items.clone();
            expected.sort_by_key(|x| x.0);
            let mut got = items.clone();
            sort_by(&mut got, |a, b| a.0.cmp(&b.0));
            assert_eq!(got, expected, "len {len}");

            let mut expected = items.clone();
            expected.sort_by_key(|x| std::cmp::Reverse(x.0));
            let mut got = items.clone();
            sort_by_key(&mut got, |x| std::cmp::Reverse(x.0));
            assert_eq!(got, expected, "len {len}, by key");
        }
    }

    #[test]
    fn sorts_owned_values_without_losing_any() {
        let mut words: Vec<String> = ["delta", "alpha", "charlie", "bravo", "alpha", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        sort(&mut words);
        assert_eq!(words, ["", "alpha", "alpha", "bravo", "charlie", "delta"]);
    }
}
