//! Near-duplicate articles in a result set: reading the fingerprints stored at ingest
//! (`extract::dedup`) and finding, among everything a query matches, the copies of each
//! article shown, so that a hit can say "+N similar" for the whole result set, not the page.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::Query;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::extract::dedup::{Simhash, WORDS, same_story};
use crate::index::Fields;

/// An article's near-duplicate fingerprint and its day (days since 1970, when the year is known).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    pub hash: Simhash,
    pub day: Option<i64>,
}

impl Fingerprint {
    pub fn same_story(&self, other: &Fingerprint) -> bool {
        same_story(&self.hash, self.day, &other.hash, other.day)
    }
}

/// The fast-field columns fingerprints are read from, in one segment.
struct Columns {
    simhash: Column<u64>,
    day: Column<i64>,
}

impl Columns {
    fn open(segment: &SegmentReader) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        Ok(Self { simhash: fast.u64(SIMHASH)?, day: fast.i64(DATE_SORT)? })
    }

    fn fingerprint(&self, doc: DocId) -> Option<Fingerprint> {
        let mut hash: Simhash = [0; WORDS];
        let mut words = self.simhash.values_for_doc(doc);
        for word in &mut hash {
            *word = words.next()?;
        }
        Some(Fingerprint { hash, day: self.day.first(doc).filter(|d| *d != i64::MIN) })
    }
}

const SIMHASH: &str = "simhash";
/// Days since 1970, `i64::MIN` when the year is unknown (see `index::schema`).
const DATE_SORT: &str = "date_sort";

/// Reads passages' fingerprints, opening each segment's columns once.
pub struct Fingerprints<'a> {
    searcher: &'a Searcher,
    columns: HashMap<SegmentOrdinal, Columns>,
}

impl<'a> Fingerprints<'a> {
    pub fn new(searcher: &'a Searcher) -> Self {
        Self { searcher, columns: HashMap::new() }
    }

    /// The fingerprint of the article the passage at `address` belongs to, if it has one.
    pub fn of(&mut self, address: DocAddress) -> tantivy::Result<Option<Fingerprint>> {
        let columns = match self.columns.entry(address.segment_ord) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(Columns::open(self.searcher.segment_reader(address.segment_ord))?)
            }
        };
        Ok(columns.fingerprint(address.doc_id))
    }
}

/// For each leader (article id and fingerprint, best first), the ids of the other articles
/// matching `query` that are copies of its story, each copy counted with the first leader it
/// is a copy of. Leaders themselves are never copies.
pub fn copies(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    leaders: &[(String, Option<Fingerprint>)],
) -> tantivy::Result<HashMap<String, Vec<String>>> {
    let mut ids: Vec<&str> = Vec::new();
    let mut hashes: Vec<Fingerprint> = Vec::new();
    let mut seen = HashSet::new();
    for (id, hash) in leaders {
        if let Some(hash) = hash
            && seen.insert(id.as_str())
        {
            ids.push(id);
            hashes.push(*hash);
        }
    }
    if hashes.is_empty() {
        return Ok(HashMap::new());
    }
    let article_id = searcher.schema().get_field_name(fields.article_id).to_string();
    let found = searcher.search(query, &CopiesCollector { hashes, article_id })?;
    let leader_ids: HashSet<&str> = leaders.iter().map(|(id, _)| id.as_str()).collect();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (leader, copies) in found {
        let copies = copies.into_iter().filter(|id| !leader_ids.contains(id.as_str())).collect::<Vec<_>>();
        if !copies.is_empty() {
            out.insert(ids[leader].to_string(), copies);
        }
    }
    Ok(out)
}

/// Collects, per leader, the article ids of matching passages that are copies of its story.
struct CopiesCollector {
    hashes: Vec<Fingerprint>,
    article_id: String,
}

struct CopiesSegment {
    hashes: Vec<Fingerprint>,
    columns: Columns,
    article_id: Option<StrColumn>,
    /// Leader index → term ordinals of the copies' article ids in this segment.
    found: BTreeMap<usize, BTreeSet<u64>>,
}

impl Collector for CopiesCollector {
    type Fruit = BTreeMap<usize, BTreeSet<String>>;
    type Child = CopiesSegment;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<CopiesSegment> {
        Ok(CopiesSegment {
            hashes: self.hashes.clone(),
            columns: Columns::open(segment)?,
            article_id: segment.fast_fields().str(&self.article_id)?,
            found: BTreeMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        let mut all: Self::Fruit = BTreeMap::new();
        for fruit in fruits {
            for (leader, ids) in fruit {
                all.entry(leader).or_default().extend(ids);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for CopiesSegment {
    type Fruit = BTreeMap<usize, BTreeSet<String>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(print) = self.columns.fingerprint(doc) else { return };
        let Some(leader) = self.hashes.iter().position(|l| l.same_story(&print)) else { return };
        if let Some(ids) = &self.article_id {
            self.found.entry(leader).or_default().extend(ids.term_ords(doc));
        }
    }

    fn harvest(self) -> Self::Fruit {
        let Some(ids) = &self.article_id else { return BTreeMap::new() };
        self.found
            .into_iter()
            .map(|(leader, ords)| {
                let names = ords
                    .into_iter()
                    .filter_map(|ord| {
                        let mut name = String::new();
                        ids.ord_to_str(ord, &mut name).ok().filter(|found| *found).map(|_| name)
                    })
                    .collect();
                (leader, names)
            })
            .collect()
    }
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
        let print = Fingerprints::new(&searcher).of(DocAddress::new(0, 0)).unwrap();
        assert_eq!(print, Some(Fingerprint { hash: [4, 1, 3, 2], day: Some(10) }));
    }
}
