//! Small deterministic building blocks: the seeded RNG, bounded rings, quantities and durations.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::Arc;

/// Simulated time in milliseconds since the start of the run.
pub type Millis = u64;

// ---------------------------------------------------------------------------------------------
// RNG
// ---------------------------------------------------------------------------------------------

/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of `java.util.SplittableRandom`).
/// Integer-only, so it gives the same sequence on every target. It lives inside the `Sim`
/// state, is `Clone` (checkpoints replay identically) and is the only source of randomness.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform integer in `0..n` (Lemire's multiply-shift; `n == 0` gives 0). Plays the role
    /// of Go's `rand.Intn` in the scheduler's reservoir sampling.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// `n` characters from the alphabet of `k8s.io/apimachinery/pkg/util/rand` (no vowels, no
    /// confusable digits), as used for generated pod-name suffixes.
    pub fn suffix(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| ALPHANUMS[self.below(ALPHANUMS.len() as u64) as usize] as char)
            .collect()
    }

    /// A UUID-shaped identifier (version-4 layout) drawn from the seeded stream.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }
}

/// `k8s.io/apimachinery/pkg/util/rand`'s alphabet.
pub const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.SafeEncodeString`: maps every byte onto [`ALPHANUMS`]. Used for pod-template-hash.
pub fn safe_encode(s: &str) -> String {
    s.bytes()
        .map(|b| ALPHANUMS[b as usize % ALPHANUMS.len()] as char)
        .collect()
}

/// 32-bit FNV-1a, the hash upstream uses for `pod-template-hash` (`hashutil.DeepHashObject`
/// over the template; here over the template's canonical JSON).
pub fn fnv32a(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in data {
        h ^= *b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

// ---------------------------------------------------------------------------------------------
// Ring
// ---------------------------------------------------------------------------------------------

/// A bounded FIFO: pushing past capacity drops the oldest item. Every log and history in the
/// engine is one of these, so memory stays flat however long a run lasts.
///
/// Items live in chunks of [`RING_CHUNK`]; full chunks are shared between clones (`Arc`), so a
/// copy of a ring (of a whole `Sim`, as a checkpoint) copies at most one chunk of items.
pub struct Ring<T> {
    cap: usize,
    /// Full chunks, oldest first; the first `head` items of the first one have rolled off.
    full: VecDeque<Arc<Vec<T>>>,
    head: usize,
    /// The chunk being filled.
    tail: Vec<T>,
    len: usize,
    dropped: u64,
}

/// Items per shared chunk of a [`Ring`].
pub const RING_CHUNK: usize = 64;

impl<T: Clone> Clone for Ring<T> {
    fn clone(&self) -> Self {
        Ring {
            cap: self.cap,
            full: self.full.clone(),
            head: self.head,
            tail: self.tail.clone(),
            len: self.len,
            dropped: self.dropped,
        }
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Ring<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ring")
            .field("cap", &self.cap)
            .field("items", &self.iter().collect::<Vec<_>>())
            .field("dropped", &self.dropped)
            .finish()
    }
}

/// Serialized as it was when the items were one `VecDeque`: `{cap, items, dropped}`.
impl<T: Serialize> Serialize for Ring<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};
        struct Items<'a, T>(&'a Ring<T>);
        impl<T: Serialize> Serialize for Items<'_, T> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.len))?;
                for x in self.0.iter() {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
        }
        let mut st = s.serialize_struct("Ring", 3)?;
        st.serialize_field("cap", &self.cap)?;
        st.serialize_field("items", &Items(self))?;
        st.serialize_field("dropped", &self.dropped)?;
        st.end()
    }
}

impl<T> Ring<T> {
    pub fn new(cap: usize) -> Ring<T> {
        Ring {
            cap: cap.max(1),
            full: VecDeque::new(),
            head: 0,
            tail: Vec::new(),
            len: 0,
            dropped: 0,
        }
    }
    pub fn push(&mut self, item: T) {
        if self.len == self.cap {
            self.pop_front();
            self.dropped += 1;
        }
        self.tail.push(item);
        self.len += 1;
        if self.tail.len() == RING_CHUNK {
            let chunk = std::mem::replace(&mut self.tail, Vec::with_capacity(RING_CHUNK));
            self.full.push_back(Arc::new(chunk));
        }
    }
    fn pop_front(&mut self) {
        if self.full.is_empty() {
            self.tail.remove(0);
        } else {
            self.head += 1;
            if self.head == RING_CHUNK {
                self.full.pop_front();
                self.head = 0;
            }
        }
        self.len -= 1;
    }
    pub fn len(&self) -> usize {
        self.len
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    pub fn capacity(&self) -> usize {
        self.cap
    }
    /// How many items rolled off the front since the ring was made.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        RingIter {
            ring: self,
            front: 0,
            back: self.len,
        }
    }
    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }
    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        let j = self.head + i;
        match self.full.get(j / RING_CHUNK) {
            Some(chunk) => chunk.get(j % RING_CHUNK),
            None => self.tail.get(j - self.full.len() * RING_CHUNK),
        }
    }
    pub fn clear(&mut self) {
        self.full.clear();
        self.head = 0;
        self.tail.clear();
        self.len = 0;
    }
}

impl<T: Clone> Ring<T> {
    pub fn retain(&mut self, mut f: impl FnMut(&T) -> bool) {
        let kept: Vec<T> = self.iter().filter(|x| f(x)).cloned().collect();
        self.clear();
        let dropped = self.dropped;
        for x in kept {
            self.push(x);
        }
        self.dropped = dropped;
    }
}

struct RingIter<'a, T> {
    ring: &'a Ring<T>,
    front: usize,
    back: usize,
}

impl<'a, T> Iterator for RingIter<'a, T> {
    type Item = &'a T;
    fn next(&mut self) -> Option<&'a T> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.ring.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
    /// In O(1), as `VecDeque`'s iterator does: `skip` (`events_since`) relies on it.
    fn nth(&mut self, n: usize) -> Option<&'a T> {
        self.front = self.front.saturating_add(n).min(self.back);
        self.next()
    }
}

impl<T> DoubleEndedIterator for RingIter<'_, T> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.ring.get(self.back)
    }
    fn nth_back(&mut self, n: usize) -> Option<Self::Item> {
        self.back = self.back.saturating_sub(n).max(self.front);
        self.next_back()
    }
}

impl<T> ExactSizeIterator for RingIter<'_, T> {}

/// A string in double quotes, as `{:?}` shows it for what people type: quotes, backslashes
/// and control characters escaped, everything else as is. Messages quote user input with
/// this instead of `{:?}`, whose Unicode tables (for escaping other unprintable characters)
/// would add kilobytes to the wasm.
pub struct Quoted<'a>(pub &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write as _;
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

// ---------------------------------------------------------------------------------------------
// Quantities and durations
// ---------------------------------------------------------------------------------------------

/// Parses a Kubernetes CPU quantity into millicores: `"250m"`, `"0.5"`, `"2"`.
pub fn parse_cpu(s: &str) -> Result<u64, String> {
    let s = s.trim();
    if let Some(m) = s.strip_suffix('m') {
        return m.parse::<u64>().map_err(|_| cpu_error(s));
    }
    parse_decimal_scaled(s, 1000).ok_or_else(|| cpu_error(s))
}

fn cpu_error(s: &str) -> String {
    format!(
        "invalid CPU quantity {}: expected e.g. 250m, 0.5 or 2",
        Quoted(s)
    )
}

/// Parses a Kubernetes memory quantity into bytes: `"128Mi"`, `"1Gi"`, `"500M"`, `"1000"`.
pub fn parse_memory(s: &str) -> Result<u64, String> {
    let s = s.trim();
    const SUFFIXES: &[(&str, u64)] = &[
        ("Ki", 1 << 10),
        ("Mi", 1 << 20),
        ("Gi", 1 << 30),
        ("Ti", 1 << 40),
        ("k", 1_000),
        ("K", 1_000),
        ("M", 1_000_000),
        ("G", 1_000_000_000),
        ("T", 1_000_000_000_000),
    ];
    let err = || {
        format!(
            "invalid memory quantity {}: expected e.g. 128Mi, 1Gi or 500M",
            Quoted(s)
        )
    };
    for (suf, mult) in SUFFIXES {
        if let Some(n) = s.strip_suffix(suf) {
            return parse_decimal_scaled(n, *mult).ok_or_else(err);
        }
    }
    parse_decimal_scaled(s, 1).ok_or_else(err)
}

/// `"1.5"` scaled by `mult` with integer arithmetic only (no float rounding differences).
fn parse_decimal_scaled(s: &str, mult: u64) -> Option<u64> {
    if s.is_empty() || s.len() > 24 {
        return None;
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, f),
        None => (s, ""),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if frac.len() > 9 {
        return None;
    }
    let i: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let f: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let den = 10u128.pow(frac.len() as u32);
    let v = (i as u128).checked_mul(mult as u128)? + f * mult as u128 / den;
    let v = u64::try_from(v).ok()?;
    Some(v)
}

/// A plain decimal number: an optional sign, digits and an optional fraction (`12`, `0.5`,
/// `-3`, `.5`, `5.`); no exponents, `inf` or `NaN`.
///
/// Written here instead of `str::parse::<f64>`, whose exact algorithm brings an 11 KB table
/// of powers of five into the wasm. For every number with at most 15 significant digits
/// and 22 decimals the result is the one `str::parse` gives: the digits form an integer
/// below 2^53 and the power of ten is exact, so the one division rounds correctly (the
/// fast path of Clinger's algorithm). Digits past 2^53 in the fraction are dropped (an
/// error below 1e-15 relative); an integer part past that keeps growing in `f64`.
pub fn parse_decimal(t: &str) -> Option<f64> {
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.len() + frac.len() == 0 || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    const EXACT: u64 = 1 << 53;
    let (mut mantissa, mut big) = (0u64, 0.0f64);
    for b in int.bytes() {
        let d = u64::from(b - b'0');
        if big == 0.0 && mantissa < (EXACT - d) / 10 {
            mantissa = mantissa * 10 + d;
        } else {
            // Past 2^53: only in numbers far outside any range the callers accept.
            big = (if big == 0.0 { mantissa as f64 } else { big }) * 10.0 + d as f64;
        }
    }
    let mut v = if big == 0.0 { mantissa as f64 } else { big };
    if big == 0.0 {
        let mut decimals = 0;
        for b in frac.bytes().take(22) {
            let d = u64::from(b - b'0');
            if mantissa >= (EXACT - d) / 10 {
                break;
            }
            mantissa = mantissa * 10 + d;
            decimals += 1;
        }
        v = mantissa as f64 / POW10[decimals];
    }
    Some(if neg { -v } else { v })
}

/// `v` as the shortest plain decimal that [`parse_decimal`] reads back as `v` exactly
/// (`30`, `0.5`, `2.675`), by integer arithmetic: Rust's float formatting would add about
/// 6 KB to the app's wasm. Values [`parse_decimal`] never gives (beyond 1e20, NaN,
/// infinities) come out rounded to whole numbers or as `NaN`/`inf`.
pub fn fmt_decimal(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    let a = v.abs();
    if a.is_infinite() {
        return format!("{sign}inf");
    }
    let digits = |n: u128, k: u32| {
        let p = 10u128.pow(k);
        let (int, frac) = (n / p, n % p);
        if k == 0 {
            format!("{sign}{int}")
        } else {
            let frac = (p + frac).to_string();
            format!("{sign}{int}.{}", &frac[1..])
        }
    };
    if a >= 1e20 {
        return digits(a as u128, 0);
    }
    for k in 0..=17 {
        let n = (a * POW10[k as usize]).round() as u128;
        if n.is_multiple_of(10) && k > 0 {
            continue; // a trailing zero: a shorter form was already tried
        }
        let s = digits(n, k);
        if parse_decimal(s.trim_start_matches('-')) == Some(a) {
            return s;
        }
    }
    digits((a * 1e17).round() as u128, 17)
}

/// 10^0 ..= 10^22, each exact in `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Parses a duration: `"500ms"`, `"30s"`, `"5m"`, `"1h"`, `"1m30s"`, or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Millis, String> {
    let s = s.trim();
    let err = || {
        format!(
            "invalid duration {}: expected e.g. 500ms, 30s, 5m, 1h or 1m30s",
            Quoted(s)
        )
    };
    if s.is_empty() {
        return Err(err());
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<u64>()
            .ok()
            .and_then(|v| v.checked_mul(1000))
            .ok_or_else(err);
    }
    let mut total: u64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || digits > 12 {
            return Err(err());
        }
        let n: u64 = rest[..digits].parse().map_err(|_| err())?;
        rest = &rest[digits..];
        let (mult, len) = if rest.starts_with("ms") {
            (1, 2)
        } else if rest.starts_with('s') {
            (1000, 1)
        } else if rest.starts_with('m') {
            (60_000, 1)
        } else if rest.starts_with('h') {
            (3_600_000, 1)
        } else {
            return Err(err());
        };
        rest = &rest[len..];
        total = total
            .checked_add(n.checked_mul(mult).ok_or_else(err)?)
            .ok_or_else(err)?;
    }
    Ok(total)
}

