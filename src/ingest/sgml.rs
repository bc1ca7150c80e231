//! What the SGML news formats (Reuters-21578, TREC) share: cutting a stream into
//! `<TAG> … </TAG>` blocks with a size cap, finding elements inside a block, and turning element
//! content into text (character references decoded, control characters dropped, `<P>`
//! paragraphs kept apart, bylines read into author names).
//!
//! These files are line-structured SGML, not XML: end tags may be missing, `&` stands alone,
//! undeclared entities (`&QL;`, `&Cx1f;`) and raw control characters occur, and there is no
//! root element, so an XML parser rejects real files. A tag scanner over one bounded block is all
//! they need.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::LazyLock;

use encoding_rs::WINDOWS_1252;
use regex::Regex;

use crate::ingest::lines::{Line, LineReader};
use crate::ingest::references;
use crate::ingest::{Origin, Problem, Records};
use crate::model::RawArticle;
use crate::word_lists;

/// The largest block (one story or document) kept; a bigger one is skipped, never buffered whole.
pub const MAX_BLOCK_BYTES: usize = 16 << 20;

/// A start or end tag: `<NAME attributes>` or `</NAME>`.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(/?)([A-Za-z][A-Za-z0-9_.:-]*)((?:\s[^<>]*)?)>").expect("valid regex"));

static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"([A-Za-z][A-Za-z0-9_.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
        .expect("valid regex")
});

/// "By …", "Compiled by …": the start of a byline that names people.
static BYLINE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:compiled|written|reported|story|text)\s+)?by\s+").expect("valid regex")
});

/// Where a byline's names end: the writer's title or paper follows a comma ("…, Reuters").
static BYLINE_NAMES_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[,;(/]|\s--\s|\s-\s").expect("valid regex"));

/// An agency name after the names without a comma ("By Ann Lee Reuters").
static TRAILING_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:reuters?|(?:the\s+)?associated\s+press|upi|afp)\s*$").expect("valid regex")
});

static BYLINE_AND: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\s+(?:and|&)\s+").expect("valid regex"));

/// Bylines that credit an agency or desk rather than people.
static NOT_A_PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:associated\s+press|reuters?|united\s+press|press\s+international|news\s+services?|wire|staff|writers?|correspondents?|editors?|times|bureau|reports?)\b",
    )
    .expect("valid regex")
});

/// Lower-case words that belong inside personal names.
static NAME_PARTICLES: LazyLock<Vec<&str>> =
    LazyLock::new(|| word_lists::entries(include_str!("../../data/name-particles.txt")).collect());

/// One block of input, from its start tag to its end tag.
#[derive(Debug)]
pub enum Block {
    /// A whole block; `line` is where its start tag is.
    Whole { line: u64, bytes: Vec<u8> },
    /// The next start tag, or the end of the input, came before the end tag; `bytes` holds what
    /// was read (at most the cap), to name the block in a message.
    Unclosed { line: u64, bytes: Vec<u8> },
    /// A block of `len` bytes, over the cap; `head` is its first bytes.
    TooLarge { line: u64, len: u64, head: Vec<u8> },
    /// A line outside any block too long to look into.
    LongLine { line: u64, len: u64 },
    /// The input could not be read further; nothing follows.
    ReadError { line: u64, error: io::Error },
    /// The whole input held no start tag: not this format.
    NoBlocks,
}

/// What a format of one element per record (Reuters' `<REUTERS>`, TREC's `<DOC>`) gives
/// [`block_records`]: its tag, its words for messages, and how to name and read a block.
pub struct BlockFormat {
    pub tag: &'static str,
    /// What one block is called in messages ("story", "document").
    pub unit: &'static str,
    /// Said when an input holds no block at all.
    pub none_found: &'static str,
    /// "ID=x: " to name a block that could not be read, from its first bytes ("" when unknown).
    pub naming: fn(&[u8]) -> String,
    /// Reads a whole block, starting at `line`.
    pub read: fn(&[u8], u64, &Origin) -> Result<RawArticle, Problem>,
}

/// The records of an input of `format`'s blocks, each at most `cap` bytes; a block that cannot
/// be read is a [`Problem`] naming it.
pub fn block_records(
    reader: Box<dyn BufRead + Send>,
    origin: Origin,
    format: BlockFormat,
    cap: usize,
) -> Records {
    Box::new(
        BlockReader::new(reader, format.tag, cap)
            .map(move |block| block_record(block, &origin, &format, cap)),
    )
}

