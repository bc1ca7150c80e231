//! Fuzz targets for every parser of newsdex: the ingest readers (text, lines, JSON, CSV/TSV,
//! Reuters and TREC SGML, HTML) and format sniffing, the date and dateline readers, query
//! building, highlighting and snippets, and extraction (cleaning, passages, the whole extractor).
//!
//! Each target is fed arbitrary bytes or text and inputs built like its format and then damaged
//! (bytes flipped, cut, repeated, format tokens inserted), and checks what must hold for any
//! input: nothing panics, record streams end, every problem reads as one non-empty line, every
//! record has an id, and text survives the round trips the modules promise.
//!
//! The smoke run (`cargo test --test fuzz`) tries [`SMOKE_CASES`] cases per target (a twentieth
//! for the slowest), so that CI stays quick. `PROPTEST_CASES` sets the count of every target; run
//! longer locally with
//!
//! ```text
//! PROPTEST_CASES=20000 cargo test --release --test fuzz
//! ```
//!
//! A failing case is shrunk and saved in `tests/fuzz.proptest-regressions`, which every run
//! replays first: that file is the fuzz corpus, keep it in the repository.

use std::io::{BufRead, BufReader, Cursor};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use newsdex::extract::clean::clean_text;
use newsdex::extract::dateline::{parse_date, parse_date_line, parse_dateline};
use newsdex::extract::passages::split_passages;
use newsdex::extract::{ExtractOptions, Extractor};
use newsdex::index::NewsIndex;
use newsdex::ingest::decode::{Decoded, decode};
use newsdex::ingest::open::sniff;
use newsdex::ingest::{
    Format, IngestOptions, Origin, Problem, Records, csv, html, json, reuters, text, trec,
};
use newsdex::model::{EntityKind, NewsDate, RawArticle, join_passages};
use newsdex::search::NewsSearcher;
use newsdex::search::query::{Filters, Highlights, Pattern, WordPattern, build};
use newsdex::search::snippet::{highlight, snippet};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Map, Value};

/// Cases per target in the smoke run, sized to keep the whole file to about 20 s in a debug
/// build on two cores; `PROPTEST_CASES` overrides it.
const SMOKE_CASES: u32 = 2000;

fn config() -> ProptestConfig {
    config_divided(1)
}

/// The configuration with a `divisor`th of the smoke cases, for slow targets. PROPTEST_CASES,
/// when set, applies to every target as it is (proptest reads the PROPTEST_* settings again).
fn config_divided(divisor: u32) -> ProptestConfig {
    let mut config = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = (SMOKE_CASES / divisor).max(1);
    }
    // Beside this file, as `fuzz.proptest-regressions` (the default looks for a lib.rs above it).
    config.failure_persistence = Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions")));
    config
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the readers.

fn origin() -> Origin {
    Origin { display: "fuzz".into(), stored_path: None, stem: "fuzz".into() }
}

/// The input behind a buffer of `capacity` bytes: small buffers make records cross refills.
fn reader(bytes: &[u8], capacity: usize) -> Box<dyn BufRead + Send> {
    Box::new(BufReader::with_capacity(capacity, Cursor::new(bytes.to_vec())))
}

fn buffer_size() -> impl Strategy<Value = usize> {
    prop_oneof![Just(8192), 1usize..64]
}

fn check_problem(problem: &Problem) -> Result<(), TestCaseError> {
    let shown = problem.to_string();
    prop_assert!(!problem.message.trim().is_empty(), "a problem without a message: {shown:?}");
    prop_assert!(!shown.contains(['\n', '\r']), "a problem that is not one line: {shown:?}");
    Ok(())
}

/// Reads a whole stream, checking every item; returns the items.
fn drain(records: Records, input: &[u8]) -> Result<Vec<Result<RawArticle, Problem>>, TestCaseError> {
    // Every record or problem takes at least one byte of input, bar a final "empty file".
    let limit = input.len() + 2;
    let last_line = input.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let mut items = Vec::new();
    for item in records {
        prop_assert!(
            items.len() < limit,
            "over {limit} items from {} bytes: the stream does not end",
            input.len()
        );
        let line = match &item {
            Ok(article) => {
                prop_assert!(
                    article.id.as_deref().is_some_and(|id| !id.trim().is_empty()),
                    "a record without an id: {article:?}"
                );
                article.line
            }
            Err(problem) => {
                check_problem(problem)?;
                problem.line
            }
        };
        prop_assert!(
            line.is_none_or(|line| (1..=last_line).contains(&line)),
            "line {line:?} outside the input's {last_line} lines: {item:?}"
        );
        items.push(item);
    }
    Ok(items)
}

fn articles(items: Vec<Result<RawArticle, Problem>>) -> Vec<RawArticle> {
    items.into_iter().filter_map(Result::ok).collect()
}

// ---------------------------------------------------------------------------------------------
// Damage: what a cut download, a bad disk or a careless export does to a file.

#[derive(Debug, Clone)]
enum Mutation {
    /// XORs one byte with a mask.
    Flip(Index, u8),
    Truncate(Index),
    /// Repeats up to this many bytes from a place right after themselves.
    Duplicate(Index, usize),
    Delete(Index, usize),
    Insert(Index, Vec<u8>),
}

fn mutation(tokens: &'static [&'static [u8]]) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 1..=255u8).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        1 => (any::<Index>(), 1..64usize).prop_map(|(at, len)| Mutation::Duplicate(at, len)),
        1 => (any::<Index>(), 1..16usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        2 => (any::<Index>(), select(tokens)).prop_map(|(at, token)| Mutation::Insert(at, token.to_vec())),
        1 => (any::<Index>(), vec(any::<u8>(), 1..8)).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        let len = bytes.len();
        match mutation {
            Mutation::Flip(at, mask) if len > 0 => bytes[at.index(len)] ^= mask,
            Mutation::Truncate(at) => bytes.truncate(at.index(len + 1)),
            Mutation::Duplicate(at, count) if len > 0 => {
                let start = at.index(len);
                let end = (start + count).min(len);
                let piece = bytes[start..end].to_vec();
                bytes.splice(end..end, piece);
            }
            Mutation::Delete(at, count) if len > 0 => {
                let start = at.index(len);
                bytes.drain(start..(start + count).min(len));
            }
            Mutation::Insert(at, inserted) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, inserted.iter().copied());
            }
            _ => {}
        }
    }
    bytes
}

/// `base` as built, or with up to four mutations, some inserting the format's own `tokens`.
fn damaged(
    base: impl Strategy<Value = Vec<u8>>,
    tokens: &'static [&'static [u8]],
) -> impl Strategy<Value = Vec<u8>> {
    (base, vec(mutation(tokens), 0..5)).prop_map(|(bytes, mutations)| apply(bytes, &mutations))
}

/// The same for text: damaged bytes read back as UTF-8 (broken sequences become U+FFFD).
fn damaged_text(
    base: impl Strategy<Value = String>,
    tokens: &'static [&'static [u8]],
) -> impl Strategy<Value = String> {
    damaged(base.prop_map(String::into_bytes), tokens)
        .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

// ---------------------------------------------------------------------------------------------
// Building blocks of text.

fn any_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..max)
}

/// Any characters at all, controls and unassigned ones included.
fn any_text(max: usize) -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..max).prop_map(String::from_iter)
}

/// Words of news text, with the marks, entities, scripts and invisible characters the readers
/// and cleaners treat specially.
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "the", "storm", "surge", "flooding", "floods", "flooded", "harbour", "officials", "said.", "said",
    "Busan", "SEOUL", "Mr.", "U.S.", "Jan.", "J.", "No.", "Kim", "Jong-Un", "2024", "31", "July", "(AP)",
    "--", "—", "“We", "go.”", "\"quoted\"", "café", "naïve", "부산", "항구", "会谈周一结束。", "😀", "İstanbul", "ß", "ﬁ",
    "&amp;", "&#8220;", "&#0;", "&#x1F600;", "&bogus;", "&", "Reuter", "REUTER", "Photo:", "(Photo:", "AP)",
    "Getty", "Images", "©", "Advertisement", "Read", "more:", "[caption", "id=\"a\"]", "[/caption]", "By",
    "Ann", "Lee", "table", "tennis", "Table", "tennis.", "\u{200b}", "\u{ad}", "\u{feff}", "\u{2028}",
    "\u{2029}", "\u{85}", "\u{1}", "\u{7f}", "<P>", "</P>", "<", ">", "\\", "{", "}", "[", "]", ",", ";", "|",
    "?", "!", "…", "x",
];

