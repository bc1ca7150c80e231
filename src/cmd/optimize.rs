//! `newsdex optimize`: merges the index's segments (and drops deleted documents) so that
//! queries read as few segments as possible. Indexing merges by its own policy as it goes; this
//! is for an index that is done growing.
//!
//! Exit status: 0, or 2 (no index, or another process is writing to it).

use std::path::Path;
use std::time::Instant;

use crate::cli::OptimizeArgs;
use crate::index::{ArticleWriter, NewsIndex};

use super::Outcome;

pub fn run(index_dir: &Path, args: OptimizeArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let started = Instant::now();
    let writer = ArticleWriter::new(&index, 1, 0)?;
    let (before, merged) = writer
        .optimize(args.segments as usize)
        .map_err(|e| crate::index::IndexError::Tantivy(index.dir.clone(), e))?;
    let secs = started.elapsed().as_secs_f64();
    match merged {
        0 => eprintln!("nothing to merge: {before} segment(s), no deleted articles"),
        _ => eprintln!(
            "{merged} of {before} segments merged into one, {} left, in {secs:.1} s",
            before - merged + 1
        ),
    }
    Ok(Outcome::Success)
}
