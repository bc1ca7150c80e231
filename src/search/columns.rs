//! The fast-field columns a search reads per article, opened once per searcher. Opening a
//! column reads its whole block index (for a column of a million values, thousands of blocks),
//! which cost more than all the values one query reads from it; the server keeps one searcher
//! per commit, so its searches open none.

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Searcher, SegmentReader};

use crate::extract::dedup::{Simhash, WORDS};
use crate::index::Fields;

/// One segment's columns.
pub struct SegmentColumns {
    /// Each passage's first byte in the body.
    pub passage_bytes: Column<u64>,
    /// Each passage's first word position.
    pub passage_positions: Column<u64>,
    /// One past the body's last word position.
    pub body_positions: Column<u64>,
    /// Article ids as ordinals of the id field's terms.
    pub article_ids: Option<StrColumn>,
    simhash: Column<u64>,
    date_sort: Column<i64>,
}

impl SegmentColumns {
    fn open(segment: &SegmentReader, searcher: &Searcher, fields: &Fields) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        let name = |field| searcher.schema().get_field_name(field);
        Ok(Self {
            passage_bytes: fast.u64(name(fields.passage_bytes))?,
            passage_positions: fast.u64(name(fields.passage_positions))?,
            body_positions: fast.u64(name(fields.body_positions))?,
            article_ids: fast.str(name(fields.article_id))?,
            simhash: fast.u64(name(fields.simhash))?,
            date_sort: fast.i64(name(fields.date_sort))?,
        })
    }

    /// Document `doc`'s near-duplicate fingerprint words, if it has them.
    pub fn simhash(&self, doc: DocId) -> Option<Simhash> {
        let mut hash: Simhash = [0; WORDS];
        let mut words = self.simhash.values_for_doc(doc);
        for word in &mut hash {
            *word = words.next()?;
        }
        Some(hash)
    }

    /// Document `doc`'s day for sorting by date (see `index::writer::sort_day`).
    pub fn sort_day(&self, doc: DocId) -> Option<i64> {
        self.date_sort.first(doc)
    }
}

/// Every segment's columns, by segment ordinal.
pub struct Columns(Vec<SegmentColumns>);

impl Columns {
    pub fn open(searcher: &Searcher, fields: &Fields) -> tantivy::Result<Self> {
        let segments = searcher.segment_readers().iter();
        Ok(Self(
            segments
                .map(|segment| SegmentColumns::open(segment, searcher, fields))
                .collect::<Result<_, _>>()?,
        ))
    }

    pub fn segment(&self, segment_ord: u32) -> &SegmentColumns {
        &self.0[segment_ord as usize]
    }

    pub fn segments(&self) -> &[SegmentColumns] {
        &self.0
    }
}
