//! Facets: the most frequent sources, entities and labels of a whole result set, counted per
//! article with tantivy's terms aggregation over the matching articles, and shown in the form
//! articles write them (as `stats` does).

use serde::Serialize;
use serde_json::{Value as Json, json};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::query::Query;
use tantivy::{Searcher, TantivyError};

use super::stats::{Count, UNKNOWN, buckets, display_form};
use crate::index::Fields;
use crate::model::EntityKind;

/// A field results can be counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    Source,
    Person,
    Org,
    Location,
    Misc,
    /// The format's own labels (`places:usa`, `category:politics`).
    Label,
}

impl Facet {
    pub const ALL: [Facet; 6] =
        [Self::Source, Self::Person, Self::Org, Self::Location, Self::Misc, Self::Label];

    /// The facet of this name (as [`Facet::name`] gives it).
    pub fn from_name(name: &str) -> Option<Facet> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The index field, and the name in output.
    pub fn name(self) -> &'static str {
        match self {
            Self::Source => "source",
            Self::Person => "person",
            Self::Org => "org",
            Self::Location => "location",
            Self::Misc => "misc",
            Self::Label => "label",
        }
    }

    fn entity_kind(self) -> Option<EntityKind> {
        match self {
            Self::Person => Some(EntityKind::Person),
            Self::Org => Some(EntityKind::Org),
            Self::Location => Some(EntityKind::Location),
            Self::Misc => Some(EntityKind::Misc),
            Self::Source | Self::Label => None,
        }
    }
}

/// The top values of one facet, most articles first.
#[derive(Debug, PartialEq, Serialize)]
pub struct FacetCounts {
    pub facet: Facet,
    pub values: Vec<Count>,
}

/// Values listed per segment before merging: well above `top`, so that the counts of the values
/// listed are exact unless a value is rare in one segment and frequent overall.
const SEGMENT_SIZE: usize = 1000;

/// Counts the articles `query` matches by each facet, `top` values each.
pub fn count(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    facets: &[Facet],
    top: usize,
) -> tantivy::Result<Vec<FacetCounts>> {
    let top = top.max(1);
    let mut request = json!({});
    for facet in facets {
        let mut terms =
            json!({"field": facet.name(), "size": top, "segment_size": SEGMENT_SIZE.max(top * 10)});
        if *facet == Facet::Source {
            terms["missing"] = json!(UNKNOWN);
        }
        request[facet.name()] = json!({ "terms": terms });
    }
    let aggregations: Aggregations = serde_json::from_value(request)
        .map_err(|e| TantivyError::InvalidArgument(format!("facet request: {e}")))?;
    let collector = AggregationCollector::from_aggs(aggregations, AggContextParams::default());
    let results: Json = serde_json::to_value(searcher.search(query, &collector)?)
        .map_err(|e| TantivyError::InternalError(format!("facet result: {e}")))?;

    let mut out: Vec<FacetCounts> = Vec::new();
    for &facet in facets {
        if out.iter().any(|f| f.facet == facet) {
            continue;
        }
        let mut values = Vec::new();
        for (key, articles) in buckets(&results, facet.name()) {
            values.push(Count { name: display_name(searcher, fields, facet, &key)?, articles });
        }
        out.push(FacetCounts { facet, values });
    }
    Ok(out)
}

/// How a value is shown: as articles write it for sources and entities; labels as indexed.
fn display_name(searcher: &Searcher, fields: &Fields, facet: Facet, key: &str) -> tantivy::Result<String> {
    match (facet, facet.entity_kind()) {
        (Facet::Source, _) if key == UNKNOWN => Ok(UNKNOWN.to_string()),
        (Facet::Source, _) => display_form(searcher, fields.source, key),
        (_, Some(kind)) => display_form(searcher, fields.entity_field(kind), key),
        _ => Ok(key.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{ArticleWriter, NewsIndex};
    use crate::model::{Article, Entity, Passage};

    fn article(id: &str, source: Option<&str>, person: &str, passages: usize) -> Article {
        Article {
            id: id.into(),
            title: "Harbour floods".into(),
            source: source.map(String::from),
            entities: vec![Entity { kind: EntityKind::Person, name: person.into(), mentions: 1 }],
            passages: (0..passages)
                .map(|i| Passage { text: format!("The harbour flooded again, part {i}."), continues: false })
                .collect(),
            ..Article::default()
        }
    }

    #[test]
    fn values_are_counted_per_article_and_shown_as_most_articles_write_them() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let writer = ArticleWriter::new(&index, 1, 15_000_000).unwrap();
        // An article of three passages counts once.
        writer.add(&article("a", Some("UPI"), "PARK SEO-YEON", 3)).unwrap();
        writer.add(&article("b", Some("UPI"), "Park Seo-yeon", 1)).unwrap();
        writer.add(&article("c", None, "Park Seo-yeon", 2)).unwrap();
        writer.finish().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let everything = tantivy::query::AllQuery;
        let counts =
            count(&searcher, &index.fields, &everything, &[Facet::Person, Facet::Source], 10).unwrap();
        let values =
            |f: &FacetCounts| f.values.iter().map(|c| (c.name.clone(), c.articles)).collect::<Vec<_>>();
        assert_eq!(values(&counts[0]), [("Park Seo-yeon".to_string(), 3)]);
        assert_eq!(values(&counts[1]), [("UPI".to_string(), 2), ("unknown".to_string(), 1)]);
    }

    #[test]
    fn facets_are_named_as_their_fields() {
        let names: Vec<&str> =
            [Facet::Source, Facet::Person, Facet::Org, Facet::Location, Facet::Misc, Facet::Label]
                .map(Facet::name)
                .to_vec();
        assert_eq!(names, ["source", "person", "org", "location", "misc", "label"]);
        assert_eq!(Facet::Person.entity_kind().map(EntityKind::name), Some("person"));
        assert_eq!(Facet::Label.entity_kind(), None);
    }
}
