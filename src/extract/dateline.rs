//! Datelines, agency names and dates as news text writes them.
//!
//! A wire story opens with a dateline ("SEOUL, July 31 (Yonhap) -- ..."): the place it was filed
//! from, often a date without a year, and the agency. Web pages put a date on a line of its own
//! ("Published: July 30, 2024 10:42 AM EDT"). This module reads both, plus the date formats that
//! corpora use in their metadata, and keeps each date's precision: a year is never invented.
//!
//! Written with small anchored regexes rather than a date library: the forms are lenient
//! (AP-style month abbreviations, year-less days, malformed times after a good day) and the
//! precision of what was written must survive, which strict RFC 3339 / RFC 2822 parsers do not give.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{NewsDate, entity_key};

/// What a dateline at the start of a paragraph says.
#[derive(Debug, Clone, PartialEq)]
pub struct Dateline {
    /// Where the story was filed, as written ("WASHINGTON", "PORTLAND, Ore.").
    pub place: Option<String>,
    /// The agency in its canonical display form ("UPI"), or as written when not a known one.
    pub source: Option<String>,
    /// The dateline's date with the precision it was written with.
    pub date: Option<NewsDate>,
    /// Byte length of the dateline prefix, including leading spaces, the dash and the spaces
    /// after it: `&paragraph[len..]` is the story's first sentence.
    pub len: usize,
}

const MONTH: &str = "(?i:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|\
                     september|sept|sep|october|oct|november|nov|december|dec)";
const WEEKDAY: &str = "(?i:monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|\
                       saturday|sat|sunday|sun)";
const LABEL: &str = "(?i:(?:first|last|originally)\\s+)?\
                     (?i:published|updated|posted|modified|created|released|issued|filed|dated|date)\\b{end-half}";

/// One date expression at the start of a text; each form has its own named groups.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"^(?:{WEEKDAY}\b{{end-half}}\.?,?\s*)?(?:
        (?P<iso_y>[0-9]{{4}})-(?P<iso_m>[0-9]{{1,2}})-(?P<iso_d>[0-9]{{1,2}})(?:T|\b{{end-half}})
        |(?P<ym_y>[0-9]{{4}})-(?P<ym_m>[0-9]{{1,2}})\b{{end-half}}
        |(?P<ymd_y>[0-9]{{4}})/(?P<ymd_m>[0-9]{{1,2}})/(?P<ymd_d>[0-9]{{1,2}})\b{{end-half}}
        |(?P<us_m>[0-9]{{1,2}})/(?P<us_d>[0-9]{{1,2}})/(?P<us_y>[0-9]{{4}})\b{{end-half}}
        |(?P<eu_d>[0-9]{{1,2}})\.(?P<eu_m>[0-9]{{1,2}})\.(?P<eu_y>[0-9]{{4}})\b{{end-half}}
        |(?P<wire_d>[0-9]{{1,2}})-(?P<wire_m>{MONTH})-(?P<wire_y>[0-9]{{4}}|[0-9]{{2}})\b{{end-half}}
        |(?P<md_m>{MONTH})(?:\.\s*|\s+)(?P<md_d>[0-9]{{1,2}})(?i:st|nd|rd|th)?
            (?:[-–][0-9]{{1,2}}(?i:st|nd|rd|th)?)?\b{{end-half}}
            (?:,?\s*(?P<md_y>[0-9]{{4}})\b{{end-half}})?
        |(?P<my_m>{MONTH})\.?,?\s+(?P<my_y>[0-9]{{4}})\b{{end-half}}
        |(?P<dm_d>[0-9]{{1,2}})(?:[-–][0-9]{{1,2}})?(?i:st|nd|rd|th)?\s+(?:of\s+)?(?P<dm_m>{MONTH})\b{{end-half}}\.?
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
    let pattern = format!(
        r"^(?:
        [+\-−][0-9]{{1,2}}(?::?[0-9]{{2}})?\b{{end-half}}
        |[0-9]{{1,2}}(?:[:.][0-9]{{1,2}}){{1,2}}(?:[.,][0-9]+)?(?:\s*(?i:a\.m\.|p\.m\.|am|pm)\b{{end-half}})?
        |[0-9]{{1,2}}\s*(?i:a\.m\.|p\.m\.|am|pm)\b{{end-half}}
        |[0-9]{{4}}\s*(?:GMT|UTC|Z)\b{{end-half}}
        |(?:UTC|GMT|Z|[A-Z]{{1,4}}T|MSK|WIB|WITA|WIT)\b{{end-half}}
        |(?i:at|on|of)\b{{end-half}}
        |{WEEKDAY}\b{{end-half}}\.?
        |{LABEL}
        |(?:\p{{L}}+\s+){{0,2}}(?i:edition)\b{{end-half}}
        |[\s,;:|·•/()\[\]—–\-]+
        )"
    );
    Regex::new(&format!("(?x){pattern}")).expect("tail pattern is valid")
});

