//! Dates as news text writes them: in datelines ("July 31"), on lines of their own
//! ("Published: July 30, 2024 10:42 AM EDT") and in corpora's metadata ("26-FEB-1987 15:01").
//! Month names, weekday names and date labels come from the lists in `data/`.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::NewsDate;
use crate::word_lists::{self, MONTHS, alternation, entries};

/// Any month's spelling, in any case.
pub(super) static MONTH: LazyLock<String> =
    LazyLock::new(|| format!("(?i:{})", alternation(MONTHS.iter().flatten().copied())));
/// Any weekday's spelling, in any case.
pub(super) static WEEKDAY: LazyLock<String> =
    LazyLock::new(|| format!("(?i:{})", alternation(entries(include_str!("../../../data/weekdays.txt")))));
/// A date label ("Published", "First published"), in any case.
static LABEL: LazyLock<String> = LazyLock::new(|| {
    let labels = alternation(entries(include_str!("../../../data/date-labels.txt")));
    format!("(?i:(?:first|last|originally)\\s+)?(?i:{labels})\\b{{end-half}}")
});

/// One date expression at the start of a text; each form has its own named groups.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let (month, weekday) = (&*MONTH, &*WEEKDAY);
    let pattern = format!(
        r"^(?:{weekday}\b{{end-half}}\.?,?\s*)?(?:
        (?P<iso_y>[0-9]{{4}})-(?P<iso_m>[0-9]{{1,2}})-(?P<iso_d>[0-9]{{1,2}})(?:T|\b{{end-half}})
        |(?P<ym_y>[0-9]{{4}})-(?P<ym_m>[0-9]{{1,2}})\b{{end-half}}
        |(?P<ymd_y>[0-9]{{4}})/(?P<ymd_m>[0-9]{{1,2}})/(?P<ymd_d>[0-9]{{1,2}})\b{{end-half}}
        |(?P<us_m>[0-9]{{1,2}})/(?P<us_d>[0-9]{{1,2}})/(?P<us_y>[0-9]{{4}})\b{{end-half}}
        |(?P<eu_d>[0-9]{{1,2}})\.(?P<eu_m>[0-9]{{1,2}})\.(?P<eu_y>[0-9]{{4}})\b{{end-half}}
        |(?P<wire_d>[0-9]{{1,2}})-(?P<wire_m>{month})-(?P<wire_y>[0-9]{{4}}|[0-9]{{2}})\b{{end-half}}
        |(?P<md_m>{month})(?:\.\s*|\s+)(?P<md_d>[0-9]{{1,2}})(?i:st|nd|rd|th)?
            (?:[-–][0-9]{{1,2}}(?i:st|nd|rd|th)?)?\b{{end-half}}
            (?:,?\s*(?P<md_y>[0-9]{{4}})\b{{end-half}})?
        |(?P<my_m>{month})\.?,?\s+(?P<my_y>[0-9]{{4}})\b{{end-half}}
        |(?P<dm_d>[0-9]{{1,2}})(?:[-–][0-9]{{1,2}})?(?i:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>{month})\b{{end-half}}\.?
            (?:,?\s+(?P<dm_y>[0-9]{{4}})\b{{end-half}})?
        |(?P<y>[0-9]{{4}})\b{{end-half}}
        )"
    );
    Regex::new(&format!("(?x){pattern}")).expect("date pattern is valid")
});

/// What after four digits makes them a clock time rather than a year.
static YEAR_IS_CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:GMT|UTC|Z|[A-Z]{1,4}T|MSK|(?i:hrs|hours|h))\b{end-half}")
        .expect("clock pattern is valid")
});

/// One piece of what may follow a date on a date line: time, zone, offset, weekday, label,
/// edition name or separator punctuation.
static TAIL_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    let (weekday, label) = (&*WEEKDAY, &*LABEL);
    let pattern = format!(
        r"^(?:
        [+\-−][0-9]{{1,2}}(?::?[0-9]{{2}})?\b{{end-half}}
        |[0-9]{{1,2}}(?:[:.][0-9]{{1,2}}){{1,2}}(?:[.,][0-9]+)?(?:\s*(?i:a\.m\.|p\.m\.|am|pm)\b{{end-half}})?
        |[0-9]{{1,2}}\s*(?i:a\.m\.|p\.m\.|am|pm)\b{{end-half}}
        |[0-9]{{4}}\s*(?:GMT|UTC|Z)\b{{end-half}}
        |(?:UTC|GMT|Z|[A-Z]{{1,4}}T|MSK|WIB|WITA|WIT)\b{{end-half}}
        |(?i:at|on|of)\b{{end-half}}
        |{weekday}\b{{end-half}}\.?
        |{label}
        |(?:\p{{L}}+\s+){{0,2}}(?i:edition)\b{{end-half}}
        |[\s,;:|·•/()\[\]—–\-]+
        )"
    );
    Regex::new(&format!("(?x){pattern}")).expect("tail pattern is valid")
});

