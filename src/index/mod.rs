//! The index stage: where articles are stored (one document each), how their text becomes terms,
//! and how an index directory is created, opened and locked for writing.

pub mod analysis;
pub mod schema;
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
/// Names the layout an index was written in: older ones cannot be read by this version.
const LAYOUT_FILE: &str = "newsdex-layout";
/// One document per article, stems and exact forms in one field.
const LAYOUT: &str = "articles-1";

/// Stored articles are compressed with zstd in blocks of this size: on the benchmark corpus,
/// level 7 stores 13% less than level 3 for about 7% more ingest CPU; 64 KB blocks store 2%
/// more than 128 KB ones, and each hit shown decompresses half as much.
const DOCSTORE_BLOCK_BYTES: usize = 65_536;
const DOCSTORE_ZSTD_LEVEL: i32 = 7;

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {0}: run `newsdex index PATH…` first, or name another with --index")]
    Missing(PathBuf),
    #[error("index is locked by another process (pid {pid}): wait for it to finish", pid = .0.as_deref().unwrap_or("unknown"))]
    Locked(Option<String>),
    #[error("{0} is not a newsdex index ({1}): name another directory with --index")]
    Foreign(PathBuf, String),
    #[error("index at {0} was written by an older newsdex; re-index with newsdex index --rebuild PATH…")]
    Outdated(PathBuf),
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
        fs::write(dir.join(LAYOUT_FILE), LAYOUT).map_err(|e| IndexError::Io(dir.to_path_buf(), e))?;
        let index = Index::builder()
            .schema(schema::build_schema())
            .settings(settings)
            .create_in_dir(dir)
            .map_err(|e| IndexError::Tantivy(dir.to_path_buf(), e))?;
        Self::wrap(index, dir)
    }

    /// For a rebuild: opens the index as [`Self::open_or_create`] does, except that an index an
    /// older newsdex wrote is emptied and made anew in the current layout (it is rebuilt anyway).
    pub fn open_for_rebuild(dir: &Path) -> Result<Self, IndexError> {
        match Self::open_or_create(dir) {
            Err(IndexError::Outdated(_)) => {
                let _lock = WriterLock::acquire(dir)?;
                remove_index_files(dir)?;
                Self::open_or_create(dir)
            }
            other => other,
        }
    }

    fn wrap(index: Index, dir: &Path) -> Result<Self, IndexError> {
        let schema = index.schema();
        let layout = fs::read_to_string(dir.join(LAYOUT_FILE)).ok();
        let fields = match Fields::from_schema(&schema) {
            Ok(fields) if layout.as_deref().is_none_or(|l| l.trim() == LAYOUT) => fields,
            // An index with newsdex's id field but another layout was written by an older version.
            _ if schema.get_field("article_id").is_ok() => {
                return Err(IndexError::Outdated(dir.to_path_buf()));
            }
            Err(e) => return Err(IndexError::Foreign(dir.to_path_buf(), e.to_string())),
            Ok(_) => return Err(IndexError::Outdated(dir.to_path_buf())),
        };
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

    /// A reader that picks up each new commit, also one made by another process, within about a
    /// second (tantivy watches `meta.json`): for a server that answers while `index` writes.
    pub fn reader_following_commits(&self) -> Result<IndexReader, IndexError> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|e| IndexError::Tantivy(self.dir.clone(), e))
    }

    /// Takes the index's writer lock, failing at once when another process holds it.
    pub fn lock_for_writing(&self) -> Result<WriterLock, IndexError> {
        WriterLock::acquire(&self.dir)
    }
}

/// Removes what tantivy wrote in `dir` (the files it lists as its own, and its metadata),
/// leaving anything else there alone.
fn remove_index_files(dir: &Path) -> Result<(), IndexError> {
    let io = |e| IndexError::Io(dir.to_path_buf(), e);
    let managed = dir.join(".managed.json");
    if let Ok(text) = fs::read_to_string(&managed) {
        let files: Vec<String> = serde_json::from_str(&text).unwrap_or_default();
        for file in files {
            let path = dir.join(&file);
            // Only plain names: a list edited to point elsewhere must not remove anything there.
            if Path::new(&file).file_name().is_some_and(|name| name == file.as_str()) && path.is_file() {
                fs::remove_file(path).map_err(io)?;
            }
        }
    }
    for name in ["meta.json", ".managed.json"] {
        match fs::remove_file(dir.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
    }
    Ok(())
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
    fn stored_articles_are_compressed_with_zstd() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        let settings = index.index.settings();
        let compression = serde_json::to_value(settings.docstore_compression).unwrap();
        assert_eq!(compression, "zstd(compression_level=7)");
        assert_eq!(settings.docstore_blocksize, 65_536);
    }

    /// The passage layout of earlier versions, as its schema began.
    fn passage_layout_index(dir: &Path) {
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("article_id", tantivy::schema::STRING);
        builder.add_u64_field("passage", tantivy::schema::INDEXED);
        builder.add_text_field("body_exact", tantivy::schema::TEXT);
        Index::create_in_dir(dir, builder.build()).unwrap();
    }

    #[test]
    fn an_index_of_an_older_layout_is_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        passage_layout_index(dir.path());
        let err = NewsIndex::open(dir.path()).err().unwrap().to_string();
        assert_eq!(
            err,
            format!(
                "index at {} was written by an older newsdex; re-index with newsdex index --rebuild PATH…",
                dir.path().display()
            )
        );
        assert!(matches!(NewsIndex::open_or_create(dir.path()), Err(IndexError::Outdated(_))));
    }

    #[test]
    fn a_rebuild_makes_an_older_index_anew_and_leaves_other_files() {
        let dir = tempfile::tempdir().unwrap();
        passage_layout_index(dir.path());
        fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let index = NewsIndex::open_for_rebuild(dir.path()).unwrap();
        assert!(index.index.schema().get_field("passage").is_err());
        assert!(NewsIndex::open(dir.path()).is_ok());
        assert_eq!(fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
    }

    #[test]
    fn a_directory_of_another_program_is_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("content", tantivy::schema::TEXT);
        Index::create_in_dir(dir.path(), builder.build()).unwrap();
        let err = NewsIndex::open(dir.path()).err().unwrap().to_string();
        assert!(err.contains("is not a newsdex index"), "{err}");
    }

    #[test]
    fn the_lock_is_released_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let index = NewsIndex::open_or_create(dir.path()).unwrap();
        drop(index.lock_for_writing().unwrap());
        assert!(index.lock_for_writing().is_ok());
    }
}
