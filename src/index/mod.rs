//! The index stage: where articles are stored as passage documents, and how an index directory is
//! created, opened and locked for writing.

pub mod schema;
pub mod stemmer;
pub mod writer;

use std::fs::{self, File};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use tantivy::store::{Compressor, ZstdCompressor};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy};

pub use schema::Fields;
pub use writer::ArticleWriter;

/// The file that holds the writing process's pid while an `index` run is going on.
const LOCK_FILE: &str = "newsdex-writer.lock";

/// Stored passages are compressed with zstd in blocks of this size: a third smaller than
/// tantivy's default lz4 on news text, and a hit's block still decompresses in microseconds.
const DOCSTORE_BLOCK_BYTES: usize = 32_768;
const DOCSTORE_ZSTD_LEVEL: i32 = 3;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {0}: run `newsdex index PATH…` first, or name another with --index")]
    Missing(PathBuf),
    #[error("index is locked by another process (pid {pid}): wait for it to finish", pid = .0.as_deref().unwrap_or("unknown"))]
    Locked(Option<String>),
    #[error("{0} is not a newsdex index ({1}): name another directory with --index")]
    Foreign(PathBuf, String),
    #[error(
        "index {0} was made by an older newsdex ({1}): index your articles again with `newsdex index --rebuild PATH…`"
    )]
    Outdated(PathBuf, String),
    #[error("cannot use index directory {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("index {0}: {1}")]
    Tantivy(PathBuf, tantivy::TantivyError),
}

/// An opened newsdex index.
pub struct NewsIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
}

impl NewsIndex {
    /// Opens an existing index for reading.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::Missing(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir).map_err(|e| IndexError::Tantivy(dir.to_path_buf(), e))?;
        Self::wrap(index, dir)
    }

    /// Opens the index, creating the directory and an empty index when there is none.
    pub fn open_or_create(dir: &Path) -> Result<Self, IndexError> {
        if dir.join("meta.json").is_file() {
            return Self::open(dir);
        }
        fs::create_dir_all(dir).map_err(|e| IndexError::Io(dir.to_path_buf(), e))?;
        let settings = IndexSettings {
            docstore_compression: Compressor::Zstd(ZstdCompressor {
                compression_level: Some(DOCSTORE_ZSTD_LEVEL),
            }),
            docstore_blocksize: DOCSTORE_BLOCK_BYTES,
            ..IndexSettings::default()
        };
        let index = Index::builder()
            .schema(schema::build_schema())
            .settings(settings)
            .create_in_dir(dir)
            .map_err(|e| IndexError::Tantivy(dir.to_path_buf(), e))?;
        Self::wrap(index, dir)
    }

    fn wrap(index: Index, dir: &Path) -> Result<Self, IndexError> {
        let schema = index.schema();
        let fields = Fields::from_schema(&schema).map_err(|e| {
            // An index with newsdex's first field but not all of them predates a newer field.
            if schema.get_field("article_id").is_ok() {
                IndexError::Outdated(dir.to_path_buf(), e.to_string())
            } else {
                IndexError::Foreign(dir.to_path_buf(), e.to_string())
            }
        })?;
        schema::register_tokenizers(&index);
        Ok(Self { index, fields, dir: dir.to_path_buf() })
    }

    pub fn reader(&self) -> Result<IndexReader, IndexError> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| IndexError::Tantivy(self.dir.clone(), e))
    }

    /// Takes the index's writer lock, failing at once when another process holds it.
    pub fn lock_for_writing(&self) -> Result<WriterLock, IndexError> {
        WriterLock::acquire(&self.dir)
    }
}

/// An exclusive lock on an index directory, released when dropped or when the process dies
/// (an OS file lock, so a killed run leaves no stale lock behind).
pub struct WriterLock {
    _file: File,
}

impl WriterLock {
    fn acquire(dir: &Path) -> Result<Self, IndexError> {
        let path = dir.join(LOCK_FILE);
        let io = |e| IndexError::Io(dir.to_path_buf(), e);
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                let mut pid = String::new();
                let _ = file.read_to_string(&mut pid);
                let pid = pid.trim();
                return Err(IndexError::Locked((!pid.is_empty()).then(|| pid.to_string())));
            }
            Err(fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        write!(file, "{}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        Ok(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_index_says_how_to_make_one() {
        let dir = tempfile::tempdir().unwrap();
        let err = NewsIndex::open(&dir.path().join("nothing")).err().unwrap();
        assert!(err.to_string().contains("run `newsdex index PATH…` first"), "{err}");
    }

    #[test]
    fn a_second_writer_is_refused_with_the_holders_pid() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let _held = index.lock_for_writing().unwrap();
        let err = index.lock_for_writing().err().unwrap();
        assert_eq!(
            err.to_string(),
            format!("index is locked by another process (pid {}): wait for it to finish", std::process::id())
        );
    }

    #[test]
    fn stored_passages_are_compressed_with_zstd() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let settings = index.index.settings();
        let compression = serde_json::to_value(settings.docstore_compression).unwrap();
        assert_eq!(compression, "zstd(compression_level=3)");
        assert_eq!(settings.docstore_blocksize, 32_768);
    }

    #[test]
    fn an_index_missing_a_newer_field_asks_for_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("article_id", tantivy::schema::STRING);
        Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let err = NewsIndex::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("was made by an older newsdex") && err.contains("--rebuild"), "{err}");
    }

    #[test]
    fn the_lock_is_released_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        drop(index.lock_for_writing().unwrap());
        assert!(index.lock_for_writing().is_ok());
    }
}
