//! Quickwit: an index config whose doc mapping matches newsdex's schema, and the documents as
//! NDJSON for `quickwit index ingest`.
//!
//! Filter fields (`source`, `person`, `org`, `location`, `misc`, `author`, `label`) hold the
//! normalised forms newsdex itself filters on, because Quickwit's `raw` fields match exactly:
//! sources, authors and labels lower-cased (`reuters`), entities folded to their key
//! (`kim jong un`). The names as written are kept in the unindexed `display` object.
//! There is no `timestamp_field`: Quickwit rejects (0.9) or drops (0.8) documents without it,
//! and many articles have no date; `date` is an ordinary fast datetime field, so date ranges and
//! date histograms still work.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::EntityKind;
use crate::names::canonical_key;
use crate::search::stored::StoredArticle;

/// The Quickwit release a config is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuickwitVersion {
    /// Stems English (`en_stem`, in builds with the `multilang` feature).
    V0_8,
    /// Has no English stemmer.
    V0_9,
}

/// The config format version written; Quickwit 0.8 and 0.9 both read it.
pub const CONFIG_VERSION: &str = "0.8";

/// What one exported document stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Article,
    Passage,
}

/// One field of a Quickwit doc mapping, as its documentation names the options.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldMapping {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokenizer: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fieldnorms: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indexed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stored: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fast: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input_formats: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fast_precision: Option<&'static str>,
}

impl FieldMapping {
    fn new(name: &'static str, kind: &'static str, description: &'static str) -> Self {
        Self {
            name,
            kind,
            description,
            tokenizer: None,
            record: None,
            fieldnorms: None,
            indexed: None,
            stored: None,
            fast: None,
            input_formats: None,
            output_format: None,
            fast_precision: None,
        }
    }

    /// Whole values matched exactly, filterable and aggregatable.
    fn keyword(name: &'static str, kind: &'static str, description: &'static str) -> Self {
        Self { tokenizer: Some("raw"), fast: Some(true), ..Self::new(name, kind, description) }
    }

    /// Ranked full text with positions for phrases.
    fn full_text(name: &'static str, tokenizer: &'static str, description: &'static str) -> Self {
        Self {
            tokenizer: Some(tokenizer),
            record: Some("position"),
            fieldnorms: Some(true),
            stored: Some(true),
            ..Self::new(name, "text", description)
        }
    }

    fn stored_only(name: &'static str, kind: &'static str, description: &'static str) -> Self {
        Self { indexed: Some(false), stored: Some(true), ..Self::new(name, kind, description) }
    }

    fn day(name: &'static str, description: &'static str) -> Self {
        Self {
            input_formats: Some(vec!["rfc3339"]),
            output_format: Some("rfc3339"),
            fast: Some(true),
            fast_precision: Some("seconds"),
            stored: Some(true),
            ..Self::new(name, "datetime", description)
        }
    }
}

/// The word analyser for full text: Quickwit 0.9 has no English stemmer.
pub fn text_tokenizer(version: QuickwitVersion) -> &'static str {
    match version {
        QuickwitVersion::V0_8 => "en_stem",
        QuickwitVersion::V0_9 => "default",
    }
}

/// The doc mapping's fields, in the order documents carry them.
pub fn field_mappings(version: QuickwitVersion, unit: Unit) -> Vec<FieldMapping> {
    let words = text_tokenizer(version);
    let mut fields = Vec::new();
    match unit {
        Unit::Article => fields.push(FieldMapping::keyword("id", "text", "article id")),
        Unit::Passage => {
            fields.push(FieldMapping::keyword("id", "text", "passage id: ARTICLE_ID/POSITION"));
            fields.push(FieldMapping::keyword("article_id", "text", "article id"));
            fields.push(FieldMapping {
                fast: Some(true),
                stored: Some(true),
                ..FieldMapping::new("passage", "u64", "position of the passage in its article, from 0")
            });
        }
    }
    fields.extend([
        FieldMapping::full_text("title", words, "headline"),
        FieldMapping::full_text(
            "body",
            words,
            match unit {
                Unit::Article => "cleaned article text, paragraphs separated by blank lines",
                Unit::Passage => "passage text",
            },
        ),
        FieldMapping::keyword("source", "text", "agency or publisher, lower-cased; absent when unknown"),
        FieldMapping::day("date", "first day of the article's date; absent when its year is unknown"),
        FieldMapping::day("date_end", "last day of the article's date (a month date covers the month)"),
        FieldMapping::stored_only(
            "date_text",
            "text",
            "the date with its precision: 2024-07-31, 2024-07, --07-31",
        ),
        FieldMapping::keyword("date_precision", "text", "day, month, year or month-day (no year)"),
        FieldMapping {
            fast: Some(true),
            ..FieldMapping::new("year_assumed", "bool", "the year came from --default-year")
        },
    ]);
    for (kind, description) in [
        (EntityKind::Person, "people, folded: lower case, no hyphens or dots (kim jong un)"),
        (EntityKind::Org, "organisations, folded as person"),
        (EntityKind::Location, "places, folded as person"),
        (EntityKind::Misc, "other names (nationalities, events), folded as person"),
    ] {
        fields.push(FieldMapping::keyword(kind.name(), "array<text>", description));
    }
    fields.extend([
        FieldMapping::keyword("author", "array<text>", "authors, lower-cased"),
        FieldMapping::keyword(
            "label",
            "array<text>",
            "the format's own tags as name:value, lower-cased (places:usa)",
        ),
        FieldMapping::stored_only("url", "text", "the article's URL"),
        FieldMapping::stored_only("path", "text", "the file newsdex read it from"),
        FieldMapping::stored_only("display", "json", "source, entities, authors and labels as written"),
    ]);
    fields
}

