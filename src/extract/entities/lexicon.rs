//! Word statistics from unannotated news, learnt when training and kept in the model: how often
//! each word is written capitalised in the middle of a sentence of running text. They tell the
//! tagger what a word at the start of a sentence or in an all-capitals headline usually is
//! ("SURGING" is a common word, "PYONGYANG" a name) and vouch for names the annotated data
//! never shows.

use rustc_hash::FxHashMap;

use super::shape::{Class, SentenceCase, WordShape, lower_hash, sentence_case};

/// A word the statistics do not know.
pub(super) const UNSEEN: u8 = 0;
/// Buckets kept for words seen at least this often.
const MIN_SEEN: u32 = 2;

/// Case statistics by word: 32 bits of the word's lower-case hash → bucket.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    buckets: FxHashMap<u32, u8>,
}

/// Fingerprint of a lower-case word hash.
fn fingerprint(lower: u64) -> u32 {
    (lower >> 32) as u32
}

impl Lexicon {
    /// The bucket of a word (by its lower-case hash): [`UNSEEN`], or how often it is capitalised.
    #[inline]
    pub(super) fn bucket(&self, lower: u64) -> u8 {
        if self.buckets.is_empty() {
            return UNSEEN;
        }
        self.buckets.get(&fingerprint(lower)).copied().unwrap_or(UNSEEN)
    }

    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// (fingerprint, bucket) pairs, sorted, for the model file.
    pub(super) fn entries(&self) -> Vec<(u32, u8)> {
        let mut entries: Vec<(u32, u8)> = self.buckets.iter().map(|(&k, &v)| (k, v)).collect();
        entries.sort_unstable();
        entries
    }

    pub(super) fn from_entries(entries: impl IntoIterator<Item = (u32, u8)>) -> Self {
        Self { buckets: entries.into_iter().collect() }
    }
}

/// Counts how documents write their words.
#[derive(Debug, Default)]
pub struct LexiconBuilder {
    /// Lower-case hash → (lower-case mid-sentence, capitalised mid-sentence, elsewhere).
    counts: FxHashMap<u64, [u32; 3]>,
    shapes: Vec<WordShape>,
    buf: String,
    documents: usize,
}

impl LexiconBuilder {
    /// Adds one document: its words, and where sentences start.
    pub(super) fn add(&mut self, words: &[&str], starts: &[bool]) {
        self.documents += 1;
        self.shapes.clear();
        self.shapes.extend(words.iter().map(|word| WordShape::of(word)));
        let mut start = 0;
        while start < words.len() {
            let end = (start + 1..words.len()).find(|&i| starts[i]).unwrap_or(words.len());
            let case = sentence_case(self.shapes[start..end].iter().map(WordShape::class));
            for (i, (word, shape)) in words.iter().zip(&self.shapes).enumerate().take(end).skip(start) {
                let running = i > start && case == SentenceCase::Running;
                let slot = match shape.class() {
                    Class::Lower if running => 0,
                    Class::Cap if running => 1,
                    Class::Punct | Class::Digit => continue,
                    _ => 2,
                };
                let lower = lower_hash(word, shape, &mut self.buf);
                let count = &mut self.counts.entry(lower).or_default()[slot];
                *count = count.saturating_add(1);
            }
            start = end;
        }
    }

    /// Documents added so far.
    pub fn documents(&self) -> usize {
        self.documents
    }

    pub fn finish(self) -> Lexicon {
        let buckets = self
            .counts
            .into_iter()
            .filter(|(_, [lower, cap, other])| lower + cap + other >= MIN_SEEN)
            .map(|(word, counts)| (fingerprint(word), bucket(counts)))
            .collect();
        Lexicon { buckets }
    }
}

/// The share of mid-sentence uses that are capitalised, in steps, apart for rare words.
fn bucket([lower, cap, _other]: [u32; 3]) -> u8 {
    let n = lower + cap;
    if n == 0 {
        return 1;
    }
    let frequent = n >= 4;
    let share = f64::from(cap) / f64::from(n);
    if cap == 0 {
        if frequent { 2 } else { 3 }
    } else if share < 0.2 {
        4
    } else if share < 0.8 {
        5
    } else if lower > 0 {
        6
    } else if frequent {
        7
    } else {
        8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_bucketed_by_how_they_are_written() {
        let mut builder = LexiconBuilder::default();
        for _ in 0..4 {
            let words = ["Officials", "in", "Seoul", "said", "the", "talks", "went", "well", "."];
            builder.add(&words, &[true, false, false, false, false, false, false, false, false]);
        }
        builder.add(&["TALKS", "FAIL"], &[true, false]);
        let lexicon = builder.finish();
        let lower = |w: &str| xxhash_rust::xxh3::xxh3_64(w.as_bytes());
        assert_eq!(lexicon.bucket(lower("seoul")), 7, "always capitalised");
        assert_eq!(lexicon.bucket(lower("talks")), 2, "never capitalised in running text");
        assert_eq!(lexicon.bucket(lower("officials")), 1, "only seen at the start of a sentence");
        assert_eq!(lexicon.bucket(lower("fail")), UNSEEN, "seen once");
        assert_eq!(lexicon.bucket(lower("never")), UNSEEN);
    }
}
