//! Writes articles, one document each. Writing an article replaces any earlier copy of it
//! (same article id), so indexing the same input twice leaves one copy.

use std::sync::Mutex;

use jiff::civil::Date;
use rustc_hash::FxHashSet;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::schema::TantivyDocument;
use tantivy::{DateTime, IndexReader, IndexWriter, ReloadPolicy, Searcher, SegmentMeta, Term};

use super::analysis::count_words;
use super::{Fields, IndexError, NewsIndex, WriterLock};
use crate::model::{Article, EntityKind};

/// tantivy's writer needs at least 15 MB per indexing thread.
pub const MIN_HEAP_PER_THREAD: usize = 15_000_000;

/// Segments of about the same size are merged this many at a time (tantivy's default).
const SEGMENTS_PER_MERGE: usize = 8;
/// No merge while indexing makes a segment of more articles than this. A merge maps its input
/// segments into memory, where they count towards the process's resident size, so this keeps a
/// run's peak memory the same whatever the size of the index. `newsdex optimize` merges
/// everything on request.
pub const MAX_MERGED_ARTICLES: usize = 80_000;
/// A run that fills an empty index with at most this many articles leaves them in one segment:
/// merging costs about a tenth of such a run, and saves a tenth of the index and of a search.
/// (The merge reads the whole index: this bounds its memory as the cap above does.)
pub const ONE_SEGMENT_ARTICLES: u32 = 300_000;

/// The writer of one `index` run, holding the index's lock until dropped.
pub struct ArticleWriter {
    writer: IndexWriter,
    fields: Fields,
    /// What the last commit holds, to tell whether an article may have an earlier copy.
    reader: IndexReader,
    committed: Searcher,
    /// Everything committed is being deleted (a rebuild): no earlier copies to look for.
    emptied: bool,
    /// The run started from an empty index (or a rebuild), so all it leaves is its own.
    fresh: bool,
    /// Ids added since the last commit.
    pending: Mutex<FxHashSet<String>>,
    _lock: WriterLock,
}

