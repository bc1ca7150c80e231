//! The search stage: runs a query over passages, ranks them (BM25, or by date), keeps at most
//! `per_article` passages of one article, and turns each into a [`Hit`] with its snippet.

pub mod articles;
pub mod query;
pub mod snippet;
pub mod stats;
pub mod stored;

use std::collections::HashMap;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::{DocAddress, Order, Score, Searcher};

use crate::index::NewsIndex;
use query::{Filters, QueryError};
use snippet::{Highlighter, Snippet};
pub use stored::StoredPassage;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    Relevance,
    /// Newest first; articles without a known year last; relevance among equal dates.
    Date,
}

/// Everything a search needs to know.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    /// Treat the query as plain words: no operators, punctuation ignored.
    pub literal: bool,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    pub sort: SortOrder,
    /// How many passages of one article may be hits.
    pub per_article: usize,
    pub snippet_chars: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        Self {
            query: String::new(),
            literal: false,
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            sort: SortOrder::Relevance,
            per_article: 1,
            snippet_chars: 240,
        }
    }
}

/// One ranked passage.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank across pages (the first hit of `--offset 10` is rank 11).
    pub rank: usize,
    pub score: Score,
    pub passage: StoredPassage,
    pub snippet: Snippet,
}

#[derive(Debug)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Passages that matched, before collapsing by article and paging.
    pub matched_passages: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("search failed: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// Runs a search.
pub fn search(
    index: &NewsIndex,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let plan = query::build(index, &request.query, request.literal, &request.filters)?;
    let wanted = request.offset + request.limit;
    let per_article = request.per_article.max(1);
    // Collapsing by article may drop many candidates; fetch more until enough survive.
    let mut fetch = (wanted * 4).max(64);
    let (kept, matched) = loop {
        let (candidates, matched) = top_candidates(searcher, &*plan.query, request.sort, fetch)?;
        let exhausted = candidates.len() < fetch;
        let kept = collapse(searcher, &index.fields, candidates, per_article, wanted)?;
        if kept.len() >= wanted || exhausted {
            break (kept, matched);
        }
        fetch *= 4;
    };
    let mut highlighter = Highlighter::new(&index.index);
    let hits = kept
        .into_iter()
        .enumerate()
        .skip(request.offset)
        .map(|(i, (score, passage))| {
            let ranges = highlighter.highlight(&passage.text, &plan.highlights);
            let snippet = snippet::snippet(&passage.text, ranges, request.snippet_chars);
            Hit { rank: i + 1, score, passage, snippet }
        })
        .collect();
    Ok(SearchResults { hits, matched_passages: matched })
}

/// The best `limit` passages and how many matched in all.
fn top_candidates(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    sort: SortOrder,
    limit: usize,
) -> tantivy::Result<(Vec<(Score, DocAddress)>, usize)> {
    Ok(match sort {
        SortOrder::Relevance => {
            searcher.search(query, &(TopDocs::with_limit(limit).order_by_score(), Count))?
        }
        SortOrder::Date => {
            let by_date = (SortByStaticFastValue::<i64>::for_field("date_sort"), Order::Desc);
            let collector =
                TopDocs::with_limit(limit).order_by((by_date, (SortBySimilarityScore, Order::Desc)));
            let (top, count) = searcher.search(query, &(collector, Count))?;
            (top.into_iter().map(|((_, score), addr)| (score, addr)).collect(), count)
        }
    })
}

/// Keeps candidates in order, at most `per_article` of each article, until `wanted` are kept.
fn collapse(
    searcher: &Searcher,
    fields: &crate::index::Fields,
    candidates: Vec<(Score, DocAddress)>,
    per_article: usize,
    wanted: usize,
) -> tantivy::Result<Vec<(Score, StoredPassage)>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut kept = Vec::new();
    for (score, address) in candidates {
        let passage = stored::load(searcher, fields, address)?;
        let count = seen.entry(passage.article_id.clone()).or_default();
        if *count >= per_article {
            continue;
        }
        *count += 1;
        kept.push((score, passage));
        if kept.len() == wanted {
            break;
        }
    }
    Ok(kept)
}
