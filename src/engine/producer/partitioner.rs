//! Partitioning, as the Java producer does it: murmur2 for keyed records, the built-in uniform sticky partitioner for
//! null keys, `RoundRobinPartitioner`, and the pre-2.4 round-robin as a named legacy option.
//!
//! Models: `Utils.murmur2`, `Utils.toPositive`, `BuiltInPartitioner`, `RoundRobinPartitioner` (shared/KAFKA.md §2).
//!
//! Simplifications:
//! - Adaptive partitioning weighs partitions by queued batches per partition (as Kafka does), but the statistics
//!   are refreshed on every choice rather than on each `ready()` call.

/// Kafka's murmur2 (`Utils.murmur2`): 32-bit MurmurHash2 with seed 0x9747b28c, as a signed int.
pub fn murmur2(data: &[u8]) -> i32 {
    let length = data.len() as u32;
    let seed: u32 = 0x9747_b28c;
    let m: u32 = 0x5bd1_e995;
    let r = 24;
    let mut h: u32 = seed ^ length;
    let len4 = data.len() / 4;
    for i in 0..len4 {
        let i4 = i * 4;
        let mut k = (data[i4] as u32)
            | ((data[i4 + 1] as u32) << 8)
            | ((data[i4 + 2] as u32) << 16)
            | ((data[i4 + 3] as u32) << 24);
        k = k.wrapping_mul(m);
        k ^= k >> r;
        k = k.wrapping_mul(m);
        h = h.wrapping_mul(m);
        h ^= k;
    }
    let tail = data.len() % 4;
    let base = data.len() & !3;
    if tail == 3 {
        h ^= (data[base + 2] as u32) << 16;
    }
    if tail >= 2 {
        h ^= (data[base + 1] as u32) << 8;
    }
    if tail >= 1 {
        h ^= data[base] as u32;
        h = h.wrapping_mul(m);
    }
    h ^= h >> 13;
    h = h.wrapping_mul(m);
    h ^= h >> 15;
    h as i32
}

/// `Utils.toPositive`: clears the sign bit (not `abs`).
pub fn to_positive(x: i32) -> u32 {
    (x as u32) & 0x7fff_ffff
}

/// `BuiltInPartitioner.partitionForKey`.
pub fn partition_for_key(serialized_key: &[u8], num_partitions: u32) -> u32 {
    to_positive(murmur2(serialized_key)) % num_partitions.max(1)
}

/// Kafka's `StringSerializer` (UTF-8) or `IntegerSerializer` (4 bytes big-endian) for a key.
pub fn serialize_key(key: &str, serializer: &str) -> Vec<u8> {
    match serializer {
        "integer" => key
            .parse::<i32>()
            .map(|v| v.to_be_bytes().to_vec())
            .unwrap_or_else(|_| key.as_bytes().to_vec()),
        _ => key.as_bytes().to_vec(),
    }
}

/// The built-in uniform sticky partitioner for one topic (KIP-794).
#[derive(Clone, Debug, Default)]
pub struct StickyPartitioner {
    /// Current sticky partition.
    pub current: Option<u32>,
    /// Bytes produced to it since it was chosen.
    pub produced_bytes: u64,
}

impl StickyPartitioner {
    /// `nextPartition`: uniform over available partitions, or weighted by queue sizes when adaptive
    /// (weight = maxQueue + 1 − queue, cumulative-frequency table). May return the same partition again.
    pub fn next_partition(
        random: u32,
        available: &[u32],
        all: u32,
        queue_sizes: Option<&[u32]>,
    ) -> u32 {
        if let Some(q) = queue_sizes {
            if q.len() >= 2 && available.len() == q.len() && !q.iter().all(|x| *x == q[0]) {
                let max = q.iter().copied().max().unwrap_or(0);
                let mut cft = Vec::with_capacity(q.len());
                let mut sum = 0u64;
                for x in q {
                    sum += (max + 1 - x) as u64;
                    cft.push(sum);
                }
                let pick = random as u64 % sum;
                let idx = cft.iter().position(|c| *c > pick).unwrap_or(0);
                return available[idx];
            }
        }
        if available.is_empty() {
            random % all.max(1)
        } else {
            available[random as usize % available.len()]
        }
    }

