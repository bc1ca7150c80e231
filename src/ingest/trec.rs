//! TREC SGML (`<DOC><DOCNO>…</DOCNO>…</DOC>`), as the TREC collections ship AP, New York Times,
//! LA Times and other newswire: each `<DOC>` block is one document, its id the DOCNO.
//!
//! The collections share the block layout but not their tags: AP has several `<HEAD>`s (editor's
//! notes among them), `<BYLINE>`s and hard-wrapped `<TEXT>`; NYT has `<DATE_TIME>`, `<HEADLINE>`
//! and `<P>` paragraphs, its byline loose in `<BODY>`; LA Times wraps every element's content in
//! `<P>`. Tags a collection lacks are simply absent; unknown ones are ignored.

use std::io::BufRead;
use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::sgml::{
    BlockFormat, Element, MAX_BLOCK_BYTES, Sgml, block_records, byline_authors, container_text, inline_text,
    multiline_text, utf8_or_cp1252,
};
use crate::ingest::{Origin, Problem, Records};
use crate::model::RawArticle;

/// How much of an unreadable block is searched for its DOCNO.
const NAMING_BYTES: usize = 64 << 10;

/// Elements that hold a headline, in the collections' spellings (`HL` is the WSJ's).
const TITLE_ELEMENTS: [&str; 3] = ["HEAD", "HEADLINE", "HL"];

/// Wire notes to editors that AP puts in `<HEAD>` next to the headline: "Eds: …", "$Adv15",
/// "For Release …", "With AM-Libya, Bjt", "LaserPhoto NY14", "Associated Press Writer"…
static EDITOR_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)^(?:
            eds?\s*[:.] | eds\b | editors?\s*: | ed\s+note | \$\s*adv | adv\s*\d | for\s+release | precede\s
            | agencies\s+and\s+radio | from\s+ap\b | \(apn\b | an\s+ap\s | bc- | laserphotos?\b
            | with\s+(?:am-|pm-|bc-|laserphoto|photos?\b|graphics?\b) | ap\s+weekend | by\s
            | (?:urgent|bulletin|more|correction)\s*$
            | (?:associated\s+press|ap(?:\s+\w+){0,2})\s+(?:writer|correspondent|analyst)\s*$
        )",
    )
    .expect("valid regex")
});

/// A date in a DOCNO: AP890101-0001 (YYMMDD), LA042990-0001 (MMDDYY), NYT19980601.0001.
static DOCNO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z]+)(\d{8}|\d{6})(?:[-.]|$)").expect("valid regex"));

/// Line starts of a loose byline in NYT's `<BODY>` ("&HT; By ANDY NEWMAN").
static LOOSE_BYLINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^\s*by\s").expect("valid regex"));

/// A copyright line in NYT's `<BODY>` ("c.1998 Cox News Service").
static COPYRIGHT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\s*(?:c\.\s*\d{4}|\(c\)|copyright|©)").expect("valid regex"));

/// A wire slug before a headline ("BC-LOUD-MOVIES-REVIEW-NYT WHEN SEEING…").
static SLUG_PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^BC-\S+\s+").expect("valid regex"));

/// LA Times' DATE: the day, then the weekday and the edition ("April 29, 1990, Sunday, Home
/// Edition"); the edition goes to a label so that the date reads as one.
static DATE_EDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^([a-z]+\.? \d{1,2}, \d{4}),\s*(?:sun|mon|tues|wednes|thurs|fri|satur)day,\s*(.+)$")
        .expect("valid regex")
});

/// Elements inside `<TEXT>` that are not text: NYT's "(STORY CAN END HERE…)" notes.
const NOT_TEXT: [&str; 1] = ["ANNOTATION"];

/// The most lines a headline loose in NYT's `<BODY>` takes.
const MAX_LOOSE_TITLE_LINES: usize = 2;

/// The documents of a TREC SGML file, one record per `<DOC>` block.
pub fn records(reader: Box<dyn BufRead + Send>, origin: Origin) -> Records {
    records_with_cap(reader, origin, MAX_BLOCK_BYTES)
}

fn records_with_cap(reader: Box<dyn BufRead + Send>, origin: Origin, cap: usize) -> Records {
    let format = BlockFormat {
        tag: "DOC",
        unit: "document",
        none_found: "no <DOC> documents found (not TREC SGML?)",
        naming,
        read: document,
    };
    block_records(reader, origin, format, cap)
}