impl ArticleWriter {
    /// Locks the index and opens its writer with `threads` indexing threads sharing `heap_bytes`.
    pub fn new(index: &NewsIndex, threads: usize, heap_bytes: usize) -> Result<Self, IndexError> {
        let lock = index.lock_for_writing()?;
        let threads = threads.max(1);
        let heap = heap_bytes.max(threads * MIN_HEAP_PER_THREAD);
        let writer = index.index.writer_with_num_threads(threads, heap).map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => IndexError::Locked(None),
            e => IndexError::Tantivy(index.dir.clone(), e),
        })?;
        writer.set_merge_policy(Box::new(BoundedMergePolicy::new(MAX_MERGED_ARTICLES)));
        let tantivy_error = |e| IndexError::Tantivy(index.dir.clone(), e);
        let reader = index
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(tantivy_error)?;
        let committed = reader.searcher();
        let fresh = committed.num_docs() == 0;
        Ok(Self {
            writer,
            fields: index.fields.clone(),
            reader,
            committed,
            emptied: false,
            fresh,
            pending: Mutex::default(),
            _lock: lock,
        })
    }

    /// Adds an article in place of any earlier copy with the same id; returns its passage count.
    /// Takes `&self` so that parallel workers can share one writer.
    pub fn add(&self, article: &Article) -> tantivy::Result<usize> {
        // A delete costs memory until the next commit and work at it, so it is only issued for
        // an id that may be there already; a new article (nearly all of a first run) needs none.
        let repeated = self.pending.lock().map_or(true, |mut ids| !ids.insert(article.id.clone()));
        if repeated || self.is_committed(&article.id)? {
            self.delete(&article.id);
        }
        self.writer.add_document(article_document(article, &self.fields))?;
        Ok(article.passages.len())
    }

    /// Whether the last commit has a document with this article id (deleted ones may count).
    fn is_committed(&self, id: &str) -> tantivy::Result<bool> {
        if self.emptied {
            return Ok(false);
        }
        let term = Term::from_field_text(self.fields.article_id, id);
        for segment in self.committed.segment_readers() {
            if segment.inverted_index(self.fields.article_id)?.get_term_info(&term)?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Removes one article.
    pub fn delete(&self, id: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.article_id, id));
    }

    /// Removes every article that came from this file, so that a file whose text changed
    /// (and so got a new article id) is replaced rather than kept twice.
    pub fn forget_path(&self, path: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.path, path));
    }

    /// Removes every document: the start of a rebuild.
    pub fn delete_all(&mut self) -> tantivy::Result<()> {
        self.emptied = true;
        self.fresh = true;
        self.writer.delete_all_documents().map(|_| ())
    }

    /// Makes everything added so far durable and visible to readers.
    pub fn commit(&mut self) -> tantivy::Result<()> {
        self.writer.commit()?;
        self.reader.reload()?;
        self.committed = self.reader.searcher();
        self.emptied = false;
        if let Ok(mut ids) = self.pending.lock() {
            ids.clear();
        }
        Ok(())
    }

    /// Commits and waits for background merges, leaving the index tidy: a new index of at most
    /// [`ONE_SEGMENT_ARTICLES`] in one segment.
    pub fn finish(mut self) -> tantivy::Result<()> {
        self.commit()?;
        let metas = self.writer.index().searchable_segment_metas()?;
        let articles: u32 = metas.iter().map(|m| m.num_docs()).sum();
        let merge = self.fresh && metas.len() > 1 && articles <= ONE_SEGMENT_ARTICLES;
        drop(metas);
        if merge {
            return self.optimize(1).map(|_| ());
        }
        let (writer, _lock) = self.into_writer();
        writer.wait_merging_threads()
    }

    /// Merges the smallest segments (and any holding deleted documents) until at most
    /// `max_segments` are left; returns how many segments there were and how many it merged.
    pub fn optimize(self, max_segments: usize) -> tantivy::Result<(usize, usize)> {
        let (mut writer, _lock) = self.into_writer();
        let mut segments = writer.index().searchable_segment_metas()?;
        let before = segments.len();
        segments.sort_by_key(|s| (!s.has_deletes(), s.num_docs()));
        let mut merging = before.saturating_sub(max_segments.max(1) - 1);
        merging = merging.max(segments.iter().filter(|s| s.has_deletes()).count());
        let merge = merging > 1 || segments.first().is_some_and(|s| s.has_deletes());
        let ids: Vec<_> = segments.iter().take(merging).map(|s| s.id()).collect();
        // A segment's metadata, while held, keeps its files from the garbage collector.
        drop(segments);
        if merge {
            writer.merge(&ids).wait()?;
        }
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
        Ok((before, if merge { ids.len() } else { 0 }))
    }

    /// The tantivy writer and the lock, without this writer's view of the last commit: a
    /// searcher keeps its segments' files from being deleted once merged away.
    fn into_writer(self) -> (IndexWriter, WriterLock) {
        let Self { writer, reader, committed, _lock, .. } = self;
        drop(committed);
        drop(reader);
        (writer, _lock)
    }
}

/// tantivy's log merge policy (segments of about the same size merged together), with every
/// merge cut down to its smallest segments that fit in `max_docs`. Segment counts stay bounded:
/// by the levels below `max_docs`, plus one segment per `max_docs` articles above.
#[derive(Debug)]
pub struct BoundedMergePolicy {
    inner: LogMergePolicy,
    max_docs: usize,
}

impl BoundedMergePolicy {
    pub fn new(max_docs: usize) -> Self {
        let mut inner = LogMergePolicy::default();
        inner.set_min_num_segments(SEGMENTS_PER_MERGE);
        inner.set_max_docs_before_merge(max_docs / 2);
        Self { inner, max_docs }
    }
}

impl MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs = |id: &tantivy::index::SegmentId| {
            segments.iter().find(|s| s.id() == *id).map_or(0, |s| s.num_docs() as usize)
        };
        self.inner
            .compute_merge_candidates(segments)
            .into_iter()
            .filter_map(|MergeCandidate(mut ids)| {
                ids.sort_by_key(|id| docs(id));
                let mut total = 0;
                ids.retain(|id| {
                    total += docs(id);
                    total <= self.max_docs
                });
                (ids.len() >= 2).then_some(MergeCandidate(ids))
            })
            .collect()
    }
}