/// What may come before the date on a date line: separators, a "By Name |" byline, a label.
static LINE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"^[\s|·•—–\-*_>#:]*(?:(?i:by)\s+[^|·•\n]{{1,60}}?\s*[|·•]\s*)?(?:{LABEL}(?:\s+(?i:on|at))?[\s:|·•—–\-]*)?"
    );
    Regex::new(&pattern).expect("line lead pattern is valid")
});

/// Dateline place: capitalised words, hyphens only inside words ("WILKES-BARRE", "ST. GEORGE").
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}\p{M}.'’]*(?:-\p{L}[\p{L}\p{M}.'’]*)*(?: \p{Lu}[\p{L}\p{M}.'’]*(?:-\p{L}[\p{L}\p{M}.'’]*)*){0,4}")
        .expect("place pattern is valid")
});

/// The state or country after a dateline city ("Ore.", "Sri Lanka").
static REGION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}\p{M}.'’]*(?: \p{Lu}[\p{L}\p{M}.'’]*){0,2}").expect("region pattern is valid")
});

/// A month or weekday name alone: a heading, not a place.
static DATE_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^(?:{MONTH}|{WEEKDAY})$")).expect("date word pattern is valid"));

static COMMA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,[\p{Zs}\t]*").expect("comma pattern is valid"));

static AGENCY_PAREN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Zs}\t]*\([\p{Zs}\t]*(?P<name>[^()\n]{1,40}?)[\p{Zs}\t]*\)")
        .expect("agency pattern is valid")
});

/// A name that could be an agency nobody listed: one to three capitalised words.
static AGENCY_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{L}\p{N}.&'’\-]*(?: \p{Lu}[\p{L}\p{N}.&'’\-]*){0,2}$")
        .expect("agency-like pattern is valid")
});

static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Zs}\t]*(?P<sep>-{2,3}|[—–―]|_{1,2}|-|:|/)").expect("separator pattern is valid")
});

/// All-caps openings that are labels, not places ("BREAKING —", "FILE - In this photo").
const NOT_PLACES: &[&str] = &[
    "ADVERTISEMENT",
    "ALERT",
    "ANALYSIS",
    "AUDIO",
    "AUTUMN",
    "BREAKING",
    "BULLETIN",
    "CLARIFICATION",
    "COMMENTARY",
    "CORRECTION",
    "EDITOR'S",
    "EDITOR’S",
    "EDITORIAL",
    "EXCLUSIVE",
    "FALL",
    "FILE",
    "FLASH",
    "INTERVIEW",
    "LISTEN",
    "LIVE",
    "NOTE",
    "OPINION",
    "PHOTO",
    "PHOTOS",
    "READ",
    "REVIEW",
    "SPONSORED",
    "SPRING",
    "SUMMER",
    "UPDATE",
    "UPDATED",
    "URGENT",
    "VIDEO",
    "WARNING",
    "WATCH",
    "WINTER",
];

/// Lines longer than this are text, not a date line; it also bounds the work per line.
const MAX_DATE_TEXT: usize = 256;

