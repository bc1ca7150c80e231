//! One indexing run, stage by stage: discover inputs, then read (ingest), extract and write their
//! records in parallel, committing every so often so that a run that dies keeps what it finished
//! and a re-run completes it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde::Serialize;

use crate::cpu_time::thread_cpu_time;
use crate::extract::{ExtractOptions, ExtractTimes, Extractor};
use crate::index::{ArticleWriter, IndexError, NewsIndex};
use crate::ingest::{self, IngestOptions, InputFile, Problem};

/// How many skipped records a summary lists one by one; the rest are counted.
const LISTED_PROBLEMS: usize = 100;

#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub paths: Vec<PathBuf>,
    pub ingest: IngestOptions,
    pub extract: ExtractOptions,
    /// Reading and extraction workers; `None` for one per core.
    pub threads: Option<usize>,
    /// tantivy's indexing threads and their shared memory budget.
    pub writer_threads: usize,
    pub writer_heap_bytes: usize,
    /// Commit after this many articles…
    pub commit_every_articles: u64,
    /// …or this many input bytes, whichever comes first.
    pub commit_every_bytes: u64,
    /// Stop at the first problem instead of skipping it.
    pub strict: bool,
    /// Empty the index first.
    pub rebuild: bool,
    /// Send [`Report::Progress`] as inputs are read.
    pub progress: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        Self {
            paths: Vec::new(),
            ingest: IngestOptions::default(),
            extract: ExtractOptions::default(),
            threads: None,
            writer_threads: 1,
            writer_heap_bytes: 128 << 20,
            commit_every_articles: 50_000,
            commit_every_bytes: 256 << 20,
            strict: false,
            rebuild: false,
            progress: true,
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndexSummary {
    pub files: usize,
    pub articles: usize,
    pub passages: usize,
    /// Files or records that could not be indexed.
    pub skipped: usize,
    /// The first skipped ones, each `path[:line]: reason`.
    pub skipped_records: Vec<String>,
    /// Records indexed despite something wrong with them (a bad time in a date, say).
    pub warnings: usize,
    /// Files in the folders that are not articles (documentation, other formats).
    pub ignored: usize,
    pub commits: usize,
    pub bytes: u64,
    pub elapsed_secs: f64,
    pub mb_per_sec: f64,
    /// CPU seconds the workers spent in each stage.
    pub stages: StageSeconds,
}

/// CPU seconds the workers spent in each stage, summed over them. The index writer's own threads
/// (tokenising, posting lists, merges) are not in `write`, which counts building documents and
/// handing them over; `commit` is wall time, the workers waiting for commits.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct StageSeconds {
    /// Reading and parsing inputs into raw articles.
    pub read: f64,
    /// Boilerplate removal and headlines.
    pub clean: f64,
    pub dateline: f64,
    pub entities: f64,
    pub passages: f64,
    /// Building passage documents and handing them to the writer.
    pub write: f64,
    /// Commits (the workers wait for them).
    pub commit: f64,
}

/// Something to tell the user while a run goes on.
#[derive(Debug, Clone, Copy)]
pub enum Report<'a> {
    /// This input or record was not indexed.
    Skipped(&'a Problem),
    /// This record was indexed, but something in it was wrong.
    Warning(&'a Problem),
    /// Inputs of `done_bytes` of the run's `total_bytes` have been read (sent once before the
    /// first input and after each one, with [`IndexOptions::progress`]).
    Progress { done_bytes: u64, total_bytes: u64 },
    /// Reading is over and what remains is the last commit (sent with [`IndexOptions::progress`]).
    InputsRead,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error("stopped at the first problem (--strict): {0}")]
    Strict(Problem),
}

