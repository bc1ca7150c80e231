//! Plain text: a scraped article per file (the whole text goes on to extraction, which finds the
//! headline, dateline and boilerplate), or an article per line.

use std::io::{BufRead, Read};

use xxhash_rust::xxh3::xxh3_64;

use super::decode::{Decoded, decode};
use super::lines::{Line, LineReader};
use super::record::{Origin, Problem, Records, read_error};
use crate::model::RawArticle;

/// A text file larger than this is not one article (a dump in the wrong format, say).
pub const MAX_ARTICLE_BYTES: u64 = 8 << 20;

/// The whole input as one article.
pub fn records(reader: Box<dyn BufRead + Send>, origin: Origin) -> Records {
    Box::new(std::iter::once(read_article(reader, &origin)))
}

fn read_article(reader: Box<dyn BufRead + Send>, origin: &Origin) -> Result<RawArticle, Problem> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_ARTICLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::at(origin, None, read_error(&e)))?;
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        let message = format!(
            "larger than {} MB, too large for one article: use --format lines, jsonl or csv for a file of many",
            MAX_ARTICLE_BYTES >> 20
        );
        return Err(Problem::at(origin, None, message));
    }
    let text = match decode(&bytes) {
        Decoded::Text { text, .. } => text,
        Decoded::Empty => return Err(Problem::at(origin, None, "empty file")),
        Decoded::Binary => return Err(Problem::at(origin, None, "binary file, not text")),
    };
    Ok(RawArticle {
        id: Some(format!("{}-{:08x}", origin.stem, xxh3_64(&bytes) as u32)),
        path: origin.stored_path.clone(),
        text,
        ..RawArticle::default()
    })
}

/// Each non-blank line as an article.
pub fn line_records(reader: Box<dyn BufRead + Send>, origin: Origin) -> Records {
    let mut lines = LineReader::new(reader);
    let mut finished = false;
    Box::new(std::iter::from_fn(move || {
        while !finished {
            let record = match lines.next_line()? {
                Err(e) => {
                    finished = true;
                    Err(Problem::at(&origin, Some(lines.number() + 1), read_error(&e)))
                }
                Ok(Line::TooLong { number, len }) => Err(Problem::at(
                    &origin,
                    Some(number),
                    format!("line of {len} bytes is too long for an article"),
                )),
                Ok(Line::Text { number, bytes }) => match decode(bytes) {
                    Decoded::Empty => continue,
                    Decoded::Binary => Err(Problem::at(&origin, Some(number), "binary data, not text")),
                    Decoded::Text { text, .. } => Ok(RawArticle {
                        id: Some(format!("{}-{number}-{:08x}", origin.stem, xxh3_64(bytes) as u32)),
                        path: origin.stored_path.clone(),
                        line: Some(number),
                        text,
                        ..RawArticle::default()
                    }),
                },
            };
            return Some(record);
        }
        None
    }))
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn origin() -> Origin {
        Origin {
            display: "in/story.txt".into(),
            stored_path: Some("/abs/in/story.txt".into()),
            stem: "story".into(),
        }
    }

    fn reader(bytes: &[u8]) -> Box<dyn BufRead + Send> {
        Box::new(Cursor::new(bytes.to_vec()))
    }

    #[test]
    fn a_file_is_one_article_with_a_stable_id() {
        let raw: Vec<_> = records(reader(b"Headline\n\nBody."), origin()).collect();
        let raw = raw[0].clone().unwrap();
        assert_eq!(raw.text, "Headline\n\nBody.");
        assert_eq!(raw.path.as_deref(), Some("/abs/in/story.txt"));
        let id = raw.id.unwrap();
        assert!(id.starts_with("story-") && id.len() == "story-".len() + 8, "{id}");
        let again = records(reader(b"Headline\n\nBody."), origin()).next().unwrap().unwrap();
        assert_eq!(again.id.unwrap(), id);
        let other = records(reader(b"Headline\n\nOther."), origin()).next().unwrap().unwrap();
        assert_ne!(other.id.unwrap(), id);
    }

    #[test]
    fn binary_and_oversized_files_are_problems() {
        let problem = records(reader(b"\x89PNG\x00\x00"), origin()).next().unwrap().unwrap_err();
        assert_eq!(problem.to_string(), "in/story.txt: binary file, not text");
        let huge = vec![b'a'; MAX_ARTICLE_BYTES as usize + 10];
        let problem = records(reader(&huge), origin()).next().unwrap().unwrap_err();
        assert!(problem.message.starts_with("larger than 8 MB"), "{problem}");
    }

    #[test]
    fn lines_are_articles_and_blank_lines_are_skipped() {
        let all: Vec<_> = line_records(reader(b"First story.\n\nSecond story.\r\n"), origin()).collect();
        assert_eq!(all.len(), 2);
        let second = all[1].clone().unwrap();
        assert_eq!((second.text.as_str(), second.line), ("Second story.", Some(3)));
        assert!(second.id.unwrap().starts_with("story-3-"));
    }

    #[test]
    fn a_bad_line_does_not_stop_the_rest() {
        let all: Vec<_> = line_records(reader(b"Good one.\n\x00\x01\x02\nGood two.\n"), origin()).collect();
        assert!(all[0].is_ok() && all[2].is_ok());
        assert_eq!(all[1].clone().unwrap_err().to_string(), "in/story.txt:2: binary data, not text");
    }
}