/// Reads the dateline at the start of a paragraph, if it has one.
pub fn parse_dateline(paragraph: &str) -> Option<Dateline> {
    let mut pos = paragraph.len() - paragraph.trim_start().len();
    let mut date = None;
    let mut place: Option<&str> = None;
    let mut place_is_caps = false;
    let mut has_region = false;

    if let Some((found, used)) = scan_date(&paragraph[pos..]) {
        date = Some(found);
        pos += used;
    } else if let Some(city) = PLACE.find(&paragraph[pos..]) {
        let place_start = pos;
        pos += city.end();
        let mut place_end = pos;
        // An all-caps city needs two letters to be one ("A" is not).
        place_is_caps = !city.as_str().chars().any(char::is_lowercase)
            && city.as_str().chars().filter(|c| c.is_alphabetic()).count() >= 2;
        while date.is_none()
            && let Some(comma) = COMMA.find(&paragraph[pos..])
        {
            let next = pos + comma.end();
            if let Some((found, used)) = scan_date(&paragraph[next..]) {
                date = Some(found);
                pos = next + used;
            } else if let Some(region) = REGION.find(&paragraph[next..]).filter(|_| !has_region) {
                has_region = true;
                pos = next + region.end();
                place_end = pos;
            } else {
                break;
            }
        }
        place = Some(paragraph[place_start..place_end].trim());
    }

    let mut source: Option<String> = None;
    let agency = AGENCY_PAREN.captures(&paragraph[pos..]);
    if let Some(caps) = &agency {
        let name = caps.name("name")?.as_str().trim();
        if let Some(known) = canonical_agency(name) {
            source = Some(known.to_string());
        } else if (place_is_caps || date.is_some())
            && name.len() <= 30
            && AGENCY_LIKE.is_match(name)
            && !name.eq_ignore_ascii_case("undated")
        {
            source = Some(name.to_string());
        } else {
            return None;
        }
        pos += caps.get(0)?.end();
    }

    let rest = &paragraph[pos..];
    let Some(separator) = SEPARATOR.captures(rest) else {
        // A dateline field on its own ("NEW YORK (AP) ") ends with the paragraph; a headline
        // ending in its agency ("Markets Rally (AP)") is not one.
        let known = source.as_deref().is_some_and(|name| canonical_agency(name).is_some());
        let place_fits = place.is_none() || place_is_caps;
        return (known && place_fits && rest.trim().is_empty()).then(|| Dateline {
            place: place.map(str::to_string),
            source,
            date,
            len: paragraph.len(),
        });
    };
    let sep = separator.name("sep")?.as_str();
    let after_sep = &rest[separator.get(0)?.end()..];
    let body = after_sep.trim_start();
    let len = paragraph.len() - body.len();

    if agency.is_none() {
        let dash = matches!(sep, "--" | "---" | "—" | "–" | "―");
        let spaced =
            matches!(sep, "-" | "_" | "__") && after_sep.chars().next().is_none_or(char::is_whitespace);
        if !(dash || spaced) {
            return None;
        }
        let name = place?;
        if let (false, None, Some(known)) = (has_region, date, canonical_agency(name)) {
            // "AP - A company ...": the agency alone, written like a place.
            return Some(Dateline { place: None, source: Some(known.to_string()), date: None, len });
        }
        match date.map(|found| found.day_value().is_some()) {
            // "New York, June 1 - ": a place and a day are a dateline in any case.
            Some(true) => {}
            Some(false) => return None,
            None if !place_is_caps || !is_plausible_bare_place(name) => return None,
            None => {}
        }
        if name == "UNDATED" {
            // The wire's word for a story filed from nowhere in particular.
            return Some(Dateline { place: None, source: None, date: None, len });
        }
    }

    Some(Dateline { place: place.map(str::to_string), source, date, len })
}

