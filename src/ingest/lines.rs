//! Reading lines without trusting their length: a line longer than the limit is skipped as it
//! streams by, never held in memory, so one 100 MB line cannot blow up a run.

use std::io::{self, BufRead};

/// The longest line kept by default: far beyond any real record.
pub const MAX_LINE_BYTES: usize = 16 << 20;

/// One line of input.
#[derive(Debug, PartialEq, Eq)]
pub enum Line<'a> {
    /// A line's bytes, without its `\n` or `\r\n`.
    Text { number: u64, bytes: &'a [u8] },
    /// A line longer than the limit, skipped; `len` is its length in bytes.
    TooLong { number: u64, len: u64 },
}

/// Lines of a buffered reader, numbered from 1.
pub struct LineReader<R> {
    reader: R,
    buf: Vec<u8>,
    max: usize,
    number: u64,
}

impl<R: BufRead> LineReader<R> {
    pub fn new(reader: R) -> Self {
        Self::with_limit(reader, MAX_LINE_BYTES)
    }

    pub fn with_limit(reader: R, max: usize) -> Self {
        Self { reader, buf: Vec::new(), max, number: 0 }
    }

    /// The line read last (0 before the first).
    pub fn number(&self) -> u64 {
        self.number
    }

    /// The next line; `None` at the end. An error (a truncated compressed stream) ends the lines.
    pub fn next_line(&mut self) -> Option<io::Result<Line<'_>>> {
        self.buf.clear();
        let mut len: u64 = 0;
        let mut seen_any = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Some(Err(e)),
            };
            if available.is_empty() {
                if !seen_any {
                    return None;
                }
                break;
            }
            seen_any = true;
            let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..i], true),
                None => (available, false),
            };
            len += chunk.len() as u64;
            if len as usize <= self.max {
                self.buf.extend_from_slice(chunk);
            }
            let used = chunk.len() + usize::from(done);
            self.reader.consume(used);
            if done {
                break;
            }
        }
        self.number += 1;
        if len as usize > self.max {
            return Some(Ok(Line::TooLong { number: self.number, len }));
        }
        if self.buf.last() == Some(&b'\r') {
            self.buf.pop();
        }
        Some(Ok(Line::Text { number: self.number, bytes: &self.buf }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::test_readers::Truncated;

    fn lines(input: &[u8], max: usize) -> Vec<String> {
        let mut reader = LineReader::with_limit(io::BufReader::with_capacity(4, input), max);
        let mut out = Vec::new();
        while let Some(line) = reader.next_line() {
            out.push(match line.unwrap() {
                Line::Text { number, bytes } => format!("{number}:{}", String::from_utf8_lossy(bytes)),
                Line::TooLong { number, len } => format!("{number}:too long ({len})"),
            });
        }
        out
    }

    #[test]
    fn lines_are_numbered_and_line_ends_dropped() {
        assert_eq!(lines(b"one\r\ntwo\n\nfour", 100), ["1:one", "2:two", "3:", "4:four"]);
        assert!(lines(b"", 100).is_empty());
        assert_eq!(lines(b"only\n", 100), ["1:only"]);
    }

    #[test]
    fn a_line_over_the_limit_is_skipped_and_the_next_read() {
        assert_eq!(lines(b"short\nthis one is long\nok", 8), ["1:short", "2:too long (16)", "3:ok"]);
    }

    #[test]
    fn read_errors_end_the_lines() {
        let mut reader = LineReader::new(io::BufReader::new(Truncated::after(b"")));
        assert!(reader.next_line().unwrap().is_err());
    }
}