/// What stands between words.
const GAPS: &[&str] = &[" ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", ", ", ". ", "\u{a0}", ""];

fn news_text(max_words: usize) -> impl Strategy<Value = String> {
    vec((select(WORDS), select(GAPS)), 0..max_words)
        .prop_map(|pairs| pairs.into_iter().flat_map(|(word, gap)| [word, gap]).collect())
}

/// Plain words that no reader changes, for round trips.
const PLAIN_WORDS: &[&str] =
    &["harbour", "Storm", "SURGE", "walls", "hold", "Busan", "café", "부산", "会谈", "2024", "a", "z9"];

fn plain_text(min_words: usize, max_words: usize) -> impl Strategy<Value = String> {
    vec(select(PLAIN_WORDS), min_words..max_words).prop_map(|words| words.join(" "))
}

/// Plain ASCII words, for Reuters files (read as Latin-1, as the corpus is written).
fn ascii_text(min_words: usize, max_words: usize) -> impl Strategy<Value = String> {
    let ascii: Vec<&str> = PLAIN_WORDS.iter().copied().filter(|word| word.is_ascii()).collect();
    vec(select(ascii), min_words..max_words).prop_map(|words| words.join(" "))
}

fn text_or_junk(max_words: usize) -> impl Strategy<Value = String> {
    prop_oneof![4 => news_text(max_words), 1 => any_text(max_words)]
}

// ---------------------------------------------------------------------------------------------
// Dates and datelines.

const MONTH_NAMES: &[&str] = &[
    "January", "Jan", "Jan.", "FEB", "feb", "March", "Apr.", "May", "June", "Jul", "August", "Sept.", "Sep",
    "Oct", "November", "Dec.", "DEC", "Marc", "Ju",
];
const WEEKDAYS: &[&str] = &["Monday", "Tues.", "Wed", "THURSDAY", "Fri.", "Sun", "Saturday"];
#[rustfmt::skip]
const AGENCIES: &[&str] = &[
    "AP", "UPI", "Reuters", "Yonhap", "The Associated Press", "AFP", "Xinhua News Agency", "Kyodo",
    "Coast Daily", "undated", "X", "Ré Presse", "NK News", "bbc", "Agence France-Presse", "",
];
#[rustfmt::skip]
const PLACES: &[&str] = &[
    "SEOUL", "NEW YORK", "PORTLAND, Ore.", "BUSAN, South Korea", "WILKES-BARRE", "ST. GEORGE", "São Paulo",
    "ÅLESUND", "UNDATED", "BREAKING", "FILE", "A", "Washington", "İSTANBUL", "ǅUBROVNIK", "AP", "July",
    "PYONGYANG, North Korea, Aug. 2", "Σ",
];
#[rustfmt::skip]
const DATE_PARTS: &[&str] = &[
    "1", "2", "07", "12", "13", "29", "30", "31", "32", "0", "00", "87", "1987", "2024", "2100", "2101",
    "1799", "99999", "-", "/", ".", ",", " ", "st", "th", "of", "T", "Z", "10:42", "AM", "p.m.", "EDT",
    "+09:00", "GMT", "2000 GMT", "edition", "Published:", "Updated on", "at", "–", "#",
];
const SEPARATORS: &[&str] =
    &[" -- ", " — ", " - ", " _ ", ": ", " / ", "--", "—", " ", ", ", "", "\t", "–", "-", " ---", "__"];

/// Dates as writers write them, and the pieces of them shuffled.
fn date_text() -> impl Strategy<Value = String> {
    let day = prop_oneof![0i32..40, Just(99), Just(256), Just(-1)];
    let year = prop_oneof![1790i32..2110, 0i32..100, Just(9999), Just(65535)];
    let templates = (select(MONTH_NAMES), day, year, select(WEEKDAYS), 0usize..10).prop_map(
        |(month, day, year, weekday, form)| match form {
            0 => format!("{month} {day}"),
            1 => format!("{month} {day}, {year}"),
            2 => format!("{day} {month} {year}"),
            3 => format!("{year}-{day:02}-{day:02}"),
            4 => format!("{day:02}/{day:02}/{year}"),
            5 => format!("{day}.{day}.{year}"),
            6 => format!("{day}-{}-{}", month.to_uppercase(), year % 100),
            7 => format!("{year}"),
            8 => format!("{month} {year}"),
            _ => format!("{weekday}, {month} {day}, {year} 10:42 a.m. EDT"),
        },
    );
    let shuffled = vec(prop_oneof![select(DATE_PARTS), select(MONTH_NAMES), select(WEEKDAYS)], 1..8)
        .prop_map(|parts| parts.concat());
    prop_oneof![3 => templates, 2 => shuffled, 1 => any_text(12)]
}

/// Openings of wire stories: place, region, date and agency before a dash, in any mix.
fn dateline_text() -> impl Strategy<Value = String> {
    (
        option::of(select(PLACES)),
        option::of(date_text()),
        option::of(select(AGENCIES)),
        select(SEPARATORS),
        news_text(12),
        select(vec!["", " ", "  ", "\t"]),
    )
        .prop_map(|(place, date, agency, separator, body, indent)| {
            let mut text = indent.to_string();
            text.push_str(place.unwrap_or_default());
            if let Some(date) = date {
                if place.is_some() {
                    text.push_str(", ");
                }
                text.push_str(&date);
            }
            if let Some(agency) = agency {
                text.push_str(&format!(" ({agency})"));
            }
            text.push_str(separator);
            text.push_str(&body);
            text
        })
}

#[rustfmt::skip]
const DATE_TOKENS: &[&[u8]] = &[
    b" ", b"-", b"--", b"(", b")", b",", b".", b"/", b":", b"1", b"2024", b"Jan", b"\xc3\xa9",
    b"\xe2\x80\x94", b"\xe2\x80\x93", b"\xf0\x9f\x98\x80", b"\n", b"\t",
];

// ---------------------------------------------------------------------------------------------
// Plain text and lines.

const TEXT_TOKENS: &[&[u8]] =
    &[b"\n", b"\r\n", b"\r", b"\x00", b"\xEF\xBB\xBF", b"\xFF\xFE", b"\xe9", b"\x93", b" ", b"\n\n\n"];

fn text_file() -> impl Strategy<Value = Vec<u8>> {
    let story = (news_text(10), dateline_text(), news_text(120), any::<bool>(), select(vec!["\n", "\r\n"]))
        .prop_map(|(headline, dateline, body, bom, eol)| {
            let bom = if bom { "\u{feff}" } else { "" };
            format!("{bom}{headline}{eol}{eol}{dateline}{eol}{body}{eol}").into_bytes()
        });
    prop_oneof![
        1 => any_bytes(400),
        1 => any_text(200).prop_map(String::into_bytes),
        3 => damaged(story, TEXT_TOKENS),
    ]
}

/// What the reader of lines should give: each non-blank line, decoded, with its number.
fn expected_lines(input: &[u8]) -> Vec<Result<(u64, String), u64>> {
    let mut expected = Vec::new();
    if input.is_empty() {
        return expected;
    }
    let content = input.strip_suffix(b"\n").unwrap_or(input);
    for (index, line) in content.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let number = index as u64 + 1;
        match decode(line) {
            Decoded::Empty => {}
            Decoded::Binary => expected.push(Err(number)),
            Decoded::Text { text, .. } => expected.push(Ok((number, text))),
        }
    }
    expected
}

// ---------------------------------------------------------------------------------------------
// JSON.

/// Field names: the common ones (any case), and odd ones with quotes, breaks and controls.
#[rustfmt::skip]
const JSON_KEYS: &[&str] = &[
    "title", "headline", "Title", "body", "text", "content", "description", "summary", "id", "ID", "doc_id",
    "date", "published", "source", "publisher", "url", "link", "authors", "author", "byline", "tags",
    "category", "class", "name", "maintext", "nested", "x",
];

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => select(JSON_KEYS).prop_map(String::from),
        1 => any_text(8),
        1 => "[a-z\n\r\t \"\\\\]{0,6}",
    ]
}

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        select(vec![i64::MIN, i64::MAX, 0, -1, 1_717_171_717, 1_717_171_717_000, 10_000_000_000])
            .prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
    ]
}

fn json_scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => text_or_junk(8).prop_map(Value::String),
        1 => json_number(),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    json_scalar().prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(Value::Array),
            vec((prop_oneof![Just("name".to_string()), json_key()], inner), 0..3)
                .prop_map(|fields| Value::Object(fields.into_iter().collect())),
        ]
    })
}