/// A place standing alone before a dash must look like a city, not a label.
fn is_plausible_bare_place(place: &str) -> bool {
    let city = place.split(',').next().unwrap_or(place);
    let letters = city.chars().filter(|c| c.is_alphabetic()).count();
    let first_word = city.split_whitespace().next().unwrap_or(city);
    let is_month = DATE_WORD.is_match(city.trim());
    let starts_with_letter_word = first_word.chars().filter(|c| c.is_alphabetic()).count() < 2;
    letters >= 3 && !is_month && !starts_with_letter_word && !NOT_PLACES.contains(&first_word)
}

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
fn scan_date(text: &str) -> Option<(NewsDate, usize)> {
    let caps = DATE.captures(text)?;
    let used = caps.get(0)?.end();
    let has = |name: &str| caps.name(name).is_some();
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    let month = |name: &str| caps.name(name).and_then(|m| month_number(m.as_str()));
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

/// Month number from any spelling the date pattern accepts (its first three letters decide).
fn month_number(name: &str) -> Option<i32> {
    let prefix = name.as_bytes().get(..3)?;
    let number = match prefix.to_ascii_lowercase().as_slice() {
        b"jan" => 1,
        b"feb" => 2,
        b"mar" => 3,
        b"apr" => 4,
        b"may" => 5,
        b"jun" => 6,
        b"jul" => 7,
        b"aug" => 8,
        b"sep" => 9,
        b"oct" => 10,
        b"nov" => 11,
        b"dec" => 12,
        _ => return None,
    };
    Some(number)
}

/// Canonical display form of a news agency name or abbreviation, if it is a known one.
pub fn canonical_agency(name: &str) -> Option<&'static str> {
    if name.len() > 64 {
        return None;
    }
    let key = entity_key(name);
    let key = key.strip_prefix("the ").unwrap_or(&key);
    let display = match key {
        "upi" | "united press international" => "UPI",
        "ap" | "associated press" => "AP",
        "reuters" | "thomson reuters" => "Reuters",
        "afp" | "agence france presse" | "agence france press" => "AFP",
        "yonhap" | "yonhap news" | "yonhap news agency" => "Yonhap",
        "xinhua" | "xinhua news agency" | "xinhuanet" => "Xinhua",
        "kyodo" | "kyodo news" => "Kyodo",
        "dpa" | "deutsche presse agentur" => "dpa",
        "efe" | "agencia efe" => "EFE",
        "ansa" => "ANSA",
        "tass" | "itar tass" => "TASS",
        "pti" | "press trust of india" => "PTI",
        "ians" | "indo asian news service" => "IANS",
        "ani" | "asian news international" => "ANI",
        "cnn" => "CNN",
        "bloomberg" | "bloomberg news" => "Bloomberg",
        "kcna" | "korean central news agency" => "KCNA",
        "uni" | "united news of india" => "UNI",
        "bernama" => "Bernama",
        "antara" | "antara news" => "Antara",
        "aap" | "australian associated press" => "AAP",
        "cp" | "canadian press" => "CP",
        "pa" | "press association" | "pa media" => "PA",
        "nyt" | "new york times" | "ny times" | "nytimes" => "NYT",
        "la times" | "los angeles times" | "latimes" => "LA Times",
        "bbc" | "bbc news" => "BBC",
        "interfax" => "Interfax",
        "ria novosti" => "RIA Novosti",
        "anadolu" | "anadolu agency" => "Anadolu",
        "irna" => "IRNA",
        "kuna" => "KUNA",
        "wafa" => "WAFA",
        "sana" => "SANA",
        "mena" => "MENA",
        "nhk" => "NHK",
        "dow jones" => "Dow Jones",
        "al jazeera" => "Al Jazeera",
        "voa" | "voice of america" => "VOA",
        "rfa" | "radio free asia" => "RFA",
        "nk news" => "NK News",
        "washington post" => "Washington Post",
        "wsj" | "wall street journal" => "WSJ",
        _ => return None,
    };
    Some(display)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> String {
        parse_date(text).map_or_else(|| "none".to_string(), |date| date.to_string())
    }

    fn line(text: &str) -> String {
        parse_date_line(text).map_or_else(|| "none".to_string(), |date| date.to_string())
    }

    /// place / source / date as one comparable string, and the text after the dateline.
    fn dl(paragraph: &str) -> Option<(String, &str)> {
        let found = parse_dateline(paragraph)?;
        let summary = format!(
            "{} | {} | {}",
            found.place.as_deref().unwrap_or("-"),
            found.source.as_deref().unwrap_or("-"),
            found.date.map_or_else(|| "-".to_string(), |date| date.to_string())
        );
        Some((summary, &paragraph[found.len..]))
    }

    #[test]
    fn wire_datelines_with_agency() {
        let cases = [
            ("July 31 (UPI) -- While the", "- | UPI | --07-31"),
            ("WASHINGTON, Feb 26 (Reuters) - The", "WASHINGTON | Reuters | --02-26"),
            ("SEOUL, July 31 (Yonhap) -- North", "SEOUL | Yonhap | --07-31"),
            ("PARIS (AP) — Officials", "PARIS | AP | -"),
            ("LONDON, July 30, 2024 (AFP) - Prices", "LONDON | AFP | 2024-07-30"),
            ("NEW YORK, March 3, 1987 (Reuters) - Shares", "NEW YORK | Reuters | 1987-03-03"),
            ("Sept. 4 (UPI) -- Rain", "- | UPI | --09-04"),
            ("Jan 5 (Reuters) - Gold", "- | Reuters | --01-05"),
            ("SAN FRANCISCO (Reuters) - Apple", "SAN FRANCISCO | Reuters | -"),
            ("TOKYO, Oct. 12 (Kyodo) -- Japan", "TOKYO | Kyodo | --10-12"),
            ("(CNN) -- A storm", "- | CNN | -"),
            ("WASHINGTON (AP) _ The Senate", "WASHINGTON | AP | -"),
            ("BERLIN (NTB) - Talks", "BERLIN | NTB | -"),
            ("JULY 31 (UPI) -- Upper", "- | UPI | --07-31"),
            ("PORTLAND, Ore., Feb 26 - Red", "PORTLAND, Ore. | - | --02-26"),
            ("ST. GEORGE, Utah (AP) _ A dam", "ST. GEORGE, Utah | AP | -"),
            ("COLOMBO, Sri Lanka (AP) — Rebels", "COLOMBO, Sri Lanka | AP | -"),
            ("Seoul, July 31 (Yonhap) -- Exports", "Seoul | Yonhap | --07-31"),
            ("  PARIS (Agence France-Presse): Wine", "PARIS | AFP | -"),
            ("SÃO PAULO (Reuters) - Coffee", "SÃO PAULO | Reuters | -"),
        ];
        for (paragraph, expected) in cases {
            let (summary, _) = dl(paragraph).unwrap_or_else(|| panic!("no dateline in {paragraph:?}"));
            assert_eq!(summary, expected, "{paragraph:?}");
        }
    }

    #[test]
    fn wire_datelines_without_agency() {
        assert_eq!(dl("SEOUL, July 31 -- Rain fell"), Some(("SEOUL | - | --07-31".to_string(), "Rain fell")));
        assert_eq!(dl("SALVADOR, Feb 26 - Showers"), Some(("SALVADOR | - | --02-26".to_string(), "Showers")));
        assert_eq!(dl("NEW YORK _ Kenneth"), Some(("NEW YORK | - | -".to_string(), "Kenneth")));
        assert_eq!(dl("WASHINGTON — The bill"), Some(("WASHINGTON | - | -".to_string(), "The bill")));
        assert_eq!(dl("AP - A company founded"), Some(("- | AP | -".to_string(), "A company founded")));
        assert_eq!(dl("NEW YORK (AP) "), Some(("NEW YORK | AP | -".to_string(), "")));
        assert_eq!(dl("New York, June 1 - Cocoa"), Some(("New York | - | --06-01".to_string(), "Cocoa")));
        assert_eq!(
            dl("Calgary, Alberta, March 18 - Oil"),
            Some(("Calgary, Alberta | - | --03-18".to_string(), "Oil"))
        );
        assert_eq!(dl("UNDATED _ Wine prices"), Some(("- | - | -".to_string(), "Wine prices")));
        assert_eq!(dl("WILKES-BARRE, Pa. (AP) _ A"), Some(("WILKES-BARRE, Pa. | AP | -".to_string(), "A")));
    }

    #[test]
    fn dateline_len_slices_off_the_prefix() {
        let paragraph = "July 31 (UPI) -- While the mixed doubles final was on";
        let found = parse_dateline(paragraph).unwrap();
        assert_eq!(&paragraph[found.len..], "While the mixed doubles final was on");
        assert_eq!(found.source.as_deref(), Some("UPI"));
        assert_eq!(found.date, NewsDate::month_day(7, 31));
        assert_eq!(found.place, None);
        let paragraph = "PARIS (AP)—Officials said";
        assert_eq!(&paragraph[parse_dateline(paragraph).unwrap().len..], "Officials said");
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        for paragraph in [
            "The US (and its allies) - said they would",
            "In January, Kim said the talks - if any",
            "Photo by Yonhap",
            "1 of 4 | The mixed doubles table tennis teams",
            "\"WASHINGTON (AP) - is what it said\"",
            "“PARIS (AP) — quoted”",
            "(Reuters/Ipsos poll) - voters",
            "(NTB) - an unknown agency alone",
            "(and then) - he left",
            "BREAKING — Fire downtown",
            "FILE - In this photo",
            "US - China talks",
            "NORTH and South Korean athletes",
            "Monday, July 31 - the day it rained",
            "July 31 - the day it rained",
            "Apple (AAPL) - shares rose",
            "WASHINGTON (AP) The Senate",
            "WASHINGTON: the city",
            "In January, 2024 - sales rose",
            "Paris - the city of light",
            "april 7 - lowercase",
            "NEW YORK-based firms - said",
            "JULY _ Israeli official suggests",
            "SUMMER _ Agents put out a call",
            "A U.S.- and Israeli-trained force",
            "WINE-TASTINGS (Undated) _ Cabernet",
            "FATAL FORCE (MACROSPACE)",
            "Web Founder Says Cooperation Needed (AP)",
            "",
        ] {
            assert_eq!(parse_dateline(paragraph), None, "{paragraph:?}");
        }
    }

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

    #[test]
    fn agencies() {
        let cases = [
            ("upi", Some("UPI")),
            ("Associated Press", Some("AP")),
            ("The Associated Press", Some("AP")),
            ("REUTERS", Some("Reuters")),
            ("Agence France-Presse", Some("AFP")),
            ("AFP", Some("AFP")),
            ("Yonhap", Some("Yonhap")),
            ("dpa", Some("dpa")),
            ("Canadian Press", Some("CP")),
            ("New York Times", Some("NYT")),
            ("N.Y. Times", Some("NYT")),
            ("L.A. Times", Some("LA Times")),
            ("U.P.I.", Some("UPI")),
            ("Kyodo News", Some("Kyodo")),
            ("NTB", None),
            ("and its allies", None),
            ("", None),
        ];
        for (name, expected) in cases {
            assert_eq!(canonical_agency(name), expected, "{name:?}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let long_word = "A".repeat(100_000);
        let long_spaces = format!("July{}31 (UPI) -- x", " ".repeat(100_000));
        let long_tail = format!("July 30, 2024 {}", "1:1 ".repeat(50_000));
        let inputs = [
            "",
            " ",
            "---",
            "(",
            ")",
            "()",
            "(()) --",
            ",,,,",
            "July 31 (UP\u{00E9}",
            "July 31 (UPI\u{00E9}) -\u{00E9}",
            "SEOUL, \u{00E9}",
            "SEOUL,",
            "Jul\u{00E9} 31",
            "\u{017F}ept 4",
            "augu\u{017F}t 4, 2024",
            "2024-07-\u{0661}\u{0662}",
            "\u{0661}\u{0662}/01/2024",
            "日本 (共同) -- 東京",
            "TOKYO (共同通信) -- x",
            "\u{1F600} (AP) -",
            "Ωμέγα, July 31 (AP) -",
            long_word.as_str(),
            long_spaces.as_str(),
            long_tail.as_str(),
        ];
        for input in inputs {
            let _ = parse_dateline(input);
            let _ = parse_date(input);
            let _ = parse_date_line(input);
            let _ = canonical_agency(input);
            for (cut, _) in input.char_indices().take(64) {
                let _ = parse_dateline(&input[..cut]);
                let _ = parse_date(&input[..cut]);
                let _ = parse_date_line(&input[..cut]);
            }
        }
        assert_eq!(parse_dateline("July 31 (UP\u{00E9}"), None);
        assert_eq!(d("\u{017F}ept 4"), "none");
        assert_eq!(d("2024-07-\u{0661}\u{0662}"), "none");
        assert_eq!(line(&long_tail), "none");
        assert_eq!(dl(&long_spaces).map(|(summary, _)| summary), Some("- | UPI | --07-31".to_string()));
    }
}
