//! The search stage: runs a query over passages, ranks them (BM25, or by date), keeps at most
//! `per_article` passages of one article, folds near-duplicate articles into the best-ranked
//! copy, and turns each into a [`Hit`] with its snippet. Facets and the timeline count the whole
//! result set by article.

pub mod articles;
pub mod facets;
pub mod query;
pub mod related;
pub mod result_set;
pub mod similar;
pub mod snippet;
pub mod stats;
pub mod stored;
pub mod timeline;

use std::collections::HashMap;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::{DocAddress, Order, Score, Searcher};

use crate::index::NewsIndex;
use facets::{Facet, FacetCounts};
use query::{Filters, Highlights, QueryError};
use similar::Fingerprints;
use snippet::{Highlighter, Snippet};
pub use stored::StoredPassage;
use timeline::{Bucket, Timeline};

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
    /// Show near-duplicate copies as hits of their own instead of folding them.
    pub expand: bool,
    /// Fields to count the matching articles by, with how many values of each to list.
    pub facets: Vec<Facet>,
    pub facet_top: usize,
    /// Count the matching articles per period.
    pub timeline: Option<Bucket>,
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
            expand: false,
            facets: Vec::new(),
            facet_top: 10,
            timeline: None,
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
    /// Near-duplicate articles folded into this hit's article (empty with `expand`).
    pub similar: Vec<String>,
}

#[derive(Debug)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Passages that matched, before collapsing by article and paging.
    pub matched_passages: usize,
    /// Counts of the matching articles by each requested field, in the order asked.
    pub facets: Vec<FacetCounts>,
    pub timeline: Option<Timeline>,
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
    let mut results = rank(index, searcher, &*plan.query, &plan.highlights, request)?;
    if !request.facets.is_empty() || request.timeline.is_some() {
        let articles = result_set::matched_articles(searcher, &index.fields, &*plan.query)?;
        let one_each = result_set::one_passage_each(&index.fields, &articles);
        if !request.facets.is_empty() {
            results.facets =
                facets::count(searcher, &index.fields, &one_each, &request.facets, request.facet_top)?;
        }
        if let Some(bucket) = request.timeline {
            results.timeline = Some(timeline::count(searcher, &one_each, articles.len() as u64, bucket)?);
        }
    }
    Ok(results)
}

/// Ranks the passages `query` matches into hits: the search itself, shared with `related`.
pub(crate) fn rank(
    index: &NewsIndex,
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    highlights: &Highlights,
    request: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let wanted = request.offset + request.limit;
    let per_article = request.per_article.max(1);
    // Collapsing by article may drop many candidates; fetch more until enough survive.
    let mut fetch = (wanted * 4).max(64);
    let (kept, matched) = loop {
        let (candidates, matched) = top_candidates(searcher, query, request.sort, fetch)?;
        let exhausted = candidates.len() < fetch;
        let kept = collapse(searcher, &index.fields, candidates, per_article, !request.expand, wanted)?;
        if kept.len() >= wanted || exhausted {
            break (kept, matched);
        }
        fetch *= 4;
    };
    let folded = if request.expand {
        Default::default()
    } else {
        let leaders: Vec<(String, Option<similar::Fingerprint>)> =
            kept.iter().map(|k| (k.passage.article_id.clone(), k.simhash)).collect();
        similar::copies(searcher, &index.fields, query, &leaders)?
    };
    let mut highlighter = Highlighter::new(&index.index);
    let hits = kept
        .into_iter()
        .enumerate()
        .skip(request.offset)
        .map(|(i, Kept { score, passage, .. })| {
            let ranges = highlighter.highlight(&passage.text, highlights);
            let snippet = snippet::snippet(&passage.text, ranges, request.snippet_chars);
            let similar = folded.get(&passage.article_id).cloned().unwrap_or_default();
            Hit { rank: i + 1, score, passage, snippet, similar }
        })
        .collect();
    Ok(SearchResults { hits, matched_passages: matched, facets: Vec::new(), timeline: None })
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

/// A candidate that survived collapsing.
struct Kept {
    score: Score,
    passage: StoredPassage,
    simhash: Option<similar::Fingerprint>,
}

/// Keeps candidates in order, at most `per_article` of each article and, with `fold`, none of an
/// article that is a near-duplicate of an article kept before it, until `wanted` are kept.
fn collapse(
    searcher: &Searcher,
    fields: &crate::index::Fields,
    candidates: Vec<(Score, DocAddress)>,
    per_article: usize,
    fold: bool,
    wanted: usize,
) -> tantivy::Result<Vec<Kept>> {
    let mut seen: HashMap<stored::ArticleKey, usize> = HashMap::new();
    let mut leaders: Vec<similar::Fingerprint> = Vec::new();
    let mut fingerprints = Fingerprints::new(searcher);
    let mut article_keys = stored::ArticleKeys::new(searcher, fields);
    let mut kept = Vec::new();
    for (score, address) in candidates {
        if kept.len() >= wanted {
            break;
        }
        // The stored passage is loaded only once it is kept: decompressing is the costly part.
        let mut loaded = None;
        let article = match article_keys.of(address)? {
            Some(key) => key,
            None => stored::ArticleKey::Id(
                loaded.insert(stored::load(searcher, fields, address)?).article_id.clone(),
            ),
        };
        let simhash = fingerprints.of(address)?;
        let first_of_article = !seen.contains_key(&article);
        let count = seen.entry(article).or_default();
        if first_of_article
            && fold
            && let Some(hash) = simhash
        {
            if leaders.iter().any(|leader| leader.same_story(&hash)) {
                // A copy of a better-ranked article: none of its passages are hits.
                *count = usize::MAX;
                continue;
            }
            leaders.push(hash);
        }
        if *count >= per_article {
            continue;
        }
        *count += 1;
        let passage = match loaded {
            Some(passage) => passage,
            None => stored::load(searcher, fields, address)?,
        };
        kept.push(Kept { score, passage, simhash });
    }
    Ok(kept)
}