/// Counters shared by the workers of one run.
#[derive(Default)]
struct Tally {
    articles: AtomicUsize,
    passages: AtomicUsize,
    warnings: AtomicUsize,
    commits: AtomicUsize,
    bytes_done: AtomicU64,
    articles_since_commit: AtomicU64,
    bytes_since_commit: AtomicU64,
    stop: AtomicBool,
    /// Nanoseconds per stage, in [`StageSeconds`]' order.
    stage_nanos: [AtomicU64; 7],
}

impl Tally {
    fn add_time(&self, stage: Stage, time: Duration) {
        self.stage_nanos[stage as usize].fetch_add(time.as_nanos() as u64, Ordering::Relaxed);
    }

    fn stage_seconds(&self) -> StageSeconds {
        let secs = |stage: Stage| self.stage_nanos[stage as usize].load(Ordering::Relaxed) as f64 / 1e9;
        StageSeconds {
            read: secs(Stage::Read),
            clean: secs(Stage::Clean),
            dateline: secs(Stage::Dateline),
            entities: secs(Stage::Entities),
            passages: secs(Stage::Passages),
            write: secs(Stage::Write),
            commit: secs(Stage::Commit),
        }
    }
}

#[derive(Clone, Copy)]
enum Stage {
    Read,
    Clean,
    Dateline,
    Entities,
    Passages,
    Write,
    Commit,
}

/// Indexes every article under `options.paths`. Problems with single inputs or records go to
/// `report` as they happen and are counted; only a problem with the index itself (or any
/// problem, with `strict`) stops the run.
pub fn index_paths(
    index: &NewsIndex,
    options: &IndexOptions,
    report: &(dyn Fn(Report) + Sync),
) -> Result<IndexSummary, RunError> {
    let started = Instant::now();
    let mut writer = ArticleWriter::new(index, options.writer_threads, options.writer_heap_bytes)?;
    let tantivy_error = |e| RunError::Index(IndexError::Tantivy(index.dir.clone(), e));
    if options.rebuild {
        writer.delete_all().map_err(tantivy_error)?;
    }
    let discovery = ingest::discover(&options.paths, options.ingest.format.is_some());
    let problems: Mutex<Vec<Problem>> = Mutex::new(Vec::new());
    let tally = Tally::default();
    let skip = |problem: Problem| {
        report(Report::Skipped(&problem));
        if options.strict {
            tally.stop.store(true, Ordering::Relaxed);
        }
        if let Ok(mut list) = problems.lock() {
            list.push(problem);
        }
    };
    let total_bytes = discovery.total_bytes();
    let progress = |done_bytes: u64| {
        if options.progress {
            report(Report::Progress { done_bytes, total_bytes });
        }
    };
    progress(0);
    for problem in &discovery.problems {
        skip(problem.clone());
    }

    let run = Run {
        options,
        ingest: Arc::new(options.ingest.clone()),
        extractor: Extractor::new(options.extract.clone()),
        writer: RwLock::new(writer),
        tally: &tally,
        skip: &skip,
        warn: &|problem: Problem| {
            tally.warnings.fetch_add(1, Ordering::Relaxed);
            report(Report::Warning(&problem));
        },
        progress: &progress,
        failure: Mutex::new(None),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .map_err(|e| IndexError::Io(index.dir.clone(), std::io::Error::other(e)))?;
    pool.install(|| discovery.files.par_iter().for_each(|file| run.file(file)));
    if options.progress {
        report(Report::InputsRead);
    }

    let Run { writer, failure, .. } = run;
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(tantivy_error(e));
    }
    let problems = problems.into_inner().unwrap_or_default();
    if options.strict
        && let Some(first) = problems.first()
    {
        return Err(RunError::Strict(first.clone()));
    }
    let writer = writer.into_inner().map_err(|_| tantivy_error(poisoned()))?;
    let finishing = Instant::now();
    writer.finish().map_err(tantivy_error)?;
    tally.add_time(Stage::Commit, finishing.elapsed());

    let elapsed = started.elapsed().as_secs_f64();
    let stages = tally.stage_seconds();
    Ok(IndexSummary {
        files: discovery.files.len(),
        articles: tally.articles.into_inner(),
        passages: tally.passages.into_inner(),
        skipped: problems.len(),
        skipped_records: problems.iter().take(LISTED_PROBLEMS).map(ToString::to_string).collect(),
        warnings: tally.warnings.into_inner(),
        ignored: discovery.ignored.len(),
        commits: tally.commits.into_inner() + 1,
        bytes: total_bytes,
        elapsed_secs: elapsed,
        mb_per_sec: if elapsed > 0.0 { total_bytes as f64 / 1e6 / elapsed } else { 0.0 },
        stages,
    })
}

