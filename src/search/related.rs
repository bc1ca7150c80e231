//! Related articles: the articles about the same story as one article, best first. tantivy's
//! more-like-this picks the article's most telling words (frequent in it, rare in the index);
//! sharing its people, organisations and places adds to an article's score. Articles are ranked
//! by their best passage, as query hits are, and near-duplicates fold the same way.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::{Searcher, Term};

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
    let words = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(MIN_DOC_FREQUENCY)
        .with_min_term_frequency(1)
        .with_min_word_length(MIN_WORD_LENGTH)
        .with_max_query_terms(MAX_QUERY_TERMS)
        .with_document_fields(vec![
            (fields.title, vec![OwnedValue::Str(first.title.clone())]),
            (fields.body, vec![OwnedValue::Str(article.body())]),
        ]);
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
