//! The ingest stage: finds input files and turns each into [`RawArticle`]s, as the format gives
//! them. Nothing here cleans text or guesses metadata; that is extraction's job.

pub mod decode;
pub mod files;
pub mod text;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::RawArticle;

pub use files::{Discovery, InputFile, discover};

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
}

/// `path:line: message`, the form editors and terminals link to.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// The input formats newsdex reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Scraped article text, one article per file, headline on the first real line.
    Text,
}

impl Format {
    /// The format a file's name says it has, if it is one newsdex reads.
    pub fn from_path(path: &Path) -> Option<Self> {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            None | Some("txt" | "text") => Some(Self::Text),
            Some(_) => None,
        }
    }
}

/// Reads one file into the articles it holds.
pub fn read_file(file: &InputFile) -> Result<Vec<RawArticle>, Problem> {
    match file.format {
        Format::Text => text::read_text_file(&file.path).map(|article| vec![article]),
    }
}

/// The path to record for an input: absolute, so that re-indexing from another working
/// directory still recognises the file.
pub fn canonical_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
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
    fn text_files_are_recognised_by_name() {
        assert_eq!(Format::from_path(Path::new("a/story.txt")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("a/STORY.TXT")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("a/wire-0815")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("a/page.html")), None);
    }
}