fn block_record(
    block: Block,
    origin: &Origin,
    format: &BlockFormat,
    cap: usize,
) -> Result<RawArticle, Problem> {
    let (line, message) = match block {
        Block::Whole { line, bytes } => return (format.read)(&bytes, line, origin),
        Block::Unclosed { line, bytes } => {
            (line, format!("{}no closing </{}> tag", (format.naming)(&bytes), format.tag))
        }
        Block::TooLarge { line, len, head } => (
            line,
            format!(
                "{}{} of {len} bytes is larger than {} (skipped)",
                (format.naming)(&head),
                format.unit,
                size_text(cap)
            ),
        ),
        Block::LongLine { line, len } => (line, format!("line of {len} bytes is too long to read (skipped)")),
        Block::ReadError { line, error } => (line, read_error(&error)),
        Block::NoBlocks => return Err(Problem::at(origin, None, format.none_found)),
    };
    Err(Problem::at(origin, Some(line), message))
}

/// Cuts an input into blocks of one element (`<REUTERS …> … </REUTERS>`, `<DOC> … </DOC>`),
/// line by line, holding at most one block (capped) in memory.
pub struct BlockReader<R> {
    lines: LineReader<R>,
    assembler: Assembler,
    finished: bool,
}

impl<R: BufRead> BlockReader<R> {
    /// Blocks of the element `name` (matched without regard to case), each at most `cap` bytes.
    pub fn new(reader: R, name: &str, cap: usize) -> Self {
        Self {
            lines: LineReader::with_limit(reader, cap),
            assembler: Assembler {
                open: format!("<{name}").into_bytes(),
                close: format!("</{name}>").into_bytes(),
                cap,
                current: None,
                ready: VecDeque::new(),
                started_any: false,
            },
            finished: false,
        }
    }
}

impl<R: BufRead> Iterator for BlockReader<R> {
    type Item = Block;

    fn next(&mut self) -> Option<Block> {
        loop {
            if let Some(block) = self.assembler.ready.pop_front() {
                return Some(block);
            }
            if self.finished {
                return None;
            }
            match self.lines.next_line() {
                None => {
                    self.finished = true;
                    self.assembler.finish(false);
                    if !self.assembler.started_any {
                        self.assembler.ready.push_back(Block::NoBlocks);
                    }
                }
                Some(Err(error)) => {
                    self.finished = true;
                    self.assembler.current = None;
                    let line = self.lines.number() + 1;
                    self.assembler.ready.push_back(Block::ReadError { line, error });
                }
                Some(Ok(Line::TooLong { number, len })) => self.assembler.long_line(number, len),
                Some(Ok(Line::Text { number, bytes })) => self.assembler.take_line(number, bytes),
            }
        }
    }
}

/// The block being read, apart from the line reader so that a line can be handed to it.
struct Assembler {
    open: Vec<u8>,
    close: Vec<u8>,
    cap: usize,
    current: Option<PartialBlock>,
    ready: VecDeque<Block>,
    started_any: bool,
}

struct PartialBlock {
    line: u64,
    bytes: Vec<u8>,
    /// All bytes seen, including those past the cap that were not kept.
    len: u64,
}

impl Assembler {
    /// Feeds one line; start and end tags may be anywhere in it, several blocks on one line too.
    fn take_line(&mut self, number: u64, line: &[u8]) {
        let mut cursor = 0;
        loop {
            let search_from = if self.current.is_some() {
                cursor
            } else {
                let Some(at) = find_tag(line, cursor, &self.open, true) else { return };
                self.current = Some(PartialBlock { line: number, bytes: Vec::new(), len: 0 });
                self.started_any = true;
                cursor = at;
                at + self.open.len()
            };
            let close = find_tag(line, search_from, &self.close, false);
            let next_open = find_tag(line, search_from, &self.open, true);
            match (close, next_open) {
                (Some(close), next) if next.is_none_or(|next| close < next) => {
                    let end = close + self.close.len();
                    self.append(&line[cursor..end]);
                    self.finish(true);
                    cursor = end;
                }
                (_, Some(next)) => {
                    self.append(&line[cursor..next]);
                    self.finish(false);
                    cursor = next;
                }
                _ => {
                    self.append(&line[cursor..]);
                    self.append(b"\n");
                    return;
                }
            }
        }
    }

