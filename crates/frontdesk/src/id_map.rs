//! Hash maps keyed by ids, with a fixed-seed hasher so iteration order never
//! depends on the process.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map keyed by a workspace id (user, conversation). Ids are small
/// sequential numbers handed out by the workspace itself, never chosen by
/// input, so a multiplicative hash is as good as SipHash here and several
/// times cheaper on the per-message path. Fixed, so also deterministic.
pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdMap`] (FxHash-style: rotate, xor, multiply).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHasher(u64);

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(dst) = word.get_mut(..chunk.len()) {
                dst.copy_from_slice(chunk);
            }
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(SEED);
    }

    fn finish(&self) -> u64 {
        // The table takes its bucket from the low bits and its tag from the
        // top 7: fold the well-mixed high half down.
        self.0.rotate_left(26)
    }
}
