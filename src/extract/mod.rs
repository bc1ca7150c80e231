//! The extract stage: from a [`RawArticle`] to an [`Article`]. Cleans the text, takes the
//! headline, reads source and date from the dateline, finds entities and splits passages.

pub mod clean;
pub mod dateline;
pub mod dedup;
pub mod entities;
pub mod passages;

use std::time::Duration;

use xxhash_rust::xxh3::xxh3_64;

use crate::cpu_time::thread_cpu_time;
use crate::model::{Article, NewsDate, Passage, RawArticle};
use entities::{EntityExtractor, NoEntities, RuleExtractor, TaggerExtractor};

/// Datelines and date lines are looked for in this many paragraphs after the headline.
const DATELINE_WINDOW: usize = 4;
/// A first line longer than this is body text, not a headline.
const MAX_HEADLINE_CHARS: usize = 300;
/// Made-up titles (for articles without a headline) are cut to about this many characters.
const MADE_TITLE_CHARS: usize = 120;

/// What the user tells extraction that the text cannot.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// Source for articles whose dateline names none (`--source`).
    pub default_source: Option<String>,
    /// Year for dates written without one (`--default-year`).
    pub default_year: Option<i16>,
    /// How entities are found.
    pub entities: EntityMethod,
}

/// How entities are found: with the trained tagger (the default), with word lists and rules, or
/// not at all (to measure what finding them costs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EntityMethod {
    #[default]
    Tagger,
    Rules,
    Off,
}

/// CPU time extraction spent in each of its steps, for the benchmark's stage split.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ExtractTimes {
    /// Boilerplate removal and the headline.
    pub clean: Duration,
    pub dateline: Duration,
    pub entities: Duration,
    pub passages: Duration,
}

/// Turns raw articles into articles; shared by all ingest workers.
pub struct Extractor {
    options: ExtractOptions,
    entities: Box<dyn EntityExtractor>,
}

impl Extractor {
    /// An extractor finding entities as the options say (by default with the built-in tagger).
    pub fn new(options: ExtractOptions) -> Self {
        let entities: Box<dyn EntityExtractor> = match (options.entities, TaggerExtractor::builtin()) {
            (EntityMethod::Off, _) => Box::new(NoEntities),
            (EntityMethod::Tagger, Ok(tagger)) => Box::new(tagger),
            // Only a broken build lacks a usable model (a test checks it loads).
            (EntityMethod::Rules, _) | (EntityMethod::Tagger, Err(_)) => Box::new(RuleExtractor::new()),
        };
        Self::with_entity_extractor(options, entities)
    }

    pub fn with_entity_extractor(options: ExtractOptions, entities: Box<dyn EntityExtractor>) -> Self {
        Self { options, entities }
    }

    /// Extracts one article; `Err` says why there is nothing to index.
    pub fn extract(&self, raw: RawArticle) -> Result<Article, String> {
        self.extract_timed(raw, &mut ExtractTimes::default())
    }

    /// [`Extractor::extract`], adding the CPU time each step took to `times`.
    pub fn extract_timed(&self, raw: RawArticle, times: &mut ExtractTimes) -> Result<Article, String> {
        let started = thread_cpu_time();
        let mut paragraphs = clean::clean_text(&raw.text);
        let title = match raw.title.as_deref().map(clean::clean_text) {
            Some(title) if !title.is_empty() => title.join(" "),
            _ => take_headline(&mut paragraphs),
        };
        // A record the format delivers empty still carries its metadata (a corpus's empty story
        // has its date and tags) and is indexed; text that held only boilerplate is not.
        let delivered_empty = raw.text.trim().is_empty();
        if title.is_empty() && paragraphs.is_empty() && !delivered_empty {
            return Err("no text left after removing boilerplate".into());
        }

        let cleaned = thread_cpu_time();
        times.clean += cleaned - started;

        let found = read_dateline(&mut paragraphs);
        let source = raw.source.or(found.source).or_else(|| self.options.default_source.clone());
        let mut date = raw.date.as_deref().and_then(dateline::parse_date).or(found.date);
        if let (Some(year), Some(d)) = (self.options.default_year, date) {
            // A default year that makes the day impossible (Feb 29) leaves the date as it was.
            date = d.with_default_year(year).or(date);
        }

        let dated = thread_cpu_time();
        times.dateline += dated - cleaned;
        let entities = self.entities.extract(&title, &paragraphs);
        let found_entities = thread_cpu_time();
        times.entities += found_entities - dated;
        let mut passages = passages::split_passages(&paragraphs);
        if passages.is_empty() {
            // A story with a headline and no body is still findable by its headline.
            passages.push(Passage { text: title.clone(), continues: false });
        }
        let id = raw.id.unwrap_or_else(|| content_id(&title, &raw.text));
        let simhash = dedup::article_simhash(&title, &paragraphs);
        times.passages += thread_cpu_time() - found_entities;
        Ok(Article {
            id,
            title,
            source,
            date,
            entities,
            passages,
            path: raw.path,
            url: raw.url,
            authors: raw.authors,
            labels: raw.labels,
            simhash,
        })
    }
}

