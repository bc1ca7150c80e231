//! How articles are scored against one word or phrase of a query: BM25 over the article as one
//! text in which the title counts [`TITLE_WEIGHT`] times (so a title word weighs as two body
//! words, and the title's length counts twice), with tantivy's norms as the lengths. Written
//! here because tantivy's BM25 scores each field alone and with a fixed b = 0.75.
//!
//! The measured effect of each choice (k1, b, title weight, stop words) is the README's ranking
//! table; the weights are the same for every collection.

use std::sync::Arc;

use tantivy::columnar::Column;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

use super::columns::Columns;
use super::matching::{FieldMatches, WordTerms};
use crate::index::Fields;

/// BM25's term-frequency saturation.
pub const K1: f32 = 1.2;
/// BM25's length normalisation: a little weaker than the usual 0.75, since whole news articles
/// vary in length more with their subject's breadth than with verbosity.
pub const B: f32 = 0.6;
/// The title counts as if written this many times in the article.
pub const TITLE_WEIGHT: f32 = 2.0;

/// What scoring needs to know of the whole index, gathered once per searcher.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusStats {
    pub articles: u64,
    /// Tokens per title and per body, on average (the unit of tantivy's norms).
    pub average_title_tokens: f32,
    pub average_body_tokens: f32,
    /// Word positions per passage, on average.
    pub average_passage_positions: f32,
}

impl CorpusStats {
    /// Deleted articles count, as in tantivy's own BM25: every figure but the passages' lengths
    /// is then read from the segments' headers, and those are one column's sum.
    pub fn of(searcher: &Searcher, fields: &Fields, columns: &Columns) -> tantivy::Result<Self> {
        let (mut articles, mut title, mut body, mut passages, mut positions) = (0u64, 0u64, 0u64, 0u64, 0u64);
        for (segment, columns) in searcher.segment_readers().iter().zip(columns.segments()) {
            articles += u64::from(segment.max_doc());
            title += segment.inverted_index(fields.title)?.total_num_tokens();
            body += segment.inverted_index(fields.body)?.total_num_tokens();
            passages += u64::from(columns.passage_positions.values.num_vals());
            positions += column_sum(&columns.body_positions);
        }
        let average =
            |total: u64, count: u64| if count == 0 { 1.0 } else { (total as f32 / count as f32).max(1.0) };
        Ok(Self {
            articles,
            average_title_tokens: average(title, articles),
            average_body_tokens: average(body, articles),
            average_passage_positions: average(positions, passages),
        })
    }
}

/// The sum of a column's values, read in blocks rather than a call per value.
fn column_sum(column: &Column<u64>) -> u64 {
    let mut block = [0u64; 4096];
    let (mut total, mut start, count) = (0u64, 0u64, u64::from(column.values.num_vals()));
    while start < count {
        let len = (count - start).min(block.len() as u64) as usize;
        column.values.get_range(start, &mut block[..len]);
        total += block[..len].iter().sum::<u64>();
        start += len as u64;
    }
    total
}

/// Which text of an article a word or phrase is looked for in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Title and body, the title counting [`TITLE_WEIGHT`] times.
    Article,
    Title,
    Body,
}

impl Scope {
    /// The fields searched, with how much each occurrence counts.
    pub fn fields(self, fields: &Fields) -> Vec<(Field, f32)> {
        match self {
            Scope::Article => vec![(fields.title, TITLE_WEIGHT), (fields.body, 1.0)],
            Scope::Title => vec![(fields.title, 1.0)],
            Scope::Body => vec![(fields.body, 1.0)],
        }
    }

    fn average_length(self, stats: &CorpusStats) -> f32 {
        match self {
            Scope::Article => stats.average_body_tokens + TITLE_WEIGHT * stats.average_title_tokens,
            Scope::Title => stats.average_title_tokens,
            Scope::Body => stats.average_body_tokens,
        }
    }
}

/// BM25's inverse document frequency. Deleted articles still count in a term's frequency but
/// not in the index's size, hence the saturating subtraction.
pub fn idf(frequency: u64, articles: u64) -> f32 {
    let rarity = (articles.saturating_sub(frequency) as f32 + 0.5) / (frequency as f32 + 0.5);
    (1.0 + rarity).ln()
}

/// BM25 of `tf` occurrences in a text of `length` words, where texts average `average`.
pub fn bm25(idf: f32, tf: f32, length: f32, average: f32, b: f32) -> f32 {
    if tf <= 0.0 {
        return 0.0;
    }
    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - b + b * length / average))
}

/// A word (one element in `words`) or phrase of a query, as the index holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub words: Vec<WordTerms>,
    pub slop: u32,
    /// How telling it is: the summed rarity of its words (in articles), times any boost.
    pub idf: f32,
}

