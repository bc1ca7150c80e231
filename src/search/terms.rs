//! From a query's words to the terms the index holds for them (see `index::analysis`): a
//! keyword is its stem; an exact word is its exact-form term, or its stem less the positions of
//! its stem's other forms; a prefix (`kor*`) is every word the index holds that starts with it,
//! read from the term dictionaries.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::matching::{TermGroup, WordTerms};
use crate::index::Fields;
use crate::index::analysis::{MARK, exact_forms_of, exact_term, exact_word_of};

/// A prefix stands for at most this many words (the most frequent), so that `a*` stays a query
/// that answers in milliseconds.
pub const MAX_PREFIX_WORDS: usize = 64;

/// The title and body terms of one searcher's segments.
pub struct Vocabulary<'a> {
    searcher: &'a Searcher,
    fields: [Field; 2],
}

impl<'a> Vocabulary<'a> {
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> Self {
        Self { searcher, fields: [fields.title, fields.body] }
    }

    /// A keyword: the word's stem wherever it stands.
    pub fn keyword(stem: &str) -> WordTerms {
        WordTerms::term(stem)
    }

    /// A word of a stemmed phrase (an unquoted `state-of-the-art`): its stem, or for a stop
    /// word the word itself, which holds its place.
    pub fn stemmed(word: &str, stem: Option<&str>) -> WordTerms {
        match stem {
            Some(stem) => WordTerms::term(stem),
            None => WordTerms::term(exact_term(word, None)),
        }
    }

    /// Exactly this lower-cased word.
    pub fn exact(&self, word: &str, stem: Option<&str>) -> tantivy::Result<WordTerms> {
        Ok(match stem {
            Some(stem) if stem == word => {
                let (low, high) = exact_forms_of(stem);
                let exclude = self.terms_between(&low, &high)?.into_keys().collect();
                WordTerms { groups: vec![TermGroup { include: stem.to_string(), exclude }] }
            }
            _ => WordTerms::term(exact_term(word, stem)),
        })
    }

    /// Every word starting with `prefix` (lower-cased), exactly. `prefix_stem` is the prefix's own
    /// stem, which finds words whose stem does not start with the prefix (`happy*`: *happy* has
    /// the stem *happi*).
    pub fn exact_prefix(&self, prefix: &str, prefix_stem: Option<&str>) -> tantivy::Result<WordTerms> {
        let mut found = self.terms_starting(prefix)?;
        if let Some(stem) = prefix_stem.filter(|s| *s != prefix) {
            found.extend(self.terms_starting(stem)?);
        }
        found.extend(self.terms_starting(&format!("{MARK}{prefix}"))?);
        let mut groups: Vec<(u64, TermGroup)> = Vec::new();
        for (term, frequency) in &found {
            match exact_word_of(term) {
                Some(word) if word.starts_with(prefix) => {
                    groups.push((*frequency, TermGroup { include: term.clone(), exclude: Vec::new() }))
                }
                Some(_) => {}
                None if term.starts_with(prefix) => {
                    // The stem stands for the word itself only where no other form is written.
                    let (low, high) = exact_forms_of(term);
                    let exclude = found.range(low..high).map(|(t, _)| t.clone()).collect();
                    groups.push((*frequency, TermGroup { include: term.clone(), exclude }));
                }
                None => {}
            }
        }
        groups.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.include.cmp(&b.1.include)));
        groups.truncate(MAX_PREFIX_WORDS);
        Ok(WordTerms { groups: groups.into_iter().map(|(_, g)| g).collect() })
    }

    /// The stems of every word starting with `prefix`, most frequent first (at most
    /// [`MAX_PREFIX_WORDS`]): a prefix keyword searches each as a keyword.
    pub fn prefix_stems(&self, prefix: &str, prefix_stem: Option<&str>) -> tantivy::Result<Vec<String>> {
        let mut found = self.terms_starting(prefix)?;
        if let Some(stem) = prefix_stem.filter(|s| *s != prefix) {
            found.extend(self.terms_starting(stem)?);
        }
        let mut stems: BTreeMap<String, u64> = BTreeMap::new();
        for (term, frequency) in &found {
            match term.split_once(MARK) {
                Some((stem, word)) if word.starts_with(prefix) && !stem.is_empty() => {
                    let frequency = found.get(stem).copied().unwrap_or(*frequency);
                    stems.insert(stem.to_string(), frequency);
                }
                None if term.starts_with(prefix) => {
                    stems.insert(term.clone(), *frequency);
                }
                _ => {}
            }
        }
        let mut ranked: Vec<(String, u64)> = stems.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(ranked.into_iter().take(MAX_PREFIX_WORDS).map(|(stem, _)| stem).collect())
    }

    /// Terms starting with `prefix`, with their document frequencies.
    fn terms_starting(&self, prefix: &str) -> tantivy::Result<BTreeMap<String, u64>> {
        let mut high = prefix.as_bytes().to_vec();
        // The smallest byte string above every string starting with the prefix.
        while let Some(last) = high.pop() {
            if last < u8::MAX {
                high.push(last + 1);
                break;
            }
        }
        self.terms_in(prefix.as_bytes(), (!high.is_empty()).then_some(high.as_slice()))
    }

    fn terms_between(&self, low: &str, high: &str) -> tantivy::Result<BTreeMap<String, u64>> {
        self.terms_in(low.as_bytes(), Some(high.as_bytes()))
    }

    fn terms_in(&self, low: &[u8], high: Option<&[u8]>) -> tantivy::Result<BTreeMap<String, u64>> {
        let mut terms: BTreeMap<String, u64> = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            for field in self.fields {
                let inverted = segment.inverted_index(field)?;
                let mut range = inverted.terms().range().ge(low);
                if let Some(high) = high {
                    range = range.lt(high);
                }
                let mut stream = range.into_stream()?;
                while stream.advance() {
                    if let Ok(text) = std::str::from_utf8(stream.key()) {
                        *terms.entry(text.to_string()).or_default() += u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        Ok(terms)
    }

    /// How many articles hold the term in the title or the body (the larger count).
    pub fn doc_freq(&self, text: &str) -> tantivy::Result<u64> {
        let mut most = 0;
        for field in self.fields {
            most = most.max(self.searcher.doc_freq(&Term::from_field_text(field, text))?);
        }
        Ok(most)
    }
}

/// The words a set of terms stands for, for messages and tests.
pub fn words_of(terms: &WordTerms) -> BTreeSet<String> {
    terms.groups.iter().map(|g| exact_word_of(&g.include).unwrap_or(&g.include).to_string()).collect()
}
