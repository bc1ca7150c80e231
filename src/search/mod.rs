//! The search stage: runs a query over articles, ranks them ([`ranker`]), folds near-duplicate
//! articles into the best-ranked copy, and turns each into a [`Hit`] with its best passages,
//! ranked and highlighted. Facets and the timeline count the whole result set.

pub mod columns;
pub mod cooccur;
pub mod facets;
pub mod matching;
pub mod query;
pub mod ranker;
pub mod related;
pub mod scoring;
pub mod similar;
pub mod snippet;
pub mod stats;
pub mod stored;
pub mod terms;
pub mod timeline;

use std::sync::Arc;

use tantivy::{Score, Searcher};

use crate::index::NewsIndex;
use columns::Columns;
use facets::{Facet, FacetCounts};
use query::{Filters, Highlights, QueryError, QueryPlan};
use ranker::Ranked;
use scoring::CorpusStats;
use snippet::Snippet;
pub use stored::StoredArticle;
use timeline::{Bucket, Timeline};

/// Copies of the articles shown are looked for among this many of the best matches.
pub const COPY_POOL: usize = 256;

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
    /// How many passages of each article to show.
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

/// One ranked article with its best passages.
#[derive(Debug, Clone)]
pub struct Hit {
    /// 1-based rank across pages (the first hit of `--offset 10` is rank 11).
    pub rank: usize,
    pub score: Score,
    pub article: StoredArticle,
    /// The passages shown, best first.
    pub passages: Vec<PassageHit>,
    /// Near-duplicate articles folded into this hit (empty with `expand`).
    pub similar: Vec<String>,
}

/// A passage of a hit.
#[derive(Debug, Clone)]
pub struct PassageHit {
    /// Its position in the article, from 0.
    pub number: usize,
    pub score: Score,
    pub snippet: Snippet,
}

impl Hit {
    /// The best passage (every article has at least one).
    pub fn best(&self) -> Option<&PassageHit> {
        self.passages.first()
    }
}

#[derive(Debug)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Articles that matched, before folding and paging.
    pub matched: usize,
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

/// A searcher of one index and what ranking needs to know of it, gathered once.
#[derive(Clone)]
pub struct NewsSearcher {
    pub searcher: Searcher,
    pub stats: Arc<CorpusStats>,
    pub columns: Arc<Columns>,
}

impl NewsSearcher {
    pub fn new(index: &NewsIndex, searcher: Searcher) -> Result<Self, SearchError> {
        let columns = Arc::new(Columns::open(&searcher, &index.fields)?);
        let stats = Arc::new(CorpusStats::of(&searcher, &index.fields, &columns)?);
        Ok(Self { searcher, stats, columns })
    }

    /// The searcher of the index's last commit.
    pub fn open(index: &NewsIndex) -> anyhow::Result<Self> {
        Ok(Self::new(index, index.reader()?.searcher())?)
    }

    /// Builds the query of a request.
    pub fn plan(&self, index: &NewsIndex, request: &SearchRequest) -> Result<QueryPlan, QueryError> {
        query::build(index, &self.searcher, &self.stats, &request.query, request.literal, &request.filters)
    }
}

/// Runs a search.
pub fn search(
    index: &NewsIndex,
    searcher: &NewsSearcher,
    request: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let plan = searcher.plan(index, request)?;
    let mut results = rank(index, searcher, &plan, request)?;
    if !request.facets.is_empty() {
        results.facets = facets::count(
            &searcher.searcher,
            &index.fields,
            &*plan.query,
            &request.facets,
            request.facet_top,
        )?;
    }
    if let Some(bucket) = request.timeline {
        results.timeline =
            Some(timeline::count(&searcher.searcher, &*plan.query, results.matched as u64, bucket)?);
    }
    Ok(results)
}

/// Ranks the articles a plan matches into hits: the search itself, shared with `related`.
pub(crate) fn rank(
    index: &NewsIndex,
    searcher: &NewsSearcher,
    plan: &QueryPlan,
    request: &SearchRequest,
) -> Result<SearchResults, SearchError> {
    let wanted = request.offset + request.limit;
    let fields = &index.fields;
    // Folding copies may drop candidates; fetch more until enough survive.
    let mut fetch = (wanted * 4).max(64);
    let (kept, pool, matched) = loop {
        let pool = if request.expand { 0 } else { COPY_POOL };
        let ranking = ranker::rank(searcher, fields, plan, request.sort, fetch, pool)?;
        let exhausted = ranking.ranked.len() < fetch;
        let kept = fold(&searcher.columns, ranking.ranked, !request.expand, wanted);
        if kept.len() >= wanted || exhausted {
            break (kept, ranking.pool, ranking.matched);
        }
        fetch *= 4;
    };
    let mut hits = Vec::new();
    let mut leaders = Vec::new();
    for (i, (ranked, fingerprint)) in kept.into_iter().enumerate().skip(request.offset) {
        let starts = &searcher.columns.segment(ranked.address.segment_ord).passage_bytes;
        let article = stored::load_with(&searcher.searcher, fields, starts, ranked.address)?;
        leaders.push((article.article_id.clone(), fingerprint));
        let passages = show_passages(&article, &ranked, &plan.highlights, request);
        hits.push(Hit { rank: i + 1, score: ranked.score, article, passages, similar: Vec::new() });
    }
    if !request.expand {
        let mut folded = similar::copies(&searcher.searcher, fields, &searcher.columns, &leaders, &pool)?;
        for hit in &mut hits {
            hit.similar = folded.remove(&hit.article.article_id).unwrap_or_default();
        }
    }
    Ok(SearchResults { hits, matched, facets: Vec::new(), timeline: None })
}

/// Keeps candidates in order and, with `fold`, none that is a near-duplicate of one kept before
/// it, until `wanted` are kept; each with its fingerprint.
fn fold(
    columns: &Columns,
    ranked: Vec<Ranked>,
    fold: bool,
    wanted: usize,
) -> Vec<(Ranked, Option<similar::Fingerprint>)> {
    let mut leaders: Vec<similar::Fingerprint> = Vec::new();
    let mut kept = Vec::new();
    for candidate in ranked {
        if kept.len() >= wanted {
            break;
        }
        let fingerprint = similar::Fingerprint::of(columns, candidate.address);
        if fold && let Some(hash) = fingerprint {
            if leaders.iter().any(|leader| leader.same_story(&hash)) {
                continue;
            }
            leaders.push(hash);
        }
        kept.push((candidate, fingerprint));
    }
    kept
}

/// The article's best `per_article` passages with their snippets.
fn show_passages(
    article: &StoredArticle,
    ranked: &Ranked,
    highlights: &Highlights,
    request: &SearchRequest,
) -> Vec<PassageHit> {
    let mut order = ranked.passages_by_score();
    if order.is_empty() {
        order = (0..article.passages.len()).collect();
    }
    order
        .into_iter()
        .filter(|&n| n < article.passages.len())
        .take(request.per_article.max(1))
        .map(|number| {
            let text = article.passage(number);
            let ranges = snippet::highlight(text, highlights);
            let score = ranked.passages.get(number).copied().unwrap_or(0.0);
            PassageHit { number, score, snippet: snippet::snippet(text, ranges, request.snippet_chars) }
        })
        .collect()
}
