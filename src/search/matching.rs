//! Where a query's words and phrases occur in one field of one segment, read from the postings:
//! which documents hold them, how often, and at which word positions. Both the scorer of whole
//! articles and the scorer of their passages read occurrences through here, and highlighting
//! matches phrases with the same rule ([`phrase_matches`]).
//!
//! A word is found through its terms (see `index::analysis`): a stem; an exact form
//! (`flood|floods`); or a stem that is also the exact word, whose positions are those of the
//! stem where no differing exact form stands (`storm` but not `storm|storms`).

use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED, Term};

/// The terms one word of a query is found through in a field: the positions of each `include`
/// term, less those where one of its `exclude` terms stands, all joined.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WordTerms {
    pub groups: Vec<TermGroup>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermGroup {
    pub include: String,
    pub exclude: Vec<String>,
}

impl WordTerms {
    pub fn term(text: impl Into<String>) -> Self {
        Self { groups: vec![TermGroup { include: text.into(), exclude: Vec::new() }] }
    }

    /// Only one term with nothing excluded: its frequency needs no positions.
    fn is_plain(&self) -> bool {
        self.groups.len() == 1 && self.groups[0].exclude.is_empty()
    }
}

/// Sequences of words at most `slop` extra positions apart in all, in order: for each match,
/// the position of each of its words. `positions[k]` are word k's positions, sorted.
pub fn phrase_matches(positions: &[Vec<u32>], slop: u32) -> Vec<Vec<u32>> {
    let Some(first) = positions.first() else { return Vec::new() };
    let mut matches = Vec::new();
    for &start in first {
        let mut found = vec![start];
        let mut budget = slop;
        for next in &positions[1..] {
            let previous = found[found.len() - 1];
            let from = next.partition_point(|&p| p <= previous);
            match next.get(from) {
                Some(&p) if p - previous - 1 <= budget => {
                    budget -= p - previous - 1;
                    found.push(p);
                }
                _ => break,
            }
        }
        if found.len() == positions.len() {
            matches.push(found);
        }
    }
    matches
}

/// One word's postings in a segment's field.
struct WordCursor {
    includes: Vec<SegmentPostings>,
    /// For each include, the postings of the terms whose positions it loses.
    excludes: Vec<Vec<SegmentPostings>>,
    doc: DocId,
}

impl WordCursor {
    fn open(
        segment: &SegmentReader,
        field: Field,
        word: &WordTerms,
        positions: bool,
    ) -> tantivy::Result<Self> {
        let inverted = segment.inverted_index(field)?;
        let option =
            if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
        let mut includes = Vec::new();
        let mut excludes = Vec::new();
        for group in &word.groups {
            let Some(postings) =
                inverted.read_postings(&Term::from_field_text(field, &group.include), option)?
            else {
                continue;
            };
            let mut excluded = Vec::new();
            for text in &group.exclude {
                if let Some(p) = inverted.read_postings(&Term::from_field_text(field, text), option)? {
                    excluded.push(p);
                }
            }
            includes.push(postings);
            excludes.push(excluded);
        }
        let doc = includes.iter().map(DocSet::doc).min().unwrap_or(TERMINATED);
        Ok(Self { includes, excludes, doc })
    }

    fn advance(&mut self) -> DocId {
        if let [only] = self.includes.as_mut_slice() {
            self.doc = only.advance();
            return self.doc;
        }
        let current = self.doc;
        for postings in &mut self.includes {
            if postings.doc() == current {
                postings.advance();
            }
        }
        self.doc = self.includes.iter().map(DocSet::doc).min().unwrap_or(TERMINATED);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if let [only] = self.includes.as_mut_slice() {
            self.doc = only.seek(target);
            return self.doc;
        }
        for postings in &mut self.includes {
            if postings.doc() < target {
                postings.seek(target);
            }
        }
        self.doc = self.includes.iter().map(DocSet::doc).min().unwrap_or(TERMINATED);
        self.doc
    }

    fn term_freq(&self) -> u32 {
        if let [only] = self.includes.as_slice() {
            return only.term_freq();
        }
        self.includes.iter().filter(|p| p.doc() == self.doc).map(Postings::term_freq).sum()
    }

    /// The word's positions in the current document, sorted.
    fn positions(&mut self, out: &mut Vec<u32>) {
        out.clear();
        let doc = self.doc;
        let mut scratch = Vec::new();
        let mut excluded = Vec::new();
        for (postings, excludes) in self.includes.iter_mut().zip(&mut self.excludes) {
            if postings.doc() != doc {
                continue;
            }
            postings.positions(&mut scratch);
            excluded.clear();
            for other in excludes.iter_mut() {
                if other.doc() < doc {
                    other.seek(doc);
                }
                if other.doc() == doc {
                    let mut these = Vec::new();
                    other.positions(&mut these);
                    excluded.extend(these);
                }
            }
            if excluded.is_empty() {
                out.extend_from_slice(&scratch);
            } else {
                out.extend(scratch.iter().filter(|p| !excluded.contains(p)));
            }
        }
        if self.includes.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }
}

