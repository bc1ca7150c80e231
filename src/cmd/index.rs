//! `newsdex index PATH…`: reads articles from files, folders and standard input into the index.
//!
//! Usage: newsdex index [--format F] [--field ROLE=NAME]… [--columns A,B,…] [--source NAME]
//!        [--default-year YEAR] [--entities tagger|rules|off] [--strict] [--rebuild]
//!        [--commit-every N] [--commit-every-mb MB] [--threads N] [--writer-threads N]
//!        [--writer-memory-mb MB] [--json] PATH…
//!
//! Re-indexing a file replaces what it gave before. Each skipped input or record is reported on
//! standard error as `path[:line]: reason`; the summary follows (on standard output with `--json`).
//! Exit status: 0 all indexed, 1 some input skipped, 2 nothing could be indexed (or, with
//! `--strict`, the first problem).

use std::io::Write;
use std::path::Path;

use crate::cli::IndexArgs;
use crate::extract::ExtractOptions;
use crate::index::NewsIndex;
use crate::ingest::IngestOptions;
use crate::output::{human, json};
use crate::pipeline::{IndexOptions, Report, index_paths};

use super::Outcome;

pub fn run(index_dir: &Path, args: IndexArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open_or_create(index_dir)?;
    let options = IndexOptions {
        paths: args.paths,
        ingest: IngestOptions { format: args.format, fields: args.fields, columns: args.columns },
        extract: ExtractOptions {
            default_source: args.source,
            default_year: args.default_year,
            entities: args.entities,
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
    let report = |report: Report| match report {
        Report::Skipped(problem) => eprintln!("newsdex: {problem} (skipped)"),
        Report::Warning(problem) => eprintln!("newsdex: warning: {problem}"),
    };
    let summary = index_paths(&index, &options, &report)?;

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
