//! Related articles: the articles about the same story as one article, best first. The query
//! looks for the article's most telling words (frequent in it, rare in the index), as Lucene's
//! more-like-this does; sharing its people, organisations and places adds to an article's score.
//! Articles are ranked by the ranker every search uses, and near-duplicates fold the same way.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Score, Term};

use super::query::{Highlights, Pattern, QueryPlan, WordPattern};
use super::scoring::{ArticleQuery, Evidence, Scope, idf};
use super::terms::Vocabulary;
use super::{NewsSearcher, SearchError, SearchRequest, SearchResults, rank, stored};
use crate::index::NewsIndex;
use crate::index::analysis::Analyzer;
use crate::index::writer::to_datetime;
use crate::model::{EntityKind, NewsDate};
use crate::names::canonical_key;

/// Words chosen from the article to look for.
const MAX_QUERY_TERMS: usize = 30;
/// A word must occur in this many articles of the index to be chosen (one-off words and typos
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
    searcher: &NewsSearcher,
    request: &RelatedRequest,
) -> Result<Option<SearchResults>, SearchError> {
    let fields = &index.fields;
    let Some(article) = stored::load_article(&searcher.searcher, fields, &request.article_id)? else {
        return Ok(None);
    };
    let (words, evidence) =
        telling_words(index, searcher, &format!("{}\n\n{}", article.title, article.body))?;
    let mut alike: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(words))];
    let mut highlights = Highlights::default();
    for kind in EntityKind::ALL {
        for name in article.entities.get(&kind).into_iter().flatten() {
            let term = Term::from_field_text(fields.entity_field(kind), &canonical_key(name));
            let shared = TermQuery::new(term, IndexRecordOption::Basic);
            alike.push((Occur::Should, Box::new(BoostQuery::new(Box::new(shared), ENTITY_BOOST))));
            // The shared names are what a reader looks for in a related article's passages.
            let words: Vec<WordPattern> = Analyzer::with(|analyzer| analyzer.words(name))
                .into_iter()
                .map(|w| WordPattern::Exact(w.exact))
                .collect();
            if !words.is_empty() {
                highlights.patterns.push(Pattern { words, slop: 0 });
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
    let plan = QueryPlan { query: Box::new(BooleanQuery::new(clauses)), evidence, highlights };
    let search = SearchRequest {
        limit: request.limit,
        snippet_chars: request.snippet_chars,
        expand: request.expand,
        ..SearchRequest::default()
    };
    rank(index, searcher, &plan, &search).map(Some)
}

/// The article's most telling words as one query, each weighted by its frequency in the article
/// times its rarity in the index, relative to the best, and the same words as passage evidence.
/// Written here rather than with tantivy's more-like-this because that one keeps tied words in
/// hash order, so the words chosen (and the ranking) changed from one run to the next.
fn telling_words(
    index: &NewsIndex,
    searcher: &NewsSearcher,
    text: &str,
) -> tantivy::Result<(ArticleQuery, Vec<Evidence>)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for word in Analyzer::with(|analyzer| analyzer.words(text)) {
        if let Some(stem) = word.stem.filter(|s| s.len() >= MIN_WORD_LENGTH) {
            *counts.entry(stem).or_default() += 1;
        }
    }
    let vocabulary = Vocabulary::new(&searcher.searcher, &index.fields);
    let articles = searcher.stats.articles;
    let mut scored: Vec<(Score, String, Score)> = Vec::with_capacity(counts.len());
    for (stem, count) in counts {
        let frequency = vocabulary.doc_freq(&stem)?;
        if frequency >= MIN_DOC_FREQUENCY {
            let rarity = idf(frequency.min(articles), articles);
            scored.push((count as Score * rarity, stem, rarity));
        }
    }
    // Words tied with the last one chosen are kept too, so no tie is broken by chance.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    if let Some(&(last, ..)) = scored.get(MAX_QUERY_TERMS.saturating_sub(1)) {
        scored.retain(|(score, ..)| *score >= last);
    }
    let best = scored.first().map_or(1.0, |(score, ..)| *score);
    // A word's weight scales its rarity: BM25 is linear in it.
    let evidence: Vec<Evidence> = scored
        .into_iter()
        .map(|(score, stem, rarity)| Evidence {
            words: vec![Vocabulary::keyword(&stem)],
            slop: 0,
            idf: rarity * score / best,
        })
        .collect();
    let words = ArticleQuery {
        clauses: evidence.clone(),
        scope: Scope::Article,
        fields: Arc::new(index.fields.clone()),
        stats: searcher.stats.clone(),
    };
    Ok((words, evidence))
}
