//! JSON news exports: JSON lines (an object per line), or a JSON array of objects, or objects one
//! after another (a single pretty-printed object, say). Records are read one at a time, so an
//! array of a million articles never has to fit in memory.

use std::borrow::Cow;
use std::io::{self, BufRead};
use std::sync::Arc;

use serde_json::{Map, Value};
use xxhash_rust::xxh3::xxh3_64;

use super::decode::{Decoded, decode};
use super::fields::{FieldMap, FieldValue};
use super::lines::{Line, LineReader, MAX_LINE_BYTES};
use crate::ingest::{IngestOptions, Origin, Problem, Records, read_error};
use crate::model::RawArticle;

/// The largest single record read; a bigger one is skipped as it streams by.
pub const MAX_RECORD_BYTES: usize = MAX_LINE_BYTES;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// JSON lines, or a JSON array of objects (or one object), told apart by the first non-blank byte.
pub fn records(reader: Box<dyn BufRead + Send>, origin: Origin, options: Arc<IngestOptions>) -> Records {
    Box::new(JsonRecords { origin, fields: FieldMap::new(&options.fields), state: State::Start(reader) })
}

struct JsonRecords {
    origin: Origin,
    fields: FieldMap,
    state: State,
}

enum State {
    /// Nothing read yet: the layout is found at the first record, so that opening stays lazy.
    Start(Box<dyn BufRead + Send>),
    /// JSON lines; `skipped` blank lines were consumed before the reader started counting.
    Lines {
        lines: LineReader<Box<dyn BufRead + Send>>,
        skipped: u64,
    },
    /// An array, or values one after another.
    Values(ValueStream),
    Done,
}

impl Iterator for JsonRecords {
    type Item = Result<RawArticle, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        if let State::Start(_) = self.state
            && let State::Start(reader) = std::mem::replace(&mut self.state, State::Done)
        {
            match self.start(reader) {
                Ok(state) => self.state = state,
                Err(problem) => return Some(Err(problem)),
            }
        }
        loop {
            match &mut self.state {
                State::Lines { lines, skipped } => {
                    let skipped = *skipped;
                    let record = match lines.next_line()? {
                        Err(e) => {
                            let line = lines.number() + 1 + skipped;
                            self.state = State::Done;
                            Err(Problem::at(&self.origin, Some(line), read_error(&e)))
                        }
                        Ok(Line::TooLong { number, len }) => Err(Problem::at(
                            &self.origin,
                            Some(number + skipped),
                            format!(
                                "line of {len} bytes is over the {} MB limit for one record",
                                MAX_RECORD_BYTES >> 20
                            ),
                        )),
                        Ok(Line::Text { number, bytes }) => {
                            let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
                            if bytes.iter().all(u8::is_ascii_whitespace) {
                                continue;
                            }
                            let line = number + skipped;
                            parse_record(bytes, &self.origin, line, 1, &self.fields)
                                .map_err(|bad| bad.problem)
                        }
                    };
                    return Some(record);
                }
                State::Values(stream) => {
                    let item = stream.next_record(&self.origin, &self.fields);
                    if item.is_none() || stream.finished {
                        self.state = State::Done;
                    }
                    return item;
                }
                State::Start(_) | State::Done => return None,
            }
        }
    }
}

impl JsonRecords {
    /// Finds how the input is laid out from its first bytes, without consuming any that matter.
    fn start(&self, mut reader: Box<dyn BufRead + Send>) -> Result<State, Problem> {
        let read_problem = |e: io::Error| Problem::at(&self.origin, None, read_error(&e));
        if reader.fill_buf().map_err(read_problem)?.starts_with(BOM) {
            reader.consume(BOM.len());
        }
        // Blank lines before the first value (beyond what the buffer holds at once) are
        // consumed here and counted, so that line numbers stay right.
        let mut skipped = 0;
        let first = loop {
            let buffer = reader.fill_buf().map_err(read_problem)?;
            if buffer.is_empty() {
                return Err(Problem::at(&self.origin, None, "empty file"));
            }
            if let Some(at) = buffer.iter().position(|b| !b.is_ascii_whitespace()) {
                break buffer[at];
            }
            let len = buffer.len();
            skipped += buffer.iter().filter(|&&b| b == b'\n').count() as u64;
            reader.consume(len);
        };
        match first {
            b'[' => Ok(State::Values(ValueStream::new(reader, skipped + 1, true))),
            b'{' if starts_multiline(reader.fill_buf().map_err(read_problem)?) => {
                Ok(State::Values(ValueStream::new(reader, skipped + 1, false)))
            }
            b'{' => Ok(State::Lines { lines: LineReader::with_limit(reader, MAX_RECORD_BYTES), skipped }),
            other => {
                let line = {
                    let buffer = reader.fill_buf().map_err(read_problem)?;
                    let before = buffer.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
                    skipped + 1 + buffer[..before].iter().filter(|&&b| b == b'\n').count() as u64
                };
                Err(Problem::at(
                    &self.origin,
                    Some(line),
                    format!(
                        "not JSON: starts with {}, not an object '{{' or an array '['",
                        describe_byte(other)
                    ),
                ))
            }
        }
    }
}

