//! The records of one log append in the trace (`TraceEvent::RecordsAppended`), as Kafka appends a batch.
//!
//! Not a Kafka concept: a list that keeps up to two ids inline, because most appends are short (in issue 12's
//! pipeline a produce batch holds 1.3 records on average) and an allocation per append cost more than the per-record
//! events it replaced. It hashes, compares, prints and serializes exactly as the `Vec<RecordId>` it stands for.

use super::ids::RecordId;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::hash::{Hash, Hasher};
use std::ops::Deref;

const INLINE: usize = 2;

/// Record ids in append order.
#[derive(Clone)]
pub struct RecordIds(Repr);

#[derive(Clone)]
enum Repr {
    Inline(u8, [RecordId; INLINE]),
    Heap(Vec<RecordId>),
}

impl RecordIds {
    /// No records.
    pub fn new() -> RecordIds {
        RecordIds(Repr::Inline(0, [RecordId(0); INLINE]))
    }

    /// One record.
    pub fn one(id: RecordId) -> RecordIds {
        RecordIds(Repr::Inline(1, [id, RecordId(0)]))
    }

    /// Appends `id`.
    pub fn push(&mut self, id: RecordId) {
        match &mut self.0 {
            Repr::Inline(n, ids) if (*n as usize) < INLINE => {
                ids[*n as usize] = id;
                *n += 1;
            }
            Repr::Inline(_, ids) => {
                let mut v = Vec::with_capacity(2 * INLINE);
                v.extend_from_slice(ids);
                v.push(id);
                self.0 = Repr::Heap(v);
            }
            Repr::Heap(v) => v.push(id),
        }
    }
}

impl Default for RecordIds {
    fn default() -> Self {
        RecordIds::new()
    }
}

impl Deref for RecordIds {
    type Target = [RecordId];
    fn deref(&self) -> &[RecordId] {
        match &self.0 {
            Repr::Inline(n, ids) => &ids[..*n as usize],
            Repr::Heap(v) => v,
        }
    }
}

impl FromIterator<RecordId> for RecordIds {
    // A leader's batch of known length goes to the heap in one allocation, as `collect()` into a `Vec` would;
    // pushing one by one regrew the list five times for a batch of 100.
    fn from_iter<I: IntoIterator<Item = RecordId>>(iter: I) -> Self {
        let iter = iter.into_iter();
        if iter.size_hint().0 > INLINE {
            return RecordIds(Repr::Heap(iter.collect()));
        }
        let mut out = RecordIds::new();
        for id in iter {
            out.push(id);
        }
        out
    }
}

impl PartialEq for RecordIds {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for RecordIds {}

// As `Vec<RecordId>` hashes: the length, then each id.
impl Hash for RecordIds {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl std::fmt::Debug for RecordIds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for RecordIds {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RecordIds {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Vec::<RecordId>::deserialize(d)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    //! Goal: `RecordIds` is indistinguishable from the `Vec<RecordId>` it replaces (contents, hash, JSON, debug text)
    //! whether it holds its ids inline or on the heap.
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn hash_of<T: Hash + ?Sized>(t: &T) -> u64 {
        let mut h = DefaultHasher::new();
        t.hash(&mut h);
        h.finish()
    }

    #[test]
    fn behaves_as_a_vec_of_ids() {
        for n in 0..7u64 {
            let v: Vec<RecordId> = (0..n).map(|k| RecordId(k * 7 + 1)).collect();
            let ids: RecordIds = v.iter().copied().collect();
            assert_eq!(&*ids, &v[..]);
            assert_eq!(hash_of(&ids), hash_of(&v), "{n} ids");
            assert_eq!(format!("{ids:?}"), format!("{v:?}"));
            let json = serde_json::to_string(&ids).unwrap();
            assert_eq!(json, serde_json::to_string(&v).unwrap());
            let back: RecordIds = serde_json::from_str(&json).unwrap();
            assert_eq!(back, ids);
            let mut pushed = RecordIds::new();
            for id in &v {
                pushed.push(*id);
            }
            assert_eq!(pushed, ids);
        }
        assert_eq!(&*RecordIds::one(RecordId(9)), &[RecordId(9)]);
    }
}