    /// `updatePartitionInfo`: after appending `bytes`, switch once `batch.size` is reached and the last batch is
    /// full, or unconditionally at twice `batch.size`. Returns true when a switch is due.
    pub fn should_switch(
        &mut self,
        bytes: u64,
        sticky_batch_size: u64,
        last_batch_full: bool,
    ) -> bool {
        self.produced_bytes += bytes;
        let size = sticky_batch_size.max(1);
        (self.produced_bytes >= size && last_batch_full) || self.produced_bytes >= 2 * size
    }
}

/// `estimateSizeInBytesUpperBound` for a record: 61-byte batch header + 21 max record overhead + key + value.
pub fn record_upper_bound(key_len: usize, value_len: usize) -> u64 {
    61 + 21 + key_len as u64 + value_len as u64
}

/// [`record_upper_bound`] with a header section of `headers_size` bytes (beyond the one-byte empty count).
pub fn record_upper_bound_with(key_len: usize, value_len: usize, headers_size: u32) -> u64 {
    record_upper_bound(key_len, value_len) + headers_size.saturating_sub(NO_HEADERS_SIZE) as u64
}

fn varint_len(v: i64) -> u64 {
    // Zig-zag then 7 bits per byte.
    let mut z = ((v << 1) ^ (v >> 63)) as u64;
    let mut n = 1;
    while z >= 0x80 {
        z >>= 7;
        n += 1;
    }
    n
}

/// The v2 record size on the wire (`DefaultRecord.sizeInBytes`), no headers, timestamp delta 0.
pub fn record_size(offset_delta: i64, key_len: Option<usize>, value_len: usize) -> u32 {
    record_size_with(offset_delta, 0, key_len, value_len, NO_HEADERS_SIZE)
}

/// The encoded size of a record's header section: the count, then per header its key and value with their
/// varint lengths (a null value is length −1), as `DefaultRecord.sizeOfBodyInBytes` counts them. Headers are
/// `(key bytes, value bytes or None)`.
pub fn headers_size(headers: &[(usize, Option<usize>)]) -> u32 {
    let mut n = varint_len(headers.len() as i64);
    for (k, v) in headers {
        n += varint_len(*k as i64) + *k as u64;
        n += match v {
            Some(v) => varint_len(*v as i64) + *v as u64,
            None => varint_len(-1),
        };
    }
    n as u32
}

/// [`headers_size`] of no headers: the count 0, one byte.
pub const NO_HEADERS_SIZE: u32 = 1;

/// `DefaultRecord.sizeInBytes` with the timestamp delta (ms since the batch's first record) and a header section
/// of `headers_size` bytes (see [`headers_size`]).
pub fn record_size_with(
    offset_delta: i64,
    timestamp_delta_ms: i64,
    key_len: Option<usize>,
    value_len: usize,
    headers_size: u32,
) -> u32 {
    let key = match key_len {
        Some(k) => varint_len(k as i64) + k as u64,
        None => varint_len(-1),
    };
    let body = 1
        + varint_len(timestamp_delta_ms)
        + varint_len(offset_delta)
        + key
        + varint_len(value_len as i64)
        + value_len as u64
        + headers_size as u64;
    (body + varint_len(body as i64)) as u32
}

/// `RECORD_BATCH_OVERHEAD`.
pub const RECORD_BATCH_OVERHEAD: u32 = 61;

#[cfg(test)]
mod tests {
    //! Goal: bit-identical partitioning with the Java client.
    //! Kafka: UtilsTest.testMurmur2, BuiltInPartitionerTest, DefaultRecordTest sizes, KAFKA.md §2-3.
    use super::*;

    #[test]
    fn murmur2_matches_kafka_utils_test() {
        // UtilsTest.testMurmur2: cases[i] -> expected.
        let cases: [(&[u8], i32); 6] = [
            (b"21", -973932308),
            (b"foobar", -790332482),
            (b"a-little-bit-long-string", -985981536),
            (b"a-little-bit-longer-string", -1486304829),
            (
                b"lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
                -58897971,
            ),
            (b"abc", 479470107),
        ];
        for (input, expected) in cases {
            assert_eq!(
                murmur2(input),
                expected,
                "murmur2({:?})",
                String::from_utf8_lossy(input)
            );
        }
    }