    fn long_line(&mut self, number: u64, len: u64) {
        match self.current.as_mut() {
            // Its bytes are gone, so the block can only be reported, too large or unclosed.
            Some(block) => block.len += len + 1,
            None => self.ready.push_back(Block::LongLine { line: number, len }),
        }
    }

    fn append(&mut self, bytes: &[u8]) {
        let Some(block) = self.current.as_mut() else { return };
        block.len += bytes.len() as u64;
        if block.len <= self.cap as u64 {
            block.bytes.extend_from_slice(bytes);
        }
    }

    fn finish(&mut self, closed: bool) {
        let Some(PartialBlock { line, bytes, len }) = self.current.take() else { return };
        self.ready.push_back(match (closed, len > self.cap as u64) {
            (true, false) => Block::Whole { line, bytes },
            (true, true) => Block::TooLarge { line, len, head: bytes },
            (false, _) => Block::Unclosed { line, bytes },
        });
    }
}

/// Where `tag` (`<NAME` or `</NAME>`, any case) next occurs from `from`; a start tag must be
/// followed by `>`, white space or the line end, so `<DOC` does not match `<DOCNO>`.
fn find_tag(line: &[u8], from: usize, tag: &[u8], is_start: bool) -> Option<usize> {
    let mut at = from;
    loop {
        at += line.get(at..)?.iter().position(|&b| b == b'<')?;
        let rest = &line[at..];
        let name_matches = rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag);
        let ends_right = !is_start || matches!(rest.get(tag.len()), None | Some(b'>' | b' ' | b'\t' | b'\r'));
        if name_matches && ends_right {
            return Some(at);
        }
        at += 1;
    }
}

/// A block's bytes as text: UTF-8 when they are, else Windows-1252. (Not `decode`: a block
/// with a stray NUL byte is still text here.)
pub fn utf8_or_cp1252(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => cp1252(bytes),
    }
}

/// Bytes of a Latin-1 / Windows-1252 file as text.
pub fn cp1252(bytes: &[u8]) -> String {
    WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned()
}

/// A byte count for messages: "16 MB", "150 bytes".
pub fn size_text(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

pub use crate::ingest::read_error;

#[derive(Debug, Clone, Copy)]
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attributes: &'a str,
    start: usize,
    end: usize,
}

/// The tags of one block, to find elements in.
pub struct Sgml<'a> {
    text: &'a str,
    tags: Vec<Tag<'a>>,
}

/// One element of a block. An element without its end tag runs to the next start tag of the
/// same name or to the end of its parent, and says so in `closed`.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    /// The text of the start tag after its name (`TOPICS="YES" NEWID="1"`).
    pub attributes: &'a str,
    /// Everything between the start and end tags, as written.
    pub content: &'a str,
    pub closed: bool,
    /// Byte offsets in the block: start tag, content, and the end (after the end tag).
    pub start: usize,
    pub content_start: usize,
    pub content_end: usize,
    pub end: usize,
    /// Indices of the tags inside the content.
    inner: (usize, usize),
}

impl<'a> Sgml<'a> {
    pub fn new(text: &'a str) -> Self {
        let tags = TAG
            .captures_iter(text)
            .filter_map(|caps| {
                let whole = caps.get(0)?;
                Some(Tag {
                    name: caps.get(2)?.as_str(),
                    closing: !caps.get(1)?.as_str().is_empty(),
                    attributes: caps.get(3).map_or("", |m| m.as_str().trim()),
                    start: whole.start(),
                    end: whole.end(),
                })
            })
            .collect();
        Self { text, tags }
    }

