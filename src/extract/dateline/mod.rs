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

mod agencies;
mod dates;

use std::sync::LazyLock;

use regex::Regex;

use crate::model::NewsDate;
use crate::word_lists;
pub use agencies::canonical_agency;
use dates::{MONTH, WEEKDAY, scan_date};
pub use dates::{parse_date, parse_date_line};

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
static DATE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^(?:{}|{})$", *MONTH, *WEEKDAY)).expect("date word pattern is valid")
});

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
static NOT_PLACES: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_lists::entries(include_str!("../../../data/not-places.txt")).collect());

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

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn d(text: &str) -> String {
        parse_date(text).map_or_else(|| "none".to_string(), |date| date.to_string())
    }

    pub(super) fn line(text: &str) -> String {
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