/// An object, most often with a text field so that it can be a record.
fn json_object() -> impl Strategy<Value = Value> {
    let text_field = option::weighted(
        0.8,
        (select(vec!["title", "body", "text", "headline", "summary"]), text_or_junk(12)),
    );
    (text_field, vec((json_key(), json_value()), 0..6)).prop_map(|(text_field, fields)| {
        let mut object = Map::new();
        if let Some((name, text)) = text_field {
            object.insert(name.to_string(), Value::from(text));
        }
        object.extend(fields);
        Value::Object(object)
    })
}

/// Objects laid out as JSON lines, an array (flat or pretty), pretty objects one after another,
/// or a single pretty object.
fn json_layout(objects: Vec<Value>, layout: u8, eol: &str, blank_lines: bool) -> Vec<u8> {
    let text = match layout {
        0 => {
            let separator = if blank_lines { format!("{eol}{eol}") } else { eol.to_string() };
            objects.iter().map(Value::to_string).collect::<Vec<_>>().join(&separator)
        }
        1 => Value::Array(objects).to_string(),
        2 => serde_json::to_string_pretty(&Value::Array(objects)).unwrap_or_default(),
        3 => objects
            .iter()
            .map(|object| serde_json::to_string_pretty(object).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(eol),
        _ => objects.first().map(|o| serde_json::to_string_pretty(o).unwrap_or_default()).unwrap_or_default(),
    };
    let lead = if blank_lines { "\n \n" } else { "" };
    format!("{lead}{text}{eol}").into_bytes()
}

#[rustfmt::skip]
const JSON_TOKENS: &[&[u8]] = &[
    b"\"", b"\\", b"{", b"}", b"[", b"]", b",", b":", b"\n", b"\r\n", b"\xEF\xBB\xBF", b"\x00", b"\xff",
    b"\xe9", b"null", b"1e999", b"-", b"\"title\": \"x\"", b"\\u0000", b"\\ud800", b"\n\n\n",
    b"{\"title\": \"y\"}\n",
];

fn json_file() -> impl Strategy<Value = Vec<u8>> {
    let document = (vec(json_object(), 0..5), 0u8..5, select(vec!["\n", "\r\n"]), any::<bool>())
        .prop_map(|(objects, layout, eol, blank)| json_layout(objects, layout, eol, blank));
    prop_oneof![1 => any_bytes(300), 4 => damaged(document, JSON_TOKENS)]
}

/// `--field ROLE=NAME` pairs, some naming roles that do not exist.
fn field_mappings() -> impl Strategy<Value = Vec<(String, String)>> {
    let roles = vec!["id", "title", "body", "date", "source", "url", "authors", "label", "bogus", " Body "];
    vec((select(roles).prop_map(String::from), json_key()), 0..3)
}

// ---------------------------------------------------------------------------------------------
// CSV and TSV.

fn csv_value() -> impl Strategy<Value = String> {
    prop_oneof![news_text(5), any_text(6), "[a-z \",\t\r\n;]{0,8}"]
}

/// A cell as written: bare (mostly without the marks that need quotes), quoted properly, quoted
/// without doubling inner quotes, or with a quote that never closes.
fn csv_cell() -> impl Strategy<Value = String> {
    (csv_value(), 0u8..8).prop_map(|(value, quoting)| match quoting {
        0 | 1 => value.replace([',', '\t', '"', '\n', '\r'], " "),
        2 => value,
        3..=5 => format!("\"{}\"", value.replace('"', "\"\"")),
        6 => format!("\"{value}\""),
        _ => format!("\"{value}"),
    })
}

const CSV_TOKENS: &[&[u8]] =
    &[b"\"", b"\"\"", b",", b"\t", b"\n", b"\r\n", b"\r", b"\xEF\xBB\xBF", b"\x00", b"\xe9", b"title,body\n"];

fn csv_file() -> impl Strategy<Value = (Vec<u8>, u8)> {
    // Rows as wide as the header; mutations make them ragged.
    let table = (1usize..5).prop_flat_map(|width| {
        let name = prop_oneof![3 => select(JSON_KEYS).prop_map(String::from), 1 => csv_cell()];
        (option::weighted(0.7, vec(name, width)), vec(vec(csv_cell(), width), 0..6))
    });
    let document = (table, select(vec![b',', b'\t']), select(vec!["\n", "\r\n"])).prop_map(
        |((header, rows), delimiter, eol)| {
            let separator = (delimiter as char).to_string();
            let mut text = String::new();
            for row in header.iter().chain(&rows) {
                text.push_str(&row.join(&separator));
                text.push_str(eol);
            }
            (text.into_bytes(), delimiter)
        },
    );
    prop_oneof![
        1 => (any_bytes(300), select(vec![b',', b'\t'])),
        4 => (document, vec(mutation(CSV_TOKENS), 0..5))
            .prop_map(|((bytes, delimiter), mutations)| (apply(bytes, &mutations), delimiter)),
    ]
}

fn csv_columns() -> impl Strategy<Value = Option<Vec<String>>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(vec!["class".to_string(), "title".to_string(), "body".to_string()])),
        1 => vec(json_key(), 0..4).prop_map(Some),
    ]
}

// ---------------------------------------------------------------------------------------------
// SGML: Reuters-21578 and TREC.

/// Words of SGML news: references of every kind (good, unknown, out of range, cut), control
/// characters, stray tag marks and signatures.
#[rustfmt::skip]
const SGML_WORDS: &[&str] = &[
    "&#2;", "&#3;", "&#5;", "&#22;", "&#31;", "&#127;", "&#99999999;", "&#x;", "&#xD800;", "&lt;", "&amp;",
    "&QL;", "&Cx1f;", "&HT;", "&", "&#", "&#1234567890123;", "<", ">", "\u{1}", "\u{1e}", "Reuter",
    "REUTER^M", "Blah", "By", "Ann", "Lee", "Reuters", ",", "^", "Eds:", "BC-STORM-SURGE", "(AP)",
    "Associated", "Press", "Writer", "c.1998", "<P>", "</P>", "<BR>", "<TABLECELL>", "</TABLECELL>",
    "<TABLEROW>", "\r",
];

fn sgml_text(max_words: usize) -> impl Strategy<Value = String> {
    vec((prop_oneof![2 => select(WORDS), 1 => select(SGML_WORDS)], select(GAPS)), 0..max_words)
        .prop_map(|pairs| pairs.into_iter().flat_map(|(word, gap)| [word, gap]).collect())
}

/// `<NAME attributes>content</NAME>`, the end tag left out when not `closed`.
fn element(out: &mut String, name: &str, attributes: &str, content: &str, closed: bool, lower: bool) {
    let name = if lower { name.to_ascii_lowercase() } else { name.to_string() };
    out.push_str(&format!("<{name}{attributes}>{content}"));
    if closed {
        out.push_str(&format!("</{name}>"));
    }
    out.push('\n');
}

const TAG_LISTS: &[&str] = &["TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES", "COMPANIES"];

fn reuters_date() -> impl Strategy<Value = String> {
    let written = (1i32..40, select(MONTH_NAMES), 1980i32..2000, 0u32..30, 0u32..70, 0u32..70, 0u32..100)
        .prop_map(|(d, m, y, h, min, s, cs)| {
            format!(" {d}-{}-{y} {h:02}:{min:02}:{s:02}.{cs:02}", m.to_uppercase())
        });
    let tail = select(vec!["", "&#5;&#5;&#5;C T", "    # date added as a guess", "\u{5}RM", "605:12:19.12"]);
    prop_oneof![3 => (written, tail).prop_map(|(date, tail)| format!("{date}{tail}")), 1 => sgml_text(4)]
}

