//! The trained entity tagger: an averaged perceptron over hashed sparse features with BILOU
//! tags, in two passes (the second sees what the first said about the same words elsewhere in
//! the document); [`decode`](super::decode) tags a document with it.
//!
//! Written here rather than taken from a crate: `crfs` (the pure-Rust CRFsuite) and its kin take
//! each token's features as strings, which costs an allocation per feature and keeps taggers well
//! under a million tokens a second; a perceptron over hashed features needs no strings, skips the
//! words that cannot start an entity, and trains on CoNLL-2003 in seconds.
//!
//! The model file is `NDXNER` + format version + features version, then a zstd frame holding
//! the feature hashes and their weights (one `i16` per tag), and the word statistics. The model trained on CoNLL-2003
//! (`models/ner.bin`) is built into the binary.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::LazyLock;

use anyhow::{Context, bail};

use super::decode::{Scorer, decode};
use super::features::{FEATURES_VERSION, FirstPass, Prepared};
use super::lexicon::Lexicon;
use super::shape::WordShape;
use super::tags::TAGS;

const MAGIC: &[u8; 6] = b"NDXNER";
const FORMAT_VERSION: u32 = 1;

/// The model trained on CoNLL-2003 `train.txt` (see the README's Named entities section to retrain).
static BUILTIN_BYTES: &[u8] = include_bytes!("../../../models/ner.bin");

static BUILTIN: LazyLock<Result<Tagger, String>> =
    LazyLock::new(|| Tagger::from_bytes(BUILTIN_BYTES).map_err(|e| format!("{e:#}")));

/// A trained tagger: weights for both passes in one table, and the word statistics.
pub struct Tagger {
    table: Table,
    lexicon: Lexicon,
    /// Tags O unasked the words the model all but always tags O (off while training).
    shortcuts: bool,
}

/// Feature hash → row of weights, by open addressing (linear probing): the low bits of a hash
/// choose the slot, the high 32 bits are kept to tell features apart. Keys and rows are parallel
/// arrays indexed by slot, so that a probe reads only the key array (4 bytes a slot) and a found
/// feature's weights are one read further.
struct Table {
    /// High bits of the feature hash per slot; 0 marks an empty slot.
    keys: Vec<u32>,
    rows: Vec<[i16; TAGS]>,
    /// The full hash of each slot's feature, for saving.
    hashes: Vec<u64>,
    mask: usize,
    len: usize,
}

/// The part of a hash kept in a slot (never 0, which marks an empty slot).
#[inline]
fn fingerprint(hash: u64) -> u32 {
    ((hash >> 32) as u32).max(1)
}

impl Table {
    fn new(features: Vec<(u64, [i16; TAGS])>) -> Self {
        // At most two thirds full: probes for absent features stay short.
        let capacity = (features.len() * 3 / 2).next_power_of_two().max(16);
        let mut table = Self {
            keys: vec![0; capacity],
            rows: vec![[0; TAGS]; capacity],
            hashes: vec![0; capacity],
            mask: capacity - 1,
            len: 0,
        };
        for (hash, row) in features {
            let key = fingerprint(hash);
            let mut at = hash as usize & table.mask;
            while table.keys[at] != 0 && table.keys[at] != key {
                at = (at + 1) & table.mask;
            }
            if table.keys[at] == 0 {
                (table.keys[at], table.rows[at], table.hashes[at]) = (key, row, hash);
                table.len += 1;
            }
        }
        table
    }

    /// The slot holding feature `hash`, if the model has it.
    #[inline]
    fn slot(&self, hash: u64) -> Option<usize> {
        let wanted = fingerprint(hash);
        let mut at = hash as usize & self.mask;
        loop {
            let key = self.keys[at];
            if key == wanted {
                return Some(at);
            }
            if key == 0 {
                return None;
            }
            at = (at + 1) & self.mask;
        }
    }

    fn add_row(&self, slot: usize, scores: &mut [i32; TAGS]) {
        for (score, &w) in scores.iter_mut().zip(&self.rows[slot]) {
            *score += i32::from(w);
        }
    }

    /// Adds the rows of all `features` to `scores`. The rows are far larger than the caches, so
    /// every key is fetched ahead, then every row found, and only then are they read.
    fn score_all(&self, features: &[u64], scores: &mut [i32; TAGS]) {
        const BATCH: usize = 64;
        for batch in features.chunks(BATCH) {
            for &hash in batch {
                prefetch(&self.keys[hash as usize & self.mask]);
            }
            let mut slots = [0u32; BATCH];
            let mut found = 0;
            for &hash in batch {
                if let Some(slot) = self.slot(hash) {
                    prefetch(&self.rows[slot]);
                    prefetch(&self.rows[slot][TAGS - 1]);
                    slots[found] = slot as u32;
                    found += 1;
                }
            }
            for &slot in &slots[..found] {
                self.add_row(slot as usize, scores);
            }
        }
    }