/// What may come before the date on a date line: separators, a "By Name |" byline, a label.
static LINE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    let label = &*LABEL;
    let pattern = format!(
        r"^[\s|·•—–\-*_>#:]*(?:(?i:by)\s+[^|·•\n]{{1,60}}?\s*[|·•]\s*)?(?:{label}(?:\s+(?i:on|at))?[\s:|·•—–\-]*)?"
    );
    Regex::new(&pattern).expect("line lead pattern is valid")
});

/// Lines longer than this are text, not a date line; it also bounds the work per line.
const MAX_DATE_TEXT: usize = 256;

/// Reads a date written alone on a line, possibly with a label, time, zone or byline separators.
pub fn parse_date_line(line: &str) -> Option<NewsDate> {
    let line = line.trim();
    if line.len() > MAX_DATE_TEXT {
        return None;
    }
    let lead = LINE_LEAD.find(line).map_or(0, |m| m.end());
    let rest = &line[lead..];
    let (date, used) = scan_date(rest)?;
    is_time_or_dates(&rest[used..]).then_some(date)
}

/// Parses a date expression; a time after the date is ignored, anything else makes it `None`.
pub fn parse_date(text: &str) -> Option<NewsDate> {
    let text = text.trim();
    if text.len() > MAX_DATE_TEXT {
        return None;
    }
    let (date, used) = scan_date(text)?;
    is_time_or_dates(&text[used..]).then_some(date)
}

/// True when the text after a date holds only times, zones, labels, separators or more dates.
fn is_time_or_dates(mut tail: &str) -> bool {
    while !tail.is_empty() {
        if let Some((_, used)) = scan_date(tail).filter(|&(_, used)| used > 0) {
            tail = &tail[used..];
        } else if let Some(token) = TAIL_TOKEN.find(tail).filter(|m| m.end() > 0) {
            tail = &tail[token.end()..];
        } else {
            return false;
        }
    }
    true
}

/// The date at the very start of `text` and how many bytes it takes.
pub(super) fn scan_date(text: &str) -> Option<(NewsDate, usize)> {
    let caps = DATE.captures(text)?;
    let used = caps.get(0)?.end();
    let has = |name: &str| caps.name(name).is_some();
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    let month =
        |name: &str| caps.name(name).and_then(|m| word_lists::month_number(m.as_str())).map(i32::from);
    let date = if has("iso_y") {
        day(num("iso_y")?, num("iso_m")?, num("iso_d")?)
    } else if has("ym_y") {
        year_month(num("ym_y")?, num("ym_m")?)
    } else if has("ymd_y") {
        day(num("ymd_y")?, num("ymd_m")?, num("ymd_d")?)
    } else if has("us_y") {
        day(num("us_y")?, num("us_m")?, num("us_d")?)
    } else if has("eu_y") {
        day(num("eu_y")?, num("eu_m")?, num("eu_d")?)
    } else if let Some(year) = caps.name("wire_y") {
        let year = match year.as_str().parse::<i32>().ok()? {
            // Only this explicit wire form ("26-FEB-87") carries two-digit years.
            short if year.len() == 2 && short >= 50 => 1900 + short,
            short if year.len() == 2 => 2000 + short,
            full => full,
        };
        day(year, month("wire_m")?, num("wire_d")?)
    } else if has("md_m") {
        match num("md_y") {
            Some(year) => day(year, month("md_m")?, num("md_d")?),
            None => month_day(month("md_m")?, num("md_d")?),
        }
    } else if has("my_m") {
        year_month(num("my_y")?, month("my_m")?)
    } else if has("dm_m") {
        match num("dm_y") {
            Some(year) => day(year, month("dm_m")?, num("dm_d")?),
            None => month_day(month("dm_m")?, num("dm_d")?),
        }
    } else if YEAR_IS_CLOCK.is_match(&text[used..]) {
        // "2000 GMT" is a time of day.
        return None;
    } else {
        NewsDate::year(checked_year(num("y")?)?)
    }?;
    Some((date, used))
}

