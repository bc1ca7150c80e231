//! `newsdex bench --queries FILE`: times a set of queries in one warm process and prints latency
//! percentiles per kind of query.
//!
//! The file has one query per line: `KIND<TAB>QUERY`, optionally `<TAB>FLAGS` with the flags of
//! `newsdex query` (`--source reuters --sort date`, quoted as in a shell). Each query runs once
//! untimed, then `--runs` times; a run is the whole search: parsing, ranking, folding copies,
//! loading the top hits and cutting their snippets. Exit status: 0, or 2 for a bad
//! query file.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use serde::Serialize;

use crate::cli::{BenchArgs, QueryArgs};
use crate::index::NewsIndex;
use crate::search::{NewsSearcher, SearchRequest, search};

use super::Outcome;
use super::query::request;

pub fn run(index_dir: &Path, args: BenchArgs) -> anyhow::Result<Outcome> {
    let index = NewsIndex::open(index_dir)?;
    let searcher = NewsSearcher::open(&index)?;
    let text = std::fs::read_to_string(&args.queries)
        .with_context(|| format!("cannot read query file {}", args.queries.display()))?;
    let queries =
        parse_query_file(&text, args.limit).map_err(|e| anyhow::anyhow!("{}:{e}", args.queries.display()))?;
    if queries.is_empty() {
        bail!("{} holds no queries: write one per line as KIND<TAB>QUERY", args.queries.display());
    }

    let mut samples: Vec<(String, Duration, usize)> = Vec::new();
    for query in &queries {
        let warm = search(&index, &searcher, &query.request)
            .with_context(|| format!("{}:{}: {}", args.queries.display(), query.line, query.request.query))?;
        for _ in 0..args.runs {
            let started = Instant::now();
            let results = search(&index, &searcher, &query.request)?;
            samples.push((query.kind.clone(), started.elapsed(), results.hits.len()));
        }
        drop(warm);
    }
    let report = Report::from_samples(&queries, &samples, args.runs);

    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        report.write_table(&mut out)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// One line of the query file.
#[derive(Debug, Clone)]
pub struct BenchQuery {
    pub kind: String,
    /// 1-based line in the file, for messages.
    pub line: usize,
    pub request: SearchRequest,
}

/// The flags of a query line, read as `newsdex query` reads its own.
#[derive(Debug, Parser)]
#[command(no_binary_name = true)]
struct QueryLine {
    #[command(flatten)]
    args: QueryArgs,
}

/// Reads `KIND<TAB>QUERY[<TAB>FLAGS]` lines; an error is `LINE: what is wrong`.
pub fn parse_query_file(text: &str, limit: usize) -> Result<Vec<BenchQuery>, String> {
    let mut queries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut columns = line.splitn(3, '\t');
        let kind = columns.next().unwrap_or_default().trim();
        let Some(query) = columns.next() else {
            return Err(format!("{line_no}: expected KIND<TAB>QUERY[<TAB>FLAGS]"));
        };
        let flags = columns.next().unwrap_or_default();
        let Some(flags) = shlex::split(flags) else {
            return Err(format!("{line_no}: unbalanced quotes in the flags"));
        };
        // The query goes after the flags' `--` so that a leading `-word` stays a query.
        let words = flags.into_iter().chain(["--".to_string(), query.to_string()]);
        let parsed = QueryLine::try_parse_from(words)
            .map_err(|e| format!("{line_no}: {}", e.render().to_string().lines().next().unwrap_or("")))?;
        let mut request = request(&parsed.args);
        request.limit = limit;
        queries.push(BenchQuery { kind: kind.to_string(), line: line_no, request });
    }
    Ok(queries)
}

/// Latency figures of one kind of query (or of all).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Latency {
    pub kind: String,
    pub queries: usize,
    /// Timed runs in all (queries × runs).
    pub samples: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Hits returned per run, on average (a query that finds nothing times nothing useful).
    pub mean_hits: f64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub runs: u64,
    /// Per kind, in the order the file first names them.
    pub kinds: Vec<Latency>,
    pub all: Latency,
}

