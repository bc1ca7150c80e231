//! `newsdex delete ARTICLE_ID…`: removes articles from the index.
//!
//! Exit status: 0 all removed, 1 some ids were not in the index, 2 error.

use std::path::Path;

use crate::cli::DeleteArgs;
use crate::index::NewsIndex;
use crate::search::stored::find_article;

use super::Outcome;

pub fn run(index_dir: &Path, args: DeleteArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = index.reader()?.searcher();
    let (present, missing): (Vec<&String>, Vec<&String>) =
        args.ids.iter().partition(|id| find_article(&searcher, &index.fields, id).ok().flatten().is_some());
    for id in &missing {
        eprintln!("newsdex: no article with id '{id}' (nothing to delete)");
    }
    if !present.is_empty() {
        let writer = crate::index::ArticleWriter::new(&index, 1, crate::index::writer::MIN_HEAP_PER_THREAD)?;
        for id in &present {
            writer.delete(id);
        }
        writer.finish()?;
    }
    eprintln!("deleted {} article(s)", present.len());
    Ok(if missing.is_empty() { Outcome::Success } else { Outcome::Partial })
}
