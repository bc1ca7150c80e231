//! `newsdex entities [QUERY]`: the entities of the matching articles, or with `--with NAME` the
//! entities seen with NAME more often than chance (log-likelihood), with counts and months.
//!
//! Exit status: 0 entities listed, 1 none, 2 error (bad query, missing index).

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::cli::{EntitiesArgs, EntityKindArg};
use crate::index::NewsIndex;
use crate::model::EntityKind;
use crate::search::NewsSearcher;
use crate::search::cooccur::{CooccurRequest, Cooccurrence, MIN_BOTH, cooccurrences};

use super::Outcome;

pub fn run(index_dir: &Path, args: EntitiesArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = NewsSearcher::open(&index)?;
    let kind = args.kind.map(|kind| match kind {
        EntityKindArg::Person => EntityKind::Person,
        EntityKindArg::Org => EntityKind::Org,
        EntityKindArg::Location => EntityKind::Location,
        EntityKindArg::Misc => EntityKind::Misc,
    });
    let request = CooccurRequest {
        query: args.query.clone(),
        with: args.with.clone(),
        kinds: kind.into_iter().collect(),
        limit: args.limit as usize,
        ..CooccurRequest::default()
    };
    let found = cooccurrences(&index, &searcher, &request)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &found)?;
        writeln!(out)?;
    } else {
        write_human(&mut out, &found, !args.query.trim().is_empty())?;
    }
    out.flush()?;
    Ok(if found.entities.is_empty() { Outcome::Partial } else { Outcome::Success })
}

fn write_human(out: &mut dyn Write, found: &Cooccurrence, has_query: bool) -> std::io::Result<()> {
    let of = if has_query { "matching articles" } else { "articles" };
    match &found.with {
        Some(name) => writeln!(out, "{name}: in {} of {} {of}\n", found.with_articles, found.articles)?,
        None => writeln!(out, "{} {of}\n", found.articles)?,
    }
    if found.entities.is_empty() {
        match &found.with {
            Some(_) => writeln!(out, "no entity is in {MIN_BOTH} or more of them more often than chance")?,
            None => writeln!(out, "no entities")?,
        }
        return Ok(());
    }
    if found.with.is_some() {
        writeln!(out, "  {:>6}  {:>8}  {:>8}  {:<9} entity", "with", "articles", "G²", "kind")?;
    } else {
        writeln!(out, "  {:>8}  {:<9} entity", "articles", "kind")?;
    }
    for entity in &found.entities {
        let kind = entity.kind.name();
        match entity.score {
            Some(score) => writeln!(
                out,
                "  {:>6}  {:>8}  {score:>8.1}  {kind:<9} {}",
                entity.both, entity.articles, entity.name
            )?,
            None => writeln!(out, "  {:>8}  {kind:<9} {}", entity.articles, entity.name)?,
        }
    }
    let dated = found.entities.iter().any(|e| !e.months.is_empty());
    if !dated {
        writeln!(out, "\nnone of these articles has a known date, so there is no timeline")?;
    } else {
        writeln!(out, "\nby month:")?;
        for entity in found.entities.iter().filter(|e| !e.months.is_empty()) {
            let months: Vec<String> =
                entity.months.iter().map(|m| format!("{} {}", m.month, m.articles)).collect();
            writeln!(out, "  {}: {}", entity.name, months.join(", "))?;
        }
    }
    Ok(())
}
