//! Measures what finding entities costs, on news in any format `newsdex index` reads (the
//! JSON lines of `../shared/tools/make_news_jsonl.py` are the reference):
//!
//! 1. the tagger alone: tokens per second on one core, over articles cleaned beforehand (tokens
//!    as the tagger sees them: words, numbers and punctuation), with the rule extractor for
//!    comparison;
//! 2. the whole ingest pipeline (`newsdex index` into a scratch index), with entities and without.
//!
//! Each figure is the median of several runs.
//!
//! `cargo run --release --example ner_speed -- /tmp/news.jsonl [RUNS] [tagger|ingest]`

use std::error::Error;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use newsdex::extract::entities::{EntityExtractor, RuleExtractor, TaggerExtractor};
use newsdex::extract::{EntityMethod, ExtractOptions, clean};
use newsdex::index::NewsIndex;
use newsdex::ingest::{self, IngestOptions};
use newsdex::pipeline::{IndexOptions, index_paths};

/// CPU time this thread has used: the machine may be shared, so rates use it rather than the clock.
fn thread_cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e9)
}

/// CPU time of the whole process (all threads), in seconds (Linux reports it in 1/100 s).
fn process_cpu_secs() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<f64> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    // After the command name: state, then numbers; utime and stime are the 12th and 13th of those.
    fields.get(10).zip(fields.get(11)).map_or(f64::NAN, |(user, system)| (user + system) / 100.0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().ok_or("usage: ner_speed NEWS_FILE [RUNS] [tagger|ingest]")?);
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let only = args.next().unwrap_or_default();

    let options = Arc::new(IngestOptions::default());
    let mut articles = Vec::new();
    for raw in ingest::open_records(&path, &options).map_err(|p| p.to_string())?.flatten() {
        let title = raw.title.unwrap_or_default();
        articles.push((title, clean::clean_text(&raw.text)));
    }
    let tokens = count_tokens(&articles);
    println!("{} articles, {tokens} tokens, {runs} runs each", articles.len());

    let tagger = TaggerExtractor::builtin()?;
    for (name, extractor) in [
        ("tagger", &tagger as &dyn EntityExtractor),
        ("rules", &RuleExtractor::new() as &dyn EntityExtractor),
    ] {
        if only == "ingest" {
            break;
        }
        let (mut rates, mut cpu_rates) = (Vec::new(), Vec::new());
        let mut found = 0;
        for _ in 0..runs {
            let (started, cpu) = (Instant::now(), thread_cpu_secs());
            found = articles.iter().map(|(title, body)| extractor.extract(title, body).len()).sum::<usize>();
            rates.push(tokens as f64 / started.elapsed().as_secs_f64());
            cpu_rates.push(tokens as f64 / (thread_cpu_secs() - cpu));
        }
        println!(
            "{name:>7}: {:.2} M tokens per CPU second, {:.2} M tokens/s by the clock, one thread ({found} entities)",
            median(cpu_rates) / 1e6,
            median(rates) / 1e6
        );
    }

    for (name, entities) in [
        ("entities by the tagger", EntityMethod::Tagger),
        ("by rules", EntityMethod::Rules),
        ("off", EntityMethod::Off),
    ] {
        if only == "tagger" {
            break;
        }
        let (mut rates, mut cpu_rates) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let cpu = process_cpu_secs();
            let dir = tempfile::tempdir()?;
            let index = NewsIndex::open_or_create(dir.path())?;
            let options = IndexOptions {
                paths: vec![path.clone()],
                extract: ExtractOptions { entities, ..ExtractOptions::default() },
                progress: false,
                ..IndexOptions::default()
            };
            let summary = index_paths(&index, &options, &|_| {})?;
            rates.push(summary.mb_per_sec);
            cpu_rates.push(summary.bytes as f64 / 1e6 / (process_cpu_secs() - cpu));
        }
        println!(
            "ingest, {name}: {:.2} MB per CPU second, {:.1} MB/s by the clock (all cores)",
            median(cpu_rates),
            median(rates)
        );
    }
    Ok(())
}

/// Words, numbers and punctuation marks: runs of alphanumerics, and every other visible character.
fn count_tokens(articles: &[(String, Vec<String>)]) -> usize {
    let count = |text: &str| {
        let mut n = 0;
        let mut in_word = false;
        for c in text.chars() {
            if c.is_alphanumeric() {
                n += usize::from(!in_word);
                in_word = true;
            } else {
                in_word = false;
                n += usize::from(!c.is_whitespace() && c != '\'' && c != '-');
            }
        }
        n
    };
    articles.iter().map(|(title, body)| count(title) + body.iter().map(|p| count(p)).sum::<usize>()).sum()
}
