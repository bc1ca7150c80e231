//! What every input format produces: a stream of records, problems that name their place, and
//! the options that steer reading.

use std::fmt::{self, Write};
use std::io;
use std::path::{Path, PathBuf};

use crate::model::RawArticle;

/// Something wrong with one input (a file, or a record in it), reported and skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    /// 1-based line of the record, where the format has lines.
    pub line: Option<u64>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, message: impl Into<String>) -> Self {
        Self { path: path.display().to_string(), line: None, message: message.into() }
    }

    pub fn at(origin: &Origin, line: Option<u64>, message: impl Into<String>) -> Self {
        Self { path: origin.display.clone(), line, message: message.into() }
    }
}

/// `path:line: message`, the form editors and terminals link to. Always one line: paths and
/// messages can quote input (a field name, a DATE), so control characters are written as escapes.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_escaping_controls(f, &self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        f.write_str(": ")?;
        write_escaping_controls(f, &self.message)
    }
}

/// Writes `text` with its control characters (line breaks, terminal escapes) as `\n`, `\u{1b}`….
fn write_escaping_controls(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    if !text.contains(char::is_control) {
        return f.write_str(text);
    }
    for c in text.chars() {
        if c.is_control() {
            write!(f, "{}", c.escape_default())?;
        } else {
            f.write_char(c)?;
        }
    }
    Ok(())
}

/// The records of one input, in order; an `Err` is one bad record (or the reason the rest of the
/// input could not be read, after which the stream ends).
pub type Records = Box<dyn Iterator<Item = Result<RawArticle, Problem>> + Send>;

/// Where records come from, for messages, stored paths and made-up ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// As the user named it (or `-` for standard input), for messages.
    pub display: String,
    /// The absolute path stored with each article; `None` for standard input.
    pub stored_path: Option<String>,
    /// The file name without extensions, made safe for ids ("reut2-000", "stdin").
    pub stem: String,
}

impl Origin {
    pub fn of_path(path: &Path) -> Self {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let stem = name.split('.').next().unwrap_or_default();
        Self {
            display: path.display().to_string(),
            stored_path: Some(canonical_path(path).display().to_string()),
            stem: slug(stem),
        }
    }

    pub fn stdin() -> Self {
        Self { display: "-".into(), stored_path: None, stem: "stdin".into() }
    }
}

/// The input formats newsdex reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Lines,
    Jsonl,
    Json,
    Csv,
    Tsv,
    Html,
    Reuters,
    Trec,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 9] = [
        Self::Text,
        Self::Lines,
        Self::Jsonl,
        Self::Json,
        Self::Csv,
        Self::Tsv,
        Self::Html,
        Self::Reuters,
        Self::Trec,
    ];

    /// The format's name, as the user writes it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Lines => "lines",
            Self::Jsonl => "jsonl",
            Self::Json => "json",
            Self::Csv => "csv",
            Self::Tsv => "tsv",
            Self::Html => "html",
            Self::Reuters => "reuters",
            Self::Trec => "trec",
        }
    }

    /// What the format is, in a few words.
    pub fn description(self) -> &'static str {
        match self {
            Self::Text => "Scraped article text, one article per file, headline on the first real line",
            Self::Lines => "One article per line, no headline",
            Self::Jsonl => "JSON lines: one object per line",
            Self::Json => "A JSON array of objects (or a single object)",
            Self::Csv => "Comma-separated values, with a header or `--columns`",
            Self::Tsv => "Tab-separated values, with a header or `--columns`",
            Self::Html => "A saved web page",
            Self::Reuters => "Reuters-21578 SGML",
            Self::Trec => "TREC SGML (`<DOC><DOCNO>…`)",
        }
    }

    /// The format a file's name says it has (compression extensions aside); `None` when the
    /// name says nothing and the content must tell.
    pub fn from_name(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = strip_compression(&name);
        let extension = name.rsplit_once('.').map(|(_, ext)| ext)?;
        Some(match extension {
            "jsonl" | "ndjson" => Self::Jsonl,
            "json" => Self::Json,
            "csv" => Self::Csv,
            "tsv" | "tab" => Self::Tsv,
            "html" | "htm" | "xhtml" => Self::Html,
            _ => return None,
        })
    }

    /// Whether a file met while walking a folder looks like something to read.
    pub fn is_candidate(path: &Path) -> bool {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()) else {
            return false;
        };
        let name = strip_compression(&name);
        match name.rsplit_once('.') {
            None => true,
            Some((_, ext)) => {
                Self::from_name(Path::new(name)).is_some() || matches!(ext, "txt" | "text" | "sgm" | "sgml")
            }
        }
    }
}

