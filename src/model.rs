//! The data model every stage passes along.
//!
//! `ingest` turns files into [`RawArticle`]s (whatever the format says, nothing inferred);
//! `extract` turns a `RawArticle` into an [`Article`]: cleaned text split into [`Passage`]s,
//! with its source, a [`NewsDate`] that keeps its precision, and typed [`Entity`]s.
//! `index` writes articles, and `search` reads them back.

use std::collections::BTreeMap;
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// One article as an input format delivers it, before any cleaning or extraction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawArticle {
    /// The corpus's own id, when the format has one.
    pub id: Option<String>,
    /// Where it came from (`None` for standard input).
    pub path: Option<String>,
    /// 1-based line where the record starts, in formats that have lines.
    pub line: Option<u64>,
    /// The headline when the format marks it; raw text leaves it to extraction.
    pub title: Option<String>,
    /// The article's text (for raw text: the whole file, headline included).
    pub text: String,
    /// The publisher or agency when the format states it.
    pub source: Option<String>,
    /// The date as the format writes it ("26-FEB-1987 15:01:01.79", "2018-05-26"); extraction reads it.
    pub date: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// Other metadata the format carries, by name: Reuters' gold tags (`places: [usa]`), a
    /// category. Kept as it is, for display and filtering.
    pub labels: BTreeMap<String, Vec<String>>,
    /// Things wrong with the record that did not stop it being indexed ("bad time in DATE").
    pub notes: Vec<String>,
}

/// A cleaned article with everything extraction found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub title: String,
    /// Agency or publisher in its display form ("UPI", "Reuters"); `None` when unknown.
    pub source: Option<String>,
    pub date: Option<NewsDate>,
    pub entities: Vec<Entity>,
    pub passages: Vec<Passage>,
    pub path: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    pub labels: BTreeMap<String, Vec<String>>,
    /// Near-duplicate fingerprint of the body (see `extract::dedup`); `None` when too short.
    pub simhash: Option<Simhash>,
}

/// A near-duplicate fingerprint: 256 bits as four 64-bit words (`extract::dedup` takes it).
pub type Simhash = [u64; SIMHASH_WORDS];
/// The 64-bit words of a [`Simhash`].
pub const SIMHASH_WORDS: usize = 4;

impl Article {
    /// The cleaned body, paragraphs separated by blank lines.
    pub fn body(&self) -> String {
        join_passages(self.passages.iter().map(|p| (p.text.as_str(), p.continues)))
    }

    /// The body and the byte offset where each passage starts in it.
    pub fn body_and_passage_starts(&self) -> (String, Vec<usize>) {
        let mut starts = Vec::with_capacity(self.passages.len());
        let body =
            join_passages_noting(self.passages.iter().map(|p| (p.text.as_str(), p.continues)), &mut starts);
        (body, starts)
    }

    /// The article's entities of one kind, in the order extraction listed them.
    pub fn entities_of(&self, kind: EntityKind) -> impl Iterator<Item = &Entity> {
        self.entities.iter().filter(move |e| e.kind == kind)
    }
}

/// Joins passage texts back into an article body: a passage that continues the previous
/// one's paragraph is joined with a space, any other starts a new paragraph.
pub fn join_passages<'a>(passages: impl IntoIterator<Item = (&'a str, bool)>) -> String {
    join_passages_noting(passages, &mut Vec::new())
}

/// [`join_passages`], noting where each passage starts.
fn join_passages_noting<'a>(
    passages: impl IntoIterator<Item = (&'a str, bool)>,
    starts: &mut Vec<usize>,
) -> String {
    let mut body = String::new();
    for (text, continues) in passages {
        if !body.is_empty() {
            body.push_str(if continues { " " } else { "\n\n" });
        }
        starts.push(body.len());
        body.push_str(text);
    }
    body
}

/// A piece of an article of about a paragraph or a few: the unit that is indexed and ranked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Text of the passage; paragraphs inside it are separated by blank lines.
    pub text: String,
    /// True when this passage is the rest of a paragraph split across passages.
    pub continues: bool,
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Org,
    Location,
    Misc,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] = [Self::Person, Self::Org, Self::Location, Self::Misc];

    /// The index field and JSON key for this kind.
    pub fn name(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Org => "org",
            Self::Location => "location",
            Self::Misc => "misc",
        }
    }
}

