//! CSV and TSV news exports: a row per article, columns named by a header row or by
//! `--columns`, each column mapped to a part of the article by its name.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use ::csv::{ByteRecord, ReaderBuilder};
use xxhash_rust::xxh3::xxh3_64;

use super::decode::{Decoded, decode};
use super::fields::{FieldMap, FieldValue};
use super::lines::MAX_LINE_BYTES;
use crate::ingest::{IngestOptions, Origin, Problem, Records, read_error};
use crate::model::RawArticle;

/// The largest single row read.
pub const MAX_ROW_BYTES: u64 = MAX_LINE_BYTES as u64;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// CSV or TSV (`delimiter` b',' or b'\t'): with a header row, or without one when
/// `options.columns` names the columns.
pub fn records(
    reader: Box<dyn BufRead + Send>,
    origin: Origin,
    options: Arc<IngestOptions>,
    delimiter: u8,
) -> Records {
    let limit = Arc::new(RowLimit::default());
    let rows = ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        // Rows of the wrong length are reported one by one, not fatal.
        .flexible(true)
        // Ending rows at '\n' alone keeps line numbers right in CRLF files (the csv crate counts
        // the '\n' of "\r\n" towards the next row); the '\r' left on the last field is dropped.
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_reader(CappedReader { inner: reader, started: false, delivered: 0, limit: Arc::clone(&limit) });
    let columns =
        options.columns.as_ref().map(|names| names.iter().map(|name| name.trim().to_string()).collect());
    Box::new(CsvRecords {
        rows,
        row: ByteRecord::new(),
        origin,
        fields: FieldMap::new(&options.fields),
        columns,
        named_by_option: options.columns.is_some(),
        checked: false,
        header_line: None,
        limit,
        done: false,
    })
}

/// Where the row being read started, shared with the reader under the CSV parser so that a row
/// that never ends (an unclosed quote) stops the input instead of filling memory.
#[derive(Debug, Default)]
struct RowLimit {
    row_start: AtomicU64,
    reached: AtomicBool,
}

/// The input as the CSV parser sees it: without a byte-order mark, and ending early once a
/// single row has gone on for more than [`MAX_ROW_BYTES`]. The csv crate keeps a whole row in
/// memory and cannot skip one, so this is the only place a runaway row can be cut off.
struct CappedReader {
    inner: Box<dyn BufRead + Send>,
    started: bool,
    delivered: u64,
    limit: Arc<RowLimit>,
}

impl Read for CappedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if !self.started {
            self.started = true;
            if self.inner.fill_buf()?.starts_with(BOM) {
                self.inner.consume(BOM.len());
            }
        }
        if self.delivered.saturating_sub(self.limit.row_start.load(Ordering::Relaxed)) > MAX_ROW_BYTES {
            self.limit.reached.store(true, Ordering::Relaxed);
            return Ok(0);
        }
        let read = self.inner.read(buf)?;
        self.delivered += read as u64;
        Ok(read)
    }
}

struct CsvRecords {
    rows: ::csv::Reader<CappedReader>,
    row: ByteRecord,
    origin: Origin,
    fields: FieldMap,
    /// Column names: from `--columns`, else read from the header row.
    columns: Option<Vec<String>>,
    named_by_option: bool,
    /// Whether the columns were checked for a title or body.
    checked: bool,
    header_line: Option<u64>,
    limit: Arc<RowLimit>,
    done: bool,
}

