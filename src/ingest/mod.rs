//! The ingest stage: finds inputs and turns each into a stream of [`RawArticle`] records, as the
//! format gives them. Nothing here cleans text or guesses metadata; that is extraction's job.
//!
//! Every input is read as a stream (decompressed on the fly), so a huge file never has to fit in
//! memory, and a bad record is reported as a [`Problem`] without stopping the records after it.
//!
//! [`RawArticle`]: crate::model::RawArticle

pub mod csv;
pub mod decode;
pub mod fields;
pub mod files;
pub mod html;
pub mod json;
pub mod lines;
pub mod open;
pub mod record;
pub mod references;
pub mod reuters;
pub mod sgml;
pub mod text;
pub mod trec;

pub use files::{Discovery, InputFile, discover};
pub use open::open_records;
pub use record::{Format, IngestOptions, Origin, Problem, Records, canonical_path, read_error, slug};

/// Readers for tests of how each format meets a read error.
#[cfg(test)]
pub(crate) mod test_readers {
    use std::io::{self, Cursor, Read};

    /// Gives `bytes`, then fails as a truncated compressed file does.
    pub struct Truncated(pub Cursor<Vec<u8>>);

    impl Truncated {
        pub fn after(bytes: &[u8]) -> Self {
            Self(Cursor::new(bytes.to_vec()))
        }
    }

    impl Read for Truncated {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.read(buf)? {
                0 => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "truncated")),
                n => Ok(n),
            }
        }
    }
}