/// Renders millicores the way kubectl does: `250m`, `2`.
pub fn fmt_cpu(m: u64) -> String {
    if m.is_multiple_of(1000) {
        format!("{}", m / 1000)
    } else {
        format!("{m}m")
    }
}

/// Renders bytes with the largest exact binary suffix: `128Mi`, `1Gi`, `1000`.
pub fn fmt_memory(b: u64) -> String {
    for (suf, mult) in [
        ("Ti", 1u64 << 40),
        ("Gi", 1 << 30),
        ("Mi", 1 << 20),
        ("Ki", 1 << 10),
    ] {
        if b >= mult && b.is_multiple_of(mult) {
            return format!("{}{suf}", b / mult);
        }
    }
    format!("{b}")
}

/// Renders a duration compactly: `500ms`, `30s`, `5m`, `1m30s`.
pub fn fmt_duration(ms: Millis) -> String {
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let (s, frac) = (ms / 1000, ms % 1000);
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if frac > 0 {
        out.push_str(&format!("{sec}.{frac:03}s"));
    } else if sec > 0 || out.is_empty() {
        out.push_str(&format!("{sec}s"));
    }
    out
}

/// The permutation a stable top-down merge sort of `0..n` by `less` produces; `less` need
/// not be a total order. Every sort in the engine goes through this one non-generic routine
/// (one copy in the wasm instead of one per element type and comparator).
pub fn sort_order(n: usize, less: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut buf = Vec::with_capacity(n);
    merge_rec(&mut v, &mut buf, less);
    v
}