fn checked_year(year: i32) -> Option<i16> {
    if (1800..=2100).contains(&year) { i16::try_from(year).ok() } else { None }
}

fn day(year: i32, month: i32, day: i32) -> Option<NewsDate> {
    NewsDate::day(checked_year(year)?, i8::try_from(month).ok()?, i8::try_from(day).ok()?)
}

fn year_month(year: i32, month: i32) -> Option<NewsDate> {
    NewsDate::month(checked_year(year)?, i8::try_from(month).ok()?)
}

fn month_day(month: i32, day: i32) -> Option<NewsDate> {
    NewsDate::month_day(i8::try_from(month).ok()?, i8::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{d, line};

    #[test]
    fn date_expressions() {
        let cases = [
            ("Tuesday, July 30, 2024", "2024-07-30"),
            ("31 July 2024", "2024-07-31"),
            ("31st of July, 2024", "2024-07-31"),
            ("2024-07-31", "2024-07-31"),
            ("July 2024", "2024-07"),
            ("Jul. 31", "--07-31"),
            ("Sept. 4", "--09-04"),
            ("AUG 5TH", "--08-05"),
            ("2024-07-31T09:00:00Z", "2024-07-31"),
            ("2024-07-31T09:00:00.123+02:00", "2024-07-31"),
            ("Wed, 31 Jul 2024 09:00:00 +0000", "2024-07-31"),
            ("26-FEB-1987", "1987-02-26"),
            ("26-FEB-1987 15:01:01.79", "1987-02-26"),
            ("26-Feb-87", "1987-02-26"),
            ("26-Feb-24", "2024-02-26"),
            ("02/26/1987", "1987-02-26"),
            ("2024/07/31", "2024-07-31"),
            ("31.07.2024", "2024-07-31"),
            ("1987-02", "1987-02"),
            ("1987", "1987"),
            ("April 29, 1990, Sunday, Home Edition", "1990-04-29"),
            ("July 30, 2024 10:42 AM EDT", "2024-07-30"),
            ("July 30, 2024 25:99", "2024-07-30"),
            ("Feb 29, 2024", "2024-02-29"),
            ("July 11-15, 1989", "1989-07-11"),
            ("11–15 July 1989", "1989-07-11"),
            ("Feb. 16-27", "--02-16"),
            ("Feb 29", "--02-29"),
            ("Feb 30", "none"),
            ("Feb 29, 2023", "none"),
            ("2024-13-01", "none"),
            ("02/30/1987", "none"),
            ("July 31, 1492", "none"),
            ("2101", "none"),
            ("2000 GMT", "none"),
            ("1945 hrs", "none"),
            ("26 Feb 87", "none"),
            ("07/31/24", "none"),
            ("July", "none"),
            ("31", "none"),
            ("Janitor 5", "none"),
            ("Mayor 2024", "none"),
            ("July 31 was hot", "none"),
        ];
        for (text, expected) in cases {
            assert_eq!(d(text), expected, "{text:?}");
        }
    }

    #[test]
    fn date_lines() {
        let cases = [
            ("Tuesday, July 30, 2024", "2024-07-30"),
            ("Published: July 30, 2024 10:42 AM EDT", "2024-07-30"),
            ("Updated 2024-07-31T09:00:00Z", "2024-07-31"),
            ("  31 July 2024  ", "2024-07-31"),
            ("2024-07-31", "2024-07-31"),
            ("July 2024", "2024-07"),
            ("Jul. 31", "--07-31"),
            ("Published July 30, 2024 | Updated July 31, 2024 9:00 a.m.", "2024-07-30"),
            ("By Jane Doe | July 30, 2024", "2024-07-30"),
            ("Last updated on 31 July 2024, 14:05 (KST)", "2024-07-31"),
            ("Posted: Wed, 31 Jul 2024 09:00:00 +0000", "2024-07-31"),
            ("On July 30, 2024, the company said", "none"),
            ("July 30, 2024, the company said it would", "none"),
            ("The deal closed in July 2024", "none"),
            ("By Jane Doe, July 30, 2024", "none"),
            ("Updated", "none"),
            ("", "none"),
        ];
        for (text, expected) in cases {
            assert_eq!(line(text), expected, "{text:?}");
        }
    }
}
