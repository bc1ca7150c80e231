//! `newsdex related ARTICLE_ID`: articles about the same story as one article, best first.
//!
//! Hits print as `query` prints them, the shared names marked.
//! Exit status: 0 related articles found, 1 none, 2 no such article or no index.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::bail;

use crate::cli::RelatedArgs;
use crate::index::NewsIndex;
use crate::output::write_hits;
use crate::search::NewsSearcher;
use crate::search::related::{RelatedRequest, related};

use super::{Outcome, stdout_style};

pub fn run(index_dir: &Path, args: RelatedArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = NewsSearcher::open(&index)?;
    let request = RelatedRequest {
        article_id: args.id.clone(),
        before: args.before,
        limit: args.limit,
        snippet_chars: args.snippet_chars as usize,
        expand: args.expand,
    };
    let Some(results) = related(&index, &searcher, &request)? else {
        bail!(
            "no article with id '{}' in {}: ids are printed by `newsdex query`",
            args.id,
            index_dir.display()
        );
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let style = stdout_style(args.color);
    write_hits(&mut out, &results.hits, args.json, &style)?;
    if !args.json && results.hits.is_empty() {
        writeln!(out, "no related articles")?;
    }
    out.flush()?;
    Ok(if results.hits.is_empty() { Outcome::Partial } else { Outcome::Success })
}
