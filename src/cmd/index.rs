//! `newsdex index PATH…`: reads articles from files and folders into the index.
//!
//! Usage: newsdex index [--source NAME] [--default-year YEAR] [--threads N] [--json] PATH…
//!
//! Re-indexing a file replaces what it gave before. Each skipped input is reported on standard
//! error as `path[:line]: reason`; the summary follows (on standard output with `--json`).
//! Exit status: 0 all indexed, 1 some input skipped, 2 nothing could be indexed.

use std::io::Write;
use std::path::Path;

use crate::cli::IndexArgs;
use crate::extract::ExtractOptions;
use crate::index::NewsIndex;
use crate::output::{human, json};
use crate::pipeline::{IndexOptions, index_paths};

use super::Outcome;

pub fn run(index_dir: &Path, args: IndexArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open_or_create(index_dir)?;
    let options = IndexOptions {
        paths: args.paths,
        extract: ExtractOptions { default_source: args.source, default_year: args.default_year },
        threads: args.threads,
        ..IndexOptions::default()
    };
    let report = |problem: &crate::ingest::Problem| eprintln!("newsdex: {problem} (skipped)");
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