/// A Quickwit index config (the YAML `quickwit index create --index-config` reads).
#[derive(Debug, Clone, Serialize)]
pub struct IndexConfig {
    pub version: &'static str,
    pub index_id: String,
    pub doc_mapping: DocMapping,
    pub search_settings: SearchSettings,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocMapping {
    /// `strict`: a document with a field the mapping does not name is rejected, not ignored.
    pub mode: &'static str,
    pub field_mappings: Vec<FieldMapping>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchSettings {
    pub default_search_fields: Vec<&'static str>,
}

pub fn index_config(index_id: &str, version: QuickwitVersion, unit: Unit) -> IndexConfig {
    IndexConfig {
        version: CONFIG_VERSION,
        index_id: index_id.to_string(),
        doc_mapping: DocMapping { mode: "strict", field_mappings: field_mappings(version, unit) },
        search_settings: SearchSettings { default_search_fields: vec!["title", "body"] },
    }
}

/// The config as YAML, with a header saying what it is for.
pub fn config_yaml(config: &IndexConfig, version: QuickwitVersion) -> Result<String, serde_yaml_ng::Error> {
    let stemming = match version {
        QuickwitVersion::V0_8 => "English stemming (en_stem: needs a Quickwit 0.8 build with multilang)",
        QuickwitVersion::V0_9 => "no stemming (Quickwit 0.9 has no en_stem tokenizer)",
    };
    Ok(format!(
        "# Quickwit index config written by `newsdex export`, for Quickwit {}; {stemming}.\n\
         # Filter fields hold normalised values: source:reuters, person:\"kim jong un\".\n{}",
        match version {
            QuickwitVersion::V0_8 => "0.8",
            QuickwitVersion::V0_9 => "0.9",
        },
        serde_yaml_ng::to_string(config)?
    ))
}

/// One exported document. Absent values are left out rather than written as null.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Document {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passage: Option<u64>,
    pub title: String,
    pub body: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_precision: Option<&'static str>,
    pub year_assumed: bool,
    pub person: Vec<String>,
    pub org: Vec<String>,
    pub location: Vec<String>,
    pub misc: Vec<String>,
    pub author: Vec<String>,
    pub label: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub display: Display,
}

/// Values as written, for showing; the indexed fields hold their normalised forms.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Display {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub entities: BTreeMap<&'static str, Vec<String>>,
    pub authors: Vec<String>,
    pub labels: BTreeMap<String, Vec<String>>,
}

/// The document for a whole article.
pub fn article_document(article: &StoredArticle) -> Document {
    document(article, &article.body)
}

/// The documents for each passage of an article.
pub fn passage_documents(article: &StoredArticle) -> Vec<Document> {
    article
        .passage_texts()
        .enumerate()
        .map(|(number, text)| {
            let mut doc = document(article, text);
            doc.id = format!("{}/{number}", article.article_id);
            doc.article_id = Some(article.article_id.clone());
            doc.passage = Some(number as u64);
            doc
        })
        .collect()
}

