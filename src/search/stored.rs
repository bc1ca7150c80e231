//! Reading articles back from the index: their stored fields, and their passages as ranges of
//! the body.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::collector::TopDocs;
use tantivy::columnar::Column;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{DocAddress, Searcher, Term};

use crate::index::Fields;
use crate::model::{EntityKind, NewsDate};

/// Entity names of one article by kind; every kind present, possibly empty.
pub type EntityLists = BTreeMap<EntityKind, Vec<String>>;

/// An article as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredArticle {
    pub article_id: String,
    pub title: String,
    pub source: Option<String>,
    pub date: Option<NewsDate>,
    /// The cleaned text, paragraphs separated by blank lines.
    pub body: String,
    /// Each passage's byte range in `body`, in order.
    pub passages: Vec<Range<usize>>,
    pub entities: EntityLists,
    pub path: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub labels: BTreeMap<String, Vec<String>>,
}

impl StoredArticle {
    /// The text of passage `number` (empty past the last).
    pub fn passage(&self, number: usize) -> &str {
        self.passages.get(number).and_then(|r| self.body.get(r.clone())).unwrap_or("")
    }

    /// Every passage's text, in order.
    pub fn passage_texts(&self) -> impl Iterator<Item = &str> {
        (0..self.passages.len()).map(|i| self.passage(i))
    }
}

/// Loads the article stored at `address` (one article: a search loads its hits with
/// [`load_with`] and the searcher's open columns).
pub fn load(searcher: &Searcher, fields: &Fields, address: DocAddress) -> tantivy::Result<StoredArticle> {
    let segment = searcher.segment_reader(address.segment_ord);
    let starts = segment.fast_fields().u64(searcher.schema().get_field_name(fields.passage_bytes))?;
    load_with(searcher, fields, &starts, address)
}

/// Loads the article stored at `address`, its passages' starts read from `passage_bytes`, the
/// column of its segment.
pub fn load_with(
    searcher: &Searcher,
    fields: &Fields,
    passage_bytes: &Column<u64>,
    address: DocAddress,
) -> tantivy::Result<StoredArticle> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let starts: Vec<usize> = passage_bytes.values_for_doc(address.doc_id).map(|v| v as usize).collect();
    Ok(from_document(&doc, fields, &starts))
}

/// An article from its stored fields and its passages' starts in the body.
pub fn from_document(doc: &TantivyDocument, fields: &Fields, passage_starts: &[usize]) -> StoredArticle {
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
    let body = text(fields.body).unwrap_or_default();
    StoredArticle {
        article_id: text(fields.article_id).unwrap_or_default(),
        title: text(fields.title).unwrap_or_default(),
        source: text(fields.source),
        date,
        passages: passage_ranges(&body, passage_starts),
        body,
        entities,
        path: text(fields.path),
        url: text(fields.url),
        authors: doc.get_all(fields.author).filter_map(|v| v.as_str().map(str::to_string)).collect(),
        labels: text(fields.labels_json).and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default(),
    }
}

/// Passage ranges from their starts: each ends where the next begins, less the space or blank
/// line between them. Starts that do not fall on the text's characters are dropped.
fn passage_ranges(body: &str, starts: &[usize]) -> Vec<Range<usize>> {
    let starts: Vec<usize> =
        starts.iter().copied().filter(|&s| s <= body.len() && body.is_char_boundary(s)).collect();
    let mut ranges = Vec::with_capacity(starts.len());
    for (i, &start) in starts.iter().enumerate() {
        let end = starts.get(i + 1).copied().unwrap_or(body.len()).max(start);
        let end = start + body[start..end].trim_end().len();
        ranges.push(start..end);
    }
    if ranges.is_empty() {
        ranges.push(0..body.len());
    }
    ranges
}

/// The address of the article with this id, if the index has it.
pub fn find_article(searcher: &Searcher, fields: &Fields, id: &str) -> tantivy::Result<Option<DocAddress>> {
    let query = TermQuery::new(Term::from_field_text(fields.article_id, id), IndexRecordOption::Basic);
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    Ok(top.first().map(|(_, address)| *address))
}

/// The article with this id; `None` when the index has none.
pub fn load_article(
    searcher: &Searcher,
    fields: &Fields,
    id: &str,
) -> tantivy::Result<Option<StoredArticle>> {
    find_article(searcher, fields, id)?.map(|address| load(searcher, fields, address)).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_end_where_the_next_begins_less_the_separator() {
        let body = "One two.\n\nThree four five. Six.";
        let ranges = passage_ranges(body, &[0, 10, 27]);
        let texts: Vec<&str> = ranges.iter().map(|r| &body[r.clone()]).collect();
        assert_eq!(texts, ["One two.", "Three four five.", "Six."]);
        assert_eq!(passage_ranges("Alone.", &[]), vec![0..6]);
        assert_eq!(passage_ranges("é", &[0, 1]), vec![0..2], "a start inside a character is dropped");
    }
}