/// Whether the first object spans several lines (pretty-printed) rather than being the first of
/// JSON lines: its first line is cut short and the next line is not an object of its own.
fn starts_multiline(buffer: &[u8]) -> bool {
    let is_blank = |line: &[u8]| line.iter().all(u8::is_ascii_whitespace);
    let Some(start) = buffer.iter().position(|b| !b.is_ascii_whitespace()) else { return false };
    let rest = &buffer[start..];
    // A first line longer than the buffer is a long JSON line.
    let Some(end) = rest.iter().position(|&b| b == b'\n') else { return false };
    let cut_short = match serde_json::from_slice::<serde::de::IgnoredAny>(&rest[..end]) {
        Ok(_) => false,
        Err(e) => e.is_eof(),
    };
    let next_is_object =
        rest[end + 1..].split(|&b| b == b'\n').find(|line| !is_blank(line)).is_some_and(|next| {
            next.trim_ascii_start().starts_with(b"{")
                && serde_json::from_slice::<serde::de::IgnoredAny>(next).is_ok()
        });
    cut_short && !next_is_object
}

/// A record that could not be made an article; `malformed` when the JSON itself is broken.
struct BadRecord {
    problem: Problem,
    malformed: bool,
}

/// Parses one record's bytes (a line or an array element) into an article. `line` and `column`
/// are where the bytes start, for messages.
fn parse_record(
    bytes: &[u8],
    origin: &Origin,
    line: u64,
    column: u64,
    fields: &FieldMap,
) -> Result<RawArticle, BadRecord> {
    let mut notes = Vec::new();
    let parsed = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str::<Value>(text),
        Err(_) => match decode(bytes) {
            Decoded::Text { text, encoding } => {
                notes.push(format!("not UTF-8: read as {encoding}"));
                serde_json::from_str::<Value>(&text)
            }
            Decoded::Binary | Decoded::Empty => {
                let problem = Problem::at(origin, Some(line), "binary data, not JSON");
                return Err(BadRecord { problem, malformed: true });
            }
        },
    };
    let object = match parsed {
        Ok(Value::Object(object)) => object,
        Ok(other) => {
            let message = format!("{} is not a JSON object", describe_value(&other));
            return Err(BadRecord { problem: Problem::at(origin, Some(line), message), malformed: false });
        }
        Err(e) => {
            // serde_json counts from the start of the bytes it was given.
            let error_line = line + (e.line() as u64).saturating_sub(1);
            let error_column = if e.line() <= 1 {
                column + (e.column() as u64).saturating_sub(1)
            } else {
                e.column() as u64
            };
            let message = format!("not valid JSON: {} (column {error_column})", short_message(&e));
            return Err(BadRecord {
                problem: Problem::at(origin, Some(error_line), message),
                malformed: true,
            });
        }
    };
    let mut article = article(object, fields).map_err(|message| BadRecord {
        problem: Problem::at(origin, Some(line), message),
        malformed: false,
    })?;
    if article.id.is_none() {
        article.id = Some(format!("{}-{line}-{:08x}", origin.stem, xxh3_64(bytes) as u32));
    }
    article.path = origin.stored_path.clone();
    article.line = Some(line);
    article.notes.extend(notes);
    Ok(article)
}

/// Maps an object's top-level fields; nested objects count only by their `name` (`source.name`).
fn article(object: Map<String, Value>, fields: &FieldMap) -> Result<RawArticle, String> {
    fields.article(object.into_iter().filter_map(|(name, value)| Some((name, field_value(value)?))))
}

fn field_value(value: Value) -> Option<FieldValue<'static>> {
    Some(match value {
        Value::Array(items) => FieldValue::List(items.into_iter().filter_map(scalar_text).collect()),
        other => FieldValue::Text(Cow::Owned(scalar_text(other)?)),
    })
}

/// Text of a string, number or boolean, or of an object's `name`.
fn scalar_text(value: Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Object(mut object) => match object.remove("name") {
            Some(Value::String(name)) => Some(name),
            _ => None,
        },
        Value::Null | Value::Array(_) => None,
    }
}

fn describe_value(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() { format!("'{}'", byte as char) } else { format!("byte 0x{byte:02x}") }
}