/// "DOCNO=x: " from the start of a block, to name a document that could not be read.
fn naming(bytes: &[u8]) -> String {
    let text = utf8_or_cp1252(&bytes[..bytes.len().min(NAMING_BYTES)]);
    let docno = Sgml::new(&text).first("DOCNO").map(|d| inline_text(d.content)).unwrap_or_default();
    if docno.is_empty() { String::new() } else { format!("DOCNO={docno}: ") }
}

fn document(bytes: &[u8], line: u64, origin: &Origin) -> Result<RawArticle, Problem> {
    let text = utf8_or_cp1252(bytes);
    let sgml = Sgml::new(&text);
    let Some(doc) = sgml.first("DOC") else {
        return Err(Problem::at(origin, Some(line), "no <DOC> start tag"));
    };
    let docno = sgml.child(&doc, "DOCNO").map(|d| inline_text(d.content)).unwrap_or_default();
    if docno.is_empty() {
        return Err(Problem::at(origin, Some(line), "document has no DOCNO (skipped)"));
    }
    let who = format!("DOCNO={docno}");
    let preamble = body_preamble(&sgml, &doc);
    let mut raw = RawArticle {
        path: origin.stored_path.clone(),
        line: Some(line),
        title: title(&sgml, &doc).or_else(|| loose_title(&preamble)),
        source: source_of(&docno).map(str::to_owned),
        authors: authors(&sgml, &doc, &preamble),
        ..RawArticle::default()
    };
    let mut texts = Vec::new();
    for element in sgml.children(&doc, "TEXT") {
        if !element.closed {
            raw.notes.push(format!("{who}: no closing </TEXT> tag (read to the next tag)"));
        }
        texts.push(container_text(element.content, &NOT_TEXT));
    }
    texts.retain(|t| !t.is_empty());
    if texts.is_empty() {
        // LA Times photo items ("Wild Art") have no TEXT: their caption is their content.
        texts.extend(sgml.children(&doc, "GRAPHIC").map(|g| container_text(g.content, &[])));
        texts.retain(|t| !t.is_empty());
    }
    raw.text = texts.join("\n\n");
    let written = ["DATE", "DATE_TIME"]
        .iter()
        .flat_map(|name| sgml.children(&doc, name))
        .map(|d| inline_text(d.content))
        .find(|d| !d.is_empty());
    raw.date = match written {
        Some(date) => match DATE_EDITION.captures(&date) {
            Some(caps) => {
                raw.labels.insert("edition".into(), vec![caps[2].trim().to_owned()]);
                Some(caps[1].to_owned())
            }
            None => Some(date),
        },
        None => docno_date(&docno),
    };
    add_labels(&sgml, &doc, &mut raw);
    if raw.title.is_none() && raw.text.is_empty() {
        raw.notes.push(format!("{who}: document has neither headline nor text"));
    }
    raw.id = Some(docno);
    Ok(raw)
}

/// The first headline that is not a note to editors; AP's `<UNK>` lines stand in when no
/// headline element has one.
fn title(sgml: &Sgml, doc: &Element) -> Option<String> {
    let mut headlines: Vec<Element> =
        TITLE_ELEMENTS.iter().flat_map(|name| sgml.children(doc, name)).collect();
    headlines.sort_by_key(|h| h.start);
    let unknown = sgml.children(doc, "UNK").flat_map(|u| {
        let text = inline_text(u.content);
        text.split('^').map(|s| s.trim().to_owned()).collect::<Vec<_>>()
    });
    headlines
        .iter()
        .map(|h| inline_text(h.content))
        .chain(unknown)
        .map(|t| SLUG_PREFIX.find(&t).map_or(t.clone(), |slug| t[slug.end()..].to_owned()))
        .find(|t| t.chars().any(char::is_alphanumeric) && !EDITOR_NOTE.is_match(t))
}

/// A headline written loose in NYT's `<BODY>` (as other services' stories have it): the line or
/// two just before the byline or copyright line, notes in parentheses aside.
fn loose_title(preamble: &[String]) -> Option<String> {
    let stop = preamble.iter().position(|l| LOOSE_BYLINE.is_match(l) || COPYRIGHT.is_match(l))?;
    let lines: Vec<&str> =
        preamble[..stop].iter().map(|l| l.trim()).filter(|l| !l.starts_with('(')).collect();
    let title = lines.join(" ");
    let usable = (1..=MAX_LOOSE_TITLE_LINES).contains(&lines.len())
        && title.chars().any(char::is_alphanumeric)
        && !EDITOR_NOTE.is_match(&title);
    usable.then_some(title)
}