/// The shared state of a run's workers.
struct Run<'a> {
    options: &'a IndexOptions,
    ingest: Arc<IngestOptions>,
    extractor: Extractor,
    /// Workers add under the read lock; a commit takes the write lock, so it never splits an article.
    writer: RwLock<ArticleWriter>,
    tally: &'a Tally,
    skip: &'a (dyn Fn(Problem) + Sync),
    warn: &'a (dyn Fn(Problem) + Sync),
    /// Called with the bytes read so far after each input.
    progress: &'a (dyn Fn(u64) + Sync),
    /// The first failure of the index writer, which ends the run.
    failure: Mutex<Option<tantivy::TantivyError>>,
}

impl Run<'_> {
    fn stopped(&self) -> bool {
        self.tally.stop.load(Ordering::Relaxed)
    }

    /// Reads one input and hands its records to the workers.
    fn file(&self, file: &InputFile) {
        if self.stopped() {
            return;
        }
        let records = match ingest::open_records(&file.path, &self.ingest) {
            Ok(records) => records,
            Err(problem) => return (self.skip)(problem),
        };
        if file.path.as_os_str() != "-" {
            // The file is the unit of replacement: what it gave before goes, what it has now comes in.
            let stored = ingest::canonical_path(&file.path).display().to_string();
            if let Ok(writer) = self.writer.read() {
                writer.forget_path(&stored);
            }
        }
        let timed = TimedRecords { records, tally: self.tally };
        timed.par_bridge().for_each(|record| match record {
            _ if self.stopped() => {}
            Err(problem) => (self.skip)(problem),
            Ok(raw) => self.article(raw),
        });
        let done = self.tally.bytes_done.fetch_add(file.len, Ordering::Relaxed) + file.len;
        (self.progress)(done);
        self.count_towards_commit(0, file.len);
    }

    fn article(&self, mut raw: crate::model::RawArticle) {
        let notes = std::mem::take(&mut raw.notes);
        let (path, line) = (self.origin_of(&raw), raw.line);
        for message in notes {
            (self.warn)(Problem { path: path.clone(), line, message });
        }
        let mut times = ExtractTimes::default();
        let extracted = self.extractor.extract_timed(raw, &mut times);
        let tally = self.tally;
        tally.add_time(Stage::Clean, times.clean);
        tally.add_time(Stage::Dateline, times.dateline);
        tally.add_time(Stage::Entities, times.entities);
        tally.add_time(Stage::Passages, times.passages);
        let article = match extracted {
            Ok(article) => article,
            Err(reason) => return (self.skip)(Problem { path, line, message: reason }),
        };
        let writing = thread_cpu_time();
        let added = match self.writer.read() {
            Ok(writer) => writer.add(&article),
            Err(_) => Err(poisoned()),
        };
        tally.add_time(Stage::Write, thread_cpu_time() - writing);
        match added {
            Ok(passages) => {
                self.tally.articles.fetch_add(1, Ordering::Relaxed);
                self.tally.passages.fetch_add(passages, Ordering::Relaxed);
                self.count_towards_commit(1, 0);
            }
            Err(e) => self.fail(e),
        }
    }

    /// Where a record came from, for messages.
    fn origin_of(&self, raw: &crate::model::RawArticle) -> String {
        raw.path.clone().unwrap_or_else(|| "-".into())
    }

    /// Counts work done and commits when enough has accumulated since the last commit.
    fn count_towards_commit(&self, articles: u64, bytes: u64) {
        let tally = self.tally;
        let since_articles = tally.articles_since_commit.fetch_add(articles, Ordering::Relaxed) + articles;
        let since_bytes = tally.bytes_since_commit.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if since_articles < self.options.commit_every_articles
            && since_bytes < self.options.commit_every_bytes
        {
            return;
        }
        let waiting = Instant::now();
        let Ok(mut writer) = self.writer.write() else { return self.fail(poisoned()) };
        // Another worker may have committed while this one waited for the lock.
        let pending = tally.articles_since_commit.load(Ordering::Relaxed);
        if pending < self.options.commit_every_articles
            && tally.bytes_since_commit.load(Ordering::Relaxed) < self.options.commit_every_bytes
        {
            return;
        }
        let committed = writer.commit();
        tally.add_time(Stage::Commit, waiting.elapsed());
        match committed {
            Ok(()) => {
                tally.commits.fetch_add(1, Ordering::Relaxed);
                tally.articles_since_commit.store(0, Ordering::Relaxed);
                tally.bytes_since_commit.store(0, Ordering::Relaxed);
            }
            Err(e) => self.fail(e),
        }
    }

    fn fail(&self, e: tantivy::TantivyError) {
        self.tally.stop.store(true, Ordering::Relaxed);
        if let Ok(mut slot) = self.failure.lock() {
            slot.get_or_insert(e);
        }
    }
}