    fn entries(&self) -> impl Iterator<Item = (u64, &[i16; TAGS])> {
        self.keys
            .iter()
            .zip(&self.hashes)
            .zip(&self.rows)
            .filter(|((key, _), _)| **key != 0)
            .map(|((_, h), r)| (*h, r))
    }
}

/// Asks the processor to bring `value` into the cache; a hint only, with no effect on results.
#[inline(always)]
fn prefetch<T>(value: &T) {
    // SAFETY: a prefetch never reads memory as far as the program can tell, and SSE is part of
    // every x86-64 processor.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((value as *const T).cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

impl Scorer for Tagger {
    #[inline]
    fn score(&self, feature: u64, scores: &mut [i32; TAGS]) {
        if let Some(slot) = self.table.slot(feature) {
            self.table.add_row(slot, scores);
        }
    }

    fn score_all(&self, features: &[u64], scores: &mut [i32; TAGS]) {
        self.table.score_all(features, scores);
    }

    fn takes_shortcuts(&self) -> bool {
        self.shortcuts
    }
}

/// Reusable buffers for tagging documents, one per thread.
#[derive(Default)]
pub struct Workspace {
    pub(super) prepared: Prepared,
    features: Vec<u64>,
    first: Vec<u8>,
    first_pass: FirstPass,
}

impl Tagger {
    /// The tagger built into the binary.
    pub fn builtin() -> anyhow::Result<&'static Tagger> {
        BUILTIN.as_ref().map_err(|e| anyhow::anyhow!("the built-in entity model is unusable: {e}"))
    }

    pub fn load(path: &Path) -> anyhow::Result<Tagger> {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?;
        Self::from_bytes(&bytes).with_context(|| format!("{} is not a usable entity model", path.display()))
    }

    /// A tagger from quantised weights (feature hash, one weight per tag) and word statistics.
    pub(super) fn new(rows: Vec<(u64, [i16; TAGS])>, lexicon: Lexicon) -> Self {
        Self { table: Table::new(rows), lexicon, shortcuts: true }
    }

    /// The same tagger scoring every word that can start an entity, as training does.
    pub(super) fn without_shortcuts(self) -> Self {
        Self { shortcuts: false, ..self }
    }

    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<Tagger> {
        let Some(rest) = bytes.strip_prefix(MAGIC) else { bail!("not a newsdex entity model") };
        let (format, rest) = read_u32(rest)?;
        let (features, rest) = read_u32(rest)?;
        if format != FORMAT_VERSION || features != FEATURES_VERSION {
            bail!(
                "model format {format}, features {features}; this newsdex reads format {FORMAT_VERSION}, \
                 features {FEATURES_VERSION}: retrain it with `newsdex ner train`"
            );
        }
        let mut payload = Vec::new();
        zstd::stream::read::Decoder::new(rest)?.read_to_end(&mut payload).context("corrupt model data")?;
        let (count, rest) = read_u32(&payload)?;
        let count = count as usize;
        if rest.len() < count * (8 + 2 * TAGS) {
            bail!("model data is truncated");
        }
        let (hashes, rest) = rest.split_at(count * 8);
        let (weights, rest) = rest.split_at(count * 2 * TAGS);
        let mut hash = 0u64;
        let mut rows: Vec<(u64, [i16; TAGS])> = hashes
            .chunks_exact(8)
            .map(|delta| {
                hash = hash.wrapping_add(u64::from_le_bytes(delta.try_into().unwrap_or_default()));
                (hash, [0; TAGS])
            })
            .collect();
        for (t, column) in weights.chunks_exact(2 * count.max(1)).enumerate() {
            for (row, w) in rows.iter_mut().zip(column.chunks_exact(2)) {
                row.1[t] = i16::from_le_bytes([w[0], w[1]]);
            }
        }
        let (words, rest) = read_u32(rest)?;
        let words = words as usize;
        if rest.len() != words * 5 {
            bail!("model data has the wrong length");
        }
        let (fingerprints, buckets) = rest.split_at(words * 4);
        let mut fingerprint = 0u32;
        let lexicon =
            Lexicon::from_entries(fingerprints.chunks_exact(4).zip(buckets).map(|(delta, &bucket)| {
                fingerprint =
                    fingerprint.wrapping_add(u32::from_le_bytes(delta.try_into().unwrap_or_default()));
                (fingerprint, bucket)
            }));
        Ok(Self::new(rows, lexicon))
    }

    pub fn to_bytes(&self) -> anyhow::Result<Vec<u8>> {
        let mut entries: Vec<(u64, &[i16; TAGS])> = self.table.entries().collect();
        entries.sort_unstable_by_key(|(hash, _)| *hash);
        // Sorted hashes as differences, then the weights tag by tag: compresses well.
        let mut payload = Vec::with_capacity(4 + entries.len() * (8 + 2 * TAGS));
        payload.extend((entries.len() as u32).to_le_bytes());
        let mut previous = 0u64;
        for (hash, _) in &entries {
            payload.extend(hash.wrapping_sub(previous).to_le_bytes());
            previous = *hash;
        }
        for t in 0..TAGS {
            for (_, row) in &entries {
                payload.extend(row[t].to_le_bytes());
            }
        }
        let lexicon = self.lexicon.entries();
        payload.extend((lexicon.len() as u32).to_le_bytes());
        let mut previous = 0u32;
        for (fingerprint, _) in &lexicon {
            payload.extend(fingerprint.wrapping_sub(previous).to_le_bytes());
            previous = *fingerprint;
        }
        payload.extend(lexicon.iter().map(|(_, bucket)| bucket));
        let mut out = Vec::new();
        out.extend(MAGIC);
        out.extend(FORMAT_VERSION.to_le_bytes());
        out.extend(FEATURES_VERSION.to_le_bytes());
        let mut encoder = zstd::stream::write::Encoder::new(&mut out, 19)?;
        encoder.write_all(&payload)?;
        encoder.finish()?;
        Ok(out)
    }

    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        std::fs::write(path, self.to_bytes()?).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Number of feature rows.
    pub fn features(&self) -> usize {
        self.table.len
    }

    /// The word statistics the model was trained with.
    pub(super) fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Tags one document: `words` with `starts[i]` true where a sentence starts, and their
    /// shapes when they are known already. Returns one BILOU tag per word.
    pub(super) fn tag(
        &self,
        words: &[&str],
        starts: &[bool],
        shapes: Option<&[WordShape]>,
        work: &mut Workspace,
        tags: &mut Vec<u8>,
    ) {
        let Workspace { prepared, features, first, first_pass } = work;
        prepared.prepare(words, starts, shapes, &self.lexicon);
        let mut scorer = self;
        decode(&mut scorer, prepared, &self.lexicon, None, None, features, first);
        first_pass.fill(prepared, first);
        decode(&mut scorer, prepared, &self.lexicon, Some((first_pass, first)), None, features, tags);
    }
}

