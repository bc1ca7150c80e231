//! Tests of the JSON reader: lines, arrays, field mapping and broken input.

use std::collections::BTreeMap;
use std::io::{BufReader, Cursor};

use super::*;
use crate::ingest::test_readers::Truncated;

fn origin() -> Origin {
    Origin {
        display: "in/news.json".into(),
        stored_path: Some("/abs/in/news.json".into()),
        stem: "news".into(),
    }
}

fn read_with(bytes: &[u8], fields: &[(&str, &str)], buffer: usize) -> Vec<Result<RawArticle, String>> {
    let options = IngestOptions {
        fields: fields.iter().map(|(role, name)| (role.to_string(), name.to_string())).collect(),
        ..IngestOptions::default()
    };
    // A small buffer makes values cross buffer boundaries.
    let reader = Box::new(BufReader::with_capacity(buffer, Cursor::new(bytes.to_vec())));
    records(reader, origin(), Arc::new(options)).map(|r| r.map_err(|p| p.to_string())).collect()
}

fn read(bytes: &[u8]) -> Vec<Result<RawArticle, String>> {
    read_with(bytes, &[], 8192)
}

fn titles(all: &[Result<RawArticle, String>]) -> Vec<String> {
    all.iter()
        .map(|r| match r {
            Ok(article) => article.title.clone().unwrap_or_default(),
            Err(problem) => problem.clone(),
        })
        .collect()
}

#[test]
fn json_lines_are_records_and_bad_lines_problems() {
    let input = b"{\"title\": \"One\", \"body\": \"First.\"}\n\n\
            {\"title\": \"Two\", \"body\": \n\
            [1, 2]\n\
            {\"headline\": \"Three\", \"text\": \"Third.\", \"id\": 123}\r\n";
    let all = read(input);
    assert_eq!(
        titles(&all),
        [
            "One",
            "in/news.json:3: not valid JSON: EOF while parsing a value (column 25)",
            "in/news.json:4: an array is not a JSON object",
            "Three",
        ]
    );
    let first = all[0].clone().unwrap();
    assert_eq!(
        (first.text.as_str(), first.line, first.path.as_deref()),
        ("First.", Some(1), Some("/abs/in/news.json"))
    );
    let id = first.id.unwrap();
    assert!(id.starts_with("news-1-") && id.len() == "news-1-".len() + 8, "{id}");
    assert_eq!(all[3].clone().unwrap().id.as_deref(), Some("123"));
}

#[test]
fn made_up_ids_are_stable_and_follow_the_content() {
    let id = |input: &[u8]| read(input)[0].clone().unwrap().id.unwrap();
    assert_eq!(id(b"{\"title\": \"A\"}"), id(b"{\"title\": \"A\"}"));
    assert_ne!(id(b"{\"title\": \"A\"}"), id(b"{\"title\": \"B\"}"));
}

#[test]
fn a_line_over_the_cap_is_skipped() {
    let mut input = b"{\"title\": \"Short\"}\n{\"title\": \"".to_vec();
    input.extend(std::iter::repeat_n(b'x', MAX_RECORD_BYTES));
    input.extend_from_slice(b"\"}\n{\"title\": \"After\"}\n");
    let all = read(&input);
    assert_eq!(
        titles(&all),
        ["Short", "in/news.json:2: line of 16777229 bytes is over the 16 MB limit for one record", "After"]
    );
}

#[test]
fn arrays_stream_their_elements_with_lines() {
    let input =
        b"[\n  {\"title\": \"One\", \"body\": \"x\"},\n  {\"title\": \"Two\",\n   \"body\": \"y\"}, 7,\n\
            {\"title\": \"Four\"}\n]\n";
    for buffer in [3, 8192] {
        let all = read_with(input, &[], buffer);
        assert_eq!(titles(&all), ["One", "Two", "in/news.json:4: a number is not a JSON object", "Four"]);
        let lines: Vec<_> = all.iter().filter_map(|r| r.as_ref().ok()?.line).collect();
        assert_eq!(lines, [2, 3, 5]);
    }
    assert!(read(b"  [ ]  ").is_empty());
}

#[test]
fn a_malformed_array_keeps_what_came_before() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"[{\"title\": \"One\"},\n {\"title\": \"Two\" \"body\": 1},\n {\"title\": \"Three\"}]",
            "in/news.json:2: not valid JSON: expected `,` or `}` (column 18)",
        ),
        (
            b"[{\"title\": \"One\"}, {\"title\": \"Tw",
            "in/news.json:1: the file ends inside this record (cut short?)",
        ),
        (
            b"[{\"title\": \"One\"}\n\n",
            "in/news.json:3: the file ends before the array is closed with ']' (cut short?)",
        ),
        (
            b"[{\"title\": \"One\"} {\"title\": \"Two\"}]",
            "in/news.json:1: not valid JSON: expected ',' or ']' after an element, found '{'",
        ),
        (b"[{\"title\": \"One\"},]", "in/news.json:1: not valid JSON: a comma before the closing ']'"),
        (b"[{\"title\": \"One\"}] x", "in/news.json:1: 'x' after the closing ']' of the array"),
    ];
    for (input, problem) in cases {
        assert_eq!(titles(&read(input)), ["One", problem], "{}", String::from_utf8_lossy(input));
    }
}

