//! The timeline: how many articles of a result set fall in each day, week, month or year,
//! counted per article with tantivy's date histogram (by day; tantivy has no calendar
//! intervals, so days are grouped into weeks, months and years here). An article dated only by
//! month or year counts on the first day of its period; articles whose year is unknown are
//! counted apart.

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Value as Json, json};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::{AggContextParams, AggregationCollector};
use tantivy::query::Query;
use tantivy::{Searcher, TantivyError};

/// The length of a timeline's periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bucket {
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    #[default]
    Month,
    Year,
}

impl Bucket {
    pub fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
        }
    }

    /// The first day of the period holding `date`.
    pub fn start(self, date: Date) -> Date {
        match self {
            Self::Day => date,
            Self::Week => date - (date.weekday().to_monday_zero_offset() as i32).days(),
            Self::Month => date.first_of_month(),
            Self::Year => date.first_of_year(),
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next(self, start: Date) -> Date {
        let step = match self {
            Self::Day => 1.day(),
            Self::Week => 1.week(),
            Self::Month => 1.month(),
            Self::Year => 1.year(),
        };
        start.checked_add(step).unwrap_or(Date::MAX)
    }

    /// How a period is written: `2024-07-31`, `2024-W31`, `2024-07`, `2024`.
    pub fn label(self, start: Date) -> String {
        match self {
            Self::Day => start.to_string(),
            Self::Week => {
                let week = start.iso_week_date();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Self::Month => format!("{:04}-{:02}", start.year(), start.month()),
            Self::Year => format!("{:04}", start.year()),
        }
    }
}

/// Articles per period, earliest first; periods without articles are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub bucket: Bucket,
    pub periods: Vec<Period>,
    /// Matching articles whose year is unknown (not on the timeline).
    pub undated: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// First day of the period, `YYYY-MM-DD`.
    pub start: String,
    pub label: String,
    pub articles: u64,
}

impl Timeline {
    /// Every period from the first to the last, with those without articles as 0: for drawing.
    pub fn with_gaps(&self) -> Vec<(String, u64)> {
        let parse = |p: &Period| p.start.parse::<Date>().ok();
        let (Some(first), Some(last)) =
            (self.periods.first().and_then(parse), self.periods.last().and_then(parse))
        else {
            return Vec::new();
        };
        let mut counts = self.periods.iter().filter_map(|p| Some((parse(p)?, p.articles))).peekable();
        let mut out = Vec::new();
        let mut start = first;
        while start <= last {
            let articles = match counts.peek() {
                Some((date, n)) if *date == start => {
                    let n = *n;
                    counts.next();
                    n
                }
                _ => 0,
            };
            out.push((self.bucket.label(start), articles));
            start = self.bucket.next(start);
        }
        out
    }
}

/// Counts the articles `query` matches per period; `articles` is
/// how many there are in all, dated or not.
pub fn count(
    searcher: &Searcher,
    query: &dyn Query,
    articles: u64,
    bucket: Bucket,
) -> tantivy::Result<Timeline> {
    let request = json!({
        "days": {"date_histogram": {"field": "date", "fixed_interval": "1d", "min_doc_count": 1}}
    });
    let aggregations: Aggregations = serde_json::from_value(request)
        .map_err(|e| TantivyError::InvalidArgument(format!("timeline request: {e}")))?;
    let collector = AggregationCollector::from_aggs(aggregations, AggContextParams::default());
    let results: Json = serde_json::to_value(searcher.search(query, &collector)?)
        .map_err(|e| TantivyError::InternalError(format!("timeline result: {e}")))?;
    let days: Vec<(Date, u64)> = results["days"]["buckets"]
        .as_array()
        .map(|buckets| {
            buckets
                .iter()
                .filter_map(|b| Some((day_of(b["key"].as_f64()?)?, b["doc_count"].as_u64()?)))
                .collect()
        })
        .unwrap_or_default();
    Ok(group(&days, articles, bucket))
}

/// A histogram key (milliseconds since 1970) as a day.
fn day_of(millis: f64) -> Option<Date> {
    const EPOCH: Date = Date::constant(1970, 1, 1);
    let days = (millis / 86_400_000.0).floor() as i64;
    EPOCH.checked_add(days.days()).ok()
}

/// Groups day counts (in order) into periods.
fn group(days: &[(Date, u64)], articles: u64, bucket: Bucket) -> Timeline {
    let mut periods: Vec<Period> = Vec::new();
    let mut dated = 0;
    for &(day, count) in days {
        dated += count;
        let start = bucket.start(day).to_string();
        match periods.last_mut() {
            Some(last) if last.start == start => last.articles += count,
            _ => periods.push(Period { label: bucket.label(bucket.start(day)), start, articles: count }),
        }
    }
    Timeline { bucket, periods, undated: articles.saturating_sub(dated) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn periods_start_on_mondays_firsts_of_month_and_new_year() {
        let d = day("2024-08-03"); // a Saturday
        assert_eq!(Bucket::Day.start(d), d);
        assert_eq!(Bucket::Week.start(d), day("2024-07-29"));
        assert_eq!(Bucket::Week.start(day("2024-07-29")), day("2024-07-29"));
        assert_eq!(Bucket::Month.start(d), day("2024-08-01"));
        assert_eq!(Bucket::Year.start(d), day("2024-01-01"));
        assert_eq!(Bucket::Week.label(day("2024-07-29")), "2024-W31");
        assert_eq!(Bucket::Week.label(day("2024-12-30")), "2025-W01");
        assert_eq!(Bucket::Month.next(day("2024-12-01")), day("2025-01-01"));
    }

    #[test]
    fn days_group_into_periods_and_the_undated_are_the_rest() {
        let days =
            [(day("2024-07-30"), 2), (day("2024-07-31"), 1), (day("2024-08-02"), 4), (day("2024-10-09"), 1)];
        let months = group(&days, 10, Bucket::Month);
        let counts: Vec<(&str, u64)> =
            months.periods.iter().map(|p| (p.label.as_str(), p.articles)).collect();
        assert_eq!(counts, [("2024-07", 3), ("2024-08", 4), ("2024-10", 1)]);
        assert_eq!(months.undated, 2);
        let gaps: Vec<(String, u64)> = months.with_gaps();
        assert_eq!(gaps.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [3, 4, 0, 1]);
        assert_eq!(gaps[2].0, "2024-09");
        let weeks = group(&days, 8, Bucket::Week);
        let counts: Vec<(&str, u64)> = weeks.periods.iter().map(|p| (p.label.as_str(), p.articles)).collect();
        assert_eq!(counts, [("2024-W31", 7), ("2024-W41", 1)]);
        assert_eq!(weeks.periods[0].start, "2024-07-29");
    }

    #[test]
    fn histogram_keys_are_days() {
        assert_eq!(day_of(19_935.0 * 86_400_000.0), Some(day("2024-07-31")));
        assert_eq!(day_of(-86_400_000.0), Some(day("1969-12-31")));
    }
}
