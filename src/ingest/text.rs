//! Scraped article text: one article per file. The whole text goes on to extraction, which
//! finds the headline, dateline and boilerplate.

use std::path::Path;

use xxhash_rust::xxh3::xxh3_64;

use super::decode::{Decoded, decode};
use super::files::describe_io;
use super::{Problem, canonical_path};
use crate::model::RawArticle;

/// Reads a text file as one article.
pub fn read_text_file(path: &Path) -> Result<RawArticle, Problem> {
    let bytes = std::fs::read(path).map_err(|e| Problem::new(path, describe_io(&e)))?;
    let text = match decode(&bytes) {
        Decoded::Text { text, .. } => text,
        Decoded::Empty => return Err(Problem::new(path, "empty file")),
        Decoded::Binary => return Err(Problem::new(path, "binary file, not text")),
    };
    Ok(RawArticle {
        id: Some(text_article_id(path, &bytes)),
        path: Some(canonical_path(path).display().to_string()),
        text,
        ..RawArticle::default()
    })
}

/// A stable id for a file without one: its name, made safe for a command line, and a hash of
/// its bytes, so the same file always gets the same id and two files sharing a name do not clash.
pub fn text_article_id(path: &Path, bytes: &[u8]) -> String {
    let stem = path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
    let mut slug: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c.to_ascii_lowercase() } else { '-' })
        .take(48)
        .collect();
    if slug.is_empty() {
        slug.push_str("article");
    }
    format!("{slug}-{:08x}", xxh3_64(bytes) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_name_and_the_content() {
        let a = text_article_id(Path::new("x/2024-07-31 Harbor Floods.txt"), b"one");
        assert_eq!(a, text_article_id(Path::new("elsewhere/2024-07-31 Harbor Floods.txt"), b"one"));
        assert!(a.starts_with("2024-07-31-harbor-floods-"), "{a}");
        assert_eq!(a.len(), "2024-07-31-harbor-floods-".len() + 8);
        assert_ne!(a, text_article_id(Path::new("x/2024-07-31 Harbor Floods.txt"), b"two"));
    }

    #[test]
    fn a_file_is_read_whole_with_its_absolute_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.txt");
        std::fs::write(&path, "Headline\n\nBody.").unwrap();
        let raw = read_text_file(&path).unwrap();
        assert_eq!(raw.text, "Headline\n\nBody.");
        assert!(Path::new(raw.path.as_deref().unwrap()).is_absolute());
        assert!(raw.id.unwrap().starts_with("story-"));
    }

    #[test]
    fn empty_and_binary_files_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "\n\n").unwrap();
        assert_eq!(read_text_file(&empty).unwrap_err().message, "empty file");
        let binary = dir.path().join("image.txt");
        std::fs::write(&binary, b"\x89PNG\x00\x00").unwrap();
        assert_eq!(read_text_file(&binary).unwrap_err().message, "binary file, not text");
    }
}
