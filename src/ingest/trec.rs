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
    Block, BlockReader, Element, MAX_BLOCK_BYTES, Sgml, byline_authors, container_text, inline_text,
    multiline_text, read_error, size_text, utf8_or_cp1252,
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
    Box::new(BlockReader::new(reader, "DOC", cap).map(move |block| record(block, &origin, cap)))
}

fn record(block: Block, origin: &Origin, cap: usize) -> Result<RawArticle, Problem> {
    let (line, message) = match block {
        Block::Whole { line, bytes } => return document(&bytes, line, origin),
        Block::Unclosed { line, bytes } => (line, format!("{}no closing </DOC> tag", naming(&bytes))),
        Block::TooLarge { line, len, head } => (
            line,
            format!("{}document of {len} bytes is larger than {} (skipped)", naming(&head), size_text(cap)),
        ),
        Block::LongLine { line, len } => (line, format!("line of {len} bytes is too long to read (skipped)")),
        Block::ReadError { line, error } => (line, read_error(&error)),
        Block::NoBlocks => {
            return Err(Problem::at(origin, None, "no <DOC> documents found (not TREC SGML?)"));
        }
    };
    Err(Problem::at(origin, Some(line), message))
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
mod tests {
    use std::collections::BTreeMap;
    use std::io::Cursor;

    use super::*;

    fn origin() -> Origin {
        Origin {
            display: "in/AP900101".into(),
            stored_path: Some("/abs/in/AP900101".into()),
            stem: "ap900101".into(),
        }
    }

    fn read(input: &[u8]) -> Vec<Result<RawArticle, Problem>> {
        records(Box::new(Cursor::new(input.to_vec())), origin()).collect()
    }

    fn one(input: &str) -> RawArticle {
        let all = read(input.as_bytes());
        assert_eq!(all.len(), 1);
        all[0].clone().unwrap()
    }

    fn labels(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
    }

    /// An invented AP-style document: notes among the HEADs, two BYLINEs, wrapped TEXT.
    const AP_DOC: &str = "<DOC>
<DOCNO> AP900102-0042 </DOCNO>
<FILEID>AP-NR-01-02-90 0101EST</FILEID>
<FIRST>r a AM-Harbor-Ferry 01-02 0321</FIRST>
<SECOND>AM-Harbor-Ferry,0330</SECOND>
<HEAD>$Adv07</HEAD>
<HEAD>Eds: SUBS 3rd graf to fix spelling</HEAD>
<HEAD>Ferry Service Resumes
After Storm</HEAD>
<HEAD>With AM-Storm-Damage, Bjt</HEAD>
<BYLINE>By MARY O'NEIL and JOHN-PAUL DOE</BYLINE>
<BYLINE>Associated Press Writer</BYLINE>
<DATELINE>PORTLAND, Maine (AP) </DATELINE>
<TEXT>
   The harbor ferry ran again Tuesday
after a three-day halt, officials said.
   ``We are glad,'' said a rider &amp; commuter.
</TEXT>
<NOTE>MORE</NOTE>
</DOC>
";

    #[test]
    fn an_ap_document() {
        let raw = one(AP_DOC);
        assert_eq!(raw.id.as_deref(), Some("AP900102-0042"));
        assert_eq!(raw.path.as_deref(), Some("/abs/in/AP900101"));
        assert_eq!(raw.line, Some(1));
        assert_eq!(raw.title.as_deref(), Some("Ferry Service Resumes After Storm"));
        assert_eq!(
            raw.text,
            "   The harbor ferry ran again Tuesday\nafter a three-day halt, officials said.\n   ``We are glad,'' said a rider & commuter."
        );
        assert_eq!(raw.source.as_deref(), Some("AP"));
        assert_eq!(raw.date.as_deref(), Some("1990-01-02"));
        assert_eq!(raw.authors, ["MARY O'NEIL", "JOHN-PAUL DOE"]);
        assert_eq!(raw.labels, labels(&[("dateline", &["PORTLAND, Maine (AP)"])]));
        assert!(raw.notes.is_empty());
    }

    #[test]
    fn ap_roundups_and_unk_lines() {
        let input = "<DOC>\n<DOCNO> AP900103-0007 </DOCNO>\n<UNK>Eds: Adds byline</UNK>\n\
            <UNK>Lighthouse Keeper Retires ^By ANA RUIZ ^Associated Press Writer</UNK>\n\
            <DATELINE>BATH, Maine (AP) </DATELINE>\n<TEXT>\n   First item.\n</TEXT>\n\
            <DATELINE>BANGOR, Maine (AP) </DATELINE>\n<TEXT>\n   Second item.\n</TEXT>\n</DOC>\n";
        let raw = one(input);
        assert_eq!(raw.title.as_deref(), Some("Lighthouse Keeper Retires"));
        assert_eq!(raw.authors, ["ANA RUIZ"]);
        assert_eq!(raw.text, "   First item.\n\n   Second item.");
        assert_eq!(raw.labels["dateline"], ["BATH, Maine (AP)", "BANGOR, Maine (AP)"]);
    }

    #[test]
    fn notes_alone_give_no_title() {
        let input = "<DOC><DOCNO>AP900104-0001</DOCNO><HEAD>$Adv15</HEAD><HEAD>For Release Sunday, Jan. 15</HEAD>\
            <HEAD>Associated Press Writer</HEAD><HEAD>URGENT</HEAD><HEAD>Precede NEWARK</HEAD><TEXT>Body.</TEXT></DOC>";
        let raw = one(input);
        assert_eq!(raw.title, None);
        assert_eq!(raw.text, "Body.");
    }

    /// An invented NYT-style document: DATE_TIME, HEADER codes, loose byline, P paragraphs.
    const NYT_DOC: &str = "<DOC>
<DOCNO> NYT19990315.0123 </DOCNO>
<DOCTYPE> NEWS STORY </DOCTYPE>
<DATE_TIME> 1999-03-15 10:42 </DATE_TIME>
<HEADER>
A1234 &Cx1f; taf-z
u a &Cx13;  &Cx11;  BC-CITY-PARKS-NYT &LR;      03-15 0400
</HEADER>
<BODY>
<SLUG> BC-CITY-PARKS-NYT </SLUG>
<HEADLINE>
CITY OPENS THREE NEW PARKS,
WITH MORE PLANNED
</HEADLINE>
  (ab) 
 By LENA PARK and OMAR ALI   
 c.1999 N.Y. Times News Service   
<TEXT>
<P>
   NEW YORK _ The city opened three parks on Monday, &QL;
officials said.
</P>
<ANNOTATION>
   (STORY CAN END HERE. OPTIONAL MATERIAL FOLLOWS)
</ANNOTATION>
<P>
   &HT; More are planned for AT&AMP;T land.
</P>
</TEXT>
</BODY>
<TRAILER>
NYT-03-15-99 1042EST &QL; 
</TRAILER>
</DOC>
";

    #[test]
    fn headlines_and_bylines_loose_in_the_nyt_body() {
        let doc = |headline: &str, loose: &str| {
            format!(
                "<DOC>\n<DOCNO> NYT19990316.0001 </DOCNO>\n<BODY>\n<SLUG> BC-X-COX </SLUG>\n<HEADLINE>\n{headline}\n</HEADLINE>\n{loose}\n<TEXT>\n<P>\nText.\n</P>\n</TEXT>\n</BODY>\n</DOC>\n"
            )
        };
        let raw = one(&doc(
            "&HT;   ",
            " &HT;    Harbor seals return\n &HT;    to the bay\n &HT;    By Ida Moss\n &HT;    c. 1999 Cox News Service",
        ));
        assert_eq!(
            (raw.title.as_deref(), raw.authors.as_slice()),
            (Some("Harbor seals return to the bay"), &["Ida Moss".to_string()][..])
        );
        let raw = one(&doc(".", "(For use by clients)\nCity budget passes\nc.1999 Tri-City Herald"));
        assert_eq!((raw.title.as_deref(), raw.authors.len()), (Some("City budget passes"), 0));
        let raw = one(&doc("&HT; BC-SEALS-REVIEW-NYT SEALS ARE BACK", "  (ab)\n By NED ROSS"));
        assert_eq!(
            (raw.title.as_deref(), raw.authors.as_slice()),
            (Some("SEALS ARE BACK"), &["NED ROSS".to_string()][..])
        );
        let raw = one(&doc("EDITORS:", "No byline here,\njust notes\nin three lines"));
        assert_eq!(raw.title, None);
    }

    #[test]
    fn an_nyt_document() {
        let raw = one(NYT_DOC);
        assert_eq!(raw.id.as_deref(), Some("NYT19990315.0123"));
        assert_eq!(raw.title.as_deref(), Some("CITY OPENS THREE NEW PARKS, WITH MORE PLANNED"));
        assert_eq!(
            raw.text,
            "   NEW YORK _ The city opened three parks on Monday,\nofficials said.\n\n   \t More are planned for AT&T land."
        );
        assert_eq!(raw.source.as_deref(), Some("NYT"));
        assert_eq!(raw.date.as_deref(), Some("1999-03-15 10:42"));
        assert_eq!(raw.authors, ["LENA PARK", "OMAR ALI"]);
        assert_eq!(raw.labels, labels(&[("type", &["NEWS STORY"])]));
    }

    /// An invented LA Times-style document: every element wrapped in P.
    const LA_DOC: &str = "<DOC>
<DOCNO> LA031591-0077 </DOCNO>
<DOCID> 100200 </DOCID>
<DATE>
<P>
March 15, 1991, Friday, Valley Edition 
</P>
</DATE>
<SECTION>
<P>
Metro; Part B; Page 3; Column 1 
</P>
</SECTION>
<LENGTH>
<P>
88 words 
</P>
</LENGTH>
<HEADLINE>
<P>
VALLEY IN BRIEF; 
</P>
<P>
LIBRARY HOURS EXTENDED 
</P>
</HEADLINE>
<BYLINE>
<P>
By ROSA DIAZ, TIMES STAFF WRITER 
</P>
</BYLINE>
<DATELINE>
<P>
VAN NUYS 
</P>
</DATELINE>
<TEXT>
<P>
The library will stay open later, starting 
next week. 
</P>
<P>
</P>
<P>
Hours run to 9 p.m. 
</P>
</TEXT>
<GRAPHIC>
<P>
Photo, the library. 
</P>
</GRAPHIC>
<TYPE>
<P>
Brief 
</P>
</TYPE>
<SUBJECT>
<P>
LIBRARIES; HOURS 
</P>
</SUBJECT>
</DOC>
";

    #[test]
    fn an_la_times_document() {
        let raw = one(LA_DOC);
        assert_eq!(raw.id.as_deref(), Some("LA031591-0077"));
        assert_eq!(raw.title.as_deref(), Some("VALLEY IN BRIEF; LIBRARY HOURS EXTENDED"));
        assert_eq!(raw.text, "The library will stay open later, starting\nnext week.\n\nHours run to 9 p.m.");
        assert_eq!(raw.source.as_deref(), Some("LA Times"));
        assert_eq!(raw.date.as_deref(), Some("March 15, 1991"));
        assert_eq!(raw.authors, ["ROSA DIAZ"]);
        assert_eq!(
            raw.labels,
            labels(&[
                ("dateline", &["VAN NUYS"]),
                ("edition", &["Valley Edition"]),
                ("section", &["Metro; Part B; Page 3; Column 1"]),
                ("subject", &["LIBRARIES", "HOURS"]),
                ("type", &["Brief"]),
            ])
        );
    }

    #[test]
    fn a_photo_item_without_text_reads_its_caption() {
        let input = "<DOC>\n<DOCNO> LA031591-0078 </DOCNO>\n<GRAPHIC>\n<P>\nPhoto, Ducks on the pond. \n</P>\n</GRAPHIC>\n</DOC>\n";
        let raw = one(input);
        assert_eq!((raw.title, raw.text.as_str()), (None, "Photo, Ducks on the pond."));
        assert_eq!(raw.date.as_deref(), Some("1991-03-15"));
    }

    #[test]
    fn bad_documents_are_skipped_and_the_rest_read() {
        let good = "<DOC>\n<DOCNO> AP900105-0001 </DOCNO>\n<TEXT>\nFine.\n</TEXT>\n</DOC>\n";
        let unclosed = "<DOC>\n<DOCNO> AP900105-0002 </DOCNO>\n<TEXT>\nCut off.\n";
        let no_docno = "<DOC>\n<HEAD>Nameless</HEAD>\n<TEXT>Text.</TEXT>\n</DOC>\n";
        let empty = "<DOC><DOCNO>AP900105-0004</DOCNO><FILEID>x</FILEID></DOC>\n";
        let truncated = "<DOC>\n<DOCNO> AP900105-0005 </DOCNO>\n<TEXT>\nThe file ends in the mid";
        let input = format!("{good}{unclosed}{good}{no_docno}{empty}{truncated}");
        let all = read(input.as_bytes());
        let shown: Vec<String> = all
            .iter()
            .map(|r| match r {
                Ok(raw) => format!("ok {} line {}", raw.id.as_deref().unwrap_or("-"), raw.line.unwrap_or(0)),
                Err(problem) => problem.to_string(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "ok AP900105-0001 line 1",
                "in/AP900101:7: DOCNO=AP900105-0002: no closing </DOC> tag",
                "ok AP900105-0001 line 11",
                "in/AP900101:17: document has no DOCNO (skipped)",
                "ok AP900105-0004 line 21",
                "in/AP900101:22: DOCNO=AP900105-0005: no closing </DOC> tag",
            ]
        );
        assert_eq!(
            all[4].clone().unwrap().notes,
            ["DOCNO=AP900105-0004: document has neither headline nor text"]
        );
    }

    #[test]
    fn a_file_without_documents_and_a_read_error() {
        let all = read(b"<DOCNO>loose</DOCNO>\n");
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].clone().unwrap_err().to_string(),
            "in/AP900101: no <DOC> documents found (not TREC SGML?)"
        );
        // A stream that fails after one whole document: the document, then one problem, then the end.
        struct FailsLater(Cursor<Vec<u8>>);
        impl std::io::Read for FailsLater {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                match self.0.read(buf)? {
                    0 => Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "cut")),
                    n => Ok(n),
                }
            }
        }
        let input = b"<DOC><DOCNO>AP900107-0001</DOCNO><TEXT>One.</TEXT></DOC>\n<DOC><DOCNO>AP900107-0002</DOCNO>\n<TEXT>Tw".to_vec();
        let reader = std::io::BufReader::new(FailsLater(Cursor::new(input)));
        let all: Vec<_> = records(Box::new(reader), origin()).collect();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].clone().unwrap().text, "One.");
        assert_eq!(
            all[1].clone().unwrap_err().to_string(),
            "in/AP900101:3: compressed data ends early (truncated file)"
        );
    }

    #[test]
    fn a_document_over_the_cap_is_a_problem() {
        let big = format!(
            "<DOC>\n<DOCNO> AP900106-0001 </DOCNO>\n<TEXT>\n{}\n</TEXT>\n</DOC>\n",
            "word ".repeat(60)
        );
        let small = "<DOC>\n<DOCNO> AP900106-0002 </DOCNO>\n<TEXT>\nSmall.\n</TEXT>\n</DOC>\n";
        let input = format!("{big}{small}");
        let all: Vec<_> =
            records_with_cap(Box::new(Cursor::new(input.into_bytes())), origin(), 100).collect();
        let problem = all[0].clone().unwrap_err();
        assert_eq!(
            problem.to_string(),
            "in/AP900101:1: DOCNO=AP900106-0001: document of 359 bytes is larger than 100 bytes (skipped)"
        );
        assert_eq!(all[1].clone().unwrap().text, "Small.");
    }

    #[test]
    fn windows_1252_bytes_and_references() {
        let mut input =
            b"<DOC><DOCNO>LA010190-0001</DOCNO><HEADLINE><P>CAF\xc9 &amp; \x93BAR\x94</P></HEADLINE>"
                .to_vec();
        input.extend_from_slice(b"<TEXT><P>Men&#250; price &lt;$5&gt;.\x00</P></TEXT></DOC>");
        let raw = read(&input)[0].clone().unwrap();
        assert_eq!(raw.title.as_deref(), Some("CAFÉ & \u{201c}BAR\u{201d}"));
        assert_eq!(raw.text, "Menú price <$5>.");
        // UTF-8 stays UTF-8.
        let raw = one("<DOC><DOCNO>XIE19990101.0001</DOCNO><TEXT>Zürich café.</TEXT></DOC>");
        assert_eq!((raw.text.as_str(), raw.source.as_deref()), ("Zürich café.", Some("Xinhua")));
    }

    #[test]
    fn docno_prefixes_give_source_and_date() {
        let cases = [
            ("AP890101-0001", Some("AP"), Some("1989-01-01")),
            ("LA042990-0001", Some("LA Times"), Some("1990-04-29")),
            ("NYT19980601.0001", Some("NYT"), Some("1998-06-01")),
            ("APW20000105.0010", Some("AP"), Some("2000-01-05")),
            ("WSJ870320-0001", Some("WSJ"), Some("1987-03-20")),
            ("FT911-3", Some("FT"), None),
            ("FBIS3-10", Some("FBIS"), None),
            ("AP891301-0001", Some("AP"), None),
            ("doc-17", None, None),
        ];
        for (docno, source, date) in cases {
            assert_eq!((source_of(docno), docno_date(docno).as_deref()), (source, date), "{docno}");
        }
    }
}