    /// Every element `name` in the block, in order (nested ones too).
    pub fn elements<'s>(&'s self, name: &'s str) -> impl Iterator<Item = Element<'a>> + 's {
        self.elements_in(name, 0, self.tags.len(), self.text.len())
    }

    /// The first element `name` in the block.
    pub fn first(&self, name: &str) -> Option<Element<'a>> {
        self.elements(name).next()
    }

    /// Every element `name` inside `parent`, at any depth.
    pub fn children<'s>(
        &'s self,
        parent: &Element<'a>,
        name: &'s str,
    ) -> impl Iterator<Item = Element<'a>> + 's {
        self.elements_in(name, parent.inner.0, parent.inner.1, parent.content_end)
    }

    /// The first element `name` inside `parent`.
    pub fn child(&self, parent: &Element<'a>, name: &str) -> Option<Element<'a>> {
        self.children(parent, name).next()
    }

    fn elements_in<'s>(
        &'s self,
        name: &'s str,
        from: usize,
        to: usize,
        limit: usize,
    ) -> impl Iterator<Item = Element<'a>> + 's {
        (from..to)
            .filter(move |&i| !self.tags[i].closing && self.tags[i].name.eq_ignore_ascii_case(name))
            .map(move |i| self.element_at(i, to, limit))
    }

    /// The element whose start tag is `tags[open]`, looking no further than tag `to` and byte
    /// `limit` (its parent's end).
    fn element_at(&self, open: usize, to: usize, limit: usize) -> Element<'a> {
        let tag = self.tags[open];
        let same_name = (open + 1..to).find(|&j| self.tags[j].name.eq_ignore_ascii_case(tag.name));
        let (last, content_end, end, closed) = match same_name {
            Some(j) if self.tags[j].closing => (j, self.tags[j].start, self.tags[j].end, true),
            _ => {
                // Unclosed: it ends at the next start tag of its name, or where an end tag
                // closes something opened before it (its parent).
                let stop = same_name.unwrap_or(to);
                let stop = self.first_unmatched_end(open + 1, stop).unwrap_or(stop);
                let offset = self.tags.get(stop).filter(|_| stop < to).map_or(limit, |t| t.start);
                (stop, offset, offset, false)
            }
        };
        Element {
            attributes: tag.attributes,
            content: self.text.get(tag.end..content_end).unwrap_or(""),
            closed,
            start: tag.start,
            content_start: tag.end,
            content_end,
            end,
            inner: (open + 1, last),
        }
    }

    /// The first end tag in `from..to` whose start tag is not in that range.
    fn first_unmatched_end(&self, from: usize, to: usize) -> Option<usize> {
        let mut opened: Vec<&str> = Vec::new();
        for j in from..to {
            let tag = self.tags[j];
            if !tag.closing {
                opened.push(tag.name);
            } else if let Some(k) = opened.iter().rposition(|name| name.eq_ignore_ascii_case(tag.name)) {
                opened.remove(k);
            } else {
                return Some(j);
            }
        }
        None
    }
}

/// The value of attribute `name` (any case) in a start tag's attribute text.
pub fn attribute<'a>(attributes: &'a str, name: &str) -> Option<&'a str> {
    ATTRIBUTE.captures_iter(attributes).find_map(|caps| {
        if !caps.get(1)?.as_str().eq_ignore_ascii_case(name) {
            return None;
        }
        Some(caps.get(2).or_else(|| caps.get(3)).or_else(|| caps.get(4))?.as_str())
    })
}

/// Decodes the SGML character references of Reuters and TREC files (see
/// [`references::decode_sgml`]).
pub fn decode_references(text: &str) -> Cow<'_, str> {
    references::decode_sgml(text)
}

/// Removes control characters (the wire's start, end and routing codes), keeping line breaks
/// and tabs.
pub fn drop_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_dropped_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().filter(|&c| !is_dropped_control(c)).collect())
}