fn reuters_story() -> impl Strategy<Value = String> {
    let newid = prop_oneof![
        4 => (0u32..100_000).prop_map(|n| format!(" NEWID=\"{n}\"")),
        1 => Just(String::new()),
        1 => any_text(6).prop_map(|id| format!(" NEWID=\"{id}\"")),
        1 => "[ -~]{0,6}".prop_map(|id| format!(" NEWID={id}")),
    ];
    let attribute = (
        select(vec!["TOPICS", "LEWISSPLIT", "CGISPLIT", "OLDID", "x"]),
        select(vec!["YES", "NO", "TRAIN", "TRAINING-SET", "", "a b", "\"", "&#3;"]),
    );
    let head = (
        newid,
        vec(attribute, 0..4),
        reuters_date(),
        vec((select(TAG_LISTS), vec(sgml_text(3), 0..3)), 0..4),
    );
    let text_type = select(vec![
        "",
        " TYPE=\"BRIEF\"",
        " TYPE=\"UNPROC\"",
        " TYPE=\"NORM\"",
        " type=brief",
        " TYPE=\"\"",
    ]);
    let signature = select(vec!["", "\n Reuter\n&#3;", " REUTER", "\nREUTER^M", "  reuters...", "\n"]);
    let text = (text_type, sgml_text(10), sgml_text(6), sgml_text(6), sgml_text(100), signature);
    (head, text, prop::array::uniform8(prop::bool::weighted(0.85)), prop::bool::weighted(0.1)).prop_map(
        |(
            (newid, attributes, date, lists),
            (text_type, title, dateline, author, body, signature),
            closed,
            lower,
        )| {
            let mut inner = String::new();
            element(&mut inner, "DATE", "", &date, closed[0], lower);
            for (list, values) in lists {
                let mut items = String::new();
                for value in values {
                    element(&mut items, "D", "", &value, closed[1], lower);
                }
                element(&mut inner, list, "", &items, closed[2], lower);
            }
            let mut story = String::new();
            element(&mut story, "TITLE", "", &title, closed[3], lower);
            element(&mut story, "AUTHOR", "", &author, closed[4], lower);
            element(&mut story, "DATELINE", "", &dateline, closed[5], lower);
            element(&mut story, "BODY", "", &format!("{body}{signature}"), closed[6], lower);
            element(&mut inner, "TEXT", text_type, &story, closed[7], lower);
            let attributes: String =
                attributes.iter().map(|(name, value)| format!(" {name}=\"{value}\"")).collect();
            let mut out = String::new();
            element(&mut out, "REUTERS", &format!("{attributes}{newid}"), &inner, true, lower);
            out
        },
    )
}

#[rustfmt::skip]
const SGML_TOKENS: &[&[u8]] = &[
    b"<", b">", b"</", b"<REUTERS>", b"</REUTERS>", b"<REUTERS NEWID=\"9\">", b"<TEXT>", b"</BODY>", b"<DOC>",
    b"</DOC>", b"<DOCNO>", b"</DOCNO>", b"<TEXT>", b"</TEXT>", b"<P>", b"<TABLEROW>", b"<TABLECELL>", b"&#",
    b";", b"&#3;", b"&", b"\n", b"\x00", b"\xe9", b"\xff", b"\r\n", b"<D>", b"NEWID=\"",
];

fn reuters_file() -> impl Strategy<Value = Vec<u8>> {
    let file =
        (any::<bool>(), vec(reuters_story(), 0..4), news_text(4)).prop_map(|(doctype, stories, junk)| {
            let doctype = if doctype { "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n" } else { "" };
            format!("{doctype}{junk}{}", stories.concat()).into_bytes()
        });
    prop_oneof![1 => any_bytes(300), 4 => damaged(file, SGML_TOKENS)]
}

fn trec_doc() -> impl Strategy<Value = String> {
    let docno = prop_oneof![
        4 => "(AP|NYT|LA|FBIS|XIE|WSJ|ap|Q)[0-9]{6,8}[-.][0-9]{4}",
        1 => sgml_text(2),
        1 => Just(String::new()),
    ];
    let heads = vec((select(vec!["HEAD", "HEADLINE", "HL", "UNK"]), sgml_text(8)), 0..3);
    let meta = (
        option::of(sgml_text(6)),
        option::of(prop_oneof![date_text(), Just("April 29, 1990, Sunday, Home Edition".to_string())]),
        option::of(sgml_text(4)),
        vec(
            (
                select(vec!["SUBJECT", "SECTION", "TYPE", "DOCTYPE", "FILEID", "ANNOTATION", "DATE_TIME"]),
                sgml_text(4),
            ),
            0..3,
        ),
    );
    let body = (
        option::of((sgml_text(3), sgml_text(4), sgml_text(12))),
        vec((any::<bool>(), sgml_text(40)), 0..4),
        option::of(vec(vec(sgml_text(3), 0..3), 0..3)),
        option::of(sgml_text(6)),
    );
    (docno, heads, meta, body, prop::array::uniform8(prop::bool::weighted(0.85)), prop::bool::weighted(0.1))
        .prop_map(
            |(
                docno,
                heads,
                (byline, date, dateline, extras),
                (preamble, paragraphs, table, graphic),
                closed,
                lower,
            )| {
                let mut inner = String::new();
                element(&mut inner, "DOCNO", "", &format!(" {docno} "), closed[0], lower);
                for (name, head) in heads {
                    element(&mut inner, name, "", &head, closed[1], lower);
                }
                if let Some(byline) = byline {
                    element(&mut inner, "BYLINE", "", &format!("By {byline}"), closed[2], lower);
                }
                if let Some(date) = date {
                    element(&mut inner, "DATE", "", &date, closed[3], lower);
                }
                if let Some(dateline) = dateline {
                    element(&mut inner, "DATELINE", "", &dateline, closed[3], lower);
                }
                for (name, value) in extras {
                    element(&mut inner, name, "", &value, closed[4], lower);
                }
                let mut text = String::new();
                for (tagged, paragraph) in paragraphs {
                    if tagged {
                        element(&mut text, "P", "", &paragraph, closed[5], lower);
                    } else {
                        text.push_str(&paragraph);
                        text.push('\n');
                    }
                }
                if let Some(rows) = table {
                    let mut table_text = String::new();
                    for row in rows {
                        let mut cells = String::new();
                        for cell in row {
                            element(&mut cells, "TABLECELL", " A=\"L\"", &cell, closed[6], lower);
                        }
                        element(&mut table_text, "TABLEROW", "", &cells, closed[6], lower);
                    }
                    element(&mut text, "TABLE", "", &table_text, closed[6], lower);
                }
                match preamble {
                    Some((slug, headline, loose)) => {
                        let mut body = String::new();
                        element(&mut body, "SLUG", "", &slug, closed[7], lower);
                        element(&mut body, "HEADLINE", "", &headline, closed[7], lower);
                        body.push_str(&format!("{loose}\n By Ann Lee\n"));
                        element(&mut body, "TEXT", "", &text, closed[5], lower);
                        element(&mut inner, "BODY", "", &body, closed[7], lower);
                    }
                    None => element(&mut inner, "TEXT", "", &text, closed[5], lower),
                }
                if let Some(graphic) = graphic {
                    element(&mut inner, "GRAPHIC", "", &graphic, closed[4], lower);
                }
                let mut out = String::new();
                element(&mut out, "DOC", "", &inner, true, lower);
                out
            },
        )
}

fn trec_file() -> impl Strategy<Value = Vec<u8>> {
    let file = (vec(trec_doc(), 0..4), news_text(4))
        .prop_map(|(docs, junk)| format!("{junk}{}", docs.concat()).into_bytes());
    prop_oneof![1 => any_bytes(300), 4 => damaged(file, SGML_TOKENS)]
}

// ---------------------------------------------------------------------------------------------
// HTML.

#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Element { tag: &'static str, attributes: Vec<(&'static str, String)>, children: Vec<Node>, closed: bool },
}

#[rustfmt::skip]
const HTML_TAGS: &[&str] = &[
    "div", "p", "article", "span", "h1", "h2", "section", "main", "figure", "figcaption", "a", "ul", "li",
    "table", "tr", "td", "time", "br", "img", "script", "style", "nav", "footer", "b", "em", "blockquote",
];
const HTML_ATTRIBUTES: &[&str] =
    &["class", "id", "itemprop", "datetime", "pubdate", "href", "content", "style"];

fn attribute_value() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "content",
            "article-body",
            "datePublished",
            "2024-07-31T10:00:00Z",
            "",
            "x\"y",
            "/2024/07/31/a"
        ])
        .prop_map(String::from),
        any_text(6),
    ]
}

fn html_node() -> impl Strategy<Value = Node> {
    let leaf = text_or_junk(30).prop_map(Node::Text);
    leaf.prop_recursive(4, 40, 5, |inner| {
        (
            select(HTML_TAGS),
            vec((select(HTML_ATTRIBUTES), attribute_value()), 0..3),
            vec(inner, 0..5),
            prop::bool::weighted(0.85),
        )
            .prop_map(|(tag, attributes, children, closed)| Node::Element {
                tag,
                attributes,
                children,
                closed,
            })
    })
}