fn merge_rec(v: &mut [usize], buf: &mut Vec<usize>, less: &dyn Fn(usize, usize) -> bool) {
    if v.len() <= 1 {
        return;
    }
    let mid = v.len() / 2;
    merge_rec(&mut v[..mid], buf, less);
    merge_rec(&mut v[mid..], buf, less);
    buf.clear();
    buf.extend_from_slice(v);
    let (left, right) = buf.split_at(mid);
    let (mut i, mut j) = (0, 0);
    for slot in v.iter_mut() {
        // Take from the right only when it is strictly less: stable.
        if j < right.len() && (i == left.len() || less(right[j], left[i])) {
            *slot = right[j];
            j += 1;
        } else {
            *slot = left[i];
            i += 1;
        }
    }
}

/// Sorts `v` stably by `less` (through [`sort_order`]).
pub fn sort_by_less<T>(v: &mut Vec<T>, less: impl Fn(&T, &T) -> bool) {
    if v.len() <= 1 {
        return;
    }
    let order = sort_order(v.len(), &|a, b| less(&v[a], &v[b]));
    let mut old: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| old[i].take()));
}

/// A stable merge sort driven by a `less` predicate that need not be a total order.
/// Upstream's pod ranking (`ActivePodsWithRanks.Less`) is not transitive in corner cases
/// (Go's `sort.Sort` tolerates that; Rust's `sort_by` may panic), so the ranking uses this:
/// deterministic, O(n log n), never panics.
pub fn merge_sort_by<T: Clone>(v: &mut Vec<T>, less: &impl Fn(&T, &T) -> bool) {
    sort_by_less(v, less);
}