/// The article's document. The body's words are counted here, in the calling worker, for the
/// passage boundaries ranking needs; tantivy's indexing threads stem them.
pub fn article_document(article: &Article, fields: &Fields) -> TantivyDocument {
    let (body, passage_bytes) = article.body_and_passage_starts();
    let mut word_starts = Vec::new();
    let body_counts = count_words(&body, Some(&mut word_starts));
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.article_id, &article.id);
    doc.add_text(fields.title, &article.title);
    // A passage's first word is the first word starting at or after its first byte.
    let mut words = word_starts.iter().peekable();
    for &start in &passage_bytes {
        while words.next_if(|(offset, _)| *offset < start).is_some() {}
        let position = words.peek().map_or(body_counts.positions, |(_, position)| *position);
        doc.add_u64(fields.passage_bytes, start as u64);
        doc.add_u64(fields.passage_positions, position.into());
    }
    doc.add_u64(fields.body_positions, body_counts.positions.into());
    doc.add_text(fields.body, body);
    if let Some(source) = &article.source {
        doc.add_text(fields.source, source);
    }
    if let Some(date) = &article.date {
        doc.add_text(fields.date_text, date.to_string());
        doc.add_bool(fields.year_assumed, date.year_assumed());
        doc.add_text(fields.date_precision, date.precision().name());
    }
    match article.date.and_then(|d| d.range()) {
        Some((first, last)) => {
            doc.add_date(fields.date, to_datetime(first));
            doc.add_date(fields.date_end, to_datetime(last));
            doc.add_i64(fields.date_sort, sort_day(first));
        }
        None => doc.add_i64(fields.date_sort, UNDATED_SORT_DAY),
    }
    for kind in EntityKind::ALL {
        for entity in article.entities_of(kind) {
            doc.add_text(fields.entity_field(kind), &entity.name);
        }
    }
    if let Some(path) = &article.path {
        doc.add_text(fields.path, path);
    }
    if let Some(url) = &article.url {
        doc.add_text(fields.url, url);
    }
    for author in &article.authors {
        doc.add_text(fields.author, author);
    }
    for (name, values) in &article.labels {
        for value in values {
            doc.add_text(fields.label, format!("{name}:{value}"));
        }
    }
    if !article.labels.is_empty() {
        doc.add_text(fields.labels_json, serde_json::to_string(&article.labels).unwrap_or_default());
    }
    // The fingerprint's words, in order (a multi-valued fast field keeps the order added).
    for word in article.simhash.iter().flatten() {
        doc.add_u64(fields.simhash, *word);
    }
    doc
}

const EPOCH: Date = Date::constant(1970, 1, 1);

/// The `date_sort` of an article whose year is unknown: below every date, so it sorts last.
pub const UNDATED_SORT_DAY: i64 = 0;
/// `date_sort` counts days from about 770 BC rather than from 1970, so that every date is above
/// [`UNDATED_SORT_DAY`] and the column's values stay small (it is bit-packed).
const SORT_DAY_OFFSET: i64 = 1_000_000;

/// An article's `date_sort` value for a date.
pub fn sort_day(date: Date) -> i64 {
    days_since_epoch(date) + SORT_DAY_OFFSET
}

/// The day a `date_sort` value stands for; `None` for an undated article.
pub fn date_of_sort_day(value: i64) -> Option<Date> {
    if value == UNDATED_SORT_DAY {
        return None;
    }
    EPOCH.checked_add(jiff::Span::new().try_days(value - SORT_DAY_OFFSET).ok()?).ok()
}

pub fn days_since_epoch(date: Date) -> i64 {
    date.duration_since(EPOCH).as_secs() / 86_400
}

pub fn to_datetime(date: Date) -> DateTime {
    datetime_of_seconds(days_since_epoch(date) * 86_400)
}