fn render(node: &Node, out: &mut String) {
    match node {
        Node::Text(text) => out.push_str(text),
        Node::Element { tag, attributes, children, closed } => {
            out.push('<');
            out.push_str(tag);
            for (name, value) in attributes {
                out.push_str(&format!(" {name}=\"{value}\""));
            }
            out.push('>');
            for child in children {
                render(child, out);
            }
            if *closed {
                out.push_str(&format!("</{tag}>"));
            }
        }
    }
}

/// An author or publisher as JSON-LD writes one.
fn json_person() -> impl Strategy<Value = Value> {
    prop_oneof![
        text_or_junk(3).prop_map(Value::from),
        text_or_junk(3).prop_map(|name| serde_json::json!({ "@type": "Person", "name": name })),
        Just(serde_json::json!({ "@id": "#author" })),
        json_value(),
    ]
}

fn json_ld() -> impl Strategy<Value = String> {
    let kind = prop_oneof![
        select(vec![
            "NewsArticle",
            "Article",
            "BlogPosting",
            "https://schema.org/ReportageNewsArticle",
            "Person",
            ""
        ])
        .prop_map(Value::from),
        Just(serde_json::json!(["WebPage", "NewsArticle"])),
        json_scalar(),
    ];
    let date = prop_oneof![
        date_text().prop_map(Value::from),
        json_number(),
        vec(json_scalar(), 0..2).prop_map(Value::Array)
    ];
    (kind, text_or_junk(8), date, vec(json_person(), 0..3), json_person(), 0u8..4, any::<bool>()).prop_map(
        |(kind, headline, date, authors, publisher, wrapping, raw_breaks)| {
            let mut article = Map::new();
            article.insert("@type".into(), kind);
            article.insert("headline".into(), Value::from(headline));
            article.insert("datePublished".into(), date);
            article.insert("author".into(), Value::Array(authors));
            article.insert("publisher".into(), publisher);
            let article = Value::Object(article);
            let named = serde_json::json!({ "@id": "#author", "name": "Ann Lee" });
            let value = match wrapping {
                0 => article,
                1 => serde_json::json!({ "@graph": [named, article] }),
                2 => serde_json::json!({ "@type": "WebPage", "mainEntity": article }),
                _ => serde_json::json!([article, named]),
            };
            let json = value.to_string();
            // Raw breaks inside strings, as some pages have them.
            let json = if raw_breaks { json.replace(' ', "\n") } else { json };
            format!("<script type=\"application/ld+json\"><!--{json}--></script>")
        },
    )
}

fn meta_tags() -> impl Strategy<Value = String> {
    let names = vec![
        "og:title",
        "og:site_name",
        "og:url",
        "twitter:title",
        "article:published_time",
        "author",
        "article:author",
        "parsely-author",
        "parsely-page",
        "parsely-pub-date",
        "application-name",
        "pubdate",
    ];
    let content = prop_oneof![
        date_text(),
        text_or_junk(5),
        "https?://(www\\.)?[a-z]{1,8}\\.com/((19|20)[0-9]{2}/([0-9]{1,2}|jan|JUL)/[0-9]{1,2}/)?[a-z/]{0,8}",
        Just("{\"pub_date\": \"2024-07-31\"}".to_string()),
    ];
    let meta = (select(vec!["property", "name", "itemprop"]), select(names), content).prop_map(
        |(attribute, name, content)| format!("<meta {attribute}=\"{name}\" content=\"{content}\">"),
    );
    let link = "https?://[a-z.]{0,10}/[0-9a-z/]{0,12}"
        .prop_map(|url| format!("<link rel=\"canonical\" href=\"{url}\">"));
    let charset = select(vec![
        "",
        "<meta charset=\"utf-8\">",
        "<meta charset=\"iso-8859-2\">",
        "<meta charset=shift_jis>",
        "<meta charset=\"utf-16\">",
    ]);
    (vec(meta, 0..5), option::of(link), charset)
        .prop_map(|(metas, link, charset)| format!("{charset}{}{}", metas.concat(), link.unwrap_or_default()))
}

#[rustfmt::skip]
const HTML_TOKENS: &[&[u8]] = &[
    b"<", b">", b"</", b"<div>", b"</div>", b"<p>", b"<script>", b"</script>", b"<!--", b"-->", b"\"",
    b"&amp;", b"&#", b"\x00", b"\xe9", b"\xff", b"<html>", b"<head>", b"<meta charset=\"windows-1251\">",
];

/// Pages nested deeper than newsdex accepts, hidden among end tags that close nothing (which a
/// parser ignores) and elements a later tag closes, to test the depth guard. (Pages it accepts
/// near the limit take a second each to read: these are mostly refused at once.)
fn deep_page() -> impl Strategy<Value = Vec<u8>> {
    let tag = select(vec!["div", "span", "b", "section", "font", "em"]);
    let closer = select(vec!["", "", "</x>", "</i>", "</q>", "</p>", "</li>", "<br>", "<p>"]);
    (vec((tag, closer), 1100..1300), news_text(20)).prop_map(|(steps, text)| {
        let body: String = steps.iter().map(|(tag, closer)| format!("<{tag}>{closer}")).collect();
        format!("<html><head><title>Deep</title></head><body>{body}<p>{text}</p></body></html>").into_bytes()
    })
}

/// How deep the elements of a parsed page nest.
fn dom_depth(html: &str) -> usize {
    let document = dom_query::Document::from(html);
    let mut deepest = 0;
    let mut pending = vec![(document.root(), 0)];
    while let Some((node, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        pending.extend(
            node.children().into_iter().filter(|child| child.is_element()).map(|child| (child, depth + 1)),
        );
    }
    deepest
}

fn html_file() -> impl Strategy<Value = Vec<u8>> {
    let page = (meta_tags(), option::of(json_ld()), text_or_junk(6), vec(html_node(), 0..4)).prop_map(
        |(metas, json_ld, title, nodes)| {
            let mut body = String::new();
            for node in &nodes {
                render(node, &mut body);
            }
            format!(
                "<!DOCTYPE html><html><head>{metas}{}<title>{title}</title></head><body>{body}</body></html>",
                json_ld.unwrap_or_default()
            )
            .into_bytes()
        },
    );
    prop_oneof![1 => any_bytes(300), 4 => damaged(page, HTML_TOKENS)]
}

// ---------------------------------------------------------------------------------------------
// Queries.

#[rustfmt::skip]
const QUERY_WORDS: &[&str] = &[
    "storm", "surge", "flooding", "table", "tennis", "ten", "Busan", "부산", "café", "U.S.", "AND", "OR", "NOT",
    "and", "TO", "IN", "x", "1987", "2024-07-31", "*", "a-b", "\\:", "ǅ", "😀", "", "\u{0}",
];
#[rustfmt::skip]
const QUERY_FIELDS: &[&str] = &[
    "title", "body", "source", "person", "org", "location", "misc", "entity", "author", "label", "date",
    "byline", "title_exact", "date_text", "passage", "",
];
#[rustfmt::skip]
const QUERY_DATES: &[&str] = &[
    "2024-07-31", "2024-07", "2024", "--07-31", "2024-02-30", "2024-13", "2024-257-01", "July",
    "2024-07-31T00:00:00Z", "2024-07-31T99", "*", "", "\"2024-07\"", "0000", "9999-12-31", "-1",
];

fn query_text() -> impl Strategy<Value = String> {
    let word = select(QUERY_WORDS).prop_map(String::from);
    let phrase =
        (vec(select(QUERY_WORDS), 1..4), option::of(prop_oneof![0u64..5, Just(u64::MAX)]), any::<bool>())
            .prop_map(|(words, slop, prefix)| {
                let slop = slop.map(|slop| format!("~{slop}")).unwrap_or_default();
                let prefix = if prefix { "*" } else { "" };
                format!("\"{}\"{slop}{prefix}", words.join(" "))
            });
    let fielded = (select(QUERY_FIELDS), prop_oneof![word.clone(), phrase.clone()])
        .prop_map(|(field, value)| format!("{field}:{value}"));
    let date = select(QUERY_DATES).prop_map(|value| format!("date:{value}"));
    let range = (
        select(vec!["[", "{"]),
        select(QUERY_DATES),
        select(QUERY_DATES),
        select(vec!["]", "}"]),
        select(QUERY_FIELDS),
    )
        .prop_map(|(open, low, high, close, field)| format!("{field}:{open}{low} TO {high}{close}"));
    let compare = (select(vec![">", ">=", "<", "<="]), select(QUERY_DATES))
        .prop_map(|(op, value)| format!("date:{op}{value}"));
    let boosted =
        (word.clone(), select(vec!["^2", "^0.5", "^-1", "^", "^1e40"])).prop_map(|(w, b)| format!("{w}{b}"));
    let set = vec(select(QUERY_WORDS), 0..3).prop_map(|words| format!("title: IN [{}]", words.join(" ")));
    let junk = any_text(6);
    let leaf = prop_oneof![
        4 => word,
        2 => phrase,
        2 => fielded,
        1 => date,
        1 => range,
        1 => compare,
        1 => boosted,
        1 => set,
        1 => junk,
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            vec(
                (
                    select(vec!["", "+", "-"]),
                    inner.clone(),
                    select(vec![" ", " AND ", " OR ", " NOT ", "", "  "])
                ),
                1..5
            )
            .prop_map(|parts| parts
                .into_iter()
                .map(|(occur, q, join)| format!("{occur}{q}{join}"))
                .collect()),
            inner.clone().prop_map(|q| format!("({q})")),
            inner.clone().prop_map(|q| format!("({q}")),
            inner.prop_map(|q| format!("NOT {q}")),
        ]
    })
}

