//! Output for people reading a terminal.

use std::io::{self, Write};

use super::{Style, human_date};
use crate::model::EntityKind;
use crate::pipeline::IndexSummary;
use crate::search::Hit;
use crate::search::stats::Stats;
use crate::search::stored::{EntityLists, StoredArticle};

/// A hit: a header line, a metadata line, a snippet per passage shown, and a blank line.
pub fn write_hit(out: &mut dyn Write, hit: &Hit, style: &Style) -> io::Result<()> {
    let a = &hit.article;
    let title = if a.title.is_empty() { "(untitled)" } else { &a.title };
    writeln!(out, "{}{}. {title}{}", style.strong_open, hit.rank, style.strong_close)?;
    let similar = match hit.similar.len() {
        0 => String::new(),
        n => format!(" · +{n} similar"),
    };
    let passages = hit.passages.iter().map(|p| p.number.to_string()).collect::<Vec<_>>().join(", ");
    let label = if hit.passages.len() == 1 { "passage" } else { "passages" };
    writeln!(
        out,
        "   {}{} · {} · {} · {label} {passages} · score {:.2}{similar}{}",
        style.dim_open,
        a.source.as_deref().unwrap_or("source unknown"),
        human_date(a.date.as_ref()),
        a.article_id,
        hit.score,
        style.dim_close,
    )?;
    for passage in &hit.passages {
        let snippet = passage.snippet.marked(a.passage(passage.number), style.mark_open, style.mark_close);
        writeln!(out, "   {}", snippet.replace("\n\n", " ¶ "))?;
    }
    writeln!(out)
}

/// The closing line of a result list.
pub fn write_hit_count(out: &mut dyn Write, shown: usize, offset: usize, matched: usize) -> io::Result<()> {
    let articles = if matched == 1 { "matching article" } else { "matching articles" };
    match shown {
        0 => writeln!(out, "no hits ({matched} {articles})"),
        _ => writeln!(out, "hits {}–{} shown; {matched} {articles}", offset + 1, offset + shown),
    }
}

fn write_entities(out: &mut dyn Write, entities: &EntityLists) -> io::Result<()> {
    for kind in EntityKind::ALL {
        let names = entities.get(&kind).map(|n| n.join(", ")).unwrap_or_default();
        if !names.is_empty() {
            writeln!(out, "{:>9}: {names}", kind.name())?;
        }
    }
    Ok(())
}

pub fn write_article(out: &mut dyn Write, article: &StoredArticle, style: &Style) -> io::Result<()> {
    let first = article;
    let title = if first.title.is_empty() { "(untitled)" } else { &first.title };
    writeln!(out, "{}{title}{}", style.strong_open, style.strong_close)?;
    writeln!(out, "{:>9}: {}", "id", first.article_id)?;
    writeln!(out, "{:>9}: {}", "source", first.source.as_deref().unwrap_or("unknown"))?;
    writeln!(out, "{:>9}: {}", "date", human_date(first.date.as_ref()))?;
    if let Some(path) = &first.path {
        writeln!(out, "{:>9}: {path}", "path")?;
    }
    if let Some(url) = &first.url {
        writeln!(out, "{:>9}: {url}", "url")?;
    }
    if !first.authors.is_empty() {
        writeln!(out, "{:>9}: {}", "authors", first.authors.join(", "))?;
    }
    for (name, values) in &first.labels {
        writeln!(out, "{name:>9}: {}", values.join(", "))?;
    }
    writeln!(out, "{:>9}: {}", "passages", article.passages.len())?;
    write_entities(out, &first.entities)?;
    writeln!(out)?;
    writeln!(out, "{}", article.body)
}

pub fn write_stats(out: &mut dyn Write, stats: &Stats, style: &Style) -> io::Result<()> {
    writeln!(
        out,
        "{}{} articles, {} passages{}",
        style.strong_open, stats.articles, stats.passages, style.strong_close
    )?;
    writeln!(out, "\nsources:")?;
    for source in &stats.sources {
        writeln!(out, "  {:>8}  {}", source.articles, source.name)?;
    }
    writeln!(out, "\ndates:")?;
    match (&stats.dates.first, &stats.dates.last) {
        (Some(first), Some(last)) => writeln!(out, "  from {first} to {last}")?,
        _ => writeln!(out, "  no article with a known year")?,
    }
    for (precision, count) in &stats.dates.precision {
        let what = match precision.as_str() {
            "month-day" => "month and day, year unknown",
            "none" => "no date",
            other => other,
        };
        writeln!(out, "  {count:>8}  {what}")?;
    }
    for kind in EntityKind::ALL {
        let Some(top) = stats.entities.get(&kind).filter(|t| !t.is_empty()) else { continue };
        writeln!(out, "\ntop {} (articles):", kind.name())?;
        for entity in top {
            writeln!(out, "  {:>8}  {}", entity.articles, entity.name)?;
        }
    }
    Ok(())
}

/// The end-of-run summary, on standard error beside the warnings.
pub fn write_summary(out: &mut dyn Write, summary: &IndexSummary) -> io::Result<()> {
    writeln!(
        out,
        "indexed {} articles ({} passages) from {} files, {:.1} MB in {:.2} s ({:.1} MB/s)",
        summary.articles,
        summary.passages,
        summary.files,
        summary.bytes as f64 / 1e6,
        summary.elapsed_secs,
        summary.mb_per_sec,
    )?;
    if summary.ignored > 0 {
        writeln!(out, "ignored {} files that are not articles", summary.ignored)?;
    }
    if summary.warnings > 0 {
        writeln!(out, "{} records indexed with warnings (above)", summary.warnings)?;
    }
    if summary.skipped > 0 {
        writeln!(out, "skipped {} (reasons above)", summary.skipped)?;
    }
    Ok(())
}
