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
use newsdex::extract::{ExtractOptions, clean};
use newsdex::index::NewsIndex;
use newsdex::ingest::{self, IngestOptions};
use newsdex::pipeline::{IndexOptions, index_paths};

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
    for (name, extractor) in
        [("tagger", &tagger as &dyn EntityExtractor), ("rules", &RuleExtractor::new() as &dyn EntityExtractor)]
    {
        if only == "ingest" {
            break;
        }
        let mut rates = Vec::new();
        let mut found = 0;
        for _ in 0..runs {
            let started = Instant::now();
            found = articles.iter().map(|(title, body)| extractor.extract(title, body).len()).sum::<usize>();
            rates.push(tokens as f64 / started.elapsed().as_secs_f64());
        }
        println!("{name:>7}: {:.2} M tokens/s on one core ({found} entities)", median(rates) / 1e6);
    }

    for (name, skip_entities) in [("entities on", false), ("entities off", true)] {
        if only == "tagger" {
            break;
        }
        let mut rates = Vec::new();
        for _ in 0..runs {
            let dir = tempfile::tempdir()?;
            let index = NewsIndex::open_or_create(dir.path())?;
            let options = IndexOptions {
                paths: vec![path.clone()],
                extract: ExtractOptions { skip_entities, ..ExtractOptions::default() },
                progress: false,
                ..IndexOptions::default()
            };
            let summary = index_paths(&index, &options, &|_| {})?;
            rates.push(summary.mb_per_sec);
        }
        println!("ingest, {name}: {:.1} MB/s (all cores)", median(rates));
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
