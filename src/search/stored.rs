//! Reading passages and whole articles back from the index's stored fields.

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::TopDocs;
use tantivy::columnar::StrColumn;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Searcher, SegmentOrdinal, Term};

use crate::index::Fields;
use crate::model::{EntityKind, NewsDate, join_passages};

/// Entity names of one article by kind; every kind present, possibly empty.
pub type EntityLists = BTreeMap<EntityKind, Vec<String>>;

/// A passage as stored, with its article's metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredPassage {
    pub article_id: String,
    /// Position in its article, from 0.
    pub passage: u64,
    pub continues: bool,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<NewsDate>,
    pub text: String,
    pub entities: EntityLists,
    pub path: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub labels: BTreeMap<String, Vec<String>>,
}

/// Loads the passage stored at `address`.
/// Tells passages' articles apart by the fast field's term ordinals, without decompressing stored
/// documents or looking up the ids' text: ranking looks at many more candidates than it keeps.
pub struct ArticleKeys<'a> {
    searcher: &'a Searcher,
    field: String,
    columns: HashMap<SegmentOrdinal, Option<StrColumn>>,
}

/// Which article a passage belongs to: a segment and the ordinal of its id there (an article's
/// passages are written together, into one segment), or the id read from the stored passage.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ArticleKey {
    Ordinal(SegmentOrdinal, u64),
    Id(String),
}

impl<'a> ArticleKeys<'a> {
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> Self {
        let field = searcher.schema().get_field_name(fields.article_id).to_string();
        Self { searcher, field, columns: HashMap::new() }
    }

    /// The key of the article of the passage at `address`, or `None` when the column cannot tell.
    pub fn of(&mut self, address: DocAddress) -> tantivy::Result<Option<ArticleKey>> {
        let column = match self.columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(self.searcher.segment_reader(address.segment_ord).fast_fields().str(&self.field)?)
            }
        };
        let ord = column.as_ref().and_then(|column| column.term_ords(address.doc_id).next());
        Ok(ord.map(|ord| ArticleKey::Ordinal(address.segment_ord, ord)))
    }
}

pub fn load(searcher: &Searcher, fields: &Fields, address: DocAddress) -> tantivy::Result<StoredPassage> {
    let doc: TantivyDocument = searcher.doc(address)?;
    Ok(from_document(&doc, fields))
}

pub fn from_document(doc: &TantivyDocument, fields: &Fields) -> StoredPassage {
    let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let date = text(fields.date_text).and_then(|d| d.parse::<NewsDate>().ok()).map(|d| {
        let assumed = doc.get_first(fields.year_assumed).and_then(|v| v.as_bool()).unwrap_or(false);
        d.with_year_assumed(assumed)
    });
    let entities = EntityKind::ALL
        .into_iter()
        .map(|kind| {
            let names = doc.get_all(fields.entity_field(kind)).filter_map(|v| v.as_str().map(str::to_string));
            (kind, names.collect())
        })
        .collect();
    StoredPassage {
        article_id: text(fields.article_id).unwrap_or_default(),
        passage: doc.get_first(fields.passage).and_then(|v| v.as_u64()).unwrap_or(0),
        continues: doc.get_first(fields.continues).and_then(|v| v.as_bool()).unwrap_or(false),
        title: text(fields.title).unwrap_or_default(),
        source: text(fields.source),
        date,
        text: text(fields.body).unwrap_or_default(),
        entities,
        path: text(fields.path),
        url: text(fields.url),
        authors: doc.get_all(fields.author).filter_map(|v| v.as_str().map(str::to_string)).collect(),
        labels: text(fields.labels_json).and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default(),
    }
}

/// A whole article put back together from its passages.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub first: StoredPassage,
    pub passages: Vec<StoredPassage>,
}

impl StoredArticle {
    pub fn body(&self) -> String {
        join_passages(self.passages.iter().map(|p| (p.text.as_str(), p.continues)))
    }
}

/// Whether an article with this id is in the index.
pub fn article_exists(searcher: &Searcher, fields: &Fields, id: &str) -> tantivy::Result<bool> {
    let query = TermQuery::new(Term::from_field_text(fields.article_id, id), IndexRecordOption::Basic);
    Ok(searcher.search(&query, &tantivy::collector::Count)? > 0)
}

/// Loads every passage of one article, in order; `None` when no article has that id.
pub fn load_article(
    searcher: &Searcher,
    fields: &Fields,
    id: &str,
) -> tantivy::Result<Option<StoredArticle>> {
    let query = TermQuery::new(Term::from_field_text(fields.article_id, id), IndexRecordOption::Basic);
    let count = searcher.search(&query, &tantivy::collector::Count)?;
    if count == 0 {
        return Ok(None);
    }
    let addresses = searcher.search(&query, &TopDocs::with_limit(count).order_by_score())?;
    let mut passages = addresses
        .into_iter()
        .map(|(_, address)| load(searcher, fields, address))
        .collect::<tantivy::Result<Vec<_>>>()?;
    passages.sort_by_key(|p| p.passage);
    let first = passages[0].clone();
    Ok(Some(StoredArticle { first, passages }))
}