    #[test]
    fn to_positive_is_not_abs() {
        assert_eq!(to_positive(-1), 0x7fff_ffff);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(5), 5);
    }

    #[test]
    fn partition_for_key_examples() {
        // toPositive(murmur2("21")) % 3 = toPositive(-973932308) % 3.
        let expected = ((-973932308i32) as u32 & 0x7fff_ffff) % 3;
        assert_eq!(partition_for_key(b"21", 3), expected);
        assert_eq!(serialize_key("7", "integer"), vec![0, 0, 0, 7]);
    }

    #[test]
    fn adaptive_weights_follow_kafka_example() {
        // Queues [0,3,1] -> weights [4,1,3] -> CFT [4,5,8].
        let avail = [0, 1, 2];
        let q = [0, 3, 1];
        assert_eq!(StickyPartitioner::next_partition(0, &avail, 3, Some(&q)), 0);
        assert_eq!(StickyPartitioner::next_partition(3, &avail, 3, Some(&q)), 0);
        assert_eq!(StickyPartitioner::next_partition(4, &avail, 3, Some(&q)), 1);
        assert_eq!(StickyPartitioner::next_partition(5, &avail, 3, Some(&q)), 2);
        assert_eq!(StickyPartitioner::next_partition(7, &avail, 3, Some(&q)), 2);
        // Equal queues: uniform r % n.
        assert_eq!(
            StickyPartitioner::next_partition(7, &avail, 3, Some(&[1, 1, 1])),
            1
        );
    }

    #[test]
    fn sticky_switch_rules() {
        let mut s = StickyPartitioner::default();
        assert!(!s.should_switch(100, 200, true));
        assert!(
            !s.should_switch(100, 200, false),
            "waits for the batch to fill"
        );
        assert!(s.should_switch(0, 200, true));
        let mut s = StickyPartitioner::default();
        assert!(
            s.should_switch(400, 200, false),
            "hard cap at 2x batch.size"
        );
    }

    #[test]
    fn record_sizes_match_kafka() {
        // key "key" + value "value": 15 bytes while offsetDelta <= 63, 16 from 64.
        assert_eq!(record_size(0, Some(3), 5), 15);
        assert_eq!(record_size(63, Some(3), 5), 15);
        assert_eq!(record_size(64, Some(3), 5), 16);
        // RecordAccumulatorTest.expectedNumAppends(1025): start at the 61-byte header, add records while they fit.
        // (1025 bytes of records alone would hold 68; with the header, 64.)
        let mut total = RECORD_BATCH_OVERHEAD;
        let mut n = 0;
        while total + record_size(n, Some(3), 5) <= 1025 {
            total += record_size(n, Some(3), 5);
            n += 1;
        }
        assert_eq!(n, 64);
        assert_eq!(1025 / record_size(0, Some(3), 5), 68);
    }

    #[test]
    fn headers_and_timestamp_deltas_count_like_default_record() {
        // Key "key", value "value", one header ("h" -> "v"): attributes 1, timestamp delta 1, offset delta 1,
        // key 1+3, value 1+5, headers count 1 + key 1+1 + value 1+1 = 5: body 18, plus its varint length 1.
        let h = headers_size(&[(1, Some(1))]);
        assert_eq!(h, 5);
        assert_eq!(record_size_with(0, 0, Some(3), 5, h), 19);
        // A null header value is the varint −1 (one byte) and no bytes.
        assert_eq!(headers_size(&[(1, None)]), 4);
        assert_eq!(headers_size(&[]), NO_HEADERS_SIZE);
        // Timestamp deltas are zig-zag varints: 63 ms fits one byte, 64 ms needs two.
        assert_eq!(record_size_with(0, 63, Some(3), 5, NO_HEADERS_SIZE), 15);
        assert_eq!(record_size_with(0, 64, Some(3), 5, NO_HEADERS_SIZE), 16);
        assert_eq!(
            record_upper_bound_with(3, 5, h),
            record_upper_bound(3, 5) + 4
        );
    }
}
