//! What an index holds: articles, passages, sources, dates and the most mentioned entities,
//! counted per article with tantivy's aggregations.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value as Json, json};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, ExistsQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, TantivyDocument, Value};
use tantivy::{Order, Searcher, Term};

use super::stored;
use crate::index::{Fields, NewsIndex};
use crate::model::EntityKind;

/// The bucket name for articles whose source is unknown.
pub(crate) const UNKNOWN: &str = "unknown";

#[derive(Debug, Serialize, PartialEq)]
pub struct Stats {
    pub articles: u64,
    pub passages: u64,
    /// Articles per source, most first; `unknown` for those without one.
    pub sources: Vec<Count>,
    pub dates: DateStats,
    /// The entities most articles mention, per kind.
    pub entities: BTreeMap<EntityKind, Vec<Count>>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Count {
    pub name: String,
    pub articles: u64,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct DateStats {
    /// Earliest and latest day of articles whose year is known.
    pub first: Option<String>,
    pub last: Option<String>,
    /// Articles per date precision: `day`, `month`, `year`, `month-day` (no year), `none`.
    pub precision: BTreeMap<String, u64>,
}

/// Counts what the index holds; `top` entities per kind.
pub fn stats(index: &NewsIndex, searcher: &Searcher, top: usize) -> tantivy::Result<Stats> {
    let fields = &index.fields;
    let mut request = json!({
        "sources": {"terms": {"field": "source", "size": 1000, "missing": UNKNOWN}},
        "precision": {"terms": {"field": "date_precision", "size": 10, "missing": "none"}},
    });
    for kind in EntityKind::ALL {
        request[kind.name()] = json!({"terms": {"field": kind.name(), "size": top.max(1)}});
    }
    let aggregations: Aggregations = serde_json::from_value(request)
        .map_err(|e| tantivy::TantivyError::InvalidArgument(format!("statistics request: {e}")))?;
    let collector = AggregationCollector::from_aggs(aggregations, AggContextParams::default());
    let (results, articles) = searcher.search(&AllQuery, &(collector, tantivy::collector::Count))?;
    let results = serde_json::to_value(&results)
        .map_err(|e| tantivy::TantivyError::InternalError(format!("statistics result: {e}")))?;

    let display = |field, key: &str| display_form(searcher, field, key);
    let mut sources = Vec::new();
    for (key, count) in buckets(&results, "sources") {
        let name = if key == UNKNOWN { UNKNOWN.to_string() } else { display(fields.source, &key)? };
        sources.push(Count { name, articles: count });
    }
    let mut entities = BTreeMap::new();
    for kind in EntityKind::ALL {
        let mut counts = Vec::new();
        for (key, count) in buckets(&results, kind.name()).into_iter().take(top) {
            counts.push(Count { name: display(fields.entity_field(kind), &key)?, articles: count });
        }
        entities.insert(kind, counts);
    }
    let dates = DateStats {
        first: edge_date(index, searcher, Order::Asc)?,
        last: edge_date(index, searcher, Order::Desc)?,
        precision: buckets(&results, "precision").into_iter().collect(),
    };
    Ok(Stats {
        articles: articles as u64,
        passages: count_passages(searcher, fields)?,
        sources,
        dates,
        entities,
    })
}

/// `(key, doc_count)` of a terms aggregation's buckets, in its order.
pub(crate) fn buckets(results: &Json, name: &str) -> Vec<(String, u64)> {
    let Some(buckets) = results[name]["buckets"].as_array() else { return Vec::new() };
    buckets.iter().filter_map(|b| Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?))).collect()
}

/// Articles looked at to find how a normalised value is usually written.
const DISPLAY_SAMPLE: usize = 50;

/// How articles write a normalised value: the most common stored spelling among the articles
/// holding it ("Park Seo-yeon" over a headline's "PARK SEO-YEON").
pub(crate) fn display_form(searcher: &Searcher, field: Field, key: &str) -> tantivy::Result<String> {
    let query = TermQuery::new(Term::from_field_text(field, key), IndexRecordOption::Basic);
    // Each stored spelling is folded by the field's own analyser, as it was when indexed.
    let mut analyzer = searcher.index().tokenizer_for_field(field)?;
    let mut normalise = |name: &str| {
        let mut tokens = analyzer.token_stream(name);
        if tokens.advance() { tokens.token().text.clone() } else { String::new() }
    };
    let mut spellings: Vec<(String, usize)> = Vec::new();
    for (_, address) in searcher.search(&query, &TopDocs::with_limit(DISPLAY_SAMPLE).order_by_score())? {
        let doc: TantivyDocument = searcher.doc(address)?;
        let found = doc.get_all(field).filter_map(|v| v.as_str()).find(|name| normalise(name) == key);
        if let Some(name) = found {
            match spellings.iter_mut().find(|(s, _)| s == name) {
                Some((_, count)) => *count += 1,
                None => spellings.push((name.to_string(), 1)),
            }
        }
    }
    // The most frequent; on a tie, the first met.
    let best = spellings.iter().rev().max_by_key(|(_, count)| *count).map(|(name, _)| name.clone());
    Ok(best.unwrap_or_else(|| key.to_string()))
}

/// Passages of the live articles: each article's passage starts, counted.
fn count_passages(searcher: &Searcher, fields: &Fields) -> tantivy::Result<u64> {
    let name = searcher.schema().get_field_name(fields.passage_bytes).to_string();
    let mut passages = 0;
    for segment in searcher.segment_readers() {
        let starts = segment.fast_fields().u64(&name)?;
        passages += segment.doc_ids_alive().map(|doc| starts.values_for_doc(doc).count() as u64).sum::<u64>();
    }
    Ok(passages)
}

/// The earliest or latest dated article's date.
fn edge_date(index: &NewsIndex, searcher: &Searcher, order: Order) -> tantivy::Result<Option<String>> {
    let collector = TopDocs::with_limit(1).order_by_fast_field::<i64>("date_sort", order);
    let top = searcher.search(&ExistsQuery::new("date".into(), false), &collector)?;
    let Some((_, address)) = top.first() else { return Ok(None) };
    let article = stored::load(searcher, &index.fields, *address)?;
    Ok(article.date.and_then(|d| d.iso_start()))
}