/// A named entity of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub kind: EntityKind,
    /// Display form, as the article writes it best ("Kim Jong-Un").
    pub name: String,
    /// How many times the article mentions it, aliases included.
    pub mentions: u32,
}

impl Entity {
    /// The normalised form that identifies the entity across articles.
    pub fn key(&self) -> String {
        entity_key(&self.name)
    }
}

/// The normalised form of an entity name: case, hyphens, dots, apostrophes and spacing folded,
/// so that "Kim Jong-Un", "Kim Jong-un" and "KIM JONG UN" are one key ("kim jong un"),
/// and "U.S." is "us".
pub fn entity_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if pending_space && !key.is_empty() {
                key.push(' ');
            }
            pending_space = false;
            // Keys are made for every entity of every passage written: ASCII takes the short way.
            if c.is_ascii() {
                key.push(c.to_ascii_lowercase());
            } else {
                key.extend(c.to_lowercase());
            }
        } else if matches!(c, '.' | '\'' | '’' | '‘') {
            // "U.S." → "us", "People's" → "peoples": these marks do not separate words.
        } else {
            pending_space = true;
        }
    }
    key
}

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    /// Month and day without a year ("July 31"): never placed on the calendar by guessing.
    MonthDay,
}

impl DatePrecision {
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Month => "month",
            Self::Year => "year",
            Self::MonthDay => "month-day",
        }
    }
}

/// A publication date that keeps its precision: a full day, a month, a year, or a month and
/// day whose year is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewsDate {
    year: Option<i16>,
    month: Option<i8>,
    day: Option<i8>,
    /// The year was supplied by the user (`--default-year`), not read from the article.
    year_assumed: bool,
}

impl NewsDate {
    /// A full date; `None` when it does not exist (Feb 30).
    pub fn day(year: i16, month: i8, day: i8) -> Option<Self> {
        Date::new(year, month, day).ok()?;
        Some(Self { year: Some(year), month: Some(month), day: Some(day), year_assumed: false })
    }

    pub fn month(year: i16, month: i8) -> Option<Self> {
        Date::new(year, month, 1).ok()?;
        Some(Self { year: Some(year), month: Some(month), day: None, year_assumed: false })
    }

    pub fn year(year: i16) -> Option<Self> {
        Date::new(year, 1, 1).ok()?;
        Some(Self { year: Some(year), month: None, day: None, year_assumed: false })
    }

    /// A month and day without a year; Feb 29 is allowed (some year has it).
    pub fn month_day(month: i8, day: i8) -> Option<Self> {
        Date::new(2000, month, day).ok()?;
        Some(Self { year: None, month: Some(month), day: Some(day), year_assumed: false })
    }

    pub fn precision(&self) -> DatePrecision {
        match (self.year, self.month, self.day) {
            (Some(_), Some(_), Some(_)) => DatePrecision::Day,
            (Some(_), Some(_), None) => DatePrecision::Month,
            (None, _, _) => DatePrecision::MonthDay,
            (Some(_), None, _) => DatePrecision::Year,
        }
    }

    pub fn year_value(&self) -> Option<i16> {
        self.year
    }

    pub fn month_value(&self) -> Option<i8> {
        self.month
    }

    pub fn day_value(&self) -> Option<i8> {
        self.day
    }

    pub fn year_assumed(&self) -> bool {
        self.year_assumed
    }

    /// Gives a year-less date the user's default year; other dates are left alone.
    /// `None` when the day does not exist in that year (Feb 29 of a common year).
    pub fn with_default_year(self, year: i16) -> Option<Self> {
        if self.year.is_some() {
            return Some(self);
        }
        let mut date = Self::day(year, self.month?, self.day?)?;
        date.year_assumed = true;
        Some(date)
    }

    /// Marks whether the year was supplied by the user (as read back from an index).
    pub fn with_year_assumed(mut self, assumed: bool) -> Self {
        self.year_assumed = assumed && self.year.is_some();
        self
    }

