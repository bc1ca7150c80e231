//! `newsdex index PATH…`: reads articles from files, folders and standard input into the index.
//!
//! Re-indexing a file replaces what it gave before. Each skipped input or record is reported on
//! standard error as `path[:line]: reason`; the summary follows (on standard output with `--json`).
//! Exit status: 0 all indexed, 1 some input skipped, 2 nothing could be indexed (or, with
//! `--strict`, the first problem).

use std::io::{IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::IndexArgs;
use crate::extract::ExtractOptions;
use crate::index::NewsIndex;
use crate::ingest::IngestOptions;
use crate::output::{human, json};
use crate::pipeline::{IndexOptions, IndexSummary, Report, RunError, index_paths};

use super::Outcome;

pub fn run(index_dir: &Path, args: IndexArgs) -> anyhow::Result<Outcome> {
    let index = if args.rebuild {
        NewsIndex::open_for_rebuild(index_dir)?
    } else {
        NewsIndex::open_or_create(index_dir)?
    };
    let options = IndexOptions {
        paths: args.paths,
        ingest: IngestOptions {
            format: args.format.map(Into::into),
            fields: args.fields,
            columns: args.columns,
        },
        extract: ExtractOptions {
            default_source: args.source,
            default_year: args.default_year,
            entities: args.entities.into(),
        },
        threads: args.threads,
        writer_threads: args.writer_threads as usize,
        writer_heap_bytes: (args.writer_memory_mb as usize) << 20,
        commit_every_articles: args.commit_every,
        commit_every_bytes: args.commit_every_mb << 20,
        strict: args.strict,
        rebuild: args.rebuild,
        ..IndexOptions::default()
    };
    let summary = index_reporting(&index, &options)?;

    if args.json {
        let mut out = std::io::stdout().lock();
        json::write_summary(&mut out, &summary)?;
        out.flush()?;
    } else {
        human::write_summary(&mut std::io::stderr().lock(), &summary)?;
    }
    Ok(if summary.articles == 0 {
        eprintln!("newsdex: nothing could be indexed from the given paths");
        Outcome::Failure
    } else if summary.skipped > 0 {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// Runs [`index_paths`], printing each problem on standard error as one line and drawing a
/// progress bar there while inputs are read (only on a terminal).
pub(super) fn index_reporting(index: &NewsIndex, options: &IndexOptions) -> Result<IndexSummary, RunError> {
    let bar = progress_bar();
    let report = |report: Report| match report {
        // The bar steps aside for the line, then is drawn again below it.
        Report::Skipped(problem) => bar.suspend(|| eprintln!("newsdex: {problem} (skipped)")),
        Report::Warning(problem) => bar.suspend(|| eprintln!("newsdex: warning: {problem}")),
        Report::Progress { done_bytes, total_bytes } => {
            bar.set_length(total_bytes);
            bar.set_position(done_bytes);
        }
        Report::InputsRead => bar.finish_and_clear(),
    };
    let summary = index_paths(index, options, &report);
    bar.finish_and_clear();
    summary
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}