#[test]
fn a_string_with_brackets_and_escapes_does_not_end_an_element() {
    let input = br#"[{"title": "a ] \" } [ {", "body": "b\\"}, {"title": "next"}]"#;
    assert_eq!(titles(&read(input)), [r#"a ] " } [ {"#, "next"]);
}

#[test]
fn a_single_object_is_one_record_even_pretty_printed() {
    let pretty = b"\xEF\xBB\xBF\n{\n  \"title\": \"Solo\",\n  \"source\": {\"id\": \"cd\", \"name\": \"Coast Daily\"}\n}\n";
    let all = read(pretty);
    assert_eq!(titles(&all), ["Solo"]);
    let solo = all[0].clone().unwrap();
    assert_eq!((solo.source.as_deref(), solo.line), (Some("Coast Daily"), Some(2)));
    assert_eq!(titles(&read(b"{\"title\": \"Flat\"}")), ["Flat"]);
    // A JSON line longer than the buffer after blank lines is still JSON lines.
    let long =
        format!("\n\n{{\"title\": \"Long\", \"body\": \"{}\"}}\n{{\"title\": \"Next\"}}", "b".repeat(64));
    assert_eq!(titles(&read_with(long.as_bytes(), &[], 32)), ["Long", "Next"]);
    // Objects one after another, pretty-printed.
    assert_eq!(titles(&read(b"{\n\"title\": \"A\"\n}\n{\n\"title\": \"B\"\n}\n")), ["A", "B"]);
}

#[test]
fn a_cut_first_line_of_json_lines_does_not_swallow_the_rest() {
    let input = b"{\"title\": \"Cut\n{\"title\": \"Next\"}\n";
    assert_eq!(
        titles(&read(input)),
        ["in/news.json:1: not valid JSON: EOF while parsing a string (column 14)", "Next"]
    );
}

#[test]
fn fields_map_with_explicit_overrides_and_values_of_any_type() {
    let input = br#"{"maintext2": ["P1", "P2"], "title": "Headline", "authors": "By Ann Lee and Bo Kim",
            "tags": ["a", "b"], "category": "WORLD", "timestamp": 1717171717, "doc_id": 42, "nested": {"title": "no"},
            "url": null, "live": true}"#;
    let flat: Vec<u8> = input.iter().map(|&b| if b == b'\n' { b' ' } else { b }).collect();
    let all = read_with(&flat, &[("body", "maintext2"), ("label", "live")], 8192);
    let article = all[0].clone().unwrap();
    assert_eq!(article.text, "P1\n\nP2");
    assert_eq!(article.authors, ["Ann Lee", "Bo Kim"]);
    assert_eq!(article.date.as_deref(), Some("1717171717"));
    assert_eq!(article.id.as_deref(), Some("42"));
    assert_eq!(article.url, None);
    assert_eq!(article.labels, BTreeMap::from([("live".into(), vec!["true".into()])]));
    let common = read(&flat)[0].clone().unwrap();
    assert_eq!(common.text, "");
    assert_eq!(
        common.labels,
        BTreeMap::from([
            ("category".into(), vec!["WORLD".into()]),
            ("tags".into(), vec!["a".into(), "b".into()])
        ])
    );
}

#[test]
fn windows_1252_bytes_are_read_with_a_note() {
    let all = read(b"{\"title\": \"Caf\xe9 \x93reopens\x94\"}\n");
    let article = all[0].clone().unwrap();
    assert_eq!(article.title.as_deref(), Some("Caf\u{e9} \u{201c}reopens\u{201d}"));
    assert_eq!(article.notes, ["not UTF-8: read as windows-1252"]);
}

#[test]
fn records_without_text_and_odd_inputs_are_problems() {
    assert_eq!(
        titles(&read(b"{\"date\": \"2024\"}\n{}\n")),
        [
            "in/news.json:1: no title or body field (fields: date): name one with --field body=NAME",
            "in/news.json:2: the record has no fields"
        ]
    );
    assert_eq!(titles(&read(b"")), ["in/news.json: empty file"]);
    assert_eq!(titles(&read(b" \n\n ")), ["in/news.json: empty file"]);
    assert_eq!(
        titles(&read(b"\n\ntitle,body\n")),
        ["in/news.json:3: not JSON: starts with 't', not an object '{' or an array '['"]
    );
}

#[test]
fn an_element_over_the_cap_is_skipped_without_losing_the_rest() {
    let mut input = b"[{\"title\": \"Before\"}, {\"title\": \"".to_vec();
    input.extend(std::iter::repeat_n(b'y', MAX_RECORD_BYTES));
    input.extend_from_slice(b"\"}, {\"title\": \"After\"}]");
    assert_eq!(
        titles(&read(&input)),
        [
            "Before",
            "in/news.json:1: record of 16777229 bytes is over the 16 MB limit for one record",
            "After"
        ]
    );
}

#[test]
fn a_read_error_ends_the_records() {
    let input = b"[{\"title\": \"One\"}, {\"title\": \"Two\"}";
    let reader = Box::new(BufReader::with_capacity(16, Truncated::after(input)));
    let all: Vec<_> =
        records(reader, origin(), Arc::default()).map(|r| r.map_err(|p| p.to_string())).collect();
    assert_eq!(titles(&all), ["One", "Two", "in/news.json:1: compressed data ends early (truncated file)"]);
}
