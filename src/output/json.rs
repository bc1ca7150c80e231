//! JSON output. `query --json` writes one object per hit per line; the fields named in the README
//! are a contract that later versions extend but do not break.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::model::NewsDate;
use crate::pipeline::IndexSummary;
use crate::search::Hit;
use crate::search::stats::Stats;
use crate::search::stored::{EntityLists, StoredArticle};

/// Date fields shared by hits and articles.
#[derive(Serialize)]
pub struct DateJson {
    /// First day of the date, `YYYY-MM-DD`; null when the year is unknown.
    date: Option<String>,
    date_precision: Option<&'static str>,
    /// The date with its precision: `2024-07-31`, `2024-07`, `2024`, `--07-31`.
    date_text: Option<String>,
    year_assumed: bool,
}

impl DateJson {
    fn new(date: Option<&NewsDate>) -> Self {
        Self {
            date: date.and_then(NewsDate::iso_start),
            date_precision: date.map(|d| d.precision().name()),
            date_text: date.map(ToString::to_string),
            year_assumed: date.is_some_and(NewsDate::year_assumed),
        }
    }
}

/// One hit as `query --json` prints it (and the HTTP API returns it).
#[derive(Serialize)]
pub struct HitJson<'a> {
    rank: usize,
    score: f32,
    article_id: &'a str,
    passage: u64,
    title: &'a str,
    source: Option<&'a str>,
    #[serde(flatten)]
    date: DateJson,
    text: &'a str,
    snippet: String,
    highlights: Vec<[usize; 2]>,
    entities: &'a EntityLists,
    path: Option<&'a str>,
    url: Option<&'a str>,
    authors: &'a [String],
    labels: &'a BTreeMap<String, Vec<String>>,
    similar: &'a [String],
}

pub fn write_hit(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &hit_json(hit))?;
    writeln!(out)
}

pub fn hit_json(hit: &Hit) -> HitJson<'_> {
    let p = &hit.passage;
    HitJson {
        rank: hit.rank,
        score: hit.score,
        article_id: &p.article_id,
        passage: p.passage,
        title: &p.title,
        source: p.source.as_deref(),
        date: DateJson::new(p.date.as_ref()),
        text: &p.text,
        snippet: hit.snippet.marked(&p.text, "<mark>", "</mark>"),
        highlights: hit.snippet.highlights.iter().map(|r| [r.start, r.end]).collect(),
        entities: &p.entities,
        path: p.path.as_deref(),
        url: p.url.as_deref(),
        authors: &p.authors,
        labels: &p.labels,
        similar: &hit.similar,
    }
}

/// One article as `show --json` prints it.
#[derive(Serialize)]
pub struct ArticleJson<'a> {
    article_id: &'a str,
    title: &'a str,
    source: Option<&'a str>,
    #[serde(flatten)]
    date: DateJson,
    entities: &'a EntityLists,
    path: Option<&'a str>,
    url: Option<&'a str>,
    authors: &'a [String],
    labels: &'a BTreeMap<String, Vec<String>>,
    passages: Vec<&'a str>,
    body: String,
}

pub fn write_article(out: &mut dyn Write, article: &StoredArticle) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &article_json(article))?;
    writeln!(out)
}

pub fn article_json(article: &StoredArticle) -> ArticleJson<'_> {
    let first = &article.first;
    ArticleJson {
        article_id: &first.article_id,
        title: &first.title,
        source: first.source.as_deref(),
        date: DateJson::new(first.date.as_ref()),
        entities: &first.entities,
        path: first.path.as_deref(),
        url: first.url.as_deref(),
        authors: &first.authors,
        labels: &first.labels,
        passages: article.passages.iter().map(|p| p.text.as_str()).collect(),
        body: article.body(),
    }
}

pub fn write_stats(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    serde_json::to_writer(&mut *out, stats)?;
    writeln!(out)
}

pub fn write_summary(out: &mut dyn Write, summary: &IndexSummary) -> io::Result<()> {
    serde_json::to_writer(&mut *out, summary)?;
    writeln!(out)
}