/// tantivy counts time in nanoseconds, which overflow past the years 1677 and 2262: dates beyond
/// are held at those ends.
pub fn datetime_of_seconds(seconds: i64) -> DateTime {
    const LIMIT: i64 = i64::MAX / 1_000_000_000;
    DateTime::from_timestamp_secs(seconds.clamp(-LIMIT, LIMIT))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, NewsDate, Passage};
    use tantivy::schema::Value;

    fn article(id: &str, date: Option<NewsDate>) -> Article {
        Article {
            id: id.into(),
            title: "Harbour floods".into(),
            source: Some("UPI".into()),
            date,
            entities: vec![Entity { kind: EntityKind::Person, name: "Park Seo-yeon".into(), mentions: 2 }],
            passages: vec![
                Passage { text: "First words.".into(), continues: false },
                Passage { text: "Second, the end.".into(), continues: true },
            ],
            path: Some("/tmp/a.txt".into()),
            url: None,
            authors: vec![],
            labels: [("places".to_string(), vec!["usa".to_string()])].into(),
            simhash: Some([4, 1, 3, 2]),
        }
    }

    #[test]
    fn an_article_is_one_document_with_its_passages_located() {
        let schema = crate::index::schema::build_schema();
        let fields = Fields::from_schema(&schema).unwrap();
        let doc = article_document(&article("a-1", NewsDate::day(2024, 7, 31)), &fields);
        let all = |field| doc.get_all(field).filter_map(|v| v.as_u64()).collect::<Vec<u64>>();
        // "First words." + " " + "Second, the end." (it continues the paragraph)
        assert_eq!(all(fields.passage_bytes), [0, 13]);
        assert_eq!(all(fields.passage_positions), [0, 2]);
        assert_eq!(all(fields.body_positions), [5]);
        assert_eq!(doc.get_first(fields.person).and_then(|v| v.as_str()), Some("Park Seo-yeon"));
        assert_eq!(doc.get_first(fields.date_text).and_then(|v| v.as_str()), Some("2024-07-31"));
        assert_eq!(doc.get_first(fields.date_sort).and_then(|v| v.as_i64()), Some(1_019_935));
        assert_eq!(date_of_sort_day(1_019_935), Some(Date::constant(2024, 7, 31)));
        assert_eq!(date_of_sort_day(UNDATED_SORT_DAY), None);
        assert_eq!(doc.get_first(fields.label).and_then(|v| v.as_str()), Some("places:usa"));
        assert_eq!(doc.get_first(fields.labels_json).and_then(|v| v.as_str()), Some(r#"{"places":["usa"]}"#));
        assert_eq!(all(fields.simhash), [4, 1, 3, 2]);
    }

    #[test]
    fn merges_never_exceed_the_bound() {
        let index = tantivy::Index::create_in_ram(crate::index::schema::build_schema());
        let metas: Vec<SegmentMeta> = [40, 40, 40, 40, 40, 40, 40, 40, 40, 40]
            .into_iter()
            .map(|docs| index.new_segment_meta(tantivy::index::SegmentId::generate_random(), docs))
            .collect();
        let candidates = BoundedMergePolicy::new(200).compute_merge_candidates(&metas);
        assert_eq!(candidates.len(), 1);
        assert_eq!(candidates[0].0.len(), 5, "5 × 40 articles fit in 200");
        let unbounded = BoundedMergePolicy::new(10_000).compute_merge_candidates(&metas);
        assert_eq!(unbounded[0].0.len(), 10);
    }

    #[test]
    fn a_date_without_year_sorts_last_and_is_not_on_the_calendar() {
        let schema = crate::index::schema::build_schema();
        let fields = Fields::from_schema(&schema).unwrap();
        let doc = article_document(&article("a-2", NewsDate::month_day(7, 31)), &fields);
        assert!(doc.get_first(fields.date).is_none());
        assert_eq!(doc.get_first(fields.date_sort).and_then(|v| v.as_i64()), Some(UNDATED_SORT_DAY));
        assert_eq!(doc.get_first(fields.date_text).and_then(|v| v.as_str()), Some("--07-31"));
    }
}