/// What the top of an article says about its origin.
#[derive(Debug, Default, PartialEq)]
struct Found {
    source: Option<String>,
    date: Option<NewsDate>,
}

/// Takes the headline from the first paragraph. A first paragraph that is a dateline or too long
/// to be a headline stays in the body, and its first sentence stands in as the title.
fn take_headline(paragraphs: &mut Vec<String>) -> String {
    let Some(first) = paragraphs.first() else { return String::new() };
    let is_body = first.chars().count() > MAX_HEADLINE_CHARS || dateline::parse_dateline(first).is_some();
    if !is_body {
        return paragraphs.remove(0);
    }
    let text = match dateline::parse_dateline(first) {
        Some(d) => first.get(d.len..).unwrap_or(first),
        None => first,
    };
    first_sentence(text, MADE_TITLE_CHARS)
}

/// The first sentence of `text`, cut at a word boundary when longer than `max_chars`.
fn first_sentence(text: &str, max_chars: usize) -> String {
    let sentence_end = text.find(". ").map_or(text.len(), |i| i + 1);
    let sentence = &text[..sentence_end];
    if sentence.chars().count() <= max_chars {
        return sentence.trim().to_string();
    }
    let cut = sentence.char_indices().nth(max_chars).map_or(sentence.len(), |(i, _)| i);
    let cut = sentence[..cut].rfind(' ').unwrap_or(cut);
    format!("{}…", sentence[..cut].trim_end())
}

/// Reads source and date from a dateline (`SEOUL, July 31 (Yonhap) --`) or a date line
/// (`Tuesday, July 30, 2024`) near the top. A date line is metadata, so it leaves the body;
/// a dateline stays, being the start of the story's first sentence.
fn read_dateline(paragraphs: &mut Vec<String>) -> Found {
    let mut found = Found::default();
    let mut date_line = None;
    for (i, paragraph) in paragraphs.iter().enumerate().take(DATELINE_WINDOW) {
        if let Some(d) = dateline::parse_dateline(paragraph) {
            found.source = d.source;
            found.date = d.date;
            break;
        }
        if date_line.is_none()
            && let Some(date) = dateline::parse_date_line(paragraph)
        {
            date_line = Some((i, date));
        }
    }
    if let Some((i, date)) = date_line {
        paragraphs.remove(i);
        // A full date line is more precise than a dateline's month and day.
        if found.date.is_none_or(|d| d.year_value().is_none()) {
            found.date = Some(date);
        }
    }
    found
}