impl Report {
    fn from_samples(queries: &[BenchQuery], samples: &[(String, Duration, usize)], runs: u64) -> Self {
        let mut kinds: Vec<&str> = Vec::new();
        for query in queries {
            if !kinds.contains(&query.kind.as_str()) {
                kinds.push(&query.kind);
            }
        }
        let latency = |kind: &str, wanted: &dyn Fn(&str) -> bool| {
            let chosen: Vec<_> = samples.iter().filter(|(k, ..)| wanted(k)).collect();
            let mut times: Vec<f64> = chosen.iter().map(|(_, d, _)| d.as_secs_f64() * 1e3).collect();
            times.sort_by(f64::total_cmp);
            let hits: usize = chosen.iter().map(|(.., h)| h).sum();
            Latency {
                kind: kind.to_string(),
                queries: queries.iter().filter(|q| wanted(&q.kind)).count(),
                samples: times.len(),
                p50_ms: percentile(&times, 50.0),
                p95_ms: percentile(&times, 95.0),
                p99_ms: percentile(&times, 99.0),
                max_ms: times.last().copied().unwrap_or(0.0),
                mean_hits: if times.is_empty() { 0.0 } else { hits as f64 / times.len() as f64 },
            }
        };
        Report {
            runs,
            kinds: kinds.iter().map(|&kind| latency(kind, &|k| k == kind)).collect(),
            all: latency("all", &|_| true),
        }
    }

    fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "{} runs of each query after one warm-up; milliseconds per query", self.runs)?;
        writeln!(
            out,
            "{:<12} {:>7} {:>7} {:>8} {:>8} {:>8} {:>8} {:>6}",
            "kind", "queries", "runs", "p50", "p95", "p99", "max", "hits"
        )?;
        for row in self.kinds.iter().chain([&self.all]) {
            writeln!(
                out,
                "{:<12} {:>7} {:>7} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>6.1}",
                row.kind,
                row.queries,
                row.samples,
                row.p50_ms,
                row.p95_ms,
                row.p99_ms,
                row.max_ms,
                row.mean_hits
            )?;
        }
        Ok(())
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least `p`% of the
/// values at or below it.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SortOrder;

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 95.0), 95.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&[3.0, 7.0], 50.0), 3.0);
        assert_eq!(percentile(&[3.0, 7.0], 99.0), 7.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn query_lines_carry_kind_query_and_flags() {
        let text = "# kind\tquery\tflags\n\nterm\tcocoa\nfiltered\t-storm surge\t--person \"Park Seo-yeon\" --sort date\n";
        let queries = parse_query_file(text, 10).unwrap();
        assert_eq!(queries.len(), 2);
        assert_eq!((queries[0].kind.as_str(), queries[0].request.query.as_str()), ("term", "cocoa"));
        let filtered = &queries[1];
        assert_eq!((filtered.line, filtered.request.query.as_str()), (4, "-storm surge"));
        assert_eq!(filtered.request.sort, SortOrder::Date);
        assert_eq!(filtered.request.filters.entities.len(), 1);
        assert_eq!(filtered.request.filters.entities[0].1, "Park Seo-yeon");
    }

    #[test]
    fn bad_lines_say_where() {
        assert_eq!(parse_query_file("term cocoa", 10).unwrap_err(), "1: expected KIND<TAB>QUERY[<TAB>FLAGS]");
        let err = parse_query_file("\nterm\tcocoa\t--colour red", 10).unwrap_err();
        assert!(err.starts_with("2: error: unexpected argument '--colour'"), "{err}");
        assert_eq!(
            parse_query_file("term\tx\t--person \"Park", 10).unwrap_err(),
            "1: unbalanced quotes in the flags"
        );
    }
}