/// Authors from `<BYLINE>`s (and AP's `<UNK>` lines), else from a "By …" line between NYT's
/// headline and text.
fn authors(sgml: &Sgml, doc: &Element, preamble: &[String]) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for element in ["BYLINE", "UNK"].iter().flat_map(|name| sgml.children(doc, name)) {
        for author in byline_authors(&inline_text(element.content)) {
            if !authors.contains(&author) {
                authors.push(author);
            }
        }
    }
    if authors.is_empty() {
        authors = preamble
            .iter()
            .filter(|line| LOOSE_BYLINE.is_match(line))
            .map(|line| byline_authors(line))
            .find(|found| !found.is_empty())
            .unwrap_or_default();
    }
    authors
}

/// The non-blank lines of the untagged text in `<BODY>` after the slug and headline and before
/// `<TEXT>` (NYT), where other services' headlines and bylines are written.
fn body_preamble(sgml: &Sgml, doc: &Element) -> Vec<String> {
    let Some(body) = sgml.child(doc, "BODY") else { return Vec::new() };
    let Some(text) = sgml.child(&body, "TEXT") else { return Vec::new() };
    let start = ["SLUG", "HEADLINE"]
        .iter()
        .flat_map(|name| sgml.children(&body, name))
        .map(|e| e.end)
        .filter(|&end| end <= text.start)
        .fold(body.content_start, usize::max);
    let raw = body.content.get(start - body.content_start..text.start - body.content_start).unwrap_or("");
    multiline_text(raw).lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// Dateline, section, type and subjects, when the document has them.
fn add_labels(sgml: &Sgml, doc: &Element, raw: &mut RawArticle) {
    let values = |names: &[&str]| -> Vec<String> {
        names
            .iter()
            .flat_map(|name| sgml.children(doc, name))
            .map(|e| inline_text(e.content))
            .filter(|v| !v.is_empty())
            .collect()
    };
    let datelines: Vec<String> = values(&["DATELINE"])
        .into_iter()
        .map(|d| d.trim_end_matches(['-', '_', ':', ',', ' ']).to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    let subjects: Vec<String> = values(&["SUBJECT"])
        .iter()
        .flat_map(|s| s.split(';'))
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    for (label, found) in [
        ("dateline", datelines),
        ("section", values(&["SECTION"])),
        ("type", values(&["TYPE", "DOCTYPE"])),
        ("subject", subjects),
    ] {
        if !found.is_empty() {
            raw.labels.insert(label.to_owned(), found);
        }
    }
}

/// The publisher a DOCNO's prefix names, in its common short form.
fn source_of(docno: &str) -> Option<&'static str> {
    let prefix: String = docno.chars().take_while(char::is_ascii_alphabetic).collect();
    Some(match prefix.to_ascii_uppercase().as_str() {
        "AP" | "APW" => "AP",
        "NYT" => "NYT",
        "LA" => "LA Times",
        "XIE" => "Xinhua",
        "FB" | "FBIS" => "FBIS",
        "FT" => "FT",
        "WSJ" => "WSJ",
        "SJMN" => "San Jose Mercury News",
        "ZF" => "Ziff-Davis",
        "FR" => "Federal Register",
        "CR" => "Congressional Record",
        "DOE" => "DOE",
        _ => return None,
    })
}

/// The day a DOCNO carries, as `YYYY-MM-DD`; LA Times writes it MMDDYY, others YYMMDD or
/// YYYYMMDD.
fn docno_date(docno: &str) -> Option<String> {
    let caps = DOCNO_DATE.captures(docno)?;
    let digits = caps.get(2)?.as_str();
    let number = |from: usize, to: usize| digits.get(from..to)?.parse::<i16>().ok();
    let century = |year: i16| if year >= 50 { 1900 + year } else { 2000 + year };
    let (year, month, day) = if digits.len() == 8 {
        (number(0, 4)?, number(4, 6)?, number(6, 8)?)
    } else if caps.get(1)?.as_str().eq_ignore_ascii_case("LA") {
        (century(number(4, 6)?), number(0, 2)?, number(2, 4)?)
    } else {
        (century(number(0, 2)?), number(2, 4)?, number(4, 6)?)
    };
    let date = jiff::civil::Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()?;
    Some(date.to_string())
}

#[cfg(test)]
mod tests;