/// serde_json's message without its "at line L column C", which is relative to the record.
fn short_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message,
    }
}

/// What comes next in a stream of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The `[` that opens the array.
    Open,
    Value,
    /// `,` or `]` after an element.
    Separator,
    /// Nothing but white space after the closing `]`.
    End,
}

/// An array's elements (or top-level values one after another), each cut out of the stream by
/// a small scanner and parsed on its own. serde_json's streaming reader reads byte by byte and
/// says nowhere where a value started; cutting values out first gives each its line, its bytes
/// for a stable id, fast parsing, and a size cap that never buffers an oversized element.
struct ValueStream {
    scanner: Scanner,
    in_array: bool,
    expect: Expect,
    finished: bool,
}

impl ValueStream {
    fn new(reader: Box<dyn BufRead + Send>, line: u64, in_array: bool) -> Self {
        let expect = if in_array { Expect::Open } else { Expect::Value };
        Self { scanner: Scanner::new(reader, line), in_array, expect, finished: false }
    }

    fn next_record(&mut self, origin: &Origin, fields: &FieldMap) -> Option<Result<RawArticle, Problem>> {
        match self.step(origin, fields) {
            Ok(item) => item,
            Err(e) => {
                self.finished = true;
                Some(Err(Problem::at(origin, Some(self.scanner.line), read_error(&e))))
            }
        }
    }

    /// Ends the stream with one problem at the scanner's place.
    fn fail(&mut self, origin: &Origin, message: String) -> io::Result<Option<Result<RawArticle, Problem>>> {
        self.finished = true;
        Ok(Some(Err(Problem::at(origin, Some(self.scanner.line), message))))
    }

    fn step(
        &mut self,
        origin: &Origin,
        fields: &FieldMap,
    ) -> io::Result<Option<Result<RawArticle, Problem>>> {
        loop {
            if self.finished {
                return Ok(None);
            }
            let next = self.scanner.peek()?;
            match (self.expect, next) {
                (Expect::Open, _) => {
                    // `start` saw the `[`.
                    self.scanner.bump();
                    self.expect = match self.scanner.peek()? {
                        Some(b']') => {
                            self.scanner.bump();
                            Expect::End
                        }
                        _ => Expect::Value,
                    };
                }
                (Expect::Value, None) if !self.in_array => return Ok(None),
                (Expect::Value, None) | (Expect::Separator, None) => {
                    return self.fail(
                        origin,
                        "the file ends before the array is closed with ']' (cut short?)".into(),
                    );
                }
                (Expect::Value, Some(byte @ (b',' | b']' | b'}' | b':'))) => {
                    let message = if self.in_array && byte == b']' {
                        "not valid JSON: a comma before the closing ']'".to_string()
                    } else {
                        format!("not valid JSON: {} where a value should start", describe_byte(byte))
                    };
                    return self.fail(origin, message);
                }
                (Expect::Value, Some(_)) => {
                    if self.in_array {
                        self.expect = Expect::Separator;
                    }
                    return self.value(origin, fields).map(Some);
                }
                (Expect::Separator, Some(b',')) => {
                    self.scanner.bump();
                    self.expect = Expect::Value;
                }
                (Expect::Separator, Some(b']')) => {
                    self.scanner.bump();
                    self.expect = Expect::End;
                }
                (Expect::Separator, Some(byte)) => {
                    let message = format!(
                        "not valid JSON: expected ',' or ']' after an element, found {}",
                        describe_byte(byte)
                    );
                    return self.fail(origin, message);
                }
                (Expect::End, None) => return Ok(None),
                (Expect::End, Some(byte)) => {
                    let message = format!("{} after the closing ']' of the array", describe_byte(byte));
                    return self.fail(origin, message);
                }
            }
        }
    }

    /// Cuts out the value that starts here and makes it a record.
    fn value(&mut self, origin: &Origin, fields: &FieldMap) -> io::Result<Result<RawArticle, Problem>> {
        let (line, column) = (self.scanner.line, self.scanner.column);
        Ok(match self.scanner.take_value(MAX_RECORD_BYTES)? {
            Taken::Whole => match parse_record(&self.scanner.value, origin, line, column, fields) {
                Ok(article) => Ok(article),
                Err(bad) => {
                    // After broken JSON the scanner cannot be trusted to find the next element.
                    self.finished |= bad.malformed;
                    Err(bad.problem)
                }
            },
            Taken::TooLong(len) => Err(Problem::at(
                origin,
                Some(line),
                format!(
                    "record of {len} bytes is over the {} MB limit for one record",
                    MAX_RECORD_BYTES >> 20
                ),
            )),
            Taken::CutShort => {
                self.finished = true;
                Err(Problem::at(origin, Some(line), "the file ends inside this record (cut short?)"))
            }
        })
    }
}

