//! `newsdex show ARTICLE_ID`: one article, cleaned, with its metadata.
//!
//! Exit status: 0 shown, 2 no such article or no index.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::bail;

use crate::cli::{ColorArg, ShowArgs};
use crate::index::NewsIndex;
use crate::output::{human, json};
use crate::search::stored::load_article;

use super::{Outcome, stdout_style};

pub fn run(index_dir: &Path, args: ShowArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = index.reader()?.searcher();
    let Some(article) = load_article(&searcher, &index.fields, &args.id)? else {
        bail!(
            "no article with id '{}' in {}: ids are printed by `newsdex query`",
            args.id,
            index_dir.display()
        );
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        json::write_article(&mut out, &article)?;
    } else {
        human::write_article(&mut out, &article, &stdout_style(ColorArg::Auto))?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