impl Iterator for CsvRecords {
    type Item = Result<RawArticle, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let has_row = match self.rows.read_byte_record(&mut self.row) {
                Ok(has_row) => has_row,
                Err(e) => {
                    self.done = true;
                    let line = e.position().map(|p| p.line()).unwrap_or(self.rows.position().line());
                    let message = match e.kind() {
                        ::csv::ErrorKind::Io(io) => read_error(io),
                        _ => e.to_string(),
                    };
                    return Some(Err(Problem::at(&self.origin, Some(line), message)));
                }
            };
            let line = self.row.position().map(|p| p.line());
            self.limit.row_start.store(self.rows.position().byte(), Ordering::Relaxed);
            if self.limit.reached.load(Ordering::Relaxed) {
                self.done = true;
                let message = format!(
                    "row goes on for over {} MB (an unclosed quote?): the rest of the file is not read",
                    MAX_ROW_BYTES >> 20
                );
                return Some(Err(Problem::at(&self.origin, line, message)));
            }
            if !has_row {
                self.done = true;
                if self.columns.is_none() || (self.named_by_option && !self.checked) {
                    return Some(Err(Problem::at(&self.origin, None, "empty file")));
                }
                return None;
            }
            if self.row.iter().all(|field| field.iter().all(u8::is_ascii_whitespace)) {
                continue;
            }
            let Some(columns) = &self.columns else {
                self.columns = Some(self.row.iter().map(|name| text(name).trim().to_string()).collect());
                self.header_line = line;
                continue;
            };
            if !self.checked {
                self.checked = true;
                // A header row that repeats --columns is a header, not an article.
                if self.named_by_option
                    && self.row.len() == columns.len()
                    && self
                        .row
                        .iter()
                        .zip(columns)
                        .all(|(cell, name)| text(cell).trim().eq_ignore_ascii_case(name))
                {
                    self.header_line = line;
                    continue;
                }
                if !self.fields.has_text_field(columns) {
                    self.done = true;
                    return Some(Err(Problem::at(
                        &self.origin,
                        self.header_line,
                        self.no_text_column(columns),
                    )));
                }
            }
            if self.row.len() != columns.len() {
                let named = if self.named_by_option { "--columns names" } else { "the header has" };
                let message = format!("row has {}, {named} {}", count(self.row.len()), columns.len());
                return Some(Err(Problem::at(&self.origin, line, message)));
            }
            return Some(self.article(line));
        }
        None
    }
}

impl CsvRecords {
    fn article(&self, line: Option<u64>) -> Result<RawArticle, Problem> {
        let columns = self.columns.as_deref().unwrap_or_default();
        let mut notes = Vec::new();
        let values = columns.iter().zip(self.row.iter()).filter_map(|(name, bytes)| {
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            let value = match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => match decode(bytes) {
                    Decoded::Text { text, encoding } => {
                        if notes.is_empty() {
                            notes.push(format!("not UTF-8: read as {encoding}"));
                        }
                        Cow::Owned(text)
                    }
                    Decoded::Binary => {
                        notes.push(format!("column {name} holds binary data: left out"));
                        return None;
                    }
                    Decoded::Empty => return None,
                },
            };
            Some((name.as_str(), FieldValue::Text(value)))
        });
        let mut article =
            self.fields.article(values).map_err(|message| Problem::at(&self.origin, line, message))?;
        if article.id.is_none() {
            let number = line.unwrap_or_default();
            let bytes = self.row.as_slice();
            let hash = xxh3_64(bytes.strip_suffix(b"\r").unwrap_or(bytes)) as u32;
            article.id = Some(format!("{}-{number}-{hash:08x}", self.origin.stem));
        }
        article.path = self.origin.stored_path.clone();
        article.line = line;
        article.notes = notes;
        Ok(article)
    }

    fn no_text_column(&self, columns: &[String]) -> String {
        let mut shown: Vec<String> = columns.iter().take(8).map(|name| abbreviate(name, 40)).collect();
        if columns.len() > 8 {
            shown.push("…".into());
        }
        let shown = shown.join(", ");
        if self.named_by_option {
            format!(
                "no title or body column in --columns ({shown}): name one title or body, or use --field body=NAME"
            )
        } else {
            format!(
                "no title or body column in the header ({shown}): name the columns with --columns, \
                 e.g. --columns class,title,body"
            )
        }
    }
}

/// A header cell as text, whatever its encoding.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => match decode(bytes) {
            Decoded::Text { text, .. } => Cow::Owned(text),
            Decoded::Empty | Decoded::Binary => Cow::Borrowed(""),
        },
    }
}

fn abbreviate(name: &str, max_chars: usize) -> String {
    match name.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &name[..end]),
        None => name.to_string(),
    }
}

