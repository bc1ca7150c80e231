//! Reuters-21578 SGML (`reut2-*.sgm`): each `<REUTERS … NEWID="n">` block is one story, with
//! its title, body, dateline, wire date and the corpus's gold tags (topics, places, people…).
//!
//! The files are Latin-1 with `&#N;` references for the wire's control codes; some stories
//! are headline-only (`TYPE="BRIEF"`) or unparsed wire text (`TYPE="UNPROC"`), and some
//! DATEs are damaged. Malformed input never stops the file: a bad story is a [`Problem`].

use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::LazyLock;

use regex::Regex;
use xxhash_rust::xxh3::xxh3_64;

use crate::ingest::sgml::{
    BlockFormat, Element, MAX_BLOCK_BYTES, Sgml, attribute, block_records, byline_authors, container_text,
    cp1252, decode_references, drop_controls, inline_text,
};
use crate::ingest::{Origin, Problem, Records};
use crate::model::RawArticle;
use crate::word_lists;

/// The gold tag lists, by element and label name.
const TAG_LISTS: [(&str, &str); 6] = [
    ("TOPICS", "topics"),
    ("PLACES", "places"),
    ("PEOPLE", "people"),
    ("ORGS", "orgs"),
    ("EXCHANGES", "exchanges"),
    ("COMPANIES", "companies"),
];

/// Attributes of `<REUTERS>` kept as labels.
const ATTRIBUTE_LABELS: [(&str, &str); 3] =
    [("LEWISSPLIT", "lewissplit"), ("CGISPLIT", "cgisplit"), ("TOPICS", "topics_attr")];

/// The day of a DATE ("26-FEB-1987") and what follows it.
static DATE_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})(.*)$").expect("valid regex"));

static DATE_TIME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2}):(\d{2}):(\d{2})(?:\.\d+)?$").expect("valid regex"));

/// The signature that ends most bodies: "Reuter", "REUTER...", "REUTER^M" (a caret and M, as
/// written), on its own line, after wide spacing or after the last sentence's end.
static SIGNATURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:\A|\n|[ \t]{2}|([.!?"')])[ \t])[ \t]*reuters?\.{0,3}(?:\^M)?\z"#)
        .expect("valid regex")
});

static NEWID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)\bNEWID\s*=\s*"?([^"\s>]+)"#).expect("valid regex"));

/// The stories of a Reuters-21578 file, one record per `<REUTERS>` block.
pub fn records(reader: Box<dyn BufRead + Send>, origin: Origin) -> Records {
    records_with_cap(reader, origin, MAX_BLOCK_BYTES)
}

fn records_with_cap(reader: Box<dyn BufRead + Send>, origin: Origin, cap: usize) -> Records {
    let format = BlockFormat {
        tag: "REUTERS",
        unit: "story",
        none_found: "no <REUTERS> stories found (not Reuters SGML?)",
        naming,
        read: story,
    };
    block_records(reader, origin, format, cap)
}

/// "NEWID=n: " from a block's first line, to name a story that could not be read.
fn naming(bytes: &[u8]) -> String {
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let first_line = cp1252(&first_line[..first_line.len().min(4096)]);
    NEWID
        .captures(&first_line)
        .and_then(|c| c.get(1))
        .map_or(String::new(), |m| format!("NEWID={}: ", m.as_str()))
}