const QUERY_TOKENS: &[&[u8]] = &[
    b"\"", b"(", b")", b":", b"~", b"*", b"[", b"]", b"{", b"}", b" TO ", b"\\", b"^", b"-", b"+", b" AND ",
    b"'",
];

fn news_date() -> impl Strategy<Value = NewsDate> {
    prop_oneof![
        (1800i16..2100, 1i8..=12, 1i8..=28).prop_filter_map("a real day", |(y, m, d)| NewsDate::day(y, m, d)),
        (1800i16..2100, 1i8..=12).prop_filter_map("a real month", |(y, m)| NewsDate::month(y, m)),
        (1800i16..2100).prop_filter_map("a real year", NewsDate::year),
        (1i8..=12, 1i8..=29).prop_filter_map("a real month and day", |(m, d)| NewsDate::month_day(m, d)),
    ]
}

fn filters() -> impl Strategy<Value = Filters> {
    let kind = option::of(select(EntityKind::ALL.to_vec()));
    (
        option::of(prop_oneof![
            select(vec!["UPI", "unknown", "", "Ré", "a\nb"]).prop_map(String::from),
            any_text(4)
        ]),
        option::of(news_date()),
        option::of(news_date()),
        any::<bool>(),
        vec(
            (
                kind,
                prop_oneof![
                    select(vec!["Kim Jong-Un", "U.S.", "", "--"]).prop_map(String::from),
                    any_text(4)
                ],
            ),
            0..2,
        ),
    )
        .prop_map(|(source, since, until, keep_undated, entities)| Filters {
            source,
            since,
            until,
            keep_undated,
            entities,
        })
}

/// An empty index, for its schema and analysers: one per test thread, removed with the thread.
struct TestIndex {
    index: NewsIndex,
    searcher: NewsSearcher,
    _dir: tempfile::TempDir,
}

thread_local! {
    static INDEX: TestIndex = {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let index = NewsIndex::open_or_create(dir.path()).expect("an empty index");
        let searcher = NewsSearcher::open(&index).expect("a searcher");
        TestIndex { index, searcher, _dir: dir }
    };
}

impl TestIndex {
    fn build(
        &self,
        text: &str,
        literal: bool,
        filters: &Filters,
    ) -> Result<newsdex::search::query::QueryPlan, newsdex::search::query::QueryError> {
        build(&self.index, &self.searcher.searcher, &self.searcher.stats, text, literal, filters)
    }
}

// ---------------------------------------------------------------------------------------------
// Highlights and snippets.

/// News text thick with the words queries ask for, in the forms that match them.
fn highlight_text() -> impl Strategy<Value = String> {
    let matching = vec![
        "storm", "Storm", "storms", "surge", "surging", "flooding", "floods", "table", "Table", "tennis",
        "tennis.", "ten", "부산", "café", "CAFÉ", "U.S.", "a-b", "x",
    ];
    vec((prop_oneof![3 => select(matching), 1 => select(WORDS)], select(GAPS)), 0..60)
        .prop_map(|pairs| pairs.into_iter().flat_map(|(word, gap)| [word, gap]).collect())
}

/// Highlights as a query gives them, or made up directly (with words a query never yields).
fn made_highlights() -> impl Strategy<Value = Highlights> {
    let words =
        vec!["storm", "surg", "surge", "flood", "tabl", "tennis", "ten", "부산", "café", "s", "x", ""];
    let word = (select(words), 0u8..3).prop_map(|(word, kind)| match kind {
        0 => WordPattern::Stem(word.to_string()),
        1 => WordPattern::Exact(word.to_string()),
        _ => WordPattern::Prefix(word.to_string()),
    });
    vec((vec(word, 0..4), 0u32..4).prop_map(|(words, slop)| Pattern { words, slop }), 0..5)
        .prop_map(|patterns| Highlights { patterns })
}

fn check_ranges(text: &str, ranges: &[Range<usize>], what: &str) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for range in ranges {
        prop_assert!(
            range.start < range.end && range.end <= text.len(),
            "{what} {range:?} outside the text {text:?}"
        );
        prop_assert!(
            text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
            "{what} {range:?} not on character boundaries in {text:?}"
        );
        prop_assert!(
            range.start >= previous_end,
            "{what} out of order or overlapping: {ranges:?} in {text:?}"
        );
        previous_end = range.end;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Extraction.

/// Prose hard-wrapped at `width` columns, as old wire files are.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line_chars = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let chars = word.chars().count();
        if line_chars > 0 && line_chars + 1 + chars > width {
            out.push('\n');
            line_chars = 0;
        } else if line_chars > 0 {
            out.push(' ');
            line_chars += 1;
        }
        out.push_str(word);
        line_chars += chars;
    }
    out
}

#[rustfmt::skip]
const BOILERPLATE: &[&str] = &[
    "Advertisement", "Read more: Harbour walls", "© 2024 Coast Daily. All rights reserved.",
    "[caption id=\"a\"]A photo[/caption]", "The ferry ran. (Photo: AP)", "Photo by Ann Lee/Getty Images",
    "We use cookies to improve your experience.", "3 comments", "Latest Headlines",
    "(Reporting by Ann Lee; Editing by Bo Kim)",
];

fn article_text() -> impl Strategy<Value = String> {
    let paragraph = prop_oneof![
        4 => news_text(80),
        1 => select(BOILERPLATE).prop_map(String::from),
        1 => (news_text(120), 30usize..100).prop_map(|(text, width)| wrap(&text, width)),
        1 => (select(vec!["x", "会谈", "word "]), 1usize..400).prop_map(|(piece, n)| piece.repeat(n)),
    ];
    (
        news_text(10),
        option::of(date_text()),
        option::of(dateline_text()),
        vec(paragraph, 0..6),
        select(vec!["\n\n", "\n", "\r\n\r\n", "\u{2029}", "\n \n"]),
    )
        .prop_map(|(headline, date_line, dateline, paragraphs, gap)| {
            let mut parts = vec![headline];
            parts.extend(date_line);
            parts.extend(dateline);
            parts.extend(paragraphs);
            parts.join(gap)
        })
}

fn raw_article() -> impl Strategy<Value = RawArticle> {
    (
        option::of(text_or_junk(10)),
        prop_oneof![4 => article_text(), 1 => any_text(300)],
        option::of(date_text()),
        option::of(select(AGENCIES).prop_map(String::from)),
        option::of("[a-z0-9-]{1,8}"),
    )
        .prop_map(|(title, text, date, source, id)| RawArticle {
            id,
            title,
            text,
            date,
            source,
            ..RawArticle::default()
        })
}

fn extract_options() -> impl Strategy<Value = ExtractOptions> {
    (
        option::of(select(AGENCIES).prop_map(String::from)),
        option::of(prop_oneof![1800i16..2100, any::<i16>()]),
    )
        .prop_map(|(default_source, default_year)| ExtractOptions {
            default_source,
            default_year,
            ..ExtractOptions::default()
        })
}

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(|| Extractor::new(ExtractOptions::default()));

fn passage_paragraphs() -> impl Strategy<Value = Vec<String>> {
    let paragraph = prop_oneof![
        4 => news_text(300),
        1 => (select(vec!["x", "会谈周一结束。", "word ", "Mr. ", " ", "a  b ", "\n"]), 1usize..500)
            .prop_map(|(piece, n)| piece.repeat(n)),
        1 => select(vec!["Fresh tensions on the border", "What happens next", "", "  ", " \n ", "He said:"])
            .prop_map(String::from),
        1 => any_text(40),
    ];
    vec(paragraph, 0..8)
}

