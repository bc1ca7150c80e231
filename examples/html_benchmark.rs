//! Measures the saved-page reader on two public test sets kept in one folder:
//!
//! - `article-extraction-benchmark/`: the body text read from 181 pages against their hand-made
//!   `articleBody`, scored as the benchmark's own `evaluate.py` does: precision and recall of word
//!   4-grams (words being runs of letters, digits and `_`), each averaged over the pages, and F1
//!   from the two means; then the same with single whitespace-separated words.
//! - `goose3/publishdate/`: whether the date read from each page falls on the expected day.
//!
//! `cargo run --release --example html_benchmark -- /path/to/html`

use std::collections::HashMap;
use std::error::Error;
use std::fs::{self, File};
use std::hash::Hash;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use flate2::read::GzDecoder;
use newsdex::ingest::Origin;
use newsdex::ingest::html::{read_metadata, read_page};
use regex::Regex;
use serde_json::Value;

fn main() -> Result<(), Box<dyn Error>> {
    let root = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .ok_or("usage: html_benchmark DIR (holding article-extraction-benchmark/ and goose3/)")?;
    extraction(&root.join("article-extraction-benchmark"))?;
    publish_dates(&root.join("goose3/publishdate"))
}

/// True positives, false positives and false negatives of one page.
type Overlap = (f64, f64, f64);

fn extraction(dir: &Path) -> Result<(), Box<dyn Error>> {
    let truth: HashMap<String, Value> =
        serde_json::from_str(&fs::read_to_string(dir.join("ground-truth.json"))?)?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let (mut shingle_scores, mut word_scores) = (Vec::new(), Vec::new());
    let (mut problems, mut elapsed) = (0, Duration::ZERO);
    for id in &ids {
        let path = dir.join("html").join(format!("{id}.html.gz"));
        let mut html = String::new();
        GzDecoder::new(File::open(&path)?).read_to_string(&mut html)?;
        let origin = Origin::of_path(&path);
        let start = Instant::now();
        let body = read_page(&html, &origin).map(|article| article.text);
        elapsed += start.elapsed();
        let body = body.unwrap_or_else(|problem| {
            eprintln!("{problem}");
            problems += 1;
            String::new()
        });
        let expected = truth[*id]["articleBody"].as_str().unwrap_or_default();
        shingle_scores.push(shingle_overlap(expected, &body));
        word_scores.push(overlap(&counts(expected.split_whitespace()), &counts(body.split_whitespace())));
    }
    let ms_per_page = elapsed.as_secs_f64() * 1000.0 / ids.len().max(1) as f64;
    println!(
        "article-extraction-benchmark: {} pages, {problems} problems, {ms_per_page:.1} ms per page",
        ids.len()
    );
    for (name, scores) in
        [("word 4-grams (the benchmark's measure)", &shingle_scores), ("words", &word_scores)]
    {
        let (precision, recall, f1) = summary(scores);
        println!("  {name:<40} precision {precision:.3}  recall {recall:.3}  F1 {f1:.3}");
    }
    Ok(())
}

/// Overlap of the word 4-grams of two texts (a text of fewer words is one n-gram), as the benchmark counts.
fn shingle_overlap(expected: &str, found: &str) -> Overlap {
    fn shingles(text: &str) -> Vec<Vec<&str>> {
        let words: Vec<&str> =
            text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
        match words.len() {
            0 => Vec::new(),
            1..4 => vec![words],
            _ => words.windows(4).map(<[&str]>::to_vec).collect(),
        }
    }
    overlap(&counts(shingles(expected)), &counts(shingles(found)))
}

fn counts<K: Hash + Eq>(items: impl IntoIterator<Item = K>) -> HashMap<K, u32> {
    let mut counts = HashMap::new();
    for item in items {
        *counts.entry(item).or_insert(0) += 1;
    }
    counts
}

fn overlap<K: Hash + Eq>(expected: &HashMap<K, u32>, found: &HashMap<K, u32>) -> Overlap {
    let matched: u32 = expected.iter().map(|(k, &n)| n.min(found.get(k).copied().unwrap_or(0))).sum();
    let total = |counts: &HashMap<K, u32>| counts.values().sum::<u32>();
    let matched = f64::from(matched);
    (matched, f64::from(total(found)) - matched, f64::from(total(expected)) - matched)
}

/// Mean precision over pages where something was found, mean recall over pages where something
/// was expected, and F1 of the two means.
fn summary(scores: &[Overlap]) -> (f64, f64, f64) {
    let mean = |values: Vec<f64>| values.iter().sum::<f64>() / values.len().max(1) as f64;
    let precision =
        mean(scores.iter().filter(|(tp, fp, _)| tp + fp > 0.0).map(|(tp, fp, _)| tp / (tp + fp)).collect());
    let recall = mean(
        scores.iter().filter(|(tp, _, fn_)| tp + fn_ > 0.0).map(|(tp, _, fn_)| tp / (tp + fn_)).collect(),
    );
    (precision, recall, 2.0 * precision * recall / (precision + recall).max(f64::MIN_POSITIVE))
}

fn publish_dates(dir: &Path) -> Result<(), Box<dyn Error>> {
    let mut pages: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension() == Some("html".as_ref()))
        .collect();
    pages.sort();
    let mut right = 0;
    for page in &pages {
        let expected: Value = serde_json::from_str(&fs::read_to_string(page.with_extension("json"))?)?;
        let expected = expected["expected"]["publish_date"].as_str().unwrap_or_default();
        let found = read_metadata(&fs::read_to_string(page)?).date;
        if found.as_deref().and_then(day).is_some_and(|found| Some(found) == day(expected)) {
            right += 1;
        } else {
            let name = page.file_stem().unwrap_or_default().to_string_lossy();
            println!("  wrong day in {name}: read {found:?}, expected {expected:?}");
        }
    }
    println!("goose3 publishdate: {right}/{} pages with the right day", pages.len());
    Ok(())
}

/// The day a date names, as `YYYY-MM-DD` (the forms these pages use: ISO 8601 and `YYYY/MM/DD`).
fn day(date: &str) -> Option<String> {
    static ISO: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\d{4})[-/](\d{2})[-/](\d{2})").expect("valid regex"));
    let found = ISO.captures(date)?;
    Some(format!("{}-{}-{}", &found[1], &found[2], &found[3]))
}
