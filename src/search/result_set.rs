//! A query's result set as articles rather than passages: which articles have a matching
//! passage, and a query for one passage of each of them, so that aggregations (facets, the
//! timeline) count every article once however many of its passages match.

use std::collections::BTreeSet;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, Term};

use crate::index::Fields;

/// The ids of the articles with at least one passage matching `query`, sorted.
pub fn matched_articles(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
) -> tantivy::Result<Vec<String>> {
    let field = searcher.schema().get_field_name(fields.article_id).to_string();
    Ok(searcher.search(query, &ArticleIds { field })?.into_iter().collect())
}

/// The first passage of each of these articles: every passage carries its article's metadata,
/// and every article has a first passage.
pub fn one_passage_each(fields: &Fields, articles: &[String]) -> BooleanQuery {
    let ids = articles.iter().map(|id| Term::from_field_text(fields.article_id, id));
    BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(TermQuery::new(Term::from_field_u64(fields.passage, 0), IndexRecordOption::Basic))
                as Box<dyn Query>,
        ),
        (Occur::Must, Box::new(TermSetQuery::new(ids))),
    ])
}

/// Collects the distinct article ids of the matching passages, from the `article_id` fast field.
struct ArticleIds {
    field: String,
}

struct ArticleIdsSegment {
    column: Option<StrColumn>,
    ords: BTreeSet<u64>,
}

impl Collector for ArticleIds {
    type Fruit = BTreeSet<String>;
    type Child = ArticleIdsSegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<ArticleIdsSegment> {
        Ok(ArticleIdsSegment { column: segment.fast_fields().str(&self.field)?, ords: BTreeSet::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<BTreeSet<String>>) -> tantivy::Result<BTreeSet<String>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for ArticleIdsSegment {
    type Fruit = BTreeSet<String>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(column) = &self.column {
            self.ords.extend(column.term_ords(doc));
        }
    }

    fn harvest(self) -> BTreeSet<String> {
        let Some(column) = &self.column else { return BTreeSet::new() };
        self.ords
            .into_iter()
            .filter_map(|ord| {
                let mut id = String::new();
                column.ord_to_str(ord, &mut id).ok().filter(|found| *found).map(|_| id)
            })
            .collect()
    }
}