fn story(bytes: &[u8], line: u64, origin: &Origin) -> Result<RawArticle, Problem> {
    let text = cp1252(bytes);
    let sgml = Sgml::new(&text);
    let Some(reuters) = sgml.first("REUTERS") else {
        return Err(Problem::at(origin, Some(line), "no <REUTERS> start tag"));
    };
    let newid = attribute(reuters.attributes, "NEWID").map(str::trim).filter(|id| !id.is_empty());
    let who = newid.map_or_else(|| format!("story at line {line}"), |id| format!("NEWID={id}"));
    let mut raw = RawArticle {
        path: origin.stored_path.clone(),
        line: Some(line),
        source: Some("Reuters".into()),
        ..RawArticle::default()
    };
    raw.id = Some(match newid {
        Some(id) => format!("reuters-{id}"),
        None => {
            raw.notes.push(format!("{who}: no NEWID attribute (id made from file and line)"));
            format!("{}-{}-{:08x}", origin.stem, line, xxh3_64(bytes) as u32)
        }
    });
    match sgml.child(&reuters, "DATE") {
        Some(date) => {
            let (written, note) = read_date(date.content);
            raw.date = written;
            raw.notes.extend(note.map(|note| format!("{who}: {note}")));
        }
        None => raw.notes.push(format!("{who}: no DATE")),
    }
    raw.labels = labels(&sgml, &reuters);
    if let Some(body) = sgml.child(&reuters, "TEXT") {
        note_unclosed(&mut raw.notes, &who, "TEXT", &body);
        read_text(&sgml, &body, &who, &mut raw);
    }
    if raw.title.is_none() && raw.text.is_empty() {
        // Still a story of the corpus (its tags and date stand), so kept, with a note.
        raw.notes.push(format!("{who}: story has neither title nor text"));
    }
    Ok(raw)
}

/// The gold tags, the split attributes and the text type as labels.
fn labels(sgml: &Sgml, reuters: &Element) -> BTreeMap<String, Vec<String>> {
    let mut labels = BTreeMap::new();
    for (element, label) in TAG_LISTS {
        let Some(list) = sgml.child(reuters, element) else { continue };
        let values: Vec<String> =
            sgml.children(&list, "D").map(|d| inline_text(d.content)).filter(|v| !v.is_empty()).collect();
        if !values.is_empty() {
            labels.insert(label.to_owned(), values);
        }
    }
    for (name, label) in ATTRIBUTE_LABELS {
        if let Some(value) = attribute(reuters.attributes, name).map(inline_text).filter(|v| !v.is_empty()) {
            labels.insert(label.to_owned(), vec![value]);
        }
    }
    labels
}

/// Title, body, dateline and authors from `<TEXT>`, by its TYPE.
fn read_text(sgml: &Sgml, text: &Element, who: &str, raw: &mut RawArticle) {
    if let Some(title) = sgml.child(text, "TITLE") {
        note_unclosed(&mut raw.notes, who, "TITLE", &title);
        raw.title = Some(inline_text(title.content)).filter(|t| !t.is_empty());
    }
    let datelines: Vec<String> = sgml
        .children(text, "DATELINE")
        .map(|d| inline_text(d.content).trim_end_matches(['-', ' ']).to_owned())
        .filter(|d| !d.is_empty())
        .collect();
    if !datelines.is_empty() {
        raw.labels.insert("dateline".into(), datelines);
    }
    for author in sgml.children(text, "AUTHOR").flat_map(|a| byline_authors(&inline_text(a.content))) {
        if !raw.authors.contains(&author) {
            raw.authors.push(author);
        }
    }
    let kind = attribute(text.attributes, "TYPE").map(|t| t.trim().to_ascii_uppercase());
    raw.text = match kind.as_deref() {
        // A headline-only story: what follows the title is filler ("Blah blah blah.").
        Some("BRIEF") => String::new(),
        // Wire text that was never split into parts: all of it is the body.
        Some("UNPROC") => without_signature(&container_text(text.content, &[])),
        _ => match sgml.child(text, "BODY") {
            Some(body) => {
                note_unclosed(&mut raw.notes, who, "BODY", &body);
                without_signature(&container_text(body.content, &[]))
            }
            None => String::new(),
        },
    };
    if let Some(kind) = kind.filter(|k| !k.is_empty()) {
        raw.labels.insert("text_type".into(), vec![kind.to_ascii_lowercase()]);
    }
}

fn note_unclosed(notes: &mut Vec<String>, who: &str, name: &str, element: &Element) {
    if !element.closed {
        notes.push(format!("{who}: no closing </{name}> tag (read to the next tag)"));
    }
}

