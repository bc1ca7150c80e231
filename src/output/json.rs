//! JSON output. `query --json` writes one object per hit per line; the fields named in the README
//! are a contract that later versions extend but do not break.

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use crate::model::NewsDate;
use crate::pipeline::IndexSummary;
use crate::search::stats::Stats;
use crate::search::stored::{EntityLists, StoredArticle};
use crate::search::{Hit, PassageHit};

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

/// One hit as `query --json` prints it (and the HTTP API returns it): the article, with the
/// best passage's fields at the top level and every passage shown in `passages`.
#[derive(Serialize)]
pub struct HitJson<'a> {
    rank: usize,
    score: f32,
    article_id: &'a str,
    passage: usize,
    title: &'a str,
    source: Option<&'a str>,
    #[serde(flatten)]
    date: DateJson,
    text: &'a str,
    snippet: String,
    highlights: Vec<[usize; 2]>,
    passages: Vec<PassageJson<'a>>,
    entities: &'a EntityLists,
    path: Option<&'a str>,
    url: Option<&'a str>,
    authors: &'a [String],
    labels: &'a BTreeMap<String, Vec<String>>,
    similar: &'a [String],
}

/// A passage of a hit.
#[derive(Serialize)]
pub struct PassageJson<'a> {
    passage: usize,
    score: f32,
    text: &'a str,
    snippet: String,
    highlights: Vec<[usize; 2]>,
}

impl<'a> PassageJson<'a> {
    fn new(article: &'a StoredArticle, passage: &PassageHit) -> Self {
        let text = article.passage(passage.number);
        Self {
            passage: passage.number,
            score: passage.score,
            text,
            snippet: passage.snippet.marked(text, "<mark>", "</mark>"),
            highlights: passage.snippet.highlights.iter().map(|r| [r.start, r.end]).collect(),
        }
    }
}

pub fn write_hit(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &hit_json(hit))?;
    writeln!(out)
}

pub fn hit_json(hit: &Hit) -> HitJson<'_> {
    let a = &hit.article;
    let mut passages: Vec<PassageJson> = hit.passages.iter().map(|p| PassageJson::new(a, p)).collect();
    let best = passages.first();
    HitJson {
        rank: hit.rank,
        score: hit.score,
        article_id: &a.article_id,
        passage: best.map_or(0, |p| p.passage),
        title: &a.title,
        source: a.source.as_deref(),
        date: DateJson::new(a.date.as_ref()),
        text: best.map_or("", |p| p.text),
        snippet: best.map(|p| p.snippet.clone()).unwrap_or_default(),
        highlights: best.map(|p| p.highlights.clone()).unwrap_or_default(),
        passages: std::mem::take(&mut passages),
        entities: &a.entities,
        path: a.path.as_deref(),
        url: a.url.as_deref(),
        authors: &a.authors,
        labels: &a.labels,
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
    body: &'a str,
}

pub fn write_article(out: &mut dyn Write, article: &StoredArticle) -> io::Result<()> {
    serde_json::to_writer(&mut *out, &article_json(article))?;
    writeln!(out)
}

pub fn article_json(article: &StoredArticle) -> ArticleJson<'_> {
    ArticleJson {
        article_id: &article.article_id,
        title: &article.title,
        source: article.source.as_deref(),
        date: DateJson::new(article.date.as_ref()),
        entities: &article.entities,
        path: article.path.as_deref(),
        url: article.url.as_deref(),
        authors: &article.authors,
        labels: &article.labels,
        passages: article.passage_texts().collect(),
        body: &article.body,
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