/// How a value was cut out of the stream.
#[derive(Debug, PartialEq, Eq)]
enum Taken {
    Whole,
    /// Longer than the cap; skipped, not kept.
    TooLong(u64),
    /// The input ended inside it.
    CutShort,
}

/// Reads a stream of JSON values, finding where each ends (strings, escapes, nesting) without
/// parsing it, and keeping count of lines and columns.
struct Scanner {
    reader: Box<dyn BufRead + Send>,
    /// Line and byte column (1-based) of the next unread byte.
    line: u64,
    column: u64,
    /// The bytes of the value last taken.
    value: Vec<u8>,
}

/// Where the scan of one value is.
#[derive(Debug, Default)]
struct ValueEnd {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// A number or literal, which ends at the first byte that cannot be part of it.
    scalar: bool,
    started: bool,
}

impl ValueEnd {
    /// Index just past the end of the value in `chunk`, if it ends there.
    fn find(&mut self, chunk: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i < chunk.len() {
            let byte = chunk[i];
            if !self.started {
                self.started = true;
                match byte {
                    b'{' | b'[' => self.depth = 1,
                    b'"' => self.in_string = true,
                    _ => self.scalar = true,
                }
            } else if self.scalar {
                if matches!(byte, b',' | b']' | b'}' | b'[' | b'{' | b'"' | b':')
                    || byte.is_ascii_whitespace()
                {
                    return Some(i);
                }
            } else if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else {
                    // Most bytes are inside strings: skip to the next quote or backslash at once.
                    i += chunk[i..].iter().position(|&b| b == b'"' || b == b'\\')?;
                    if chunk[i] == b'\\' {
                        self.escaped = true;
                    } else {
                        self.in_string = false;
                        if self.depth == 0 {
                            return Some(i + 1);
                        }
                    }
                }
            } else {
                match byte {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => {
                        self.depth -= 1;
                        if self.depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        None
    }
}

/// The reader's buffered bytes, reading more when it is empty (and again when interrupted).
fn fill_buf(reader: &mut (dyn BufRead + Send)) -> io::Result<&[u8]> {
    loop {
        match reader.fill_buf() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // The buffer cannot be returned from inside the loop (a limit of the borrow checker);
            // asking again gives the same bytes, reading only if the input had ended.
            Ok(_) => return reader.fill_buf(),
            Err(e) => return Err(e),
        }
    }
}

impl Scanner {
    fn new(reader: Box<dyn BufRead + Send>, line: u64) -> Self {
        Self { reader, line, column: 1, value: Vec::new() }
    }

    /// The next byte that is not white space, left unread; `None` at the end.
    fn peek(&mut self) -> io::Result<Option<u8>> {
        loop {
            let buffer = fill_buf(&mut *self.reader)?;
            if buffer.is_empty() {
                return Ok(None);
            }
            let blank = buffer.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buffer.len());
            let next = buffer.get(blank).copied();
            advance(&mut self.line, &mut self.column, &buffer[..blank]);
            self.reader.consume(blank);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Consumes the byte `peek` returned.
    fn bump(&mut self) {
        self.reader.consume(1);
        self.column += 1;
    }

    /// Reads the value that starts at the next byte into `self.value` (unless it is over `max`).
    fn take_value(&mut self, max: usize) -> io::Result<Taken> {
        self.value.clear();
        let mut end = ValueEnd::default();
        let mut len: u64 = 0;
        loop {
            let buffer = fill_buf(&mut *self.reader)?;
            if buffer.is_empty() {
                // A number or literal may end with the input; anything else is cut short.
                return Ok(if end.scalar && len > 0 {
                    self.whole_or_too_long(len, max)
                } else {
                    Taken::CutShort
                });
            }
            let found = end.find(buffer);
            let used = found.unwrap_or(buffer.len());
            len += used as u64;
            if len <= max as u64 {
                self.value.extend_from_slice(&buffer[..used]);
            }
            advance(&mut self.line, &mut self.column, &buffer[..used]);
            self.reader.consume(used);
            if found.is_some() {
                return Ok(self.whole_or_too_long(len, max));
            }
        }
    }

    fn whole_or_too_long(&mut self, len: u64, max: usize) -> Taken {
        if len > max as u64 {
            self.value.clear();
            Taken::TooLong(len)
        } else {
            Taken::Whole
        }
    }
}

/// Moves a line and column past `bytes`.
fn advance(line: &mut u64, column: &mut u64, bytes: &[u8]) {
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => {
            *line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            *column = (bytes.len() - last) as u64;
        }
        None => *column += bytes.len() as u64,
    }
}

#[cfg(test)]
mod tests;
