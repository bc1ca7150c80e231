//! Near-duplicate articles in a result set: reading the fingerprints stored at ingest
//! (`extract::dedup`) and finding, among the best matches of a query, the copies of each article
//! shown, so that a hit can say "+N similar" for more than the page. Copies of a story score
//! alike (exact copies the same), so they stand together near the top of the matches; the count
//! looks at the best [`super::COPY_POOL`] of them rather than reading every match a second time.

use std::collections::{HashMap, HashSet};

use tantivy::{DocAddress, Searcher, SegmentOrdinal};

use super::columns::Columns;
use crate::extract::dedup::{Simhash, same_story};
use crate::index::Fields;
use crate::index::writer::UNDATED_SORT_DAY;

/// An article's near-duplicate fingerprint and its day (days since 1970, when the year is known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: Simhash,
    pub day: Option<i64>,
}

impl Fingerprint {
    /// The fingerprint of the article at `address`, if it has one.
    pub fn of(columns: &Columns, address: DocAddress) -> Option<Self> {
        let segment = columns.segment(address.segment_ord);
        let hash = segment.simhash(address.doc_id)?;
        Some(Self { hash, day: segment.sort_day(address.doc_id).filter(|d| *d != UNDATED_SORT_DAY) })
    }

    pub fn same_story(&self, other: &Fingerprint) -> bool {
        same_story(&self.hash, self.day, &other.hash, other.day)
    }
}

/// For each leader (article id and fingerprint, best first), the ids of the other articles of
/// `pool` that are copies of its story, each copy counted with the first leader it is a copy of.
/// Leaders themselves are never copies.
pub fn copies(
    searcher: &Searcher,
    fields: &Fields,
    columns: &Columns,
    leaders: &[(String, Option<Fingerprint>)],
    pool: &[DocAddress],
) -> tantivy::Result<HashMap<String, Vec<String>>> {
    let hashed: Vec<(&str, Fingerprint)> =
        leaders.iter().filter_map(|(id, hash)| hash.map(|h| (id.as_str(), h))).collect();
    if hashed.is_empty() {
        return Ok(HashMap::new());
    }
    let leader_ids: HashSet<&str> = leaders.iter().map(|(id, _)| id.as_str()).collect();
    // Per segment, the copies' id ordinals with their leaders, to be named in one pass over the
    // segment's id dictionary.
    let mut found: HashMap<SegmentOrdinal, Vec<(u64, usize)>> = HashMap::new();
    for &address in pool {
        let Some(print) = Fingerprint::of(columns, address) else { continue };
        let Some(leader) = hashed.iter().position(|(_, hash)| hash.same_story(&print)) else { continue };
        let Some(ids) = &columns.segment(address.segment_ord).article_ids else { continue };
        let ordinals = found.entry(address.segment_ord).or_default();
        ordinals.extend(ids.term_ords(address.doc_id).map(|ordinal| (ordinal, leader)));
    }
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let mut id = Vec::new();
    for (segment, ordinals) in found {
        // The id column's ordinals are those of the id field's term dictionary (the same terms,
        // sorted), which names an ordinal without decompressing a block.
        let terms = searcher.segment_reader(segment).inverted_index(fields.article_id)?;
        for (ordinal, leader) in ordinals {
            if terms.terms().ord_to_term(ordinal, &mut id)?
                && let Ok(name) = std::str::from_utf8(&id)
                && !leader_ids.contains(name)
            {
                out.entry(hashed[leader].0.to_string()).or_default().push(name.to_string());
            }
        }
    }
    for copies in out.values_mut() {
        copies.sort();
        copies.dedup();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::{ArticleWriter, NewsIndex};
    use crate::model::{Article, NewsDate, Passage};

    #[test]
    fn fingerprints_read_back_in_the_order_written_with_their_day() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let writer = ArticleWriter::new(&index, 1, 15_000_000).unwrap();
        writer
            .add(&Article {
                id: "a".into(),
                title: "Harbour floods".into(),
                source: None,
                date: NewsDate::day(1970, 1, 11),
                entities: vec![],
                passages: vec![Passage { text: "The harbour flooded.".into(), continues: false }],
                path: None,
                url: None,
                authors: vec![],
                labels: Default::default(),
                simhash: Some([4, 1, 3, 2]),
            })
            .unwrap();
        writer.finish().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let print = Fingerprint::of(&Columns::open(&searcher, &index.fields).unwrap(), DocAddress::new(0, 0));
        assert_eq!(print, Some(Fingerprint { hash: [4, 1, 3, 2], day: Some(1_000_010) }));
    }

    #[test]
    fn id_column_ordinals_name_the_same_terms_as_the_id_dictionary() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let mut writer = ArticleWriter::new(&index, 1, 15_000_000).unwrap();
        let article = |id: &str| Article {
            id: id.into(),
            title: "Harbour floods".into(),
            passages: vec![Passage { text: format!("The harbour flooded ({id})."), continues: false }],
            ..Article::default()
        };
        for id in ["m", "b", "z", "a"] {
            writer.add(&article(id)).unwrap();
        }
        writer.commit().unwrap();
        // Replacing "b" leaves a deleted copy in the first segment (a commit, not `finish`, which
        // would merge a new index into one segment).
        writer.add(&article("b")).unwrap();
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let mut checked = 0;
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().str("article_id").unwrap().unwrap();
            let terms = segment.inverted_index(index.fields.article_id).unwrap();
            for doc in 0..segment.max_doc() {
                for ordinal in column.term_ords(doc) {
                    let (mut from_column, mut from_terms) = (String::new(), Vec::new());
                    assert!(column.ord_to_str(ordinal, &mut from_column).unwrap());
                    assert!(terms.terms().ord_to_term(ordinal, &mut from_terms).unwrap());
                    assert_eq!(from_column.as_bytes(), from_terms.as_slice());
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 5);
    }
}
