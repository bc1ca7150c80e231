//! `newsdex query QUERY`: ranked passages with highlighted snippets.
//!
//! Usage: newsdex query [QUERY] [-n N] [--offset N] [--source NAME] [--since DATE] [--until DATE]
//!        [--person NAME]… [--org NAME]… [--location NAME]… [--entity NAME]… [--sort relevance|date]
//!        [--keep-undated] [--per-article N] [--snippet-chars N] [--literal] [--json]
//!        [--color auto|always|never]
//!
//! Exit status: 0 hits found, 1 no hits, 2 error (bad query, missing index).

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::cli::{QueryArgs, SortArg};
use crate::index::NewsIndex;
use crate::model::EntityKind;
use crate::output::{human, json};
use crate::search::query::Filters;
use crate::search::{SearchRequest, SortOrder, search};

use super::{Outcome, stdout_style};

pub fn run(index_dir: &Path, args: QueryArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = index.reader()?.searcher();
    let request = request(&args);
    let results = search(&index, &searcher, &request)?;

    let mut out = BufWriter::new(std::io::stdout().lock());
    let style = stdout_style(args.color);
    for hit in &results.hits {
        if args.json {
            json::write_hit(&mut out, hit)?;
        } else {
            human::write_hit(&mut out, hit, &style)?;
        }
    }
    if !args.json {
        human::write_hit_count(&mut out, results.hits.len(), args.offset, results.matched_passages)?;
    }
    out.flush()?;
    Ok(if results.hits.is_empty() { Outcome::Partial } else { Outcome::Success })
}

pub(crate) fn request(args: &QueryArgs) -> SearchRequest {
    let mut entities = Vec::new();
    for (kind, names) in [
        (Some(EntityKind::Person), &args.person),
        (Some(EntityKind::Org), &args.org),
        (Some(EntityKind::Location), &args.location),
        (None, &args.entity),
    ] {
        entities.extend(names.iter().map(|name| (kind, name.clone())));
    }
    SearchRequest {
        query: args.query.clone(),
        literal: args.literal,
        filters: Filters {
            source: args.source.clone(),
            since: args.since,
            until: args.until,
            keep_undated: args.keep_undated,
            entities,
        },
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => SortOrder::Relevance,
            SortArg::Date => SortOrder::Date,
        },
        per_article: args.per_article as usize,
        snippet_chars: args.snippet_chars as usize,
    }
}