/// Edit distance, for "did you mean" suggestions.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(parse_cpu("250m"), Ok(250));
        assert_eq!(parse_cpu("0.5"), Ok(500));
        assert_eq!(parse_cpu("2"), Ok(2000));
        assert_eq!(parse_cpu(".1"), Ok(100));
        assert!(parse_cpu("2x").is_err());
        assert!(parse_cpu("").is_err());
        assert!(parse_cpu("-1").is_err());
        assert_eq!(parse_memory("128Mi"), Ok(128 << 20));
        assert_eq!(parse_memory("1.5Gi"), Ok(3 << 29));
        assert_eq!(parse_memory("500M"), Ok(500_000_000));
        assert_eq!(parse_memory("1000"), Ok(1000));
        assert!(parse_memory("12Qi").is_err());
        assert_eq!(fmt_cpu(250), "250m");
        assert_eq!(fmt_cpu(2000), "2");
        assert_eq!(fmt_memory(128 << 20), "128Mi");
    }

    #[test]
    fn decimals_print_as_the_standard_library_does_and_read_back() {
        for v in [
            0.0,
            30.0,
            0.5,
            2.675,
            0.1,
            0.3,
            120.0,
            1e9,
            123456789.123456,
            0.000001,
            99.99,
            -3.5,
            7.0e-3,
            4000.25,
            1e19,
        ] {
            assert_eq!(fmt_decimal(v), format!("{v}"), "{v}");
            let back = parse_decimal(&fmt_decimal(v));
            assert_eq!(back, Some(v), "{v}");
        }
        assert_eq!(fmt_decimal(-0.0), "0");
        assert_eq!(fmt_decimal(f64::NAN), "NaN");
        assert_eq!(fmt_decimal(f64::NEG_INFINITY), "-inf");
        assert_eq!(fmt_decimal(1e21), "1000000000000000000000");
    }

    #[test]
    fn decimals_parse_as_the_standard_library_does() {
        for t in [
            "0",
            "12",
            "0.5",
            "0.3",
            "0.1",
            "-3",
            "+7",
            ".5",
            "5.",
            "2.675",
            "1000000000",
            "123456789.123456",
            "0.000001",
            "99.99",
            "1e0x",
            "007",
            "3.14159265358979",
        ] {
            let std: Option<f64> = if t.contains(['e', 'x']) {
                None
            } else {
                t.parse().ok()
            };
            assert_eq!(parse_decimal(t), std, "{t}");
        }
        for bad in [
            "", "-", ".", "1e3", "inf", "NaN", "1.2.3", " 1", "1 ", "0x10", "--1",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        // Long fractions are cut at 2^53, not rejected; huge integers still grow.
        let long = parse_decimal("0.12345678901234567890123").unwrap();
        assert!((long - 0.123_456_789_012_345_68).abs() < 1e-15);
        let huge = parse_decimal("123456789012345678901234").unwrap();
        assert!((huge / 1.234_567_890_123_456_8e23 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn quoted_matches_debug_for_typed_text() {
        for s in [
            "web",
            "",
            "a b",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "nl\n",
            "\0",
            "\u{7}",
            "\u{9f}",
            "한국어",
            "é",
        ] {
            assert_eq!(Quoted(s).to_string(), format!("{s:?}"), "{s:?}");
        }
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(500));
        assert_eq!(parse_duration("30s"), Ok(30_000));
        assert_eq!(parse_duration("5m"), Ok(300_000));
        assert_eq!(parse_duration("1m30s"), Ok(90_000));
        assert_eq!(parse_duration("1h"), Ok(3_600_000));
        assert_eq!(parse_duration("45"), Ok(45_000));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("s").is_err());
        assert!(parse_duration("99999999999999999999s").is_err());
        assert_eq!(fmt_duration(90_000), "1m30s");
        assert_eq!(fmt_duration(568), "568ms");
        assert_eq!(fmt_duration(405_568), "6m45.568s");
    }

    #[test]
    fn rng_is_reproducible_and_uniform_enough() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        let mut counts = [0u32; 4];
        for _ in 0..4000 {
            counts[a.below(4) as usize] += 1;
        }
        assert!(
            counts.iter().all(|&c| (900..1100).contains(&c)),
            "{counts:?}"
        );
        // Known first output of SplitMix64 seeded with 0 (reference vector).
        assert_eq!(Rng::new(0).next_u64(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn ring_is_bounded() {
        let mut r = Ring::new(3);
        for i in 0..10 {
            r.push(i);
        }
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![7, 8, 9]);
        assert_eq!(r.dropped(), 7);
    }

    #[test]
    fn a_ring_behaves_as_a_bounded_fifo_across_its_chunks_and_copies_apart() {
        // Against a plain VecDeque, through several chunks and roll-offs.
        for cap in [
            1,
            5,
            RING_CHUNK - 1,
            RING_CHUNK,
            RING_CHUNK + 1,
            3 * RING_CHUNK + 7,
        ] {
            let mut r = Ring::new(cap);
            let mut want = VecDeque::new();
            for i in 0..(5 * RING_CHUNK + 3) {
                r.push(i);
                want.push_back(i);
                if want.len() > cap {
                    want.pop_front();
                }
                assert_eq!(r.len(), want.len());
                assert_eq!(r.last(), want.back());
                assert_eq!(r.get(0), want.front());
            }
            assert!(r.iter().eq(want.iter()), "cap {cap}");
            for k in [0, 1, 7, RING_CHUNK, want.len()] {
                assert_eq!(r.iter().nth(k), want.get(k), "cap {cap}, nth {k}");
                assert_eq!(r.iter().nth_back(k), want.iter().nth_back(k));
                assert!(r.iter().skip(k).eq(want.iter().skip(k)));
            }
            assert!(r.iter().rev().eq(want.iter().rev()), "cap {cap}");
            assert_eq!(r.iter().len(), want.len());
            assert_eq!(r.dropped() as usize, 5 * RING_CHUNK + 3 - want.len());
            // A copy shares the full chunks but goes its own way.
            let mut copy = r.clone();
            copy.push(1_000_000);
            r.push(2_000_000);
            assert_eq!(copy.last(), Some(&1_000_000));
            assert_eq!(r.last(), Some(&2_000_000));
            assert!(copy.iter().rev().skip(1).eq(r.iter().rev().skip(1)));
        }
        // Serialized as before the chunks: {cap, items, dropped}.
        let mut r = Ring::new(2);
        for i in 0..3 {
            r.push(i);
        }
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"cap":2,"items":[1,2],"dropped":1}"#
        );
        r.retain(|x| *x == 2);
        assert_eq!(r.iter().copied().collect::<Vec<_>>(), vec![2]);
        assert_eq!(r.dropped(), 1);
    }

    /// The recursive merge sort this module used before `sort_order`: the reference for the
    /// permutation (the deletion ranking is not a total order, so the exact algorithm matters).
    fn reference_merge_sort<T: Clone>(v: &mut Vec<T>, less: &impl Fn(&T, &T) -> bool) {
        if v.len() <= 1 {
            return;
        }
        let mut right = v.split_off(v.len() / 2);
        reference_merge_sort(v, less);
        reference_merge_sort(&mut right, less);
        let left = std::mem::take(v);
        let (mut i, mut j) = (0, 0);
        while i < left.len() && j < right.len() {
            if less(&right[j], &left[i]) {
                v.push(right[j].clone());
                j += 1;
            } else {
                v.push(left[i].clone());
                i += 1;
            }
        }
        v.extend_from_slice(&left[i..]);
        v.extend_from_slice(&right[j..]);
    }

    #[test]
    fn sort_order_matches_the_reference_merge_sort_even_for_inconsistent_orders() {
        let mut rng = Rng::new(9);
        for n in 0..60usize {
            let v: Vec<u64> = (0..n).map(|_| rng.below(7)).collect();
            type Less = dyn Fn(&u64, &u64) -> bool;
            let orders: [&Less; 3] = [&|a, b| a < b, &|a, b| (a + 1) % 3 == b % 3, &|a, b| {
                a % 2 == 0 && b % 3 != 0
            }];
            for less in orders {
                let mut a: Vec<(u64, usize)> = v.iter().copied().zip(0..).collect();
                let mut b = a.clone();
                reference_merge_sort(&mut a, &|x: &(u64, usize), y: &(u64, usize)| {
                    less(&x.0, &y.0)
                });
                sort_by_less(&mut b, |x, y| less(&x.0, &y.0));
                assert_eq!(a, b, "n {n}");
            }
        }
    }

    #[test]
    fn merge_sort_survives_inconsistent_orders() {
        let mut v: Vec<u32> = (0..100).rev().collect();
        merge_sort_by(&mut v, &|a, b| a < b);
        assert_eq!(v, (0..100).collect::<Vec<_>>());
        // A cyclic "order" must not panic and must keep every element.
        let mut w: Vec<u32> = (0..50).map(|i| i * 7 % 50).collect();
        merge_sort_by(&mut w, &|a, b| (a + 1) % 3 == b % 3);
        w.sort();
        assert_eq!(w, (0..50).collect::<Vec<_>>());
    }

    #[test]
    fn suggestions() {
        assert_eq!(levenshtein("cordn", "cordon"), 1);
        assert_eq!(levenshtein("", "ab"), 2);
    }
}