/// The documents of a segment where a word or phrase occurs in one field, with how often.
pub struct FieldMatches {
    words: Vec<WordCursor>,
    slop: u32,
    /// Frequencies can be read from the postings without positions.
    plain: bool,
    doc: DocId,
    freq: u32,
    positions: Vec<Vec<u32>>,
}

impl FieldMatches {
    /// `words` in order; one word is a keyword, several a phrase. With `positions`, where each
    /// occurrence starts can be asked ([`Self::start_positions`]); frequencies need them only
    /// for phrases and exact words.
    pub fn open(
        segment: &SegmentReader,
        field: Field,
        words: &[WordTerms],
        slop: u32,
        positions: bool,
    ) -> tantivy::Result<Self> {
        let plain = words.len() == 1 && words[0].is_plain();
        let cursors = words
            .iter()
            .map(|w| WordCursor::open(segment, field, w, positions || !plain))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut matches = Self {
            words: cursors,
            slop,
            plain,
            doc: TERMINATED,
            freq: 0,
            positions: vec![Vec::new(); words.len()],
        };
        if !matches.words.is_empty() {
            matches.settle();
        }
        Ok(matches)
    }

    pub fn doc(&self) -> DocId {
        self.doc
    }

    /// About how many documents hold the first word (a bound on the matches).
    pub fn size_hint(&self) -> u32 {
        self.words.first().map_or(0, |w| w.includes.iter().map(DocSet::size_hint).sum())
    }

    /// Occurrences in the current document.
    pub fn freq(&self) -> u32 {
        self.freq
    }

    pub fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if self.plain {
            // One term: its postings are the matches.
            let word = &mut self.words[0];
            self.doc = word.advance();
            self.freq = if self.doc == TERMINATED { 0 } else { word.term_freq() };
            return self.doc;
        }
        self.words[0].advance();
        self.settle()
    }

    /// Moves to the first match at or after `target`.
    pub fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if self.plain {
            let word = &mut self.words[0];
            self.doc = word.seek(target);
            self.freq = if self.doc == TERMINATED { 0 } else { word.term_freq() };
            return self.doc;
        }
        self.words[0].seek(target);
        self.settle()
    }

    /// Where each occurrence in the current document starts (for a phrase, its first word).
    pub fn start_positions(&mut self) -> Vec<u32> {
        if self.doc == TERMINATED {
            return Vec::new();
        }
        if self.plain {
            let mut out = Vec::new();
            self.words[0].positions(&mut out);
            return out;
        }
        phrase_matches(&self.positions, self.slop).into_iter().map(|m| m[0]).collect()
    }

    /// From the words' current documents, finds the first document holding a match.
    fn settle(&mut self) -> DocId {
        loop {
            let mut target = self.words.iter().map(|w| w.doc).max().unwrap_or(TERMINATED);
            loop {
                if target == TERMINATED {
                    self.doc = TERMINATED;
                    self.freq = 0;
                    return TERMINATED;
                }
                let mut next = target;
                for word in &mut self.words {
                    next = next.max(word.seek(target));
                }
                if next == target {
                    break;
                }
                target = next;
            }
            if self.plain {
                self.doc = target;
                self.freq = self.words[0].term_freq();
                return target;
            }
            for (word, out) in self.words.iter_mut().zip(&mut self.positions) {
                word.positions(out);
            }
            let count = if self.words.len() == 1 {
                self.positions[0].len()
            } else {
                phrase_matches(&self.positions, self.slop).len()
            };
            if count > 0 {
                self.doc = target;
                self.freq = count as u32;
                return target;
            }
            self.words[0].advance();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_in_order_within_their_slop() {
        let matches = phrase_matches(&[vec![0, 5], vec![1, 8]], 0);
        assert_eq!(matches, [vec![0, 1]]);
        let sloppy = phrase_matches(&[vec![0, 5], vec![1, 8]], 2);
        assert_eq!(sloppy, [vec![0, 1], vec![5, 8]]);
        // The budget is shared by the gaps: 0 → 2 → 4 needs 2.
        assert_eq!(phrase_matches(&[vec![0], vec![2], vec![4]], 1), Vec::<Vec<u32>>::new());
        assert_eq!(phrase_matches(&[vec![0], vec![2], vec![4]], 2), [vec![0, 2, 4]]);
        assert!(phrase_matches(&[vec![3], vec![1]], 5).is_empty(), "order matters");
    }
}
