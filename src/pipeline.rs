//! One indexing run, stage by stage: discover files, then in parallel read (ingest), extract and
//! write them, committing every so often so that a run that dies keeps what it finished.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::extract::{ExtractOptions, Extractor};
use crate::index::{ArticleWriter, IndexError, NewsIndex};
use crate::ingest::{self, InputFile, Problem};

/// How many skipped records a summary lists one by one; the rest are counted.
const LISTED_PROBLEMS: usize = 100;

#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub paths: Vec<PathBuf>,
    pub extract: ExtractOptions,
    /// Reading and extraction workers; `None` for one per core.
    pub threads: Option<usize>,
    /// tantivy's indexing threads and their shared memory budget.
    pub writer_threads: usize,
    pub writer_heap_bytes: usize,
    /// Files between commits.
    pub commit_every_files: usize,
    /// Draw a progress bar (only ever on a terminal).
    pub progress: bool,
}

impl Default for IndexOptions {
    fn default() -> Self {
        Self {
            paths: Vec::new(),
            extract: ExtractOptions::default(),
            threads: None,
            writer_threads: 1,
            writer_heap_bytes: 128_000_000,
            commit_every_files: 5_000,
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
    /// Files in the folders that are not articles (documentation, other formats).
    pub ignored: usize,
    pub bytes: u64,
    pub elapsed_secs: f64,
    pub mb_per_sec: f64,
}

/// Indexes every article under `options.paths`. Problems with single inputs are passed to
/// `report` as they happen and counted; only a problem with the index itself stops the run.
pub fn index_paths(
    index: &NewsIndex,
    options: &IndexOptions,
    report: &(dyn Fn(&Problem) + Sync),
) -> Result<IndexSummary, IndexError> {
    let started = Instant::now();
    let mut writer = ArticleWriter::new(index, options.writer_threads, options.writer_heap_bytes)?;
    let discovery = ingest::discover(&options.paths);
    let progress = progress_bar(options.progress, discovery.total_bytes());
    let problems = Mutex::new(Vec::new());
    let record = |problem: Problem| {
        progress.suspend(|| report(&problem));
        if let Ok(mut list) = problems.lock() {
            list.push(problem);
        }
    };
    for problem in &discovery.problems {
        record(problem.clone());
    }

    let extractor = Extractor::new(options.extract.clone());
    let articles = AtomicUsize::new(0);
    let passages = AtomicUsize::new(0);
    let bytes_done = AtomicU64::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .map_err(|e| IndexError::Io(index.dir.clone(), std::io::Error::other(e)))?;
    let tantivy_error = |e| IndexError::Tantivy(index.dir.clone(), e);

    for chunk in discovery.files.chunks(options.commit_every_files.max(1)) {
        let failure: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
        pool.install(|| {
            chunk.par_iter().for_each(|file| {
                let result = index_file(file, &extractor, &writer, &record);
                match result {
                    Ok((a, p)) => {
                        articles.fetch_add(a, Ordering::Relaxed);
                        passages.fetch_add(p, Ordering::Relaxed);
                    }
                    Err(e) => {
                        if let Ok(mut slot) = failure.lock() {
                            slot.get_or_insert(e);
                        }
                    }
                }
                let done = bytes_done.fetch_add(file.len, Ordering::Relaxed) + file.len;
                progress.set_position(done);
            });
        });
        if let Some(e) = failure.into_inner().ok().flatten() {
            return Err(tantivy_error(e));
        }
        writer.commit().map_err(tantivy_error)?;
    }
    writer.finish().map_err(tantivy_error)?;
    progress.finish_and_clear();

    let problems = problems.into_inner().unwrap_or_default();
    let elapsed = started.elapsed().as_secs_f64();
    let bytes = discovery.total_bytes();
    Ok(IndexSummary {
        files: discovery.files.len(),
        articles: articles.into_inner(),
        passages: passages.into_inner(),
        skipped: problems.len(),
        skipped_records: problems.iter().take(LISTED_PROBLEMS).map(ToString::to_string).collect(),
        ignored: discovery.ignored.len(),
        bytes,
        elapsed_secs: elapsed,
        mb_per_sec: if elapsed > 0.0 { bytes as f64 / 1e6 / elapsed } else { 0.0 },
    })
}

/// Reads, extracts and writes one file; returns its article and passage counts. Problems with
/// the file go to `record`; only a failure of the index writer is an `Err`.
fn index_file(
    file: &InputFile,
    extractor: &Extractor,
    writer: &ArticleWriter,
    record: &(dyn Fn(Problem) + Sync),
) -> tantivy::Result<(usize, usize)> {
    let raws = match ingest::read_file(file) {
        Ok(raws) => raws,
        Err(problem) => {
            record(problem);
            return Ok((0, 0));
        }
    };
    // The file is the unit of replacement: what it held before goes, what it holds now comes in.
    if let Some(path) = raws.first().and_then(|raw| raw.path.as_deref()) {
        writer.forget_path(path);
    }
    let (mut articles, mut passages) = (0, 0);
    for raw in raws {
        match extractor.extract(raw) {
            Ok(article) => {
                passages += writer.add(&article)?;
                articles += 1;
            }
            Err(reason) => record(Problem::new(&file.path, reason)),
        }
    }
    Ok((articles, passages))
}

fn progress_bar(wanted: bool, total_bytes: u64) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total_bytes);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}