    /// First and last calendar day the date covers; `None` when the year is unknown.
    pub fn range(&self) -> Option<(Date, Date)> {
        let year = self.year?;
        let (first, last) = match (self.month, self.day) {
            (Some(m), Some(d)) => {
                let day = Date::new(year, m, d).ok()?;
                (day, day)
            }
            (Some(m), None) => {
                let first = Date::new(year, m, 1).ok()?;
                (first, first.last_of_month())
            }
            _ => (Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?),
        };
        Some((first, last))
    }

    /// The first day the date covers as `YYYY-MM-DD`; `None` when the year is unknown.
    pub fn iso_start(&self) -> Option<String> {
        self.range().map(|(first, _)| first.to_string())
    }
}

/// ISO 8601 forms that show the precision: `2024-07-31`, `2024-07`, `2024`, `--07-31`.
impl fmt::Display for NewsDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), _, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            (None, _, _) => write!(f, "unknown"),
        }
    }
}

impl std::str::FromStr for NewsDate {
    type Err = String;

    /// Reads the forms `Display` writes.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("'{s}' is not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or --MM-DD)");
        let num = |t: &str| -> Result<i64, String> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse().map_err(|_| bad())
        };
        // Out of range is an error, not wrapped into range ("257" is not month 1).
        let small = |t: &str| i8::try_from(num(t)?).map_err(|_| bad());
        let year = |t: &str| i16::try_from(num(t)?).map_err(|_| bad());
        let date = if let Some(rest) = s.strip_prefix("--") {
            let (m, d) = rest.split_once('-').ok_or_else(bad)?;
            Self::month_day(small(m)?, small(d)?)
        } else {
            let parts: Vec<&str> = s.split('-').collect();
            match parts.as_slice() {
                [y] if y.len() == 4 => Self::year(year(y)?),
                [y, m] if y.len() == 4 => Self::month(year(y)?, small(m)?),
                [y, m, d] if y.len() == 4 => Self::day(year(y)?, small(m)?, small(d)?),
                _ => None,
            }
        };
        date.ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_keys_fold_case_hyphens_and_dots() {
        assert_eq!(entity_key("Kim Jong-Un"), "kim jong un");
        assert_eq!(entity_key("Kim Jong-un"), "kim jong un");
        assert_eq!(entity_key("KIM JONG UN"), "kim jong un");
        assert_eq!(entity_key("  Lim   Jong–hoon "), "lim jong hoon");
        assert_eq!(entity_key("U.S."), "us");
        assert_eq!(
            entity_key("Democratic People’s Republic of Korea"),
            "democratic peoples republic of korea"
        );
    }

    #[test]
    fn dates_keep_their_precision() {
        let d = NewsDate::month_day(7, 31).unwrap();
        assert_eq!(d.precision(), DatePrecision::MonthDay);
        assert_eq!(d.to_string(), "--07-31");
        assert_eq!(d.range(), None);
        let given = d.with_default_year(2024).unwrap();
        assert_eq!(given.to_string(), "2024-07-31");
        assert!(given.year_assumed());
        assert_eq!(NewsDate::month(2024, 2).unwrap().range().unwrap().1.to_string(), "2024-02-29");
        assert_eq!(NewsDate::year(1987).unwrap().iso_start().unwrap(), "1987-01-01");
        assert!(NewsDate::day(2023, 2, 29).is_none());
        assert!(NewsDate::month_day(2, 29).unwrap().with_default_year(2023).is_none());
    }

    #[test]
    fn dates_read_back_what_they_print() {
        for s in ["2024-07-31", "2024-07", "2024", "--07-31"] {
            assert_eq!(s.parse::<NewsDate>().unwrap().to_string(), s);
        }
        assert!("2024-13".parse::<NewsDate>().is_err());
        assert!("July".parse::<NewsDate>().is_err());
        assert!("24-07-31".parse::<NewsDate>().is_err());
        // Numbers past i8 once wrapped into range: month 257 read as January, day 257 as the 1st.
        assert!("2024-257-01".parse::<NewsDate>().is_err());
        assert!("--10-257".parse::<NewsDate>().is_err());
    }

    #[test]
    fn passages_join_back_into_paragraphs() {
        let body = join_passages([("One.", false), ("Two a", false), ("two b.", true)]);
        assert_eq!(body, "One.\n\nTwo a two b.");
    }
}
