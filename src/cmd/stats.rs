//! `newsdex stats`: what the index holds.
//!

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::cli::{ColorArg, StatsArgs};
use crate::index::NewsIndex;
use crate::output::{human, json};
use crate::search::stats::stats;

use super::{Outcome, stdout_style};

pub fn run(index_dir: &Path, args: StatsArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = index.reader()?.searcher();
    let stats = stats(&index, &searcher, args.top)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        json::write_stats(&mut out, &stats)?;
    } else {
        human::write_stats(&mut out, &stats, &stdout_style(ColorArg::Auto))?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