/// A reader's records, adding the CPU time spent reading each to the run's tally.
struct TimedRecords<'a> {
    records: ingest::Records,
    tally: &'a Tally,
}

impl Iterator for TimedRecords<'_> {
    type Item = <ingest::Records as Iterator>::Item;

    fn next(&mut self) -> Option<Self::Item> {
        let started = thread_cpu_time();
        let record = self.records.next();
        self.tally.add_time(Stage::Read, thread_cpu_time() - started);
        record
    }
}

fn poisoned() -> tantivy::TantivyError {
    tantivy::TantivyError::InternalError("a worker failed while writing".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::EntityMethod;

    #[test]
    fn progress_counts_the_bytes_of_each_input_then_says_reading_is_over() {
        let inputs = tempfile::tempdir().unwrap();
        let first = "Harbour reopens\n\nThe harbour reopened on Monday after the storm.\n";
        let second = "Ferries run again\n\nFerries to the islands ran again on Tuesday.\n";
        std::fs::write(inputs.path().join("a.txt"), first).unwrap();
        std::fs::write(inputs.path().join("b.txt"), second).unwrap();
        let total = (first.len() + second.len()) as u64;
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let options = IndexOptions {
            paths: vec![inputs.path().to_path_buf()],
            extract: ExtractOptions { entities: EntityMethod::Off, ..ExtractOptions::default() },
            threads: Some(1),
            ..IndexOptions::default()
        };
        let seen = Mutex::new(Vec::new());
        let summary = index_paths(&index, &options, &|report| {
            seen.lock().unwrap().push(match report {
                Report::Progress { done_bytes, total_bytes } => Some((done_bytes, total_bytes)),
                Report::InputsRead => None,
                other => panic!("unexpected report {other:?}"),
            })
        })
        .unwrap();
        assert_eq!(summary.articles, 2);
        let seen = seen.into_inner().unwrap();
        let one_file = seen[1].unwrap().0;
        assert!(one_file == first.len() as u64 || one_file == second.len() as u64);
        assert_eq!(seen, [Some((0, total)), Some((one_file, total)), Some((total, total)), None]);

        let quiet = IndexOptions { progress: false, rebuild: true, ..options };
        let reports = AtomicUsize::new(0);
        index_paths(&index, &quiet, &|_| {
            reports.fetch_add(1, Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(reports.into_inner(), 0);
    }
}