impl Evidence {
    /// How rare these words are in the index: a phrase is as telling as its words together.
    pub fn words_idf(
        searcher: &Searcher,
        fields: &Fields,
        words: &[WordTerms],
        scope: Scope,
        articles: u64,
    ) -> tantivy::Result<f32> {
        let mut total = 0.0;
        for word in words {
            let mut frequency = 0u64;
            for (field, _) in scope.fields(fields) {
                let mut in_field = 0;
                for group in &word.groups {
                    in_field += searcher.doc_freq(&Term::from_field_text(field, &group.include))?;
                }
                // A word is in an article's title and body alike more often than not: the
                // larger count stands for both.
                frequency = frequency.max(in_field);
            }
            total += idf(frequency.min(articles), articles);
        }
        Ok(total)
    }
}

/// Words and phrases of a query, any of which an article may match, scored over whole
/// articles: the sum of each one's BM25. One query for all the optional words of a query
/// reads each article's lengths once, however many words it matches.
#[derive(Debug, Clone)]
pub struct ArticleQuery {
    pub clauses: Vec<Evidence>,
    pub scope: Scope,
    pub fields: Arc<Fields>,
    pub stats: Arc<CorpusStats>,
}

impl Query for ArticleQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ArticleQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut matches = Vec::new();
        for (clause, evidence) in self.clauses.iter().enumerate() {
            for (field, weight) in self.scope.fields(&self.fields) {
                let found = FieldMatches::open(reader, field, &evidence.words, evidence.slop, false)?;
                if found.doc() != TERMINATED {
                    matches.push(Cursor { clause, found, weight });
                }
            }
        }
        let lengths = Lengths {
            title: reader.get_fieldnorms_reader(self.fields.title)?,
            body: reader.get_fieldnorms_reader(self.fields.body)?,
        };
        let mut scorer = ArticleScorer {
            matches,
            idfs: self.clauses.iter().map(|c| c.idf * boost).collect(),
            tfs: vec![0.0; self.clauses.len()],
            lengths,
            scope: self.scope,
            average: self.scope.average_length(&self.stats),
            doc: 0,
        };
        scorer.doc = scorer.first_doc();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new("article BM25 (title and body)", scorer.score()))
    }
}

/// The lengths of an article's texts, as tantivy's norms hold them.
struct Lengths {
    title: FieldNormReader,
    body: FieldNormReader,
}

/// Where one clause occurs in one field.
struct Cursor {
    clause: usize,
    found: FieldMatches,
    weight: f32,
}

struct ArticleScorer {
    matches: Vec<Cursor>,
    idfs: Vec<f32>,
    /// Scratch: each clause's weighted frequency in the current document.
    tfs: Vec<f32>,
    lengths: Lengths,
    scope: Scope,
    average: f32,
    doc: DocId,
}

impl ArticleScorer {
    fn first_doc(&self) -> DocId {
        self.matches.iter().map(|m| m.found.doc()).min().unwrap_or(TERMINATED)
    }
}

impl DocSet for ArticleScorer {
    fn advance(&mut self) -> DocId {
        let current = self.doc;
        for cursor in &mut self.matches {
            if cursor.found.doc() == current {
                cursor.found.advance();
            }
        }
        self.doc = self.first_doc();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        for cursor in &mut self.matches {
            cursor.found.seek(target);
        }
        self.doc = self.first_doc();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.matches.iter().map(|m| m.found.size_hint()).max().unwrap_or(0)
    }
}

impl Scorer for ArticleScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        self.tfs.fill(0.0);
        for cursor in &self.matches {
            if cursor.found.doc() == doc {
                self.tfs[cursor.clause] += cursor.weight * cursor.found.freq() as f32;
            }
        }
        let title = || self.lengths.title.fieldnorm(doc) as f32;
        let body = || self.lengths.body.fieldnorm(doc) as f32;
        let length = match self.scope {
            Scope::Article => body() + TITLE_WEIGHT * title(),
            Scope::Title => title(),
            Scope::Body => body(),
        };
        self.tfs.iter().zip(&self.idfs).map(|(&tf, &idf)| bm25(idf, tf, length, self.average, B)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_weigh_more_and_deleted_articles_do_not_panic() {
        assert!(idf(1, 100) > idf(50, 100));
        // A word still counted in 5 articles, 2 of them deleted, in an index of 3 live articles.
        assert_eq!(idf(5, 3), (1.0f32 + 0.5 / 5.5).ln());
    }

    #[test]
    fn bm25_saturates_and_normalises_by_length() {
        let short = bm25(1.0, 1.0, 50.0, 100.0, B);
        assert!(short > bm25(1.0, 1.0, 200.0, 100.0, B));
        assert!(bm25(1.0, 10.0, 100.0, 100.0, B) < 10.0 * bm25(1.0, 1.0, 100.0, 100.0, B));
        assert_eq!(bm25(1.0, 0.0, 100.0, 100.0, B), 0.0);
    }
}