/// The article's metadata with `body` as its text.
fn document(a: &StoredArticle, body: &str) -> Document {
    let range = a.date.and_then(|d| d.range());
    let day = |date: jiff::civil::Date| format!("{date}T00:00:00Z");
    let names = |kind: EntityKind| a.entities.get(&kind).cloned().unwrap_or_default();
    let keys = |kind: EntityKind| names(kind).iter().map(|name| canonical_key(name)).collect();
    Document {
        id: a.article_id.clone(),
        article_id: None,
        passage: None,
        title: a.title.clone(),
        body: body.to_string(),
        source: a.source.as_deref().map(str::to_lowercase),
        date: range.map(|(first, _)| day(first)),
        date_end: range.map(|(_, last)| day(last)),
        date_text: a.date.map(|d| d.to_string()),
        date_precision: a.date.map(|d| d.precision().name()),
        year_assumed: a.date.is_some_and(|d| d.year_assumed()),
        person: keys(EntityKind::Person),
        org: keys(EntityKind::Org),
        location: keys(EntityKind::Location),
        misc: keys(EntityKind::Misc),
        author: a.authors.iter().map(|x| x.to_lowercase()).collect(),
        label: a
            .labels
            .iter()
            .flat_map(|(name, values)| values.iter().map(move |v| format!("{name}:{v}").to_lowercase()))
            .collect(),
        url: a.url.clone(),
        path: a.path.clone(),
        display: Display {
            source: a.source.clone(),
            entities: EntityKind::ALL.into_iter().map(|kind| (kind.name(), names(kind))).collect(),
            authors: a.authors.clone(),
            labels: a.labels.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewsDate;

    fn article() -> StoredArticle {
        StoredArticle {
            article_id: "a-1".into(),
            title: "Harbour floods".into(),
            source: Some("Yonhap".into()),
            date: NewsDate::month(2024, 2),
            body: "Rain fell.\n\nWind blew. Water rose.".into(),
            passages: vec![0..10, 12..22, 23..34],
            entities: [(EntityKind::Person, vec!["Kim Jong-Un".to_string()])].into(),
            path: None,
            url: Some("https://example.org/a".into()),
            authors: vec!["Lee Min".into()],
            labels: [("places".to_string(), vec!["South-Korea".to_string()])].into(),
        }
    }

    #[test]
    fn filter_fields_hold_the_forms_newsdex_filters_on() {
        let doc = passage_documents(&article()).remove(2);
        assert_eq!(doc.id, "a-1/2");
        assert_eq!(doc.body, "Water rose.");
        assert_eq!(doc.source.as_deref(), Some("yonhap"));
        assert_eq!(doc.person, ["kim jong un"]);
        assert_eq!(doc.author, ["lee min"]);
        assert_eq!(doc.label, ["places:south-korea"]);
        assert_eq!(doc.display.source.as_deref(), Some("Yonhap"));
        assert_eq!(doc.display.entities["person"], ["Kim Jong-Un"]);
    }

    #[test]
    fn a_month_date_spans_the_month_and_no_date_leaves_the_fields_out() {
        let doc = article_document(&article());
        assert_eq!(doc.body, "Rain fell.\n\nWind blew. Water rose.");
        assert_eq!(doc.date.as_deref(), Some("2024-02-01T00:00:00Z"));
        assert_eq!(doc.date_end.as_deref(), Some("2024-02-29T00:00:00Z"));
        assert_eq!((doc.date_text.as_deref(), doc.date_precision), (Some("2024-02"), Some("month")));
        let undated = StoredArticle { date: NewsDate::month_day(7, 31), ..article() };
        let json = serde_json::to_value(article_document(&undated)).unwrap();
        assert!(json.get("date").is_none() && json.get("date_end").is_none());
        assert_eq!(json["date_text"], "--07-31");
    }

    #[test]
    fn the_stemmer_follows_the_release() {
        let body = |version| {
            field_mappings(version, Unit::Article).into_iter().find(|f| f.name == "body").unwrap().tokenizer
        };
        assert_eq!(body(QuickwitVersion::V0_8), Some("en_stem"));
        assert_eq!(body(QuickwitVersion::V0_9), Some("default"));
    }

    #[test]
    fn every_document_field_is_mapped() {
        for (unit, doc) in [
            (Unit::Article, serde_json::to_value(article_document(&article())).unwrap()),
            (Unit::Passage, serde_json::to_value(passage_documents(&article()).remove(0)).unwrap()),
        ] {
            let mapped: Vec<_> = field_mappings(QuickwitVersion::V0_8, unit).iter().map(|f| f.name).collect();
            for key in doc.as_object().unwrap().keys() {
                assert!(mapped.contains(&key.as_str()), "{key} is not mapped for {unit:?}");
            }
        }
    }
}