fn count(fields: usize) -> String {
    if fields == 1 { "1 field".into() } else { format!("{fields} fields") }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::{BufReader, Cursor};

    use super::*;
    use crate::ingest::test_readers::Truncated;

    fn origin() -> Origin {
        Origin {
            display: "in/news.csv".into(),
            stored_path: Some("/abs/in/news.csv".into()),
            stem: "news".into(),
        }
    }

    fn read_as(
        bytes: &[u8],
        delimiter: u8,
        columns: Option<&str>,
        fields: &[(&str, &str)],
    ) -> Vec<Result<RawArticle, String>> {
        let options = IngestOptions {
            columns: columns.map(|c| c.split(',').map(String::from).collect()),
            fields: fields.iter().map(|(role, name)| (role.to_string(), name.to_string())).collect(),
            ..IngestOptions::default()
        };
        let reader = Box::new(BufReader::with_capacity(7, Cursor::new(bytes.to_vec())));
        records(reader, origin(), Arc::new(options), delimiter)
            .map(|r| r.map_err(|p| p.to_string()))
            .collect()
    }

    fn read(bytes: &[u8]) -> Vec<Result<RawArticle, String>> {
        read_as(bytes, b',', None, &[])
    }

    /// Each record as "title|text", or the problem.
    fn summary(all: &[Result<RawArticle, String>]) -> Vec<String> {
        all.iter()
            .map(|r| match r {
                Ok(a) => format!("{}|{}", a.title.as_deref().unwrap_or("-"), a.text),
                Err(problem) => problem.clone(),
            })
            .collect()
    }

    #[test]
    fn a_header_names_the_columns() {
        let input = b"\xEF\xBB\xBFId,Headline,Body,Date,Category\r\n\r\n7,Harbour reopens,Ferries run.,2024-07-31,\"travel\"\r\n";
        let all = read(input);
        let expected = RawArticle {
            id: Some("7".into()),
            path: Some("/abs/in/news.csv".into()),
            line: Some(3),
            title: Some("Harbour reopens".into()),
            text: "Ferries run.".into(),
            date: Some("2024-07-31".into()),
            labels: BTreeMap::from([("category".into(), vec!["travel".into()])]),
            ..RawArticle::default()
        };
        assert_eq!(all, [Ok(expected)]);
    }

    #[test]
    fn quoted_commas_quotes_and_newlines_stay_in_their_field() {
        let input = b"title,body\n\"Rates, again\",\"He said \"\"no\"\".\n\nNew paragraph.\"\nNext,After\n";
        let all = read(input);
        assert_eq!(summary(&all), ["Rates, again|He said \"no\".\n\nNew paragraph.", "Next|After"]);
        assert_eq!(all[1].as_ref().unwrap().line, Some(5));
    }

    #[test]
    fn columns_name_a_file_without_a_header() {
        let input = b"\"3\",\"Fears for pension\",\"Unions say #36;10 million\\is owed.\"\n\"4\",\"Rocket\",\"Launch.\"\n";
        let all = read_as(input, b',', Some("class,title,body"), &[]);
        assert_eq!(
            summary(&all),
            ["Fears for pension|Unions say #36;10 million\\is owed.", "Rocket|Launch."]
        );
        let first = all[0].as_ref().unwrap();
        assert_eq!(first.labels, BTreeMap::from([("class".into(), vec!["3".into()])]));
        assert_eq!(first.line, Some(1));
        let id = first.id.as_deref().unwrap();
        assert!(id.starts_with("news-1-") && id.len() == "news-1-".len() + 8, "{id}");
    }

    #[test]
    fn a_header_without_title_or_body_is_one_problem() {
        let input = b"\"3\",\"Fears for pension\",\"Unions say\"\n\"4\",\"Rocket\",\"Launch.\"\n";
        assert_eq!(
            summary(&read(input)),
            ["in/news.csv:1: no title or body column in the header (3, Fears for pension, Unions say): \
              name the columns with --columns, e.g. --columns class,title,body"]
        );
        assert_eq!(
            summary(&read_as(input, b',', Some("a,b,c"), &[])),
            [
                "in/news.csv: no title or body column in --columns (a, b, c): name one title or body, or use --field body=NAME"
            ]
        );
        // A header row that --columns repeats is skipped.
        let with_header = b"Class,Title,Body\n3,Rates,Up.\n";
        assert_eq!(summary(&read_as(with_header, b',', Some("class,title,body"), &[])), ["Rates|Up."]);
        // An explicit mapping names the text column.
        assert_eq!(
            summary(&read_as(input, b',', Some("a,b,c"), &[("body", "c"), ("title", "b")])),
            ["Fears for pension|Unions say", "Rocket|Launch."]
        );
    }

    #[test]
    fn ragged_rows_are_reported_and_skipped() {
        let input =
            b"title,body,date\nOne,First,2024\nTwo,Second\nThree,Third,2024,extra\nFour,Fourth,2024\n";
        assert_eq!(
            summary(&read(input)),
            [
                "One|First",
                "in/news.csv:3: row has 2 fields, the header has 3",
                "in/news.csv:4: row has 4 fields, the header has 3",
                "Four|Fourth"
            ]
        );
        let input = b"x\n";
        assert_eq!(
            summary(&read_as(input, b',', Some("title,body"), &[])),
            ["in/news.csv:1: row has 1 field, --columns names 2"]
        );
    }

    #[test]
    fn blank_rows_are_skipped_and_empty_rows_reported() {
        let input = b"title,body\n\n , \nOne,First\n,\n";
        assert_eq!(summary(&read(input)), ["One|First"]);
        let input = b"title,body,date\n\"\",\"  \",2024\nOne,First,\n";
        assert_eq!(summary(&read(input)), ["in/news.csv:2: title and body are both empty", "One|First"]);
    }

    #[test]
    fn tsv_reads_with_tabs_and_quotes() {
        let input = b"headline\ttext\tauthor\nA, B\t\"Tab\there\"\tBy Ann Lee and Bo Kim\n";
        let all = read_as(input, b'\t', None, &[]);
        assert_eq!(summary(&all), ["A, B|Tab\there"]);
        assert_eq!(all[0].as_ref().unwrap().authors, ["Ann Lee", "Bo Kim"]);
    }

    #[test]
    fn windows_1252_fields_are_decoded_with_a_note() {
        let all = read(b"title,body\nCaf\xe9,\x93Quoted\x94\n");
        let article = all[0].as_ref().unwrap();
        assert_eq!(article.title.as_deref(), Some("Caf\u{e9}"));
        assert_eq!(article.text, "\u{201c}Quoted\u{201d}");
        assert_eq!(article.notes, ["not UTF-8: read as windows-1252"]);
    }

    #[test]
    fn empty_and_header_only_inputs() {
        assert_eq!(summary(&read(b"")), ["in/news.csv: empty file"]);
        assert_eq!(summary(&read(b"\n\n")), ["in/news.csv: empty file"]);
        assert_eq!(summary(&read_as(b"", b',', Some("title"), &[])), ["in/news.csv: empty file"]);
        assert!(read(b"title,body\n").is_empty());
    }

    #[test]
    fn an_unclosed_quote_stops_the_file_without_filling_memory() {
        let mut input = b"title,body\nOne,First\nTwo,\"never closed ".to_vec();
        input.extend(std::iter::repeat_n(b'z', MAX_ROW_BYTES as usize + 100_000));
        input.extend_from_slice(b"\nThree,Third\n");
        assert_eq!(
            summary(&read(&input)),
            [
                "One|First",
                "in/news.csv:3: row goes on for over 16 MB (an unclosed quote?): the rest of the file is not read"
            ]
        );
    }

    #[test]
    fn a_read_error_ends_the_rows() {
        let reader = Box::new(BufReader::new(Truncated::after(b"title\nOne\n")));
        let all: Vec<_> =
            records(reader, origin(), Arc::default(), b',').map(|r| r.map_err(|p| p.to_string())).collect();
        assert_eq!(summary(&all), ["One|", "in/news.csv:3: compressed data ends early (truncated file)"]);
    }
}