/// How to read records: the user's overrides of detection and field mapping.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Read every input as this format (`--format`).
    pub format: Option<Format>,
    /// `ROLE=NAME` pairs from `--field` (`body=maintext`): which record field fills which role.
    pub fields: Vec<(String, String)>,
    /// Column names for CSV/TSV without a header (`--columns class,title,body`).
    pub columns: Option<Vec<String>>,
}

/// A read error in words: a decompression failure means the data is cut short or damaged.
pub fn read_error(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => "compressed data ends early (truncated file)".into(),
        io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput => format!("damaged data: {e}"),
        _ => format!("cannot read: {e}"),
    }
}

/// Compression extensions newsdex reads through.
pub const COMPRESSION_EXTENSIONS: [&str; 3] = [".gz", ".zst", ".bz2"];

/// A file name without its compression extension ("news.jsonl.gz" → "news.jsonl").
pub fn strip_compression(name: &str) -> &str {
    COMPRESSION_EXTENSIONS.iter().find_map(|ext| name.strip_suffix(ext)).unwrap_or(name)
}

/// The path to record for an input: absolute, so that re-indexing from another working
/// directory still recognises the file.
pub fn canonical_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Lower-case letters, digits, `-` and `_`, at most 48 characters: safe in ids and on a command line.
pub fn slug(text: &str) -> String {
    let slug: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '-' })
        .take(48)
        .collect();
    if slug.is_empty() { "article".into() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_read_as_path_line_message() {
        let mut problem = Problem::new(Path::new("news/a.jsonl"), "not valid JSON");
        assert_eq!(problem.to_string(), "news/a.jsonl: not valid JSON");
        problem.line = Some(12);
        assert_eq!(problem.to_string(), "news/a.jsonl:12: not valid JSON");
    }

    #[test]
    fn problems_quoting_line_breaks_stay_on_one_line() {
        // A JSON field named "\n", and a file name with a line break and a terminal escape.
        let problem = Problem::new(Path::new("in\nx\u{1b}[2J.json"), "no title or body field (fields: \n)");
        assert_eq!(problem.to_string(), r"in\nx\u{1b}[2J.json: no title or body field (fields: \n)");
    }

    #[test]
    fn formats_are_named_by_extension_through_compression() {
        assert_eq!(Format::from_name(Path::new("a/news.jsonl.gz")), Some(Format::Jsonl));
        assert_eq!(Format::from_name(Path::new("a/NEWS.CSV")), Some(Format::Csv));
        assert_eq!(Format::from_name(Path::new("a/page.htm.zst")), Some(Format::Html));
        assert_eq!(Format::from_name(Path::new("a/story.txt")), None);
        assert_eq!(Format::from_name(Path::new("a/AP890101")), None);
    }

    #[test]
    fn folder_walks_take_known_extensions_and_extensionless_files() {
        for name in ["a.txt", "AP890101", "reut2-000.sgm", "x.jsonl.bz2", "page.html", "b.TSV"] {
            assert!(Format::is_candidate(Path::new(name)), "{name}");
        }
        for name in ["lewis.dtd", "photo.jpg", "notes.md"] {
            assert!(!Format::is_candidate(Path::new(name)), "{name}");
        }
    }

    #[test]
    fn origins_carry_a_safe_stem() {
        let origin = Origin::of_path(Path::new("x/2024-07-31 Harbor Floods.txt.gz"));
        assert_eq!(origin.stem, "2024-07-31-harbor-floods");
        assert_eq!(Origin::stdin().stored_path, None);
    }
}
