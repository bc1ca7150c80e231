//! Related articles: the articles about the same story as one article, best first. The query
//! looks for the article's most telling words (frequent in it, rare in the index), as Lucene's
//! more-like-this does; sharing its people, organisations and places adds to an article's score. Articles are ranked
//! by their best passage, as query hits are, and near-duplicates fold the same way.

use std::collections::BTreeMap;
use std::ops::Bound;

use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Score, Searcher, Term};

use super::query::{Highlights, PhraseMatch};
use super::{SearchError, SearchRequest, SearchResults, rank, stored};
use crate::extract::entities::canonical_key;
use crate::index::NewsIndex;
use crate::index::schema::EXACT;
use crate::index::writer::to_datetime;
use crate::model::{EntityKind, NewsDate};

/// Words chosen from the article to look for.
const MAX_QUERY_TERMS: usize = 30;
/// A word must occur in this many passages of the index to be chosen (one-off words and typos
/// say nothing about other articles).
const MIN_DOC_FREQUENCY: u64 = 2;
/// Words shorter than this are not chosen.
const MIN_WORD_LENGTH: usize = 3;
/// How much one shared entity weighs against the words.
const ENTITY_BOOST: f32 = 0.5;

/// What to find related articles for.
#[derive(Debug, Clone)]
pub struct RelatedRequest {
    pub article_id: String,
    /// Only articles dated before this date's first day ("what led up to it").
    pub before: Option<NewsDate>,
    pub limit: usize,
    pub snippet_chars: usize,
    pub expand: bool,
}

/// Articles related to one article; `None` when the index has no article with that id.
pub fn related(
    index: &NewsIndex,
    searcher: &Searcher,
    request: &RelatedRequest,
) -> Result<Option<SearchResults>, SearchError> {
    let fields = &index.fields;
    let Some(article) = stored::load_article(searcher, fields, &request.article_id)? else {
        return Ok(None);
    };
    let first = &article.first;
    let words = telling_words(searcher, &[(fields.title, &first.title), (fields.body, &article.body())])?;
    let mut alike: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(words))];
    let mut highlights = Highlights::default();
    let mut exact = index.index.tokenizers().get(EXACT);
    for kind in EntityKind::ALL {
        for name in first.entities.get(&kind).into_iter().flatten() {
            let term = Term::from_field_text(fields.entity_field(kind), &canonical_key(name));
            let shared = TermQuery::new(term, IndexRecordOption::Basic);
            alike.push((Occur::Should, Box::new(BoostQuery::new(Box::new(shared), ENTITY_BOOST))));
            // The shared names are what a reader looks for in a related article's snippet.
            if let Some(analyzer) = exact.as_mut() {
                let mut stream = analyzer.token_stream(name);
                let mut words = Vec::new();
                while stream.advance() {
                    words.push(stream.token().text.clone());
                }
                if !words.is_empty() {
                    highlights.phrases.push(PhraseMatch { words, slop: 0, stemmed: false, prefix: false });
                }
            }
        }
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Must, Box::new(BooleanQuery::new(alike))),
        (
            Occur::MustNot,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.article_id, &request.article_id),
                IndexRecordOption::Basic,
            )),
        ),
    ];
    if let Some((first_day, _)) = request.before.and_then(|d| d.range()) {
        let before = RangeQuery::new(
            Bound::Unbounded,
            Bound::Excluded(Term::from_field_date(fields.date, to_datetime(first_day))),
        );
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(before), 0.0))));
    }
    let query = BooleanQuery::new(clauses);
    let search = SearchRequest {
        limit: request.limit,
        snippet_chars: request.snippet_chars,
        expand: request.expand,
        ..SearchRequest::default()
    };
    rank(index, searcher, &query, &highlights, &search).map(Some)
}

/// The article's most telling words as one query, each weighted by its frequency in the article
/// times its rarity in the index, relative to the best. Written here rather than with tantivy's
/// more-like-this because that one keeps tied words in hash order, so the words chosen (and the
/// ranking) changed from one run to the next.
fn telling_words(searcher: &Searcher, texts: &[(Field, &str)]) -> tantivy::Result<BooleanQuery> {
    let mut counts: BTreeMap<Term, usize> = BTreeMap::new();
    for &(field, text) in texts {
        let mut analyzer = searcher.index().tokenizer_for_field(field)?;
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let word = &stream.token().text;
            if word.len() >= MIN_WORD_LENGTH {
                *counts.entry(Term::from_field_text(field, word)).or_default() += 1;
            }
        }
    }
    let passages = searcher.num_docs();
    let mut scored: Vec<(Score, Term)> = Vec::with_capacity(counts.len());
    for (term, count) in counts {
        let frequency = searcher.doc_freq(&term)?;
        if frequency >= MIN_DOC_FREQUENCY {
            scored.push((count as Score * idf(frequency, passages), term));
        }
    }
    // Words tied with the last one chosen are kept too, so no tie is broken by chance.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    if let Some(&(last, _)) = scored.get(MAX_QUERY_TERMS.saturating_sub(1)) {
        scored.retain(|(score, _)| *score >= last);
    }
    let best = scored.first().map_or(1.0, |(score, _)| *score);
    let clauses = scored
        .into_iter()
        .map(|(score, term)| {
            let word = TermQuery::new(term, IndexRecordOption::Basic);
            (Occur::Should, Box::new(BoostQuery::new(Box::new(word), score / best)) as Box<dyn Query>)
        })
        .collect();
    Ok(BooleanQuery::new(clauses))
}

/// BM25's inverse document frequency. Deleted passages still count in a word's frequency but not
/// in the index's size, hence the saturating subtraction.
fn idf(frequency: u64, passages: u64) -> Score {
    let rarity = (passages.saturating_sub(frequency) as Score + 0.5) / (frequency as Score + 0.5);
    (1.0 + rarity).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rarer_words_weigh_more_and_deleted_passages_do_not_panic() {
        assert!(idf(1, 100) > idf(50, 100));
        // A word still counted in 5 passages, 2 of them deleted, in an index of 3 live passages.
        assert_eq!(idf(5, 3), (1.0f32 + 0.5 / 5.5).ln());
    }
}
