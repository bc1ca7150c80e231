//! Opening an input: a file or standard input, decompressed by what its first bytes say (gzip,
//! zstd, bzip2), its format taken from `--format`, its name, or its first bytes.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;

use super::files::describe_io;
use super::record::{Format, IngestOptions, Origin, Problem, Records, read_error};
use super::{csv, html, json, reuters, text, trec};

/// How much of an input is looked at to tell its format.
const SNIFF_BYTES: usize = 8192;
/// Read buffer for decompressed streams.
const BUFFER_BYTES: usize = 256 << 10;

/// Opens one input (`-` is standard input) as a stream of records.
pub fn open_records(path: &Path, options: &Arc<IngestOptions>) -> Result<Records, Problem> {
    let (origin, raw): (Origin, Box<dyn Read + Send>) = if path == Path::new("-") {
        (Origin::stdin(), Box::new(io::stdin()))
    } else {
        let file = File::open(path).map_err(|e| Problem::new(path, describe_io(&e)))?;
        (Origin::of_path(path), Box::new(file))
    };
    let mut reader = decompress(BufReader::with_capacity(BUFFER_BYTES, raw))
        .map_err(|e| Problem::at(&origin, None, format!("cannot read: {e}")))?;
    let head = reader.fill_buf().map_err(|e| Problem::at(&origin, None, read_error(&e)))?.to_vec();
    if head.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::at(&origin, None, "empty file"));
    }
    let named = (path != Path::new("-")).then(|| Format::from_name(path)).flatten();
    let format = options.format.or(named).unwrap_or_else(|| sniff(&head));
    Ok(match format {
        Format::Text => text::records(reader, origin),
        Format::Lines => text::line_records(reader, origin),
        Format::Jsonl | Format::Json => json::records(reader, origin, Arc::clone(options)),
        Format::Csv => csv::records(reader, origin, Arc::clone(options), b','),
        Format::Tsv => csv::records(reader, origin, Arc::clone(options), b'\t'),
        Format::Reuters => reuters::records(reader, origin),
        Format::Trec => trec::records(reader, origin),
        Format::Html => html::records(reader, origin),
    })
}

/// A reader of the decompressed bytes, whatever the compression (or none).
fn decompress(mut reader: BufReader<Box<dyn Read + Send>>) -> io::Result<Box<dyn BufRead + Send>> {
    let magic = reader.fill_buf()?;
    Ok(if magic.starts_with(&[0x1f, 0x8b]) {
        Box::new(BufReader::with_capacity(BUFFER_BYTES, flate2::read::MultiGzDecoder::new(reader)))
    } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Box::new(BufReader::with_capacity(BUFFER_BYTES, zstd::stream::read::Decoder::with_buffer(reader)?))
    } else if magic.starts_with(b"BZh") {
        Box::new(BufReader::with_capacity(BUFFER_BYTES, bzip2::read::MultiBzDecoder::new(reader)))
    } else {
        Box::new(reader)
    })
}

/// The format the first bytes show: SGML and HTML by their opening tags, JSON by its first
/// character, text otherwise.
pub fn sniff(head: &[u8]) -> Format {
    let head = &head[..head.len().min(SNIFF_BYTES)];
    let text = String::from_utf8_lossy(head);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let lower = start.get(..start.len().min(512)).unwrap_or(start).to_ascii_lowercase();
    if lower.starts_with("<!doctype lewis") || lower.starts_with("<reuters") {
        Format::Reuters
    } else if lower.starts_with("<doc>") {
        Format::Trec
    } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<head") {
        Format::Html
    } else if start.starts_with('{') {
        Format::Jsonl
    } else if start.starts_with('[') {
        Format::Json
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn the_first_bytes_tell_the_format() {
        assert_eq!(sniff(b"<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS"), Format::Reuters);
        assert_eq!(sniff(b"<DOC>\n<DOCNO> AP890101-0001 </DOCNO>"), Format::Trec);
        assert_eq!(sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"{\"headline\": \"x\"}\n"), Format::Jsonl);
        assert_eq!(sniff(b"[{\"title\": \"x\"}]"), Format::Json);
        assert_eq!(sniff(b"Harbour reopens\n\nSEOUL (Yonhap) --"), Format::Text);
    }

    fn read_all(path: &Path) -> Vec<String> {
        let records = open_records(path, &Arc::new(IngestOptions::default())).unwrap();
        records.map(|r| r.unwrap().text).collect()
    }

    #[test]
    fn compressed_files_are_read_through() {
        let dir = tempfile::tempdir().unwrap();
        let text = "Ferry resumes\n\nThe ferry ran again.";
        let gz = dir.path().join("story.txt.gz");
        let mut encoder =
            flate2::write::GzEncoder::new(File::create(&gz).unwrap(), flate2::Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap();
        let zst = dir.path().join("story.txt.zst");
        std::fs::write(&zst, zstd::encode_all(text.as_bytes(), 1).unwrap()).unwrap();
        let bz2 = dir.path().join("story.txt.bz2");
        let mut encoder =
            bzip2::write::BzEncoder::new(File::create(&bz2).unwrap(), bzip2::Compression::fast());
        encoder.write_all(text.as_bytes()).unwrap();
        encoder.finish().unwrap();
        for path in [gz, zst, bz2] {
            assert_eq!(read_all(&path), [text], "{}", path.display());
        }
    }

    #[test]
    fn a_truncated_gzip_file_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all("Headline\n\nBody text that goes on.".repeat(50).as_bytes()).unwrap();
        let bytes = encoder.finish().unwrap();
        let cut = dir.path().join("cut.txt.gz");
        std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        // Found while opening (the first bytes are read to tell the format) or at the first record.
        let problem = match open_records(&cut, &Arc::new(IngestOptions::default())) {
            Err(problem) => problem,
            Ok(mut records) => records.next().unwrap().unwrap_err(),
        };
        assert!(problem.message.contains("truncated"), "{problem}");
    }

    #[test]
    fn empty_inputs_are_problems() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, "\n").unwrap();
        let err = open_records(&empty, &Arc::new(IngestOptions::default())).err().unwrap();
        assert_eq!(err.message, "empty file");
    }
}