/// The body without its closing "Reuter" signature (some stories carry two).
fn without_signature(body: &str) -> String {
    let mut body = body.trim_end();
    while let Some(caps) = SIGNATURE.captures(body) {
        let (Some(signature), kept) = (caps.get(0), caps.get(1).map_or(0, |m| m.len())) else { break };
        body = body[..signature.start() + kept].trim_end();
    }
    body.to_owned()
}

/// The DATE as written, trimmed to what still reads as a date, and a note when something had
/// to go. Wire routing codes after the time (`&#5;&#5;&#5;RM`) are not part of the date; a
/// damaged time ("605:12:19.12") leaves the day; no readable day leaves no date.
fn read_date(content: &str) -> (Option<String>, Option<String>) {
    let decoded = decode_references(content);
    let as_written = drop_controls(decoded.trim()).into_owned();
    let before_codes = decoded.split(char::is_control).next().unwrap_or_default();
    let (date, comment) = match before_codes.split_once('#') {
        Some((date, comment)) => (date.trim(), Some(comment.trim())),
        None => (before_codes.trim(), None),
    };
    if date.is_empty() {
        return (None, Some("empty DATE".into()));
    }
    let Some(day) = DATE_DAY.captures(date).filter(|caps| is_real_day(&caps[1], &caps[2], &caps[3])) else {
        return (None, Some(format!("no readable day in DATE '{as_written}'")));
    };
    let day_end = day.get(3).map_or(0, |m| m.end());
    let time = day.get(4).map_or("", |m| m.as_str()).trim();
    let comment_note = comment.map(|c| format!("DATE carries a comment '# {c}' (date kept)"));
    if time.is_empty() || is_real_time(time) {
        return (Some(date.to_owned()), comment_note);
    }
    let note = format!("bad time in DATE '{as_written}' (day kept)");
    (Some(date[..day_end].to_owned()), Some(note))
}

fn is_real_day(day: &str, month: &str, year: &str) -> bool {
    match (day.parse::<i8>(), word_lists::month_number(month), year.parse::<i16>()) {
        (Ok(day), Some(month), Ok(year)) => jiff::civil::Date::new(year, month, day).is_ok(),
        _ => false,
    }
}