fn is_dropped_control(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// Element content as one line: tags removed, references decoded, control characters dropped,
/// white space collapsed (titles, tag values, datelines).
pub fn inline_text(content: &str) -> String {
    let untagged = TAG.replace_all(content, " ");
    let decoded = decode_references(&untagged);
    let mut out = String::with_capacity(decoded.len());
    for word in decoded.split(char::is_whitespace).map(drop_controls).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

/// Untagged text with its lines kept: references decoded, controls dropped, trailing spaces
/// and blank lines at either end removed (the first line's indentation stays: it can mark a
/// paragraph).
pub fn multiline_text(raw: &str) -> String {
    let decoded = decode_references(raw);
    let clean = drop_controls(&decoded);
    let mut out = String::with_capacity(clean.len());
    for line in clean.lines().map(str::trim_end).skip_while(|l| l.is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out
}

/// The text of a body element: `<P>` paragraphs (and table rows, cells joined with " | ")
/// separated by blank lines; content without paragraph tags keeps its lines as written. The
/// content of elements named in `skip` is left out; other tags are dropped.
pub fn container_text(content: &str, skip: &[&str]) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    let mut skipping: Option<&str> = None;
    let mut position = 0;
    let flush = |current: &mut String, paragraphs: &mut Vec<String>| {
        let text = multiline_text(current);
        if !text.is_empty() {
            paragraphs.push(text);
        }
        current.clear();
    };
    for caps in TAG.captures_iter(content) {
        let (Some(whole), Some(name)) = (caps.get(0), caps.get(2)) else { continue };
        let closing = caps.get(1).is_some_and(|m| !m.as_str().is_empty());
        let name = name.as_str();
        let between = &content[position..whole.start()];
        position = whole.end();
        if let Some(skipped) = skipping {
            if closing && skipped.eq_ignore_ascii_case(name) {
                skipping = None;
            }
            continue;
        }
        match (cell.as_mut(), row.is_some()) {
            (Some(cell), _) => cell.push_str(between),
            // Between the cells of a row there are only rules and spaces.
            (None, true) => {}
            (None, false) => current.push_str(between),
        }
        if name.eq_ignore_ascii_case("P") {
            flush(&mut current, &mut paragraphs);
        } else if name.eq_ignore_ascii_case("TABLEROW") {
            flush(&mut current, &mut paragraphs);
            if let Some(cells) = row.take().filter(|cells| !cells.is_empty()) {
                paragraphs.push(cells.join(" | "));
            }
            if !closing {
                row = Some(Vec::new());
            }
        } else if name.eq_ignore_ascii_case("TABLECELL") {
            if let Some(text) = cell.take().map(|c| inline_text(&c)).filter(|t| !t.is_empty()) {
                match row.as_mut() {
                    Some(cells) => cells.push(text),
                    None => current.push_str(&text),
                }
            }
            if !closing {
                cell = Some(String::new());
            }
        } else if !closing && skip.iter().any(|s| s.eq_ignore_ascii_case(name)) {
            skipping = skip.iter().copied().find(|s| s.eq_ignore_ascii_case(name));
        }
    }
    if skipping.is_none() {
        let tail = &content[position..];
        match cell.take() {
            Some(mut open_cell) => {
                open_cell.push_str(tail);
                row.get_or_insert_with(Vec::new).push(inline_text(&open_cell));
            }
            None if row.is_none() => current.push_str(tail),
            None => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    let cells: Vec<String> = row.unwrap_or_default().into_iter().filter(|c| !c.is_empty()).collect();
    if !cells.is_empty() {
        paragraphs.push(cells.join(" | "));
    }
    paragraphs.join("\n\n")
}

/// The people a byline names: "By HILLEL ITALIE" → `["HILLEL ITALIE"]`, "By Ann Lee and Bo
/// Park, Times Staff Writers" → `["Ann Lee", "Bo Park"]`. `^` separates byline lines (AP).
/// Lines that do not start with "By", and bylines of agencies or desks ("By The Associated
/// Press", "From Times Wire Services"), name nobody.
pub fn byline_authors(byline: &str) -> Vec<String> {
    let mut authors: Vec<String> = Vec::new();
    for segment in byline.split(['^', '\n']) {
        let segment = segment.trim();
        let Some(start) = BYLINE_START.find(segment) else { continue };
        let names = &segment[start.end()..];
        let names = BYLINE_NAMES_END.find(names).map_or(names, |m| &names[..m.start()]);
        let names = match TRAILING_AGENCY.find(names) {
            // Not when the agency is all there is ("By The Associated Press").
            Some(agency) if names[..agency.start()].split_whitespace().count() >= 2 => {
                &names[..agency.start()]
            }
            _ => names,
        };
        if NOT_A_PERSON.is_match(names) {
            continue;
        }
        let found: Vec<&str> = BYLINE_AND.split(names).map(str::trim).collect();
        if found.iter().all(|name| looks_like_name(name)) {
            for name in found {
                if !authors.iter().any(|a| a == name) {
                    authors.push(name.to_owned());
                }
            }
        }
    }
    authors
}

/// One to six capitalised words (particles like "de" and prefixes like "d'" aside), no digits.
fn looks_like_name(name: &str) -> bool {
    let capitalised = |word: &&str| {
        let after_prefix =
            word.split_once('\'').filter(|(prefix, _)| prefix.len() <= 2).map_or(*word, |(_, rest)| rest);
        after_prefix.chars().next().is_some_and(char::is_uppercase)
    };
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=6).contains(&words.len())
        && name.len() <= 80
        && !name.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|word| capitalised(word) || NAME_PARTICLES.contains(word))
        && words.iter().any(capitalised)
}

#[cfg(test)]
mod tests;