/// An id for an article that came without one and without a file: a hash of its text.
fn content_id(title: &str, text: &str) -> String {
    format!("article-{:016x}", xxh3_64(format!("{title}\n{text}").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatePrecision, EntityKind};

    fn raw(text: &str) -> RawArticle {
        RawArticle { id: Some("t-1".into()), text: text.into(), ..RawArticle::default() }
    }

    const WIRE: &str = "Advertisement\n\nHarbour walls hold as storm passes Busan\n\n\
        BUSAN, South Korea, Aug. 2 (Yonhap) -- Sea walls along the Busan harbour held overnight as a \
        storm surge pushed water into low streets, city officials said Friday.\n\n\
        Mayor Han Ji-woo thanked crews who worked through the night.\n\nLatest Headlines";

    #[test]
    fn a_wire_story_gets_headline_source_and_a_yearless_date() {
        let article = Extractor::new(ExtractOptions::default()).extract(raw(WIRE)).unwrap();
        assert_eq!(article.title, "Harbour walls hold as storm passes Busan");
        assert_eq!(article.source.as_deref(), Some("Yonhap"));
        let date = article.date.unwrap();
        assert_eq!((date.precision(), date.to_string()), (DatePrecision::MonthDay, "--08-02".into()));
        let body = article.body();
        assert!(body.starts_with("BUSAN, South Korea, Aug. 2 (Yonhap) --"), "{body}");
        assert!(!body.contains("Advertisement") && !body.contains("Latest Headlines"), "{body}");
    }

    #[test]
    fn the_user_supplies_a_missing_year_and_source_but_never_overrides_the_text() {
        let options = ExtractOptions {
            default_source: Some("Harbour Times".into()),
            default_year: Some(2024),
            ..ExtractOptions::default()
        };
        let extractor = Extractor::new(options);
        let article = extractor.extract(raw(WIRE)).unwrap();
        assert_eq!(article.source.as_deref(), Some("Yonhap"));
        let date = article.date.unwrap();
        assert_eq!(date.to_string(), "2024-08-02");
        assert!(date.year_assumed());
        let blog = extractor.extract(raw("Quiet night on the coast\n\nNothing happened.")).unwrap();
        assert_eq!(blog.source.as_deref(), Some("Harbour Times"));
        assert_eq!(blog.date, None);
    }

    #[test]
    fn unknown_stays_unknown() {
        let article = Extractor::new(ExtractOptions::default())
            .extract(raw("Quiet night\n\nNothing happened."))
            .unwrap();
        assert_eq!((article.source, article.date), (None, None));
    }

    #[test]
    fn a_date_line_under_the_headline_is_metadata() {
        let text = "Council votes on sea wall\n\nTuesday, July 30, 2024\n\nThe council voted 7-2 on Tuesday.";
        let article = Extractor::new(ExtractOptions::default()).extract(raw(text)).unwrap();
        assert_eq!(article.date.unwrap().to_string(), "2024-07-30");
        assert_eq!(article.body(), "The council voted 7-2 on Tuesday.");
    }

    #[test]
    fn a_story_without_a_headline_is_titled_by_its_first_sentence() {
        let text = "July 31 (UPI) -- Crews reopened the coastal road. Traffic resumed by noon.";
        let article = Extractor::new(ExtractOptions::default()).extract(raw(text)).unwrap();
        assert_eq!(article.title, "Crews reopened the coastal road.");
        assert_eq!(article.source.as_deref(), Some("UPI"));
        assert!(article.body().starts_with("July 31 (UPI)"));
    }

    #[test]
    fn a_headline_alone_is_one_passage() {
        let article = Extractor::new(ExtractOptions::default()).extract(raw("Markets close early")).unwrap();
        assert_eq!(article.title, "Markets close early");
        assert_eq!(article.passages, [Passage { text: "Markets close early".into(), continues: false }]);
    }

    #[test]
    fn an_empty_record_is_indexed_for_its_metadata() {
        let mut empty = raw("");
        empty.labels.insert("topics".into(), vec!["cocoa".into()]);
        let article = Extractor::new(ExtractOptions::default()).extract(empty).unwrap();
        assert_eq!((article.title.as_str(), article.passages.len()), ("", 1));
        assert_eq!(article.labels["topics"], ["cocoa"]);
    }

    #[test]
    fn boilerplate_only_is_nothing_to_index() {
        let err = Extractor::new(ExtractOptions::default()).extract(raw("Advertisement\n\nLatest Headlines"));
        assert_eq!(err.unwrap_err(), "no text left after removing boilerplate");
    }

    #[test]
    fn entities_come_from_the_extractor() {
        let article = Extractor::new(ExtractOptions::default()).extract(raw(WIRE)).unwrap();
        let locations: Vec<_> = article.entities_of(EntityKind::Location).map(|e| e.name.as_str()).collect();
        assert!(locations.contains(&"Busan"), "{locations:?}");
    }

    #[test]
    fn long_first_sentences_are_cut_at_a_word() {
        assert_eq!(first_sentence("one two three four", 9), "one two…");
        assert_eq!(first_sentence("Short one. Then more.", 50), "Short one.");
    }
}
