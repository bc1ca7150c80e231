//! The ranker every command shares (`query`, `eval`, `related`, and the HTTP API): articles are
//! ranked by their BM25 over title and body ([`super::scoring`]), then the top candidates are
//! ranked again with the score of their best passage added, which rewards articles whose
//! matches stand together. Each candidate's passages are scored from the positions in the
//! postings (no stored text is read), so the passages a hit shows come ranked too.
//!
//! A passage is scored as a small document: BM25 of the query's words and phrases in it, with
//! the passage's length in words against the average passage, and the article's title matches
//! added (the title belongs to every passage of its article).

use std::collections::BTreeMap;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue};
use tantivy::collector::{Count, TopDocs};
use tantivy::{DocAddress, DocId, Order, Score, Searcher};

use super::matching::FieldMatches;
use super::query::QueryPlan;
use super::scoring::{B, bm25};
use super::{NewsSearcher, SortOrder};
use crate::index::Fields;

/// How much the best passage's score adds to the article's (chosen on the judged collections;
/// the README's ranking table).
pub const PASSAGE_WEIGHT: f32 = 0.4;
/// A title match counts this much more than a body match in a passage's score.
const TITLE_BOOST: f32 = 0.75;
/// Passages are normalised by length as BM25 usually does.
const PASSAGE_B: f32 = 0.75;

/// One article of a ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub address: DocAddress,
    /// Its BM25 plus [`PASSAGE_WEIGHT`] times its best passage's score.
    pub score: Score,
    /// Each passage's score, in the article's order.
    pub passages: Vec<Score>,
}

impl Ranked {
    /// Passage numbers, best first (the earlier of equals first).
    pub fn passages_by_score(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.passages.len()).collect();
        order.sort_by(|&a, &b| self.passages[b].total_cmp(&self.passages[a]).then(a.cmp(&b)));
        order
    }
}

/// A query's best articles: the first `limit` ranked, and the best `pool` by their BM25 alone
/// (or by date), with how many articles match in all.
pub struct Ranking {
    pub ranked: Vec<Ranked>,
    pub pool: Vec<DocAddress>,
    pub matched: usize,
}

/// Ranks the best `limit` articles for a query; see [`Ranking`].
pub fn rank(
    news: &NewsSearcher,
    fields: &Fields,
    plan: &QueryPlan,
    sort: SortOrder,
    limit: usize,
    pool: usize,
) -> tantivy::Result<Ranking> {
    let (candidates, matched) = candidates(&news.searcher, &*plan.query, sort, limit.max(pool))?;
    let pool: Vec<DocAddress> = candidates.iter().map(|(_, address)| *address).collect();
    let mut ranked: Vec<Ranked> = candidates
        .into_iter()
        .take(limit)
        .map(|(score, address)| Ranked { address, score, passages: Vec::new() })
        .collect();
    score_passages(news, fields, plan, &mut ranked)?;
    for article in &mut ranked {
        let best = article.passages.iter().copied().fold(0.0, f32::max);
        article.score += PASSAGE_WEIGHT * best;
    }
    if sort == SortOrder::Relevance {
        // Stable: equal scores keep the index's order.
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    }
    Ok(Ranking { ranked, pool, matched })
}

/// The first `limit` articles by score or by date, and the count of all matches.
fn candidates(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    sort: SortOrder,
    limit: usize,
) -> tantivy::Result<(Vec<(Score, DocAddress)>, usize)> {
    let limit = limit.max(1);
    Ok(match sort {
        SortOrder::Relevance => {
            searcher.search(query, &(TopDocs::with_limit(limit).order_by_score(), Count))?
        }
        SortOrder::Date => {
            let by_date = (SortByStaticFastValue::<i64>::for_field("date_sort"), Order::Desc);
            let collector =
                TopDocs::with_limit(limit).order_by((by_date, (SortBySimilarityScore, Order::Desc)));
            let (top, count) = searcher.search(query, &(collector, Count))?;
            (top.into_iter().map(|((_, score), address)| (score, address)).collect(), count)
        }
    })
}

/// Fills in each candidate's passage scores, reading the evidence's positions segment by
/// segment in document order.
fn score_passages(
    news: &NewsSearcher,
    fields: &Fields,
    plan: &QueryPlan,
    ranked: &mut [Ranked],
) -> tantivy::Result<()> {
    let stats = &news.stats;
    let mut by_segment: BTreeMap<u32, Vec<(DocId, usize)>> = BTreeMap::new();
    for (i, article) in ranked.iter().enumerate() {
        by_segment.entry(article.address.segment_ord).or_default().push((article.address.doc_id, i));
    }
    for (segment_ord, mut docs) in by_segment {
        docs.sort_unstable();
        let segment = news.searcher.segment_reader(segment_ord);
        let columns = news.columns.segment(segment_ord);
        let (starts, ends) = (&columns.passage_positions, &columns.body_positions);
        let titles = segment.get_fieldnorms_reader(fields.title)?;
        let mut evidence = Vec::with_capacity(plan.evidence.len());
        for item in &plan.evidence {
            let body = FieldMatches::open(segment, fields.body, &item.words, item.slop, true)?;
            let title = FieldMatches::open(segment, fields.title, &item.words, item.slop, false)?;
            evidence.push((item.idf, body, title));
        }
        for (doc, i) in docs {
            // Passage k holds the positions [bounds[k], bounds[k + 1]).
            let mut bounds: Vec<u32> = starts.values_for_doc(doc).map(|v| v as u32).collect();
            bounds.push(ends.first(doc).unwrap_or(0) as u32);
            let count = bounds.len().saturating_sub(1).max(1);
            let mut scores = vec![0.0f32; count];
            let mut title_score = 0.0;
            let title_length = titles.fieldnorm(doc) as f32;
            for (idf, body, title) in &mut evidence {
                if title.seek(doc) == doc {
                    let tf = title.freq() as f32;
                    title_score += TITLE_BOOST * bm25(*idf, tf, title_length, stats.average_title_tokens, B);
                }
                if body.seek(doc) != doc {
                    continue;
                }
                let mut in_passage = vec![0u32; count];
                for position in body.start_positions() {
                    // The passage whose range holds the position.
                    let passage = bounds.partition_point(|&start| start <= position).saturating_sub(1);
                    in_passage[passage.min(count - 1)] += 1;
                }
                for (p, &tf) in in_passage.iter().enumerate() {
                    let length = match (bounds.get(p), bounds.get(p + 1)) {
                        (Some(start), Some(end)) => end.saturating_sub(*start) as f32,
                        _ => stats.average_passage_positions,
                    };
                    scores[p] += bm25(*idf, tf as f32, length, stats.average_passage_positions, PASSAGE_B);
                }
            }
            for score in &mut scores {
                *score += title_score;
            }
            ranked[i].passages = scores;
        }
    }
    Ok(())
}