fn read_u32(bytes: &[u8]) -> anyhow::Result<(u32, &[u8])> {
    if bytes.len() < 4 {
        bail!("model file is truncated");
    }
    let (head, rest) = bytes.split_at(4);
    Ok((u32::from_le_bytes(head.try_into()?), rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::entities::tags::{Part, tag};

    fn tiny() -> Tagger {
        let lexicon = Lexicon::from_entries([(7, 2), (9, 7)]);
        let mut row = [0i16; TAGS];
        row[tag(2, Part::Unit) as usize] = 300;
        Tagger::new(vec![(42, row), (u64::MAX, [-5; TAGS])], lexicon)
    }

    #[test]
    fn a_model_reads_back_what_was_written() {
        let tagger = tiny();
        let again = Tagger::from_bytes(&tagger.to_bytes().unwrap()).unwrap();
        let rows = |t: &Tagger| {
            let mut rows: Vec<(u64, [i16; TAGS])> = t.table.entries().map(|(h, r)| (h, *r)).collect();
            rows.sort_unstable_by_key(|(h, _)| *h);
            rows
        };
        assert_eq!(rows(&again), rows(&tagger));
        assert_eq!(again.lexicon.entries(), [(7, 2), (9, 7)]);
        let mut scores = [0; TAGS];
        again.score(42, &mut scores);
        assert_eq!(scores[tag(2, Part::Unit) as usize], 300);
    }

    #[test]
    fn broken_models_are_refused() {
        let good = tiny().to_bytes().unwrap();
        let mut other_features = good.clone();
        other_features[10] ^= 0xff;
        for bytes in [&b""[..], b"NDXNER", b"something else", &good[..good.len() - 3], &other_features] {
            assert!(Tagger::from_bytes(bytes).is_err());
        }
        let message = format!("{:#}", Tagger::from_bytes(&other_features).err().unwrap());
        assert!(message.contains("retrain it with `newsdex ner train`"), "{message}");
    }

    #[test]
    fn the_built_in_model_loads() {
        let tagger = Tagger::builtin().unwrap();
        assert!(tagger.features() > 10_000 && tagger.lexicon.len() > 10_000);
    }
}
