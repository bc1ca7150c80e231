//! `newsdex query QUERY`: ranked articles, each with its best passages highlighted.
//!
//! Facets and the timeline count every matching article and follow the hits (with `--json`, as
//! one extra line each). Without a query or filter they count the whole index.
//! Exit status: 0 hits found, 1 no hits, 2 error (bad query, missing index).

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::cli::{QueryArgs, SortArg};
use crate::index::NewsIndex;
use crate::model::EntityKind;
use crate::output::{human, views, write_hits};
use crate::search::query::Filters;
use crate::search::timeline::Bucket;
use crate::search::{NewsSearcher, SearchRequest, SortOrder, search};

use super::{Outcome, stdout_style};

pub fn run(index_dir: &Path, args: QueryArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = NewsSearcher::open(&index)?;
    let request = request(&args);
    let results = search(&index, &searcher, &request)?;

    let mut out = BufWriter::new(std::io::stdout().lock());
    let style = stdout_style(args.color);
    write_hits(&mut out, &results.hits, args.json, &style)?;
    if !args.json && args.limit == 0 {
        writeln!(out, "{} matching articles", results.matched)?;
    } else if !args.json {
        human::write_hit_count(&mut out, results.hits.len(), args.offset, results.matched)?;
    }
    if args.json {
        if !request.facets.is_empty() {
            views::write_facets_json(&mut out, &results.facets)?;
        }
        if let Some(timeline) = &results.timeline {
            views::write_timeline_json(&mut out, timeline)?;
        }
    } else {
        views::write_facets(&mut out, &results.facets, &style)?;
        if let Some(timeline) = &results.timeline {
            views::write_timeline(&mut out, timeline, &style)?;
        }
    }
    out.flush()?;
    // `-n 0` asks for the views alone: a result set is found when anything matched.
    let found = if args.limit == 0 { results.matched > 0 } else { !results.hits.is_empty() };
    Ok(if found { Outcome::Success } else { Outcome::Partial })
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
    let timeline = args.bucket.map(Bucket::from).or(args.timeline.then_some(Bucket::Month));
    let views = !args.facets.is_empty() || timeline.is_some();
    // Views of the whole index need no query: `*` matches every article.
    let query = if views && args.query.trim().is_empty() { "*".to_string() } else { args.query.clone() };
    SearchRequest {
        query,
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
        expand: args.expand,
        facets: args.facets.clone(),
        facet_top: args.facet_top as usize,
        timeline,
    }
}