// ---------------------------------------------------------------------------------------------
// Checks of dates.

/// A date prints in a form that reads back as the same date.
fn check_reads_back(date: NewsDate) -> Result<(), TestCaseError> {
    let printed = date.to_string();
    prop_assert_eq!(printed.parse::<NewsDate>(), Ok(date), "{} does not read back", printed);
    Ok(())
}

/// A date read from text: reads back, with a year in the range text dates are accepted from.
fn check_date(date: NewsDate) -> Result<(), TestCaseError> {
    check_reads_back(date)?;
    if let Some(year) = date.year_value() {
        prop_assert!((1800..=2100).contains(&year) || date.year_assumed(), "year {year} read from text");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The targets.

proptest! {
    #![proptest_config(config())]

    #[test]
    fn text_files_are_one_article_of_the_decoded_text(input in text_file(), buffer in buffer_size()) {
        let items = drain(text::records(reader(&input, buffer), origin()), &input)?;
        prop_assert_eq!(items.len(), 1);
        match (&items[0], decode(&input)) {
            (Ok(article), Decoded::Text { text, .. }) => prop_assert_eq!(&article.text, &text),
            (Err(_), Decoded::Empty | Decoded::Binary) => {}
            (item, decoded) => {
                return Err(TestCaseError::fail(format!("read {item:?} but the bytes decode to {decoded:?}")));
            }
        }
        if let (Ok(article), Ok(utf8)) = (&items[0], std::str::from_utf8(&input)) {
            prop_assert_eq!(article.text.as_str(), utf8.strip_prefix('\u{feff}').unwrap_or(utf8));
        }
    }

    #[test]
    fn lines_are_articles_of_their_decoded_text(input in text_file(), buffer in buffer_size()) {
        let items = drain(text::line_records(reader(&input, buffer), origin()), &input)?;
        let read: Vec<Result<(u64, String), u64>> = items
            .into_iter()
            .map(|item| match item {
                Ok(article) => Ok((article.line.unwrap_or_default(), article.text)),
                Err(problem) => Err(problem.line.unwrap_or_default()),
            })
            .collect();
        prop_assert_eq!(read, expected_lines(&input));
    }

    #[test]
    fn json_never_panics_and_reports_one_line_problems(
        input in json_file(),
        fields in field_mappings(),
        buffer in buffer_size(),
    ) {
        let options = Arc::new(IngestOptions { fields, ..IngestOptions::default() });
        drain(json::records(reader(&input, buffer), origin(), options), &input)?;
    }

    #[test]
    fn well_formed_json_gives_every_record(
        records in vec(
            (plain_text(1, 4), text_or_junk(20), vec(("zz_[a-z]{0,4}", json_value()), 0..3)),
            1..6,
        ),
        layout in 0u8..4,
        eol in select(vec!["\n", "\r\n"]),
        blank_lines in any::<bool>(),
        buffer in buffer_size(),
    ) {
        let titles: Vec<String> = records.iter().map(|(title, _, _)| title.clone()).collect();
        let objects = records
            .into_iter()
            .map(|(title, body, extra)| {
                let mut object: Map<String, Value> = extra.into_iter().collect();
                object.insert("title".into(), Value::from(format!(" {title} ")));
                object.insert("body".into(), Value::from(body));
                Value::Object(object)
            })
            .collect();
        let input = json_layout(objects, layout, eol, blank_lines);
        // Pretty-printed objects are told from JSON lines by the first lines in the reader's
        // buffer (256 KiB when opened from a file), so a buffer must hold them.
        let buffer = if layout == 3 { 8192 } else { buffer };
        let items = drain(json::records(reader(&input, buffer), origin(), Arc::default()), &input)?;
        let read: Vec<Option<String>> = items.into_iter().map(|item| item.ok()?.title).collect();
        prop_assert_eq!(read, titles.into_iter().map(Some).collect::<Vec<_>>());
    }

    #[test]
    fn csv_never_panics_and_reports_one_line_problems(
        (input, delimiter) in csv_file(),
        columns in csv_columns(),
        fields in field_mappings(),
        buffer in buffer_size(),
    ) {
        let options = Arc::new(IngestOptions { columns, fields, ..IngestOptions::default() });
        drain(csv::records(reader(&input, buffer), origin(), options, delimiter), &input)?;
    }

    #[test]
    fn well_formed_csv_gives_every_row(
        rows in vec((csv_value(), plain_text(1, 4), csv_value()), 1..6),
        named_by_option in any::<bool>(),
        delimiter in select(vec![b',', b'\t']),
        buffer in buffer_size(),
    ) {
        let mut writer = ::csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        if !named_by_option {
            writer.write_record(["class", "title", "body"]).expect("writes to memory");
        }
        for (class, title, body) in &rows {
            let title = format!(" {title}\t");
            writer.write_record([class, &title, body]).expect("writes to memory");
        }
        let input = writer.into_inner().expect("writes to memory");
        let columns = named_by_option.then(|| ["class", "title", "body"].map(String::from).to_vec());
        let options = Arc::new(IngestOptions { columns, ..IngestOptions::default() });
        let items = drain(csv::records(reader(&input, buffer), origin(), options, delimiter), &input)?;
        let read: Vec<Option<String>> = items.into_iter().map(|item| item.ok()?.title).collect();
        prop_assert_eq!(read, rows.into_iter().map(|(_, title, _)| Some(title)).collect::<Vec<_>>());
    }

    #[test]
    fn reuters_never_panics_and_reports_one_line_problems(input in reuters_file(), buffer in buffer_size()) {
        drain(reuters::records(reader(&input, buffer), origin()), &input)?;
    }

    #[test]
    fn well_formed_reuters_gives_every_story(
        stories in vec(
            (ascii_text(0, 6), news_text(30), select(vec!["", " TYPE=\"BRIEF\"", " TYPE=\"UNPROC\""])),
            1..5,
        ),
        buffer in buffer_size(),
    ) {
        let mut input = String::from("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n");
        for (n, (title, body, text_type)) in stories.iter().enumerate() {
            let body = body.replace(['<', '&'], " ");
            input.push_str(&format!(
                "<REUTERS TOPICS=\"NO\" NEWID=\"{n}\">\n<DATE> 3-MAR-1987 09:15:02.41</DATE>\n\
                 <TEXT{text_type}>\n<TITLE>{title}</TITLE>\n<BODY>{body}</BODY></TEXT>\n</REUTERS>\n"
            ));
        }
        let items = drain(reuters::records(reader(input.as_bytes(), buffer), origin()), input.as_bytes())?;
        let read: Vec<(Option<String>, Option<String>)> =
            articles(items).into_iter().map(|a| (a.id, a.title)).collect();
        let expected: Vec<(Option<String>, Option<String>)> = stories
            .iter()
            .enumerate()
            .map(|(n, (title, _, _))| {
                (Some(format!("reuters-{n}")), Some(title.clone()).filter(|t| !t.is_empty()))
            })
            .collect();
        prop_assert_eq!(read, expected);
    }

    #[test]
    fn trec_never_panics_and_reports_one_line_problems(input in trec_file(), buffer in buffer_size()) {
        drain(trec::records(reader(&input, buffer), origin()), &input)?;
    }

    #[test]
    fn well_formed_trec_gives_every_document(
        docs in vec((plain_text(0, 6), news_text(40)), 1..5),
        buffer in buffer_size(),
    ) {
        let mut input = String::new();
        for (n, (headline, text)) in docs.iter().enumerate() {
            let text = text.replace(['<', '&'], " ");
            input.push_str(&format!(
                "<DOC>\n<DOCNO> AP890101-{n:04} </DOCNO>\n<HEAD>{headline}</HEAD>\n\
                 <TEXT>\n{text}\n</TEXT>\n</DOC>\n"
            ));
        }
        let items = drain(trec::records(reader(input.as_bytes(), buffer), origin()), input.as_bytes())?;
        let ids: Vec<Option<String>> = articles(items).into_iter().map(|a| a.id).collect();
        let expected: Vec<Option<String>> =
            (0..docs.len()).map(|n| Some(format!("AP890101-{n:04}"))).collect();
        prop_assert_eq!(ids, expected);
    }

    #[test]
    fn html_never_panics_and_reports_one_line_problems(input in html_file(), buffer in buffer_size()) {
        let items = drain(html::records(reader(&input, buffer), origin()), &input)?;
        prop_assert_eq!(items.len(), 1);
    }

    #[test]
    fn sniffing_never_panics_and_knows_opening_tags(
        input in prop_oneof![any_bytes(600), html_file(), json_file(), reuters_file()],
        lead in select(vec!["", " ", "\n\n", "\u{feff}", "\u{feff} \t"]),
        opener in select(vec![
            ("<REUTERS", Format::Reuters),
            ("<!DOCTYPE lewis", Format::Reuters),
            ("<DOC>", Format::Trec),
            ("<html", Format::Html),
            ("<!doctype HTML", Format::Html),
        ]),
    ) {
        sniff(&input);
        let (tag, format) = opener;
        let mut opened = format!("{lead}{tag}").into_bytes();
        opened.extend_from_slice(&input);
        prop_assert_eq!(sniff(&opened), format);
    }

    #[test]
    fn datelines_end_inside_their_paragraph(
        paragraph in damaged_text(prop_oneof![4 => dateline_text(), 1 => any_text(40)], DATE_TOKENS),
    ) {
        if let Some(dateline) = parse_dateline(&paragraph) {
            prop_assert!(
                paragraph.get(dateline.len..).is_some(),
                "dateline length {} is not a boundary of {paragraph:?}", dateline.len
            );
            if let Some(date) = dateline.date {
                check_date(date)?;
            }
        }
    }

    #[test]
    fn dates_read_back_as_they_print(
        text in damaged_text(date_text(), DATE_TOKENS),
        label in select(vec!["", "Published: ", "Updated on ", "By Ann Lee | ", "— ", "Date: "]),
    ) {
        let labelled = format!("{label}{text}");
        let dates = [parse_date(&text), parse_date_line(&text), parse_date_line(&labelled)];
        for date in dates.into_iter().flatten() {
            check_date(date)?;
        }
    }

    #[test]
    fn news_dates_parse_only_real_dates(
        numbers in (
            0u32..3,
            vec(prop_oneof![0u64..40, 1790u64..2110, Just(128), Just(257), Just(65_537), any::<u64>()], 1..4),
        ),
        zeros in vec(0usize..3, 3),
        junk in prop_oneof![Just(String::new()), damaged_text(Just(String::new()), DATE_TOKENS)],
    ) {
        let (form, parts) = numbers;
        let written: Vec<String> =
            parts.iter().zip(&zeros).map(|(n, zeros)| format!("{}{n}", "0".repeat(*zeros))).collect();
        let text = match form {
            0 => written.join("-"),
            1 => format!("--{}", written.join("-")),
            _ => format!("{}{junk}", written.join("-")),
        };
        if let Ok(date) = text.parse::<NewsDate>() {
            check_reads_back(date)?;
            // What parsed is what was written: no number wraps into another.
            let fields = [date.year_value().map(i64::from), date.month_value().map(i64::from)];
            let written: Vec<i64> =
                fields.into_iter().chain([date.day_value().map(i64::from)]).flatten().collect();
            let given: Vec<i64> = text
                .split('-')
                .filter(|part| !part.is_empty())
                .map(|part| part.parse::<i64>().unwrap_or(-1))
                .collect();
            prop_assert_eq!(written, given, "{:?} parsed as {}", text, date);
        }
    }

    #[test]
    fn queries_build_or_fail_cleanly(
        text in prop_oneof![
            3 => query_text(),
            2 => damaged_text(query_text(), QUERY_TOKENS),
            1 => any_text(20),
        ],
        literal in prop::bool::weighted(0.2),
        filters in prop_oneof![3 => Just(Filters::default()), 1 => filters()],
    ) {
        INDEX.with(|test| match test.build(&text, literal, &filters) {
            Ok(plan) => {
                let patterns = plan.highlights.patterns;
                prop_assert!(patterns.iter().all(|p| !p.words.is_empty()), "an empty pattern from {text:?}");
                prop_assert!(
                    patterns.iter().flat_map(|p| &p.words).all(|w| match w {
                        WordPattern::Stem(s) | WordPattern::Exact(s) | WordPattern::Prefix(s) => !s.is_empty(),
                    }),
                    "an empty word from {text:?}"
                );
                Ok(())
            }
            Err(error) => {
                prop_assert!(!error.to_string().trim().is_empty(), "an error without a message for {text:?}");
                Ok(())
            }
        })?;
    }

    #[test]
    fn highlights_and_snippets_stay_on_the_text(
        text in prop_oneof![4 => highlight_text(), 1 => news_text(80), 1 => any_text(60)],
        query in query_text(),
        made in made_highlights(),
        max_chars in prop_oneof![0usize..12, 12usize..300],
    ) {
        INDEX.with(|test| {
            let highlights = match test.build(&query, false, &Filters::default()) {
                Ok(plan) if plan.highlights != Highlights::default() => plan.highlights,
                _ => made,
            };
            let ranges = highlight(&text, &highlights);
            check_ranges(&text, &ranges, "highlight")?;
            let shown = snippet(&text, ranges.clone(), max_chars);
            prop_assert_eq!(&shown.highlights, &ranges);
            let fragment = shown.fragment.clone();
            prop_assert!(
                fragment.start <= fragment.end && fragment.end <= text.len(),
                "fragment {fragment:?} of {text:?}"
            );
            prop_assert!(
                text.is_char_boundary(fragment.start) && text.is_char_boundary(fragment.end),
                "fragment {fragment:?} not on character boundaries of {text:?}"
            );
            shown.marked(&text, "[", "]");
            Ok(())
        })?;
    }

    #[test]
    fn cleaning_gives_trimmed_single_line_paragraphs(
        text in prop_oneof![4 => article_text(), 1 => any_text(300)],
    ) {
        for paragraph in clean_text(&text) {
            prop_assert!(!paragraph.is_empty(), "an empty paragraph from {text:?}");
            prop_assert_eq!(paragraph.trim(), paragraph.as_str(), "untrimmed paragraph from {:?}", text);
            prop_assert!(!paragraph.chars().any(char::is_control), "{paragraph:?} keeps a control character");
        }
    }

    #[test]
    fn passages_join_back_into_their_paragraphs(paragraphs in passage_paragraphs()) {
        let passages = split_passages(&paragraphs);
        let joined = join_passages(passages.iter().map(|p| (p.text.as_str(), p.continues)));
        let kept: Vec<&str> =
            paragraphs.iter().map(String::as_str).filter(|p| !p.trim().is_empty()).collect();
        prop_assert_eq!(joined, kept.join("\n\n"));
        prop_assert!(passages.iter().all(|p| !p.text.trim().is_empty()), "a blank passage: {passages:?}");
        prop_assert!(
            passages.first().is_none_or(|p| !p.continues),
            "the first passage continues: {passages:?}"
        );
    }

    #[test]
    fn extraction_gives_findable_articles(
        raw in raw_article(),
        options in extract_options(),
        custom in any::<bool>(),
    ) {
        let given_id = raw.id.clone();
        // A record delivered empty is still indexed, for its metadata, with one empty passage.
        let delivered_empty = raw.text.trim().is_empty();
        let extracted = if custom { Extractor::new(options).extract(raw) } else { EXTRACTOR.extract(raw) };
        match extracted {
            Ok(article) => {
                prop_assert!(!article.id.is_empty());
                if let Some(id) = given_id {
                    prop_assert_eq!(&article.id, &id);
                }
                prop_assert!(!article.title.contains('\n'), "a title of several lines: {:?}", article.title);
                prop_assert!(!article.passages.is_empty(), "nothing to find: {article:?}");
                prop_assert!(
                    article.passages.iter().all(|p| !p.text.trim().is_empty()) || delivered_empty,
                    "a blank passage: {article:?}"
                );
                prop_assert!(!article.passages[0].continues, "the first passage continues: {article:?}");
                for entity in &article.entities {
                    prop_assert!(!entity.name.trim().is_empty() && entity.mentions > 0, "entity {entity:?}");
                }
            }
            Err(message) => prop_assert!(!message.trim().is_empty()),
        }
    }
}

proptest! {
    // A page of a thousand levels takes a while to build and scan in a debug build: a twentieth
    // of the smoke cases.
    #![proptest_config(config_divided(20))]

    #[test]
    fn pages_nested_too_deep_are_refused(input in deep_page()) {
        let items = drain(html::records(reader(&input, 8192), origin()), &input)?;
        if items[0].is_ok() {
            // The page's own html, head and body aside.
            let depth = dom_depth(&String::from_utf8_lossy(&input));
            prop_assert!(depth <= html::MAX_NESTING + 3, "a page nested {depth} deep was read");
        }
    }
}