fn is_real_time(time: &str) -> bool {
    DATE_TIME.captures(time).is_some_and(|caps| {
        let part = |i: usize| caps[i].parse::<u32>().unwrap_or(u32::MAX);
        part(1) < 24 && part(2) < 60 && part(3) < 61
    })
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn origin() -> Origin {
        Origin {
            display: "in/reut2-900.sgm".into(),
            stored_path: Some("/abs/in/reut2-900.sgm".into()),
            stem: "reut2-900".into(),
        }
    }

    fn read(input: &[u8]) -> Vec<Result<RawArticle, Problem>> {
        records(Box::new(Cursor::new(input.to_vec())), origin()).collect()
    }

    fn labels(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect()
    }

    /// An invented story in the corpus's layout.
    const STORY: &str = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n\
<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"901\" NEWID=\"7\">\n\
<DATE> 3-MAR-1987 09:15:02.41&#5;&#5;&#5;C T</DATE>\n\
<TOPICS><D>grain</D><D>wheat</D></TOPICS>\n\
<PLACES><D>canada</D></PLACES>\n\
<PEOPLE></PEOPLE>\n\
<ORGS><D>ec</D></ORGS>\n\
<EXCHANGES></EXCHANGES>\n\
<COMPANIES></COMPANIES>\n\
<UNKNOWN> \n&#5;&#5;&#5;C\n&#22;&#22;&#1;f0001&#31;reute\nr f BC-PRAIRIE-WHEAT  03-03 0077</UNKNOWN>\n\
<TEXT>&#2;\n\
<TITLE>PRAIRIE WHEAT &lt;PWC> SALES\nRISE</TITLE>\n\
<AUTHOR>    by Ann Lee, Reuters</AUTHOR>\n\
<DATELINE>    WINNIPEG, March 3 - </DATELINE><BODY>Prairie farmers sold more wheat in\n\
February than a year ago, a board said.\n    Sales reached 1.2 mln tonnes &amp; more.\n\
 REUTER\n\
&#3;</BODY></TEXT>\n\
</REUTERS>\n";

    #[test]
    fn a_story_gives_every_field() {
        let all = read(STORY.as_bytes());
        assert_eq!(all.len(), 1);
        let raw = all[0].clone().unwrap();
        assert_eq!(raw.id.as_deref(), Some("reuters-7"));
        assert_eq!(raw.path.as_deref(), Some("/abs/in/reut2-900.sgm"));
        assert_eq!(raw.line, Some(2));
        assert_eq!(raw.title.as_deref(), Some("PRAIRIE WHEAT <PWC> SALES RISE"));
        assert_eq!(
            raw.text,
            "Prairie farmers sold more wheat in\nFebruary than a year ago, a board said.\n    Sales reached 1.2 mln tonnes & more."
        );
        assert_eq!(raw.source.as_deref(), Some("Reuters"));
        assert_eq!(raw.date.as_deref(), Some("3-MAR-1987 09:15:02.41"));
        assert_eq!(raw.authors, ["Ann Lee"]);
        assert_eq!(
            raw.labels,
            labels(&[
                ("cgisplit", &["TRAINING-SET"]),
                ("dateline", &["WINNIPEG, March 3"]),
                ("lewissplit", &["TRAIN"]),
                ("orgs", &["ec"]),
                ("places", &["canada"]),
                ("topics", &["grain", "wheat"]),
                ("topics_attr", &["YES"]),
            ])
        );
        assert!(raw.notes.is_empty(), "{:?}", raw.notes);
    }

    fn story(newid: u32, date: &str, text: &str) -> String {
        format!(
            "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TEST\" CGISPLIT=\"TRAINING-SET\" OLDID=\"1\" NEWID=\"{newid}\">\n\
             <DATE>{date}</DATE>\n<TOPICS></TOPICS>\n{text}\n</REUTERS>\n"
        )
    }

    #[test]
    fn brief_and_unprocessed_stories() {
        let brief = story(
            11,
            "26-FEB-1987 15:10:44.60",
            "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>CENTRAL BANK HOLDS RATE\n</TITLE>Blah blah blah.\n&#3;\n</TEXT>",
        );
        let unproc = story(
            12,
            "26-FEB-1987 15:11:00.00",
            "<TEXT TYPE=\"UNPROC\">&#2;\nWEEKLY RESERVES - FEB 26\n    Two weeks ended   daily avgs\n Borrowings......680 vs.....425\n Reuter\n&#3;</TEXT>",
        );
        let all = read(format!("{brief}{unproc}").as_bytes());
        let brief = all[0].clone().unwrap();
        assert_eq!(brief.title.as_deref(), Some("CENTRAL BANK HOLDS RATE"));
        assert_eq!(brief.text, "");
        assert_eq!(brief.labels["text_type"], ["brief"]);
        let unproc = all[1].clone().unwrap();
        assert_eq!(unproc.title, None);
        assert_eq!(
            unproc.text,
            "WEEKLY RESERVES - FEB 26\n    Two weeks ended   daily avgs\n Borrowings......680 vs.....425"
        );
        assert_eq!(unproc.labels["text_type"], ["unproc"]);
        assert_eq!(unproc.line, Some(10));
    }

    #[test]
    fn damaged_dates_keep_the_day_with_a_note() {
        let text = "<TEXT><TITLE>T</TITLE><BODY>B</BODY></TEXT>";
        let input = [
            story(21, "31-MAR-1987 605:12:19.12", text),
            story(22, "9-APR-1987 00:00:00.00    # date added as a guess ", text),
            story(23, "soon", text),
            story(24, "31-FEB-1987 10:00:00.00", text),
            story(25, "  7-APR-1987 16:22:00.0", text),
            story(26, "", text),
        ]
        .concat();
        let all: Vec<RawArticle> = read(input.as_bytes()).into_iter().map(Result::unwrap).collect();
        let dates: Vec<Option<&str>> = all.iter().map(|r| r.date.as_deref()).collect();
        assert_eq!(
            dates,
            [
                Some("31-MAR-1987"),
                Some("9-APR-1987 00:00:00.00"),
                None,
                None,
                Some("7-APR-1987 16:22:00.0"),
                None
            ]
        );
        let notes: Vec<&[String]> = all.iter().map(|r| r.notes.as_slice()).collect();
        assert_eq!(notes[0], ["NEWID=21: bad time in DATE '31-MAR-1987 605:12:19.12' (day kept)"]);
        assert_eq!(notes[1], ["NEWID=22: DATE carries a comment '# date added as a guess' (date kept)"]);
        assert_eq!(notes[2], ["NEWID=23: no readable day in DATE 'soon'"]);
        assert_eq!(notes[3], ["NEWID=24: no readable day in DATE '31-FEB-1987 10:00:00.00'"]);
        assert!(notes[4].is_empty());
        assert_eq!(notes[5], ["NEWID=26: empty DATE"]);
    }

    #[test]
    fn an_unclosed_story_is_skipped_and_the_next_read() {
        let good =
            story(31, "1-MAR-1987 10:00:00.00", "<TEXT><TITLE>GOOD ONE</TITLE><BODY>Fine.</BODY></TEXT>");
        let cut = "<REUTERS TOPICS=\"NO\" NEWID=\"32\">\n<DATE>1-MAR-1987 10:00:01.00</DATE>\n<TEXT><TITLE>CUT</TITLE>\n";
        let last = "<REUTERS NEWID=\"33\">\n<TEXT><BODY>Cut at the end of the file";
        let all = read(format!("{good}{cut}{good}{last}").as_bytes());
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].clone().unwrap().id.as_deref(), Some("reuters-31"));
        assert_eq!(
            all[1].clone().unwrap_err().to_string(),
            "in/reut2-900.sgm:6: NEWID=32: no closing </REUTERS> tag"
        );
        assert_eq!(all[2].clone().unwrap().line, Some(9));
        assert_eq!(
            all[3].clone().unwrap_err().to_string(),
            "in/reut2-900.sgm:14: NEWID=33: no closing </REUTERS> tag"
        );
    }

    #[test]
    fn latin1_bytes_control_codes_and_carriage_returns() {
        let input = story(
            41,
            "2-MAR-1987 08:00:00.00",
            "<TEXT><TITLE>CAF\u{c9} OUTPUT</TITLE><BODY>S\u{e3}o Paulo &#27;said&#127;\r\nmore.\r\n REUTER...\r\n&#3;</BODY></TEXT>",
        );
        // The fixture's non-ASCII characters as single Latin-1 bytes.
        let bytes: Vec<u8> = input.chars().map(|c| c as u32 as u8).collect();
        let raw = read(&bytes)[0].clone().unwrap();
        assert_eq!(raw.title.as_deref(), Some("CAFÉ OUTPUT"));
        assert_eq!(raw.text, "São Paulo said\nmore.");
    }

    #[test]
    fn stories_without_newid_text_or_end_tags() {
        let no_id = "<REUTERS TOPICS=\"NO\">\n<DATE>2-MAR-1987 08:00:00.00</DATE>\n<TEXT><TITLE>NO ID</TITLE></TEXT>\n</REUTERS>\n";
        let empty = story(52, "2-MAR-1987 08:00:00.00", "<TEXT>&#2;\n&#3;</TEXT>");
        let open_body =
            story(53, "2-MAR-1987 08:00:00.00", "<TEXT><TITLE>OPEN</TITLE><BODY>Runs on\n</TEXT>");
        let all = read(format!("{no_id}{empty}{open_body}").as_bytes());
        let no_id = all[0].clone().unwrap();
        let id = no_id.id.unwrap();
        assert!(id.starts_with("reut2-900-1-") && id.len() == "reut2-900-1-".len() + 8, "{id}");
        assert_eq!(no_id.notes, ["story at line 1: no NEWID attribute (id made from file and line)"]);
        let empty = all[1].clone().unwrap();
        assert_eq!((empty.title, empty.text.as_str(), empty.line), (None, "", Some(5)));
        assert_eq!(empty.notes, ["NEWID=52: story has neither title nor text"]);
        let open_body = all[2].clone().unwrap();
        assert_eq!(open_body.text, "Runs on");
        assert_eq!(open_body.notes, ["NEWID=53: no closing </BODY> tag (read to the next tag)"]);
    }

    #[test]
    fn a_story_over_the_cap_is_a_problem() {
        let big =
            story(61, "2-MAR-1987 08:00:00.00", &format!("<TEXT><BODY>{}</BODY></TEXT>", "word ".repeat(40)));
        let small = story(62, "2-MAR-1987 08:00:00.00", "<TEXT><TITLE>SMALL</TITLE></TEXT>");
        let input = format!("{big}{small}");
        let all: Vec<_> =
            records_with_cap(Box::new(Cursor::new(input.into_bytes())), origin(), 200).collect();
        let problem = all[0].clone().unwrap_err();
        assert_eq!(problem.line, Some(1));
        assert!(problem.message.starts_with("NEWID=61: story of "), "{problem}");
        assert!(problem.message.ends_with("bytes is larger than 200 bytes (skipped)"), "{problem}");
        assert_eq!(all[1].clone().unwrap().id.as_deref(), Some("reuters-62"));
    }

    #[test]
    fn a_story_over_sixteen_megabytes_is_skipped() {
        let body = "A line of filler text in a story far too long to be real.\n".repeat((16 << 20) / 58 + 10);
        let big = story(71, "2-MAR-1987 08:00:00.00", &format!("<TEXT><BODY>{body}</BODY></TEXT>"));
        let small = story(72, "2-MAR-1987 08:00:00.00", "<TEXT><TITLE>AFTER</TITLE></TEXT>");
        let all = read(format!("{big}{small}").as_bytes());
        let problem = all[0].clone().unwrap_err().message;
        assert!(problem.starts_with("NEWID=71: story of 1"), "{problem}");
        assert!(problem.ends_with(" bytes is larger than 16 MB (skipped)"), "{problem}");
        assert_eq!(all[1].clone().unwrap().title.as_deref(), Some("AFTER"));
    }

    #[test]
    fn a_file_without_stories_is_one_problem() {
        let all = read(b"Just some text.\n");
        assert_eq!(all.len(), 1);
        assert_eq!(
            all[0].clone().unwrap_err().to_string(),
            "in/reut2-900.sgm: no <REUTERS> stories found (not Reuters SGML?)"
        );
    }

    #[test]
    fn signatures_are_stripped_only_at_the_end() {
        assert_eq!(without_signature("Text.\n Reuter\n"), "Text.");
        assert_eq!(without_signature("Figures 1.0 (2.0).        REUTER"), "Figures 1.0 (2.0).");
        assert_eq!(without_signature("Told Reuters"), "Told Reuters");
        assert_eq!(without_signature("reuter..."), "");
        assert_eq!(without_signature("Reuter said this.\nREUTERS..."), "Reuter said this.");
        assert_eq!(without_signature("Shr 1 ct\nREUTER\n Reuter"), "Shr 1 ct");
        assert_eq!(without_signature("Prices rose. REUTER^M"), "Prices rose.");
        assert_eq!(without_signature("\"We agree,\" he said. Reuter"), "\"We agree,\" he said.");
        assert_eq!(without_signature("He spoke to Reuter"), "He spoke to Reuter");
    }
}
